"""Writing on an agenda case: research, minutes and action points, through the services
and the pages. Each write is checked against the access it was let through with, refused
with a translated message (nothing changed, no write event) and audited in the same
transaction; the reads are too."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samvern.accounts.actor import Actor
from samvern.accounts.models import User
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import LegalBasis
from samvern.conferences.access import AgendaCaseAccess, ItemNeed, access_agenda_item
from samvern.conferences.models import ActionPoint, Minutes, Research
from samvern.conferences.services import meeting
from samvern.conferences.services.meeting import (
    ActionPointData,
    MeetingRuleError,
    MinutesData,
    ResearchData,
)
from samvern.conferences.tests.meeting_world import MeetingWorld, hold, make_meeting_world

pytestmark = pytest.mark.django_db

WRITE_ACTIONS = (meeting.RESEARCH_SAVED, meeting.MINUTES_SAVED, meeting.ACTION_POINT_ADDED)


@pytest.fixture
def world() -> MeetingWorld:
    return make_meeting_world()


def _actor(user: User) -> Actor:
    return Actor.load(user)


def _access(user: User, item: Any, need: ItemNeed = ItemNeed.REFERENCE) -> AgendaCaseAccess:
    return access_agenda_item(_actor(user), item.pk, need)


def _state() -> tuple[object, ...]:
    """Everything a write of this area could change, and its write events."""
    return (
        list(Research.objects.order_by("pk").values_list("pk", "body", "legal_basis")),
        list(Minutes.objects.order_by("pk").values_list("pk", "risk_summary", "decisions")),
        list(ActionPoint.objects.order_by("pk").values_list("pk", "description")),
        AuditEvent.objects.filter(action__in=WRITE_ACTIONS).count(),
    )


def _messages(error: pytest.ExceptionInfo[MeetingRuleError]) -> list[str]:
    return [str(message) for message in error.value.messages]


# --- research ------------------------------------------------------------------------------


def test_research_is_written_then_updated_in_one_row_with_an_event_each_time(world):
    actor = _actor(world.crisis_new)  # on the list, not confirmed: may write its own
    access = _access(world.crisis_new, world.item_a, ItemNeed.RESEARCH)
    first = meeting.save_research(
        actor=actor,
        access=access,
        data=ResearchData(body="  Bor på senteret.  ", legal_basis=LegalBasis.CONSENT),
    )
    second = meeting.save_research(
        actor=actor,
        access=access,
        data=ResearchData(
            body="Flyttet ut.",
            legal_basis=LegalBasis.OTHER_STATUTORY,
            statutory_basis="Krisesenterlova § 4",
        ),
    )
    assert first.pk == second.pk
    second.refresh_from_db()
    assert (second.body, second.statutory_basis) == ("Flyttet ut.", "Krisesenterlova § 4")
    assert second.organisation == world.crisis
    events = AuditEvent.objects.filter(action=meeting.RESEARCH_SAVED).order_by("id")
    assert [e.detail["created"] for e in events] == [True, False]
    assert {e.detail["case"] for e in events} == {str(world.case_a.pk)}
    assert {e.target_id for e in events} == {str(first.pk)}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (ResearchData(body="   ", legal_basis=LegalBasis.CONSENT), "body", "Skriv hva"),
        (ResearchData(body="x", legal_basis="hearsay"), "legal_basis", "Velg"),
        (
            ResearchData(body="x", legal_basis=LegalBasis.OTHER_STATUTORY),
            "statutory_basis",
            "hjemmelen",
        ),
        (ResearchData(body="x" * 20_001, legal_basis=LegalBasis.CONSENT), "body", "20\xa0000"),
    ],
)
def test_research_is_refused_with_a_message_and_nothing_changes(world, data, field, message):
    access = _access(world.police_worker, world.item_a, ItemNeed.RESEARCH)
    before = _state()
    with translation.override("nb"), pytest.raises(MeetingRuleError) as error:
        meeting.save_research(actor=_actor(world.police_worker), access=access, data=data)
    assert field in error.value.error_dict
    assert any(message in text for text in _messages(error)), _messages(error)
    assert _state() == before


def test_research_closes_when_the_conference_has_been_held(world):
    hold(world)
    access = _access(world.police_worker, world.item_a, ItemNeed.RESEARCH)
    before = _state()
    with pytest.raises(MeetingRuleError):
        meeting.save_research(
            actor=_actor(world.police_worker),
            access=access,
            data=ResearchData(body="For sent.", legal_basis=LegalBasis.CONSENT),
        )
    assert _state() == before


@pytest.mark.parametrize("who", ["crisis_conflict", "coordinator", "shelter", "dpo", "outsider"])
def test_research_is_not_for_the_conflicted_nor_those_not_taking_part(world, who):
    with pytest.raises(Http404):
        _access(world.users()[who], world.item_a, ItemNeed.RESEARCH)


def test_a_service_does_not_take_an_access_that_does_not_allow_the_write(world):
    """Called with the reference-only access of the coordinator: refused, nothing saved."""
    access = _access(world.coordinator, world.item_a)
    before = _state()
    with pytest.raises(MeetingRuleError):
        meeting.save_research(
            actor=_actor(world.coordinator),
            access=access,
            data=ResearchData(body="x", legal_basis=LegalBasis.CONSENT),
        )
    with pytest.raises(MeetingRuleError):
        meeting.save_minutes(
            actor=_actor(world.coordinator), access=access, data=MinutesData(decisions="x")
        )
    assert _state() == before


def test_the_research_form_saves_and_shows_a_refusal_on_the_form(world):
    client = login(Client(), world.crisis_new)
    url = reverse("conferences:research_save", args=[world.item_a.pk])
    refused = client.post(url, {"body": "Noe", "legal_basis": LegalBasis.OTHER_STATUTORY})
    assert refused.status_code == 200
    assert "Oppgi hjemmelen." in refused.content.decode()
    assert not Research.objects.filter(item=world.item_a).exists()
    assert not AuditEvent.objects.filter(action=meeting.RESEARCH_SAVED).exists()
    saved = client.post(url, {"body": "Bor på senteret.", "legal_basis": LegalBasis.CONSENT})
    assert saved.status_code == 302
    assert saved["Location"].endswith("#research")
    assert Research.objects.get(item=world.item_a).organisation == world.crisis


# --- minutes -------------------------------------------------------------------------------


def test_an_attendee_who_confirmed_writes_and_updates_the_minutes(world):
    actor = _actor(world.police_worker)
    access = _access(world.police_worker, world.item_a, ItemNeed.MEETING)
    meeting.save_minutes(actor=actor, access=access, data=MinutesData(risk_summary="Høy."))
    minutes = meeting.save_minutes(
        actor=actor, access=access, data=MinutesData(risk_summary="Høy.", decisions="Alarm.")
    )
    assert (minutes.risk_summary, minutes.decisions) == ("Høy.", "Alarm.")
    assert Minutes.objects.count() == 1
    events = AuditEvent.objects.filter(action=meeting.MINUTES_SAVED).order_by("id")
    assert [e.detail["parts"] for e in events] == [
        ["decisions", "discussion", "risk_summary"],
        ["decisions"],
    ]


def test_empty_minutes_are_refused(world):
    access = _access(world.police_worker, world.item_a, ItemNeed.MEETING)
    before = _state()
    with translation.override("nb"), pytest.raises(MeetingRuleError) as error:
        meeting.save_minutes(
            actor=_actor(world.police_worker), access=access, data=MinutesData(discussion="  ")
        )
    assert "minst én del" in _messages(error)[0]
    assert _state() == before


def test_a_colleague_reading_the_held_meeting_may_not_write_its_minutes(world):
    hold(world)
    access = _access(world.police_colleague, world.item_a, ItemNeed.MEETING)
    assert access.meeting and not meeting.may_write_minutes(access)
    before = _state()
    with pytest.raises(MeetingRuleError):
        meeting.save_minutes(
            actor=_actor(world.police_colleague), access=access, data=MinutesData(decisions="x")
        )
    response = login(Client(), world.police_colleague).post(
        reverse("conferences:minutes_save", args=[world.item_a.pk]), {"decisions": "x"}
    )
    assert response.status_code == 404
    assert _state() == before


@pytest.mark.parametrize("who", ["crisis_new", "crisis_conflict", "welfare", "coordinator"])
def test_the_minutes_form_refuses_with_404_and_changes_nothing(world, who):
    before = _state()
    client = login(Client(), world.users()[who])
    for name, data in (
        ("conferences:minutes_save", {"decisions": "Forsøk"}),
        ("conferences:action_add", {"organisation": str(world.police.pk), "description": "x"}),
    ):
        assert client.post(reverse(name, args=[world.item_a.pk]), data).status_code == 404
    assert _state() == before


# --- action points -------------------------------------------------------------------------


def _point(world: MeetingWorld, **changes: Any) -> ActionPointData:
    values: dict[str, Any] = {
        "organisation": world.welfare,
        "assignee": world.welfare_worker,
        "description": "Samtale med skolen.",
        "due_on": world.conference.date + dt.timedelta(days=21),
    }
    values.update(changes)
    return ActionPointData(**values)


def test_an_action_point_is_agreed_for_an_organisation_taking_part(world):
    access = _access(world.police_worker, world.item_a, ItemNeed.MEETING)
    point = meeting.add_action_point(
        actor=_actor(world.police_worker), access=access, data=_point(world)
    )
    point.refresh_from_db()
    assert (point.case, point.item, point.organisation) == (
        world.case_a,
        world.item_a,
        world.welfare,
    )
    assert point.assignee == world.welfare_worker
    assert point.created_by == world.police_worker
    event = AuditEvent.objects.get(action=meeting.ACTION_POINT_ADDED)
    assert event.detail["organisation"] == str(world.welfare.pk)
    assert event.detail["case"] == str(world.case_a.pk)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"organisation": "shelter"}, "organisation"),  # took part, left the partnership
        ({"organisation": "outsider_org"}, "organisation"),
        ({"organisation": "municipality"}, "organisation"),  # the coordinator: no part in it
        ({"assignee": "police_worker"}, "assignee"),  # of another organisation
        ({"assignee": "dpo"}, "assignee"),  # no case content role
        ({"description": "  "}, "description"),
        ({"due_on": -1}, "due_on"),  # before the conference
        ({"due_on": 365 * 3 + 5}, "due_on"),  # more than three years ahead
    ],
)
def test_an_action_point_is_refused_with_a_message_and_nothing_changes(world, changes, field):
    resolved: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "organisation" or key == "assignee":
            resolved[key] = getattr(world, value)
        elif key == "due_on":
            resolved[key] = world.conference.date + dt.timedelta(days=value)
        else:
            resolved[key] = value
    access = _access(world.police_worker, world.item_a, ItemNeed.MEETING)
    before = _state()
    with translation.override("nb"), pytest.raises(MeetingRuleError) as error:
        meeting.add_action_point(
            actor=_actor(world.police_worker), access=access, data=_point(world, **resolved)
        )
    assert list(error.value.error_dict) == [field]
    assert all(text and "%(" not in text for text in _messages(error))
    assert _state() == before


def test_the_action_point_form_reads_a_norwegian_date(world):
    client = login(Client(), world.police_worker)
    due = world.conference.date + dt.timedelta(days=30)
    response = client.post(
        reverse("conferences:action_add", args=[world.item_a.pk]),
        {
            "organisation": str(world.crisis.pk),
            "assignee": str(world.crisis_new.pk),
            "description": "Krisesenteret følger opp bolig.",
            "due_on": f"{due.day}.{due.month}.{due.year}",
        },
    )
    assert response.status_code == 302
    point = ActionPoint.objects.get(item=world.item_a)
    assert (point.due_on, point.organisation, point.assignee) == (
        due,
        world.crisis,
        world.crisis_new,
    )


@pytest.mark.parametrize("typed", ["31.02.2027", "2027/01/15", "i morgen"])
def test_the_action_point_form_refuses_a_date_it_cannot_read(world, typed):
    client = login(Client(), world.police_worker)
    before = _state()
    response = client.post(
        reverse("conferences:action_add", args=[world.item_a.pk]),
        {"organisation": str(world.crisis.pk), "description": "x", "due_on": typed},
    )
    assert response.status_code == 200
    assert "dag.måned.år" in response.content.decode()
    assert _state() == before


# --- one transaction -----------------------------------------------------------------------


class AuditDown(Exception):
    pass


@pytest.fixture
def audit_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(**kwargs: object) -> None:
        raise AuditDown

    monkeypatch.setattr("samvern.cases.services.reads.audit_log", fail)


def test_every_write_and_its_event_are_one_transaction(world, audit_fails):
    police = _actor(world.police_worker)
    meeting_access = _access(world.police_worker, world.item_a, ItemNeed.MEETING)
    research_access = _access(world.police_worker, world.item_a, ItemNeed.RESEARCH)
    before = _state()
    with pytest.raises(AuditDown):
        meeting.save_research(
            actor=police,
            access=research_access,
            data=ResearchData(body="x", legal_basis=LegalBasis.CONSENT),
        )
    with pytest.raises(AuditDown):
        meeting.save_minutes(actor=police, access=meeting_access, data=MinutesData(decisions="x"))
    with pytest.raises(AuditDown):
        meeting.add_action_point(actor=police, access=meeting_access, data=_point(world))
    assert _state() == before


def test_every_read_and_its_event_are_one_step(world, audit_fails):
    police = _actor(world.police_worker)
    for read in (
        meeting.read_item_page,
        meeting.read_own_research,
        meeting.read_other_research,
        meeting.read_minutes,
        meeting.read_action_points,
        meeting.read_minutes_document,
    ):
        with pytest.raises(AuditDown):
            read(police, world.item_a.pk)


def test_the_reads_for_the_api_record_what_they_return(world):
    police = _actor(world.police_worker)
    research = Research.objects.create(
        item=world.item_a,
        organisation=world.crisis,
        body="x",
        legal_basis=LegalBasis.CONSENT,
        author=world.crisis_new,
    )
    _, rows = meeting.read_other_research(police, world.item_a.pk, via="api")
    assert rows == [research]
    _, points = meeting.read_action_points(police, world.item_a.pk)
    assert points.carried_over == [world.carried]
    assert points.agreed == []
    events = AuditEvent.objects.order_by("id")
    assert [e.action for e in events] == [meeting.RESEARCH_VIEWED, meeting.ACTION_POINTS_VIEWED]
    assert events[0].detail["research"] == [str(research.pk)]
    assert events[0].detail["via"] == "api"
    assert events[1].detail["carried_over"] == [str(world.carried.pk)]
