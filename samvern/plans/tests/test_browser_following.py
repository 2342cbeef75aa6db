"""Following a public plan in a real browser: the form on the public page, the answer, the
confirmation and the unsubscribe pages fit a desktop and a phone with no serious
accessibility violation."""

from pathlib import Path

import pytest

from samvern.accounts.browsing import BrowserSession, navigates
from samvern.plans.models import PlanFollower
from samvern.plans.tests.helpers import adopted, new_plan
from samvern.plans.tests.test_following import link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/follow")


def test_a_visitor_follows_a_plan_confirms_and_stops(browser_page, axe, alice, bergen, mailoutbox):
    page, base = browser_page
    version = adopted(alice, new_plan(alice, [bergen], title="Plan for Bergen"), measures=2)
    session = BrowserSession(page, base, axe, SHOTS)
    page.goto(f"{base}/plans/{version.plan_id}/public/")
    form = page.get_by_test_id("follow-form")
    form.scroll_into_view_if_needed()
    session.check(page, "public-plan")

    form.get_by_label("E-postadressen din").fill("ikke en adresse")
    with navigates(page):
        form.get_by_role("button", name="Følg denne planen").click()
    assert page.get_by_text("Skriv en hel e-postadresse").first.is_visible()
    session.check(page, "follow-invalid")

    page.get_by_label("E-postadressen din").fill("innbygger@example.no")
    with navigates(page):
        page.get_by_role("button", name="Følg denne planen").click()
    assert page.get_by_test_id("follow-sent").is_visible()
    session.check(page, "follow-sent")
    assert len(mailoutbox) == 1

    page.goto(base + link(mailoutbox[0], "confirm"))
    session.check(page, "follow-confirm")
    with navigates(page):
        page.get_by_role("button", name="Bekreft").click()
    assert page.get_by_test_id("follow-confirmed").is_visible()
    assert PlanFollower.objects.get().confirmed_at is not None

    page.goto(base + link(mailoutbox[0], "unsubscribe"))
    session.check(page, "follow-unsubscribe")
    with navigates(page):
        page.get_by_role("button", name="Slutt å følge").click()
    assert page.get_by_test_id("follow-unsubscribed").is_visible()
    assert not PlanFollower.objects.exists()
    assert session.problems == []
