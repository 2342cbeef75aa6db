"""The only way to fetch one plan or plan version for a user.

Who may do what with a plan:

* EDIT — a member with the plan_editor role in an active municipality organisation that
  serves one of the plan's owning municipalities (co-owners of an inter-municipal plan
  edit it together).
* VIEW, all versions including drafts — the editors above and members with plan_reader
  in such an organisation (e.g. councillors and unit managers).
* A municipality invited to co-own a plan has no part in it until one of its plan editors
  accepts the invitation (access_invitation); only then is it an owner as above.
* VIEW, public — everybody else, anonymous users included, sees only versions at least
  one council has adopted (never drafts, never withdrawn versions).
* REPORT on one measure of an adopted version, without any other access to the plan:
  the measure's named responsible user, and — for a measure owned by a partner agency
  (`Measure.responsible_organisation`: police, crisis centre, health trust …) — the
  organisation's plan editors. The named person of a partner-owned measure reports only
  while they are a current member of that organisation. The organisation's plan readers
  follow its measures ("My measures", the round page) without reporting.

Missing and forbidden look the same: both raise Http404.
"""

from __future__ import annotations

import enum
import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import OrganisationKind, Role
from samvern.plans.models import ADOPTED_STATUSES, CoOwnerInvitation, Measure, Plan, PlanVersion

PUBLIC_STATUSES = frozenset(ADOPTED_STATUSES)


class Need(enum.Enum):
    VIEW = "view"
    EDIT = "edit"


def editable_municipality_ids(actor: Actor) -> frozenset[int]:
    """Municipalities whose plans the actor edits: plan_editor in a municipality
    organisation serving them (current memberships only)."""
    return actor.municipality_ids_with(Role.PLAN_EDITOR, kind=OrganisationKind.MUNICIPALITY)


def readable_municipality_ids(actor: Actor) -> frozenset[int]:
    """Municipalities whose plans (drafts included) the actor reads."""
    return actor.municipality_ids_with(
        Role.PLAN_EDITOR, Role.PLAN_READER, kind=OrganisationKind.MUNICIPALITY
    )


def _owner_ids(plan: Plan) -> set[int]:
    cached: set[int] | None = getattr(plan, "_owner_ids", None)
    if cached is None:
        cached = {m.pk for m in plan.municipalities.all()}
        plan._owner_ids = cached  # type: ignore[attr-defined]
    return cached


def can_edit_plan(actor: Actor, plan: Plan) -> bool:
    return bool(editable_municipality_ids(actor) & _owner_ids(plan))


def can_read_drafts(actor: Actor, plan: Plan) -> bool:
    return bool(readable_municipality_ids(actor) & _owner_ids(plan))


def public_versions_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": [s.value for s in PUBLIC_STATUSES]})


def visible_plans(actor: Actor) -> QuerySet[Plan]:
    """Plans the actor may open: their own municipalities' plans in any state, and every
    plan with at least one publicly adopted version."""
    public = Exists(PlanVersion.objects.filter(public_versions_q(), plan=OuterRef("pk")))
    readable = readable_municipality_ids(actor)
    condition = Q(public)
    if readable:
        condition |= Q(municipalities__in=readable)
    return Plan.objects.filter(condition).distinct()


def visible_versions(actor: Actor, plan: Plan) -> QuerySet[PlanVersion]:
    versions = plan.versions.all()
    if can_read_drafts(actor, plan):
        return versions
    return versions.filter(public_versions_q())


def access_plan(actor: Actor, plan_id: uuid.UUID | str, need: Need = Need.VIEW) -> Plan:
    try:
        plan = Plan.objects.prefetch_related("municipalities").get(pk=plan_id)
    except (Plan.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if need is Need.EDIT:
        if not can_edit_plan(actor, plan):
            raise Http404
    elif (
        not can_read_drafts(actor, plan) and not plan.versions.filter(public_versions_q()).exists()
    ):
        raise Http404
    return plan


def access_version(
    actor: Actor, version_id: uuid.UUID | str, need: Need = Need.VIEW, *, plan: Plan | None = None
) -> PlanVersion:
    """A version of `plan` (when given) the actor may see or edit; Http404 otherwise."""
    versions = PlanVersion.objects.select_related("plan", "previous")
    if plan is not None:
        versions = versions.filter(plan=plan)
    try:
        version = versions.get(pk=version_id)
    except (PlanVersion.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if plan is not None:
        version.plan = plan
    owner = version.plan
    if need is Need.EDIT:
        if not can_edit_plan(actor, owner):
            raise Http404
    elif not can_read_drafts(actor, owner) and version.status not in PUBLIC_STATUSES:
        raise Http404
    return version


# Roles in a partner organisation that report on the organisation's measures, and those
# that only follow them.
REPORTING_ROLES = frozenset({Role.PLAN_EDITOR})
FOLLOWING_ROLES = frozenset({Role.PLAN_EDITOR, Role.PLAN_READER})


def _responsible_q(actor: Actor, roles: frozenset[str], prefix: str = "") -> Q:
    """Measures the actor answers for as a person or through their organisation's roles."""
    if not actor.is_authenticated:
        return Q(pk__in=[])
    named = Q(**{f"{prefix}responsible_user": actor.user}) & (
        Q(**{f"{prefix}responsible_organisation__isnull": True})
        | Q(**{f"{prefix}responsible_organisation__in": actor.organisation_ids})
    )
    organisations = actor.organisation_ids_with(*roles)
    if organisations:
        return named | Q(**{f"{prefix}responsible_organisation__in": organisations})
    return named


def _answers_for(actor: Actor, measure: Measure, roles: frozenset[str]) -> bool:
    if not actor.is_authenticated:
        return False
    organisation_id = measure.responsible_organisation_id
    if measure.responsible_user_id == actor.user_id and (
        organisation_id is None or organisation_id in actor.organisation_ids
    ):
        return True
    return organisation_id is not None and organisation_id in actor.organisation_ids_with(*roles)


def followed_measures_q(actor: Actor, prefix: str = "") -> Q:
    """Measures the actor follows without reading the plan's drafts: their own, and those
    of the partner organisations where they hold a plan role."""
    return _responsible_q(actor, FOLLOWING_ROLES, prefix)


def reported_measures_q(actor: Actor, prefix: str = "") -> Q:
    """Measures the actor may report on without editing the plan."""
    return _responsible_q(actor, REPORTING_ROLES, prefix)


def follows_measure(actor: Actor, measure: Measure) -> bool:
    return _answers_for(actor, measure, FOLLOWING_ROLES)


def reports_on_measure(actor: Actor, measure: Measure) -> bool:
    """Whether the actor reports on `measure` as its responsible (no query: the measure's
    ids and the actor's memberships decide). The plan's editors report on every measure;
    see `services.can_report_on`."""
    return _answers_for(actor, measure, REPORTING_ROLES)


def access_invitation(actor: Actor, invitation_id: uuid.UUID | str) -> CoOwnerInvitation:
    """A co-ownership invitation to a municipality the actor edits plans for. Nobody else
    sees it, the inviting owners included: they follow it on the plan's page."""
    try:
        invitation = CoOwnerInvitation.objects.select_related(
            "plan", "municipality", "invited_by"
        ).get(pk=invitation_id)
    except (CoOwnerInvitation.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if invitation.municipality_id not in editable_municipality_ids(actor):
        raise Http404
    return invitation
