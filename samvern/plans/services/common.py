"""What every plan service relies on: who may change a plan, when its content is frozen,
the audit event of a change, and a version's status moves."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.audit.services import audit_log
from samvern.plans.access import can_edit_plan
from samvern.plans.models import (
    ADOPTED_STATUSES,
    Plan,
    PlanVersion,
    VersionSettings,
    VersionStatus,
)

# Content (mandate, mapping, areas, goals, measures, consultation) is frozen from adoption:
# changing an adopted plan means revising it.
CONTENT_LOCKED = frozenset(ADOPTED_STATUSES) | {VersionStatus.WITHDRAWN}


def require_editor(actor: Actor, plan: Plan) -> None:
    if not can_edit_plan(actor, plan):
        raise ValidationError(_("You may not change this plan."))


def require_open_content(version: PlanVersion) -> None:
    if version.status in CONTENT_LOCKED:
        raise ValidationError(
            _("This version is %(status)s and can no longer be changed; revise it instead.")
            % {"status": version.get_status_display().lower()}
        )


def audit_change(
    actor: Actor, action: str, target: models.Model, version: PlanVersion, **detail: object
) -> None:
    """One audit event for a change to `version` (or to a record in it)."""
    audit_log(
        actor=actor,
        action=action,
        target=target,
        detail={"plan": str(version.plan_id), "version": str(version.pk), **detail},
    )


def version_settings(version: PlanVersion) -> VersionSettings:
    try:
        return version.settings
    except VersionSettings.DoesNotExist:
        return VersionSettings.objects.create(version=version)


def apply_changes(instance: models.Model, data: Mapping[str, object]) -> list[str]:
    """Set the values that differ on `instance`; the names of those changed, in order."""
    changed = []
    for name, value in data.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def set_status(*, actor: Actor, version: PlanVersion, to: str, reason: str = "") -> None:
    previous = version.status
    version.status = to
    version.status_changed_at = timezone.now()
    version.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit_change(
        actor,
        "plans.version.status_changed",
        version,
        version,
        **{"from": previous, "to": to, "reason": reason},
    )
