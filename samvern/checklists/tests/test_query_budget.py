"""The checklist page and its API answer in the same number of queries whatever the
number of items and of people who ticked them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samvern.accounts.testing import login
from samvern.cases.access import Need
from samvern.cases.models import Case, PersonRole
from samvern.cases.tests.factories import PersonFactory
from samvern.checklists import services
from samvern.checklists.access import access_checklist_item
from samvern.checklists.tests.conftest import make_checklist, police_actor

pytestmark = pytest.mark.django_db


def _tick_all(world, checklist) -> None:
    actor = police_actor(world)
    for item in checklist.items.filter(status="open"):
        services.tick_item(actor=actor, access=access_checklist_item(actor, item.pk, Need.EDIT))


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ["/checklists/cases/{case}/", "/api/v1/checklists/cases/{case}/"])
def test_the_page_and_api_query_count_does_not_grow_with_the_items(world, route):
    client = login(Client(), world.referrer)
    url = route.format(case=world.case.pk)
    few = make_checklist(police_actor(world), world)
    _tick_all(world, few)
    small = _queries(client, url)
    PersonFactory(case=world.case, role=PersonRole.CHILD)
    Case.objects.filter(pk=world.case.pk).update(risk_band="high")
    many = make_checklist(
        police_actor(world),
        world,
        services.AskedFacts(custody_release=True, shelter_needed=True, consent_victim_support=True),
    )
    assert many.items.count() > few.items.count() + 4
    _tick_all(world, many)
    assert _queries(client, url) == small
