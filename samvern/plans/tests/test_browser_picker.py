"""The municipality picker in a real browser: the filter narrows the list, a chosen
municipality stays in view, the page fits a phone and axe finds nothing serious."""

import pytest

from samvern.accounts.browsing import navigates
from samvern.plans.models import Plan
from samvern.plans.tests.test_browser_lifecycle import log_in


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_filter_finds_a_neighbour_and_the_plan_invites_it(
    browser_page, screenshot, axe, alice, bergen, askoy, width
):
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base, alice)
    page.goto(base + "/plans/new/")
    options = page.locator("#id_municipalities .choice-group__options > .ds-field")
    assert options.count() == 357
    page.fill("#id_title", "Felles plan for Bergen og Askøy")
    filter_box = page.locator("#id_municipalities_filter")
    assert filter_box.is_visible()
    filter_box.fill("askø")
    visible = [text.strip() for text in options.filter(visible=True).all_inner_texts()]
    assert visible == ["Bergen (Vestland)", "Askøy (Vestland)"]  # the chosen one stays
    assert "2 av 357 vises, 1 valgt" in page.locator("[data-choice-filter-status]").inner_text()
    page.locator("#id_municipalities label", has_text="Askøy").click()
    assert "2 valgt" in page.locator("[data-choice-filter-status]").inner_text()
    filter_box.press("Enter")  # filters, does not submit
    assert page.url.endswith("/plans/new/")
    screenshot(page, f"plans-picker-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe(page) == []
    with navigates(page):
        page.locator("#main form[method=post] button[type=submit]").click()
    plan = Plan.objects.get()
    assert list(plan.municipalities.all()) == [bergen]
    assert [i.municipality for i in plan.invitations.all()] == [askoy]
