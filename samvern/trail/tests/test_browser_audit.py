"""The audit trail and the case access log in a real browser: compact rows, a table that
scrolls from the keyboard, details that open on demand, no accessibility violations."""

import pytest
from django.test import Client

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.services import audit_log
from samvern.cases import services as case_services
from samvern.cases.tests.conftest import make_world


def _open_as(page, base, settings, user):
    client = login(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_the_audit_trail_reads_compactly(browser_page, screenshot, axe, settings, tmp_path, width):
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    world = make_world()
    for reader in (world.referrer, world.org_admin) * 10:
        case_services.record_read(
            actor=Actor.load(reader, organisation=world.police),
            action="cases.case.viewed",
            case=world.case,
        )
    audit_log(
        actor=world.referrer,
        organisation=world.police,
        action="accounts.user.updated",
        target=world.referrer,
        detail={"fields": ["first_name", "last_name", "email"], "note": "lang tekst " * 40},
    )
    _open_as(page, base, settings, world.dpo)
    page.goto(f"{base}/audit/")
    region = page.locator('[role="region"][tabindex="0"]')
    assert region.count() == 1, (page.url, page.locator("main").inner_text()[-600:])
    heights = page.eval_on_selector_all(
        ".audit-table tbody tr", "rows => rows.map(r => r.getBoundingClientRect().height)"
    )
    assert heights and max(heights) < (140 if width < 500 else 90), heights
    # The long details fold into one line and open on demand.
    details = page.locator("details.audit-details").first
    details.locator("summary").click()
    assert details.evaluate("d => d.open")
    region.focus()
    page.keyboard.press("ArrowRight")
    screenshot(page, f"audit-trail-{width}")
    assert axe(page) == []
    page.goto(f"{base}/cases/{world.case.pk}/access-log/")
    assert page.locator('[role="region"][tabindex="0"]').count() == 1
    screenshot(page, f"case-access-log-{width}")
    assert axe(page) == []
