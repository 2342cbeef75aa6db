"""The only way to fetch a partnership's governance data for an actor.

"Not found" and "not allowed" raise the same Http404, so nobody can probe which bodies,
meetings or commitments exist.

Who may do what (the partnership's members as `samvern.partnerships.access` decides them,
on the day of the request):

- VIEW everything of a partnership's governance (profile, bodies, meetings, minutes,
  decisions, commitments, papers): the partnership's members and its managers.
- MANAGE the partnership's governance (profile, bodies, every meeting): the partnership's
  managers (conference coordinators and organisation administrators of the coordinating
  organisation) and the coordinator/secretary named in the profile while their
  organisation is a member.
- EDIT one body (its members, meetings, agenda, minutes, decisions, commitments): the
  managers and the body's chair and secretary.
- UPDATE_STATUS of one commitment: the body's editors, the person responsible, the
  responsible organisation's contact person and deputy in the partnership, its
  representatives in the body and its organisation administrators.
- The public sees a partnership's summary only when its profile opts in, and its bodies
  and funding only with their own switches.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.governance.models import (
    Body,
    Commitment,
    Meeting,
    Paper,
    PartnershipProfile,
    Representative,
)
from samvern.partnerships import access as partnership_access
from samvern.partnerships.models import Partnership, PartnershipMember


class Need(enum.Enum):
    VIEW = "view"
    MANAGE = "manage"
    EDIT = "edit"
    UPDATE_STATUS = "update_status"


def parse_id(value: object) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


@dataclass(frozen=True)
class PartnershipGrant:
    """What the actor may do with one partnership's governance."""

    partnership: Partnership
    manages: bool


@dataclass(frozen=True)
class BodyAccess:
    body: Body
    grant: PartnershipGrant
    edits: bool


@dataclass(frozen=True)
class MeetingAccess:
    meeting: Meeting
    body: BodyAccess

    @property
    def edits(self) -> bool:
        return self.body.edits


@dataclass(frozen=True)
class CommitmentAccess:
    commitment: Commitment
    body: BodyAccess
    updates_status: bool


def _profile(partnership: Partnership) -> PartnershipProfile | None:
    try:
        profile: PartnershipProfile = partnership.governance_profile
    except PartnershipProfile.DoesNotExist:
        return None
    return profile


def is_manager(actor: Actor, partnership: Partnership, *, member: bool) -> bool:
    """`member`: whether the actor is a member of the partnership (already decided)."""
    if partnership_access.can_manage(actor, partnership):
        return True
    profile = _profile(partnership)
    return (
        member
        and profile is not None
        and actor.user is not None
        and profile.secretariat_contact_id == actor.user.pk
    )


def grant_for(actor: Actor, partnership: Partnership) -> PartnershipGrant | None:
    if not actor.is_authenticated:
        return None
    member = partnership_access.can_view(actor, partnership)
    if not member:
        return None
    return PartnershipGrant(partnership, manages=is_manager(actor, partnership, member=True))


def visible_partnerships(actor: Actor) -> QuerySet[Partnership]:
    return Partnership.objects.filter(partnership_access.visible_partnerships_q(actor))


def access_governance(
    actor: Actor, partnership_id: uuid.UUID | str, need: Need = Need.VIEW
) -> PartnershipGrant:
    pk = parse_id(partnership_id)
    partnership = (
        Partnership.objects.select_related("coordinator", "governance_profile")
        .filter(pk=pk)
        .first()
        if actor.is_authenticated
        else None
    )
    if partnership is None:
        raise Http404
    grant = grant_for(actor, partnership)
    if grant is None or (need is not Need.VIEW and not grant.manages):
        raise Http404
    return grant


def edits_body(actor: Actor, grant: PartnershipGrant, body: Body) -> bool:
    if grant.manages:
        return True
    return actor.user is not None and actor.user.pk in (body.chair_id, body.secretary_id)


def _body_access(actor: Actor, body: Body | None, need: Need) -> BodyAccess:
    if body is None:
        raise Http404
    grant = grant_for(actor, body.partnership)
    if grant is None:
        raise Http404
    edits = edits_body(actor, grant, body)
    if need is Need.MANAGE and not grant.manages:
        raise Http404
    if need is Need.EDIT and not edits:
        raise Http404
    return BodyAccess(body=body, grant=grant, edits=edits)


_BODY_RELATED = (
    "partnership__coordinator",
    "partnership__governance_profile",
    "chair",
    "secretary",
)


def access_body(actor: Actor, body_id: uuid.UUID | str, need: Need = Need.VIEW) -> BodyAccess:
    pk = parse_id(body_id)
    body = (
        Body.objects.select_related(*_BODY_RELATED).filter(pk=pk).first()
        if actor.is_authenticated
        else None
    )
    return _body_access(actor, body, need)


def access_meeting(
    actor: Actor, meeting_id: uuid.UUID | str, need: Need = Need.VIEW
) -> MeetingAccess:
    pk = parse_id(meeting_id)
    meeting = (
        Meeting.objects.select_related(*(f"body__{name}" for name in _BODY_RELATED))
        .filter(pk=pk)
        .first()
        if actor.is_authenticated
        else None
    )
    if meeting is None:
        raise Http404
    return MeetingAccess(meeting=meeting, body=_body_access(actor, meeting.body, need))


def updates_status(actor: Actor, body: BodyAccess, commitment: Commitment, day: dt.date) -> bool:
    """Whether the actor may record the status of the commitment (see the module)."""
    if body.edits:
        return True
    user = actor.user
    if user is None:
        return False
    organisation_id = commitment.organisation_id
    if commitment.owner_id == user.pk:
        return True
    if Role.ORG_ADMIN in actor.roles_in(organisation_id):
        return True
    relay = (
        PartnershipMember.objects.active_on(day)
        .filter(partnership_id=body.body.partnership_id, organisation_id=organisation_id)
        .filter(Q(relay=user) | Q(deputy=user))
        .exists()
    )
    if relay:
        return True
    return Representative.objects.filter(
        member__body_id=body.body.pk, member__organisation_id=organisation_id, user=user
    ).exists()


def access_commitment(
    actor: Actor, commitment_id: uuid.UUID | str, need: Need = Need.VIEW
) -> CommitmentAccess:
    pk = parse_id(commitment_id)
    commitment = (
        Commitment.objects.select_related(
            "organisation",
            "owner",
            "meeting",
            "decision",
            *(f"body__{name}" for name in _BODY_RELATED),
        )
        .filter(pk=pk)
        .first()
        if actor.is_authenticated
        else None
    )
    if commitment is None:
        raise Http404
    body = _body_access(actor, commitment.body, Need.EDIT if need is Need.EDIT else Need.VIEW)
    may_update = updates_status(actor, body, commitment, timezone.localdate())
    if need is Need.UPDATE_STATUS and not may_update:
        raise Http404
    return CommitmentAccess(commitment=commitment, body=body, updates_status=may_update)


def access_paper(actor: Actor, paper_id: uuid.UUID | str) -> tuple[Paper, MeetingAccess]:
    pk = parse_id(paper_id)
    paper = (
        Paper.objects.select_related("item__meeting").filter(pk=pk).first()
        if actor.is_authenticated
        else None
    )
    if paper is None:
        raise Http404
    return paper, access_meeting(actor, paper.item.meeting_id, Need.VIEW)


def public_profile(partnership_id: uuid.UUID | str) -> PartnershipProfile:
    """A partnership's profile for anyone, when it opted in to a public page."""
    pk = parse_id(partnership_id)
    profile = (
        PartnershipProfile.objects.select_related("partnership", "lead_organisation", "secretariat")
        .filter(partnership_id=pk, is_public=True, partnership__is_active=True)
        .first()
    )
    if profile is None:
        raise Http404
    return profile


def commitment_organisation_ids(actor: Actor) -> frozenset[uuid.UUID]:
    """The organisations whose commitments the actor sees on "our commitments": those
    they act for or hold a role in."""
    return frozenset(actor.organisation_ids)
