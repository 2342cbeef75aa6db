"""A version's content while it is open: mandate and working group, mapping, focus areas,
goals and measures (one by one or imported from a sheet)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NotRequired, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Membership
from samvern.core.spreadsheets import Row
from samvern.plans import catalogues
from samvern.plans.lineage import next_measure_number
from samvern.plans.models import (
    FocusAreaChoice,
    Goal,
    Mandate,
    MappingSection,
    MappingTopic,
    Measure,
    Milestone,
    PlanVersion,
    WorkingGroupMember,
)
from samvern.plans.services.common import (
    apply_changes,
    audit_change,
    require_editor,
    require_open_content,
    version_settings,
)
from samvern.plans.services.data import GoalData, MandateData, MeasureData


class AreaChoiceRow(TypedDict):
    """One focus area of the framework as ranked and chosen on the areas page."""

    area_key: str
    rank: NotRequired[int | None]
    reason: NotRequired[str]
    chosen: NotRequired[bool]


@transaction.atomic
def save_mandate(*, actor: Actor, version: PlanVersion, data: MandateData) -> Mandate:
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    mandate = Mandate.objects.filter(version=version).first()
    created = mandate is None
    if mandate is None:
        mandate = Mandate(version=version)
    changed = apply_changes(mandate, data.as_fields())
    mandate.full_clean()
    mandate.save()
    audit_change(
        actor,
        "plans.mandate.created" if created else "plans.mandate.updated",
        mandate,
        version,
        fields=changed,
    )
    return mandate


@transaction.atomic
def add_working_group_member(
    *,
    actor: Actor,
    version: PlanVersion,
    name: str,
    position: str = "",
    organisation: str = "",
    is_leader: bool = False,
    publish_name: bool = True,
) -> WorkingGroupMember:
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    if is_leader:
        version.working_group.filter(is_leader=True).update(is_leader=False)
    member = WorkingGroupMember.objects.create(
        version=version,
        name=name,
        position=position,
        organisation=organisation,
        is_leader=is_leader,
        publish_name=publish_name,
    )
    audit_change(actor, "plans.working_group.member_added", member, version, leader=is_leader)
    return member


@transaction.atomic
def remove_working_group_member(*, actor: Actor, member: WorkingGroupMember) -> None:
    version = member.version
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    audit_change(actor, "plans.working_group.member_removed", member, version)
    member.delete()


@transaction.atomic
def add_milestone(*, actor: Actor, version: PlanVersion, title: str, due_on: dt.date) -> Milestone:
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    milestone = Milestone.objects.create(version=version, title=title, due_on=due_on)
    audit_change(actor, "plans.milestone.added", milestone, version, due_on=due_on)
    return milestone


@transaction.atomic
def save_mapping(
    *, actor: Actor, version: PlanVersion, sections: dict[str, tuple[str, list[str]]]
) -> None:
    """`sections` maps topic → (text, checked checklist keys)."""
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    existing = {s.topic: s for s in version.mapping_sections.all()}
    changed = []
    for topic, (text, checked) in sections.items():
        if topic not in MappingTopic.values:
            raise ValidationError(_("Unknown mapping topic."))
        section = existing.get(topic) or MappingSection(version=version, topic=topic)
        if section._state.adding or section.text != text or section.checked != list(checked):
            section.text = text
            section.checked = list(checked)
            section.save()
            changed.append(topic)
    audit_change(actor, "plans.mapping.updated", version, version, topics=changed)


@transaction.atomic
def save_area_choices(
    *,
    actor: Actor,
    version: PlanVersion,
    framework_key: str,
    choices: Iterable[AreaChoiceRow],
) -> None:
    """Rank the framework's areas with reasons and choose the ones for the period."""
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    framework = catalogues.framework(framework_key)
    if framework is None:
        raise ValidationError(_("Unknown focus-area framework."))
    settings = version_settings(version)
    if (
        settings.framework_key
        and settings.framework_key != framework_key
        and (version.goals.exists() or version.measures.exclude(area_key="").exists())
    ):
        raise ValidationError(
            _("Goals or measures already refer to the current framework's areas.")
        )
    settings.framework_key = framework_key
    settings.framework_version = framework.version
    settings.save(update_fields=["framework_key", "framework_version", "updated_at"])
    valid = {area.key for area in framework.areas}
    version.area_choices.exclude(area_key__in=valid).delete()
    existing = {c.area_key: c for c in version.area_choices.all()}
    chosen = []
    for choice in choices:
        if choice["area_key"] not in valid:
            raise ValidationError(_("Unknown focus area."))
        if choice.get("chosen") and not (choice.get("reason") or "").strip():
            raise ValidationError(
                _("Give a reason for choosing “%(area)s”.")
                % {"area": framework.area(choice["area_key"]).title}  # type: ignore[union-attr]
            )
        row = existing.get(choice["area_key"]) or FocusAreaChoice(
            version=version, area_key=choice["area_key"]
        )
        row.rank = choice.get("rank")
        row.reason = choice.get("reason") or ""
        row.chosen = bool(choice.get("chosen"))
        row.save()
        if row.chosen:
            chosen.append(row.area_key)
    audit_change(
        actor,
        "plans.areas.updated",
        version,
        version,
        framework=framework_key,
        chosen=chosen,
    )


def _check_area(version: PlanVersion, area_key: str) -> None:
    if not area_key:
        return
    chosen = set(version.area_choices.filter(chosen=True).values_list("area_key", flat=True))
    if area_key not in chosen:
        raise ValidationError(_("The focus area must be one chosen for this plan."))


@transaction.atomic
def save_goal(
    *, actor: Actor, version: PlanVersion, data: GoalData, goal: Goal | None = None
) -> Goal:
    """A new goal, or `goal` (as saved) changed to `data`."""
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    _check_area(version, data.area_key)
    definition = catalogues.indicator(data.indicator_key)
    if data.indicator_key and definition is None:
        raise ValidationError(
            {"indicator_key": _("Choose an indicator from the catalogue, or describe your own.")}
        )
    if definition is not None and not data.indicator.strip():
        # The text keeps documents and the quality check working as for a free-text indicator.
        data = dataclasses.replace(data, indicator=definition.title)
    created = goal is None
    goal = goal or Goal(version=version)
    changed = apply_changes(goal, data.as_fields())
    if "indicator_key" in changed or (definition and goal.indicator_version is None):
        goal.indicator_version = definition.version if definition else None
    goal.save()
    audit_change(
        actor,
        "plans.goal.created" if created else "plans.goal.updated",
        goal,
        version,
        fields=changed,
    )
    return goal


@transaction.atomic
def delete_goal(*, actor: Actor, goal: Goal) -> None:
    version = goal.version
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    audit_change(actor, "plans.goal.deleted", goal, version, text=goal.text)
    goal.delete()


def _validate_measure(version: PlanVersion, data: MeasureData) -> None:
    if data.starts_on and data.deadline and data.deadline < data.starts_on:
        raise ValidationError(_("The deadline cannot be before the start."))
    _check_area(version, data.area_key or "")
    if set(data.target_groups) - {t.key for t in catalogues.target_groups()}:
        raise ValidationError(_("Unknown target group."))
    if set(data.duties) - {d.key for d in catalogues.duties()}:
        raise ValidationError(_("Unknown statutory duty."))
    for value in (data.budget_nok, data.staff_hours):
        if value is not None and value < 0:
            raise ValidationError(_("Resources cannot be negative."))
    _check_responsible(data)


def _check_responsible(data: MeasureData) -> None:
    """A partner organisation must be active, and the person named for it must work
    there today: they report on the measure as its member."""
    organisation, person = data.responsible_organisation, data.responsible_user
    if organisation is None:
        return
    if not organisation.is_active:
        raise ValidationError(
            {"responsible_organisation": _("The organisation is no longer active in Samvern.")}
        )
    if person is not None and not (
        Membership.objects.current().filter(user=person, organisation=organisation).exists()
    ):
        raise ValidationError(
            {
                "responsible_user": _(
                    "%(person)s is not a member of %(organisation)s. Choose a person in the "
                    "responsible organisation, or leave the person empty."
                )
                % {"person": person, "organisation": organisation.name}
            }
        )


@transaction.atomic
def save_measure(
    *,
    actor: Actor,
    version: PlanVersion,
    data: MeasureData,
    measure: Measure | None = None,
    goals: Sequence[Goal] | None = None,
) -> Measure:
    """A new measure, or `measure` (as saved) changed to `data`; its goals are replaced
    when `goals` is given. A partial change is `dataclasses.replace(MeasureData.of(m), ...)`."""
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    _validate_measure(version, data)
    if goals is not None and any(goal.version_id != version.pk for goal in goals):
        raise ValidationError(_("A goal from another version cannot be linked."))
    created = measure is None
    if measure is None:
        # The next number never used in the plan: a finished measure's stays its own.
        measure = Measure(version=version, number=next_measure_number(version))
    changed = apply_changes(measure, data.as_fields())
    measure.save()
    if goals is not None:
        before = set() if created else set(measure.goals.values_list("pk", flat=True))
        if before != {goal.pk for goal in goals}:
            changed.append("goals")
        measure.goals.set(goals)
    audit_change(
        actor,
        "plans.measure.created" if created else "plans.measure.updated",
        measure,
        version,
        fields=changed,
    )
    return measure


@transaction.atomic
def delete_measure(*, actor: Actor, measure: Measure) -> None:
    version = measure.version
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    audit_change(actor, "plans.measure.deleted", measure, version, title=measure.title)
    measure.delete()


@dataclass
class ImportResult:
    created: list[Measure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@transaction.atomic
def import_measures(
    *, actor: Actor, version: PlanVersion, rows: Sequence[Row], source: str
) -> ImportResult:
    """Create measures from parsed sheet rows (see imports.py). Every bad row is reported
    and, if any row is bad, nothing is created."""
    from samvern.plans.imports import validate_rows

    require_editor(actor, version.plan)
    require_open_content(version, actor)
    cleaned, errors = validate_rows(version, rows)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    number = next_measure_number(version)
    for offset, fields in enumerate(cleaned):
        measure = Measure.objects.create(version=version, number=number + offset, **fields)
        result.created.append(measure)
    audit_change(
        actor,
        "plans.measure.imported",
        version,
        version,
        source=source,
        count=len(result.created),
    )
    return result


@transaction.atomic
def renumber_measures(*, actor: Actor, version: PlanVersion) -> int:
    """Number the version's measures 1, 2, 3 … in their present order. A revision keeps
    each measure's number (so that "measure 7" means the same thing in every report), which
    leaves gaps where finished measures were; closing them is the working group's choice.
    Returns how many measures got a new number."""
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    measures = list(version.measures.select_for_update().order_by("number", "created_at"))
    moved = [
        (measure, position)
        for position, measure in enumerate(measures, start=1)
        if measure.number != position
    ]
    if not moved:
        raise ValidationError(
            _("The measures are already numbered 1 to %(count)s.") % {"count": len(measures)}
        )
    numbers = [[str(measure.pk), measure.number, position] for measure, position in moved]
    now = timezone.now()
    for measure, position in moved:
        measure.number, measure.updated_at = position, now
    Measure.objects.bulk_update([m for m, _position in moved], ["number", "updated_at"])
    audit_change(actor, "plans.measure.renumbered", version, version, numbers=numbers)
    return len(moved)
