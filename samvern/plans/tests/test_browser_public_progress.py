"""In a real browser: the police's coordinator finds the police-owned measure under "My
measures", reports its status with a comment that may be published; once the round is
closed, an anonymous visitor sees the status and that comment on the public plan page,
and nothing of the internal comment on another measure. Every page is checked with axe
(no serious or critical violation) at 1,280 and 390 px. Screenshots: /tmp/shots/partners/."""

from __future__ import annotations

from pathlib import Path

import pytest

from samvern.accounts.browsing import BrowserSession, navigates
from samvern.plans import services
from samvern.plans.models import MeasureStatus, StatusReport
from samvern.plans.tests.helpers import as_actor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/partners")
PUBLISHED = "Rutinen er i bruk ved to av tre stasjoner."
INTERNAL = "Ingen har ansvar for tiltaket etter omorganiseringen."


def test_the_police_report_and_the_public_sees_the_progress(
    browser_page, axe, settings, alice, police_round, lars
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    page, base = browser_page
    version, round_, measure, other = police_round
    b = BrowserSession(page, base, axe, SHOTS)

    # 1. The police's coordinator reports from "My measures".
    page = b.go(lars, "/plans/my-measures/")
    assert measure.title in page.get_by_test_id("my-measures").inner_text()
    b.check(page, "my-measures-police")
    with navigates(page):
        page.get_by_role("link", name=f"Rapporter: {round_.title} – {measure.title}").click()
    card = page.locator(f"#m-{measure.pk}")
    card.get_by_text("Rapporter status").click()
    card.get_by_label("Status").select_option(MeasureStatus.ON_TRACK)
    card.get_by_label("Kommentar", exact=True).fill(PUBLISHED)
    card.get_by_label("Kommentaren kan publiseres").check()
    b.check(page, "round-police")
    with navigates(page):
        card.get_by_role("button", name="Lagre status").click()
    assert "kommentaren vises på den offentlige plansiden" in page.locator("main").inner_text()
    report = StatusReport.objects.get(measure=measure)
    assert (report.status, report.comment_public, report.reported_by) == (
        MeasureStatus.ON_TRACK,
        True,
        lars,
    )

    # 2. The coordinator adds an internal reason on the other measure and closes the round.
    services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=other,
        status=MeasureStatus.DELAYED,
        comment=INTERNAL,
    )
    services.close_reporting_round(actor=as_actor(alice), round=round_)

    # 3. A visitor who is not logged in (a fresh browser context) reads the public page.
    visitor = b.browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nb-NO", reduced_motion="reduce"
    )
    public = visitor.new_page()
    response = public.goto(f"{base}/plans/{version.plan_id}/public/")
    assert response is not None and response.status == 200
    text = public.locator("main").inner_text()
    assert "Siste statusrapport: Vår" in text
    row = public.get_by_test_id("public-measure").filter(has_text=measure.title)
    assert "I rute" in row.inner_text() and PUBLISHED in row.inner_text()
    assert "Vest politidistrikt" in row.inner_text()
    assert (
        "Forsinket"
        in public.get_by_test_id("public-measure").filter(has_text=other.title).inner_text()
    )
    assert INTERNAL not in text
    assert lars.get_full_name() not in text and alice.get_full_name() not in text
    b.check(public, "public-progress")
    visitor.close()
    assert b.problems == []
