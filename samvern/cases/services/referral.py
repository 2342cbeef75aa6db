"""Referral, participation and the case's state: refer a case, share it with another
member organisation, end a participation, move the case through its states."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, Role
from samvern.cases.access import CaseAccess, CaseGrant, today
from samvern.cases.models import Case, CaseParticipant, CaseState, StateChange
from samvern.cases.services.common import (
    OWN_ORGANISATION_ADDED_ACTION,
    CaseRuleError,
    acting_organisation,
    audit_case_event,
    require_content_role,
)
from samvern.cases.services.persons import PersonData, create_person
from samvern.partnerships.models import Partnership, PartnershipMember

# Which state may follow which. Closing is possible from every open state.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseState.REFERRED: frozenset({CaseState.SCREENED, CaseState.CLOSED}),
    CaseState.SCREENED: frozenset(
        {CaseState.AWAITING_CONFERENCE, CaseState.MONITORING, CaseState.CLOSED}
    ),
    CaseState.AWAITING_CONFERENCE: frozenset(
        {CaseState.HEARD, CaseState.SCREENED, CaseState.CLOSED}
    ),
    CaseState.HEARD: frozenset(
        {CaseState.ACTIONS_IN_PROGRESS, CaseState.MONITORING, CaseState.CLOSED}
    ),
    # Back to a conference (a review, a new incident, a repeat referral) without a closure.
    CaseState.ACTIONS_IN_PROGRESS: frozenset(
        {CaseState.MONITORING, CaseState.AWAITING_CONFERENCE, CaseState.CLOSED}
    ),
    CaseState.MONITORING: frozenset(
        {CaseState.ACTIONS_IN_PROGRESS, CaseState.AWAITING_CONFERENCE, CaseState.CLOSED}
    ),
    CaseState.CLOSED: frozenset({CaseState.REOPENED}),
    CaseState.REOPENED: frozenset(
        {CaseState.SCREENED, CaseState.AWAITING_CONFERENCE, CaseState.CLOSED}
    ),
}
# The conference coordinator who does not take part in a case runs the agenda only.
COORDINATOR_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (CaseState.SCREENED, CaseState.AWAITING_CONFERENCE),
        (CaseState.REOPENED, CaseState.AWAITING_CONFERENCE),
        (CaseState.AWAITING_CONFERENCE, CaseState.SCREENED),
        (CaseState.AWAITING_CONFERENCE, CaseState.HEARD),
        (CaseState.HEARD, CaseState.ACTIONS_IN_PROGRESS),
        (CaseState.ACTIONS_IN_PROGRESS, CaseState.AWAITING_CONFERENCE),
        (CaseState.MONITORING, CaseState.AWAITING_CONFERENCE),
    }
)


def allowed_transitions(case: Case, grant: CaseGrant) -> list[str]:
    following = TRANSITIONS.get(case.state, frozenset())
    if grant.content:
        allowed = following
    elif grant.conference:
        allowed = frozenset(to for to in following if (case.state, to) in COORDINATOR_TRANSITIONS)
    else:
        allowed = frozenset()
    return [state for state in CaseState.values if state in allowed]


def role_may_refer(roles: frozenset[str]) -> bool:
    return Role.CASE_WORKER in roles or Role.CONFERENCE_COORDINATOR in roles


def _new_reference(day: dt.date) -> str:
    return f"S-{day.year}-{secrets.token_hex(3).upper()}"


@transaction.atomic
def refer_case(
    *,
    actor: Actor,
    partnership: Partnership,
    source: str,
    reason: str,
    referred_on: dt.date,
    person: PersonData,
) -> Case:
    """Refer a case to a partnership. The referring organisation must be a member of the
    partnership on the referral date and today, and takes part in the case from the
    start."""
    organisation = require_content_role(actor)
    day = today()
    if referred_on > day:
        raise CaseRuleError(_("The referral date cannot be in the future."))
    members = PartnershipMember.objects.filter(partnership=partnership, organisation=organisation)
    if not members.active_on(referred_on).exists() or not members.active_on(day).exists():
        raise CaseRuleError(
            _("Your organisation was not a member of this partnership on the referral date.")
        )
    if not reason.strip():
        raise CaseRuleError(_("Describe the reason for the referral."))
    assert actor.user is not None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    partnership=partnership,
                    reference=_new_reference(referred_on),
                    source=source,
                    reason=reason.strip(),
                    referred_on=referred_on,
                    referring_organisation=organisation,
                    referred_by=actor.user,
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - five random collisions in a row
        raise CaseRuleError(_("Could not create a case reference; please try again."))
    CaseParticipant.objects.create(
        case=case,
        organisation=organisation,
        added_on=referred_on,
        added_by=actor.user,
        reason=str(_("Referring organisation")),
    )
    audit_case_event(
        actor=actor,
        action="cases.case.referred",
        case=case,
        detail={"partnership": str(partnership.pk), "source": source},
    )
    create_person(actor=actor, case=case, data=person)
    return case


@transaction.atomic
def add_participant(
    *, actor: Actor, case: Case, participant: Organisation, reason: str
) -> CaseParticipant:
    """Share the case with another member organisation of its partnership."""
    organisation = acting_organisation(actor)
    assert actor.user is not None
    day = today()
    if not reason.strip():
        raise CaseRuleError(_("Give the reason for sharing the case with this organisation."))
    if (
        not PartnershipMember.objects.active_on(day)
        .filter(partnership=case.partnership_id, organisation=participant)
        .exists()
    ):
        raise CaseRuleError(_("Only current members of the partnership can take part."))
    if CaseParticipant.objects.filter(
        case=case, organisation=participant, removed_on__isnull=True
    ).exists():
        raise CaseRuleError(_("This organisation already takes part in the case."))
    row = CaseParticipant.objects.create(
        case=case,
        organisation=participant,
        added_on=day,
        added_by=actor.user,
        reason=reason.strip(),
    )
    audit_case_event(
        actor=actor,
        action="cases.participant.added",
        case=case,
        target=row,
        detail={"participant": str(participant.pk), "participant_name": participant.name},
    )
    if participant.pk == organisation.pk:
        # A conference coordinator opening a case's content to her own organisation:
        # allowed with the recorded reason, and flagged to the data protection officers
        # (this organisation's on the audit trail; the case's in "who has seen this case").
        audit_case_event(
            actor=actor,
            action=OWN_ORGANISATION_ADDED_ACTION,
            case=case,
            target=row,
            detail={"participant": str(participant.pk), "reason": reason.strip()},
        )
    return row


@transaction.atomic
def remove_participant(
    *, actor: Actor, case: Case, participation: CaseParticipant, reason: str
) -> None:
    """End an organisation's part in a case from today (its history stays)."""
    if participation.case_id != case.pk or participation.removed_on is not None:
        raise CaseRuleError(_("This organisation does not take part in the case."))
    if participation.organisation_id == case.referring_organisation_id:
        raise CaseRuleError(_("The referring organisation cannot be removed."))
    if not reason.strip():
        raise CaseRuleError(_("Give the reason for removing the organisation."))
    day = today()
    participation.removed_on = max(day, participation.added_on)
    participation.save(update_fields=["removed_on", "updated_at"])
    audit_case_event(
        actor=actor,
        action="cases.participant.removed",
        case=case,
        target=participation,
        detail={"participant": str(participation.organisation_id), "reason": reason},
    )


@transaction.atomic
def transition_case(*, actor: Actor, access: CaseAccess, to_state: str, note: str = "") -> Case:
    """Move the case to `to_state`, as far as the grant the actor got for it allows."""
    case = access.case
    assert actor.user is not None
    if to_state not in allowed_transitions(case, access.grant):
        raise CaseRuleError(_("The case cannot move to that state from where it is now."))
    if to_state == CaseState.CLOSED and not note.strip():
        raise CaseRuleError(_("Write a short note on why the case is closed."))
    from_state = case.state
    case.state = to_state
    if to_state == CaseState.CLOSED:
        case.closed_on = today()
    elif to_state == CaseState.REOPENED:
        case.closed_on = None
    case.save(update_fields=["state", "closed_on", "updated_at"])
    StateChange.objects.create(
        case=case,
        from_state=from_state,
        to_state=to_state,
        changed_by=actor.user,
        organisation=access.grant.organisation,
        note=note.strip(),
    )
    audit_case_event(
        actor=actor,
        action="cases.case.state_changed",
        case=case,
        detail={"from": from_state, "to": to_state},
    )
    return case
