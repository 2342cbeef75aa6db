"""Protective measures in a real browser: the crisis-centre adviser taking part in the case
finds the alarm ending soon on the case page, opens the case's measures, adds a
restraining order with the mouse (a wrong end date first, refused in bokmål), and may not
change the police's alarm; the police officer, responsible for the alarm, records it
returned, and finds the order on the list of measures his organisation is responsible for,
and the reassessment that is due.

Every page is checked with axe-core, at 1,280 and 390 px (nothing wider than the screen,
no form field drawn over another). Screenshots go to /tmp/shots/protection/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from samvern.accounts.browsing import BrowserSession
from samvern.protection.models import MeasureKind, MeasureType, ProtectiveMeasure, Reassessment
from samvern.protection.tests.conftest import make_protection_world

SHOTS = Path("/tmp/shots/protection")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_restraining_order_added_and_an_alarm_ended_with_the_mouse(
    browser_page, axe, settings, tmp_path
):
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path / "case-files")
    page, base = browser_page
    b = BrowserSession(page, base, axe, SHOTS)
    pw = make_protection_world()
    day = timezone.localdate()
    # The police assessment is due for reassessment in three days.
    Reassessment.objects.filter(pk=pw.reassessment.pk).update(due_on=day + dt.timedelta(days=3))

    page = b.go(pw.participant, f"/cases/{pw.case.pk}/")
    panel = page.locator('[data-testid="protection-panel"]')
    assert "Voldsalarm" in panel.inner_text() and "Utløper om 10 dager" in panel.inner_text()
    b.check(page, "case-panel")
    panel.locator(f'a[href="/protection/case/{pw.case.pk}/"]').click()
    page.wait_for_url(f"**/protection/case/{pw.case.pk}/")
    b.check(page, "case-measures")

    page.locator(f'a[href="/protection/person/{pw.exposed.pk}/measure/add/"]').click()
    page.locator("#id_kind").select_option(MeasureKind.RESTRAINING_ORDER)
    page.locator("#id_measure_type").select_option(MeasureType.VISITING_BAN_HOME)
    page.locator("#id_starts_on").fill(day.isoformat())
    page.locator("#id_ends_on").fill((day - dt.timedelta(days=1)).isoformat())
    page.locator("#id_responsible").select_option(str(pw.police.pk))
    page.locator("#id_conditions").fill("Ikke oppholde seg i boligen eller ta kontakt.")
    page.locator('main form button[type="submit"]').click()
    assert "Slutten kan ikke være før starten." in page.inner_text("main")
    assert not ProtectiveMeasure.objects.filter(kind=MeasureKind.RESTRAINING_ORDER).exists()
    b.check(page, "measure-form-error")
    page.locator("#id_ends_on").fill((day + dt.timedelta(days=90)).isoformat())
    page.locator('main form button[type="submit"]').click()
    page.wait_for_url(f"**/protection/case/{pw.case.pk}/")
    order = ProtectiveMeasure.objects.get(kind=MeasureKind.RESTRAINING_ORDER)
    assert order.responsible == pw.police and order.ends_on == day + dt.timedelta(days=90)
    table = page.locator('[data-testid="case-measures"]').inner_text()
    assert "Besøksforbud i eget hjem" in table and pw.police.name in table

    # The alarm is the police's: the crisis centre sees it but may not change it.
    page.locator(f'a[href="/protection/measure/{pw.measure.pk}/"]').first.click()
    assert page.locator(f'a[href="/protection/measure/{pw.measure.pk}/end/"]').count() == 0
    assert "Bare den ansvarlige virksomheten" in page.inner_text("main")

    page = b.go(pw.referrer, f"/protection/measure/{pw.measure.pk}/")
    page.locator(f'a[href="/protection/measure/{pw.measure.pk}/end/"]').click()
    page.locator("#id_ended_on").fill(day.isoformat())
    page.locator("#id_reason").fill("Levert tilbake etter samtale.")
    b.check(page, "end-measure")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()
    pw.measure.refresh_from_db()
    assert pw.measure.ended_on == day
    b.check(page, "measure-ended")

    page = b.go(pw.referrer, "/protection/")
    rows = page.locator('[data-testid="measure-table"]').inner_text()
    assert "Besøksforbud i eget hjem" in rows
    # The alarm returned today shows as ended, not as "ending in 0 days".
    assert "Avsluttet" in rows and "om 0 dager" not in rows
    b.check(page, "our-measures")
    page.locator('main a[href="/protection/reassessments/"]').click()
    assert pw.case.reference in page.locator('[data-testid="reassessment-table"]').inner_text()
    b.check(page, "our-reassessments")
    assert b.problems == []
