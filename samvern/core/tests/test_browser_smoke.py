import pytest


@pytest.mark.browser
def test_the_start_page_renders_in_chromium(browser_page, screenshot):
    page, base = browser_page
    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.title().endswith("Samvern")
    assert screenshot(page, "core-start").exists()
