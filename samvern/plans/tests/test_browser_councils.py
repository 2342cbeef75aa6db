"""Issue 14, acceptance 1: each council on its own terms, in a real browser.

Bergen and Askøy each record their own mandate; Bergen adopts and the plan shows that
Askøy is awaited; Askøy adopts; a revision is adopted by Bergen only, and the public page,
the plan page and the national overview still show Askøy's version in force; then Askøy
adopts the revision too. The work between the councils' steps (mapping, goals, measures,
consultation, the quality check) is prepared through the services as in
test_browser_lifecycle.py. Every page is checked at 1,280 and 390 px; screenshots go to
/tmp/shots/councils/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from samvern.accounts.browsing import BrowserSession, navigates
from samvern.plans.models import Adoption, CouncilMandate, PlanVersion, VersionStatus
from samvern.plans.tests.helpers import (
    END,
    START,
    new_plan,
    quality_checked,
    revision_quality_checked,
)

SHOTS = Path("/tmp/shots/councils")


def adopt_through_the_page(page, municipality, body: str, decided_on: dt.date, case: str):
    page.select_option("#id_municipality", str(municipality.pk))
    page.fill("#id_body", body)
    page.fill("#id_decided_on", decided_on.isoformat())
    page.fill("#id_case_number", case)
    page.fill("#id_period_start", START.isoformat())
    page.fill("#id_period_end", END.isoformat())
    with navigates(page):
        page.locator("#main form:has(#id_municipality) button[type=submit]").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_council_adopts_on_its_own_terms_and_keeps_its_version_until_it_adopts_the_next(
    browser_page, axe, alice, per, bergen, askoy
):
    b = BrowserSession(*browser_page, axe, SHOTS)
    today = timezone.localdate()
    plan = new_plan(alice, [bergen, askoy], title="Handlingsplan mot vold – Bergen og Askøy")
    v1 = plan.versions.get()
    v1_path = f"/plans/{plan.pk}/v/{v1.pk}/"

    # Each municipality records its own council's mandate on the mandate page.
    for user, municipality, body, case in (
        (alice, bergen, "Bystyret i Bergen", "2025/301"),
        (per, askoy, "Kommunestyret i Askøy", "25/88"),
    ):
        page = b.go(user, v1_path + "mandate/")
        section = page.get_by_test_id(f"council-mandate-{municipality.code}")
        code = municipality.code
        section.locator(f"#id_cm-{code}-body").fill(body)
        section.locator(f"#id_cm-{code}-decided_on").fill(
            (START - dt.timedelta(days=300)).isoformat()
        )
        section.locator(f"#id_cm-{code}-case_number").fill(case)
        with navigates(page):
            section.locator("button[type=submit]").click()
        assert page.locator(".ds-alert", has_text=municipality.name).count() >= 1
    assert set(CouncilMandate.objects.values_list("municipality__code", "case_number")) == {
        ("4601", "2025/301"),
        ("4627", "25/88"),
    }
    b.check(page, "councils-01-mandates")

    # The working group's part, up to the quality check, through the services.
    quality_checked(alice, plan)

    # Bergen's council adopts: the plan shows that Askøy is awaited, not a plain "adopted".
    page = b.go(alice, v1_path + "adoptions/")
    adopt_through_the_page(page, bergen, "Bystyret", START - dt.timedelta(days=30), "2025/412")
    assert (
        "Venter på Askøy; vedtatt i Bergen" in page.get_by_test_id("council-summary").inner_text()
    )
    b.check(page, "councils-02-bergen-adopted")
    page = b.go(alice, f"/plans/{plan.pk}/")
    line = page.get_by_test_id("council-line-1").inner_text()
    assert line.startswith("Venter på Askøy; vedtatt i Bergen")
    b.check(page, "councils-03-plan-awaiting-askoy")

    # Askøy's council adopts.
    page = b.go(per, v1_path + "adoptions/")
    adopt_through_the_page(page, askoy, "Kommunestyret", START - dt.timedelta(days=20), "25/120")
    summary = page.get_by_test_id("council-summary").inner_text()
    assert "Venter" not in summary and summary.startswith("Vedtatt i Askøy")
    assert not page.get_by_test_id("freeze").count()  # every council has adopted: closed

    # A revision, adopted by Bergen only (today).
    v2 = revision_quality_checked(alice, PlanVersion.objects.get(pk=v1.pk))
    page = b.go(alice, f"/plans/{plan.pk}/v/{v2.pk}/adoptions/")
    adopt_through_the_page(page, bergen, "Bystyret", today, "2026/77")
    assert "Venter på Askøy" in page.get_by_test_id("council-summary").inner_text()
    b.check(page, "councils-04-revision-bergen")
    assert PlanVersion.objects.get(pk=v1.pk).status == VersionStatus.ADOPTED
    assert Adoption.objects.get(version=v1, municipality=bergen).superseded_on == today

    # The plan page: Askøy still has version 1, Bergen has version 2.
    page = b.go(alice, f"/plans/{plan.pk}/")
    assert page.get_by_test_id("in-force").inner_text() == (
        "I kraft: Askøy – versjon 1; Bergen – versjon 2"
    )
    b.check(page, "councils-05-plan-in-force-per-municipality")

    # The public page, for anyone: the same, and Askøy's version can be read.
    public = b.browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nb-NO", reduced_motion="reduce"
    )
    citizen = public.new_page()
    citizen.goto(f"{b.base}/plans/{plan.pk}/public/")
    assert citizen.get_by_test_id("in-force").inner_text() == (
        "I kraft: Askøy – versjon 1; Bergen – versjon 2"
    )
    b.check(citizen, "councils-06-public-latest")
    with navigates(citizen):
        citizen.get_by_test_id("in-force").get_by_role("link", name="Askøy – versjon 1").click()
    assert "versjon 1 av planen" in citizen.get_by_test_id("older-version").inner_text()
    b.check(citizen, "councils-07-public-askoy-version")

    # The national overview: both in force today, Bergen's old adoption superseded.
    citizen.goto(f"{b.base}/overview/municipality/2024/4627/")
    assert citizen.get_by_test_id("municipality-status").inner_text() == "Gjeldende plan"
    assert citizen.get_by_test_id("superseded").count() == 0
    b.check(citizen, "councils-08-overview-askoy")
    citizen.goto(f"{b.base}/overview/municipality/2024/4601/")
    assert citizen.get_by_test_id("municipality-status").inner_text() == "Gjeldende plan"
    assert citizen.get_by_test_id("superseded").count() == 1
    b.check(citizen, "councils-09-overview-bergen")

    # Askøy's council adopts the revision: version 1 is superseded for everyone.
    page = b.go(per, f"/plans/{plan.pk}/v/{v2.pk}/adoptions/")
    adopt_through_the_page(page, askoy, "Kommunestyret", today, "26/15")
    assert PlanVersion.objects.get(pk=v1.pk).status == VersionStatus.SUPERSEDED
    page = b.go(alice, f"/plans/{plan.pk}/")
    assert page.get_by_test_id("in-force").inner_text() == (
        "I kraft: Askøy – versjon 2; Bergen – versjon 2"
    )
    b.check(page, "councils-10-both-on-the-revision")
    public.close()
    assert b.problems == []
