""" "Referrals to us" and "my referrals" take the same number of queries with 2 and with 20
referrals, pages and API alike; the pages come 25 referrals at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.cases import services
from samvern.cases.models import PersonRole, ReferralSource
from samvern.cases.services import PersonData
from samvern.cases.services.feedback import record_heard
from samvern.cases.tests.conftest import accept_referral

pytestmark = pytest.mark.django_db


def _referrals(world, n: int) -> None:
    """`n` referrals in all from the police to family counselling (pending) and to the
    crisis centre (accepted, with an update), each in a case of its own."""
    police = Actor.load(world.referrer, organisation=world.police)
    for i in range(n // 2):
        case = services.refer_case(
            actor=police,
            partnership=world.partnership,
            source=ReferralSource.POLICE_INCIDENT,
            reason=f"Sak {i}",
            referred_on=dt.date.today() - dt.timedelta(days=1),
            person=PersonData(role=PersonRole.EXPOSED, first_name=f"P{i}", last_name="Test"),
        )
        services.add_participant(
            actor=police, case=case, participant=world.family, reason=f"Samtaler {i}"
        )
        accept_referral(
            services.add_participant(
                actor=police, case=case, participant=world.crisis, reason=f"Botilbud {i}"
            ),
            world.participant,
        )
        record_heard(actor=None, case=case, on=dt.date.today(), source_key=f"item-{i}")


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("pending_worker", "/cases/referrals/"),
        ("pending_worker", "/api/v1/cases/referrals/"),
        ("referrer", "/cases/referrals/mine/"),
        ("referrer", "/cases/referrals/mine/?page=2"),
        ("referrer", "/api/v1/cases/referrals/mine/"),
    ],
)
def test_referral_lists_take_the_same_queries_for_2_and_20_rows(world, persona, url):
    client = login(Client(), getattr(world, persona))
    _referrals(world, 2)
    few = _count(client, url)
    _referrals(world, 18)
    many = _count(client, url)
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"
    assert many <= 30


def test_my_referrals_come_a_page_at_a_time_and_only_the_page_is_recorded(world):
    from samvern.audit.models import AuditEvent
    from samvern.cases.models import CaseParticipant
    from samvern.cases.services.referral_reads import MY_REFERRALS_VIEWED, PAGE_SIZE

    _referrals(world, 20)
    total = CaseParticipant.objects.filter(referring_organisation=world.police).count()
    assert total > PAGE_SIZE
    client = login(Client(), world.referrer)
    first = client.get("/cases/referrals/mine/").content.decode()
    second = client.get("/cases/referrals/mine/?page=2").content.decode()
    beyond = client.get("/cases/referrals/mine/?page=99").content.decode()
    assert first.count('<th scope="row">') == PAGE_SIZE
    assert second.count('<th scope="row">') == total - PAGE_SIZE
    assert beyond.count('<th scope="row">') == total - PAGE_SIZE  # the last page
    assert f"({total})" in first and 'href="?page=2"' in first
    recorded = [
        len(e.detail["referrals"])
        for e in AuditEvent.objects.filter(action=MY_REFERRALS_VIEWED).order_by("pk")
    ]
    assert recorded == [PAGE_SIZE, total - PAGE_SIZE, total - PAGE_SIZE]
