"""A revision's history in a real browser: the coordinator reads what changed from version 1
(a goal's new target, completed and dropped measures in their own groups, each council's
adoption), then renumbers the revision's measures after confirming. Every page is checked
at 1,280 and 390 px (axe, nothing wider than the screen, no field over another; see
`samvern.accounts.browsing`). Screenshots go to /tmp/shots/revisions/."""

from __future__ import annotations

from pathlib import Path

import pytest

from samvern.accounts.browsing import BrowserSession, navigates
from samvern.audit.models import AuditEvent
from samvern.plans import services
from samvern.plans.tests.helpers import as_actor
from samvern.plans.tests.test_revision_history import (  # the plan the tests there use
    adopted_v1,  # noqa: F401
    change_the_revision,
    finish_some,
    police,  # noqa: F401
)

SHOTS = Path("/tmp/shots/revisions")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_reads_the_changes_and_renumbers_the_revision(
    browser_page,
    axe,
    alice,
    adopted_v1,  # noqa: F811
):
    finish_some(alice, adopted_v1)
    revision = services.revise_version(actor=as_actor(alice), version=adopted_v1)
    change_the_revision(alice, revision)
    b = BrowserSession(*browser_page, axe, SHOTS)

    page = b.go(alice, f"/plans/{revision.plan_id}/v/{revision.pk}/diff/")
    goals = page.get_by_test_id("diff-goals").inner_text()
    assert "80 % → 90 %" in goals
    completed = page.get_by_test_id("measures-completed")
    assert completed.get_by_text("Fullført").count() == 2
    assert "Tiltak 2" in completed.inner_text() and "Tiltak 4" in completed.inner_text()
    assert "Tiltak 3" in page.get_by_test_id("measures-dropped").inner_text()
    adoptions = page.get_by_test_id("diff-adoptions").inner_text()
    assert "Bergen" in adoptions and "Askøy" in adoptions and "Ikke vedtatt" in adoptions
    b.check(page, "revisions-01-difference")

    page = b.go(alice, f"/plans/{revision.plan_id}/v/{revision.pk}/measures/")
    with navigates(page):
        page.get_by_role("link", name="Nummerer tiltakene på nytt").click()
    assert page.locator("h1").inner_text() == "Nummerer tiltakene på nytt"
    assert sorted(revision.measures.values_list("number", flat=True)) == [5, 6]
    b.check(page, "revisions-02-renumber-confirm")
    with navigates(page):
        page.get_by_role("button", name="Nummerer tiltakene på nytt").click()
    assert page.get_by_text("2 tiltak fikk nytt nummer.").is_visible()
    assert sorted(revision.measures.values_list("number", flat=True)) == [1, 2]
    assert AuditEvent.objects.filter(action="plans.measure.renumbered").count() == 1
    b.check(page, "revisions-03-renumbered")
    assert b.problems == []
