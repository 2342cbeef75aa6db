"""Referring a case to another organisation, and its answer.

`refer_to_organisation` is the one way to bring another organisation into a case (the
case page's "refer to an organisation", the conference coordinator, other apps such as
the outreach queue). The receiving organisation gets a *pending* referral and nothing of
the case until one of its case workers accepts it (`accept_referral`); it may decline it
with a reason (`decline_referral`); the referring organisation may withdraw it while it is
pending (`withdraw_referral`). Each answer is audited and told to the referrer
(`services.feedback`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.audit.services import audit_log
from samvern.cases.access import CaseAccess, Need, today
from samvern.cases.models import (
    Case,
    CaseParticipant,
    ReferralSettings,
    ReferralStatus,
    ReferralUrgency,
)
from samvern.cases.referrals import ReferralAccess, response_deadline
from samvern.cases.services.common import (
    OWN_ORGANISATION_ADDED_ACTION,
    CaseRuleError,
    Detail,
    acting_organisation,
    audit_case_event,
)
from samvern.cases.services.feedback import record_answer
from samvern.core import limits
from samvern.partnerships.models import Partnership, PartnershipMember

REFERRAL_ACCEPTED = "cases.referral.accepted"
REFERRAL_DECLINED = "cases.referral.declined"
REFERRAL_WITHDRAWN = "cases.referral.withdrawn"
SETTINGS_UPDATED = "cases.referral_settings.updated"


def _text(value: str, message: str = "") -> str:
    text = (value or "").strip()
    if len(text) > limits.COMMENT:
        raise CaseRuleError(_("The text is too long."))
    if message and not text:
        raise CaseRuleError(message)
    return text


def create_pending_referral(
    *,
    actor: Actor,
    case: Case,
    organisation: Organisation,
    referring_organisation: Organisation,
    referred_by: User,
    reason: str,
    day: dt.date,
    urgency: str = ReferralUrgency.ROUTINE,
    contact_rules: str = "",
    accepted: bool = False,
    detail: Detail | None = None,
) -> CaseParticipant:
    """Write the referral row and its audit event: pending until the receiving
    organisation answers it by the partnership's deadline — or, with `accepted`, taking
    part at once. The callers (`refer_to_organisation`, `services.referral.refer_case`)
    decide who may refer; this checks the receiving organisation."""
    if (
        not PartnershipMember.objects.active_on(day)
        .filter(partnership=case.partnership_id, organisation=organisation)
        .exists()
    ):
        raise CaseRuleError(_("Only current members of the partnership can take part."))
    if CaseParticipant.objects.filter(
        case=case, organisation=organisation, removed_on__isnull=True
    ).exists():
        raise CaseRuleError(
            _("This organisation already takes part in the case or has a referral pending.")
        )
    row = CaseParticipant.objects.create(
        case=case,
        organisation=organisation,
        status=ReferralStatus.ACCEPTED if accepted else ReferralStatus.PENDING,
        added_on=day if accepted else None,
        added_by=referred_by,
        reason=_text(reason),
        referred_on=day,
        referring_organisation=referring_organisation,
        urgency=urgency,
        contact_rules=contact_rules,
        respond_by=None if accepted else response_deadline(case.partnership_id, day),
        responded_at=timezone.now() if accepted else None,
        responded_by=referred_by if accepted else None,
    )
    audit_case_event(
        actor=actor,
        action="cases.participant.added",
        case=case,
        target=row,
        detail={
            "participant": str(organisation.pk),
            "participant_name": organisation.name,
            "status": row.status,
            "urgency": urgency,
            **(detail or {}),
        },
    )
    return row


@transaction.atomic
def refer_to_organisation(
    *,
    actor: Actor,
    access: CaseAccess,
    organisation: Organisation,
    reason: str,
    urgency: str = ReferralUrgency.ROUTINE,
    contact_rules: str = "",
    day: dt.date | None = None,
) -> CaseParticipant:
    """Refer the case in `access` to `organisation`; returns the pending referral.

    - `access` must come from `cases.access.access_case(actor, case_id,
      Need.ADD_PARTICIPANT)`: the actor's organisation takes part in the case, or
      coordinates the partnership's conferences.
    - `organisation` must be a member of the case's partnership today and not already
      take part in the case or have a referral pending there.
    - `reason` (required), `urgency` (`ReferralUrgency`) and `contact_rules` are all the
      receiving organisation sees until it accepts: write no names in them.
    - The deadline is `response_deadline` (the partnership's working days, 5 by default).
    - A coordinator referring the case to *her own* organisation accepts it at once (it is
      flagged as `security.case.own_organisation_added`, as before).

    Raises `CaseRuleError` (message for the user) when a rule refuses it.
    """
    if not access.grant.allows(Need.ADD_PARTICIPANT):
        raise CaseRuleError(_("You cannot refer this case."))
    acting = acting_organisation(actor)
    assert actor.user is not None
    case = access.case
    day = day or today()
    reason = _text(reason, str(_("Give the reason for referring the case to this organisation.")))
    contact_rules = _text(contact_rules)
    if urgency not in ReferralUrgency.values:
        raise CaseRuleError(_("Choose how urgent the referral is."))
    own = organisation.pk == acting.pk
    row = create_pending_referral(
        actor=actor,
        case=case,
        organisation=organisation,
        referring_organisation=acting,
        referred_by=actor.user,
        reason=reason,
        urgency=urgency,
        contact_rules=contact_rules,
        day=day,
        accepted=own,
    )
    if own:
        # A conference coordinator opening a case's content to her own organisation:
        # allowed with the recorded reason, and flagged to the data protection officers
        # (this organisation's on the audit trail; the case's in "who has seen this case").
        audit_case_event(
            actor=actor,
            action=OWN_ORGANISATION_ADDED_ACTION,
            case=case,
            target=row,
            detail={"participant": str(organisation.pk), "reason": reason},
        )
    return row


def _locked(access: ReferralAccess) -> CaseParticipant:
    referral = CaseParticipant.objects.select_for_update().get(pk=access.referral.pk)
    if referral.status != ReferralStatus.PENDING:
        raise CaseRuleError(_("This referral has already been answered or withdrawn."))
    return access.referral


def _audit(actor: Actor, action: str, referral: CaseParticipant, **detail: object) -> None:
    audit_case_event(
        actor=actor,
        action=action,
        case=referral.case,
        target=referral,
        detail={"participant": str(referral.organisation_id), **detail},
    )


@transaction.atomic
def accept_referral(
    *, actor: Actor, access: ReferralAccess, day: dt.date | None = None
) -> CaseParticipant:
    """The receiving organisation accepts: it takes part in the case from `day`."""
    if not access.may_answer:
        raise CaseRuleError(_("You cannot answer this referral."))
    referral = _locked(access)
    assert actor.user is not None
    day = day or today()
    referral.status = ReferralStatus.ACCEPTED
    referral.added_on = day
    referral.responded_at = timezone.now()
    referral.responded_by = actor.user
    referral.save(
        update_fields=["status", "added_on", "responded_at", "responded_by", "updated_at"]
    )
    _audit(actor, REFERRAL_ACCEPTED, referral)
    record_answer(actor=actor, referral=referral, on=day)
    return referral


@transaction.atomic
def decline_referral(
    *, actor: Actor, access: ReferralAccess, reason: str, day: dt.date | None = None
) -> CaseParticipant:
    """The receiving organisation declines, with a reason the referrer reads."""
    if not access.may_answer:
        raise CaseRuleError(_("You cannot answer this referral."))
    reason = _text(reason, str(_("Give the reason for declining the referral.")))
    referral = _locked(access)
    assert actor.user is not None
    day = day or today()
    referral.status = ReferralStatus.DECLINED
    referral.removed_on = day
    referral.decline_reason = reason
    referral.responded_at = timezone.now()
    referral.responded_by = actor.user
    referral.save(
        update_fields=[
            "status",
            "removed_on",
            "decline_reason",
            "responded_at",
            "responded_by",
            "updated_at",
        ]
    )
    _audit(actor, REFERRAL_DECLINED, referral, reason=reason)
    record_answer(actor=actor, referral=referral, on=day)
    return referral


@transaction.atomic
def withdraw_referral(
    *, actor: Actor, access: ReferralAccess, day: dt.date | None = None
) -> CaseParticipant:
    """The referring organisation takes back a referral that was not answered yet."""
    if not access.may_withdraw:
        raise CaseRuleError(_("You cannot withdraw this referral."))
    referral = _locked(access)
    day = day or today()
    referral.status = ReferralStatus.WITHDRAWN
    referral.removed_on = day
    referral.save(update_fields=["status", "removed_on", "updated_at"])
    _audit(actor, REFERRAL_WITHDRAWN, referral)
    return referral


@transaction.atomic
def set_response_days(*, actor: Actor, partnership: Partnership, days: int) -> ReferralSettings:
    """The partnership's deadline for answering referrals, in working days (1–30). Only
    a conference coordinator of the partnership's coordinator organisation."""
    from samvern.accounts.models import Role

    organisation = acting_organisation(actor)
    if (
        Role.CONFERENCE_COORDINATOR not in actor.case_roles
        or partnership.coordinator_id != organisation.pk
    ):
        raise CaseRuleError(_("Only the partnership's conference coordinator can do that."))
    if not 1 <= days <= 30:
        raise CaseRuleError(_("Choose between 1 and 30 working days."))
    row, _created = ReferralSettings.objects.update_or_create(
        partnership=partnership,
        defaults={"response_working_days": days, "updated_by": actor.user},
    )
    audit_log(
        actor=actor,
        action=SETTINGS_UPDATED,
        target=row,
        organisation=organisation,
        detail={"partnership": str(partnership.pk), "working_days": days},
    )
    return row
