"""The trail, its API and "who has seen this case" page by id, with no exact count of the
whole set: deep pages cost the same queries as the first, whatever the size of the trail."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import login, make_member
from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log
from samvern.cases import services
from samvern.cases.tests.conftest import make_world


@pytest.fixture
def dpo(bergen_org):
    return make_member(bergen_org, Role.DATA_PROTECTION_OFFICER, username="dpo")


def _made(alice, org, count, action="tests.bulk.made"):
    return [
        audit_log(actor=alice, organisation=org, action=action, target_id=str(n))
        for n in range(count)
    ]


def test_the_api_pages_by_id_with_next_and_previous_links(client, dpo, alice, bergen_org):
    made = _made(alice, bergen_org, 7)
    login(client, dpo)
    first = client.get("/api/v1/audit/events/?action_prefix=tests.&limit=3").json()
    assert "count" not in first
    assert [row["id"] for row in first["results"]] == [e.pk for e in made[:3:-1]]
    assert first["previous"] is None
    assert f"before={made[4].pk}" in first["next"] and "action_prefix=tests." in first["next"]
    second = client.get(first["next"]).json()
    assert [row["id"] for row in second["results"]] == [e.pk for e in made[3:0:-1]]
    third = client.get(second["next"]).json()
    assert [row["id"] for row in third["results"]] == [made[0].pk]
    assert third["next"] is None
    back = client.get(third["previous"]).json()
    assert [row["id"] for row in back["results"]] == [e.pk for e in made[3:0:-1]]
    # Each call is recorded with the number of events it answered.
    recorded = AuditEvent.objects.filter(action="audit.events.searched").order_by("id")
    assert [event.detail["results"] for event in recorded] == [3, 3, 1, 3]


@pytest.mark.parametrize("query", ["before=x", "after=-1", "limit=501", "before=3&after=1"])
def test_the_api_refuses_a_bad_page(client, dpo, alice, bergen_org, query):
    _made(alice, bergen_org, 2)
    login(client, dpo)
    response = client.get(f"/api/v1/audit/events/?{query}")
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="audit.events.searched").exists()


def test_the_api_still_shows_only_the_readers_organisations(
    client, dpo, alice, charlie, bergen_org, stavanger_org
):
    mine = _made(alice, bergen_org, 2)
    theirs = _made(charlie, stavanger_org, 2)
    login(client, dpo)
    # An id taken from another organisation's events cuts the page, it does not open it.
    response = client.get(f"/api/v1/audit/events/?before={theirs[-1].pk + 1}")
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {e.pk for e in mine}


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("view", ["/audit/?action_prefix=tests.", "/api/v1/audit/events/?"])
def test_a_deep_page_costs_the_same_queries_for_a_small_and_a_large_trail(
    client, dpo, alice, bergen_org, view
):
    counts = []
    for size in (60, 260):
        made = _made(alice, bergen_org, size - len(counts) * 60)
        login(client, dpo)
        deep = made[len(made) // 3].pk
        first, _ = _queries(client, view)
        deeper, response = _queries(client, f"{view}&before={deep}&page=3")
        page = response.context["page"] if response.context else None
        if page is not None:
            assert page.has_previous and page.object_list[0].pk == deep - 1
        counts.append((first, deeper))
    assert counts[0] == counts[1]
    # The deep page adds only the check that newer events exist.
    assert counts[0][1] <= counts[0][0] + 1
    assert counts[0][0] <= 16


@pytest.mark.django_db
def test_who_has_seen_this_case_pages_by_id(settings, tmp_path, monkeypatch):
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path / "case-files")
    world = make_world()
    reader = Actor.load(world.participant, organisation=world.crisis)
    for _ in range(60):
        services.record_read(actor=reader, action="cases.case.viewed", case=world.case)
    about_case = AuditEvent.objects.filter(case_id=str(world.case.pk)).order_by("-id")
    expected = list(about_case.values_list("id", flat=True))
    client = login(Client(), world.dpo)
    url = f"/cases/{world.case.pk}/access-log/"
    with CaptureQueriesContext(connection) as first_queries:
        response = client.get(url)
    page = response.context["page"]
    assert [e.pk for e in page.object_list] == expected[:50]
    assert page.count == len(expected)
    body = response.content.decode()
    assert f"before={expected[49]}&amp;page=2" in body
    with CaptureQueriesContext(connection) as deep_queries:
        response = client.get(f"{url}?before={expected[49]}&page=2")
    older = response.context["page"]
    # This page's own read is not among them; the first page's read (newer) is not either.
    assert [e.pk for e in older.object_list] == expected[50:]
    assert older.has_previous and not older.has_next
    assert len(deep_queries) <= len(first_queries) + 1
    # Each read of the log is itself recorded, and only after the log was read.
    assert about_case.filter(action="cases.access_log.viewed").count() == 2
