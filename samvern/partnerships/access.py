"""The only way to fetch one partnership (or one of its memberships) for an actor.

"Not found" and "not allowed" raise the same Http404, so nobody can probe which
partnerships exist.

Who may do what (roles as the `Actor` holds them today, in any of their organisations,
whichever organisation they act for):

- VIEW: anyone with an active role in an organisation that is a member of the partnership
  today, and the coordinator organisation's managers.
- MANAGE (add and remove members, set any member's contact person and deputy): a
  conference coordinator or organisation administrator of the coordinator organisation.
- MANAGE_CONTACTS on one membership: the partnership's managers, and the organisation
  administrator of that member organisation for its own contact person, deputy and
  hand-over notes.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.partnerships.models import Partnership, PartnershipMember

# Roles that manage a partnership when held in its coordinator organisation.
MANAGER_ROLES = frozenset({Role.CONFERENCE_COORDINATOR, Role.ORG_ADMIN})


class Need(enum.Enum):
    VIEW = "view"
    MANAGE = "manage"
    MANAGE_CONTACTS = "manage_contacts"


def _parse_id(value: object) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def coordinator_ids(actor: Actor) -> frozenset[uuid.UUID]:
    """Organisations for which the actor may start (and manage) a partnership."""
    return actor.organisation_ids_with(*MANAGER_ROLES)


def can_manage(actor: Actor, partnership: Partnership) -> bool:
    return bool(actor.roles_in(partnership.coordinator_id) & MANAGER_ROLES)


def can_view(actor: Actor, partnership: Partnership, *, on: dt.date | None = None) -> bool:
    own = actor.organisation_ids
    if not own:
        return False
    if can_manage(actor, partnership):
        return True
    day = on or timezone.localdate()
    return (
        PartnershipMember.objects.active_on(day)
        .filter(partnership=partnership, organisation_id__in=list(own))
        .exists()
    )


def can_manage_contacts(actor: Actor, member: PartnershipMember) -> bool:
    """Managers of the partnership, and the member organisation's own administrator while
    it is a member."""
    if can_manage(actor, member.partnership):
        return True
    return Role.ORG_ADMIN in actor.roles_in(member.organisation_id) and (
        member.is_active_on(timezone.localdate())
    )


def visible_partnerships_q(actor: Actor, *, on: dt.date | None = None) -> Q:
    """A filter on Partnership for what `actor` may see; matches nothing for outsiders.
    Built from the actor's memberships and a subquery, so using it costs no query of
    its own."""
    own = actor.organisation_ids
    if not actor.is_authenticated or not own:
        return Q(pk__in=[])
    day = on or timezone.localdate()
    member_of = PartnershipMember.objects.active_on(day).filter(organisation_id__in=list(own))
    return Q(pk__in=member_of.values("partnership_id")) | Q(
        coordinator_id__in=list(coordinator_ids(actor))
    )


def access_partnership(
    actor: Actor, partnership_id: uuid.UUID | str, need: Need = Need.VIEW
) -> Partnership:
    pk = _parse_id(partnership_id)
    partnership = (
        Partnership.objects.select_related("coordinator").filter(pk=pk).first()
        if actor.is_authenticated
        else None
    )
    if partnership is None:
        raise Http404
    if need is Need.VIEW and can_view(actor, partnership):
        return partnership
    if need in (Need.MANAGE, Need.MANAGE_CONTACTS) and can_manage(actor, partnership):
        return partnership
    raise Http404


def access_member(
    actor: Actor, partnership: Partnership, member_id: uuid.UUID | str, need: Need = Need.VIEW
) -> PartnershipMember:
    """One membership of a partnership the caller already fetched with `access_partnership`."""
    pk = _parse_id(member_id)
    member = (
        PartnershipMember.objects.select_related(
            "partnership__coordinator", "organisation", "relay", "deputy"
        )
        .filter(pk=pk, partnership=partnership)
        .first()
    )
    if member is None:
        raise Http404
    if need is Need.VIEW and can_view(actor, partnership):
        return member
    if need is Need.MANAGE and can_manage(actor, partnership):
        return member
    if need is Need.MANAGE_CONTACTS and can_manage_contacts(actor, member):
        return member
    raise Http404
