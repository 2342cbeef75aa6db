"""Training pages take the same number of queries for 2 rows and for 20."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from samvern.accounts.testing import login
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.partnerships.tests.factories import PartnershipMemberFactory
from samvern.training.models import (
    CompetenceRecord,
    PlannedCourse,
    StaffMember,
    TargetRole,
    TrainingEvent,
    TrainingPlan,
)
from samvern.training.tests.conftest import JOINED

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def role(partnership, shelter):
    return TargetRole.objects.create(
        partnership=partnership,
        organisation=shelter,
        name="Rådgiver",
        required_topics=["risk-assessment"],
    )


@pytest.fixture
def event(partnership):
    return TrainingEvent.objects.create(
        partnership=partnership,
        topic_key="risk-assessment",
        held_on=dt.date(2025, 6, 1),
        hours=Decimal(3),
    )


def _grow(partnership, shelter, role, event, n, start):
    for i in range(start, start + n):
        TrainingEvent.objects.create(
            partnership=partnership,
            topic_key="duty-to-avert",
            held_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            hours=Decimal(2),
        )
        person = StaffMember.objects.create(
            partnership=partnership, organisation=shelter, role=role, name=f"Ansatt {i:02}"
        )
        CompetenceRecord.objects.create(
            person=person,
            topic_key="risk-assessment",
            completed_on=dt.date(2025, 6, 1),
            refresh_due=dt.date(2027, 6, 1),
            event=event,
        )


@pytest.mark.parametrize("page", ["overview", "organisation", "event"])
def test_pages_do_not_grow(client, coord, partnership, shelter, role, event, page):
    login(client, coord)
    url = {
        "overview": reverse("training:overview", args=[partnership.pk]),
        "organisation": reverse("training:organisation", args=[partnership.pk, shelter.pk]),
        "event": reverse("training:event", args=[partnership.pk, event.pk]),
    }[page]
    _grow(partnership, shelter, role, event, 2, 0)
    two = _count(client, url)
    _grow(partnership, shelter, role, event, 18, 2)
    assert _count(client, url) == two


def _grow_organisations(partnership, n, start):
    """`n` more member organisations, each with a target role and one trained person."""
    for i in range(start, start + n):
        organisation = OrganisationFactory(name=f"Virksomhet {i:02}")
        PartnershipMemberFactory(
            partnership=partnership, organisation=organisation, joined_on=JOINED
        )
        role = TargetRole.objects.create(
            partnership=partnership,
            organisation=organisation,
            name="Saksbehandler",
            required_topics=["risk-assessment"],
        )
        person = StaffMember.objects.create(
            partnership=partnership, organisation=organisation, role=role, name=f"Ansatt {i:02}"
        )
        CompetenceRecord.objects.create(
            person=person,
            topic_key="risk-assessment",
            completed_on=dt.date(2025, 6, 1),
            refresh_due=dt.date(2027, 6, 1),
        )


def test_coverage_per_organisation_does_not_grow_with_the_organisations(client, coord, partnership):
    login(client, coord)
    url = reverse("training:overview", args=[partnership.pk])
    _grow_organisations(partnership, 2, 0)
    two = _count(client, url)
    _grow_organisations(partnership, 18, 2)
    assert _count(client, url) == two
    assert "Virksomhet 19" in client.get(url).text


def test_the_training_plan_does_not_grow(client, coord, partnership):
    plan = TrainingPlan.objects.create(partnership=partnership, year=2025)
    login(client, coord)
    url = reverse("training:plan", args=[partnership.pk, 2025])

    def plan_courses(n, start):
        for i in range(start, start + n):
            PlannedCourse.objects.create(
                plan=plan, topic_key="duty-to-avert", audience=f"Gruppe {i}"
            )
            TrainingEvent.objects.create(
                partnership=partnership,
                topic_key="risk-assessment",
                held_on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
                hours=Decimal(2),
            )

    plan_courses(2, 0)
    two = _count(client, url)
    plan_courses(18, 2)
    assert _count(client, url) == two


@pytest.mark.parametrize("route", ["events", "coverage"])
def test_the_api_lists_do_not_grow(coord, partnership, shelter, role, event, route):
    client = APIClient()
    client.force_authenticate(coord)
    url = f"/api/v1/training/{partnership.pk}/{route}/?on=2026-03-01"
    _grow(partnership, shelter, role, event, 2, 0)
    _grow_organisations(partnership, 2, 0)
    two = _count(client, url)
    _grow(partnership, shelter, role, event, 18, 2)
    _grow_organisations(partnership, 18, 2)
    assert _count(client, url) == two
