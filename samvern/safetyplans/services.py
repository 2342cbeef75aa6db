"""Writing safety plans and reading them, audited.

Every change is a new version (`save_version`): numbered from 1, with who wrote it for
which organisation, the day, and a change note. Every read of a plan — its page, one
version, the list of versions, a comparison, the PDF, the API — goes through a `read_*`
function that asks `samvern.safetyplans.access` and records the read in the same
transaction, so nothing is shown without its event. Events name the case (`detail.case`,
for "who has seen this case"), the person and the version, never the plan's content; a
new version's event names the sections it changed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.cases.access import Need, today
from samvern.cases.models import Person
from samvern.cases.services import CaseRuleError, record_read
from samvern.cases.services.common import audit_case_event, require_content_role
from samvern.safetyplans import selectors
from samvern.safetyplans.access import PlanAccess, access_plan, plan_version
from samvern.safetyplans.content import (
    OrganisationRef,
    PersonalAlarm,
    PlanContent,
    normalised,
    to_json,
)
from samvern.safetyplans.diff import PlanDiff, changed_section_keys, compare
from samvern.safetyplans.models import SafetyPlan, SafetyPlanVersion

PLAN_CREATED = "safetyplans.plan.created"
PLAN_REVISED = "safetyplans.plan.revised"
PLAN_VIEWED = "safetyplans.plan.viewed"
PLAN_EDIT_VIEWED = "safetyplans.plan.edit_viewed"
VERSION_VIEWED = "safetyplans.version.viewed"
VERSIONS_LISTED = "safetyplans.versions.listed"
VERSIONS_COMPARED = "safetyplans.versions.compared"
PLAN_PRINTED = "safetyplans.plan.printed"


class SafetyPlanError(CaseRuleError):
    """A rule of safety plans refused the change; the message is for the user."""


@dataclass(frozen=True)
class VersionData:
    """A new version as the writer gave it. `based_on` is the version the writer started
    from (0 for a new plan); when another version was saved meanwhile the change is
    refused rather than silently overwriting it. None skips that check (API callers that
    do not send it)."""

    content: PlanContent
    note: str = ""
    based_on: int | None = None


# --- the protected address -------------------------------------------------------------------


def protected_strings(person: Person) -> list[str]:
    """The parts of a protected address that must never be printed or written into a
    plan: the street address and the postal code. Empty when the address is not
    protected. (Compared with, never displayed.)"""
    if not person.protected_address:
        return []
    return [value.strip() for value in (person.street_address, person.postal_code) if value.strip()]


def _pattern(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE)


def contains_protected_address(person: Person, text: str) -> bool:
    return any(_pattern(value).search(text) for value in protected_strings(person))


def redact(person: Person, text: str) -> str:
    """`text` with every part of the person's protected address replaced."""
    for value in protected_strings(person):
        text = _pattern(value).sub(_("[protected address]"), text)
    return text


# --- writing ------------------------------------------------------------------------------------


def _named(
    content: PlanContent,
    *,
    allowed: dict[str, str],
    previous: set[OrganisationRef],
) -> tuple[PlanContent, list[str]]:
    """The content with every organisation named as it is called today, and the names
    of organisations it may not name: one must take part in the case, unless the very
    same reference was in the previous version (a commitment kept as it was)."""
    refused: list[str] = []

    def resolve(ref: OrganisationRef) -> OrganisationRef:
        if ref.id in allowed:
            return OrganisationRef(id=ref.id, name=allowed[ref.id])
        kept = next((p for p in previous if p.id == ref.id), None)
        if kept is None:
            refused.append(ref.name or ref.id)
            return ref
        return kept

    commitments = tuple(
        replace(c, organisation=resolve(c.organisation)) for c in content.agencies.commitments
    )
    issued_by = content.alarms.alarm_issued_by
    alarms = replace(content.alarms, alarm_issued_by=resolve(issued_by) if issued_by else None)
    named = replace(
        content, alarms=alarms, agencies=replace(content.agencies, commitments=commitments)
    )
    return named, refused


def _check(content: PlanContent, *, person: Person, refused: list[str]) -> None:
    errors: list[str] = []
    if refused:
        errors.append(
            _("Only organisations taking part in the case can be named in the plan: %(names)s.")
            % {"names": ", ".join(sorted(set(refused)))}
        )
    alarms = content.alarms
    if alarms.personal_alarm == PersonalAlarm.ISSUED and alarms.alarm_issued_by is None:
        errors.append(_("Say which organisation issued the personal alarm."))
    if any(not c.action for c in content.agencies.commitments):
        errors.append(_("Say what each organisation will do."))
    if any(contains_protected_address(person, text) for text in content.texts()):
        errors.append(
            _(
                "The plan contains the person's protected address. Leave it out: the plan "
                "is read by every agency in the case and printed."
            )
        )
    if errors:
        raise SafetyPlanError(errors)


@transaction.atomic
def save_version(
    *, actor: Actor, access: PlanAccess, data: VersionData, day: dt.date | None = None
) -> SafetyPlanVersion:
    """A new version of the person's safety plan (the first one makes the plan)."""
    organisation = require_content_role(actor)
    assert actor.user is not None
    if not access.grant.allows(Need.EDIT) or access.grant.organisation.pk != organisation.pk:
        raise SafetyPlanError(_("You may not change this safety plan."))
    day = day or today()
    person = access.person
    plan, _created = SafetyPlan.objects.select_for_update().get_or_create(
        person=person, defaults={"case": access.case}
    )
    current = plan.current_number
    if data.based_on is not None and data.based_on != current:
        raise SafetyPlanError(
            _(
                "Someone saved version %(number)s of the plan while you were writing. Read "
                "it and make your change again."
            )
            % {"number": current}
        )
    previous = (
        SafetyPlanVersion.objects.get(plan=plan, number=current).plan_content if current else None
    )
    content, refused = _named(
        normalised(data.content),
        allowed={
            str(o.pk): o.name
            for o in selectors.participating_organisations(case=access.case, day=day)
        },
        previous=set(previous.organisation_refs()) if previous else set(),
    )
    _check(content, person=person, refused=refused)
    if previous is not None and previous == content:
        raise SafetyPlanError(_("Nothing was changed, so no new version was saved."))
    note = data.note.strip()
    if current and not note:
        raise ValidationError({"note": [_("Say what changed and why.")]})
    version = SafetyPlanVersion.objects.create(
        plan=plan,
        number=current + 1,
        content=to_json(content),
        made_on=day,
        created_by=actor.user,
        organisation=organisation,
        note=note,
    )
    plan.current_number = version.number
    plan.save(update_fields=["current_number", "updated_at"])
    audit_case_event(
        actor=actor,
        action=PLAN_CREATED if version.number == 1 else PLAN_REVISED,
        case=access.case,
        target=plan,
        detail={
            "person": str(person.pk),
            "version": version.number,
            "sections": changed_section_keys(previous, content),
        },
    )
    return version


# --- reading ------------------------------------------------------------------------------------


def _record(
    *,
    actor: Actor,
    access: PlanAccess,
    action: str,
    via: str | None,
    detail: dict[str, object] | None = None,
) -> None:
    record_read(
        actor=actor,
        case=access.case,
        action=action,
        target=access.plan if access.plan is not None else access.person,
        detail={
            "person": str(access.person.pk),
            **({"via": via} if via else {}),
            **(detail or {}),
        },
    )


def current_version(access: PlanAccess) -> SafetyPlanVersion | None:
    if access.plan is None or not access.plan.current_number:
        return None
    return plan_version(access, access.plan.current_number)


@transaction.atomic
def read_plan(
    actor: Actor, person_id: object, *, via: str | None = None
) -> tuple[PlanAccess, SafetyPlanVersion | None]:
    """The person's plan and its current version (None before the first), read."""
    access = access_plan(actor, person_id, Need.VIEW)
    version = current_version(access)
    _record(
        actor=actor,
        access=access,
        action=PLAN_VIEWED,
        via=via,
        detail={"version": version.number if version else None},
    )
    return access, version


@transaction.atomic
def record_edit_read(
    *, actor: Actor, access: PlanAccess, version: SafetyPlanVersion | None
) -> None:
    """The edit page shows the current content in its form: a read, recorded when the
    page is shown (not when a saved version redirects)."""
    _record(
        actor=actor,
        access=access,
        action=PLAN_EDIT_VIEWED,
        via=None,
        detail={"version": version.number if version else None},
    )


@transaction.atomic
def read_version(
    actor: Actor, person_id: object, number: object, *, via: str | None = None
) -> tuple[PlanAccess, SafetyPlanVersion]:
    access = access_plan(actor, person_id, Need.VIEW)
    version = plan_version(access, number)
    _record(
        actor=actor,
        access=access,
        action=VERSION_VIEWED,
        via=via,
        detail={"version": version.number},
    )
    return access, version


@transaction.atomic
def read_versions(
    actor: Actor, person_id: object, *, via: str | None = None
) -> tuple[PlanAccess, list[SafetyPlanVersion]]:
    access = access_plan(actor, person_id, Need.VIEW)
    found = selectors.versions(access.plan)
    _record(
        actor=actor,
        access=access,
        action=VERSIONS_LISTED,
        via=via,
        detail={"versions": [v.number for v in found]},
    )
    return access, found


@dataclass(frozen=True)
class Comparison:
    access: PlanAccess
    before: SafetyPlanVersion
    after: SafetyPlanVersion
    diff: PlanDiff


@transaction.atomic
def read_comparison(
    actor: Actor, person_id: object, before: object, after: object, *, via: str | None = None
) -> Comparison:
    """Two versions of the plan and what changed from the first to the second."""
    access = access_plan(actor, person_id, Need.VIEW)
    old = plan_version(access, before)
    new = plan_version(access, after)
    _record(
        actor=actor,
        access=access,
        action=VERSIONS_COMPARED,
        via=via,
        detail={"versions": [old.number, new.number]},
    )
    return Comparison(
        access=access, before=old, after=new, diff=compare(old.plan_content, new.plan_content)
    )


@transaction.atomic
def read_for_print(
    actor: Actor, person_id: object, number: object | None = None
) -> tuple[PlanAccess, SafetyPlanVersion]:
    """A version (the current one unless `number` is given) for the PDF, recorded as
    printed with the recipient's organisation."""
    access = access_plan(actor, person_id, Need.VIEW)
    if number is None:
        version = current_version(access)
        if version is None:
            raise Http404
    else:
        version = plan_version(access, number)
    _record(
        actor=actor,
        access=access,
        action=PLAN_PRINTED,
        via=None,
        detail={"version": version.number, "format": "pdf"},
    )
    return access, version
