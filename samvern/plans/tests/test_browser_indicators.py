"""A goal's indicator over time in a real browser: a measurement typed in Norwegian is
saved as meant, and the chart (server-drawn SVG with a text alternative) and its data
table fit the page on a desktop and a phone, with no serious accessibility violation."""

import datetime as dt
from decimal import Decimal

import pytest

from samvern.plans import services
from samvern.plans.models import IndicatorMeasurement
from samvern.plans.services.data import MeasurementData
from samvern.plans.tests.helpers import TODAY, adopted, as_actor, new_plan
from samvern.plans.tests.test_browser_lifecycle import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_goal_chart_and_table_show_the_indicator_over_time(
    browser_page, screenshot, axe, alice, bergen, width
):
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    version = adopted(alice, new_plan(alice, [bergen]), measures=2)
    goal = version.goals.order_by("area_key").first()
    for days, value, source in ((400, "28", "Kurslister 2025"), (200, "41,5", "Kurslister")):
        services.save_measurement(
            actor=as_actor(alice),
            goal=goal,
            data=MeasurementData(
                value=Decimal(value.replace(",", ".")),
                measured_on=TODAY - dt.timedelta(days=days),
                source=source,
            ),
        )
    log_in(page, base, alice)
    page.goto(f"{base}/plans/{version.plan_id}/v/{version.pk}/goals/{goal.pk}/indicator/")

    page.get_by_label("Verdi (%)").fill("abc")
    page.get_by_role("button", name="Lagre måling").click()
    assert page.get_by_text("Oppgi et tall, for eksempel 1 200 eller 12,5.").first.is_visible()
    assert IndicatorMeasurement.objects.count() == 2

    page.get_by_label("Verdi (%)").fill("56,5")
    page.get_by_label("Kilde").fill("Kompetansekartlegging")
    page.get_by_role("button", name="Lagre måling").click()
    assert page.get_by_text("Målingen er registrert.").is_visible()
    assert IndicatorMeasurement.objects.order_by("-measured_on").first().value == Decimal("56.5")

    chart = page.get_by_role("img", name="Andel ansatte med kurs over tid")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    table = page.get_by_test_id("measurements")
    assert table.get_by_text("56,5\u00a0%").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe(page) == []
    chart.scroll_into_view_if_needed()
    screenshot(page, f"indicator-goal-chart-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_public_page_shows_the_latest_values_to_anyone(
    browser_page, screenshot, axe, alice, bergen, width
):
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    version = adopted(alice, new_plan(alice, [bergen]), measures=2)
    goal = version.goals.order_by("area_key").first()
    services.save_measurement(
        actor=as_actor(alice),
        goal=goal,
        data=MeasurementData(value=Decimal("47"), measured_on=TODAY - dt.timedelta(days=9)),
    )
    page.goto(f"{base}/plans/{version.plan_id}/public/")
    goals = page.get_by_test_id("public-goals").filter(has_text=goal.text)
    assert goals.get_by_text("47\u00a0%").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe(page) == []
    screenshot(page, f"indicator-public-page-{width}")
