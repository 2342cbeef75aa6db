"""The only way to fetch one partnership (or one of its memberships) for a user.

"Not found" and "not allowed" raise the same Http404, so nobody can probe which
partnerships exist.

Who may do what:

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
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from samvern.accounts.models import Membership, Role
from samvern.partnerships.models import Partnership, PartnershipMember

# Roles that manage a partnership when held in its coordinator organisation.
MANAGER_ROLES = frozenset({Role.CONFERENCE_COORDINATOR, Role.ORG_ADMIN})


class Need(enum.Enum):
    VIEW = "view"
    MANAGE = "manage"
    MANAGE_CONTACTS = "manage_contacts"


def _is_authenticated(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active


def _parse_id(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


RolesByOrganisation = dict[uuid.UUID, frozenset[str]]


def roles_by_organisation(actor: Any) -> RolesByOrganisation:
    """The actor's active roles per organisation (active organisations only), in one query.
    Views fetch it once and pass it on as `roles=` to the checks below."""
    if not _is_authenticated(actor):
        return {}
    found: dict[uuid.UUID, set[str]] = {}
    for organisation_id, role in actor.active_memberships().values_list("organisation_id", "role"):
        found.setdefault(organisation_id, set()).add(role)
    return {organisation_id: frozenset(roles) for organisation_id, roles in found.items()}


def actor_organisation_ids(
    actor: Any, *, roles: RolesByOrganisation | None = None
) -> set[uuid.UUID]:
    """Organisations where the actor holds any active role (in an active organisation)."""
    roles = roles_by_organisation(actor) if roles is None else roles
    return set(roles)


def actor_organisation_ids_with(
    actor: Any, wanted: frozenset[str], *, roles: RolesByOrganisation | None = None
) -> set[uuid.UUID]:
    """Organisations where the actor holds at least one of the `wanted` roles."""
    roles = roles_by_organisation(actor) if roles is None else roles
    return {organisation_id for organisation_id, held in roles.items() if held & wanted}


def can_manage(
    actor: Any, partnership: Partnership, *, roles: RolesByOrganisation | None = None
) -> bool:
    roles = roles_by_organisation(actor) if roles is None else roles
    return bool(roles.get(partnership.coordinator_id, frozenset()) & MANAGER_ROLES)


def can_view(
    actor: Any,
    partnership: Partnership,
    *,
    on: dt.date | None = None,
    roles: RolesByOrganisation | None = None,
) -> bool:
    roles = roles_by_organisation(actor) if roles is None else roles
    if not roles:
        return False
    if can_manage(actor, partnership, roles=roles):
        return True
    day = on or timezone.localdate()
    return (
        PartnershipMember.objects.active_on(day)
        .filter(partnership=partnership, organisation_id__in=list(roles))
        .exists()
    )


def can_manage_contacts(
    actor: Any, member: PartnershipMember, *, roles: RolesByOrganisation | None = None
) -> bool:
    """Managers of the partnership, and the member organisation's own administrator while
    it is a member."""
    roles = roles_by_organisation(actor) if roles is None else roles
    if can_manage(actor, member.partnership, roles=roles):
        return True
    return Role.ORG_ADMIN in roles.get(member.organisation_id, frozenset()) and (
        member.is_active_on(timezone.localdate())
    )


def visible_partnerships_q(actor: Any, *, on: dt.date | None = None) -> Q:
    """A filter on Partnership for what `actor` may see; matches nothing for outsiders.
    Built from subqueries, so using it costs no query of its own."""
    if not _is_authenticated(actor):
        return Q(pk__in=[])
    day = on or timezone.localdate()
    roles = Membership.objects.current().filter(user=actor)
    member_of = PartnershipMember.objects.active_on(day).filter(
        organisation_id__in=roles.values("organisation_id")
    )
    managed = roles.filter(role__in=MANAGER_ROLES).values("organisation_id")
    return Q(pk__in=member_of.values("partnership_id")) | Q(coordinator_id__in=managed)


def access_partnership(actor: Any, partnership_id: Any, need: Need = Need.VIEW) -> Partnership:
    pk = _parse_id(partnership_id)
    partnership = (
        Partnership.objects.select_related("coordinator").filter(pk=pk).first()
        if _is_authenticated(actor)
        else None
    )
    if partnership is None:
        raise Http404
    roles = roles_by_organisation(actor)
    if need is Need.VIEW and can_view(actor, partnership, roles=roles):
        return partnership
    if need in (Need.MANAGE, Need.MANAGE_CONTACTS) and can_manage(actor, partnership, roles=roles):
        return partnership
    raise Http404


def access_member(
    actor: Any, partnership: Partnership, member_id: Any, need: Need = Need.VIEW
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
    roles = roles_by_organisation(actor)
    if need is Need.VIEW and can_view(actor, partnership, roles=roles):
        return member
    if need is Need.MANAGE and can_manage(actor, partnership, roles=roles):
        return member
    if need is Need.MANAGE_CONTACTS and can_manage_contacts(actor, member, roles=roles):
        return member
    raise Http404
