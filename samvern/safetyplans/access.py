"""Who may see and write a safety plan: built on `samvern.cases.access`.

A safety plan is case content that every agency in the case should know: a user with case
content access to the person's case (`CaseGrant.content`: a case worker or conference
coordinator of an organisation taking part in the case while it is a member of the
partnership) reads the plan and writes new versions. Everyone else — a conference
coordinator whose organisation does not take part, a data protection officer, an
organisation that left the partnership, an outsider — gets the same `Http404` as for a
person or plan that does not exist. Only a person exposed to violence or a child has a
safety plan; for anyone else the plan pages are missing too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.cases.access import Need, PersonAccess, access_person
from samvern.cases.models import PersonRole
from samvern.safetyplans.models import SafetyPlan, SafetyPlanVersion

PLAN_ROLES = frozenset({PersonRole.EXPOSED, PersonRole.CHILD})
PLAN_NEEDS = (Need.VIEW, Need.EDIT)


@dataclass(frozen=True)
class PlanAccess(PersonAccess):
    """A person whose safety plan the actor may use for the need asked, and the plan
    (None before its first version)."""

    plan: SafetyPlan | None


def access_plan(actor: Actor, person_id: object, need: Need) -> PlanAccess:
    """The safety plan of a person, as far as `need` (VIEW or EDIT) allows; `Http404`
    for a missing person, a person without a plan role and a forbidden one alike."""
    if need not in PLAN_NEEDS:
        raise Http404
    found = access_person(actor, person_id, need)
    if found.person.role not in PLAN_ROLES or not found.grant.content:
        raise Http404
    plan = SafetyPlan.objects.filter(person=found.person).first()
    return PlanAccess(case=found.case, grant=found.grant, person=found.person, plan=plan)


def plan_version(access: PlanAccess, number: object) -> SafetyPlanVersion:
    """One version of the plan the actor was let through to (`Http404` if none)."""
    if access.plan is None:
        raise Http404
    try:
        wanted = int(str(number))
    except ValueError:
        raise Http404 from None
    version = (
        SafetyPlanVersion.objects.select_related("created_by", "organisation")
        .filter(plan=access.plan, number=wanted)
        .first()
    )
    if version is None:
        raise Http404
    return version
