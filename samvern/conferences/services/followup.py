"""Recording a case's outcome follow-up, the partnership's follow-up months, and the
audited reads of both (samvern/conferences/followup.py has the dates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import OrganisationKind
from samvern.audit.services import audit_log
from samvern.cases.selectors import current_participant_organisations
from samvern.cases.services import CaseRuleError, record_read
from samvern.cases.services.common import audit_case_event
from samvern.conferences import followup
from samvern.conferences.access import FollowUpAccess, lead_partnerships_q
from samvern.conferences.models import Answer, FollowUp, FollowUpCheckpoint, FollowUpSettings
from samvern.core import limits
from samvern.core.numbers import format_number
from samvern.partnerships.models import Partnership

FOLLOW_UP_RECORDED = "conference.followup.recorded"
FOLLOW_UP_VIEWED = "conference.followup.viewed"
FOLLOW_UPS_LISTED = "conference.followup.due_listed"
SETTINGS_CHANGED = "conference.followup.settings_changed"


class FollowUpRuleError(CaseRuleError):
    """A rule of the follow-up refused the operation; the message is for the user."""


def police_take_part(access: FollowUpAccess, *, day: dt.date) -> bool:
    return (
        current_participant_organisations(case=access.case.case, day=day)
        .filter(kind=OrganisationKind.POLICE)
        .exists()
    )


@dataclass(frozen=True)
class FollowUpData:
    new_incident: str
    new_referral: bool
    safe_housing: str
    in_contact: str
    checked_police_records: bool = False
    note: str = ""


@transaction.atomic
def record_follow_up(
    *,
    actor: Actor,
    access: FollowUpAccess,
    checkpoint: int,
    data: FollowUpData,
    today: dt.date,
) -> FollowUp:
    """Record one follow-up of the case, once it is due; each is recorded once."""
    if not access.lead or actor.user is None or actor.organisation is None:
        raise FollowUpRuleError(_("Only the case's lead organisation records its follow-up."))
    if checkpoint not in FollowUpCheckpoint.values:
        raise FollowUpRuleError(_("Choose the first or the second follow-up."))
    for name, value in (
        ("new_incident", data.new_incident),
        ("safe_housing", data.safe_housing),
        ("in_contact", data.in_contact),
    ):
        if value not in Answer.values:
            raise FollowUpRuleError({name: _("Answer yes, no or not known.")})
    note = data.note.strip()
    if len(note) > limits.COMMENT:
        raise FollowUpRuleError(
            {
                "note": _("Write at most %(limit)s characters.")
                % {"limit": format_number(limits.COMMENT)}
            }
        )
    if data.checked_police_records and not police_take_part(access, day=today):
        raise FollowUpRuleError(
            {"checked_police_records": _("The police do not take part in this case.")}
        )
    case = access.case.case
    due = next(
        (d for d in followup.case_schedule(case) if d.checkpoint == checkpoint),
        None,
    )
    if due is None:
        raise FollowUpRuleError(_("The case has not been heard at a conference yet."))
    if due.record is not None or FollowUp.objects.filter(case=case, checkpoint=checkpoint).exists():
        raise FollowUpRuleError(_("This follow-up has already been recorded."))
    if due.due_on > today:
        raise FollowUpRuleError(_("This follow-up is not due yet."))
    record = FollowUp.objects.create(
        case=case,
        checkpoint=checkpoint,
        months=due.months,
        due_on=due.due_on,
        new_incident=data.new_incident,
        checked_police_records=data.checked_police_records,
        new_referral=data.new_referral,
        safe_housing=data.safe_housing,
        in_contact=data.in_contact,
        note=note,
        recorded_on=today,
        recorded_by=actor.user,
        organisation=actor.organisation,
    )
    audit_case_event(
        actor=actor,
        action=FOLLOW_UP_RECORDED,
        case=case,
        target=record,
        detail={"checkpoint": checkpoint, "months": due.months},
    )
    return record


def read_case_follow_ups(
    actor: Actor, access: FollowUpAccess, *, via: str = "page"
) -> list[followup.Due]:
    schedule = followup.case_schedule(access.case.case)
    record_read(
        actor=actor,
        case=access.case.case,
        action=FOLLOW_UP_VIEWED,
        detail={"via": via, "recorded": sum(1 for d in schedule if d.recorded)},
    )
    return schedule


def lead_partnerships(actor: Actor) -> list[Partnership]:
    return list(Partnership.objects.filter(lead_partnerships_q(actor)).order_by("name"))


def read_due_list(actor: Actor, *, today: dt.date, via: str = "page") -> list[followup.Due]:
    """The follow-ups the actor's organisation is asked for, with the read recorded (one
    event naming the cases listed)."""
    partnerships = lead_partnerships(actor)
    due = followup.due_for_partnerships([p.pk for p in partnerships], today=today)
    audit_log(
        actor=actor,
        action=FOLLOW_UPS_LISTED,
        organisation=actor.organisation,
        target_type="cases.case",
        detail={"via": via, "cases": sorted({str(d.case.pk) for d in due})},
    )
    return due


@transaction.atomic
def save_settings(
    *, actor: Actor, partnership: Partnership, first_months: int, second_months: int
) -> FollowUpSettings:
    if not Partnership.objects.filter(lead_partnerships_q(actor), pk=partnership.pk).exists():
        raise FollowUpRuleError(_("Only the partnership's coordinators change this."))
    if not 1 <= first_months < second_months <= 36:
        raise FollowUpRuleError(
            {
                "second_months": _(
                    "The second follow-up comes after the first, and at most 36 months after "
                    "the first conference."
                )
            }
        )
    settings_row, _created = FollowUpSettings.objects.update_or_create(
        partnership=partnership,
        defaults={
            "first_months": first_months,
            "second_months": second_months,
            "updated_by": actor.user,
        },
    )
    audit_log(
        actor=actor,
        action=SETTINGS_CHANGED,
        target=settings_row,
        organisation=actor.organisation,
        detail={"first_months": first_months, "second_months": second_months},
    )
    return settings_row
