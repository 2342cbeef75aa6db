"""The agenda case over the API (/api/v1/conferences/items/<id>/...): the same rules as
the page, the same 404 for forbidden and missing, refused writes change nothing, every
read and write audited, and the routes in the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samvern.accounts.models import User
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import LegalBasis
from samvern.conferences.models import ActionPoint, Minutes, Research
from samvern.conferences.services import meeting
from samvern.conferences.tests.meeting_world import (
    PROTECTED_STREET,
    MeetingWorld,
    make_meeting_world,
    write_research,
)

pytestmark = pytest.mark.django_db

POLICE_RESEARCH = "API-POLITI: kjent fra før"


@pytest.fixture
def world() -> MeetingWorld:
    world = make_meeting_world()
    write_research(world, world.police, POLICE_RESEARCH)
    return world


def _url(name: str, world: MeetingWorld, item: Any = None) -> str:
    return reverse(name, args=[(item or world.item_a).pk])


def _client(user: User) -> Client:
    return login(Client(), user)


def _send(client: Client, method: str, url: str, body: dict[str, object]) -> Any:
    call = getattr(client, method)
    return call(url, data=json.dumps(body), content_type="application/json")


def _state() -> tuple[object, ...]:
    return (
        list(Research.objects.order_by("pk").values_list("pk", "body")),
        list(Minutes.objects.order_by("pk").values_list("pk", "decisions")),
        ActionPoint.objects.count(),
        AuditEvent.objects.filter(
            action__in=(
                meeting.RESEARCH_SAVED,
                meeting.MINUTES_SAVED,
                meeting.ACTION_POINT_ADDED,
            )
        ).count(),
    )


# --- the agenda case ---------------------------------------------------------------------------


def test_a_confirmed_attendee_gets_every_part_with_the_address_masked(world):
    response = _client(world.police_worker).get(_url("api-conferences-item", world))
    assert response.status_code == 200
    data = response.json()
    assert data["reference"] == world.case_a.reference
    assert data["conflicted"] is False
    assert data["facts"]["risk_band"] == "high"
    assert data["own_research"]["body"] == POLICE_RESEARCH
    assert data["other_research"] == []
    assert data["persons"][0]["address"] == "Skjermet adresse"
    assert [p["id"] for p in data["action_points"]["carried_over"]] == [str(world.carried.pk)]
    assert data["permissions"] == {"write_research": True, "write_minutes": True}
    assert PROTECTED_STREET not in response.content.decode()
    assert AuditEvent.objects.filter(action=meeting.ITEM_VIEWED, detail__via="api").exists()


def test_an_unconfirmed_attendee_gets_the_reference_and_own_research_only(world):
    data = _client(world.crisis_new).get(_url("api-conferences-item", world)).json()
    assert data["reference"] == world.case_a.reference
    for part in ("facts", "persons", "other_research", "minutes", "action_points"):
        assert data[part] is None, part
    assert data["permissions"] == {"write_research": True, "write_minutes": False}


def test_a_conflicted_attendee_gets_nothing_of_the_case(world):
    data = _client(world.crisis_conflict).get(_url("api-conferences-item", world)).json()
    assert data["conflicted"] is True
    for part in ("facts", "persons", "own_research", "other_research", "minutes"):
        assert data[part] is None, part
    assert data["permissions"] == {"write_research": False, "write_minutes": False}
    other = _client(world.crisis_conflict).get(_url("api-conferences-item", world, world.item_b))
    assert other.json()["facts"] is not None


@pytest.mark.parametrize("who", ["shelter", "dpo", "outsider"])
@pytest.mark.parametrize(
    "name",
    [
        "api-conferences-item",
        "api-conferences-item-research",
        "api-conferences-item-research-others",
        "api-conferences-item-minutes",
        "api-conferences-item-action-points",
    ],
)
def test_everyone_else_gets_the_404_of_a_missing_item(world, who, name):
    client = _client(world.users()[who])
    forbidden = client.get(_url(name, world))
    missing = client.get(reverse(name, args=[uuid.uuid4()]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


def test_the_api_needs_a_session_with_a_verified_second_factor(world):
    client = Client()
    client.force_login(world.police_worker)  # no second factor verified
    assert client.get(_url("api-conferences-item", world)).status_code == 403
    assert Client().get(_url("api-conferences-item", world)).status_code == 401


# --- research -------------------------------------------------------------------------------


def test_own_research_is_read_and_written(world):
    client = _client(world.crisis_new)
    url = _url("api-conferences-item-research", world)
    assert client.get(url).json() is None
    response = _send(
        client,
        "put",
        url,
        {
            "body": "Krisesenteret: bor her nå.",
            "legal_basis": LegalBasis.OTHER_STATUTORY,
            "statutory_basis": "Krisesenterlova § 4",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["organisation"] == world.crisis.name
    assert client.get(url).json()["body"] == "Krisesenteret: bor her nå."
    assert AuditEvent.objects.filter(action=meeting.RESEARCH_SAVED).count() == 1


def test_a_refused_research_write_answers_400_with_the_message_and_changes_nothing(world):
    client = _client(world.crisis_new)
    before = _state()
    response = _send(
        client,
        "put",
        _url("api-conferences-item-research", world),
        {"body": "x", "legal_basis": LegalBasis.OTHER_STATUTORY},
    )
    assert response.status_code == 400
    assert response.json()["statutory_basis"] == ["Oppgi hjemmelen."]
    assert _state() == before


@pytest.mark.parametrize("who", ["crisis_conflict", "coordinator"])
def test_research_writes_are_refused_with_404_to_those_without_it(world, who):
    before = _state()
    response = _send(
        _client(world.users()[who]),
        "put",
        _url("api-conferences-item-research", world),
        {"body": "x", "legal_basis": LegalBasis.CONSENT},
    )
    assert response.status_code == 404
    assert _state() == before


def test_others_research_is_for_the_meeting_only(world):
    write_research(world, world.crisis, "API-KRISE: bor på senteret")
    listed = _client(world.police_worker).get(_url("api-conferences-item-research-others", world))
    assert [row["body"] for row in listed.json()] == ["API-KRISE: bor på senteret"]
    refused = _client(world.crisis_new).get(_url("api-conferences-item-research-others", world))
    assert refused.status_code == 404
    assert POLICE_RESEARCH not in refused.content.decode()


# --- minutes and action points --------------------------------------------------------------


def test_minutes_are_written_and_read_by_a_confirmed_attendee(world):
    client = _client(world.police_worker)
    url = _url("api-conferences-item-minutes", world)
    assert client.get(url).json() is None
    response = _send(client, "put", url, {"risk_summary": "Høy.", "decisions": "Alarm."})
    assert response.status_code == 200
    assert client.get(url).json()["decisions"] == "Alarm."
    empty = _send(client, "put", url, {"discussion": ""})
    assert empty.status_code == 400
    assert empty.json()["detail"] == ["Skriv minst én del av referatet."]


@pytest.mark.parametrize("who", ["crisis_new", "crisis_conflict", "welfare", "coordinator"])
def test_minutes_and_action_points_are_refused_with_404_and_nothing_changes(world, who):
    client = _client(world.users()[who])
    before = _state()
    assert client.get(_url("api-conferences-item-minutes", world)).status_code == 404
    assert client.get(_url("api-conferences-item-action-points", world)).status_code == 404
    assert (
        _send(
            client, "put", _url("api-conferences-item-minutes", world), {"decisions": "x"}
        ).status_code
        == 404
    )
    assert (
        _send(
            client,
            "post",
            _url("api-conferences-item-action-points", world),
            {"organisation": str(world.police.pk), "description": "x", "due_on": "2099-01-01"},
        ).status_code
        == 404
    )
    assert _state() == before


def test_an_action_point_is_agreed_with_a_norwegian_or_iso_date(world):
    client = _client(world.police_worker)
    url = _url("api-conferences-item-action-points", world)
    due = world.conference.date + dt.timedelta(days=10)
    response = _send(
        client,
        "post",
        url,
        {
            "organisation": str(world.welfare.pk),
            "assignee": world.welfare_worker.pk,
            "description": "Samtale med skolen.",
            "due_on": due.strftime("%d.%m.%Y"),
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["due_on"] == due.isoformat()
    assert response.json()["assignee"] == world.welfare_worker.get_full_name()
    iso = _send(
        client,
        "post",
        url,
        {"organisation": str(world.crisis.pk), "description": "Bolig.", "due_on": due.isoformat()},
    )
    assert iso.status_code == 201
    listed = client.get(url).json()
    assert len(listed["agreed"]) == 2
    assert [p["id"] for p in listed["carried_over"]] == [str(world.carried.pk)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"organisation": "shelter"}, "organisation"),
        ({"organisation": "random"}, "organisation"),
        ({"assignee": "police_worker"}, "assignee"),
        ({"assignee": "nobody"}, "assignee"),
        ({"due_on": "31.02.2027"}, "due_on"),
    ],
)
def test_a_refused_action_point_answers_400_and_changes_nothing(world, body, field):
    values: dict[str, object] = {
        "organisation": str(world.welfare.pk),
        "description": "Samtale med skolen.",
        "due_on": (world.conference.date + dt.timedelta(days=10)).isoformat(),
    }
    for key, value in body.items():
        if value == "shelter":
            values[key] = str(world.shelter.pk)
        elif value == "random":
            values[key] = str(uuid.uuid4())
        elif value == "police_worker":
            values[key] = world.police_worker.pk
        elif value == "nobody":
            values[key] = 10**9
        else:
            values[key] = value
    before = _state()
    response = _send(
        _client(world.police_worker),
        "post",
        _url("api-conferences-item-action-points", world),
        values,
    )
    assert response.status_code == 400
    assert field in response.json()
    assert _state() == before


# --- schema ---------------------------------------------------------------------------------


def test_the_agenda_case_routes_are_in_the_openapi_schema(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    for route, methods in {
        "/api/v1/conferences/items/{item_id}/": {"get"},
        "/api/v1/conferences/items/{item_id}/research/": {"get", "put"},
        "/api/v1/conferences/items/{item_id}/research/others/": {"get"},
        "/api/v1/conferences/items/{item_id}/minutes/": {"get", "put"},
        "/api/v1/conferences/items/{item_id}/action-points/": {"get", "post"},
    }.items():
        assert route in paths
        assert methods <= set(paths[route]), route
