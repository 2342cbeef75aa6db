"""Who may register plans made elsewhere, and the one way to fetch a registered plan."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.places.models import Municipality, Succession
from samvern.plans.access import editable_municipality_ids
from samvern.plans.models import Plan, PlanOrigin


def is_national_analyst(actor: Actor) -> bool:
    return actor.is_authenticated and actor.holds(Role.NATIONAL_ANALYST)


def registrable_municipality_ids(actor: Actor) -> set[int] | None:
    """Municipalities the actor may register plans for; None means every municipality.

    A plan editor's own municipalities, with their predecessors and successors across
    the 2020 reform (a 2024 municipality registers the historical plans of its 2019
    predecessors)."""
    if is_national_analyst(actor):
        return None
    own = {int(pk) for pk in editable_municipality_ids(actor)}
    if not own:
        return set()
    linked = Succession.objects.filter(new_id__in=own).values_list("old_id", flat=True)
    linked_forward = Succession.objects.filter(old_id__in=own).values_list("new_id", flat=True)
    return own | set(linked) | set(linked_forward)


def can_use_registry(actor: Actor) -> bool:
    allowed = registrable_municipality_ids(actor)
    return allowed is None or bool(allowed)


def may_register(allowed: set[int] | None, municipalities: Iterable[Municipality]) -> bool:
    """Whether `allowed` (from registrable_municipality_ids) covers one of the owners."""
    return allowed is None or any(m.pk in allowed for m in municipalities)


def access_registered_plan(*, actor: Actor, plan_id: uuid.UUID | str) -> Plan:
    """A registered plan the actor may correct; Http404 when missing or not theirs."""
    try:
        plan = Plan.objects.prefetch_related("municipalities").get(
            pk=plan_id, origin=PlanOrigin.REGISTERED
        )
    except (Plan.DoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error
    if not may_register(registrable_municipality_ids(actor), plan.municipalities.all()):
        raise Http404
    return plan
