"""My organisation's actions in a real browser: it renders under the CSP at phone width,
axe finds nothing serious, and an outcome is recorded from the list."""

from __future__ import annotations

import pytest
from django.test import Client

from samvern.accounts.testing import login
from samvern.cases.access import today
from samvern.conferences.models import ActionPoint, Outcome
from samvern.conferences.tests.actions_world import DESCRIPTIONS, make_actions_world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_recording_not_possible_from_the_list(browser_page, screenshot, axe, settings) -> None:
    page, base = browser_page
    world = make_actions_world(day=today())
    client = login(Client(), world.referrer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base}/conferences/actions/")
    assert page.locator("h1").inner_text() == "Min virksomhets tiltak"
    assert page.locator("tr.is-overdue").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    assert axe(page) == []
    screenshot(page, "conferences-my-actions-390")

    late = world.points["police_late"]
    row = page.locator("tr", has_text=DESCRIPTIONS["police_late"])
    row.locator("summary").click()
    row.locator("select").select_option(Outcome.NOT_POSSIBLE)
    row.locator("textarea").fill("Personen har flyttet ut av kommunen")
    row.get_by_role("button", name="Registrer utfallet").click()
    page.wait_for_url(f"{base}/conferences/actions/")
    assert "Utfallet er registrert: Ikke mulig." in page.content()
    screenshot(page, "conferences-my-actions-recorded")
    late = ActionPoint.objects.get(pk=late.pk)
    assert late.outcome == Outcome.NOT_POSSIBLE

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/conferences/actions/{late.pk}/")
    assert "Personen har flyttet ut av kommunen" in page.content()
    assert axe(page) == []
    screenshot(page, "conferences-action-point")
    # The history names who recorded it and keeps the reason; the form starts at the
    # outcome now recorded; nothing is wider than a phone.
    history = page.locator("section", has=page.locator("#history-heading")).inner_text()
    assert world.referrer.get_full_name() in history
    assert "Personen har flyttet ut av kommunen" in history
    assert page.locator("#id_outcome").input_value() == Outcome.NOT_POSSIBLE
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe(page) == []
    screenshot(page, "conferences-action-point-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/conferences/calendar/")
    assert axe(page) == []
    assert not [e for e in errors if "Content Security Policy" in e], errors
