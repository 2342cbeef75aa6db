"""The overlap warning of the registry and the co-ownership invitation in a real browser,
at desktop and phone width: readable, no wider than the screen, nothing serious for axe."""

import datetime as dt

import pytest

from samvern.accounts.actor import Actor
from samvern.accounts.browsing import navigates
from samvern.plans.models import Plan
from samvern.plans.registry import AdoptionFacts, PlanFacts, register_plan
from samvern.plans.tests.helpers import new_plan
from samvern.plans.tests.test_browser_lifecycle import log_in


@pytest.fixture
def registered(alice, bergen):
    return register_plan(
        actor=Actor.load(alice),
        facts=PlanFacts(
            title="Plan 2023–2026",
            municipalities=[bergen],
            period_start=dt.date(2023, 1, 1),
            period_end=dt.date(2026, 12, 31),
            adoptions=[
                AdoptionFacts(
                    municipality=bergen, body="Bystyret", decided_on=dt.date(2022, 12, 14)
                )
            ],
        ),
        today=dt.date(2026, 12, 1),
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_an_overlap_is_confirmed_with_a_reason_in_the_browser(
    browser_page, screenshot, axe, alice, registered, width
):
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base, alice)
    page.goto(base + "/plans/registry/new/")
    page.fill("#id_title", "Ny plan for Bergen")
    page.fill("#id_municipality_codes", "4601")
    page.fill("#id_period_start", "2025-01-01")
    page.fill("#id_period_end", "2028-12-31")
    page.fill("#id_adoption-0-municipality_code", "4601")
    page.fill("#id_adoption-0-body", "Bystyret")
    page.fill("#id_adoption-0-decided_on", "2024-12-11")
    with navigates(page):
        page.locator("#main form button[type=submit]").first.click()
    warning = page.get_by_test_id("overlap-warning")
    assert "Plan 2023–2026" in warning.inner_text()
    screenshot(page, f"plans-registry-overlap-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe(page) == []
    assert Plan.objects.count() == 1
    page.locator("label[for=id_confirm_overlap]").click()
    page.fill("#id_overlap_reason", "Den nye planen erstatter den gamle fra vedtaket.")
    with navigates(page):
        page.locator("#main form button[type=submit]").first.click()
    assert Plan.objects.count() == 2


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_invitation_page_in_the_browser(
    browser_page, screenshot, axe, alice, per, bergen, askoy, width
):
    page, base = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    plan = new_plan(alice, [bergen], title="Felles plan for Bergen og Askøy")
    from samvern.plans import services

    services.invite_co_owner(actor=Actor.load(alice), plan=plan, municipality=askoy)
    log_in(page, base, per)
    page.goto(base + "/")
    with navigates(page):
        page.locator("#main a", has_text=plan.title).first.click()
    screenshot(page, f"plans-invitation-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe(page) == []
    with navigates(page):
        page.locator("#main button[value=decline]").click()
    assert list(plan.municipalities.all()) == [bergen]
