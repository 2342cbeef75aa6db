"""The case list pages by keyset and counts only up to a cap: the same number of queries
at any size, every visible case reached exactly once, and nothing more visible than before."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.cases import listing, services
from samvern.cases.models import Case, PersonRole, ReferralSource
from samvern.cases.services import PersonData
from samvern.cases.tests.conftest import accept_referral

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'href="\?tab=organisation&amp;after=([^"]+)" rel="next"')
FIRST_PAGE = re.compile(r"First page|Første side")
REFERENCE = re.compile(r"<th scope=\"row\">(?:<a [^>]+>)?([^<]+)")


def _add_cases(world, n: int, *, with_crisis: bool = True) -> list[Case]:
    referrer = Actor.load(world.referrer, organisation=world.police)
    cases = []
    for i in range(n):
        case = services.refer_case(
            actor=referrer,
            partnership=world.partnership,
            source=ReferralSource.POLICE_INCIDENT,
            reason=f"Sak {i}",
            # Several cases share a referral date, so the order's later keys decide.
            referred_on=timezone.localdate() - dt.timedelta(days=i // 3),
            person=PersonData(role=PersonRole.EXPOSED, first_name=f"P{i}", last_name="Test"),
        )
        if with_crisis:
            accept_referral(
                services.add_participant(
                    actor=referrer, case=case, participant=world.crisis, reason="Oppfølging"
                ),
                world.participant,
            )
        cases.append(case)
    return cases


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _walk(client: Client) -> list[str]:
    """Every reference listed, following "Next page" from the first page."""
    seen: list[str] = []
    url = "/cases/?tab=organisation"
    for _ in range(50):
        body = client.get(url).content.decode()
        seen += [ref.strip() for ref in REFERENCE.findall(body)]
        found = NEXT.search(body)
        if not found:
            return seen
        url = f"/cases/?tab=organisation&after={found.group(1)}"
    raise AssertionError("the pages never ended")


def test_page_and_api_queries_do_not_grow_with_cases(
    world, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(listing, "PAGE_SIZE", 3)
    monkeypatch.setattr(listing, "COUNT_CAP", 5)
    client = login(Client(), world.participant)
    _add_cases(world, 2)
    small_page = _queries(client, "/cases/")
    small_api = _queries(client, "/api/v1/cases/?limit=3")
    _add_cases(world, 9)  # now more than a page and more than the cap
    with django_assert_max_num_queries(small_page):
        first = client.get("/cases/")
    after = NEXT.search(first.content.decode())
    assert after is not None
    with django_assert_max_num_queries(small_page):
        assert client.get(f"/cases/?after={after.group(1)}").status_code == 200
    with django_assert_max_num_queries(small_api):
        assert client.get("/api/v1/cases/?limit=3&offset=6").status_code == 200


def test_next_page_reaches_every_visible_case_once_in_order(world, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 4)
    added = _add_cases(world, 9)
    _add_cases(world, 2, with_crisis=False)  # police only: not the crisis centre's
    expected = [
        c.reference
        for c in Case.objects.filter(pk__in=[world.case.pk, *[c.pk for c in added]]).order_by(
            *listing.CASE_LIST_ORDER
        )
    ]
    assert _walk(login(Client(), world.participant)) == expected


def test_outsider_and_member_not_taking_part_see_no_cases(world):
    _add_cases(world, 3)
    for user in (world.outsider, world.member_worker):
        assert _walk(login(Client(), user)) == []


def test_count_above_the_cap_says_more_than(world, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    _add_cases(world, 4)
    client = login(Client(), world.participant)
    body = client.get("/cases/").content.decode()
    assert "(more than 3)" in body or "(mer enn 3)" in body
    data = client.get("/api/v1/cases/?limit=2").json()
    assert data["count"] == 3 and data["count_capped"] is True
    assert data["next"] and "offset=2" in data["next"]


def test_api_pages_end_with_next_null_and_exact_count(world):
    _add_cases(world, 3)
    client = login(Client(), world.participant)
    first = client.get("/api/v1/cases/?limit=3").json()
    assert first["count"] == 4 and first["count_capped"] is False
    last = client.get(first["next"]).json()
    assert last["next"] is None and len(last["results"]) == 1
    assert last["previous"]
    references = {row["reference"] for row in first["results"] + last["results"]}
    assert len(references) == 4


def test_old_page_links_and_bad_cursors_still_answer(world, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    _add_cases(world, 3)
    client = login(Client(), world.participant)
    second = client.get("/cases/?page=2")
    assert second.status_code == 200
    assert FIRST_PAGE.search(second.content.decode())
    for junk in ("nonsense", "%00", "x" * 500, "MjAyNi0xMi0wMnwyMDI2fHh4"):
        response = client.get(f"/cases/?after={junk}")
        assert response.status_code == 200
        assert not FIRST_PAGE.search(response.content.decode())


def test_cursor_round_trips():
    cursor = listing.CaseCursor(
        dt.date(2029, 3, 1),
        dt.datetime(2029, 3, 1, 12, 0, tzinfo=dt.UTC),
        uuid.UUID(int=7),
    )
    assert listing.CaseCursor.decode(cursor.encode()) == cursor
