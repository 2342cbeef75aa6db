"""The coordinator's summary of a reporting round and recommendation to the councils,
shown at the top of the round's council reports."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.core import limits
from samvern.plans.models import ReportingRound
from samvern.plans.services.common import apply_changes, audit_change, require_editor


@transaction.atomic
def save_round_narrative(
    *, actor: Actor, round: ReportingRound, narrative: str, recommendation: str
) -> ReportingRound:
    """The plan's editors write it, in any state of the round (it is often written after
    the round has closed, before the report goes to the council)."""
    version = round.version
    require_editor(actor, version.plan)
    narrative, recommendation = narrative.strip(), recommendation.strip()
    if len(narrative) > limits.COMMENT or len(recommendation) > limits.COMMENT:
        raise ValidationError(_("Write at most %(limit)s characters.") % {"limit": limits.COMMENT})
    changed = apply_changes(round, {"narrative": narrative, "recommendation": recommendation})
    if changed:
        round.save(update_fields=[*changed, "updated_at"])
        audit_change(actor, "plans.round.narrative_saved", round, version, fields=changed)
    return round
