"""The schedule API: the same rules as the pages, in the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import CaseState
from samvern.conferences.models import (
    AgendaItem,
    AttendanceStatus,
    Attendee,
    Conference,
    ConferenceReturn,
    ConferenceSeries,
    ConferenceStatus,
    ConfidentialityStatement,
    ConflictOfInterest,
)
from samvern.conferences.tests.world import (
    CASE_A_REASON,
    make_schedule_world,
    more_cases,
    put_on_agenda,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/conferences"
REFUSED = "security.case.refused"


@pytest.fixture
def world():
    return make_schedule_world(today=timezone.localdate())


def client_for(user):
    return login(Client(), user)


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def write_events():
    return AuditEvent.objects.exclude(action=REFUSED).count()


def test_schedule_routes_are_in_the_openapi_schema(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    body = response.content.decode()
    for route in (
        "/api/v1/conferences/",
        "/api/v1/conferences/series/",
        "/api/v1/conferences/extra/",
        "/api/v1/conferences/{conference_id}/",
        "/api/v1/conferences/{conference_id}/agenda/",
        "/api/v1/conferences/{conference_id}/agenda/build/",
        "/api/v1/conferences/agenda-items/{item_id}/",
        "/api/v1/conferences/agenda-items/{item_id}/move/",
        "/api/v1/conferences/agenda-items/{item_id}/urgent/",
        "/api/v1/conferences/agenda-items/{item_id}/conflict/",
        "/api/v1/conferences/{conference_id}/attendees/",
        "/api/v1/conferences/attendees/{attendee_id}/",
        "/api/v1/conferences/{conference_id}/confirm/",
        "/api/v1/conferences/{conference_id}/hold/",
        "/api/v1/conferences/cases/{case_id}/bring-back/",
        "/api/v1/conferences/partnerships/{partnership_id}/statement/",
    ):
        assert route in body, route


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("coordinator", True),
        ("attendee", True),
        ("absent", True),
        ("member", True),
        ("leaver", False),
        ("dpo", False),
        ("outsider", False),
    ],
)
def test_list_and_detail_per_persona(world, who, sees):
    client = client_for(world.personas()[who])
    listing = client.get(f"{API}/")
    detail = client.get(f"{API}/{world.conference.pk}/")
    missing = client.get(f"{API}/{uuid.uuid4()}/")
    assert missing.status_code == 404
    if sees:
        assert listing.status_code == detail.status_code == 200
        assert str(world.conference.pk) in {row["id"] for row in listing.json()["results"]}
    else:
        assert listing.status_code == detail.status_code == 404
        assert detail.content == missing.content


def test_facts_are_null_until_confirmed(world):
    put_on_agenda(world, world.case_a, world.case_b)
    client = client_for(world.referrer)
    body = client.get(f"{API}/{world.conference.pk}/").json()
    assert {row["reference"] for row in body["agenda"]["items"]} == {
        world.case_a.reference,
        world.case_b.reference,
    }
    assert all(row["facts"] is None for row in body["agenda"]["items"])
    assert CASE_A_REASON not in json.dumps(body)
    response = post(client, f"{API}/{world.conference.pk}/confirm/")
    assert response.status_code == 200 and response.json()["confirmed_version"] == 1
    body = client.get(f"{API}/{world.conference.pk}/agenda/").json()
    assert body["facts"] is True
    assert CASE_A_REASON in json.dumps(body)
    # A member organisation with no part in the cases sees neither reference.
    other = client_for(world.member_worker).get(f"{API}/{world.conference.pk}/agenda/").json()
    assert other["items"] == [] and other["hidden"] == 2


def test_conflict_withholds_and_is_recorded(world):
    (item,) = put_on_agenda(world, world.case_a)
    client = client_for(world.conflicted)
    post(client, f"{API}/{world.conference.pk}/confirm/")
    response = post(client, f"{API}/agenda-items/{item.pk}/conflict/", {"reason": "Nabo."})
    assert response.status_code == 201 and response.json()["conflicted"] is True
    body = client.get(f"{API}/{world.conference.pk}/").json()
    (row,) = body["agenda"]["items"]
    assert row["conflicted"] is True and row["facts"] is None
    assert CASE_A_REASON not in json.dumps(body)
    assert AuditEvent.objects.filter(action="conference.conflict.excluded").count() == 1
    # Without a reason, nothing.
    again = post(client, f"{API}/agenda-items/{item.pk}/conflict/", {"reason": ""})
    assert again.status_code == 400
    assert ConflictOfInterest.objects.count() == 1


def test_the_coordinator_runs_the_schedule_over_the_api(world):
    client = client_for(world.coordinator)
    first = world.today + dt.timedelta(days=2)
    response = post(
        client,
        f"{API}/series/",
        {
            "partnership": str(world.partnership.pk),
            "title": "Månedlig",
            "recurrence": "monthly",
            "first_date": first.isoformat(),
            "starts_at": "10:00",
        },
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["conferences"]) >= 5
    assert ConferenceSeries.objects.get().recurrence == "monthly"
    response = post(
        client,
        f"{API}/extra/",
        {
            "partnership": str(world.partnership.pk),
            "date": world.today.isoformat(),
            "starts_at": "15:30",
            "reference": world.case_b.reference,
        },
    )
    assert response.status_code == 201 and response.json()["is_extra"] is True
    conference = world.conference
    body = post(client, f"{API}/{conference.pk}/agenda/build/").json()
    assert len(body["items"]) == 3
    ids = [row["id"] for row in body["items"]]
    first_reference = body["items"][0]["reference"]
    moved = post(client, f"{API}/agenda-items/{ids[2]}/move/", {"direction": "up"}).json()
    assert [row["id"] for row in moved["items"]] == [ids[0], ids[2], ids[1]]
    urgent = post(client, f"{API}/agenda-items/{ids[1]}/urgent/", {"urgent": True}).json()
    assert urgent["items"][0]["id"] == ids[1] and urgent["items"][0]["urgent"]
    assert client.delete(f"{API}/agenda-items/{ids[0]}/").status_code == 204
    added = post(client, f"{API}/{conference.pk}/agenda/", {"reference": first_reference})
    assert added.status_code == 201
    assert first_reference in {row["reference"] for row in added.json()["items"]}
    refused = post(client, f"{API}/{conference.pk}/agenda/", {"reference": "S-NOPE"})
    assert refused.status_code == 400 and refused.json()["reference"]
    # Attendance.
    response = post(
        client,
        f"{API}/{conference.pk}/attendees/",
        {"user_id": world.absent.pk, "organisation_id": str(world.health.pk)},
    )
    assert response.status_code == 201, response.content
    attendee_id = response.json()["id"]
    response = client.patch(
        f"{API}/attendees/{attendee_id}/",
        json.dumps({"status": "substitute", "substitute_for": "Ola Vikar"}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["substitute_for"] == "Ola Vikar"
    bad = client.patch(
        f"{API}/attendees/{attendee_id}/",
        json.dumps({"status": "substitute"}),
        content_type="application/json",
    )
    assert bad.status_code == 400
    leaver = post(
        client,
        f"{API}/{conference.pk}/attendees/",
        {"user_id": world.leaver.pk, "organisation_id": str(world.nav.pk)},
    )
    assert leaver.status_code == 400
    listing = client.get(f"{API}/{conference.pk}/attendees/").json()
    assert len(listing) == 4
    # Statement.
    statement_url = f"{API}/partnerships/{world.partnership.pk}/statement/"
    created = post(client, statement_url, {"text": "Versjon 2."})
    assert created.status_code == 201 and created.json()["version"] == 2
    assert [row["version"] for row in client.get(statement_url).json()] == [2, 1]
    # Hold (on the day).
    Conference.objects.filter(pk=conference.pk).update(date=world.today)
    held = post(client, f"{API}/{conference.pk}/hold/").json()
    assert set(held["heard"]) >= {world.case_a.reference}
    world.case_a.refresh_from_db()
    assert world.case_a.state == CaseState.HEARD


def test_bring_back_over_the_api(world):
    client = client_for(world.coordinator)
    url = f"{API}/cases/{world.case_review.pk}/bring-back/"
    assert post(client, url, {"reason": "nonsense"}).status_code == 400
    response = post(client, url, {"reason": "review", "note": "Ny vurdering."})
    assert response.status_code == 201
    assert ConferenceReturn.objects.get().reason == "review"
    for user in (world.referrer, world.member_worker, world.outsider, world.dpo):
        assert post(client_for(user), url, {"reason": "review"}).status_code == 404
    again = post(client, url, {"reason": "review"})
    assert again.status_code == 400  # awaiting conference now
    assert ConferenceReturn.objects.count() == 1


@pytest.mark.parametrize("who", ["attendee", "absent", "member", "leaver", "dpo", "outsider"])
def test_refused_api_writes_change_nothing(world, who):
    (item,) = put_on_agenda(world, world.case_a)
    Conference.objects.filter(pk=world.conference.pk).update(date=world.today)
    client = client_for(world.personas()[who])
    attendee = world.attendees["participant"]
    partnership = str(world.partnership.pk)
    calls = [
        (
            f"{API}/series/",
            {
                "partnership": partnership,
                "title": "X",
                "recurrence": "weekly",
                "first_date": world.today.isoformat(),
                "starts_at": "09:00",
            },
        ),
        (
            f"{API}/extra/",
            {"partnership": partnership, "date": world.today.isoformat(), "starts_at": "09:00"},
        ),
        (f"{API}/{world.conference.pk}/agenda/build/", {}),
        (f"{API}/{world.conference.pk}/agenda/", {"reference": world.case_b.reference}),
        (f"{API}/agenda-items/{item.pk}/move/", {"direction": "down"}),
        (f"{API}/agenda-items/{item.pk}/urgent/", {"urgent": True}),
        (
            f"{API}/{world.conference.pk}/attendees/",
            {"user_id": world.absent.pk, "organisation_id": str(world.health.pk)},
        ),
        (f"{API}/{world.conference.pk}/hold/", {}),
        (f"{API}/partnerships/{partnership}/statement/", {"text": "Ny."}),
    ]
    before = (
        write_events(),
        list(AgendaItem.objects.values_list("pk", "position", "urgent")),
        list(Attendee.objects.values_list("pk", "status")),
        Conference.objects.count(),
        ConferenceSeries.objects.count(),
        ConfidentialityStatement.objects.count(),
    )
    for url, data in calls:
        assert post(client, url, data).status_code == 404, url
    assert client.delete(f"{API}/agenda-items/{item.pk}/").status_code == 404
    assert (
        client.patch(
            f"{API}/attendees/{attendee.pk}/",
            json.dumps({"status": AttendanceStatus.APOLOGIES}),
            content_type="application/json",
        ).status_code
        == 404
    )
    after = (
        write_events(),
        list(AgendaItem.objects.values_list("pk", "position", "urgent")),
        list(Attendee.objects.values_list("pk", "status")),
        Conference.objects.count(),
        ConferenceSeries.objects.count(),
        ConfidentialityStatement.objects.count(),
    )
    assert after == before
    world.conference.refresh_from_db()
    assert world.conference.status == ConferenceStatus.PLANNED


def test_the_api_agenda_costs_the_same_for_2_and_20_cases(world, django_assert_num_queries):
    cases = more_cases(world, 18)
    put_on_agenda(world, world.case_a, world.case_b)
    client = client_for(world.participant)
    post(client, f"{API}/{world.conference.pk}/confirm/")
    url = f"{API}/{world.conference.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    put_on_agenda(world, *cases)
    with django_assert_num_queries(len(queries)):
        body = client.get(url).json()
    assert len(body["agenda"]["items"]) == 20
