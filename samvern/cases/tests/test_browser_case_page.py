"""The case page in a real browser: it renders under the CSP and warns about safe contact."""

import pytest
from django.test import Client

from samvern.accounts.testing import login
from samvern.cases.tests.conftest import make_world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_case_page_renders_with_safe_contact_warning(browser_page, screenshot, settings, tmp_path):
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    page, base = browser_page
    world = make_world()
    client = login(Client(), world.participant)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(f"{base}/cases/{world.case.pk}/")
    assert page.locator("h1").inner_text().startswith("Sak ")
    assert page.locator(".safe-contact").is_visible()
    assert "Skjermet adresse" in page.content()
    screenshot(page, "cases-case-page")
    # A missing favicon is the browser's own request, not the page's.
    assert not [url for url in missing if not url.endswith("/favicon.ico")], missing
    csp = [e for e in errors if "Content Security Policy" in e]
    assert not csp, csp
