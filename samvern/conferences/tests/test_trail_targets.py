"""The audit trail names what the conference, safety-plan and checklist events are
about in words (the kind of object, a conference by its date and partnership, a series by
its title), never by an internal key; a conference is a link only for a reader who may
open it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.services import audit_log
from samvern.conferences.models import CalendarFeed, ConferenceSeries, Recurrence
from samvern.conferences.tests.world import ScheduleWorld, make_schedule_world
from samvern.core.testing import choose_language

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def world() -> ScheduleWorld:
    return make_schedule_world(today=timezone.localdate())


def _record_police_events(world: ScheduleWorld) -> None:
    actor = Actor.load(world.referrer, organisation=world.police)
    series = ConferenceSeries.objects.create(
        partnership=world.partnership,
        title="Testby annenhver tirsdag",
        recurrence=Recurrence.WEEKLY,
        first_date=world.today,
        starts_at=dt.time(9, 0),
        created_by=world.coordinator,
    )
    feed = CalendarFeed.objects.create(
        user=world.referrer, organisation=world.police, token_hash="0" * 64
    )
    attendee = world.attendees["referrer"]
    police = world.police
    for action, target, detail in (
        ("conference.schedule.viewed", world.conference, {"facts": True}),
        ("conference.attendance.confirmed", attendee, {"conference": str(world.conference.pk)}),
        ("conference.schedule.generated", series, {"count": 3}),
        (
            "conference.statement.written",
            world.statement,
            {"partnership": str(world.partnership.pk), "version": 1},
        ),
        ("conference.actions.calendar_created", feed, {}),
    ):
        audit_log(actor=actor, action=action, target=target, organisation=police, detail=detail)


def _rows(client: Client, language: str):
    choose_language(client, language)
    response = client.get("/audit/")
    assert response.status_code == 200
    return {row.event.action: row for row in response.context["rows"]}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nb",
            {
                "conference.schedule.viewed": "Konferanse",
                "conference.attendance.confirmed": "Deltaker",
                "conference.schedule.generated": "Konferanseserie",
                "conference.statement.written": "Taushetserklæring",
                "conference.actions.calendar_created": "Kalenderadresse",
            },
        ),
        (
            "en",
            {
                "conference.schedule.viewed": "Conference",
                "conference.attendance.confirmed": "Attendee",
                "conference.schedule.generated": "Conference series",
                "conference.statement.written": "Confidentiality statement",
                "conference.actions.calendar_created": "Calendar feed",
            },
        ),
    ],
)
def test_conference_events_are_named_in_words(client, world, language, expected):
    _record_police_events(world)
    login(client, world.dpo)
    rows = _rows(client, language)
    assert {action: rows[action].what_type for action in expected} == expected
    for action in expected:
        assert not UUID.search(rows[action].what), action
    assert "Konferanse Testby" in rows["conference.schedule.viewed"].what
    assert "Konferanse Testby" in rows["conference.attendance.confirmed"].what
    assert rows["conference.schedule.generated"].what == "Testby annenhver tirsdag"
    assert "Konferanse Testby" in rows["conference.statement.written"].what
    # A data protection officer does not open conferences: no link.
    assert not any(rows[action].what_url for action in expected)


def test_a_reader_who_may_open_the_conference_gets_a_link(world):
    from samvern.audit.models import AuditEvent
    from samvern.trail.presenters import present_events

    _record_police_events(world)
    # An attendee of the conference, as the presenter would serve her.
    reader = Actor.load(world.referrer, organisation=world.police)
    rows = {
        row.event.action: row
        for row in present_events(
            AuditEvent.objects.filter(organisation_id=str(world.police.pk)),
            reader=reader,
            organisation=world.police,
        )
    }
    detail = reverse("conferences:detail", args=[world.conference.pk])
    assert rows["conference.schedule.viewed"].what_url == detail
    assert rows["conference.attendance.confirmed"].what_url == detail
    assert rows["conference.schedule.generated"].what_url == ""


def test_case_bound_objects_of_the_new_apps_are_named_with_the_case(client, world):
    actor = Actor.load(world.referrer, organisation=world.police)
    case = world.case_a
    for action, target_type in (
        ("safetyplans.plan.viewed", "safetyplans.safetyplan"),
        ("checklists.checklist.viewed", "checklists.checklist"),
        ("checklists.item.ticked", "checklists.checklistitem"),
        ("conference.actions.point_viewed", "conferences.actionpoint"),
    ):
        audit_log(
            actor=actor,
            action=action,
            target_type=target_type,
            target_id="3f1c2b4a-0000-4000-8000-000000000001",
            organisation=world.police,
            detail={"case": str(case.pk), "reference": case.reference},
        )
    login(client, world.dpo)
    rows = _rows(client, "nb")
    assert rows["safetyplans.plan.viewed"].what == f"Sikkerhetsplan i sak {case.reference}"
    assert rows["checklists.checklist.viewed"].what == f"Sjekkliste i sak {case.reference}"
    assert rows["checklists.item.ticked"].what == f"Sjekklistepunkt i sak {case.reference}"
    assert rows["conference.actions.point_viewed"].what == f"Tiltakspunkt i sak {case.reference}"


def test_conference_details_read_as_words_and_names(client, world):
    actor = Actor.load(world.referrer, organisation=world.police)
    attendee = world.attendees["participant"]
    audit_log(
        actor=actor,
        action="conference.attendance.changed",
        target=attendee,
        organisation=world.police,
        detail={
            "conference": str(world.conference.pk),
            "user": str(world.participant.pk),
            "status": "present",
            "from": "expected",
            "substitute_for": "",
        },
    )
    audit_log(
        actor=actor,
        action="conference.actions.outcome_recorded",
        target=world.open_point,
        organisation=world.police,
        detail={
            "case": str(world.case_review.pk),
            "reference": world.case_review.reference,
            "from": "open",
            "to": "not_possible",
            "on": world.today.isoformat(),
            "reason_given": True,
        },
    )
    login(client, world.dpo)
    rows = _rows(client, "en")
    attendance = dict(rows["conference.attendance.changed"].details)
    assert attendance["person"] == world.participant.get_full_name()
    assert attendance["attendance"] == "present"
    assert attendance["from"] == "expected"
    assert "substitute for" in attendance and "substitute_for" not in attendance
    outcome = dict(rows["conference.actions.outcome_recorded"].details)
    assert outcome["to"] == "not possible"
    assert outcome["reason given"] == "yes"
    nb = dict(_rows(client, "nb")["conference.actions.outcome_recorded"].details)
    assert "not_possible" not in nb.values()
