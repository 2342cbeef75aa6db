"""Writes of the registry: register one plan made elsewhere, or correct its facts.

Both are atomic and audited, and refuse facts the rules in `facts` do not accept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, Role
from samvern.audit.services import audit_log
from samvern.places.models import Municipality, Succession
from samvern.plans.models import (
    Adoption,
    Evaluation,
    EvaluationKind,
    Plan,
    PlanOrigin,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    VersionStatus,
)
from samvern.plans.registry.access import may_register, registrable_municipality_ids
from samvern.plans.registry.facts import (
    Overlap,
    OverlapNeedsReason,
    PlanFacts,
    RegistryError,
    validate_facts,
)
from samvern.plans.registry.selectors import existing_adoptions, facts_of, find_overlaps

REGISTERED_ROUND_TITLE = "Registered report"


def registering_organisation(
    actor: Actor, municipalities: Iterable[Municipality]
) -> Organisation | None:
    """The organisation a registration is made for: the actor's plan-editing organisation
    serving one of the municipalities (or a predecessor or successor), else the analyst's
    organisation. Shown on the public page, so never a person."""
    if not actor.is_authenticated:
        return None
    ids = {m.pk for m in municipalities}
    linked = set(
        Succession.objects.filter(Q(old_id__in=ids) | Q(new_id__in=ids)).values_list(
            "old_id", "new_id"
        )
    )
    ids |= {pk for pair in linked for pk in pair}
    editing = (
        Organisation.objects.filter(
            pk__in=actor.organisation_ids_with(Role.PLAN_EDITOR), municipalities__in=ids
        )
        .order_by("name")
        .first()
    )
    if editing is not None:
        return editing
    analysts = actor.organisations_with(Role.NATIONAL_ANALYST)
    return analysts[0] if analysts else None


def _version_status(facts: PlanFacts) -> str:
    if facts.evaluated_on is not None:
        return VersionStatus.EVALUATED
    if facts.adoptions:
        return VersionStatus.ADOPTED
    return VersionStatus.DRAFTING


def _write_facts(plan: Plan, version: PlanVersion, facts: PlanFacts) -> None:
    """Make the stored facts of the plan's (single) version equal to `facts`."""
    plan.municipalities.set(facts.municipalities)
    by_municipality = {a.municipality_id: a for a in version.adoptions.all()}
    wanted = {a.municipality.pk: a for a in facts.adoptions}
    version.adoptions.exclude(municipality_id__in=list(wanted)).delete()
    for pk, item in wanted.items():
        adoption = by_municipality.get(pk) or Adoption(
            version=version, municipality=item.municipality
        )
        adoption.body = item.body.strip()
        adoption.decided_on = item.decided_on
        adoption.case_number = item.case_number.strip()
        adoption.decision_url = item.decision_url.strip()
        adoption.period_start = item.period_start or facts.period_start
        adoption.period_end = item.period_end or facts.period_end
        if item.decision_document is not None:
            adoption.decision_document.save(
                item.decision_document.name or "decision", item.decision_document, save=False
            )
        adoption.full_clean(exclude=["version", "municipality", "decision_document"])
        adoption.save()

    rounds = version.reporting_rounds.filter(title=REGISTERED_ROUND_TITLE)
    if facts.reported_on is None:
        rounds.delete()
    elif not rounds.update(due_date=facts.reported_on, closed_on=facts.reported_on):
        ReportingRound.objects.create(
            version=version,
            title=REGISTERED_ROUND_TITLE,
            due_date=facts.reported_on,
            closed_on=facts.reported_on,
            status=RoundStatus.CLOSED,
        )
    evaluations = version.evaluations.filter(kind=EvaluationKind.FINAL)
    if facts.evaluated_on is None:
        evaluations.delete()
    elif not evaluations.update(completed_on=facts.evaluated_on):
        Evaluation.objects.create(
            version=version, kind=EvaluationKind.FINAL, completed_on=facts.evaluated_on
        )


def create_registered_plan(
    facts: PlanFacts, *, organisation: Organisation | None, today: dt.date, overlap_reason: str
) -> Plan:
    """The plan, its single version and its facts, as registration and import store them
    (the caller has checked the facts and writes the audit event)."""
    plan = Plan.objects.create(
        title=facts.title.strip(),
        origin=PlanOrigin.REGISTERED,
        registered_by=organisation,
        registered_on=today,
        overlap_reason=overlap_reason,
    )
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        title=plan.title,
        status=_version_status(facts),
        period_start=facts.period_start,
        period_end=facts.period_end,
        status_changed_at=timezone.now(),
        started_on=facts.started_on or today,
    )
    _write_facts(plan, version, facts)
    return plan


def _summary(facts: PlanFacts) -> dict[str, object]:
    return {
        "title": facts.title,
        "municipalities": sorted(f"{m.year}:{m.code}" for m in facts.municipalities),
        "period": [facts.period_start, facts.period_end],
        "adoptions": [
            {
                "municipality": f"{a.municipality.year}:{a.municipality.code}",
                "body": a.body,
                "decided_on": a.decided_on,
                "case_number": a.case_number,
                "decision_url": a.decision_url,
                "period": [a.period_start or facts.period_start, a.period_end or facts.period_end],
                "document": bool(a.decision_document),
            }
            for a in sorted(facts.adoptions, key=lambda a: a.municipality.code)
        ],
        "reported_on": facts.reported_on,
        "evaluated_on": facts.evaluated_on,
    }


def _check(
    actor: Actor,
    facts: PlanFacts,
    *,
    today: dt.date,
    overlap_reason: str,
    exclude_plan: Plan | None = None,
) -> list[Overlap]:
    """The overlaps the user has confirmed; raises RegistryError when the facts are not
    acceptable and OverlapNeedsReason when overlaps are not confirmed with a reason."""
    if not may_register(registrable_municipality_ids(actor), facts.municipalities):
        raise RegistryError([_("You may not register plans for these municipalities.")])
    problems = validate_facts(
        facts,
        today=today,
        existing=existing_adoptions(facts.municipalities, exclude_plan),
    )
    if problems:
        raise RegistryError(problems)
    overlaps = find_overlaps(facts, exclude_plan)
    if overlaps and not overlap_reason.strip():
        raise OverlapNeedsReason(overlaps)
    return overlaps


def _overlap_detail(overlaps: Sequence[Overlap], reason: str) -> dict[str, object]:
    if not overlaps:
        return {}
    return {"overlaps": [o.as_detail() for o in overlaps], "overlap_reason": reason}


@transaction.atomic
def register_plan(
    *,
    actor: Actor,
    facts: PlanFacts,
    today: dt.date | None = None,
    overlap_reason: str = "",
) -> Plan:
    """Register a plan made elsewhere. Raises RegistryError (nothing saved) when the facts
    are not acceptable or the actor may not register for the owning municipalities, and
    OverlapNeedsReason when another plan is adopted for one of its municipalities for part
    of the same period and no `overlap_reason` confirms that both apply.

    `today` is the day the facts are judged against (dates may not lie after it), the day
    of registration and the default start of preparation; the demo passes its own day."""
    today = today or timezone.localdate()
    overlaps = _check(actor, facts, today=today, overlap_reason=overlap_reason)
    reason = overlap_reason.strip() if overlaps else ""
    plan = create_registered_plan(
        facts,
        organisation=registering_organisation(actor, facts.municipalities),
        today=today,
        overlap_reason=reason,
    )
    audit_log(
        actor=actor,
        action="plans.registry.registered",
        target=plan,
        detail={**_summary(facts), **_overlap_detail(overlaps, reason)},
    )
    return plan


@transaction.atomic
def correct_plan(
    *,
    actor: Actor,
    plan: Plan,
    facts: PlanFacts,
    today: dt.date | None = None,
    overlap_reason: str = "",
) -> Plan:
    """Replace a registered plan's facts; the audit event keeps what they were before.
    Overlaps with other plans need a reason, as in register_plan()."""
    if plan.origin != PlanOrigin.REGISTERED:
        raise RegistryError([_("Only registered plans can be corrected here.")])
    overlaps = _check(
        actor,
        facts,
        today=today or timezone.localdate(),
        overlap_reason=overlap_reason,
        exclude_plan=plan,
    )
    reason = overlap_reason.strip() if overlaps else ""
    before = _summary(facts_of(plan))
    before_reason = plan.overlap_reason
    version = plan.versions.order_by("number").first()
    assert version is not None  # facts_of() raised otherwise
    plan.title = facts.title.strip()
    plan.overlap_reason = reason
    plan.save(update_fields=["title", "overlap_reason", "updated_at"])
    version.title = plan.title
    version.period_start = facts.period_start
    version.period_end = facts.period_end
    new_status = _version_status(facts)
    if new_status != version.status:
        version.status = new_status
        version.status_changed_at = timezone.now()
    version.save(
        update_fields=[
            "title",
            "period_start",
            "period_end",
            "status",
            "status_changed_at",
            "updated_at",
        ]
    )
    _write_facts(plan, version, facts)
    after = _summary(facts)
    audit_log(
        actor=actor,
        action="plans.registry.corrected",
        target=plan,
        detail={
            "before": before,
            "after": after,
            "changed": sorted(key for key in after if before.get(key) != after[key]),
            **_overlap_detail(overlaps, reason),
            **({"overlap_reason_before": before_reason} if before_reason != reason else {}),
        },
    )
    return plan
