"""Who may see and change a partnership's agreements, protocols and routines.

- VIEW: whoever may view the partnership (partnerships.access.can_view: an active role in
  a member organisation today, or a manager of the coordinator organisation).
- EDIT (write a document, change its owner or review date, write a draft, put a version
  in force, link plan measures): the partnership's managers (the coordinator
  organisation's conference coordinators and organisation administrators) and the
  document's owner person while they still hold a role in the owner organisation.
- SIGN for an organisation: the organisation administrator of that organisation, or the
  organisation's named contact person (relay) in the partnership, while the organisation
  is a member. The relay is the senior person the partnership names for each partner; the
  organisation administrator is who the organisation itself has given authority over its
  memberships. The deputy does not sign: sign-off binds the organisation.

Everything not allowed raises the same Http404 as something that does not exist.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, Role
from samvern.agreements.models import Document
from samvern.partnerships.access import Need, access_partnership, can_manage, can_view
from samvern.partnerships.models import Partnership, PartnershipMember


def _parse_id(value: object) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def partnership_for(actor: Actor, partnership_id: object) -> Partnership:
    return access_partnership(actor, _parse_id(partnership_id), Need.VIEW)


def can_edit(actor: Actor, document: Document) -> bool:
    if not actor.is_authenticated:
        return False
    if can_manage(actor, document.partnership):
        return True
    return (
        document.owner_person_id is not None
        and document.owner_person_id == actor.user_id
        and bool(actor.roles_in(document.owner_organisation_id))
    )


def can_create(actor: Actor, partnership: Partnership) -> bool:
    return actor.is_authenticated and can_manage(actor, partnership)


def signing_organisations(
    actor: Actor, partnership: Partnership, *, on: dt.date
) -> list[Organisation]:
    """The member organisations (today) the actor may sign for."""
    if not actor.is_authenticated or actor.user_id is None:
        return []
    admin_of = actor.organisation_ids_with(Role.ORG_ADMIN)
    members = PartnershipMember.objects.active_on(on).filter(partnership=partnership)
    found = members.filter(organisation_id__in=list(admin_of)) | members.filter(
        relay_id=actor.user_id, organisation_id__in=list(actor.organisation_ids)
    )
    organisations = {member.organisation for member in found.select_related("organisation")}
    return sorted(organisations, key=lambda org: org.name)


def can_sign_for(
    actor: Actor, partnership: Partnership, organisation: Organisation, *, on: dt.date
) -> bool:
    return any(
        org.pk == organisation.pk for org in signing_organisations(actor, partnership, on=on)
    )


def access_document(
    actor: Actor, partnership: Partnership, document_id: object, *, edit: bool = False
) -> Document:
    """One document of a partnership the caller fetched with `partnership_for`."""
    pk = _parse_id(document_id)
    document = (
        Document.objects.select_related(
            "partnership__coordinator", "owner_organisation", "owner_person"
        )
        .filter(pk=pk, partnership=partnership)
        .first()
    )
    if document is None or not can_view(actor, partnership):
        raise Http404
    if edit and not can_edit(actor, document):
        raise Http404
    return document
