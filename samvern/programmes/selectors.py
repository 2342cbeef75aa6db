"""Reads of programme referrals, given the actor. A fixed number of queries however many
referrals."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from samvern.accounts.actor import Actor
from samvern.cases.access import Need, access_cases, content_cases_q
from samvern.cases.models import Case, Person, PersonRole
from samvern.directory.models import Service, ServiceKind
from samvern.programmes.models import ProgrammeReferral, ProgrammeUpdate

# Referrals per page of the organisation's list.
PAGE_SIZE = 25


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


def organisation_referrals_query(actor: Actor, *, day: dt.date) -> QuerySet[ProgrammeReferral]:
    """Referrals the acting organisation made or whose programme it runs, in cases it may
    open on `day` (the same rule as opening the case), newest first."""
    organisation = actor.organisation
    if organisation is None or not actor.case_roles:
        return ProgrammeReferral.objects.none()
    openable = Case.objects.filter(content_cases_q(actor.case_roles, organisation, day))
    return with_counts(
        ProgrammeReferral.objects.filter(
            Q(referring_organisation=organisation) | Q(service__organisation=organisation),
            case__in=openable,
        )
    ).order_by("-referred_on", "-created_at", "pk")


def referral_rows(
    actor: Actor, referrals: Sequence[ProgrammeReferral], *, day: dt.date
) -> list[ReferralRow]:
    """The rows for `referrals`, each case checked again through the access function.
    Five queries at most, whatever the number of referrals."""
    organisation = actor.organisation
    if organisation is None:
        return []
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
