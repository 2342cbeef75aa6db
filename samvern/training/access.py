"""Who may see and change a partnership's training records.

- VIEW (events, plans, the coverage per organisation and role in figures): whoever may
  see the partnership (`samvern.partnerships.access`).
- Staff names and each person's competence: the partnership's managers and the
  organisation's own administrators.
- MANAGE (events, plans, participants of any member organisation): the partnership's
  managers (conference coordinators and organisation administrators of the coordinator).
- An organisation's target roles, staff and competence records: the managers and that
  member organisation's administrator.

Not found and not allowed raise the same Http404.
"""

from __future__ import annotations

import uuid

from django.http import Http404
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, Role
from samvern.partnerships.access import Need, _parse_id, access_partnership, can_manage
from samvern.partnerships.models import Partnership
from samvern.training.models import TrainingEvent


def training_partnership(actor: Actor, partnership_id: uuid.UUID | str) -> Partnership:
    return access_partnership(actor, partnership_id, Need.VIEW)


def member_organisation_ids(partnership: Partnership) -> frozenset[uuid.UUID]:
    return frozenset(
        partnership.members.active_on(timezone.localdate()).values_list(
            "organisation_id", flat=True
        )
    )


def can_write_for(actor: Actor, partnership: Partnership, organisation_id: uuid.UUID) -> bool:
    """May the actor change this member organisation's roles, staff and records?"""
    if can_manage(actor, partnership):
        return True
    return Role.ORG_ADMIN in actor.roles_in(organisation_id) and (
        organisation_id in member_organisation_ids(partnership)
    )


def writable_organisation_ids(actor: Actor, partnership: Partnership) -> frozenset[uuid.UUID]:
    members = member_organisation_ids(partnership)
    if can_manage(actor, partnership):
        return members
    return members & actor.organisation_ids_with(Role.ORG_ADMIN)


def access_organisation(
    actor: Actor, partnership: Partnership, organisation_id: uuid.UUID | str
) -> Organisation:
    """A member organisation of a partnership the caller may see, or 404."""
    pk = _parse_id(organisation_id)
    if pk not in member_organisation_ids(partnership):
        raise Http404
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def access_event(
    actor: Actor, partnership: Partnership, event_id: uuid.UUID | str
) -> TrainingEvent:
    pk = _parse_id(event_id)
    event = (
        TrainingEvent.objects.select_related("organiser")
        .filter(pk=pk, partnership=partnership)
        .first()
    )
    if event is None:
        raise Http404
    return event
