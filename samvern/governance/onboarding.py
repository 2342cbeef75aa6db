"""One page for a newcomer after a change of contact person or deputy (the partnership's
hand-over): what the partnership is for and which bodies they sit on, the agreements
their organisation signed and must apply, its open commitments, upcoming meetings, the
service directory, the training they are due for, and the hand-over notes.

Who may open a member's onboarding page: that membership's contact person and deputy,
the member organisation's administrators, and the partnership's managers. Everyone else
gets the same 404 as for a membership that does not exist.

Everything is read in a fixed number of queries, whatever the partnership holds.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role, User
from samvern.agreements.models import SignOff
from samvern.agreements.selectors import DocumentRow, document_rows
from samvern.directory.models import Service, ServiceKind
from samvern.directory.selectors import checked_share
from samvern.governance.models import (
    Body,
    BodyKind,
    BodyMember,
    Commitment,
    CommitmentStatus,
    Meeting,
    MeetingStatus,
    PartnershipProfile,
    Representative,
)
from samvern.partnerships.access import Need, access_partnership, can_manage
from samvern.partnerships.models import ContactChange, Partnership, PartnershipMember
from samvern.training.models import StaffMember
from samvern.training.selectors import DueCourse, OrganisationCoverage, coverage, due_for

UPCOMING_MEETINGS = 6


def _parse(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        raise Http404 from None


def may_open(actor: Actor, member: PartnershipMember) -> bool:
    if not actor.is_authenticated or actor.user is None:
        return False
    if can_manage(actor, member.partnership):
        return True
    if actor.user.pk in (member.relay_id, member.deputy_id):
        return True
    return Role.ORG_ADMIN in actor.roles_in(member.organisation_id)


def access_onboarding(
    actor: Actor, partnership_id: uuid.UUID | str, member_id: uuid.UUID | str, *, on: dt.date
) -> PartnershipMember:
    partnership = access_partnership(actor, partnership_id, Need.VIEW)
    member = (
        PartnershipMember.objects.select_related(
            "partnership__coordinator", "organisation", "relay", "deputy"
        )
        .filter(pk=_parse(member_id), partnership=partnership)
        .first()
    )
    if member is None or not member.is_active_on(on) or not may_open(actor, member):
        raise Http404
    return member


def own_memberships(
    actor: Actor, partnership: Partnership, *, on: dt.date
) -> list[PartnershipMember]:
    """The memberships of the partnership where the actor is contact person or deputy."""
    if actor.user is None:
        return []
    return list(
        PartnershipMember.objects.active_on(on)
        .filter(partnership=partnership)
        .filter(Q(relay=actor.user) | Q(deputy=actor.user))
        .select_related("organisation")
    )


@dataclass(frozen=True)
class BodySeat:
    body: Body
    advisory: bool
    represented_by_newcomer: bool
    as_deputy: bool


@dataclass(frozen=True)
class AgreementLine:
    row: DocumentRow
    signoff: SignOff | None


@dataclass
class Onboarding:
    member: PartnershipMember
    newcomer: User | None
    purpose: str
    target_groups: str
    change: ContactChange | None
    bodies: list[BodySeat] = field(default_factory=list)
    agreements: list[AgreementLine] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    directory_count: int = 0
    directory_kinds: list[str] = field(default_factory=list)
    directory_checked: tuple[int, int] = (0, 0)
    training: OrganisationCoverage | None = None
    due: list[DueCourse] = field(default_factory=list)
    staff_record: StaffMember | None = None


def build(member: PartnershipMember, *, newcomer: User | None, on: dt.date) -> Onboarding:
    """The onboarding page of `member` for `newcomer` (the person the page is for: the
    reader when they are its contact person or deputy, else its contact person)."""
    partnership = member.partnership
    organisation = member.organisation
    profile = PartnershipProfile.objects.filter(partnership=partnership).first()
    change = (
        ContactChange.objects.filter(member=member)
        .select_related("previous_relay", "new_relay", "previous_deputy", "new_deputy")
        .order_by("-changed_at")
        .first()
    )
    page = Onboarding(
        member=member,
        newcomer=newcomer,
        purpose=(profile.purpose if profile and profile.purpose else partnership.description),
        target_groups=profile.target_groups if profile else "",
        change=change,
    )
    seats = (
        BodyMember.objects.active_on(on)
        .filter(body__partnership=partnership, organisation=organisation)
        .select_related("body")
        .order_by("body__kind", "body__name")
    )
    represented: dict[uuid.UUID, bool] = {}
    if newcomer is not None:
        represented = dict(
            Representative.objects.filter(
                member__body__partnership=partnership, user=newcomer
            ).values_list("member__body_id", "is_deputy")
        )
    page.bodies = [
        BodySeat(
            body=seat.body,
            advisory=seat.advisory,
            represented_by_newcomer=seat.body_id in represented,
            as_deputy=represented.get(seat.body_id, False),
        )
        for seat in seats
    ]
    rows = document_rows(partnership, on=on)
    page.agreements = [
        AgreementLine(row=row, signoff=row.signoffs.get(organisation.pk))
        for row in rows
        if row.in_force is not None
    ]
    page.commitments = list(
        Commitment.objects.filter(
            body__partnership=partnership,
            organisation=organisation,
            status=CommitmentStatus.OPEN,
        )
        .select_related("body", "owner", "meeting")
        .order_by("due_on", "created_at")
    )
    body_ids = [seat.body.pk for seat in page.bodies]
    page.meetings = list(
        Meeting.objects.filter(
            body__partnership=partnership,
            status=MeetingStatus.PLANNED,
            date__gte=on,
        )
        .filter(Q(body_id__in=body_ids) | Q(body__kind=BodyKind.PLENARY))
        .select_related("body")
        .order_by("date", "starts_at")[:UPCOMING_MEETINGS]
    )
    services = Service.objects.filter(partnership=partnership, is_active=True)
    page.directory_count = services.count()
    page.directory_kinds = [
        str(ServiceKind(kind).label)
        for kind in services.values_list("kind", flat=True).distinct().order_by("kind")
        if kind in ServiceKind.values
    ]
    share = checked_share(partnership, on=on)
    page.directory_checked = (share.checked, share.active)
    page.training = next(iter(coverage(partnership, on, organisation=organisation)), None)
    if newcomer is not None:
        record = (
            StaffMember.objects.filter(
                partnership=partnership, organisation=organisation, user=newcomer, is_active=True
            )
            .select_related("role")
            .prefetch_related("competences")
            .first()
        )
        if record is not None:
            page.staff_record = record
            page.due = due_for(record, on=on)
    return page
