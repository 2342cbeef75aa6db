"""The conference page in a real browser, for the coordinator and a confirmed attendee:
under the CSP, no serious accessibility problem, and no wider than a 390 px phone."""

import pytest
from django.test import Client
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.conferences.access import ConferenceNeed, access_conference
from samvern.conferences.services.attendance import confirm_statement
from samvern.conferences.tests.world import CASE_A_REASON, make_schedule_world, put_on_agenda


def _sign_in(page, base, settings, user):
    client = login(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_conference_page_for_coordinator_and_attendee(browser_page, screenshot, axe, settings):
    page, base = browser_page
    world = make_schedule_world(today=timezone.localdate())
    put_on_agenda(world, world.case_a, world.case_b, world.case_review)
    actor = Actor.load(world.referrer, organisation=world.police)
    confirm_statement(
        actor=actor,
        access=access_conference(actor, world.conference.pk, ConferenceNeed.VIEW),
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    url = f"{base}/conferences/{world.conference.pk}/"
    for name, user in (("coordinator", world.coordinator), ("attendee", world.referrer)):
        _sign_in(page, base, settings, user)
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            assert page.locator("h1").inner_text().startswith("Konferanse")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (name, width, scroll)
            screenshot(page, f"conferences-{name}-{width}")
        assert axe(page) == [], name
        if name == "attendee":
            assert CASE_A_REASON in page.content()
        else:
            assert CASE_A_REASON not in page.content()
    page.goto(f"{base}/conferences/")
    screenshot(page, "conferences-list-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    csp = [e for e in errors if "Content Security Policy" in e]
    assert not csp, csp
