"""The service directory in a real browser, on the demo: a police case worker finds the
directory from the start page, searches it by need (children) and municipality (Askøy),
opens an entry and prints the one-page list for frontline workers, which fits on one A4
page.

Every page is checked at 1,280 and 390 px (see `samvern.accounts.browsing`). Screenshots go to
/tmp/shots/directory/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from samvern.accounts.browsing import BrowserSession, navigates
from samvern.accounts.models import User
from samvern.directory import selectors
from samvern.directory.models import TargetGroup
from samvern.places.models import Municipality

SHOTS = Path("/tmp/shots/directory")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_case_worker_searches_by_need_and_municipality_and_prints_the_list(
    browser_page, axe, demo_partnership
):
    partnership = demo_partnership
    b = BrowserSession(*browser_page, axe, SHOTS)
    page = b.go(User.objects.get(username="lars.politi"), "/")
    panel = page.locator("section.panel").filter(has_text="Tjenestekatalog")
    with navigates(page):
        panel.get_by_role("link", name=partnership.name).click()
    assert page.locator("h1").inner_text() == "Tjenestekatalog"
    assert page.get_by_role("heading", name="15 tjenester").is_visible()
    b.check(page, "directory-01-list")

    askoy = Municipality.objects.get(year=2024, code="4627")
    page.get_by_label("Hvem trenger hjelp").select_option(TargetGroup.CHILDREN.value)
    page.get_by_label("Kommune", exact=True).select_option(label=askoy.name)
    with navigates(page):
        page.get_by_role("button", name="Søk", exact=True).click()
    expected = [
        service.name
        for service in selectors.search(
            partnership, selectors.Search(target_group=TargetGroup.CHILDREN, municipality=askoy)
        )
    ]
    assert 0 < len(expected) < 15
    rows = page.locator("table tbody tr th a")
    assert rows.all_inner_texts() == expected
    # The chosen need and municipality stay chosen, in words.
    assert (
        page.get_by_label("Kommune", exact=True).locator("option:checked").inner_text()
        == askoy.name
    )
    b.check(page, "directory-02-search-children-askoy")

    with navigates(page):
        rows.first.click()
    assert page.locator("h1").inner_text() == expected[0]
    b.check(page, "directory-03-entry")

    page.goto(b.base + f"/directory/{partnership.pk}/")
    with navigates(page):
        page.get_by_role("link", name="Utskriftsvennlig liste").click()
    assert page.locator("h1").inner_text() == f"Hvor kan man henvise videre — {partnership.name}"
    b.check(page, "directory-04-print")
    # As printed: A4 is about 794 CSS pixels wide.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=str(SHOTS / "directory-05-printed.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the printable list takes {pages} A4 pages"

    assert b.problems == []
