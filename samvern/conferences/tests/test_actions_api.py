"""Action points over the API: the same rules, services and audit events as the pages,
and in the OpenAPI schema."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from samvern.accounts.models import ApiToken
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.access import today
from samvern.conferences.models import ActionPoint, Outcome
from samvern.conferences.services import actions
from samvern.conferences.tests.actions_world import DESCRIPTIONS, ActionsWorld, make_actions_world

pytestmark = pytest.mark.django_db

LIST = "/api/v1/conferences/actions/"


@pytest.fixture
def world() -> ActionsWorld:
    return make_actions_world(day=today())


def _client(world: ActionsWorld, name: str) -> Client:
    client = Client(enforce_csrf_checks=False)
    login(client, world.users()[name])
    return client


def _descriptions(response) -> set[str]:
    return {
        key
        for key, text in DESCRIPTIONS.items()
        if any(row["description"] == text for row in response.json()["results"])
    }


def test_the_list_is_the_organisation_s_points(world: ActionsWorld) -> None:
    response = _client(world, "referrer").get(LIST)
    assert response.status_code == 200
    assert _descriptions(response) == {"police_soon", "police_late", "police_done"}
    late = next(
        r for r in response.json()["results"] if r["id"] == str(world.points["police_late"].pk)
    )
    assert late["overdue"] is True
    assert late["case_reference"] == world.case_b.reference
    assert late["outcome"] == Outcome.OPEN
    event = AuditEvent.objects.get(action=actions.POINTS_LISTED)
    assert event.detail["via"] == "api"
    assert len(event.detail["points"]) == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("?outcome=done", {"police_done"}),
        ("?overdue=true", {"police_late"}),
        ("?due_within=2", {"police_soon"}),
        ("?reference=HAND-A", {"police_soon"}),
    ],
)
def test_the_list_filters(world: ActionsWorld, params: str, expected: set[str]) -> None:
    assert _descriptions(_client(world, "referrer").get(LIST + params)) == expected


def test_mine(world: ActionsWorld) -> None:
    assert _descriptions(_client(world, "carl").get(LIST + "?mine=1")) == {"police_soon"}


@pytest.mark.parametrize("name", ["member_worker", "coordinator", "rolf", "outsider"])
def test_others_list_none_of_the_police_points(world: ActionsWorld, name: str) -> None:
    response = _client(world, name).get(LIST)
    assert response.status_code == 200
    assert _descriptions(response) == set()


def test_the_dpo_gets_404(world: ActionsWorld) -> None:
    assert _client(world, "dpo").get(LIST).status_code == 404


def test_anonymous_gets_401(world: ActionsWorld) -> None:
    assert Client().get(LIST).status_code == 401


def test_one_point_for_the_owner_and_an_attending_organisation(world: ActionsWorld) -> None:
    point = world.points["police_soon"]
    for name in ("referrer", "participant"):
        response = _client(world, name).get(f"{LIST}{point.pk}/")
        assert response.status_code == 200
        assert response.json()["description"] == DESCRIPTIONS["police_soon"]
    assert AuditEvent.objects.filter(action=actions.POINT_VIEWED).count() == 2


@pytest.mark.parametrize("name", ["member_worker", "coordinator", "dpo", "rolf", "outsider"])
def test_one_point_is_404_for_others(world: ActionsWorld, name: str) -> None:
    point = world.points["police_soon"]
    client = _client(world, name)
    refused = client.get(f"{LIST}{point.pk}/")
    missing = client.get(f"{LIST}00000000-0000-0000-0000-000000000000/")
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    assert AuditEvent.objects.filter(action="security.case.refused").count() == 2


@pytest.mark.parametrize("method", ["patch", "post"])
def test_the_owner_records_an_outcome(world: ActionsWorld, method: str) -> None:
    point = world.points["police_late"]
    client = _client(world, "carl")
    url = f"{LIST}{point.pk}/" if method == "patch" else f"{LIST}{point.pk}/outcome/"
    response = getattr(client, method)(
        url,
        json.dumps({"outcome": "not_possible", "reason": "Flyttet"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "not_possible"
    assert response.json()["outcome_on"] == world.day.isoformat()
    point.refresh_from_db()
    assert (point.outcome, point.outcome_reason) == (Outcome.NOT_POSSIBLE, "Flyttet")
    assert AuditEvent.objects.filter(action=actions.OUTCOME_RECORDED).count() == 1


def test_a_missing_reason_is_400_and_changes_nothing(world: ActionsWorld) -> None:
    point = world.points["police_late"]
    response = _client(world, "referrer").patch(
        f"{LIST}{point.pk}/", json.dumps({"outcome": "not_done"}), content_type="application/json"
    )
    assert response.status_code == 400
    assert "reason" in response.content.decode()
    point.refresh_from_db()
    assert point.outcome == Outcome.OPEN
    assert not AuditEvent.objects.filter(action=actions.OUTCOME_RECORDED).exists()


@pytest.mark.parametrize(
    "name", ["participant", "member_worker", "coordinator", "dpo", "rolf", "outsider"]
)
def test_others_cannot_record_an_outcome(world: ActionsWorld, name: str) -> None:
    point = world.points["police_soon"]
    response = _client(world, name).post(
        f"{LIST}{point.pk}/outcome/",
        json.dumps({"outcome": "done"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert ActionPoint.objects.get(pk=point.pk).outcome == Outcome.OPEN
    assert not AuditEvent.objects.filter(action__startswith="conference.").exists()


def test_an_api_token_does_not_open_action_points(world: ActionsWorld) -> None:
    """As for the case API: only a session with a verified second factor."""
    from samvern.accounts.actor import Actor
    from samvern.accounts.services import issue_api_token

    issued = issue_api_token(
        actor=Actor.load(world.referrer, organisation=world.police),
        organisation=world.police,
        second_factor_verified=True,
    )
    token_key = issued.key
    response = Client().get(LIST, HTTP_AUTHORIZATION=f"Token {token_key}")
    assert response.status_code in (401, 403)
    assert ApiToken.objects.exists()


def test_the_routes_are_in_the_openapi_schema(client: Client) -> None:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    body = response.content.decode()
    for route in (
        "/api/v1/conferences/actions/",
        "/api/v1/conferences/actions/{point_id}/",
        "/api/v1/conferences/actions/{point_id}/outcome/",
    ):
        assert route in body
    schema = json.loads(body)
    assert "patch" in schema["paths"]["/api/v1/conferences/actions/{point_id}/"]
