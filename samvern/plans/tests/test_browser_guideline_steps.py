"""The guideline's steps in a real browser: the plan's editor finds the initiative in the
plan's section menu, fills it in with the mouse and the keyboard, then records who was
heard on the involvement page, and the quality check no longer lists them as missing.
Every page is checked at 1,280 and 390 px (axe, nothing wider than the screen, no field
over another; see `samvern.accounts.browsing`). Screenshots go to /tmp/shots/steps/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from samvern.accounts.browsing import BrowserSession, navigates
from samvern.plans.models import Initiative, Involvement
from samvern.plans.services import guideline as steps
from samvern.plans.tests.helpers import as_actor, new_plan, ready_for_consultation

SHOTS = Path("/tmp/shots/steps")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_into(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=label in {"Hvordan", "Hvorfor"})
    field.click()
    page.keyboard.type(text)


def test_the_editor_records_the_initiative_and_who_was_heard(browser_page, axe, alice, bergen):
    version = ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)
    proposed = timezone.localdate() - dt.timedelta(days=120)
    heard = timezone.localdate() - dt.timedelta(days=20)
    b = BrowserSession(*browser_page, axe, SHOTS)
    page = b.go(alice, f"/plans/{version.plan_id}/v/{version.pk}/")

    menu = page.get_by_role("navigation", name="Planens deler")
    with navigates(page):
        menu.get_by_role("link", name="Initiativ", exact=True).click()
    assert page.locator("h1").inner_text() == "Initiativ"
    b.check(page, "steps-01-initiative-empty")
    type_into(page, "Foreslått av", "Arbeiderpartiets bystyregruppe")
    page.get_by_label("Foreslått dato").fill(proposed.isoformat())
    type_into(page, "Hvorfor", "Flere barnevernssaker med vold.")
    type_into(page, "Problemet som ble sett", "Tjenestene visste ikke om hverandre.")
    with navigates(page):
        page.get_by_role("button", name="Lagre initiativet").click()
    assert page.get_by_text("Initiativet ble lagret.").is_visible()
    initiative = Initiative.objects.get(version=version)
    assert initiative.proposed_by == "Arbeiderpartiets bystyregruppe"
    assert initiative.proposed_on == proposed
    b.check(page, "steps-02-initiative-saved")

    with navigates(page):
        page.get_by_role("navigation", name="Planens deler").get_by_role(
            "link", name="Medvirkning"
        ).click()
    assert "Ikke hørt ennå" in page.get_by_test_id("not-heard").inner_text()
    page.get_by_label("Hvem som ble hørt").select_option("children")
    type_into(page, "Deltakere", "Barn som har bodd på krisesenteret")
    type_into(page, "Hvordan", "Samtalegruppe med barnefaglig ansatt")
    page.get_by_label("Når", exact=True).fill(heard.isoformat())
    type_into(page, "Hva det endret i planen", "Nytt tiltak: barnesamtaler i barnehagen.")
    b.check(page, "steps-03-involvement-form")
    with navigates(page):
        page.get_by_role("button", name="Legg til medvirkning").click()
    assert page.get_by_text("Medvirkningen ble lagt til.").is_visible()
    rows = page.get_by_test_id("involvements")
    assert "Barn som har bodd på krisesenteret" in rows.inner_text()
    assert Involvement.objects.get(version=version).heard_on == heard
    b.check(page, "steps-04-involvement-saved")

    with navigates(page):
        page.get_by_role("navigation", name="Planens deler").get_by_role(
            "link", name="Kvalitetssikring", exact=True
        ).click()
    check = page.locator("#check-initiative")
    assert "Bestått" in check.inner_text()
    assert "valgfritt steg" in page.locator("#check-quality_review").inner_text()
    b.check(page, "steps-05-quality")

    steps.save_communication_item(
        actor=as_actor(alice),
        version=version,
        data=steps.CommunicationItemData(
            audience="Alle ansatte i helse og omsorg",
            message="Hva planen betyr for deg",
            due_on=version.period_start,
            channel="Intranett",
        ),
    )
    with navigates(page):
        page.get_by_role("navigation", name="Planens deler").get_by_role(
            "link", name="Kommunikasjon og årshjul"
        ).click()
    cycle = page.get_by_test_id("annual-cycle").inner_text()
    assert "Informer: Alle ansatte i helse og omsorg" in cycle
    assert "Planperioden slutter" in cycle
    b.check(page, "steps-06-communication")

    assert b.problems == []
