"""The coordinator runs the partnership in a real browser: names contact persons through
the inline (htmx) form, registers an organisation leaving and reads the history."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from samvern.accounts.browsing import navigates
from samvern.accounts.testing import login


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
def test_coordinator_names_contacts_and_registers_leaving(
    browser_page, screenshot, hanne, nina, sofie, partnership, shelter_member, child_welfare
):
    page, base = browser_page
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, base, hanne)

    page.goto(base + "/partnerships/")
    assert page.locator("h1").inner_text() == "Samarbeid"
    screenshot(page, "partnerships-01-list")
    with navigates(page):
        page.get_by_role("link", name=partnership.name).click()
    assert page.locator("h1").inner_text() == partnership.name
    assert (
        page.get_by_role("navigation", name="Hovedmeny")
        .get_by_role("link", name="Samarbeid")
        .is_visible()
    )

    # The contact-person form opens inside the page.
    page.get_by_role("link", name="Kontaktpersoner for Bergen krisesenter").click()
    editor = page.locator("#contact-editor")
    editor.get_by_label("Kontaktperson", exact=True).wait_for()
    assert page.url.endswith(f"/partnerships/{partnership.pk}/")
    editor.get_by_label("Kontaktperson", exact=True).select_option(str(nina.pk))
    editor.get_by_label("Stedfortreder", exact=True).select_option(str(sofie.pk))
    screenshot(page, "partnerships-02-contacts-inline")
    with navigates(page):
        editor.get_by_role("button", name="Lagre kontaktpersoner").click()
    assert "Kontaktpersonene er lagret." in page.locator(".messages").inner_text()
    row = page.get_by_role("row").filter(has_text="Bergen krisesenter").first
    assert nina.email in row.inner_text()
    screenshot(page, "partnerships-03-detail")

    # Replacing the contact person without hand-over notes is explained, nothing changes.
    page.goto(base + f"/partnerships/{partnership.pk}/members/{shelter_member.pk}/contacts/")
    page.get_by_label("Kontaktperson", exact=True).select_option(str(sofie.pk))
    page.get_by_label("Stedfortreder", exact=True).select_option("")
    with navigates(page):
        page.get_by_role("button", name="Lagre kontaktpersoner").click()
    assert "overleveringsnotat" in page.locator(".ds-error-summary").inner_text()
    screenshot(page, "partnerships-04-handover-required")

    page.goto(base + f"/partnerships/{partnership.pk}/members/{shelter_member.pk}/leave/")
    with navigates(page):
        page.get_by_role("button", name="Registrer utmelding").click()
    assert "går ut av samarbeidet" in page.locator(".messages").inner_text()

    page.goto(base + f"/partnerships/{partnership.pk}/history/")
    assert page.locator("h1").inner_text() == "Medlemshistorikk"
    assert "RVTS Vest" in page.locator("table").inner_text()
    screenshot(page, "partnerships-05-history")
    assert violations == []
