"""The queue and the police's list of notices take the same number of queries with 2
notices as with 20 (pages and API)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samvern.accounts.testing import login
from samvern.outreach.tests.conftest import register

pytestmark = pytest.mark.django_db

BUDGET = 30


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _add(world, n: int) -> None:
    now = timezone.now()
    for i in range(n):
        register(world, now=now - dt.timedelta(hours=i))


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("adviser", "/outreach/"),
        ("adviser", "/outreach/?tab=done"),
        ("adviser", "/api/v1/outreach/notices/"),
        ("officer", "/outreach/notices/"),
    ],
)
def test_lists_take_a_fixed_number_of_queries(world, persona, url):
    client = login(Client(), getattr(world, persona))
    _add(world, 2)
    few = _queries(client, url)
    _add(world, 18)
    many = _queries(client, url)
    assert few == many, f"{url}: {few} queries with 2 notices, {many} with 20"
    assert many <= BUDGET


def test_the_queue_comes_a_page_at_a_time_and_only_the_page_is_recorded(world, monkeypatch):
    from samvern.audit.models import AuditEvent
    from samvern.outreach import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 5)
    _add(world, 7)
    client = login(Client(), world.adviser)
    first = client.get("/outreach/").content.decode()
    second = client.get("/outreach/?tab=open&page=2").content.decode()
    assert first.count('data-testid="queue-row"') == 5
    assert second.count('data-testid="queue-row"') == 2
    assert "(7)" in first and "page=2" in first
    recorded = [
        len(e.detail["notices"])
        for e in AuditEvent.objects.filter(action="outreach.queue.viewed").order_by("pk")
    ]
    assert recorded == [5, 2]
    few = _queries(client, "/outreach/?page=2")
    _add(world, 10)
    assert _queries(client, "/outreach/?page=2") == few
