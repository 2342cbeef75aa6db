"""Reads of safety plans that return lists and figures.

`plans_made` is for the partnership statistics: a count, no personal data. The others are
given a plan the caller was let through to by `samvern.safetyplans.access`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet

from samvern.accounts.models import Organisation
from samvern.cases.access import today
from samvern.cases.models import Case, CaseParticipant
from samvern.partnerships.models import PartnershipMember
from samvern.safetyplans.models import SafetyPlan, SafetyPlanVersion


def plans_made(partnership_id: uuid.UUID | str, start: dt.date, end: dt.date) -> int:
    """How many safety plans had their first version made on a day in [start, end), in
    cases of the partnership. A plan counts once, in the period of its first version,
    however many versions followed. No personal data: a number only."""
    return (
        SafetyPlanVersion.objects.filter(
            number=1,
            made_on__gte=start,
            made_on__lt=end,
            plan__case__partnership_id=partnership_id,
        )
        .values("plan")
        .distinct()
        .count()
    )


def versions(plan: SafetyPlan | None) -> list[SafetyPlanVersion]:
    """The versions of a plan, newest first, with who wrote them (one query)."""
    if plan is None:
        return []
    return list(
        SafetyPlanVersion.objects.filter(plan=plan)
        .select_related("created_by", "organisation")
        .order_by("-number")
    )


def participating_organisations(
    *, case: Case, day: dt.date | None = None
) -> QuerySet[Organisation]:
    """The organisations taking part in the case on `day` while members of its
    partnership: those a plan may name as committing to something."""
    day = day or today()
    takes_part = CaseParticipant.objects.filter(
        case=case, organisation=OuterRef("pk"), added_on__lte=day
    ).filter(Q(removed_on__isnull=True) | Q(removed_on__gt=day))
    member = PartnershipMember.objects.active_on(day).filter(
        partnership_id=case.partnership_id, organisation=OuterRef("pk")
    )
    return Organisation.objects.filter(Exists(takes_part), Exists(member)).order_by("name")
