"""Measuring a goal's indicator over time: a value, the day it was measured, its source and
a comment, recorded by a plan editor. Baseline and target are written once with the goal;
the measurements are what shows whether the plan is getting there."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.plans.models import Goal, IndicatorMeasurement, VersionStatus
from samvern.plans.services.common import apply_changes, audit_change, require_editor
from samvern.plans.services.data import MeasurementData

# A withdrawn version is not carried out, so nothing is measured against it.
CLOSED_FOR_MEASURING = frozenset({VersionStatus.WITHDRAWN})


def _check(goal: Goal, data: MeasurementData) -> None:
    if goal.version.status in CLOSED_FOR_MEASURING:
        raise ValidationError(_("Nothing is measured on a withdrawn plan version."))
    if not goal.indicator and not goal.indicator_key:
        raise ValidationError(_("The goal has no indicator to measure. Give it one first."))
    if data.measured_on > timezone.localdate():
        raise ValidationError(
            {"measured_on": _("The date of a measurement cannot be in the future.")}
        )
    definition = goal.indicator_definition
    unit = definition.unit if definition else ""
    if unit in {"percent", "count", "days"} and data.value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    if unit == "percent" and data.value > Decimal(100):
        raise ValidationError({"value": _("A share is at most 100 %.")})


@transaction.atomic
def save_measurement(
    *,
    actor: Actor,
    goal: Goal,
    data: MeasurementData,
    measurement: IndicatorMeasurement | None = None,
) -> IndicatorMeasurement:
    """A new measurement of `goal`'s indicator, or `measurement` changed to `data`. The
    person who first recorded it stays its recorder; the audit trail has every change."""
    version = goal.version
    require_editor(actor, version.plan)
    if measurement is not None and measurement.goal_id != goal.pk:
        raise ValidationError(_("The measurement does not belong to this goal."))
    _check(goal, data)
    created = measurement is None
    measurement = measurement or IndicatorMeasurement(goal=goal, recorded_by=actor.user)
    changed = apply_changes(measurement, data.as_fields())
    measurement.save()
    audit_change(
        actor,
        "plans.indicator_measurement.recorded"
        if created
        else "plans.indicator_measurement.updated",
        measurement,
        version,
        goal=str(goal.pk),
        value=str(measurement.value),
        measured_on=measurement.measured_on.isoformat(),
        fields=changed,
    )
    return measurement


@transaction.atomic
def delete_measurement(*, actor: Actor, measurement: IndicatorMeasurement) -> None:
    goal = measurement.goal
    version = goal.version
    require_editor(actor, version.plan)
    audit_change(
        actor,
        "plans.indicator_measurement.deleted",
        measurement,
        version,
        goal=str(goal.pk),
        value=str(measurement.value),
        measured_on=measurement.measured_on.isoformat(),
    )
    measurement.delete()
