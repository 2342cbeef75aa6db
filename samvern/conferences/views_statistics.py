"""The partnership statistics page and its CSV file.

Who may see a partnership's figures is decided by `statistics.access_statistics`; a
partnership the reader may not see answers 404, as a missing one does. Every view and
download is recorded (the partnership and the period, never a figure).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from samvern.accounts.actor import Actor, actor_of
from samvern.audit.services import audit_log
from samvern.cases.access import today
from samvern.conferences.statistics import (
    SUPPRESSED_TEXT,
    SUPPRESSION_NOTE,
    Measure,
    Period,
    Statistics,
    Table,
    access_statistics,
    compute_statistics,
    statistics_partnerships,
)
from samvern.core.forms import StyledForm
from samvern.core.numbers import format_number
from samvern.partnerships.models import Partnership

# Norwegian Excel opens a file as columns only when they are separated by semicolons.
CSV_SEPARATOR = ";"
YEARS_BACK = 10
WHOLE_YEAR = ""


class PeriodForm(StyledForm):
    partnership = forms.ChoiceField(label=gettext_lazy("Partnership"))
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    quarter = forms.ChoiceField(label=gettext_lazy("Period"), required=False)

    def __init__(
        self, data: QueryDict | None, *, partnerships: Sequence[Partnership], day: dt.date
    ) -> None:
        super().__init__(data)
        partnership, year, quarter = (
            self.fields["partnership"],
            self.fields["year"],
            self.fields["quarter"],
        )
        assert isinstance(partnership, forms.ChoiceField)
        assert isinstance(year, forms.ChoiceField)
        assert isinstance(quarter, forms.ChoiceField)
        partnership.choices = [(str(p.pk), p.name) for p in partnerships]
        years = range(day.year, day.year - YEARS_BACK, -1)
        year.choices = [(year, str(year)) for year in years]
        quarter.choices = [
            (WHOLE_YEAR, _("Whole year")),
            *(
                (str(quarter), _("Quarter %(quarter)s") % {"quarter": quarter})
                for quarter in range(1, 5)
            ),
        ]

    def period(self) -> Period:
        quarter = self.cleaned_data["quarter"]
        return Period(self.cleaned_data["year"], int(quarter) if quarter else None)


@dataclass(frozen=True)
class Chosen:
    form: PeriodForm
    partnership: Partnership
    period: Period


def _choose(actor: Actor, query: QueryDict, day: dt.date) -> Chosen | None:
    """The partnership and period asked for (by default the first partnership and the
    last complete quarter); None when the period is not valid. A partnership the actor
    may not see is a 404."""
    partnerships = list(statistics_partnerships(actor, day))
    if not partnerships:
        raise Http404
    if "partnership" in query:
        partnership = access_statistics(actor, query["partnership"], day)
        data = query
    else:
        partnership = partnerships[0]
        default = Period.last_complete_quarter(day)
        data = QueryDict(mutable=True)
        data.update(
            {
                "partnership": str(partnership.pk),
                "year": str(default.year),
                "quarter": str(default.quarter or WHOLE_YEAR),
            }
        )
    form = PeriodForm(data, partnerships=partnerships, day=day)
    if not form.is_valid():
        return None
    return Chosen(form=form, partnership=partnership, period=form.period())


def _record(actor: Actor, chosen: Chosen, action: str, **detail: str) -> None:
    audit_log(
        actor=actor,
        action=action,
        target=chosen.partnership,
        organisation=actor.organisation,
        detail={"period": chosen.period.key, **detail},
    )


def count_text(value: int | None) -> str:
    return SUPPRESSED_TEXT if value is None else format_number(value)


def measure_text(measure: Measure) -> str:
    if measure.value is None:
        return SUPPRESSED_TEXT
    places = 0 if float(measure.value).is_integer() else 1
    figure = format_number(measure.value, decimal_pos=places)
    if measure.unit == "percent":
        return f"{figure}\u00a0%"
    return _("%(days)s days") % {"days": figure}


@dataclass(frozen=True)
class ShownCell:
    text: str
    suppressed: bool


@dataclass(frozen=True)
class ShownRow:
    label: str
    cells: tuple[ShownCell, ...]


@dataclass(frozen=True)
class ShownMeasure:
    label: str
    text: str
    suppressed: bool


@dataclass(frozen=True)
class ShownTable:
    table: Table
    rows: tuple[ShownRow, ...]
    total: ShownRow | None
    measures: tuple[ShownMeasure, ...]


def _shown_row(label: object, cells: Sequence[int | None]) -> ShownRow:
    return ShownRow(
        label=str(label),
        cells=tuple(ShownCell(count_text(cell), cell is None) for cell in cells),
    )


def present(figures: Statistics) -> list[ShownTable]:
    return [
        ShownTable(
            table=table,
            rows=tuple(_shown_row(row.label, row.cells) for row in table.rows),
            total=_shown_row(table.total.label, table.total.cells) if table.total else None,
            measures=tuple(
                ShownMeasure(str(m.label), measure_text(m), m.value is None) for m in table.measures
            ),
        )
        for table in figures.tables
    ]


@require_GET
@login_required
@never_cache
def statistics(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    day = today()
    with transaction.atomic():
        chosen = _choose(actor, request.GET, day)
        if chosen is None:
            form = PeriodForm(
                request.GET, partnerships=list(statistics_partnerships(actor, day)), day=day
            )
            return render(
                request, "conferences/statistics/statistics.html", {"form": form}, status=400
            )
        figures = compute_statistics(chosen.partnership, chosen.period, today=day)
        _record(actor, chosen, "conference.statistics.viewed", via="page")
    query = QueryDict(mutable=True)
    query.update(
        {
            "partnership": str(chosen.partnership.pk),
            "year": str(chosen.period.year),
            "quarter": str(chosen.period.quarter or WHOLE_YEAR),
        }
    )
    response = render(
        request,
        "conferences/statistics/statistics.html",
        {
            "form": chosen.form,
            "figures": figures,
            "tables": present(figures),
            "note": SUPPRESSION_NOTE,
            "csv_query": query.urlencode(),
        },
    )
    return response


def _safe_cell(value: object) -> str:
    """Spreadsheet programs run cells that start with these characters as formulas."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(figures: Statistics) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow([_("Partnership"), _safe_cell(figures.partnership.name)])
    writer.writerow([_("Period"), figures.period.label])
    writer.writerow([_("Figures made on"), figures.as_of.isoformat()])
    writer.writerow([_("Small numbers"), str(SUPPRESSION_NOTE)])
    for shown in present(figures):
        table = shown.table
        writer.writerow([])
        writer.writerow([str(table.caption)])
        writer.writerow([str(table.row_heading), *(str(c.label) for c in table.columns)])
        for row in (*shown.rows, *((shown.total,) if shown.total else ())):
            writer.writerow([_safe_cell(row.label), *(cell.text for cell in row.cells)])
        for measure in shown.measures:
            writer.writerow([measure.label, measure.text])
        writer.writerow([_("Definition"), str(table.definition)])
    return out.getvalue()


@require_GET
@login_required
@never_cache
def statistics_csv(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    day = today()
    with transaction.atomic():
        chosen = _choose(actor, request.GET, day)
        if chosen is None:
            return HttpResponse(_("The period asked for is not valid."), status=400)
        figures = compute_statistics(chosen.partnership, chosen.period, today=day)
        _record(
            actor,
            chosen,
            "conference.statistics.exported",
            format="csv",
            separator=CSV_SEPARATOR,
        )
    response = HttpResponse(csv_text(figures), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="samvern-statistics-{chosen.period.key}.csv"'
    )
    return response
