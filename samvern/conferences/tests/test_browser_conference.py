"""A whole conference in a real browser, used with the mouse, as the people at it would:
the coordinator schedules a series and builds the first agenda from the cases awaiting
conference, and takes attendance; an attendee sees only the agenda's references until
she confirms confidentiality, then the case information; a second attendee declares a
conflict for one case and no longer sees it; research, minutes and three action points
for three agencies are written; the conference is held; the next conference shows the
unfinished points carried over; the agencies record their outcomes, one "not possible"
with its reason.

Every page is checked with axe-core (no serious or critical violation); the main pages
also at 390 px (nothing wider than the screen, no form field drawn over another).
Screenshots go to /tmp/shots/conference/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from samvern.accounts.browsing import BrowserSession, navigates
from samvern.accounts.models import Membership
from samvern.cases.models import CaseState
from samvern.conferences.models import (
    ActionPoint,
    AgendaItem,
    Attendee,
    Conference,
    ConferenceStatus,
    ConflictOfInterest,
    Outcome,
)
from samvern.conferences.tests.world import CASE_A_REASON, make_schedule_world

SHOTS = Path("/tmp/shots/conference")
SERIES_TITLE = "Testby risikokonferanse"
POINTS = {
    "police": "Følge opp begjæringen om besøksforbud (NØKKELORD-POLITI).",
    "crisis": "Finne en trygg bolig sammen med NAV (NØKKELORD-KRISE).",
    "health": "Dokumentere skadene ved ny kontroll (NØKKELORD-HELSE).",
}
NOT_POSSIBLE_REASON = "Hun har flyttet ut av kommunen og ønsket ikke ny time."


def _click_submit(page, form_action: str) -> None:
    with navigates(page):
        page.locator(f'form[action="{form_action}"] button[type="submit"]').first.click()


def _main_text(page) -> str:
    return page.locator("main").inner_text()


def _confirm(page) -> None:
    page.get_by_role("link", name="Bekreft taushetsplikt").click()
    page.locator('label[for="id_confirm"]').click()
    assert page.locator("#id_confirm").is_checked()
    with navigates(page):
        page.locator('main form button[type="submit"]').click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_whole_conference_with_the_mouse(browser_page, axe, settings, tmp_path):
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    page, base = browser_page
    today = timezone.localdate()
    world = make_schedule_world(today=today)
    b = BrowserSession(page, base, axe, SHOTS)
    coordinator, crisis_worker = world.coordinator, world.participant
    police_worker, conflicted, health_worker = world.referrer, world.conflicted, world.absent

    # 1. The coordinator schedules a series, every second week from today.
    page = b.go(coordinator, "/conferences/")
    page.locator('main a[href="/conferences/series/add/"]').click()
    page.wait_for_url("**/conferences/series/add/")
    page.locator("#id_partnership").select_option(str(world.partnership.pk))
    page.locator("#id_title").fill(SERIES_TITLE)
    weekly = page.locator('input[name="recurrence"][value="weekly"]')
    page.locator(f'label[for="{weekly.get_attribute("id")}"]').click()
    assert weekly.is_checked()
    page.locator("#id_interval").fill("2")
    page.locator("#id_first_date").fill(today.isoformat())
    page.locator("#id_starts_at").fill("09:00")
    page.locator("#id_location").fill("Rådhuset, møterom 2")
    b.check(page, "series-form")
    page.locator('main form button[type="submit"]').first.click()
    page.wait_for_url("**/conferences/")
    first = Conference.objects.get(series__title=SERIES_TITLE, date=today)
    second = Conference.objects.get(series__title=SERIES_TITLE, date=today + dt.timedelta(weeks=2))
    b.check(page, "list")

    # 2. … opens the first conference and builds its agenda from the cases waiting.
    page.locator(f'main a[href="/conferences/{first.pk}/"]').first.click()
    page.wait_for_url(f"**/conferences/{first.pk}/")
    _click_submit(page, f"/conferences/{first.pk}/agenda/build/")
    agenda = page.get_by_test_id("agenda")
    assert world.case_a.reference in agenda.inner_text()
    assert world.case_b.reference in agenda.inner_text()
    assert page.get_by_test_id("agenda-item").count() == 2

    # 3. … and takes attendance: three people, present.
    for user, organisation in (
        (police_worker, world.police),
        (conflicted, world.police),
        (crisis_worker, world.crisis),
    ):
        membership = Membership.objects.get(user=user, organisation=organisation)
        page.locator("#id_person").select_option(str(membership.pk))
        _click_submit(page, f"/conferences/{first.pk}/attendees/add/")
    for attendee in Attendee.objects.filter(conference=first):
        page.locator(f"#status-{attendee.pk}").select_option("present")
        _click_submit(page, f"/conferences/attendees/{attendee.pk}/")
    assert set(Attendee.objects.filter(conference=first).values_list("status", flat=True)) == {
        "present"
    }
    b.check(page, "detail-coordinator")
    # The coordinator's organisation takes part in no case: references only.
    assert CASE_A_REASON not in _main_text(page)

    # 4. The crisis centre's attendee sees the references only, until she confirms.
    crisis = b.go(crisis_worker, f"/conferences/{first.pk}/")
    assert crisis.get_by_test_id("confirm-first").is_visible()
    assert world.case_a.reference in _main_text(crisis)
    assert CASE_A_REASON not in _main_text(crisis)
    b.check(crisis, "detail-before-confirming")
    _confirm(crisis)
    b.check(crisis, "confirm-done", widths=(1280,))
    crisis.goto(f"{base}/conferences/{first.pk}/")
    assert crisis.get_by_test_id("confirmed").is_visible()
    assert CASE_A_REASON in _main_text(crisis)
    b.check(crisis, "detail-after-confirming")

    # 5. A police attendee confirms, sees the case, then declares a conflict for it.
    police2 = b.go(conflicted, f"/conferences/{first.pk}/")
    _confirm(police2)
    police2.goto(f"{base}/conferences/{first.pk}/")
    assert CASE_A_REASON in _main_text(police2)
    item_a = AgendaItem.objects.get(conference=first, case=world.case_a)
    item_b = AgendaItem.objects.get(conference=first, case=world.case_b)
    police2.locator(f'main a[href="/conferences/agenda/{item_a.pk}/conflict/"]').click()
    police2.wait_for_url(f"**/agenda/{item_a.pk}/conflict/")
    police2.locator("#id_reason").fill("Jeg kjenner den utsatte privat.")
    b.check(police2, "conflict-form", widths=(1280,))
    with navigates(police2):
        police2.locator('main form button[type="submit"]').click()
    police2.goto(f"{base}/conferences/{first.pk}/")
    assert ConflictOfInterest.objects.filter(item=item_a, attendee__user=conflicted).exists()
    assert police2.get_by_test_id("withheld").count() == 1
    assert CASE_A_REASON not in _main_text(police2)
    assert world.case_b.reference in _main_text(police2)
    police2.goto(f"{base}/conferences/items/{item_a.pk}/")
    assert "Denne saken holdes tilbake for deg" in _main_text(police2)
    assert CASE_A_REASON not in _main_text(police2)
    b.check(police2, "item-conflicted", widths=(1280,))

    # 6. Research from the police and the crisis centre; minutes and three action points
    # for three agencies, written by the crisis centre's attendee.
    police = b.go(police_worker, f"/conferences/items/{item_a.pk}/")
    police.locator("#id_body").fill("To tidligere meldinger om husbråk (POLITI-UNDERSØKELSE).")
    police.locator("#id_legal_basis").select_option("avert_crime")
    _click_submit(police, f"/conferences/items/{item_a.pk}/research/")
    crisis.goto(f"{base}/conferences/items/{item_a.pk}/")
    assert "POLITI-UNDERSØKELSE" in _main_text(crisis)  # confirmed: the others' research
    crisis.locator("#id_body").fill("Bor på krisesenteret med barna.")
    crisis.locator("#id_legal_basis").select_option("consent")
    _click_submit(crisis, f"/conferences/items/{item_a.pk}/research/")
    crisis.locator("#id_risk_summary").fill("Høy risiko: trusler med kniv.")
    crisis.locator("#id_discussion").fill("Bolig og besøksforbud drøftet.")
    crisis.locator("#id_decisions").fill("Tre tiltak, se under.")
    _click_submit(crisis, f"/conferences/items/{item_a.pk}/minutes/")
    due = (today + dt.timedelta(days=10)).strftime("%d.%m.%Y")
    for organisation, owner, key in (
        (world.police, police_worker, "police"),
        (world.crisis, crisis_worker, "crisis"),
        (world.health, health_worker, "health"),
    ):
        crisis.locator("#id_organisation").select_option(str(organisation.pk))
        crisis.locator("#id_assignee").select_option(str(owner.pk))
        crisis.locator("#id_description").fill(POINTS[key])
        crisis.locator("#id_due_on").fill(due)
        _click_submit(crisis, f"/conferences/items/{item_a.pk}/action-points/")
    points = ActionPoint.objects.filter(item=item_a)
    assert {p.organisation_id for p in points} == {
        world.police.pk,
        world.crisis.pk,
        world.health.pk,
    }
    crisis.goto(f"{base}/conferences/items/{item_a.pk}/#action-points")
    for text in POINTS.values():
        assert text in _main_text(crisis)
    b.check(crisis, "item-minutes")

    # 7. The coordinator marks the conference held: both cases are heard.
    page.goto(f"{base}/conferences/{first.pk}/")
    page.locator(f'main a[href="/conferences/{first.pk}/hold/"]').click()
    page.wait_for_url(f"**/conferences/{first.pk}/hold/")
    b.check(page, "hold", widths=(1280,))
    with navigates(page):
        page.locator('main form button[type="submit"]').click()
    first.refresh_from_db()
    assert first.status == ConferenceStatus.HELD
    world.case_a.refresh_from_db()
    world.case_b.refresh_from_db()
    assert world.case_a.state == world.case_b.state == CaseState.HEARD
    assert item_b.pk  # heard too, though the conflicted attendee never saw case A

    # 8. The next conference: its agenda takes the case up again for review, and the
    # crisis centre's attendee sees the three points carried over.
    page.goto(f"{base}/conferences/{second.pk}/")
    _click_submit(page, f"/conferences/{second.pk}/agenda/build/")
    item_next = AgendaItem.objects.get(conference=second, case=world.case_a)
    assert item_next.reason == "review"
    membership = Membership.objects.get(user=crisis_worker, organisation=world.crisis)
    page.locator("#id_person").select_option(str(membership.pk))
    _click_submit(page, f"/conferences/{second.pk}/attendees/add/")
    crisis.goto(f"{base}/conferences/{second.pk}/")
    _confirm(crisis)
    crisis.goto(f"{base}/conferences/{second.pk}/")
    crisis.locator(f'main a[href="/conferences/items/{item_next.pk}/"]').click()
    crisis.wait_for_url(f"**/conferences/items/{item_next.pk}/")
    carried = crisis.locator("#action-points").inner_text()
    assert "Videreført fra tidligere konferanser" in carried
    for text in POINTS.values():
        assert text in carried
    b.check(crisis, "item-carried-over")

    # 9. The police record theirs as done; the emergency clinic's was not possible.
    police_point = points.get(organisation=world.police)
    health_point = points.get(organisation=world.health)
    police = b.go(police_worker, "/conferences/actions/")
    b.check(police, "my-actions")
    police.locator(f'main a[href="/conferences/actions/{police_point.pk}/"]').click()
    police.wait_for_url(f"**/conferences/actions/{police_point.pk}/")
    police.locator("#id_outcome").select_option(Outcome.DONE)
    _click_submit(police, f"/conferences/actions/{police_point.pk}/outcome/")
    health = b.go(health_worker, f"/conferences/actions/{health_point.pk}/")
    health.locator("#id_outcome").select_option(Outcome.NOT_POSSIBLE)
    with navigates(health):
        health.locator('main form button[type="submit"]').click()  # without a reason: refused
    health_point.refresh_from_db()
    assert health_point.outcome == Outcome.OPEN
    health.locator("#id_reason").fill(NOT_POSSIBLE_REASON)
    health.locator("#id_outcome").select_option(Outcome.NOT_POSSIBLE)
    _click_submit(health, f"/conferences/actions/{health_point.pk}/outcome/")
    health_point.refresh_from_db()
    police_point.refresh_from_db()
    assert police_point.outcome == Outcome.DONE
    assert health_point.outcome == Outcome.NOT_POSSIBLE
    assert health_point.outcome_reason == NOT_POSSIBLE_REASON
    health.goto(f"{base}/conferences/actions/{health_point.pk}/")
    assert NOT_POSSIBLE_REASON in _main_text(health)
    b.check(health, "action-not-possible")

    # The next conference now carries over only the point still open; the outcomes show
    # on the first conference's page.
    crisis.goto(f"{base}/conferences/items/{item_next.pk}/")
    carried = crisis.locator("#action-points").inner_text()
    assert POINTS["crisis"] in carried
    assert POINTS["police"] not in carried and POINTS["health"] not in carried
    crisis.goto(f"{base}/conferences/items/{item_a.pk}/")
    assert NOT_POSSIBLE_REASON in _main_text(crisis)
    b.check(crisis, "item-outcomes", widths=(1280,))

    assert b.problems == []
