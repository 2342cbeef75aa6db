"""Amounts, hours and dates on the plan pages in the reader's language, and entered as
people type them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from samvern.core.testing import choose_language
from samvern.plans import services
from samvern.plans.models import Mandate, VersionStatus
from samvern.plans.services.data import MandateData
from samvern.plans.tests.helpers import as_actor, new_plan

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def mandated(alice, bergen):
    version = new_plan(alice, [bergen]).versions.get(number=1)
    services.save_mandate(
        actor=as_actor(alice),
        version=version,
        data=MandateData(
            body="Bystyret",
            decided_on=dt.date(2026, 12, 1),
            case_number="2026/1",
            text="Lag en plan.",
            budget_nok=Decimal("60000"),
            staff_hours=1200,
        ),
    )
    services.transition_version(actor=as_actor(alice), version=version, to=VersionStatus.MANDATED)
    return version, reverse("plans:mandate", args=[version.plan_id, version.pk])


def test_a_reader_sees_the_mandate_in_bokmal_formats(client, bob, mandated, login_as):
    _version, url = mandated
    login_as(bob)
    page = client.get(url).content.decode()
    assert f"kr{NBSP}60{NBSP}000" in page
    assert f"1{NBSP}200" in page
    assert "1. desember 2026" in page
    assert "60000" not in page


def test_a_reader_sees_the_mandate_in_english_formats(client, bob, mandated, login_as):
    _version, url = mandated
    login_as(bob)
    choose_language(client, "en")
    page = client.get(url).content.decode()
    assert f"NOK{NBSP}60,000" in page
    assert "1,200" in page
    assert "1 December 2026" in page
    assert "1. December" not in page


def test_an_editor_enters_the_budget_with_spaces(client, alice, bergen, login_as):
    version = new_plan(alice, [bergen]).versions.get(number=1)
    login_as(alice)
    url = reverse("plans:mandate_save", args=[version.plan_id, version.pk])
    response = client.post(
        url,
        {
            "m-body": "Bystyret",
            "m-decided_on": "2026-12-01",
            "m-case_number": "",
            "m-text": "",
            "m-budget_nok": "1\u00a0250\u00a0000",
            "m-staff_hours": "1 200",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mandate = Mandate.objects.get(version=version)
    assert (mandate.budget_nok, mandate.staff_hours) == (Decimal("1250000"), 1200)


def test_a_budget_that_is_not_a_number_is_refused_and_nothing_saved(
    client, alice, bergen, login_as
):
    version = new_plan(alice, [bergen]).versions.get(number=1)
    login_as(alice)
    url = reverse("plans:mandate_save", args=[version.plan_id, version.pk])
    response = client.post(
        url,
        {
            "m-body": "Bystyret",
            "m-decided_on": "2026-12-01",
            "m-budget_nok": "mye",
        },
    )
    assert response.status_code == 400
    assert "Oppgi et tall" in response.content.decode()
    assert not Mandate.objects.filter(version=version).exists()


def test_an_outsider_sees_no_mandate(client, charlie, mandated, login_as):
    _version, url = mandated
    login_as(charlie)
    assert client.get(url).status_code == 404
