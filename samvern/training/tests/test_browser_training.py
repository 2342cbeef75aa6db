"""Training and competence in a real browser, on the demo: the coordinator finds the
overview from the start page and reads the share of staff trained per organisation, opens
one organisation's coverage per target role, a training event and the year's training
plan; a case worker of a member organisation reads the same figures.

Every page is checked at 1,280 and 390 px (see `samvern.directory.tests.browser`).
Screenshots go to /tmp/shots/training/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from samvern.accounts import demo as accounts_demo
from samvern.accounts.models import User
from samvern.directory.tests.browser import PageCheck, sign_in
from samvern.partnerships import demo as partnerships_demo
from samvern.partnerships.models import Partnership
from samvern.training import demo as training_demo
from samvern.training.selectors import coverage

SHOTS = Path("/tmp/shots/training")


@pytest.fixture
def demo(settings, reference_data):
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    today = timezone.localdate()
    accounts_demo.load(today=today)
    partnerships_demo.load(today=today)
    training_demo.load(today=today)
    return Partnership.objects.get(name=partnerships_demo.PARTNERSHIP_NAME)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_coordinator_reads_coverage_per_organisation(browser_page, axe, demo):
    partnership = demo
    page, base = browser_page
    check = PageCheck(axe, SHOTS)
    sign_in(page, base, User.objects.get(username=partnerships_demo.COORDINATOR_USER))

    page.goto(base + "/")
    panel = page.locator("section.panel").filter(has_text="Opplæring og kompetanse")
    with page.expect_navigation():
        panel.get_by_role("link", name=partnership.name).click()
    assert page.locator("h1").inner_text() == "Opplæring og kompetanse"
    figures = {row.organisation.name: row for row in coverage(partnership, timezone.localdate())}
    shelter = figures["Bergen krisesenter"]
    row = page.locator("table").first.get_by_role("row").filter(has_text="Bergen krisesenter")
    assert f"({shelter.trained}/{shelter.staff})" in row.inner_text()
    check(page, "training-01-overview")

    with page.expect_navigation():
        row.get_by_role("link", name="Bergen krisesenter").click()
    assert "Bergen krisesenter" in page.locator("h1").inner_text()
    check(page, "training-02-organisation")

    page.goto(base + f"/training/{partnership.pk}/")
    with page.expect_navigation():
        page.locator("table").nth(1).locator("tbody tr th a").first.click()
    check(page, "training-03-event")

    page.goto(base + f"/training/{partnership.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Opplæringsplan {timezone.localdate().year}").first.click()
    check(page, "training-04-plan")

    sign_in(page, base, User.objects.get(username="lars.politi"))
    page.goto(base + f"/training/{partnership.pk}/")
    assert f"({shelter.trained}/{shelter.staff})" in (
        page.locator("table")
        .first.get_by_role("row")
        .filter(has_text="Bergen krisesenter")
        .inner_text()
    )
    check(page, "training-05-overview-case-worker")

    assert check.problems == []
