""" "Referrals to us" and "my referrals" over the API come a `?limit=&offset=` page at a
time with `count`, `next` and `previous`, as every list of the API does; each page read
records only the referrals it showed; an organisation not involved gets an empty list,
a person without a case content role a 404; the page takes as many queries with 2 as
with 20 referrals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases import services
from samvern.cases.access import today
from samvern.cases.models import CaseParticipant, PersonRole, ReferralSource
from samvern.cases.referrals import referrals_from, referrals_to
from samvern.cases.services import PersonData
from samvern.cases.services.referral_reads import MY_REFERRALS_VIEWED, REFERRALS_TO_US_VIEWED

pytestmark = pytest.mark.django_db

MINE = "/api/v1/cases/referrals/mine/"
TO_US = "/api/v1/cases/referrals/"


def _refer(world: Any, n: int) -> None:
    """`n` more cases from the police, each referred to family counselling (pending)."""
    police = Actor.load(world.referrer, organisation=world.police)
    for i in range(n):
        case = services.refer_case(
            actor=police,
            partnership=world.partnership,
            source=ReferralSource.POLICE_INCIDENT,
            reason=f"Sak {i}",
            referred_on=today() - dt.timedelta(days=1 + i % 5),
            person=PersonData(role=PersonRole.EXPOSED, first_name=f"P{i}", last_name="Test"),
        )
        services.add_participant(
            actor=police, case=case, participant=world.family, reason=f"Samtaler {i}"
        )


def _ids(body: dict[str, Any]) -> list[str]:
    return [row["referral"]["id"] for row in body["results"]]


def _recorded(action: str) -> list[list[str]]:
    return [
        event.detail["referrals"]
        for event in AuditEvent.objects.filter(action=action).order_by("pk")
    ]


def test_my_referrals_come_a_page_at_a_time_with_count_and_next(world):
    _refer(world, 6)
    actor = Actor.load(world.referrer, organisation=world.police)
    expected = [str(r.pk) for r in referrals_from(actor)]
    assert 10 < len(expected) <= 20  # two pages of 10
    client = login(Client(), world.referrer)

    first = client.get(MINE, {"limit": 10})
    assert first.status_code == 200
    body = first.json()
    assert body["count"] == len(expected)
    assert body["previous"] is None
    assert "offset=10" in body["next"] and "limit=10" in body["next"]
    assert _ids(body) == expected[:10]
    assert all("updates" in row for row in body["results"])

    second = client.get(body["next"]).json()
    assert second["count"] == len(expected)
    assert second["next"] is None
    assert second["previous"] is not None
    assert _ids(second) == expected[10:]

    # Each read recorded the referrals of its own page, and no others.
    assert _recorded(MY_REFERRALS_VIEWED) == [expected[:10], expected[10:]]
    event = AuditEvent.objects.filter(action=MY_REFERRALS_VIEWED).latest("pk")
    assert event.detail["via"] == "api"
    cases = CaseParticipant.objects.filter(pk__in=expected[10:]).values_list("case_id", flat=True)
    assert event.detail["cases"] == sorted({str(c) for c in cases})


def test_referrals_to_us_come_a_page_at_a_time_earliest_deadline_first(world):
    _refer(world, 6)
    actor = Actor.load(world.pending_worker, organisation=world.family)
    expected = [str(r.pk) for r in referrals_to(actor)]
    assert len(expected) == 7  # the world's pending referral and the six new ones
    client = login(Client(), world.pending_worker)

    body = client.get(TO_US, {"limit": 4}).json()
    assert (body["count"], _ids(body)) == (7, expected[:4])
    second = client.get(body["next"]).json()
    assert (second["count"], second["next"], _ids(second)) == (7, None, expected[4:])
    # Until it accepts, the receiving organisation sees no case reference.
    assert {row["case_reference"] for row in second["results"]} == {""}
    assert _recorded(REFERRALS_TO_US_VIEWED) == [expected[:4], expected[4:]]


def test_without_a_limit_the_page_holds_up_to_100_and_a_bad_limit_is_refused(world):
    _refer(world, 3)
    client = login(Client(), world.pending_worker)
    body = client.get(TO_US).json()
    assert body["count"] == 4 and len(body["results"]) == 4 and body["next"] is None
    before = AuditEvent.objects.filter(action=REFERRALS_TO_US_VIEWED).count()
    for bad in ({"limit": 0}, {"limit": 501}, {"limit": "x"}, {"offset": "-1"}):
        response = client.get(TO_US, bad)
        assert response.status_code == 400, bad
    # A refused page read records nothing.
    assert AuditEvent.objects.filter(action=REFERRALS_TO_US_VIEWED).count() == before


@pytest.mark.parametrize("persona", ["member_worker", "outsider", "participant"])
def test_an_organisation_not_involved_gets_an_empty_list(world, persona):
    """Child welfare (a member that took no part), an organisation outside the
    partnership, and the crisis centre (which accepted, and referred nothing) have no
    referrals to answer; none of them made the police's referrals."""
    _refer(world, 3)
    client = login(Client(), getattr(world, persona))
    for url in (TO_US, MINE):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert _recorded(MY_REFERRALS_VIEWED) == [[]]
    assert _recorded(REFERRALS_TO_US_VIEWED) == [[]]


@pytest.mark.parametrize("persona", ["dpo", "analyst"])
def test_someone_without_a_case_content_role_gets_404_and_nothing_is_counted(world, persona):
    _refer(world, 3)
    client = login(Client(), getattr(world, persona))
    for url in (TO_US, MINE, f"{MINE}?offset=2"):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(
        action__in=[MY_REFERRALS_VIEWED, REFERRALS_TO_US_VIEWED]
    ).exists()


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["results"], url  # the page is not empty
    return len(captured)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("referrer", f"{MINE}?limit=2"),
        ("referrer", f"{MINE}?limit=2&offset=2"),
        ("referrer", f"{MINE}?limit=50"),
        ("pending_worker", f"{TO_US}?limit=2&offset=1"),
        ("pending_worker", f"{TO_US}?limit=50"),
    ],
)
def test_a_page_takes_the_same_queries_for_2_and_20_referrals(world, persona, url):
    client = login(Client(), getattr(world, persona))
    _refer(world, 2)
    few = _count(client, url)
    _refer(world, 18)
    many = _count(client, url)
    assert few == many, f"{url}: {few} queries with 2 referrals, {many} with 20"
    assert many <= 30
