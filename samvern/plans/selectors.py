"""Reads for the plan pages, documents and API; every list is given the actor."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.plans import catalogues
from samvern.plans.access import (
    PUBLIC_STATUSES,
    editable_municipality_ids,
    readable_municipality_ids,
    visible_plans,
)
from samvern.plans.indicators import version_goals
from samvern.plans.models import (
    ADOPTED_STATUSES,
    Adoption,
    CoOwnerInvitation,
    Goal,
    InvitationStatus,
    Measure,
    MeasureStatus,
    Plan,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    StatusReport,
    VersionStatus,
)
from samvern.plans.services.data import MEASURE_FIELDS

LIFECYCLE = [
    VersionStatus.INITIATIVE,
    VersionStatus.MANDATED,
    VersionStatus.DRAFTING,
    VersionStatus.CONSULTATION,
    VersionStatus.QUALITY_CHECKED,
    VersionStatus.ADOPTED,
    VersionStatus.IMPLEMENTATION,
    VersionStatus.EVALUATED,
    VersionStatus.SUPERSEDED,
]


def current_version(versions: list[PlanVersion]) -> PlanVersion | None:
    """The version the plan is about now: the newest one that is not withdrawn."""
    live = [v for v in versions if v.status != VersionStatus.WITHDRAWN]
    return max(live, key=lambda v: v.number) if live else None


def latest_adopted(versions: list[PlanVersion]) -> PlanVersion | None:
    adopted = [v for v in versions if v.status in PUBLIC_STATUSES]
    return max(adopted, key=lambda v: v.number) if adopted else None


@dataclass
class PlanState:
    """How a plan stands on a given day, from the versions and adoptions prefetched."""

    current: PlanVersion | None
    adopted: PlanVersion | None
    in_force_for: list[Any] = field(default_factory=list)
    expired: bool = False
    period_end: dt.date | None = None
    ends_soon: bool = False


def plan_state(plan: Plan, today: dt.date | None = None) -> PlanState:
    today = today or timezone.localdate()
    versions = list(plan.versions.all())
    adopted = latest_adopted(versions)
    state = PlanState(current=current_version(versions), adopted=adopted)
    if adopted is None:
        return state
    adoptions = list(adopted.adoptions.all())
    state.in_force_for = [
        a.municipality
        for a in adoptions
        if a.decided_on <= today and a.period_start <= today <= a.period_end
    ]
    ends = [a.period_end for a in adoptions]
    state.period_end = max(ends) if ends else adopted.period_end
    state.expired = bool(ends) and max(ends) < today
    state.ends_soon = (
        not state.expired
        and state.period_end is not None
        and state.period_end <= today + dt.timedelta(days=183)
    )
    return state


def plan_list(
    *, actor: Actor, municipality_id: int | None = None, query: str = ""
) -> QuerySet[Plan]:
    plans = visible_plans(actor)
    if municipality_id is not None:
        plans = plans.filter(municipalities=municipality_id)
    if query:
        plans = plans.filter(title__icontains=query)
    readable = readable_municipality_ids(actor)
    version_qs = PlanVersion.objects.prefetch_related(
        Prefetch("adoptions", queryset=Adoption.objects.select_related("municipality"))
    )
    if not readable:
        version_qs = version_qs.filter(status__in=[s.value for s in PUBLIC_STATUSES])
    return plans.prefetch_related(
        "municipalities", Prefetch("versions", queryset=version_qs)
    ).order_by("title")


def my_plans(*, actor: Actor) -> QuerySet[Plan]:
    readable = readable_municipality_ids(actor)
    return (
        Plan.objects.filter(municipalities__in=readable)
        .distinct()
        .prefetch_related("municipalities", "versions__adoptions")
        .order_by("title")
    )


def pending_invitations(*, actor: Actor) -> QuerySet[CoOwnerInvitation]:
    """Invitations to co-own a plan that the actor may answer, oldest first."""
    return (
        CoOwnerInvitation.objects.filter(
            status=InvitationStatus.PENDING,
            municipality_id__in=editable_municipality_ids(actor),
        )
        .select_related("plan", "municipality")
        .order_by("created_at")
    )


def version_page_data(version: PlanVersion) -> dict[str, Any]:
    """Everything the version overview shows, in a fixed number of queries."""
    measures = list(version.measures.prefetch_related("goals").order_by("number"))
    goals = version_goals(version)
    choices = list(version.area_choices.all())
    settings = getattr(version, "settings", None)
    framework = catalogues.framework(settings.framework_key) if settings else None
    return {
        "measures": measures,
        "goals": goals,
        "area_choices": choices,
        "settings": settings,
        "framework": framework,
        "areas": chosen_areas(version, framework, choices, goals, measures),
    }


@dataclass
class AreaBlock:
    key: str
    title: str
    description: str
    reason: str
    goals: list[Goal]
    measures: list[Measure]


def chosen_areas(
    version: PlanVersion,
    framework: catalogues.Framework | None,
    choices: list[Any],
    goals: list[Goal],
    measures: list[Measure],
) -> list[AreaBlock]:
    goals_by_area: dict[str, list[Goal]] = defaultdict(list)
    for goal in goals:
        goals_by_area[goal.area_key].append(goal)
    measures_by_area: dict[str, list[Measure]] = defaultdict(list)
    for measure in measures:
        measures_by_area[measure.area_key].append(measure)
    blocks = []
    for choice in sorted(
        (c for c in choices if c.chosen), key=lambda c: (c.rank or 99, c.area_key)
    ):
        area = framework.area(choice.area_key) if framework else None
        blocks.append(
            AreaBlock(
                key=choice.area_key,
                title=area.title if area else choice.area_key,
                description=area.description if area else "",
                reason=choice.reason,
                goals=goals_by_area.get(choice.area_key, []),
                measures=measures_by_area.get(choice.area_key, []),
            )
        )
    if measures_by_area.get(""):
        blocks.append(
            AreaBlock(
                "", _("Across focus areas"), "", "", goals_by_area.get("", []), measures_by_area[""]
            )
        )
    return blocks


def area_title(version: PlanVersion, key: str) -> str:
    settings = getattr(version, "settings", None)
    framework = catalogues.framework(settings.framework_key) if settings else None
    area = framework.area(key) if framework and key else None
    return area.title if area else key


# --- Implementation -------------------------------------------------------------------


def my_measures(*, actor: Actor) -> QuerySet[Measure]:
    """Measures a unit manager answers for, in versions that are being implemented."""
    if not actor.is_authenticated:
        return Measure.objects.none()
    return (
        Measure.objects.filter(
            responsible_user=actor.user,
            version__status__in=[VersionStatus.ADOPTED, VersionStatus.IMPLEMENTATION],
        )
        .select_related("version__plan")
        .prefetch_related(
            Prefetch(
                "version__reporting_rounds",
                queryset=ReportingRound.objects.filter(status=RoundStatus.OPEN),
                to_attr="open_rounds",
            ),
            Prefetch(
                "status_reports",
                queryset=StatusReport.objects.select_related("round").order_by("-round__due_date"),
            ),
        )
        .order_by("deadline", "title")
    )


@dataclass
class OverdueItem:
    measure: Measure
    round: ReportingRound | None
    reason: str


def overdue_items(*, actor: Actor, today: dt.date | None = None) -> list[OverdueItem]:
    """For coordinators: measures with no report in a round past its due date, and
    measures past their deadline that are not reported done."""
    today = today or timezone.localdate()
    editable = editable_municipality_ids(actor)
    if not editable:
        return []
    measures = (
        Measure.objects.filter(
            version__plan__municipalities__in=editable,
            version__status__in=[VersionStatus.ADOPTED, VersionStatus.IMPLEMENTATION],
        )
        .distinct()
        .select_related("version__plan", "responsible_user")
        .prefetch_related(
            Prefetch(
                "version__reporting_rounds",
                queryset=ReportingRound.objects.filter(status=RoundStatus.OPEN, due_date__lt=today),
                to_attr="late_rounds",
            ),
            "status_reports",
        )
        .order_by("deadline")
    )
    items = []
    for measure in measures:
        reported_rounds = {r.round_id for r in measure.status_reports.all()}
        for round_ in measure.version.late_rounds:  # type: ignore[attr-defined]
            if round_.pk not in reported_rounds:
                items.append(OverdueItem(measure, round_, _("No status report in the round")))
        done = any(r.status == MeasureStatus.DONE for r in measure.status_reports.all())
        if measure.deadline and measure.deadline < today and not done:
            items.append(OverdueItem(measure, None, _("Deadline passed, not reported done")))
    return items


def round_measures(round: ReportingRound) -> list[tuple[Measure, StatusReport | None]]:
    reports = {r.measure_id: r for r in round.status_reports.select_related("reported_by")}
    measures = round.version.measures.select_related("responsible_user").order_by("number")
    return [(m, reports.get(m.pk)) for m in measures]


@dataclass
class AreaProgress:
    title: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    # None while no report has given a figure: unknown, not zero.
    spent_nok: Decimal | None = None
    spent_hours: Decimal | None = None
    budget_nok: Decimal = Decimal(0)

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
    areas: list[AreaProgress]
    late: list[tuple[Measure, StatusReport]]
    dropped: list[tuple[Measure, StatusReport]]
    unreported: list[Measure]
    rows: list[tuple[Measure, StatusReport | None]]
    totals: AreaProgress
    adoptions: list[Adoption]


def council_report(round: ReportingRound) -> CouncilReport:
    """Progress by area, late and dropped measures with reasons, resources used. A fixed
    number of queries, however many measures the plan has."""
    version = round.version
    rows = round_measures(round)
    by_area: dict[str, AreaProgress] = {}
    totals = AreaProgress(_("All focus areas"))
    late, dropped, unreported = [], [], []
    for measure, report in rows:
        progress = by_area.setdefault(
            measure.area_key,
            AreaProgress(area_title(version, measure.area_key) or _("Across focus areas")),
        )
        for bucket in (progress, totals):
            bucket.total += 1
            bucket.budget_nok += measure.budget_nok or 0
            if report is not None:
                bucket.counts[report.status] = bucket.counts.get(report.status, 0) + 1
                if report.spent_nok is not None:
                    bucket.spent_nok = (bucket.spent_nok or 0) + report.spent_nok
                if report.spent_hours is not None:
                    bucket.spent_hours = (bucket.spent_hours or 0) + report.spent_hours
        if report is None:
            unreported.append(measure)
        elif report.status == MeasureStatus.DELAYED:
            late.append((measure, report))
        elif report.status == MeasureStatus.DROPPED:
            dropped.append((measure, report))
    return CouncilReport(
        round=round,
        version=version,
        areas=list(by_area.values()),
        late=late,
        dropped=dropped,
        unreported=unreported,
        rows=rows,
        totals=totals,
        adoptions=list(version.adoptions.select_related("municipality")),
    )


# --- Difference between versions -----------------------------------------------------

# What a reader compares between versions: the measure's fields but the person.
DIFF_FIELDS = [name for name in MEASURE_FIELDS if name != "responsible_user"]


@dataclass
class FieldChange:
    label: str
    old: Any
    new: Any


@dataclass
class VersionDiff:
    old: PlanVersion
    new: PlanVersion
    added: list[Measure]
    removed: list[Measure]
    changed: list[tuple[Measure, list[FieldChange]]]
    unchanged: int
    goals_added: list[Goal]
    goals_removed: list[Goal]

    @property
    def is_empty(self) -> bool:
        return not (
            self.added or self.removed or self.changed or self.goals_added or self.goals_removed
        )


def _display(measure: Measure, name: str) -> Any:
    value = getattr(measure, name)
    if name == "level":
        return measure.get_level_display()
    if name == "area_key":
        return area_title(measure.version, value) if value else "—"
    if name == "target_groups":
        titles = catalogues.target_group_titles()
        return ", ".join(titles.get(k, k) for k in value) or "—"
    if name == "duties":
        titles = catalogues.duty_titles()
        return ", ".join(titles.get(k, k) for k in value) or "—"
    return value if value not in (None, "") else "—"


def version_diff(old: PlanVersion, new: PlanVersion) -> VersionDiff:
    old_measures = list(old.measures.select_related("version__settings").order_by("number"))
    new_measures = list(new.measures.select_related("version__settings").order_by("number"))
    old_by_id = {m.pk: m for m in old_measures}
    matched: set[Any] = set()
    added, changed = [], []
    unchanged = 0
    for measure in new_measures:
        before = old_by_id.get(measure.origin_id)  # type: ignore[arg-type]
        if before is None:
            added.append(measure)
            continue
        matched.add(before.pk)
        changes = [
            FieldChange(
                str(Measure._meta.get_field(name).verbose_name),  # type: ignore[union-attr]
                _display(before, name),
                _display(measure, name),
            )
            for name in DIFF_FIELDS
            if getattr(before, name) != getattr(measure, name)
        ]
        if changes:
            changed.append((measure, changes))
        else:
            unchanged += 1
    removed = [m for m in old_measures if m.pk not in matched]
    old_goals = list(old.goals.all())
    new_goals = list(new.goals.all())
    kept = {g.origin_id for g in new_goals}
    return VersionDiff(
        old=old,
        new=new,
        added=added,
        removed=removed,
        changed=changed,
        unchanged=unchanged,
        goals_added=[g for g in new_goals if g.origin_id is None],
        goals_removed=[g for g in old_goals if g.pk not in kept],
    )


def versions_with_counts(plan: Plan, versions: QuerySet[PlanVersion]) -> QuerySet[PlanVersion]:
    return versions.annotate(
        measure_count=Count("measures", distinct=True),
        adoption_count=Count("adoptions", distinct=True),
    ).order_by("-number")


def is_adopted_status(status: str) -> bool:
    return status in ADOPTED_STATUSES


def public_filter() -> Q:
    return Q(status__in=[s.value for s in PUBLIC_STATUSES])
