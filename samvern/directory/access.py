"""Who may see and change a partnership's service directory.

- VIEW: whoever may see the partnership (its member organisations' people today, and the
  coordinator's managers): `samvern.partnerships.access`.
- EDIT one entry: the partnership's managers (conference coordinators and organisation
  administrators of the coordinating organisation) for every entry, and a member
  organisation's administrator for the entries of services their organisation runs.
- MANAGE (create entries for anyone, link plan measures, publish the directory): the
  partnership's managers; a member organisation's administrator may create entries for
  their own organisation's services.

Not found and not allowed raise the same Http404. The public page is a separate path that
shows only what a partnership has opted in to.
"""

from __future__ import annotations

import uuid

from django.http import Http404
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.directory.models import DirectorySettings, Service
from samvern.partnerships.access import Need, _parse_id, access_partnership, can_manage
from samvern.partnerships.models import Partnership


def directory_partnership(actor: Actor, partnership_id: uuid.UUID | str) -> Partnership:
    """The partnership whose directory the actor may read, or 404."""
    return access_partnership(actor, partnership_id, Need.VIEW)


def can_create(actor: Actor, partnership: Partnership) -> bool:
    return can_manage(actor, partnership) or bool(writable_organisation_ids(actor, partnership))


def writable_organisation_ids(actor: Actor, partnership: Partnership) -> frozenset[uuid.UUID]:
    """The member organisations (today) whose entries the actor may write as their
    administrator."""
    held = actor.organisation_ids_with(Role.ORG_ADMIN)
    if not held:
        return frozenset()
    active = set(
        partnership.members.active_on(timezone.localdate())
        .filter(organisation_id__in=list(held))
        .values_list("organisation_id", flat=True)
    )
    return frozenset(active)


def can_edit(actor: Actor, service: Service, partnership: Partnership) -> bool:
    if can_manage(actor, partnership):
        return True
    return (
        service.organisation_id is not None
        and service.organisation_id in writable_organisation_ids(actor, partnership)
    )


def access_service(
    actor: Actor, partnership: Partnership, service_id: uuid.UUID | str, *, edit: bool = False
) -> Service:
    """One entry of a directory the caller fetched with `directory_partnership`."""
    pk = _parse_id(service_id)
    service = (
        Service.objects.select_related("organisation")
        .filter(pk=pk, partnership=partnership)
        .first()
    )
    if service is None or (edit and not can_edit(actor, service, partnership)):
        raise Http404
    return service


def public_partnership(partnership_id: uuid.UUID | str) -> Partnership:
    """A partnership whose directory is published, or 404 (the same for every other)."""
    pk = _parse_id(partnership_id)
    partnership = Partnership.objects.filter(
        pk=pk, is_active=True, directory_settings__public_page=True
    ).first()
    if partnership is None:
        raise Http404
    return partnership


def is_published(partnership: Partnership) -> bool:
    return DirectorySettings.objects.filter(partnership=partnership, public_page=True).exists()
