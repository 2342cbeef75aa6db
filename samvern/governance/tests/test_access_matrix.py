"""Every governance route for every persona: the coordinator writes everything, the body's
chair writes its body, the responsible organisation's contact person updates its own
commitment's status, a reader of a member organisation reads, an outsider and an
anonymous visitor get 404 (the same body as a missing page); a refused write changes
nothing. Query counts of the meeting and commitment lists do not grow with their rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.governance import services
from samvern.governance.access import Need, access_meeting
from samvern.governance.models import Commitment, Decision, Meeting
from samvern.governance.tests.world import World, commit, make_world

DAY = dt.date(2027, 3, 10)
pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = make_world(day=DAY)
    commit(world, world.meetings[0])
    return world


def _client(world: World, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        login(client, world.people[persona])
    return client


def _reads(world: World) -> list[str]:
    meeting = world.meetings[0]
    commitment = Commitment.objects.get()
    assert world.body is not None
    return [
        reverse("governance:partnership", args=[world.partnership.pk]),
        reverse("governance:body", args=[world.body.pk]),
        reverse("governance:meeting", args=[meeting.pk]),
        reverse("governance:commitment", args=[commitment.pk]),
        reverse("governance:minutes_pdf", args=[meeting.pk]),
        reverse("governance:minutes_docx", args=[meeting.pk]),
    ]


READ = {"coordinator": 200, "chair": 200, "relay": 200, "reader": 200, "outsider": 404}


@pytest.mark.parametrize("persona", [*READ, "anonymous"])
def test_reads(world: World, persona: str) -> None:
    client = _client(world, persona)
    missing = client.get(
        reverse("governance:meeting", args=["00000000-0000-0000-0000-000000000000"])
    )
    for url in _reads(world):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302, url
            continue
        assert response.status_code == READ[persona], (url, persona)
        if READ[persona] == 404:
            assert response.content == missing.content


def _writes(world: World) -> list[tuple[str, dict[str, str], set[str]]]:
    """(url, data, personas allowed)."""
    meeting = world.meetings[0]
    commitment = Commitment.objects.get()
    assert world.body is not None
    body_editors = {"coordinator", "chair"}
    return [
        (
            reverse("governance:decision_add", args=[meeting.pk]),
            {"decision-text": "Vedtatt"},
            body_editors,
        ),
        (reverse("governance:item_add", args=[meeting.pk]), {"item-title": "Sak"}, body_editors),
        (
            reverse("governance:body_create", args=[world.partnership.pk]),
            {"kind": "plenary", "name": "Rundbord", "short_code": "RB", "started_on": "2027-01-01"},
            {"coordinator"},
        ),
        (
            reverse("governance:funding_add", args=[world.partnership.pk]),
            {"source": "Bufdir", "year": "2027", "amount": "1 200 000"},
            {"coordinator"},
        ),
        (
            reverse("governance:commitment_status", args=[commitment.pk]),
            {"status": "done", "note": ""},
            {"coordinator", "chair", "relay"},
        ),
    ]


def _state() -> tuple[int, ...]:
    from samvern.governance.models import AgendaItem, Body, FundingSource

    return (
        Decision.objects.count(),
        AgendaItem.objects.count(),
        Body.objects.count(),
        FundingSource.objects.count(),
        Commitment.objects.filter(status="open").count(),
        AuditEvent.objects.filter(action__startswith="governance.").count(),
    )


@pytest.mark.parametrize("persona", [*READ, "anonymous"])
def test_writes(world: World, persona: str) -> None:
    client = _client(world, persona)
    for url, data, allowed in _writes(world):
        before = _state()
        response = client.post(url, data)
        if persona in allowed:
            assert response.status_code == 302, (url, persona, response.content[:2000])
            assert _state() != before
        else:
            assert (
                response.status_code in (302, 404)
                if persona == "anonymous"
                else response.status_code == 404
            ), (url, persona)
            assert _state() == before, (url, persona)


def test_the_amount_reads_norwegian_notation(world: World) -> None:
    from samvern.governance.models import FundingSource

    client = _client(world, "coordinator")
    client.post(
        reverse("governance:funding_add", args=[world.partnership.pk]),
        {"source": "Bufdir", "year": "2027", "amount": "1 200 000"},
    )
    assert FundingSource.objects.get().amount == 1_200_000
    response = client.post(
        reverse("governance:funding_add", args=[world.partnership.pk]),
        {"source": "Annen", "year": "2027", "amount": "mange"},
    )
    assert response.status_code == 400
    assert FundingSource.objects.count() == 1


def test_the_public_page_only_when_opted_in(world: World) -> None:
    from samvern.governance.access import access_governance

    url = reverse("governance:public", args=[world.partnership.pk])
    assert Client().get(url).status_code == 404
    actor = world.actor("coordinator")
    grant = access_governance(actor, world.partnership.pk, Need.MANAGE)
    services.save_profile(
        actor=actor,
        grant=grant,
        data=services.ProfileData(purpose="Trygghet for alle", is_public=True),
    )
    page = Client().get(url)
    assert page.status_code == 200
    assert "Trygghet for alle" in page.content.decode()
    assert "Operativ gruppe" not in page.content.decode()  # bodies not opted in


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_meetings(world: World, n: int) -> None:
    for index in range(n):
        Meeting.objects.create(
            body=world.body,
            date=DAY + dt.timedelta(days=100 + index),
            starts_at=dt.time(9),
            created_by=world.people["coordinator"],
        )


def _more_commitments(world: World, n: int) -> None:
    actor = world.actor("coordinator")
    access = access_meeting(actor, world.meetings[0].pk, Need.EDIT)
    for index in range(n):
        services.create_commitment(
            actor=actor,
            access=access,
            data=services.CommitmentData(
                organisation=world.nav,
                description=f"Oppgave {index}",
                due_on=DAY + dt.timedelta(days=index),
            ),
            today=DAY,
        )


def test_query_counts_do_not_grow_with_rows(world: World) -> None:
    client = _client(world, "relay")
    assert world.body is not None
    body_url = reverse("governance:body", args=[world.body.pk])
    ours = reverse("governance:our_commitments")
    meeting_url = reverse("governance:meeting", args=[world.meetings[1].pk])
    _more_meetings(world, 1)
    _more_commitments(world, 1)  # 2 rows each
    counts = (_count(client, body_url), _count(client, ours), _count(client, meeting_url))
    _more_meetings(world, 18)
    _more_commitments(world, 18)  # 20 rows each
    assert Commitment.objects.count() == 20
    assert (_count(client, body_url), _count(client, ours), _count(client, meeting_url)) == counts


def test_api_reads_and_refuses(world: World) -> None:
    meeting = world.meetings[0]
    relay = _client(world, "relay")
    outsider = _client(world, "outsider")
    url = f"/api/v1/governance/meetings/{meeting.pk}/"
    assert relay.get(url).status_code == 200
    assert outsider.get(url).status_code == 404
    decisions = Decision.objects.count()
    assert (
        relay.post(
            f"/api/v1/governance/meetings/{meeting.pk}/decisions/", {"text": "x"}
        ).status_code
        == 404
    )
    assert Decision.objects.count() == decisions
    chair = _client(world, "chair")
    response = chair.post(
        f"/api/v1/governance/meetings/{meeting.pk}/decisions/",
        {"text": "Vedtatt"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["reference"] == "OG 2027/01"
    # A service's refusal is a 400 naming the field, and records nothing.
    commitments, events = Commitment.objects.count(), AuditEvent.objects.count()
    refused = chair.post(
        f"/api/v1/governance/meetings/{meeting.pk}/commitments/",
        {
            "organisation": str(world.nav.pk),
            "description": "For sent",
            "due_on": (meeting.date - dt.timedelta(days=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert refused.status_code == 400 and "due_on" in refused.json(), refused.content
    assert (Commitment.objects.count(), AuditEvent.objects.count()) == (commitments, events)
    ours = relay.get("/api/v1/governance/commitments/")
    assert (
        ours.status_code == 200
        and len(ours.json()["results"] if isinstance(ours.json(), dict) else ours.json()) == 1
    )
