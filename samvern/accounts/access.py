"""The only way to fetch one organisation or membership for a user.

Both "does not exist" and "not yours" raise Http404, so that nobody can learn which
organisations or memberships exist by probing addresses.
"""

from __future__ import annotations

import enum
import uuid

from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import ApiToken, Membership, Organisation, Role


class OrganisationNeed(enum.Enum):
    # Any active member of the organisation.
    VIEW = "view"
    # An active organisation administrator of that very organisation.
    MANAGE_MEMBERS = "manage_members"


def _as_uuid(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def access_organisation(
    actor: Actor, organisation_id: object, need: OrganisationNeed
) -> Organisation:
    """The organisation, if `actor` may do `need` in it; otherwise Http404.

    Superusers get no implicit access: what a person may do comes from memberships only.
    """
    if not actor.is_authenticated:
        raise Http404
    if need is OrganisationNeed.MANAGE_MEMBERS:
        qualifying = actor.organisation_ids_with(Role.ORG_ADMIN)
    else:
        qualifying = actor.organisation_ids
    organisation = Organisation.objects.filter(
        pk=_as_uuid(organisation_id), is_active=True, pk__in=qualifying
    ).first()
    if organisation is None:
        raise Http404
    return organisation


def access_membership(
    actor: Actor, organisation_id: object, membership_id: object, need: OrganisationNeed
) -> Membership:
    """A membership of an organisation `actor` may manage; otherwise Http404."""
    organisation = access_organisation(actor, organisation_id, need)
    membership = (
        Membership.objects.filter(organisation=organisation, pk=_as_uuid(membership_id))
        .select_related("user", "organisation")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def access_api_token(actor: Actor, token_id: object) -> ApiToken:
    """One of the actor's own API tokens; anyone else's (or none) is Http404."""
    if not actor.is_authenticated:
        raise Http404
    token = ApiToken.objects.filter(pk=_as_uuid(token_id), user=actor.user).first()
    if token is None:
        raise Http404
    return token
