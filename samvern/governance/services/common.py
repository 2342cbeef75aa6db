"""What every governance write shares: the error a rule raises and the audit event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from samvern.accounts.actor import Actor
from samvern.audit.services import audit_log
from samvern.partnerships.models import Partnership


class GovernanceRuleError(ValidationError):
    """A governance rule refused the operation; the message is for the user."""


def record(
    *,
    actor: Actor,
    action: str,
    target: models.Model,
    partnership: Partnership | None = None,
    detail: dict[str, object] | None = None,
) -> None:
    """The audit event of a governance write, in the caller's transaction. Governance
    holds no case data, so the detail names what changed, never free text."""
    full = dict(detail or {})
    if partnership is not None:
        full["partnership"] = str(partnership.pk)
    audit_log(
        actor=actor, action=action, target=target, organisation=actor.organisation, detail=full
    )
