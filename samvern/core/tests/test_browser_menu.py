"""The main menu on a phone folds behind a "Meny" button (one row instead of four or five
of links); a tap opens it and its links work. On a wide screen it is open, without the
button. axe-clean both ways."""

from __future__ import annotations

import pytest

from samvern.accounts.browsing import navigates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_menu_folds_on_a_phone_and_opens_with_a_tap(browser_page, axe, screenshot) -> None:
    page, base = browser_page
    menu = page.locator("nav.site-nav")
    toggle = menu.locator("summary")
    overview = menu.get_by_role("link", name="Nasjonal oversikt")

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(base + "/")
    assert toggle.is_visible() and toggle.inner_text() == "Meny"
    assert not overview.is_visible()
    brand, summary = page.locator(".site-header__brand").bounding_box(), toggle.bounding_box()
    assert brand is not None and summary is not None
    assert abs(brand["y"] - summary["y"]) < brand["height"]  # on the same row
    assert axe(page) == []
    screenshot(page, "menu-390-closed")

    toggle.click()
    assert overview.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe(page) == []
    screenshot(page, "menu-390-open")
    with navigates(page):
        overview.click()
    assert page.url.startswith(base + "/overview/")
    assert not overview.is_visible()  # the new page starts with the menu folded

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base + "/")
    assert not toggle.is_visible()
    assert overview.is_visible()
    assert axe(page) == []
