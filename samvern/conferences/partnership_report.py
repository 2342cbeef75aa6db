"""The conference work's figures in the partnership's annual report (the governance hook
`report_sections`, see samvern.governance.annual_report): for the whole year, the same
published tables as the statistics page — small cells already suppressed, every cell as
the page shows it — one section per table with its definition. Only for those who may see
the statistics; nothing for anyone else."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.conferences.statistics import (
    SUPPRESSION_NOTE,
    Period,
    compute_statistics,
    statistics_partnerships,
)
from samvern.conferences.views_statistics import ShownTable, present
from samvern.governance.annual_report import ReportSection, ReportTable
from samvern.partnerships.models import Partnership

# After the partnership's own indicators.
FIRST_ORDER = 200


def _tables(shown: ShownTable) -> list[ReportTable]:
    table = shown.table
    rows = [[row.label, *(cell.text for cell in row.cells)] for row in shown.rows]
    if shown.total is not None:
        rows.append([shown.total.label, *(cell.text for cell in shown.total.cells)])
    tables = [
        ReportTable(
            str(table.caption),
            [str(table.row_heading), *(str(column.label) for column in table.columns)],
            rows,
        )
    ]
    if shown.measures:
        tables.append(
            ReportTable(
                str(table.caption),
                [_("Figure"), _("Value")],
                [[measure.label, measure.text] for measure in shown.measures],
            )
        )
    return tables


def report_sections(
    actor: Actor, partnership: Partnership, *, year: int, today: dt.date
) -> list[ReportSection]:
    if not statistics_partnerships(actor, today).filter(pk=partnership.pk).exists():
        return []
    figures = compute_statistics(partnership, Period(year), today=today)
    shown = present(figures)
    sections = [
        ReportSection(
            _("Cases, conferences and action points"),
            str(SUPPRESSION_NOTE),
            [],
            order=FIRST_ORDER,
        )
    ]
    sections += [
        ReportSection(str(table.table.caption), str(table.table.definition), _tables(table), order)
        for order, table in enumerate(shown, start=FIRST_ORDER + 1)
    ]
    return sections
