"""Consent: record a person's consent to share, and withdraw it (which stops every share
based on it)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.cases.access import today
from samvern.cases.models import Consent, Person, Share
from samvern.cases.services.common import (
    CONSENT_WITHDRAWN_FOR_OTHER_ACTION,
    CaseRuleError,
    audit_case_event,
    require_content_role,
)


@transaction.atomic
def record_consent(*, actor: Actor, person: Person, scope: str, given_on: dt.date) -> Consent:
    organisation = require_content_role(actor)
    assert actor.user is not None
    if not scope.strip():
        raise CaseRuleError(_("Describe what the consent covers."))
    if given_on > today():
        raise CaseRuleError(_("The consent date cannot be in the future."))
    consent = Consent.objects.create(
        person=person,
        scope=scope.strip(),
        given_on=given_on,
        recorded_by=actor.user,
        organisation=organisation,
    )
    audit_case_event(
        actor=actor,
        action="cases.consent.recorded",
        case=person.case,
        target=consent,
        detail={"person": str(person.pk)},
    )
    return consent


@transaction.atomic
def withdraw_consent(*, actor: Actor, consent: Consent, reason: str = "") -> list[Share]:
    """Withdraw a consent. From this moment every share based on it stops giving access
    to its recipients (the author organisation keeps its own information); shares on
    other legal bases are unaffected. Returns the shares that stopped.

    The organisation that recorded the consent withdraws it at will; another organisation
    taking part (the person may tell any of them) only with a reason, which is recorded
    and flagged to the data protection officers."""
    organisation = require_content_role(actor)
    if consent.is_withdrawn:
        raise CaseRuleError(_("This consent has already been withdrawn."))
    recorded_elsewhere = consent.organisation_id != organisation.pk
    if recorded_elsewhere and not reason.strip():
        raise CaseRuleError(
            _(
                "Another organisation recorded this consent: give the reason for "
                "withdrawing it, for example when and how the person withdrew it."
            )
        )
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor.user
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    case = consent.person.case
    stopped = list(consent.shares.filter(revoked_at__isnull=True).select_related("item"))
    audit_case_event(
        actor=actor,
        action="cases.consent.withdrawn",
        case=case,
        target=consent,
        detail={
            "person": str(consent.person_id),
            "shares_stopped": [str(s.pk) for s in stopped],
            **({"reason": reason.strip()} if reason.strip() else {}),
        },
    )
    if recorded_elsewhere:
        audit_case_event(
            actor=actor,
            action=CONSENT_WITHDRAWN_FOR_OTHER_ACTION,
            case=case,
            target=consent,
            detail={
                "recorded_by_organisation": str(consent.organisation_id),
                "reason": reason.strip(),
            },
        )
    for share in stopped:
        audit_case_event(
            actor=actor,
            action="cases.share.stopped",
            case=case,
            target=share,
            detail={"item": str(share.item_id), "cause": "consent_withdrawn"},
        )
    return stopped
