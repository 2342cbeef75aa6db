"""The safety-plan API: the same access, rules and audit events as the pages; in the
OpenAPI schema."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from samvern.audit.models import AuditEvent
from samvern.partnerships.models import PartnershipMember
from samvern.safetyplans.content import to_json
from samvern.safetyplans.models import SafetyPlanVersion
from samvern.safetyplans.tests.conftest import (
    PROTECTED_POSTCODE,
    PROTECTED_STREET,
    client_for,
    first_content,
)

pytestmark = pytest.mark.django_db

REFUSED = ("member", "outsider", "coordinator", "dpo", "org_admin", "superuser", "analyst")


def _routes(person) -> list[tuple[str, str]]:
    base = f"/api/v1/safety-plans/persons/{person.pk}/"
    return [
        (base, "safetyplans.plan.viewed"),
        (f"{base}versions/", "safetyplans.versions.listed"),
        (f"{base}versions/1/", "safetyplans.version.viewed"),
    ]


def _post(client: Client, person, body: dict[str, object]):
    return client.post(
        f"/api/v1/safety-plans/persons/{person.pk}/",
        data=json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.parametrize("persona", ["referrer", "participant"])
def test_case_workers_taking_part_read_the_plan(planned, persona):
    client = client_for(planned.personas()[persona])
    for url, action in _routes(planned.exposed):
        before = AuditEvent.objects.filter(action=action).count()
        response = client.get(url)
        assert response.status_code == 200, url
        assert AuditEvent.objects.filter(action=action).count() == before + 1
        event = AuditEvent.objects.filter(action=action).latest("id")
        assert event.detail["via"] == "api"
        body = response.content.decode()
        assert PROTECTED_STREET not in body and PROTECTED_POSTCODE not in body
    plan = client.get(_routes(planned.exposed)[0][0]).json()
    assert plan["current_version"]["number"] == 2
    assert plan["current_version"]["content"]["alarms"]["personal_alarm"] == "issued"
    versions = client.get(_routes(planned.exposed)[1][0]).json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["organisation"] == planned.crisis.name


@pytest.mark.parametrize("persona", [*REFUSED, "left"])
def test_everyone_else_gets_the_same_404_and_cannot_write(planned, persona):
    if persona == "left":
        PartnershipMember.objects.filter(
            partnership=planned.partnership, organisation=planned.crisis
        ).update(left_on=dt.date.today())
        user = planned.participant
    else:
        user = planned.personas()[persona]
    client = client_for(user)
    for url, _action in _routes(planned.exposed):
        response = client.get(url)
        missing = client.get(url.replace(str(planned.exposed.pk), str(planned.note_all.pk)))
        assert response.status_code == 404
        assert response.content == missing.content
    versions = SafetyPlanVersion.objects.count()
    writes = AuditEvent.objects.filter(action__startswith="safetyplans.plan.").count()
    response = _post(client, planned.exposed, {"content": {}, "note": "x", "based_on": 2})
    assert response.status_code == 404
    assert SafetyPlanVersion.objects.count() == versions
    assert AuditEvent.objects.filter(action__startswith="safetyplans.plan.").count() == writes


def test_anonymous_calls_are_refused(planned):
    response = Client().get(_routes(planned.exposed)[0][0])
    assert response.status_code in (401, 403)


def test_a_new_version_through_the_api(planned):
    client = client_for(planned.referrer)
    content = client.get(_routes(planned.exposed)[0][0]).json()["current_version"]["content"]
    content["contact"]["how"] = "Bare via krisesenteret."
    content["orders"]["orders"] = [
        {"kind": "restraining", "status": "granted", "valid_until": "2027-06-30", "note": ""}
    ]
    del content["format"]
    response = _post(
        client, planned.exposed, {"content": content, "note": "Besøksforbud", "based_on": 2}
    )
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 3
    stored = SafetyPlanVersion.objects.get(number=3).plan_content
    assert stored.contact.how == "Bare via krisesenteret."
    assert stored.orders.orders[0].valid_until == dt.date(2027, 6, 30)
    assert AuditEvent.objects.filter(action="safetyplans.plan.revised").count() == 2


def test_a_new_plan_through_the_api_with_only_some_sections(world):
    client = client_for(world.participant)
    response = _post(client, world.exposed, {"content": {"contact": {"how": "SMS"}}})
    assert response.status_code == 201, response.content
    assert SafetyPlanVersion.objects.get().plan_content.contact.how == "SMS"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content": {"alarms": {"personal_alarm": "maybe"}}, "note": "x"}, "content"),
        ({"content": {"contact": {"how": PROTECTED_STREET}}, "note": "x"}, "detail"),
        ({"content": {"contact": {"how": "Ny"}}, "note": "x", "based_on": 1}, "detail"),
        ({"content": {"contact": {"how": "Ny"}}}, "note"),
    ],
)
def test_refused_versions_change_nothing(planned, body, field):
    client = client_for(planned.referrer)
    before = (
        SafetyPlanVersion.objects.count(),
        AuditEvent.objects.filter(action="safetyplans.plan.revised").count(),
    )
    response = _post(client, planned.exposed, body)
    assert response.status_code == 400
    assert field in response.json()
    assert before == (
        SafetyPlanVersion.objects.count(),
        AuditEvent.objects.filter(action="safetyplans.plan.revised").count(),
    )


def test_the_api_answers_what_it_was_given(world):
    client = client_for(world.referrer)
    content = to_json(first_content(world))
    response = _post(client, world.exposed, {"content": content, "based_on": 0})
    assert response.status_code == 201
    assert response.json()["content"] == content


def test_safety_plan_routes_are_in_the_openapi_schema(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    body = response.content.decode()
    for route in (
        "/api/v1/safety-plans/persons/{person_id}/",
        "/api/v1/safety-plans/persons/{person_id}/versions/",
        "/api/v1/safety-plans/persons/{person_id}/versions/{number}/",
    ):
        assert route in body
    assert "SafetyPlanContent" in body
