"""Decisions, numbered per body and year, and commitments: what a partner organisation
promised, its status over time, and its follow-up at the body's next meeting until it is
closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Membership, Organisation, User
from samvern.governance.access import CommitmentAccess, MeetingAccess
from samvern.governance.models import (
    STATUSES_WITH_REASON,
    AgendaItem,
    Body,
    Commitment,
    CommitmentFollowUp,
    CommitmentStatus,
    CommitmentUpdate,
    Decision,
    Meeting,
    MeetingStatus,
)
from samvern.governance.services.common import GovernanceRuleError, record

DECISION_RECORDED = "governance.decision.recorded"
COMMITMENT_CREATED = "governance.commitment.created"
COMMITMENT_STATUS = "governance.commitment.status_recorded"


def sync_follow_ups(body: Body, *, today: dt.date) -> int:
    """Put every open commitment of the body on the agenda of the body's next planned
    meeting after the one where it was made, and off any later planned meeting it was
    on (a meeting scheduled in between becomes the next). Follow-ups on held meetings
    stay: they are the record of where it came back. How many were added."""
    planned = list(
        Meeting.objects.filter(body=body, status=MeetingStatus.PLANNED)
        .order_by("date", "starts_at")
        .values_list("pk", "date")
    )
    open_commitments = list(
        Commitment.objects.filter(body=body, status=CommitmentStatus.OPEN).values_list(
            "pk", "meeting__date", "meeting_id"
        )
    )
    existing: dict[object, set[object]] = {}
    for commitment_id, meeting_id in CommitmentFollowUp.objects.filter(
        commitment__body=body, meeting__status=MeetingStatus.PLANNED
    ).values_list("commitment_id", "meeting_id"):
        existing.setdefault(commitment_id, set()).add(meeting_id)
    added = 0
    for commitment_id, made_on, made_at in open_commitments:
        target = next((pk for pk, day in planned if day > made_on and pk != made_at), None)
        on = existing.get(commitment_id, set())
        stale = on - {target}
        if stale:
            CommitmentFollowUp.objects.filter(
                commitment_id=commitment_id, meeting_id__in=list(stale)
            ).delete()
        if target is not None and target not in on:
            CommitmentFollowUp.objects.create(commitment_id=commitment_id, meeting_id=target)
            added += 1
    return added


def _require_edit(access: MeetingAccess) -> None:
    if not access.edits:
        raise GovernanceRuleError(
            _("Only the body's chair, secretary or coordinators may do that.")
        )


def _check_item(access: MeetingAccess, item: AgendaItem | None) -> None:
    if item is not None and item.meeting_id != access.meeting.pk:
        raise GovernanceRuleError({"item": _("The item is not on this meeting's agenda.")})


@transaction.atomic
def record_decision(
    *, actor: Actor, access: MeetingAccess, text: str, item: AgendaItem | None = None
) -> Decision:
    """A decision of the body at this meeting, with the next number of the body's year
    (the year of the meeting)."""
    _require_edit(access)
    assert actor.user is not None
    meeting = access.meeting
    if meeting.status == MeetingStatus.CANCELLED:
        raise GovernanceRuleError(_("The meeting was cancelled."))
    if not text.strip():
        raise GovernanceRuleError({"text": _("Write the decision.")})
    _check_item(access, item)
    body = Body.objects.select_for_update().get(pk=meeting.body_id)
    year = meeting.date.year
    top = Decision.objects.filter(body=body, year=year).aggregate(top=Max("number"))["top"]
    decision = Decision.objects.create(
        body=body,
        meeting=meeting,
        item=item,
        year=year,
        number=(top or 0) + 1,
        text=text.strip(),
        created_by=actor.user,
    )
    decision.body = access.body.body
    record(
        actor=actor,
        action=DECISION_RECORDED,
        target=decision,
        partnership=access.body.grant.partnership,
        detail={"reference": decision.reference},
    )
    return decision


@dataclass(frozen=True)
class CommitmentData:
    organisation: Organisation
    description: str
    due_on: dt.date
    owner: User | None = None
    item: AgendaItem | None = None
    decision: Decision | None = None


@transaction.atomic
def create_commitment(
    *, actor: Actor, access: MeetingAccess, data: CommitmentData, today: dt.date
) -> Commitment:
    _require_edit(access)
    assert actor.user is not None
    meeting = access.meeting
    if meeting.status == MeetingStatus.CANCELLED:
        raise GovernanceRuleError(_("The meeting was cancelled."))
    if not data.description.strip():
        raise GovernanceRuleError({"description": _("Say what is to be done.")})
    if data.due_on < meeting.date:
        raise GovernanceRuleError({"due_on": _("The due date cannot be before the meeting.")})
    body = access.body.body
    if not body.members.active_on(meeting.date).filter(organisation=data.organisation).exists():
        raise GovernanceRuleError(
            {"organisation": _("The organisation does not sit on this body on the meeting's date.")}
        )
    if (
        data.owner is not None
        and not Membership.objects.filter(user=data.owner, organisation=data.organisation).exists()
    ):
        raise GovernanceRuleError(
            {"owner": _("The person responsible must belong to the organisation.")}
        )
    _check_item(access, data.item)
    if data.decision is not None and data.decision.meeting_id != meeting.pk:
        raise GovernanceRuleError({"decision": _("The decision was not taken at this meeting.")})
    commitment = Commitment.objects.create(
        body=body,
        meeting=meeting,
        item=data.item,
        decision=data.decision,
        organisation=data.organisation,
        owner=data.owner,
        description=data.description.strip(),
        due_on=data.due_on,
        created_by=actor.user,
    )
    record(
        actor=actor,
        action=COMMITMENT_CREATED,
        target=commitment,
        partnership=access.body.grant.partnership,
        detail={"organisation": str(data.organisation.pk), "due_on": data.due_on.isoformat()},
    )
    sync_follow_ups(body, today=today)
    return commitment


@transaction.atomic
def update_status(
    *,
    actor: Actor,
    access: CommitmentAccess,
    status: str,
    note: str = "",
    today: dt.date,
    meeting: Meeting | None = None,
) -> Commitment:
    """Record the commitment's status (done, not done or not possible need a reason for
    the last two; open again reopens it), with the meeting it was followed up at."""
    if not access.updates_status:
        raise GovernanceRuleError(_("You may not update this commitment."))
    assert actor.user is not None
    if status not in CommitmentStatus.values:
        raise GovernanceRuleError({"status": _("Choose a status.")})
    note = note.strip()
    if status in STATUSES_WITH_REASON and not note:
        raise GovernanceRuleError({"note": _("Give the reason.")})
    commitment = Commitment.objects.select_for_update().get(pk=access.commitment.pk)
    if meeting is not None and meeting.body_id != commitment.body_id:
        raise GovernanceRuleError(_("The meeting is not one of the commitment's body."))
    previous = commitment.status
    if previous == status and status == CommitmentStatus.OPEN and not note:
        raise GovernanceRuleError({"status": _("The commitment is already open.")})
    commitment.status = status
    commitment.status_reason = note if status in STATUSES_WITH_REASON else ""
    commitment.status_on = None if status == CommitmentStatus.OPEN else today
    commitment.save(update_fields=["status", "status_reason", "status_on", "updated_at"])
    CommitmentUpdate.objects.create(
        commitment=commitment,
        meeting=meeting,
        previous=previous,
        status=status,
        note=note,
        recorded_on=today,
        recorded_by=actor.user,
    )
    record(
        actor=actor,
        action=COMMITMENT_STATUS,
        target=commitment,
        partnership=access.body.grant.partnership,
        detail={"previous": previous, "status": status},
    )
    if status == CommitmentStatus.OPEN:
        sync_follow_ups(commitment.body, today=today)
    access.commitment.status = commitment.status
    access.commitment.status_reason = commitment.status_reason
    access.commitment.status_on = commitment.status_on
    return commitment
