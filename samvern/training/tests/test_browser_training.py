"""Training and competence in a real browser, on the demo: the coordinator finds the
overview from the start page and reads the share of staff trained per organisation, opens
one organisation's coverage per target role, a training event and the year's training
plan; a case worker of a member organisation reads the same figures.

Every page is checked at 1,280 and 390 px (see `samvern.accounts.browsing`).
Screenshots go to /tmp/shots/training/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from samvern.accounts.browsing import BrowserSession, navigates
from samvern.accounts.models import User
from samvern.partnerships import demo as partnerships_demo
from samvern.training.selectors import coverage

SHOTS = Path("/tmp/shots/training")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_coordinator_reads_coverage_per_organisation(browser_page, axe, demo_partnership):
    partnership = demo_partnership
    b = BrowserSession(*browser_page, axe, SHOTS)
    page = b.go(User.objects.get(username=partnerships_demo.COORDINATOR_USER), "/")
    panel = page.locator("section.panel").filter(has_text="Opplæring og kompetanse")
    with navigates(page):
        panel.get_by_role("link", name=partnership.name).click()
    assert page.locator("h1").inner_text() == "Opplæring og kompetanse"
    figures = {row.organisation.name: row for row in coverage(partnership, timezone.localdate())}
    shelter = figures["Bergen krisesenter"]
    row = page.locator("table").first.get_by_role("row").filter(has_text="Bergen krisesenter")
    assert f"({shelter.trained}/{shelter.staff})" in row.inner_text()
    b.check(page, "training-01-overview")

    with navigates(page):
        row.get_by_role("link", name="Bergen krisesenter").click()
    assert "Bergen krisesenter" in page.locator("h1").inner_text()
    b.check(page, "training-02-organisation")

    page.goto(b.base + f"/training/{partnership.pk}/")
    with navigates(page):
        page.locator("table").nth(1).locator("tbody tr th a").first.click()
    b.check(page, "training-03-event")

    page.goto(b.base + f"/training/{partnership.pk}/")
    with navigates(page):
        page.get_by_role("link", name=f"Opplæringsplan {timezone.localdate().year}").first.click()
    b.check(page, "training-04-plan")

    page = b.go(User.objects.get(username="lars.politi"), f"/training/{partnership.pk}/")
    assert f"({shelter.trained}/{shelter.staff})" in (
        page.locator("table")
        .first.get_by_role("row")
        .filter(has_text="Bergen krisesenter")
        .inner_text()
    )
    b.check(page, "training-05-overview-case-worker")

    assert b.problems == []
