"""The council report of a reporting round: for the whole plan or for one owning
municipality of an inter-municipal plan.

Each measure stands in exactly one status column (not started, on track, delayed, done,
dropped, or "no report" while its unit has not reported), so every row adds up to its
number of measures. Each measure's planned resources (budget and staff hours in the plan)
stand beside what its unit reported as used in the round, with totals; an unknown figure
stays unknown ("–"), never 0. A municipality's report holds the measures that belong to it
— those naming it and those naming no municipality, which belong to all owners — with
their full figures: a measure shared by all owners is not divided between them.

A fixed number of queries, however many measures the plan has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from samvern.accounts.actor import Actor
from samvern.places.models import Municipality
from samvern.plans.access import can_read_drafts
from samvern.plans.forms import RoundNarrativeForm
from samvern.plans.models import (
    Adoption,
    Measure,
    MeasureStatus,
    PlanVersion,
    ReportingRound,
    StatusReport,
)
from samvern.plans.selectors import area_title

# The column of a measure without a report in the round.
UNREPORTED = "unreported"

# The status columns in the order a council reads them: from not begun to finished.
STATUS_COLUMNS: list[tuple[str, Any]] = [
    (MeasureStatus.NOT_STARTED.value, MeasureStatus.NOT_STARTED.label),
    (MeasureStatus.ON_TRACK.value, MeasureStatus.ON_TRACK.label),
    (MeasureStatus.DELAYED.value, MeasureStatus.DELAYED.label),
    (MeasureStatus.DONE.value, MeasureStatus.DONE.label),
    (MeasureStatus.DROPPED.value, MeasureStatus.DROPPED.label),
    (UNREPORTED, pgettext_lazy("council report column", "No report")),
]


def _add(total: Decimal | None, value: Decimal | int | None) -> Decimal | None:
    """A sum of figures of which some may be unknown: unknown only while none is known."""
    if value is None:
        return total
    return (total or Decimal(0)) + Decimal(value)


@dataclass
class MeasureLine:
    """One measure's status and its planned and used resources in the round."""

    measure: Measure
    report: StatusReport | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else UNREPORTED

    @property
    def status_label(self) -> str:
        return str(self.report.get_status_display() if self.report else STATUS_COLUMNS[-1][1])

    @property
    def spent_nok(self) -> Decimal | None:
        return self.report.spent_nok if self.report else None

    @property
    def spent_hours(self) -> Decimal | None:
        return self.report.spent_hours if self.report else None


@dataclass
class Tally:
    """The measures of one focus area (or of all of them) by status column, with their
    planned and used resources."""

    title: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    planned_nok: Decimal | None = None
    planned_hours: Decimal | None = None
    spent_nok: Decimal | None = None
    spent_hours: Decimal | None = None

    def add(self, line: MeasureLine) -> None:
        self.total += 1
        self.counts[line.status] = self.counts.get(line.status, 0) + 1
        self.planned_nok = _add(self.planned_nok, line.measure.budget_nok)
        self.planned_hours = _add(self.planned_hours, line.measure.staff_hours)
        self.spent_nok = _add(self.spent_nok, line.spent_nok)
        self.spent_hours = _add(self.spent_hours, line.spent_hours)

    @property
    def columns(self) -> list[int]:
        """The count in each status column, in the order of STATUS_COLUMNS."""
        return [self.counts.get(key, 0) for key, _label in STATUS_COLUMNS]

    @property
    def done(self) -> int:
        return self.counts.get(MeasureStatus.DONE, 0)

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class CouncilReport:
    round: ReportingRound
    version: PlanVersion
    # The municipality the report is for; None for the whole plan.
    municipality: Municipality | None
    owners: list[Municipality]
    areas: list[Tally]
    totals: Tally
    lines: list[MeasureLine]
    adoptions: list[Adoption]

    @property
    def status_headers(self) -> list[str]:
        return [str(label) for _key, label in STATUS_COLUMNS]

    @property
    def late(self) -> list[MeasureLine]:
        return [line for line in self.lines if line.status == MeasureStatus.DELAYED]

    @property
    def dropped(self) -> list[MeasureLine]:
        return [line for line in self.lines if line.status == MeasureStatus.DROPPED]

    @property
    def unreported(self) -> list[MeasureLine]:
        return [line for line in self.lines if line.report is None]

    @property
    def reported(self) -> int:
        return self.totals.total - len(self.unreported)

    @property
    def is_inter_municipal(self) -> bool:
        return len(self.owners) > 1

    @property
    def owners_text(self) -> str:
        shown = [self.municipality] if self.municipality else self.owners
        return ", ".join(m.name for m in shown)

    @property
    def title(self) -> str:
        if self.municipality is None:
            return _("Status report: %(title)s") % {"title": self.version.title}
        return _("Status report for %(municipality)s: %(title)s") % {
            "municipality": self.municipality.name,
            "title": self.version.title,
        }


def owner_by_code(round: ReportingRound, code: str | None) -> Municipality | None:
    """The owning municipality a report is asked for by its number; None for the whole
    plan. A number that is not one of the plan's owners is not found (404)."""
    if code is None:
        return None
    owner = round.version.plan.municipalities.filter(code=code).first()
    if owner is None:
        raise Http404
    return owner


def belongs_to(measure: Measure, municipality: Municipality) -> bool:
    """A measure naming no municipality belongs to all owners."""
    named = {m.pk for m in measure.municipalities.all()}
    return not named or municipality.pk in named


def build(round: ReportingRound, municipality: Municipality | None = None) -> CouncilReport:
    version = round.version
    reports = {r.measure_id: r for r in round.status_reports.all()}
    measures = (
        version.measures.select_related("responsible_organisation")
        .prefetch_related("municipalities")
        .order_by("number")
    )
    lines = [
        MeasureLine(measure, reports.get(measure.pk))
        for measure in measures
        if municipality is None or belongs_to(measure, municipality)
    ]
    by_area: dict[str, Tally] = {}
    totals = Tally(_("All focus areas"))
    for line in lines:
        key = line.measure.area_key
        if key not in by_area:
            by_area[key] = Tally(area_title(version, key) or _("Across focus areas"))
        by_area[key].add(line)
        totals.add(line)
    adoptions = list(version.adoptions.select_related("municipality"))
    if municipality is not None:
        adoptions = [a for a in adoptions if a.municipality_id == municipality.pk]
    return CouncilReport(
        round=round,
        version=version,
        municipality=municipality,
        owners=list(version.plan.municipalities.all()),
        areas=list(by_area.values()),
        totals=totals,
        lines=lines,
        adoptions=adoptions,
    )


def round_page_extras(actor: Actor, round: ReportingRound, ctx: dict[str, Any]) -> None:
    """What the round page adds for the plan's readers: a council report per owner, and
    for its editors the form for the summary and recommendation (unless one was sent)."""
    if not can_read_drafts(actor, ctx["plan"]):
        return
    ctx.setdefault("owners", list(ctx["plan"].municipalities.all()))
    if ctx.get("can_edit"):
        ctx.setdefault(
            "narrative_form",
            RoundNarrativeForm(
                initial={"narrative": round.narrative, "recommendation": round.recommendation}
            ),
        )
