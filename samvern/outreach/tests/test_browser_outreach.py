"""Outreach after a police call-out, in a real browser: the police officer registers an
incident; the crisis centre's queue shows it with its deadline; the adviser records that
she reached the woman and turns the notice into the police's case referral, which her
service accepts; she brings the case to a conference, the coordinator puts it on an
extra conference's agenda and holds it; the officer sees on his notice and on "My
referrals" what came of it: accepted by the crisis centre, heard at the conference on
its date.

Every page is checked with axe-core (no serious or critical violation), at 1,280 and
390 px (nothing wider than the screen, no form field drawn over another). Screenshots go
to /tmp/shots/outreach/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from samvern.accounts.browsing import BrowserSession
from samvern.cases.models import Case, CaseState, FeedbackKind, ReferralStatus
from samvern.conferences.models import Conference, ConferenceStatus
from samvern.outreach.models import EntryStatus, Notice, QueueEntry
from samvern.outreach.tests.conftest import make_outreach_world

SHOTS = Path("/tmp/shots/outreach")


def _choose(page, name: str, value: str) -> None:
    radio = page.locator(f'input[name="{name}"][value="{value}"]')
    page.locator(f'label[for="{radio.get_attribute("id")}"]').click()
    assert radio.is_checked()


def _choose_state(page, state: str) -> None:
    field = page.locator("#id_to_state")
    if field.count():
        field.select_option(state)
    else:
        _choose(page, "to_state", state)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_from_police_notice_to_the_conference_and_back_to_the_officer(browser_page, axe, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    page, base = browser_page
    today = timezone.localdate()
    world = make_outreach_world(today=today)
    b = BrowserSession(page, base, axe, SHOTS)

    # 1. The officer registers the incident from the start page.
    page = b.go(world.officer, "/")
    page.locator('main a[href="/outreach/notices/register/"]').first.click()
    page.wait_for_url("**/outreach/notices/register/")
    page.locator("#id_incident_type").select_option("physical")
    page.locator("#id_summary").fill("Nabo ringte etter bråk i leiligheten.")
    page.locator('label[for="id_children_present"]').click()
    _choose(page, "legal_basis", "consent")
    page.locator("#id_person0-kind").select_option("exposed_adult")
    page.locator("#id_person0-first_name").fill("Hedda")
    page.locator("#id_person0-last_name").fill("Kvamme")
    page.locator("#id_person0-birth_date").fill("1992-05-17")
    page.locator("#id_person0-phone").fill("+47 400 00 999")
    page.locator("#id_person1-kind").select_option("child")
    page.locator("#id_person1-first_name").fill("Oskar")
    page.locator("#id_person1-last_name").fill("Kvamme")
    page.locator("#id_person1-birth_year").fill("2019")
    b.check(page, "register")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_url("**/outreach/notices/*/")
    notice = Notice.objects.get()
    assert "Meldingen er sendt til hjelpetjenestene." in page.locator("body").inner_text()
    b.check(page, "notice-police")

    # 2. The crisis centre's queue shows it, with its deadline.
    entry = QueueEntry.objects.get(notice=notice, organisation=world.crisis)
    page = b.go(world.adviser, "/outreach/")
    queue = page.get_by_test_id("outreach-queue")
    assert "Hedda Kvamme" in queue.inner_text()
    assert "Oskar" not in queue.inner_text()  # child welfare's part of the notice
    deadline = date_format(timezone.localtime(entry.deadline), "SHORT_DATETIME_FORMAT")
    assert deadline in queue.inner_text()
    assert queue.locator('[data-status="open"]').count() == 1
    b.check(page, "queue")

    # 3. … she calls, reaches Hedda and records it.
    queue.locator(f'a[href="/outreach/notices/{notice.pk}/"]').click()
    page.wait_for_url(f"**/outreach/notices/{notice.pk}/")
    assert page.get_by_test_id("notice-deadline").is_visible()
    b.check(page, "notice-crisis")
    page.locator(f'main a[href="/outreach/notices/{notice.pk}/attempts/add/"]').click()
    page.wait_for_url("**/attempts/add/")
    _choose(page, "result", "reached")
    page.locator("#id_note").fill("Snakket en halvtime, avtalt møte.")
    b.check(page, "attempt")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_url(f"**/outreach/notices/{notice.pk}/")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REACHED
    assert "Snakket en halvtime" in page.get_by_test_id("notice-attempts").inner_text()

    # 4. … and turns the notice into the police's case referral …
    page.locator(f'main a[href="/outreach/notices/{notice.pk}/refer/"]').click()
    page.wait_for_url("**/refer/")
    assert "Melding fra politiet om fysisk vold" in page.locator("#id_reason").input_value()
    assert "Oskar" not in page.locator("main").inner_text()  # child welfare's part
    b.check(page, "refer")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_url("**/cases/referrals/*/")
    case = Case.objects.get(referring_organisation=world.police)
    referral = case.participants.get(organisation=world.crisis)
    assert (case.referred_by, case.referred_on) == (world.officer, today)
    assert (referral.referring_organisation, referral.added_by) == (world.police, world.officer)
    assert referral.status == ReferralStatus.PENDING
    main = page.locator("main").inner_text()
    assert "Politiets henvisning er laget." in main
    assert "Testpolitiet" in main and case.reference not in main and "Hedda" not in main
    b.check(page, "referral-pending")

    # … which her service accepts: the case opens to it.
    page.locator(f'main a[href="/cases/referrals/{referral.pk}/accept/"]').click()
    page.wait_for_url("**/accept/")
    page.locator('label[for="id_confirm"]').click()
    b.check(page, "referral-accept")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert "Hedda" in page.locator("main").inner_text()
    b.check(page, "case")

    # 5. She brings the case to a conference: screened, then awaiting conference.
    for state in (CaseState.SCREENED, CaseState.AWAITING_CONFERENCE):
        page.locator(f'main a[href="/cases/{case.pk}/state/"]').click()
        page.wait_for_url(f"**/cases/{case.pk}/state/")
        _choose_state(page, state)
        if state == CaseState.AWAITING_CONFERENCE:
            b.check(page, "state")
        page.locator('main form button[type="submit"]').click()
        page.wait_for_url(f"**/cases/{case.pk}/")
    case.refresh_from_db()
    assert case.state == CaseState.AWAITING_CONFERENCE

    # 6. The coordinator calls an extra conference today for it and holds it.
    page = b.go(world.coord, "/conferences/extra/add/")
    page.locator("#id_partnership").select_option(str(world.partnership.pk))
    page.locator("#id_date").fill(today.isoformat())
    page.locator("#id_starts_at").fill("09:00")
    page.locator("#id_location").fill("Rådhuset, møterom 2")
    page.locator("#id_reference").fill(case.reference)
    b.check(page, "extra-conference")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_url("**/conferences/*/")
    conference = Conference.objects.get(partnership=world.partnership)
    assert case.reference in page.get_by_test_id("agenda").inner_text()
    page.locator(f'main a[href="/conferences/{conference.pk}/hold/"]').click()
    page.wait_for_url(f"**/conferences/{conference.pk}/hold/")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()
    conference.refresh_from_db()
    case.refresh_from_db()
    assert conference.status == ConferenceStatus.HELD and case.state == CaseState.HEARD

    # 7. The officer sees what came of the notice …
    page = b.go(world.officer, f"/outreach/notices/{notice.pk}/")
    entries = page.get_by_test_id("notice-entries").inner_text()
    assert "Gjort om til sakshenvisning" in entries and case.reference in entries
    assert "Snakket en halvtime" not in page.locator("main").inner_text()  # her note
    b.check(page, "notice-police-after")
    page = b.go(world.officer, "/outreach/notices/")
    b.check(page, "notices")

    # … and on "My referrals": accepted by the crisis centre, heard at the conference.
    page = b.go(world.officer, "/cases/referrals/mine/")
    mine = page.get_by_test_id("my-referrals")
    to_crisis = mine.locator("tr", has_text="Til Testkrisesenteret").inner_text()
    with translation.override("nb"):
        accepted, heard = str(FeedbackKind.ACCEPTED.label), str(FeedbackKind.HEARD.label)
    assert accepted in to_crisis
    own = mine.locator("tr", has_text="Sak henvist til").inner_text()
    assert case.reference in own
    assert f"{date_format(today, 'SHORT_DATE_FORMAT')} — {heard}" in own
    b.check(page, "my-referrals")

    assert not b.problems, "\n".join(b.problems)
