"""Training pages take the same number of queries for 2 rows and for 20."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.training.models import CompetenceRecord, StaffMember, TargetRole, TrainingEvent

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
