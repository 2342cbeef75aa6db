import pytest


@pytest.mark.browser
def test_visitor_filters_municipality_numbers_by_structure_and_county(browser_page, screenshot):
    page, base = browser_page
    page.goto(base + "/places/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kommune- og fylkesnumre"
    assert page.locator("table").count() == 15

    page.get_by_label("Kommunestruktur").select_option("2019")
    page.get_by_role("button", name="Vis").click()
    page.get_by_label("Fylke", exact=True).select_option("12")
    page.get_by_role("button", name="Vis").click()

    assert page.locator("table").count() == 1
    assert page.get_by_role("heading", name="12 Hordaland").is_visible()
    bergen = page.get_by_role("row", name="Bergen")
    assert "4601 Bergen" in bergen.inner_text()
    screenshot(page, "places-2019-hordaland")
