"""The statistics page in a real browser: under the CSP, accessible (axe), and no wider
than a 390 px phone."""

from __future__ import annotations

import pytest
from django.test import Client

from samvern.accounts.testing import login
from samvern.conferences.tests.statistics_world import make_statistics_world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_statistics_page_fits_a_phone_and_passes_axe(browser_page, screenshot, axe, settings):
    page, base = browser_page
    world = make_statistics_world()
    client = login(Client(), world.member_worker)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    url = f"{base}/conferences/statistics/?partnership={world.partnership.pk}&year=2025&quarter=1"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        assert page.locator("h1").inner_text() == "Statistikk for samarbeidet"
        assert page.locator("table caption").count() == 8
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{wide} px wide at {width}"
        screenshot(page, f"conferences-statistics-{width}")
    assert axe(page) == []
    assert not [e for e in errors if "Content Security Policy" in e], errors
    # The period form works as a person would use it.
    page.select_option("#id_quarter", "")
    page.get_by_role("button", name="Vis tallene").click()
    assert "quarter=&" in page.url or page.url.endswith("quarter=")
    assert page.locator("#figures-heading").inner_text().endswith("2025")
