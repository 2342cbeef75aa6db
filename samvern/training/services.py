"""Writes to a partnership's training records: keyword-only, atomic, audited. Callers
fetch the partnership (and event) through `access.py`; the services check who may write
for which organisation and the business rules, raising ValidationError with a translated
message and leaving everything unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation
from samvern.audit.services import audit_log
from samvern.partnerships.access import can_manage
from samvern.partnerships.models import Partnership
from samvern.training.access import can_write_for
from samvern.training.catalogue import catalogue
from samvern.training.models import (
    CompetenceRecord,
    PlannedCourse,
    StaffMember,
    TargetRole,
    TrainingEvent,
    TrainingPlan,
)


def _manager(actor: Actor, partnership: Partnership) -> None:
    if not can_manage(actor, partnership):
        raise ValidationError(
            _("Only the partnership's coordinators can do this."), code="not_manager"
        )


def _writer(actor: Actor, partnership: Partnership, organisation_id: object) -> None:
    if not can_write_for(actor, partnership, organisation_id):  # type: ignore[arg-type]
        raise ValidationError(
            _("You can only change the training records of your own organisation."),
            code="not_own_organisation",
        )


def _topic(key: str) -> None:
    if catalogue().get(key) is None:
        raise ValidationError({"topic_key": _("Choose a topic from the catalogue.")}, code="topic")


def _topics(keys: Sequence[str]) -> list[str]:
    for key in keys:
        _topic(key)
    return list(dict.fromkeys(keys))


def _check_event(actor: Actor, partnership: Partnership, topic_key: str, hours: Decimal) -> None:
    """What registering or correcting an event asks: the coordinator, a catalogue topic and
    a number of hours."""
    _manager(actor, partnership)
    _topic(topic_key)
    if hours is None or hours <= 0:
        raise ValidationError({"hours": _("Enter the number of hours.")}, code="hours")


@transaction.atomic
def create_event(
    *,
    actor: Actor,
    partnership: Partnership,
    topic_key: str,
    held_on: dt.date,
    hours: Decimal,
    title: str = "",
    audience: str = "",
    trainer: str = "",
    organiser: Organisation | None = None,
    notes: str = "",
) -> TrainingEvent:
    _check_event(actor, partnership, topic_key, hours)
    event = TrainingEvent.objects.create(
        partnership=partnership,
        topic_key=topic_key,
        catalogue_version=catalogue().version,
        held_on=held_on,
        hours=hours,
        title=title.strip(),
        audience=audience.strip(),
        trainer=trainer.strip(),
        organiser=organiser,
        notes=notes.strip(),
    )
    audit_log(
        actor=actor,
        action="training.event.created",
        target=event,
        organisation=actor.organisation,
        detail={
            "partnership": str(partnership.pk),
            "topic": topic_key,
            "held_on": held_on,
            "hours": str(hours),
        },
    )
    return event


_EVENT_FIELDS = ("topic_key", "held_on", "hours", "title", "audience", "trainer", "notes")


def _event_facts(event: TrainingEvent) -> dict[str, object]:
    facts: dict[str, object] = {name: getattr(event, name) for name in _EVENT_FIELDS}
    facts["hours"] = f"{Decimal(event.hours):.1f}"
    facts["organiser"] = str(event.organiser_id) if event.organiser_id else None
    return facts


@transaction.atomic
def update_event(
    *,
    actor: Actor,
    event: TrainingEvent,
    topic_key: str,
    held_on: dt.date,
    hours: Decimal,
    title: str = "",
    audience: str = "",
    trainer: str = "",
    organiser: Organisation | None = None,
    notes: str = "",
) -> TrainingEvent:
    """Correct what was registered about an event. The competence its participants got
    from it follows: a new topic or date moves their records and refresh dates with it,
    so the coverage figures never count a course as it was first (mis)typed."""
    _check_event(actor, event.partnership, topic_key, hours)
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    before = _event_facts(event)
    event.topic_key = topic_key
    event.held_on = held_on
    event.hours = hours
    event.title = title.strip()
    event.audience = audience.strip()
    event.trainer = trainer.strip()
    event.organiser = organiser
    event.notes = notes.strip()
    after = _event_facts(event)
    changes = {
        key: {"from": before[key], "to": after[key]} for key in after if before[key] != after[key]
    }
    if not changes:
        return event
    if topic_key != before["topic_key"]:
        event.catalogue_version = catalogue().version
    event.save(update_fields=[*_EVENT_FIELDS, "organiser", "catalogue_version", "updated_at"])
    moved = 0
    if "topic_key" in changes or "held_on" in changes:
        topic = catalogue().get(topic_key)
        moved = event.competences.update(
            topic_key=topic_key,
            completed_on=held_on,
            refresh_due=topic.refresh_due(held_on) if topic is not None else None,
        )
    audit_log(
        actor=actor,
        action="training.event.updated",
        target=event,
        organisation=actor.organisation,
        detail={
            "partnership": str(event.partnership_id),
            "changes": changes,
            "records_moved": moved,
        },
    )
    return event


@transaction.atomic
def delete_event(*, actor: Actor, event: TrainingEvent) -> int:
    """Remove an event registered by mistake, with the competence its participants got
    from it (a course that was not held trains nobody); how many records went with it.
    Courses recorded by hand, without the event, stay."""
    _manager(actor, event.partnership)
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    facts = _event_facts(event)
    removed, _by_model = CompetenceRecord.objects.filter(event=event).delete()
    audit_log(
        actor=actor,
        action="training.event.deleted",
        target=event,
        organisation=actor.organisation,
        detail={
            "partnership": str(event.partnership_id),
            **facts,
            "records_removed": removed,
        },
    )
    event.delete()
    return removed


def _record(
    *,
    person: StaffMember,
    topic_key: str,
    completed_on: dt.date,
    refresh_due: dt.date | None,
    event: TrainingEvent | None,
) -> CompetenceRecord:
    if refresh_due is not None and refresh_due <= completed_on:
        raise ValidationError(
            {"refresh_due": _("The refresh date must come after the course.")},
            code="refresh_before",
        )
    try:
        with transaction.atomic():
            return CompetenceRecord.objects.create(
                person=person,
                topic_key=topic_key,
                completed_on=completed_on,
                refresh_due=refresh_due,
                event=event,
            )
    except IntegrityError:
        raise ValidationError(
            _("%(name)s is already registered for this course.") % {"name": person.name},
            code="duplicate",
        ) from None


@transaction.atomic
def add_participant(*, actor: Actor, event: TrainingEvent, person: StaffMember) -> CompetenceRecord:
    """Register that a staff member took part: gives them the competence of the event's
    topic from its date, to be refreshed as the catalogue says."""
    _writer(actor, event.partnership, person.organisation_id)
    if person.partnership_id != event.partnership_id or not person.is_active:
        raise ValidationError(_("Choose an active staff member of a member organisation."))
    topic = catalogue().get(event.topic_key)
    refresh_due = topic.refresh_due(event.held_on) if topic is not None else None
    record = _record(
        person=person,
        topic_key=event.topic_key,
        completed_on=event.held_on,
        refresh_due=refresh_due,
        event=event,
    )
    audit_log(
        actor=actor,
        action="training.participant.added",
        target=record,
        organisation=actor.organisation,
        detail={
            "event": str(event.pk),
            "person": str(person.pk),
            "organisation": str(person.organisation_id),
        },
    )
    return record


@transaction.atomic
def add_record(
    *,
    actor: Actor,
    person: StaffMember,
    topic_key: str,
    completed_on: dt.date,
    refresh_due: dt.date | None = None,
    today: dt.date,
) -> CompetenceRecord:
    """A course done elsewhere (another provider, e-learning)."""
    _writer(actor, person.partnership, person.organisation_id)
    _topic(topic_key)
    if completed_on > today:
        raise ValidationError(
            {"completed_on": _("A course cannot be completed in the future.")}, code="future"
        )
    if refresh_due is None:
        topic = catalogue().get(topic_key)
        refresh_due = topic.refresh_due(completed_on) if topic is not None else None
    record = _record(
        person=person,
        topic_key=topic_key,
        completed_on=completed_on,
        refresh_due=refresh_due,
        event=None,
    )
    audit_log(
        actor=actor,
        action="training.record.added",
        target=record,
        organisation=actor.organisation,
        detail={"person": str(person.pk), "topic": topic_key, "completed_on": completed_on},
    )
    return record


@transaction.atomic
def save_target_role(
    *,
    actor: Actor,
    partnership: Partnership,
    organisation: Organisation,
    name: str,
    required_topics: Sequence[str],
    staff_count: int | None,
) -> TargetRole:
    _writer(actor, partnership, organisation.pk)
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError({"name": _("A role needs a name.")}, code="name")
    role, created = TargetRole.objects.update_or_create(
        partnership=partnership,
        organisation=organisation,
        name=cleaned,
        defaults={"required_topics": _topics(required_topics), "staff_count": staff_count},
    )
    audit_log(
        actor=actor,
        action="training.role.saved",
        target=role,
        organisation=actor.organisation,
        detail={
            "organisation": str(organisation.pk),
            "name": cleaned,
            "required_topics": role.required_topics,
            "staff_count": staff_count,
            "created": created,
        },
    )
    return role


@transaction.atomic
def add_staff(
    *,
    actor: Actor,
    partnership: Partnership,
    organisation: Organisation,
    name: str,
    role: TargetRole | None,
) -> StaffMember:
    _writer(actor, partnership, organisation.pk)
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError({"name": _("Enter the person's name.")}, code="name")
    if role is not None and (
        role.organisation_id != organisation.pk or role.partnership_id != partnership.pk
    ):
        raise ValidationError({"role": _("Choose one of the organisation's roles.")})
    person = StaffMember.objects.create(
        partnership=partnership, organisation=organisation, name=cleaned, role=role
    )
    audit_log(
        actor=actor,
        action="training.staff.added",
        target=person,
        organisation=actor.organisation,
        detail={"organisation": str(organisation.pk), "role": str(role.pk) if role else None},
    )
    return person


@transaction.atomic
def set_staff_active(*, actor: Actor, person: StaffMember, is_active: bool) -> StaffMember:
    _writer(actor, person.partnership, person.organisation_id)
    person.is_active = is_active
    person.save(update_fields=["is_active", "updated_at"])
    audit_log(
        actor=actor,
        action="training.staff.left" if not is_active else "training.staff.returned",
        target=person,
        organisation=actor.organisation,
        detail={"organisation": str(person.organisation_id)},
    )
    return person


@transaction.atomic
def save_plan(*, actor: Actor, partnership: Partnership, year: int, goals: str) -> TrainingPlan:
    _manager(actor, partnership)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")}, code="year")
    plan, created = TrainingPlan.objects.update_or_create(
        partnership=partnership, year=year, defaults={"goals": goals.strip()}
    )
    audit_log(
        actor=actor,
        action="training.plan.saved",
        target=plan,
        organisation=actor.organisation,
        detail={"partnership": str(partnership.pk), "year": year, "created": created},
    )
    return plan


@transaction.atomic
def add_planned_course(
    *,
    actor: Actor,
    plan: TrainingPlan,
    topic_key: str,
    audience: str = "",
    sessions: int = 1,
    participants: int | None = None,
) -> PlannedCourse:
    _manager(actor, plan.partnership)
    _topic(topic_key)
    if sessions < 1:
        raise ValidationError({"sessions": _("Plan at least one session.")}, code="sessions")
    course = PlannedCourse.objects.create(
        plan=plan,
        topic_key=topic_key,
        audience=audience.strip(),
        sessions=sessions,
        participants=participants,
    )
    audit_log(
        actor=actor,
        action="training.plan.course_added",
        target=course,
        organisation=actor.organisation,
        detail={"plan": str(plan.pk), "topic": topic_key, "sessions": sessions},
    )
    return course
