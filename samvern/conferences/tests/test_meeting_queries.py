"""Acceptance 6 for the agenda case page: the same number of queries with 2 and with 20
research entries and action points (agreed and carried over)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.cases.models import LegalBasis
from samvern.cases.tests.factories import CaseParticipantFactory, PartnershipMemberFactory
from samvern.conferences.models import ActionPoint, Minutes, Research
from samvern.conferences.tests.meeting_world import MeetingWorld, make_meeting_world

pytestmark = pytest.mark.django_db


def _grow(world: MeetingWorld, start: int, stop: int) -> None:
    """Organisations `start`..`stop` taking part in case A, each with its research, an
    action point agreed here and one carried over from the earlier conference."""
    for n in range(start, stop):
        organisation = OrganisationFactory(name=f"Ekstra {n:02d}", kind=OrganisationKind.OTHER)
        PartnershipMemberFactory(
            partnership=world.partnership,
            organisation=organisation,
            joined_on=world.day - dt.timedelta(days=100),
        )
        CaseParticipantFactory(
            case=world.case_a,
            organisation=organisation,
            added_on=world.day - dt.timedelta(days=50),
            added_by=world.police_worker,
        )
        author = make_member(organisation, Role.CASE_WORKER, username=f"m_extra_{n}")
        Research.objects.create(
            item=world.item_a,
            organisation=organisation,
            body=f"Ekstra research {n}",
            legal_basis=LegalBasis.OTHER_STATUTORY,
            statutory_basis="Helsepersonelloven § 32",
            author=author,
        )
        for item in (world.item_a, world.earlier_item):
            ActionPoint.objects.create(
                case=world.case_a,
                item=item,
                organisation=organisation,
                assignee=author,
                description=f"Ekstra tiltak {n}",
                due_on=world.conference.date + dt.timedelta(days=n),
                created_by=world.police_worker,
            )


def _queries(client: Client, url: str) -> int:
    client.get(url)  # the session and per-process caches warmed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["conferences:item", "api-conferences-item"])
def test_the_page_takes_the_same_queries_with_2_and_20_entries(url_name):
    world = make_meeting_world()
    Minutes.objects.create(
        item=world.item_a,
        risk_summary="Risiko.",
        recorded_by=world.police_worker,
        organisation=world.police,
    )
    client = login(Client(), world.police_worker)
    url = reverse(url_name, args=[world.item_a.pk])
    _grow(world, 0, 2)
    with_two = _queries(client, url)
    _grow(world, 2, 20)
    assert Research.objects.filter(item=world.item_a).count() == 20
    assert ActionPoint.objects.filter(item=world.item_a).count() == 20
    assert _queries(client, url) == with_two
