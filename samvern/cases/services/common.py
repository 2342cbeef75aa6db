"""What every case-layer service shares: the refusal it raises, the audit event that
names its case, and the role check for writing case content."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_CONTENT_ROLES, Organisation
from samvern.audit.services import audit_log
from samvern.cases.models import Case

# Security events of the case layer, for the data protection officer.
REFUSED_ACTION = "security.case.refused"
OWN_ORGANISATION_ADDED_ACTION = "security.case.own_organisation_added"
CONSENT_WITHDRAWN_FOR_OTHER_ACTION = "security.consent.withdrawn_for_other_organisation"

# What an audit event's detail may hold (JSON values).
Detail = dict[str, object]


class CaseRuleError(ValidationError):
    """A rule of the case layer refused the operation; the message is for the user."""


def acting_organisation(actor: Actor) -> Organisation:
    """The organisation the actor acts for. Every write needs one; an actor without it
    has no case role and is refused before it gets here."""
    if actor.organisation is None:
        raise CaseRuleError(_("You need a case role in this organisation to do that."))
    return actor.organisation


def audit_case_event(
    *,
    actor: Actor,
    action: str,
    case: Case,
    target: models.Model | None = None,
    detail: Detail | None = None,
) -> None:
    """Every case-layer event names its case in `detail.case`, which is what the "who has
    seen this case" page selects on."""
    audit_log(
        actor=actor,
        action=action,
        target=target if target is not None else case,
        organisation=actor.organisation,
        detail={"case": str(case.pk), "reference": case.reference, **(detail or {})},
    )


def require_content_role(actor: Actor) -> Organisation:
    """The acting organisation, when the actor holds a case content role there."""
    if not actor.case_roles & CASE_CONTENT_ROLES or actor.organisation is None:
        raise CaseRuleError(_("You need a case role in this organisation to do that."))
    return actor.organisation
