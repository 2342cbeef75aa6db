"""Acceptance 5: the case list and the case page take a fixed number of queries, however
many cases and items there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.cases import services
from samvern.cases.models import LegalBasis, PersonRole, ReferralSource, ShareScope
from samvern.cases.services import PersonData, ShareData
from samvern.cases.tests.conftest import accept_referral

LIST_BUDGET = 30
PAGE_BUDGET = 40


def _add_cases(world, n: int) -> None:
    for i in range(n):
        case = services.refer_case(
            actor=Actor.load(world.referrer, organisation=world.police),
            partnership=world.partnership,
            source=ReferralSource.POLICE_INCIDENT,
            reason=f"Sak {i}",
            referred_on=dt.date.today() - dt.timedelta(days=1),
            person=PersonData(
                role=PersonRole.EXPOSED, first_name=f"Person{i}", last_name="Testesen"
            ),
        )
        accept_referral(
            services.add_participant(
                actor=Actor.load(world.referrer, organisation=world.police),
                case=case,
                participant=world.crisis,
                reason="Oppfølging",
            ),
            world.participant,
        )


def _add_items(world, n: int) -> None:
    for i in range(n):
        services.add_note(
            actor=Actor.load(world.referrer, organisation=world.police),
            case=world.case,
            title=f"Notat {i}",
            body="Tekst",
            share=ShareData(
                scope=ShareScope.NAMED,
                legal_basis=LegalBasis.CHILD_WELFARE,
                purpose="Melding",
                recipients=[world.crisis],
            ),
        )
    services.add_person(
        actor=Actor.load(world.referrer, organisation=world.police),
        case=world.case,
        data=PersonData(role=PersonRole.CHILD, first_name="Barn", last_name="Testesen"),
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["participant", "coordinator"])
def test_case_list_queries_do_not_grow_with_cases(world, persona, django_assert_max_num_queries):
    client = login(Client(), getattr(world, persona))
    _add_cases(world, 2)
    few = _count(client, "/cases/")
    _add_cases(world, 8)
    many = _count(client, "/cases/")
    assert many == few
    with django_assert_max_num_queries(LIST_BUDGET):
        client.get("/cases/?tab=awaiting")


@pytest.mark.django_db
def test_case_page_queries_do_not_grow_with_items(world, django_assert_max_num_queries):
    client = login(Client(), world.participant)
    url = f"/cases/{world.case.pk}/"
    _add_items(world, 1)
    few = _count(client, url)
    _add_items(world, 6)
    many = _count(client, url)
    assert many == few
    with django_assert_max_num_queries(PAGE_BUDGET):
        client.get(url)


@pytest.mark.django_db
def test_api_case_list_has_a_budget(world, django_assert_max_num_queries):
    client = login(Client(), world.participant)
    _add_cases(world, 5)
    with django_assert_max_num_queries(LIST_BUDGET):
        assert client.get("/api/v1/cases/").status_code == 200
