"""Reads of programme referrals, given the actor. A fixed number of queries however many
referrals."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from samvern.accounts.actor import Actor
from samvern.cases.access import Need, access_cases
from samvern.cases.models import Case, Person, PersonRole
from samvern.directory.models import Service, ServiceKind
from samvern.programmes.models import ProgrammeReferral, ProgrammeUpdate

# How many referrals the list shows at most (the newest).
LIST_LIMIT = 200


def with_counts(referrals: QuerySet[ProgrammeReferral]) -> QuerySet[ProgrammeReferral]:
    return referrals.select_related(
        "case", "person", "service", "referring_organisation", "referred_by"
    ).annotate(
        attended_count=Count("sessions", filter=Q(sessions__attended=True), distinct=True),
        missed_count=Count("sessions", filter=Q(sessions__attended=False), distinct=True),
        last_update_on=Max("updates__on"),
    )


@dataclass(frozen=True)
class ReferralRow:
    referral: ProgrammeReferral
    attended: int
    missed: int
    last_update_on: dt.date | None
    own: bool  # the acting organisation made the referral


def organisation_referrals(actor: Actor, *, day: dt.date) -> list[ReferralRow]:
    """Referrals the acting organisation made or whose programme it runs, in cases it
    may open today. Four queries plus the case grants (at most five), whatever the
    number of referrals."""
    organisation = actor.organisation
    if organisation is None or not actor.case_roles:
        return []
    referrals = list(
        with_counts(
            ProgrammeReferral.objects.filter(
                Q(referring_organisation=organisation) | Q(service__organisation=organisation)
            )
        ).order_by("-referred_on", "-created_at")[:LIST_LIMIT]
    )
    cases: dict[uuid.UUID, Case] = {r.case_id: r.case for r in referrals}
    allowed = {
        found.case.pk for found in access_cases(actor, list(cases.values()), Need.VIEW, day=day)
    }
    return [
        ReferralRow(
            referral=r,
            attended=getattr(r, "attended_count", 0),
            missed=getattr(r, "missed_count", 0),
            last_update_on=getattr(r, "last_update_on", None),
            own=r.referring_organisation_id == organisation.pk,
        )
        for r in referrals
        if r.case_id in allowed
    ]


def case_referrals(case: Case) -> list[ProgrammeReferral]:
    return list(with_counts(ProgrammeReferral.objects.filter(case=case)))


def updates(referral_ids: Sequence[uuid.UUID]) -> list[ProgrammeUpdate]:
    return list(
        ProgrammeUpdate.objects.filter(referral_id__in=list(referral_ids))
        .select_related("organisation", "recorded_by")
        .order_by("on", "created_at")
    )


def persons_using_violence(case: Case) -> QuerySet[Person]:
    return Person.objects.filter(case=case, role=PersonRole.USING_VIOLENCE).order_by(
        "last_name", "first_name"
    )


def programme_services(case: Case) -> QuerySet[Service]:
    """Programmes for people using violence in the case's partnership's directory."""
    return (
        Service.objects.filter(
            partnership_id=case.partnership_id,
            is_active=True,
            kind=ServiceKind.VIOLENCE_PROGRAMME,
        )
        .select_related("organisation")
        .order_by("name")
    )
