"""Reads of the registry: the plans a user may correct, a plan's stored facts, and the
adoptions a new plan could overlap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.places.models import Municipality
from samvern.plans.models import Adoption, Plan, PlanOrigin, RoundStatus, VersionStatus
from samvern.plans.registry.access import registrable_municipality_ids
from samvern.plans.registry.facts import AdoptionFacts, Overlap, PlanFacts


def registered_plans(*, actor: Actor) -> QuerySet[Plan]:
    """Registered plans the actor may correct, newest first."""
    allowed = registrable_municipality_ids(actor)
    plans = Plan.objects.filter(origin=PlanOrigin.REGISTERED)
    if allowed is not None:
        plans = plans.filter(municipalities__in=allowed).distinct()
    return plans.prefetch_related("municipalities").order_by("-created_at")


def facts_of(plan: Plan) -> PlanFacts:
    """The registered facts of a plan as currently stored (for correction forms)."""
    version = plan.versions.order_by("number").first()
    if version is None:
        raise Http404
    adoptions = [
        AdoptionFacts(
            municipality=a.municipality,
            body=a.body,
            decided_on=a.decided_on,
            case_number=a.case_number,
            decision_url=a.decision_url,
            period_start=a.period_start,
            period_end=a.period_end,
        )
        for a in version.adoptions.select_related("municipality").order_by("municipality__code")
    ]
    report = (
        version.reporting_rounds.filter(status=RoundStatus.CLOSED).order_by("-closed_on").first()
    )
    evaluation = version.evaluations.exclude(completed_on=None).order_by("-completed_on").first()
    return PlanFacts(
        title=plan.title,
        municipalities=list(plan.municipalities.order_by("code")),
        period_start=version.period_start or dt.date.min,
        period_end=version.period_end or dt.date.max,
        adoptions=adoptions,
        reported_on=(report.closed_on or report.due_date) if report else None,
        evaluated_on=evaluation.completed_on if evaluation else None,
    )


def existing_adoptions(
    municipalities: Iterable[Municipality], exclude_plan: Plan | None = None
) -> set[tuple[int, dt.date, dt.date]]:
    adoptions = Adoption.objects.filter(municipality__in=list(municipalities))
    if exclude_plan is not None:
        adoptions = adoptions.exclude(version__plan=exclude_plan)
    return set(adoptions.values_list("municipality_id", "period_start", "period_end"))


def adopted_periods(facts: PlanFacts) -> list[tuple[Municipality, dt.date, dt.date]]:
    return [
        (a.municipality, a.period_start or facts.period_start, a.period_end or facts.period_end)
        for a in facts.adoptions
    ]


def adoption_records(
    municipalities: Iterable[Municipality], exclude_plan: Plan | None = None
) -> list[Overlap]:
    """The adoptions in the registry for these municipalities, as overlap candidates."""
    others = (
        Adoption.objects.filter(municipality__in=list(municipalities))
        .exclude(version__status=VersionStatus.WITHDRAWN)
        .select_related("version__plan", "municipality")
        .order_by("period_start")
    )
    if exclude_plan is not None:
        others = others.exclude(version__plan=exclude_plan)
    return [
        Overlap(
            municipality=other.municipality,
            plan_title=other.version.plan.title,
            period_start=other.period_start,
            period_end=other.period_end,
            plan_id=other.version.plan_id,
        )
        for other in others
    ]


def overlapping(
    periods: Iterable[tuple[Municipality, dt.date, dt.date]], candidates: Iterable[Overlap]
) -> list[Overlap]:
    # The very same period is refused as a duplicate, not warned about.
    return [
        candidate
        for candidate in candidates
        for municipality, start, end in periods
        if candidate.municipality.pk == municipality.pk
        and candidate.period_start <= end
        and candidate.period_end >= start
        and (candidate.period_start, candidate.period_end) != (start, end)
    ]


def find_overlaps(facts: PlanFacts, exclude_plan: Plan | None = None) -> list[Overlap]:
    """Adoptions of other plans for the same municipalities whose period overlaps the
    period this plan is adopted for."""
    periods = adopted_periods(facts)
    if not periods:
        return []
    return overlapping(periods, adoption_records([m for m, _s, _e in periods], exclude_plan))
