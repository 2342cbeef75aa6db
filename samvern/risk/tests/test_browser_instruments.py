"""A case worker reads an instrument and tries its form in a real browser."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from samvern.accounts.browsing import navigates
from samvern.accounts.testing import login
from samvern.risk.catalogue import get_instrument


def log_in(page, base, user):
    client = login(Client(), user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


@pytest.mark.browser
def test_a_case_worker_reads_an_instrument_and_tries_its_form(browser_page, screenshot, carl):
    page, base = browser_page
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, base, carl)
    instrument = get_instrument("samvern-screening-exposed")

    page.goto(base + "/risk/")
    assert page.locator("h1").inner_text() == "Verktøy for risikovurdering"
    screenshot(page, "risk-01-instruments")
    with navigates(page):
        page.get_by_role("link", name=instrument.title["nb"]).click()
    assert page.locator("h1").inner_text() == instrument.title["nb"]

    # Submitting with nothing answered names every question in the error summary.
    with navigates(page):
        page.get_by_role("button", name="Beregn").click()
    summary = page.locator(".ds-error-summary")
    assert summary.locator("li").count() == len(instrument.items)

    for index, item in enumerate(instrument.items):
        answer = "Ja" if index < 10 else "Nei"
        group = page.get_by_role("group", name=item.text["nb"])
        group.get_by_label(answer, exact=True).check()
    page.get_by_label("Saken er meldt på nytt innen 12 måneder").check()
    with navigates(page):
        page.get_by_role("button", name="Beregn").click()
    outcome = page.locator("#risk-outcome")
    assert "10 av høyst 18" in outcome.inner_text()
    assert "Oppfyller vilkårene for tverretatlig risikokonferanse." in outcome.inner_text()
    assert instrument.rule("repeat_referral").text["nb"] in outcome.inner_text()
    screenshot(page, "risk-02-instrument-tried")
    assert violations == [], violations
