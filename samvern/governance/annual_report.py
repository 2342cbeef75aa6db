"""The partnership's annual report: the year's indicators with their definitions, and the
sections that apps above governance contribute (the case-derived statistics of the
conference work), as PDF (WeasyPrint) and DOCX (python-docx) for the steering body to
adopt.

Sections from apps above come through a hook by module name, never by import: an app
contributes by defining, in `samvern/<app>/partnership_report.py`,
`report_sections(actor, partnership, *, year, today) -> list[ReportSection]`. A provider
returns only published figures (its own small-number suppression already applied, every
cell a string) and nothing the actor may not see; it returns an empty list when it has
nothing for the year.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Protocol

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samvern.accounts.actor import Actor
from samvern.core.extensions import app_modules
from samvern.core.pdf import html_to_pdf
from samvern.governance.indicators import Indicators
from samvern.partnerships.models import Partnership


@dataclass(frozen=True)
class ReportTable:
    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class ReportSection:
    title: str
    intro: str = ""
    tables: list[ReportTable] = field(default_factory=list)
    order: int = 100


class Provider(Protocol):
    def __call__(
        self, actor: Actor, partnership: Partnership, *, year: int, today: dt.date
    ) -> list[ReportSection]: ...


def _providers() -> tuple[Provider, ...]:
    return tuple(module.report_sections for module in app_modules("partnership_report"))


def contributed_sections(
    actor: Actor, partnership: Partnership, *, year: int, today: dt.date
) -> list[ReportSection]:
    sections: list[ReportSection] = []
    for provider in _providers():
        sections.extend(provider(actor, partnership, year=year, today=today))
    return sorted(sections, key=lambda s: (s.order, s.title))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def own_sections(figures: Indicators) -> list[ReportSection]:
    """The indicators as report sections (the same tables for PDF and DOCX)."""
    sections = [
        ReportSection(
            _("Meetings held per body"),
            _("Meetings dated in the year, by status."),
            [
                ReportTable(
                    _("Meetings per body"),
                    [_("Body"), _("Held"), _("Planned"), _("Cancelled")],
                    [
                        [m.body.name, str(m.held), str(m.planned), str(m.cancelled)]
                        for m in figures.meetings
                    ],
                )
            ],
        ),
        ReportSection(
            _("Attendance per organisation"),
            _(
                "Of the held meetings of the bodies an organisation was a member of, the "
                "share it attended (present or by a substitute)."
            ),
            [
                ReportTable(
                    _("Attendance"),
                    [
                        pgettext("governance", "Organisation"),
                        _("Meetings"),
                        _("Attended"),
                        _("Share"),
                    ],
                    [
                        [a.organisation.name, str(a.expected), str(a.attended), _pct(a.share)]
                        for a in figures.attendance
                    ],
                )
            ],
        ),
    ]
    c = figures.commitments
    sections.append(
        ReportSection(
            _("Commitments done by their due date"),
            _("Commitments due in the year, by what became of them."),
            [
                ReportTable(
                    _("Commitments"),
                    [pgettext("governance", "Outcome"), pgettext("governance", "Number")],
                    [
                        [_("Due in the year"), str(c.due)],
                        [_("Done by the due date"), str(c.done_in_time)],
                        [_("Done after the due date"), str(c.done_late)],
                        [_("Not done"), str(c.not_done)],
                        [_("Not possible"), str(c.not_possible)],
                        [_("Still open"), str(c.still_open)],
                        [_("Share done by the due date"), _pct(c.share)],
                    ],
                )
            ],
        )
    )
    if figures.agreements is not None:
        a = figures.agreements
        sections.append(
            ReportSection(
                _("Agreements signed and up to date"),
                _(
                    "Documents in force signed by every partner and within their review "
                    "date, on the day the figures were taken."
                ),
                [
                    ReportTable(
                        _("Agreements, protocols and routines"),
                        [_("Figure"), pgettext("governance", "Number")],
                        [
                            [_("Documents"), str(a.documents)],
                            [_("In force"), str(a.in_force)],
                            [_("Signed by every partner"), str(a.signed_by_all)],
                            [_("Signed and up to date"), str(a.up_to_date)],
                            [_("Past their review date"), str(a.past_review)],
                        ],
                    )
                ],
            )
        )
    if figures.directory is not None:
        d = figures.directory
        sections.append(
            ReportSection(
                _("Directory entries checked in the last six months"),
                "",
                [
                    ReportTable(
                        _("Service directory"),
                        [_("Active entries"), _("Checked"), _("Share")],
                        [[str(d.active), str(d.checked), _pct(d.share)]],
                    )
                ],
            )
        )
    if figures.training is not None:
        sections.append(
            ReportSection(
                _("Training coverage per organisation"),
                _("Staff in the target roles trained in every required topic."),
                [
                    ReportTable(
                        _("Training coverage"),
                        [
                            pgettext("governance", "Organisation"),
                            _("Staff"),
                            _("Trained"),
                            _("Share"),
                        ],
                        [
                            [
                                org.organisation.name,
                                str(org.staff),
                                str(org.trained),
                                _pct(org.trained_share),
                            ]
                            for org in figures.training
                        ],
                    )
                ],
            )
        )
    if figures.survey is not None:
        s = figures.survey
        sections.append(
            ReportSection(
                _("Partner survey"),
                _("Average from 1 to 5; questions with fewer than 5 answers are not shown."),
                [
                    ReportTable(
                        _("Partner survey"),
                        [_("Question"), _("Answers"), _("Average")],
                        [
                            [
                                q.text,
                                _("fewer than 5") if q.suppressed else str(q.answers),
                                "–" if q.mean is None else f"{q.mean:.1f}",
                            ]
                            for q in s.questions
                        ],
                    )
                ],
            )
        )
    return sections


def absent_labels(figures: Indicators) -> list[str]:
    names = {
        "agreements": _("Agreements"),
        "directory": _("Service directory"),
        "training": _("Training"),
        "survey": _("Partner survey"),
    }
    return [str(names[key]) for key in figures.absent]


@dataclass(frozen=True)
class AnnualReport:
    partnership: Partnership
    year: int
    figures_on: str
    sections: list[ReportSection]
    contributed: list[ReportSection]
    absent: list[str]

    @property
    def all_sections(self) -> list[ReportSection]:
        return [*self.sections, *self.contributed]


def annual_report(actor: Actor, figures: Indicators, *, today: dt.date) -> AnnualReport:
    return AnnualReport(
        partnership=figures.partnership,
        year=figures.year,
        figures_on=date_format(figures.on),
        sections=own_sections(figures),
        contributed=contributed_sections(
            actor, figures.partnership, year=figures.year, today=today
        ),
        absent=absent_labels(figures),
    )


def report_pdf(report: AnnualReport) -> bytes:
    html = render_to_string("governance/indicators/annual_report_pdf.html", {"report": report})
    return html_to_pdf(html)


def report_docx(report: AnnualReport) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(
        _("Annual report %(year)s: %(partnership)s")
        % {"year": report.year, "partnership": report.partnership.name},
        level=1,
    )
    document.add_paragraph(
        _("Figures as of %(date)s. For the steering body to adopt.") % {"date": report.figures_on}
    )
    for section in report.all_sections:
        document.add_heading(section.title, level=2)
        if section.intro:
            document.add_paragraph(section.intro)
        for table in section.tables:
            grid = document.add_table(rows=1, cols=len(table.columns))
            grid.style = "Table Grid"
            for cell, title in zip(grid.rows[0].cells, table.columns, strict=True):
                cell.text = str(title)
            for row in table.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = str(value)
    if report.absent:
        document.add_heading(_("Not included"), level=2)
        document.add_paragraph(
            _("These parts of Samvern are not in use here yet: %(parts)s.")
            % {"parts": ", ".join(report.absent)}
        )
    document.add_heading(_("Adoption"), level=2)
    document.add_paragraph(_("Adopted by the steering body on ______________ (date)."))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
