"""Referrals between the organisations of a case: who may see one, its deadline, and the
lists "referrals to us" and "my referrals".

A referral is a `CaseParticipant` row. Until the receiving organisation accepts it, the
row gives no case grant at all (`cases.access.participating_q` counts accepted rows only);
what the receiving organisation may see is the referral's own fields, decided here:

- The receiving organisation's case workers and conference coordinators, while it is a
  member of the case's partnership: the referral (partnership, referring organisation and
  person, dates, urgency, reason, contact rules, status) — never the case's reference,
  persons or content; they answer it (accept or decline with a reason) while it is
  pending.
- The referring organisation's case workers and conference coordinators: the referral,
  its answer and the updates of what became of it; they may withdraw it while pending.
- Nobody else sees a referral through this module; everyone with content access to the
  case sees the case's referrals on the case page (`cases.selectors.participants`).

As everywhere in the case layer, "not allowed" and "does not exist" raise the same
`Http404`.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_CONTENT_ROLES, Organisation
from samvern.cases.access import CaseGrant, grant_for, grant_for_cases, today
from samvern.cases.models import (
    DEFAULT_RESPONSE_WORKING_DAYS,
    CaseParticipant,
    ReferralFeedback,
    ReferralSettings,
    ReferralStatus,
)
from samvern.core.workdays import add_working_days
from samvern.partnerships.models import Partnership, PartnershipMember


class ReferralNeed(enum.Enum):
    VIEW = "view"  # the referral's own fields
    ANSWER = "answer"  # accept or decline (the receiving organisation, while pending)
    WITHDRAW = "withdraw"  # the referring organisation, while pending


@dataclass(frozen=True)
class ReferralAccess:
    """A referral the actor was let through to, and on which side they stand."""

    referral: CaseParticipant
    organisation: Organisation
    receiving: bool  # the actor acts for the organisation the referral is made to
    referring: bool  # the actor acts for the organisation that made it
    case_grant: CaseGrant | None  # what they may do with the case itself (often nothing)

    @property
    def may_answer(self) -> bool:
        return self.receiving and self.referral.is_pending

    @property
    def may_withdraw(self) -> bool:
        return self.referring and self.referral.is_pending and not self.receiving


def response_working_days(partnership: Partnership | uuid.UUID) -> int:
    partnership_id = partnership.pk if isinstance(partnership, Partnership) else partnership
    value = (
        ReferralSettings.objects.filter(partnership_id=partnership_id)
        .values_list("response_working_days", flat=True)
        .first()
    )
    return value or DEFAULT_RESPONSE_WORKING_DAYS


def response_deadline(partnership: Partnership | uuid.UUID, referred_on: dt.date) -> dt.date:
    """The day by which a referral made on `referred_on` must be answered."""
    return add_working_days(referred_on, response_working_days(partnership))


def _parse_id(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def _is_member(organisation: Organisation, partnership_id: uuid.UUID, day: dt.date) -> bool:
    return (
        PartnershipMember.objects.active_on(day)
        .filter(partnership_id=partnership_id, organisation=organisation)
        .exists()
    )


def access_referral(
    actor: Actor, referral_id: object, need: ReferralNeed, *, day: dt.date | None = None
) -> ReferralAccess:
    """One referral for the receiving or the referring organisation (see the module's
    docstring); `Http404` for everyone else and for a need their side does not have."""
    pk = _parse_id(referral_id)
    organisation = actor.organisation
    if not actor.case_roles & CASE_CONTENT_ROLES or organisation is None:
        raise Http404
    day = day or today()
    referral = (
        CaseParticipant.objects.select_related(
            "case__partnership",
            "case__referring_organisation",
            "case__referred_by",
            "organisation",
            "referring_organisation",
            "added_by",
            "responded_by",
        )
        .filter(pk=pk)
        .filter(Q(organisation=organisation) | Q(referring_organisation=organisation))
        .first()
    )
    if referral is None or not _is_member(organisation, referral.case.partnership_id, day):
        raise Http404
    receiving = referral.organisation_id == organisation.pk
    referring = referral.referring_organisation_id == organisation.pk
    found = ReferralAccess(
        referral=referral,
        organisation=organisation,
        receiving=receiving,
        referring=referring,
        case_grant=grant_for(actor, referral.case, day=day),
    )
    if need is ReferralNeed.ANSWER and not found.may_answer:
        raise Http404
    if need is ReferralNeed.WITHDRAW and not found.may_withdraw:
        raise Http404
    return found


# --- lists ---------------------------------------------------------------------------------


def _feedback_prefetch() -> Prefetch[str]:
    return Prefetch(
        "feedback",
        queryset=ReferralFeedback.objects.select_related("by_organisation", "by_user").order_by(
            "on", "created_at"
        ),
    )


def referrals_to(actor: Actor, *, day: dt.date | None = None) -> QuerySet[CaseParticipant]:
    """Pending referrals to the acting organisation, earliest deadline first (only while
    it is a member of the referral's partnership)."""
    organisation = actor.organisation
    if not actor.case_roles & CASE_CONTENT_ROLES or organisation is None:
        return CaseParticipant.objects.none()
    day = day or today()
    members = PartnershipMember.objects.active_on(day).filter(organisation=organisation)
    return (
        CaseParticipant.objects.filter(organisation=organisation, status=ReferralStatus.PENDING)
        .exclude(referring_organisation=organisation)
        .filter(case__partnership__in=members.values("partnership_id"))
        .select_related("case__partnership", "organisation", "referring_organisation", "added_by")
        .order_by("respond_by", "referred_on", "pk")
    )


def referrals_from(actor: Actor, *, day: dt.date | None = None) -> QuerySet[CaseParticipant]:
    """Every referral the acting organisation made (the cases it referred and the
    organisations it referred them to), newest first, with their updates."""
    organisation = actor.organisation
    if not actor.case_roles & CASE_CONTENT_ROLES or organisation is None:
        return CaseParticipant.objects.none()
    day = day or today()
    members = PartnershipMember.objects.active_on(day).filter(organisation=organisation)
    return (
        CaseParticipant.objects.filter(referring_organisation=organisation)
        .filter(case__partnership__in=members.values("partnership_id"))
        .select_related(
            "case__partnership",
            "organisation",
            "referring_organisation",
            "added_by",
            "responded_by",
            "case__referred_by",
        )
        .prefetch_related(_feedback_prefetch())
        .order_by("-referred_on", "-created_at", "pk")
    )


@dataclass(frozen=True)
class ReferralRow:
    """One referral on a list, with what the reader may know of its case: the reference
    only with a grant on the case."""

    referral: CaseParticipant
    reference: str
    case_id: uuid.UUID | None  # set only with a grant that opens a case page
    content: bool
    overdue: bool
    own_case: bool  # the referral of the case itself (the referring organisation's own row)

    @property
    def feedback(self) -> list[ReferralFeedback]:
        return list(self.referral.feedback.all())


def referral_rows(
    actor: Actor, referrals: Sequence[CaseParticipant], *, day: dt.date | None = None
) -> list[ReferralRow]:
    """The rows of a referral list, with the grants for all their cases decided at once
    (a constant number of queries, however many rows)."""
    day = day or today()
    cases = {row.case_id: row.case for row in referrals}
    grants = grant_for_cases(actor, list(cases.values()), day=day)
    rows: list[ReferralRow] = []
    for referral in referrals:
        grant = grants.get(referral.case_id)
        opens = grant is not None and (grant.content or grant.conference)
        rows.append(
            ReferralRow(
                referral=referral,
                reference=referral.case.reference if opens else "",
                case_id=referral.case_id if opens else None,
                content=bool(grant and grant.content),
                overdue=referral.is_overdue(day),
                own_case=referral.organisation_id == referral.referring_organisation_id,
            )
        )
    return rows


@dataclass(frozen=True)
class CaseReferralLine:
    """A participation as the case page shows it to those who take part."""

    referral: CaseParticipant
    overdue: bool


def case_referral_lines(
    participations: Sequence[CaseParticipant], *, day: dt.date | None = None
) -> tuple[list[CaseParticipant], list[CaseReferralLine]]:
    """The case page's two lists: the accepted participations (taking part, or having
    taken part), and the referrals not accepted (pending — overdue marked —, declined,
    withdrawn), newest first."""
    day = day or today()
    accepted = [p for p in participations if p.status == ReferralStatus.ACCEPTED]
    others = [
        CaseReferralLine(referral=p, overdue=p.is_overdue(day))
        for p in sorted(
            (p for p in participations if p.status != ReferralStatus.ACCEPTED),
            key=lambda p: (p.status != ReferralStatus.PENDING, p.referred_on or day),
        )
    ]
    return accepted, others
