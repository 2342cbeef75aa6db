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
    Adoption,
    Plan,
    PlanVersion,
    VersionSettings,
    VersionStatus,
)

# Content (mandate, mapping, areas, goals, measures, consultation) of these versions is
# closed whoever has adopted them; see `content_is_open` for a version some councils have
# adopted. Changing a closed plan means revising it.
CONTENT_LOCKED = frozenset(ADOPTED_STATUSES) | {VersionStatus.WITHDRAWN}


def require_editor(actor: Actor, plan: Plan) -> None:
    if not can_edit_plan(actor, plan):
        raise ValidationError(_("You may not change this plan."))


# Statuses in which the text can never change again, whoever has adopted it.
CLOSED_STATUSES = frozenset(
    {VersionStatus.WITHDRAWN, VersionStatus.SUPERSEDED, VersionStatus.EVALUATED}
)


def content_is_open(version: PlanVersion) -> bool:
    """The shared text stays open until every owning council has adopted it as it stands
    (an adoption made before a later amendment does not count), unless the coordinator has
    frozen it for adoption."""
    if version.status in CLOSED_STATUSES or version.frozen_at is not None:
        return False
    if version.status not in ADOPTED_STATUSES:
        return True
    owners = {m.pk for m in version.plan.municipalities.all()}
    adopted = set(
        Adoption.objects.filter(version=version, amended_at__isnull=True).values_list(
            "municipality_id", flat=True
        )
    )
    return not owners <= adopted


def require_open_content(version: PlanVersion, actor: Actor | None = None) -> None:
    """Refuse a change to a closed text; a change after one council's adoption marks that
    adoption as amended (its council must adopt the text again)."""
    if version.frozen_at is not None and version.status not in CLOSED_STATUSES:
        raise ValidationError(
            _("The text is frozen for adoption; the coordinator must unfreeze it first.")
        )
    if not content_is_open(version):
        raise ValidationError(
            _("This version is %(status)s and can no longer be changed; revise it instead.")
            % {"status": version.get_status_display().lower()}
        )
    if version.status in ADOPTED_STATUSES:
        # The change's own audit event marks the adoptions (see `audit_change`), so that a
        # save which changes nothing leaves the councils' decisions standing.
        setattr(version, _AMENDMENT_PENDING, True)


# Set on a version by `require_open_content` when a council has adopted it; taken by the
# next `audit_change` of that version, which marks its adoptions amended if it changed
# something.
_AMENDMENT_PENDING = "_samvern_amendment_pending"

# Detail keys that list what a change changed: empty means the save changed nothing.
_CHANGE_LISTS = ("fields", "topics")


def _changes_something(action: str, detail: Mapping[str, object]) -> bool:
    """False for an update whose event lists no changed field or topic."""
    if not action.endswith("updated"):
        return True
    return all(detail[key] for key in _CHANGE_LISTS if key in detail)


def mark_amended(actor: Actor | None, version: PlanVersion) -> None:
    now = timezone.now()
    for adoption in Adoption.objects.filter(
        version=version, amended_at__isnull=True
    ).select_related("municipality"):
        adoption.amended_at = now
        adoption.save(update_fields=["amended_at", "updated_at"])
        audit_change(
            actor,
            "plans.adoption.amended",
            adoption,
            version,
            municipality=adoption.municipality.code,
            decided_on=adoption.decided_on,
        )


def audit_change(
    actor: Actor | None, action: str, target: models.Model, version: PlanVersion, **detail: object
) -> None:
    """One audit event for a change to `version` (or to a record in it). The first change
    after `require_open_content` on an adopted version marks its adoptions amended, unless
    it is an update that changed nothing (an empty ``fields`` or ``topics``)."""
    if version.__dict__.pop(_AMENDMENT_PENDING, False) and _changes_something(action, detail):
        mark_amended(actor, version)
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
