"""The safety-plan pages in a real browser: they fit a 390 px screen, axe finds nothing
serious, the CSP is never violated, and a new version is saved from the edit page."""

from __future__ import annotations

import pytest
from django.test import Client

from samvern.accounts.testing import login
from samvern.cases.tests.conftest import make_world
from samvern.safetyplans.models import SafetyPlanVersion
from samvern.safetyplans.tests.conftest import first_content, save, second_content


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_plan_pages_on_a_phone(browser_page, screenshot, axe, settings, tmp_path):
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    page, base = browser_page
    world = make_world()
    save(world, world.referrer, world.police, first_content(world))
    save(world, world.participant, world.crisis, second_content(world), note="Voldsalarm")
    client = login(Client(), world.participant)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 390, "height": 844})
    person = world.exposed.pk
    for path, name in (
        (f"/safety-plans/persons/{person}/", "safetyplans-plan-390"),
        (f"/safety-plans/persons/{person}/compare/", "safetyplans-compare-390"),
        (f"/safety-plans/persons/{person}/versions/1/", "safetyplans-version-390"),
        (f"/safety-plans/persons/{person}/edit/", "safetyplans-edit-390"),
    ):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        assert axe(page) == [], path
        screenshot(page, name)
    page.fill("#id_contact-how", "Ring via krisesenteret.")
    page.fill("#id_change-note", "Ny kontaktmåte")
    page.get_by_role("button", name="Lagre som ny versjon").click()
    page.wait_for_url(f"{base}/safety-plans/persons/{person}/")
    assert "Ring via krisesenteret." in page.content()
    assert SafetyPlanVersion.objects.filter(number=3, created_by=world.participant).exists()
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "safetyplans-plan-1280")
    csp = [e for e in errors if "Content Security Policy" in e]
    assert not csp, csp
