"""The coordinator writes the round's summary and recommendation on the round page, and a
councillor in Askøy opens Askøy's own council report from there: the summary on top, the
status columns and the planned and used resources of Askøy's measures only."""

from __future__ import annotations

from pathlib import Path

import pytest

from samvern.accounts.browsing import BrowserSession, navigates
from samvern.plans import services
from samvern.plans.models import MeasureStatus
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/reports")


def test_the_coordinator_writes_the_summary_and_askoy_reads_its_report(
    browser_page, axe, alice, bob, bergen, askoy
):
    version = adopted(alice, new_plan(alice, [bergen, askoy], title="Trygg hjemme"), measures=4)
    first, second, *_rest = version.measures.order_by("number")
    first.municipalities.set([bergen])
    second.municipalities.set([askoy])
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Høst", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=second,
        status=MeasureStatus.DELAYED,
        comment="Venter på politiet",
        spent_nok=2000,
    )
    round_path = f"/plans/{version.plan_id}/v/{version.pk}/rounds/{round_.pk}/"

    b = BrowserSession(*browser_page, axe, SHOTS)
    page = b.go(alice, round_path)
    page.get_by_label("Oppsummering til kommunestyret").fill("Arbeidet går etter planen.")
    page.get_by_label("Tilråding").fill("Kommunestyret tar rapporten til orientering.")
    with navigates(page):
        page.get_by_role("button", name="Lagre oppsummeringen").click()
    assert page.get_by_text("Oppsummeringen til kommunestyret er lagret.").is_visible()
    b.check(page, "council-01-round-with-summary")

    page = b.go(bob, round_path)  # a reader of the plan
    assert page.get_by_label("Oppsummering til kommunestyret").count() == 0
    with navigates(page):
        page.get_by_role("link", name="Rapport til kommunestyret for Askøy").click()
    assert "municipality=" + askoy.code in page.url
    assert page.locator("h1").inner_text() == "Statusrapport til kommunestyret i Askøy: Høst"
    summary = page.get_by_test_id("council-narrative")
    assert "Arbeidet går etter planen." in summary.inner_text()
    measures = page.get_by_test_id("resource-table").locator("tbody th").all_inner_texts()
    assert measures == ["2. Tiltak 2", "3. Tiltak 3", "4. Tiltak 4"]
    b.check(page, "council-02-askoy-report")
    assert b.problems == []
