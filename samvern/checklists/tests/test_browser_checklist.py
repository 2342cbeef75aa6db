"""The checklist page in a real browser, at a desktop width and at 390 px: it renders
under the CSP, fits the phone's width, has no serious accessibility problems, and a duty
is ticked and another marked not applicable with the page's own forms."""

from __future__ import annotations

import pytest
from django.test import Client

from samvern.accounts.testing import login
from samvern.cases.tests.conftest import make_world
from samvern.checklists.models import ChecklistItem, ItemStatus
from samvern.checklists.tests.conftest import make_checklist, police_actor


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_case_worker_ticks_and_skips_duties_on_a_phone(
    browser_page, screenshot, axe, settings, tmp_path
):
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    page, base = browser_page
    world = make_world()
    checklist = make_checklist(police_actor(world), world)
    client = login(Client(), world.referrer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{base}/checklists/cases/{world.case.pk}/")
    assert page.locator("h2").first.inner_text() == "Våre plikter i denne saken"
    assert axe(page) == []
    screenshot(page, "checklists-case-desktop")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    first = checklist.items.get(item_key="record_incident")
    page.locator(f"#item-{first.pk} button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "Punktet er markert som utført." in page.content()
    skipped = checklist.items.get(item_key="inform_rights")
    row = page.locator(f"#item-{skipped.pk}")
    row.locator("summary").click()
    row.locator("textarea").fill("Bistandsadvokat er allerede oppnevnt.")
    row.locator("details button[type=submit]").click()
    page.wait_for_load_state()
    assert "Punktet er markert som ikke aktuelt." in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "checklists-case-phone")
    assert ChecklistItem.objects.get(pk=first.pk).status == ItemStatus.DONE
    marked = ChecklistItem.objects.get(pk=skipped.pk)
    assert (marked.status, marked.reason) == (
        ItemStatus.NOT_APPLICABLE,
        "Bistandsadvokat er allerede oppnevnt.",
    )
    assert axe(page) == []

    page.goto(f"{base}/checklists/cases/{world.case.pk}/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe(page) == []
    screenshot(page, "checklists-generate-phone")
    csp = [e for e in errors if "Content Security Policy" in e]
    assert not csp, csp
