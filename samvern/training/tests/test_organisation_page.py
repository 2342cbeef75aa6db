"""An organisation's training page says, per person, which required course is not taken
and which is to be refreshed by when, not only the course's name. The clock is pinned
per test."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.training.models import CompetenceRecord, StaffMember, TargetRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(partnership, shelter):
    role = TargetRole.objects.create(
        partnership=partnership,
        organisation=shelter,
        name="Rådgiver",
        required_topics=["risk-assessment", "duty-to-avert"],
    )
    kari = StaffMember.objects.create(
        partnership=partnership, organisation=shelter, name="Kari Nordmann", role=role
    )
    CompetenceRecord.objects.create(
        person=kari,
        topic_key="risk-assessment",
        completed_on=dt.date(2024, 4, 1),
        refresh_due=dt.date(2026, 4, 1),
    )
    return kari


@time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False)
def test_it_tells_not_taken_from_refresh_by(client, admin, partnership, shelter, people):
    login(client, admin)
    page = client.get(reverse("training:organisation", args=[partnership.pk, shelter.pk]))
    text = page.content.decode()
    assert "Skal tas eller friskes opp" in text
    assert "Avvergingsplikten" in text and "ikke tatt" in text
    assert "oppfriskning innen 01.04.2026" in text


@time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_lapsed_refresh_says_when_it_was_due(client, admin, partnership, shelter, people):
    login(client, admin)
    page = client.get(reverse("training:organisation", args=[partnership.pk, shelter.pk]))
    assert "oppfriskning skulle vært tatt innen 01.04.2026" in page.content.decode()
