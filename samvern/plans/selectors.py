"""Reads for the plan pages, documents and API; every list is given the actor."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.core.numbers import format_number
from samvern.plans import catalogues
from samvern.plans.access import (
    PUBLIC_STATUSES,
    editable_municipality_ids,
    followed_measures_q,
    readable_municipality_ids,
    visible_plans,
)
from samvern.plans.indicators import version_goals
from samvern.plans.lineage import finished_measures
from samvern.plans.models import (
    ADOPTED_STATUSES,
    Adoption,
    CoOwnerInvitation,
    CouncilMandate,
    FocusAreaChoice,
    Goal,
    InvitationStatus,
    Mandate,
    MappingSection,
    MappingTopic,
    Measure,
    MeasureStatus,
    Plan,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    StatusReport,
    VersionStatus,
)

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
    # (municipality, version) in force for each owner; `mixed` when they differ.
    in_force: list[tuple[Any, PlanVersion]] = field(default_factory=list)
    mixed: bool = False
    expired: bool = False
    period_end: dt.date | None = None
    ends_soon: bool = False


def adoption_in_force(adoption: Adoption, day: dt.date) -> bool:
    """The council's adoption puts its version in force for its municipality on `day`:
    decided by then, within its period, and not yet replaced by the council's adoption of
    a later version."""
    return (
        adoption.decided_on <= day
        and adoption.period_start <= day <= adoption.period_end
        and (adoption.superseded_on is None or day < adoption.superseded_on)
    )


def versions_in_force(versions: list[PlanVersion], day: dt.date) -> list[tuple[Any, PlanVersion]]:
    """(municipality, version) for each owning municipality a version is in force for on
    `day`, by municipality name: one council may still have the old version while another
    has adopted the revision. From versions with their adoptions prefetched."""
    chosen: dict[int, tuple[Any, PlanVersion]] = {}
    for version in versions:
        if version.status not in PUBLIC_STATUSES or version.status == VersionStatus.SUPERSEDED:
            continue
        for adoption in version.adoptions.all():
            if not adoption_in_force(adoption, day):
                continue
            held = chosen.get(adoption.municipality_id)
            if held is None or held[1].number < version.number:
                chosen[adoption.municipality_id] = (adoption.municipality, version)
    return sorted(chosen.values(), key=lambda pair: pair[0].name)


def plan_state(plan: Plan, today: dt.date | None = None) -> PlanState:
    today = today or timezone.localdate()
    versions = list(plan.versions.all())
    adopted = latest_adopted(versions)
    state = PlanState(current=current_version(versions), adopted=adopted)
    if adopted is None:
        return state
    adoptions = list(adopted.adoptions.all())
    state.in_force = versions_in_force(versions, today)
    state.in_force_for = [municipality for municipality, _version in state.in_force]
    state.mixed = len({version.pk for _m, version in state.in_force}) > 1
    ends = [a.period_end for a in adoptions]
    state.period_end = max(ends) if ends else adopted.period_end
    state.expired = bool(ends) and max(ends) < today
    state.ends_soon = (
        not state.expired
        and state.period_end is not None
        and state.period_end <= today + dt.timedelta(days=183)
    )
    return state


@dataclass
class CouncilState:
    """Where one owning municipality's council stands with a version."""

    municipality: Any
    mandate: CouncilMandate | None
    adoption: Adoption | None

    @property
    def adopted_on(self) -> dt.date | None:
        return self.adoption.decided_on if self.adoption else None

    @property
    def awaiting(self) -> bool:
        return self.adoption is None

    @property
    def amended(self) -> bool:
        return self.adoption is not None and self.adoption.amended_at is not None

    @property
    def superseded_on(self) -> dt.date | None:
        return self.adoption.superseded_on if self.adoption else None


def council_states(
    version: PlanVersion,
    *,
    adoptions: list[Adoption] | None = None,
    with_mandates: bool = True,
) -> list[CouncilState]:
    """Each owning municipality's mandate and adoption of `version`, by name (from the
    adoptions given, else the prefetched or fetched ones)."""
    by_municipality = {
        a.municipality_id: a
        for a in (adoptions if adoptions is not None else version.adoptions.all())
    }
    mandates = (
        {m.municipality_id: m for m in version.council_mandates.all()} if with_mandates else {}
    )
    return [
        CouncilState(municipality=m, mandate=mandates.get(m.pk), adoption=by_municipality.get(m.pk))
        for m in sorted(version.plan.municipalities.all(), key=lambda m: m.name)
    ]


def council_summary(states: list[CouncilState]) -> str:
    """The councils' states in a line, e.g. "Adopted in Bergen 5 November 2026; awaiting
    Askøy", for a plan of several municipalities once a council has decided; empty
    otherwise."""
    if len(states) < 2 or all(s.adoption is None for s in states):
        return ""
    parts = []
    for state in states:
        name = state.municipality.name
        if state.adoption is None:
            parts.append(_("awaiting %(municipality)s") % {"municipality": name})
        elif state.amended:
            parts.append(
                _("amended after the decision in %(municipality)s – must be adopted again")
                % {"municipality": name}
            )
        elif state.superseded_on is not None:
            parts.append(
                _("superseded in %(municipality)s on %(date)s")
                % {"municipality": name, "date": date_format(state.superseded_on)}
            )
        else:
            parts.append(
                _("adopted in %(municipality)s %(date)s")
                % {"municipality": name, "date": date_format(state.adoption.decided_on)}
            )
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


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
    measures = list(
        version.measures.select_related("responsible_organisation")
        .prefetch_related("goals")
        .order_by("number")
    )
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
    """Measures a unit manager answers for, and those of the partner organisations where
    the actor holds a plan role, in versions that are being implemented."""
    if not actor.is_authenticated:
        return Measure.objects.none()
    return (
        Measure.objects.filter(
            followed_measures_q(actor),
            version__status__in=[VersionStatus.ADOPTED, VersionStatus.IMPLEMENTATION],
        )
        .select_related("version__plan", "responsible_organisation")
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


@dataclass(frozen=True)
class PublicStatus:
    """What the public plan page shows of one measure's latest report: never who reported
    it, and the comment only when the reporter allowed it to be published."""

    status: str
    label: str
    comment: str
    round_title: str
    reported_on: dt.date | None


@dataclass
class PublicProgress:
    by_measure: dict[Any, PublicStatus]
    last_report_on: dt.date | None
    last_round_title: str
    counts: list[tuple[str, str, int]]


def public_progress(version: PlanVersion, measures: list[Measure]) -> PublicProgress:
    """Each measure's status from the latest closed reporting round that has a report for
    it. A round's reports are published when the coordinator closes it; an open round is
    still being written and checked. One query, however many measures and rounds."""
    reports = (
        StatusReport.objects.filter(round__version=version, round__status=RoundStatus.CLOSED)
        .select_related("round")
        .order_by("-round__closed_on", "-round__due_date")
    )
    by_measure: dict[Any, PublicStatus] = {}
    last_on: dt.date | None = None
    last_title = ""
    for report in reports:
        reported_on = report.round.closed_on or report.round.due_date
        if last_on is None or reported_on > last_on:
            last_on, last_title = reported_on, report.round.title
        if report.measure_id in by_measure:
            continue
        by_measure[report.measure_id] = PublicStatus(
            status=report.status,
            label=report.get_status_display(),
            comment=report.comment if report.comment_public else "",
            round_title=report.round.title,
            reported_on=reported_on,
        )
    shown = [by_measure[m.pk] for m in measures if m.pk in by_measure]
    counts = [
        (value, str(label), sum(1 for p in shown if p.status == value))
        for value, label in MeasureStatus.choices
    ]
    return PublicProgress(
        by_measure=by_measure,
        last_report_on=last_on,
        last_round_title=last_title,
        counts=[c for c in counts if c[2]],
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
    measures = round.version.measures.select_related(
        "responsible_user", "responsible_organisation"
    ).order_by("number")
    return [(m, reports.get(m.pk)) for m in measures]


# --- Difference between versions -----------------------------------------------------
# What a reader compares between a version and the one it revised. Records are matched by
# their `origin` (goals, measures), topic (mapping), area (focus areas) or municipality
# (council mandates, adoptions). The person named on a measure is not part of the plan's
# text and is left out; the unit, the job title and the organisation are compared.

MEASURE_DIFF_FIELDS = (
    "number",
    "title",
    "description",
    "level",
    "area_key",
    "responsible_title",
    "responsible_unit",
    "responsible_organisation",
    "municipalities",
    "starts_on",
    "deadline",
    "budget_nok",
    "staff_hours",
    "target_groups",
    "duties",
)
GOAL_DIFF_FIELDS = ("text", "area_key", "kind", "indicator", "baseline", "target")
MANDATE_DIFF_FIELDS = ("body", "decided_on", "case_number", "text", "budget_nok", "staff_hours")
COUNCIL_MANDATE_DIFF_FIELDS = ("body", "decided_on", "case_number", "text")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Comparison:
    """One record of both versions (a mandate, a goal, a council's adoption) and its
    fields that differ."""

    title: str
    changes: list[FieldChange]


@dataclass(frozen=True)
class CouncilDecisions:
    """One owning municipality's adoption of the old and of the new version (None: not
    adopted), each as (fact, value) pairs."""

    municipality: str
    old: list[tuple[str, str]] | None
    new: list[tuple[str, str]] | None


@dataclass
class VersionDiff:
    old: PlanVersion
    new: PlanVersion
    mandate: list[Comparison]
    mapping: list[FieldChange]
    areas_chosen: list[str]
    areas_unchosen: list[str]
    goals_added: list[Goal]
    goals_removed: list[Goal]
    goals_changed: list[Comparison]
    added: list[Measure]
    changed: list[tuple[Measure, list[FieldChange]]]
    # Not carried because the old version finished them: done, or dropped deliberately.
    completed: list[Measure]
    dropped: list[Measure]
    # Carried into the revision and then deleted from it.
    removed: list[Measure]
    unchanged: int
    adoptions: list[CouncilDecisions]

    @property
    def is_empty(self) -> bool:
        return not (
            self.mandate
            or self.mapping
            or self.areas_chosen
            or self.areas_unchosen
            or self.goals_added
            or self.goals_removed
            or self.goals_changed
            or self.added
            or self.changed
            or self.removed
        )


def _shown(value: Any) -> Any:
    """A value as the difference view writes it: dates and figures in the active
    language, a dash for nothing."""
    if value is None or value == "" or value == [] or value == ():
        return "—"
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format_number(value)
    return value


def _label(model: type[Any], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _compare(
    model: type[Any], old: Any, new: Any, names: tuple[str, ...], raw: Any, shown: Any
) -> list[FieldChange]:
    """The fields of `names` whose raw values differ between two records (either may be
    missing), each with both values as shown."""
    changes = []
    for name in names:
        before = raw(old, name) if old is not None else None
        after = raw(new, name) if new is not None else None
        if before != after:
            changes.append(
                FieldChange(
                    _label(model, name),
                    shown(old, name) if old is not None else _("not recorded"),
                    shown(new, name) if new is not None else _("not recorded"),
                )
            )
    return changes


def _plain(record: Any, name: str) -> Any:
    value = getattr(record, name)
    return None if value in ("", None) else value


def _plain_shown(record: Any, name: str) -> Any:
    return _shown(getattr(record, name))


def _measure_raw(measure: Measure, name: str) -> Any:
    if name == "responsible_organisation":
        return measure.responsible_organisation_id
    if name == "municipalities":
        return frozenset(m.pk for m in measure.municipalities.all())
    return _plain(measure, name)


def _measure_display(version: PlanVersion) -> Any:
    titles = {
        "target_groups": catalogues.target_group_titles(),
        "duties": catalogues.duty_titles(),
    }

    def shown(measure: Measure, name: str) -> Any:
        value = getattr(measure, name) if name != "municipalities" else None
        if name == "level":
            return measure.get_level_display()
        if name == "area_key":
            return area_title(version, value) if value else "—"
        if name in titles:
            return ", ".join(str(titles[name].get(k, k)) for k in value or ()) or "—"
        if name == "responsible_organisation":
            return value.name if value else "—"
        if name == "municipalities":
            names = sorted(m.name for m in measure.municipalities.all())
            return ", ".join(names) or _("All the plan's municipalities")
        return _shown(value)

    return shown


def _goal_raw(goal: Goal, name: str) -> Any:
    if name == "indicator":
        return (goal.indicator_key, goal.indicator)
    return _plain(goal, name)


def _goal_display(version: PlanVersion) -> Any:
    def shown(goal: Goal, name: str) -> Any:
        if name == "indicator":
            return goal.indicator_name or "—"
        if name == "kind":
            return goal.get_kind_display()
        if name == "area_key":
            return area_title(version, goal.area_key) if goal.area_key else "—"
        return _shown(getattr(goal, name))

    return shown


def _measures(version: PlanVersion) -> list[Measure]:
    return list(
        version.measures.select_related("responsible_organisation")
        .prefetch_related("municipalities")
        .order_by("number", "created_at")
    )


def _mandates(old: PlanVersion, new: PlanVersion) -> list[Comparison]:
    shared = {m.version_id: m for m in Mandate.objects.filter(version__in=[old, new])}
    comparisons = []
    changes = _compare(
        Mandate,
        shared.get(old.pk),
        shared.get(new.pk),
        MANDATE_DIFF_FIELDS,
        _plain,
        _plain_shown,
    )
    if changes:
        comparisons.append(Comparison(_("Shared mandate"), changes))
    councils: dict[Any, dict[Any, CouncilMandate]] = defaultdict(dict)
    for mandate in CouncilMandate.objects.filter(version__in=[old, new]).select_related(
        "municipality"
    ):
        councils[mandate.municipality][mandate.version_id] = mandate
    for municipality in sorted(councils, key=lambda m: m.name):
        given = councils[municipality]
        changes = _compare(
            CouncilMandate,
            given.get(old.pk),
            given.get(new.pk),
            COUNCIL_MANDATE_DIFF_FIELDS,
            _plain,
            _plain_shown,
        )
        if changes:
            comparisons.append(Comparison(municipality.name, changes))
    return comparisons


def _mapping(old: PlanVersion, new: PlanVersion) -> list[FieldChange]:
    texts: dict[str, dict[Any, str]] = defaultdict(dict)
    for section in MappingSection.objects.filter(version__in=[old, new]):
        texts[section.topic][section.version_id] = section.text.strip()
    changes = []
    for topic in MappingTopic:
        before, after = texts[topic].get(old.pk, ""), texts[topic].get(new.pk, "")
        if before != after:
            changes.append(FieldChange(str(topic.label), before or "—", after or "—"))
    return changes


def _adoption_facts(old: PlanVersion, new: PlanVersion) -> list[CouncilDecisions]:
    """Each owning municipality's council decision on either version (body, date, plan
    period), or None where its council has not adopted that version."""
    decided: dict[Any, dict[Any, Adoption]] = defaultdict(dict)
    for municipality in new.plan.municipalities.all():
        decided[municipality] = {}
    for adoption in Adoption.objects.filter(version__in=[old, new]).select_related("municipality"):
        decided[adoption.municipality][adoption.version_id] = adoption

    def facts(adoption: Adoption | None) -> list[tuple[str, str]] | None:
        if adoption is None:
            return None
        period = f"{_shown(adoption.period_start)} – {_shown(adoption.period_end)}"
        return [
            (_label(Adoption, "body"), adoption.body),
            (_label(Adoption, "decided_on"), _shown(adoption.decided_on)),
            (_("Plan period"), period),
        ]

    return [
        CouncilDecisions(
            municipality.name,
            facts(decided[municipality].get(old.pk)),
            facts(decided[municipality].get(new.pk)),
        )
        for municipality in sorted(decided, key=lambda m: m.name)
    ]


def version_diff(old: PlanVersion, new: PlanVersion) -> VersionDiff:
    """What changed from `old` to its revision `new`, in a fixed number of queries however
    many measures and goals the versions have."""
    old_measures, new_measures = _measures(old), _measures(new)
    old_by_id: dict[Any, Measure] = {m.pk: m for m in old_measures}
    shown_before, shown_now = _measure_display(old), _measure_display(new)
    matched: set[Any] = set()
    added, changed = [], []
    unchanged = 0
    for measure in new_measures:
        before = old_by_id.get(measure.origin_id)
        if before is None:
            added.append(measure)
            continue
        matched.add(before.pk)
        changes = [
            FieldChange(_label(Measure, name), shown_before(before, name), shown_now(measure, name))
            for name in MEASURE_DIFF_FIELDS
            if _measure_raw(before, name) != _measure_raw(measure, name)
        ]
        if changes:
            changed.append((measure, changes))
        else:
            unchanged += 1
    finished = finished_measures(old)
    left = [m for m in old_measures if m.pk not in matched]
    old_goals = list(old.goals.all())
    new_goals = list(new.goals.all())
    old_goals_by_id: dict[Any, Goal] = {g.pk: g for g in old_goals}
    goals_changed = []
    goal_before, goal_now = _goal_display(old), _goal_display(new)
    for goal in new_goals:
        before_goal = old_goals_by_id.get(goal.origin_id)
        if before_goal is None:
            continue
        changes = [
            FieldChange(_label(Goal, name), goal_before(before_goal, name), goal_now(goal, name))
            for name in GOAL_DIFF_FIELDS
            if _goal_raw(before_goal, name) != _goal_raw(goal, name)
        ]
        if changes:
            goals_changed.append(Comparison(goal.text, changes))
    kept = {g.origin_id for g in new_goals}
    chosen: dict[Any, set[str]] = defaultdict(set)
    for choice in FocusAreaChoice.objects.filter(version__in=[old, new], chosen=True):
        chosen[choice.version_id].add(choice.area_key)
    old_chosen, new_chosen = chosen.get(old.pk, set()), chosen.get(new.pk, set())
    return VersionDiff(
        old=old,
        new=new,
        mandate=_mandates(old, new),
        mapping=_mapping(old, new),
        areas_chosen=sorted(area_title(new, k) for k in new_chosen - old_chosen),
        areas_unchosen=sorted(area_title(old, k) for k in old_chosen - new_chosen),
        goals_added=[g for g in new_goals if g.origin_id not in old_goals_by_id],
        goals_removed=[g for g in old_goals if g.pk not in kept],
        goals_changed=goals_changed,
        added=added,
        changed=changed,
        completed=[m for m in left if finished.get(m.pk) == MeasureStatus.DONE],
        dropped=[m for m in left if finished.get(m.pk) == MeasureStatus.DROPPED],
        removed=[m for m in left if m.pk not in finished],
        unchanged=unchanged,
        adoptions=_adoption_facts(old, new),
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
