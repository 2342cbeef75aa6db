"""A unit reports status in a real browser: a decimal comma and a space between thousands
reach the server as typed (a number input would have dropped the comma), garbage is refused
on the page."""

from decimal import Decimal

import pytest

from samvern.plans import services
from samvern.plans.models import MeasureStatus, StatusReport
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan
from samvern.plans.tests.test_browser_lifecycle import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_status_report_typed_in_norwegian_is_saved_as_meant(
    browser_page, screenshot, alice, bergen
):
    page, base = browser_page
    version = adopted(alice, new_plan(alice, [bergen]), measures=2)
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    log_in(page, base, alice)
    page.goto(f"{base}/plans/{version.plan_id}/v/{version.pk}/rounds/{round_.pk}/")
    page.get_by_text("Rapporter status").first.click()
    card = page.locator("article.measure-card").first
    card.get_by_label("Timer brukt").fill("abc")
    card.get_by_role("button", name="Lagre status").click()
    assert page.get_by_text("Velg status for tiltaket.").first.is_visible()
    assert page.get_by_text("Oppgi et tall, for eksempel 1 200 eller 12,5.").first.is_visible()
    screenshot(page, "status-report-refused")
    assert not StatusReport.objects.exists()

    card = page.locator("article.measure-card").first
    card.get_by_label("Status").select_option(MeasureStatus.ON_TRACK)
    card.get_by_label("Timer brukt").fill("12,5")
    card.get_by_label("Brukt (kr)").fill("1 200")
    card.get_by_role("button", name="Lagre status").click()
    assert page.get_by_text("(brukt kr\u00a01\u00a0200, 12,5 timer)").is_visible()
    screenshot(page, "status-report-saved")
    report = StatusReport.objects.get()
    assert (report.spent_hours, report.spent_nok) == (Decimal("12.5"), Decimal("1200"))
