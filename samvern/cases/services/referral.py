"""Referral, participation and the case's state: refer a case, share it with another
member organisation, end a participation, move the case through its states."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Membership, Organisation, Role, User
from samvern.cases.access import CaseAccess, CaseGrant, Need, access_case, today
from samvern.cases.models import (
    Case,
    CaseParticipant,
    CaseState,
    CloseOutcome,
    ReferralStatus,
    ReferralUrgency,
    StateChange,
)
from samvern.cases.services.common import (
    CaseRuleError,
    Detail,
    audit_case_event,
    require_content_role,
)
from samvern.cases.services.feedback import record_closed
from samvern.cases.services.persons import PersonData, create_person
from samvern.cases.services.referrals import create_pending_referral, refer_to_organisation
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


@dataclass(frozen=True)
class Referrer:
    """The organisation and the person a case is referred for, when the user who writes
    the referral acts for another organisation: a support service turning the police's
    incident notice into the police's referral (`samvern.outreach`). The referrer is the
    case's referring organisation and hears what comes of it."""

    organisation: Organisation
    user: User


def _check_member(partnership: Partnership, organisation: Organisation, *days: dt.date) -> None:
    members = PartnershipMember.objects.filter(partnership=partnership, organisation=organisation)
    if not all(members.active_on(day).exists() for day in days):
        raise CaseRuleError(
            _("%(organisation)s was not a member of this partnership on the referral date.")
            % {"organisation": organisation.name}
        )


@transaction.atomic
def refer_case(
    *,
    actor: Actor,
    partnership: Partnership,
    source: str,
    reason: str,
    referred_on: dt.date,
    person: PersonData,
    more_persons: Sequence[PersonData] = (),
    on_behalf_of: Referrer | None = None,
    referred_to: Sequence[Organisation] = (),
    detail: Detail | None = None,
    day: dt.date | None = None,
) -> Case:
    """Refer a case to a partnership. The referring organisation must be a member of the
    partnership on the referral date and today (`day`, the clock's by default), and takes
    part in the case from the start.

    - The referring organisation is the actor's own, or `on_behalf_of`'s (then the actor's
      organisation must be a member of the partnership too, and the person referring a
      member of the organisation referring); every event names the actor who wrote it.
    - `referred_to`: organisations the case is referred to in the same step, as pending
      referrals from the referrer (see `services.referrals`) that they accept or decline.
    - `detail`: more for the audit event of the referral (what it was made from).
    """
    acting = require_content_role(actor)
    day = day or today()
    if referred_on > day:
        raise CaseRuleError(_("The referral date cannot be in the future."))
    assert actor.user is not None
    if on_behalf_of is None:
        organisation, referred_by = acting, actor.user
        members = PartnershipMember.objects.filter(partnership=partnership, organisation=acting)
        if not members.active_on(referred_on).exists() or not members.active_on(day).exists():
            raise CaseRuleError(
                _("Your organisation was not a member of this partnership on the referral date.")
            )
    else:
        organisation, referred_by = on_behalf_of.organisation, on_behalf_of.user
        _check_member(partnership, acting, day)
        _check_member(partnership, organisation, referred_on, day)
        if not Membership.objects.filter(user=referred_by, organisation=organisation).exists():
            raise CaseRuleError(_("The person referring does not work for the referrer."))
    if not reason.strip():
        raise CaseRuleError(_("Describe the reason for the referral."))
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
                    referred_by=referred_by,
                )
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - five random collisions in a row
        raise CaseRuleError(_("Could not create a case reference; please try again."))
    # The referring organisation's own participation: accepted from the referral date.
    # `added_by` is the person who referred, to whom the updates of the case are sent.
    CaseParticipant.objects.create(
        case=case,
        organisation=organisation,
        status=ReferralStatus.ACCEPTED,
        added_on=referred_on,
        added_by=referred_by,
        reason=str(_("Referring organisation")),
        referred_on=referred_on,
        referring_organisation=organisation,
        responded_at=timezone.now(),
        responded_by=referred_by,
    )
    behalf: Detail = (
        {}
        if on_behalf_of is None
        else {"on_behalf_of": str(organisation.pk), "referred_by": str(referred_by.pk)}
    )
    audit_case_event(
        actor=actor,
        action="cases.case.referred",
        case=case,
        detail={"partnership": str(partnership.pk), "source": source, **behalf, **(detail or {})},
    )
    for data in (person, *more_persons):
        create_person(actor=actor, case=case, data=data)
    for receiver in referred_to:
        create_pending_referral(
            actor=actor,
            case=case,
            organisation=receiver,
            referring_organisation=organisation,
            referred_by=referred_by,
            reason=reason,
            day=referred_on,
            detail=behalf,
        )
    return case


@transaction.atomic
def add_participant(
    *,
    actor: Actor,
    case: Case,
    participant: Organisation,
    reason: str,
    urgency: str = ReferralUrgency.ROUTINE,
    contact_rules: str = "",
) -> CaseParticipant:
    """Refer the case to another member organisation of its partnership: a pending
    referral it must accept before it sees anything of the case (see
    `services.referrals.refer_to_organisation`, which this calls with the actor's grant)."""
    access = access_case(actor, case.pk, Need.ADD_PARTICIPANT)
    return refer_to_organisation(
        actor=actor,
        access=access,
        organisation=participant,
        reason=reason,
        urgency=urgency,
        contact_rules=contact_rules,
    )


@transaction.atomic
def remove_participant(
    *, actor: Actor, case: Case, participation: CaseParticipant, reason: str
) -> None:
    """End an organisation's part in a case from today (its history stays)."""
    if (
        participation.case_id != case.pk
        or participation.removed_on is not None
        or participation.status != ReferralStatus.ACCEPTED
    ):
        raise CaseRuleError(_("This organisation does not take part in the case."))
    if participation.organisation_id == case.referring_organisation_id:
        raise CaseRuleError(_("The referring organisation cannot be removed."))
    if not reason.strip():
        raise CaseRuleError(_("Give the reason for removing the organisation."))
    day = today()
    participation.removed_on = max(day, participation.added_on or day)
    participation.save(update_fields=["removed_on", "updated_at"])
    audit_case_event(
        actor=actor,
        action="cases.participant.removed",
        case=case,
        target=participation,
        detail={"participant": str(participation.organisation_id), "reason": reason},
    )


@transaction.atomic
def transition_case(
    *, actor: Actor, access: CaseAccess, to_state: str, note: str = "", outcome: str = ""
) -> Case:
    """Move the case to `to_state`, as far as the grant the actor got for it allows. A
    closure may name its outcome category (`CloseOutcome`), which the referrers are told."""
    case = access.case
    assert actor.user is not None
    if to_state not in allowed_transitions(case, access.grant):
        raise CaseRuleError(_("The case cannot move to that state from where it is now."))
    if to_state == CaseState.CLOSED and not note.strip():
        raise CaseRuleError(_("Write a short note on why the case is closed."))
    if outcome and (to_state != CaseState.CLOSED or outcome not in CloseOutcome.values):
        raise CaseRuleError(_("Choose an outcome from the list."))
    from_state = case.state
    case.state = to_state
    if to_state == CaseState.CLOSED:
        case.closed_on = today()
    elif to_state == CaseState.REOPENED:
        case.closed_on = None
    case.save(update_fields=["state", "closed_on", "updated_at"])
    change = StateChange.objects.create(
        case=case,
        from_state=from_state,
        to_state=to_state,
        changed_by=actor.user,
        organisation=access.grant.organisation,
        note=note.strip(),
        outcome=outcome,
    )
    audit_case_event(
        actor=actor,
        action="cases.case.state_changed",
        case=case,
        detail={"from": from_state, "to": to_state, **({"outcome": outcome} if outcome else {})},
    )
    if to_state == CaseState.CLOSED:
        record_closed(
            actor=actor,
            case=case,
            outcome=outcome,
            on=case.closed_on or today(),
            source_key=str(change.pk),
        )
    return case
