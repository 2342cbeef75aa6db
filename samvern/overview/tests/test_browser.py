"""The overview in a real Chromium: map and chart render, every municipality is there."""

from __future__ import annotations

import pytest

from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.overview.tests.study_fixture import register_study_plans


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_overview_map_and_chart_render_in_chromium(browser_page, screenshot):
    page, base = browser_page
    analyst = make_member(OrganisationFactory(kind="resource_centre"), Role.NATIONAL_ANALYST)
    register_study_plans(analyst)

    page.goto(f"{base}/overview/?as_of=2019-06-01&structure=2019")

    municipalities = page.locator("[data-testid=overview-map] a[data-code]")
    assert municipalities.count() == 422
    assert page.locator("[data-testid=overview-map] a[data-code] path.m--in_force").count() > 100
    box = page.locator("[data-testid=overview-map]").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    first_label = municipalities.first.get_attribute("aria-label")
    assert first_label and ":" in first_label
    chart = page.locator("[data-testid=history-chart]")
    assert chart.locator("polyline").count() == 2
    chart_box = chart.bounding_box()
    assert chart_box and chart_box["width"] > 300
    page.locator(".map-layout").screenshot(
        path=str(screenshot(page, "overview-page").parent / "overview-map.png")
    )
    chart.screenshot(path=str(screenshot(page, "overview-page").parent / "overview-history.png"))

    page.goto(f"{base}/overview/?structure=2024")
    assert page.locator("[data-testid=overview-map] a[data-code]").count() == 357
    page.locator(".map-layout").screenshot(
        path=str(screenshot(page, "overview-2024").parent / "overview-map-2024.png")
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_municipality_page_answers_for_the_chosen_date_in_chromium(
    browser_page, screenshot, reference_data
):
    from samvern.overview.tests.test_open_data import old_bergen_plan

    page, base = browser_page
    old_bergen_plan(make_member(OrganisationFactory(kind="resource_centre"), Role.NATIONAL_ANALYST))

    page.goto(f"{base}/overview/municipality/2024/4601/?as_of=2019-06-01")
    assert "1. juni 2019" in page.inner_text(".facts")
    assert page.inner_text("[data-testid=municipality-status]").startswith("Gjeldende plan")
    assert page.input_value("#id_as_of") == "2019-06-01"
    screenshot(page, "overview-municipality-2019")

    page.fill("#id_as_of", "2010-01-01")
    page.click("form.overview-filter button[type=submit]")
    page.wait_for_url("**as_of=2010-01-01")
    assert page.inner_text("[data-testid=municipality-status]").startswith("Aldri hatt plan")

    page.goto(f"{base}/overview/?as_of=9999-12-31")
    assert page.locator(".ds-error-summary").is_visible()
    assert page.locator("[data-testid=overview-refused]").is_visible()
    assert page.input_value("#id_structure") == "2024"  # the structure of the refused link
    screenshot(page, "overview-refused-date")
