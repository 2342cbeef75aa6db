"""The version overview's "next step": a step whose work is not done yet leads to the page
where it is done, instead of a button whose transition is then refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.plans import services
from samvern.plans.models import VersionStatus
from samvern.plans.services.data import MandateData
from samvern.plans.tests.helpers import add_measures, as_actor, new_plan

pytestmark = pytest.mark.django_db


def overview(client, user, version):
    login(client, user)
    response = client.get(reverse("plans:version", args=[version.plan_id, version.pk]))
    assert response.status_code == 200
    return response.content.decode()


def step_link(html: str, to: str) -> str | None:
    match = re.search(rf'<a [^>]*href="([^"]+)" data-testid="next-step-{to}"', html)
    return match.group(1) if match else None


def transition_offered(html: str, to: str) -> bool:
    return f'name="to" value="{to}"' in html


def test_without_a_mandate_the_next_step_leads_to_the_mandate_page(client, alice, bergen):
    version = new_plan(alice, [bergen]).versions.get()
    html = overview(client, alice, version)
    assert step_link(html, "mandated") == reverse(
        "plans:mandate", args=[version.plan_id, version.pk]
    )
    assert not transition_offered(html, VersionStatus.MANDATED)
    assert "Registrer mandatet før versjonen" in html or "Record the mandate" in html

    services.save_mandate(
        actor=as_actor(alice),
        version=version,
        data=MandateData(
            body="Bystyret",
            decided_on=dt.date(2026, 1, 15),
            case_number="2026/1",
            text="Lag en plan.",
        ),
    )
    html = overview(client, alice, version)
    assert step_link(html, "mandated") is None
    assert transition_offered(html, VersionStatus.MANDATED)


def test_a_draft_without_measures_or_consultation_leads_to_those_pages(client, alice, bergen):
    version = new_plan(alice, [bergen]).versions.get()
    services.save_mandate(
        actor=as_actor(alice),
        version=version,
        data=MandateData(
            body="Bystyret",
            decided_on=dt.date(2026, 1, 15),
            case_number="2026/1",
            text="Lag en plan.",
        ),
    )
    services.transition_version(actor=as_actor(alice), version=version, to=VersionStatus.MANDATED)
    services.transition_version(actor=as_actor(alice), version=version, to=VersionStatus.DRAFTING)
    html = overview(client, alice, version)
    assert step_link(html, "consultation") == reverse(
        "plans:measures", args=[version.plan_id, version.pk]
    )
    assert not transition_offered(html, VersionStatus.CONSULTATION)

    add_measures(alice, version, 1, area_key="")
    html = overview(client, alice, version)
    assert step_link(html, "consultation") == reverse(
        "plans:consultation", args=[version.plan_id, version.pk]
    )

    services.save_consultation(
        actor=as_actor(alice),
        version=version,
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 4, 1),
    )
    html = overview(client, alice, version)
    assert step_link(html, "consultation") is None
    assert transition_offered(html, VersionStatus.CONSULTATION)


def test_the_forward_step_comes_first_and_readers_and_outsiders_get_none(
    client, alice, bob, charlie, bergen
):
    version = new_plan(alice, [bergen]).versions.get()
    services.save_mandate(
        actor=as_actor(alice),
        version=version,
        data=MandateData(
            body="Bystyret",
            decided_on=dt.date(2026, 1, 15),
            case_number="2026/1",
            text="Lag en plan.",
        ),
    )
    services.transition_version(actor=as_actor(alice), version=version, to=VersionStatus.MANDATED)
    services.transition_version(actor=as_actor(alice), version=version, to=VersionStatus.DRAFTING)
    add_measures(alice, version, 1, area_key="")
    services.save_consultation(
        actor=as_actor(alice),
        version=version,
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 4, 1),
    )
    services.transition_version(
        actor=as_actor(alice), version=version, to=VersionStatus.CONSULTATION
    )
    html = overview(client, alice, version)
    # Onwards to the quality check is the main action; back to drafting is the other one.
    forward = html.index('data-testid="next-step-quality_checked"')
    back = html.index('data-testid="next-step-drafting"')
    assert forward < back
    assert 'data-variant="primary"' in html[html.rindex("<", 0, forward) : forward]

    reader = overview(client, bob, version)
    assert "next-step-" not in reader
    login(client, charlie)
    response = client.get(reverse("plans:version", args=[version.plan_id, version.pk]))
    assert response.status_code == 404
