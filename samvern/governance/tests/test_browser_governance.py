"""The coordinator sets up a body, schedules a meeting, records attendance, minutes, a
decision and two commitments; at the next meeting the open commitment is on the agenda
and is marked done; the responsible organisation's contact person sees it on "our
commitments" and in their calendar feed. Everything through the pages, with the mouse;
every page at 1280 and 390 px, none wider than the screen, and axe-clean."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from samvern.accounts.browsing import navigates
from samvern.accounts.testing import login
from samvern.governance.models import Body, Commitment, CommitmentStatus, Meeting
from samvern.governance.tests.world import make_world

SHOTS = Path("/tmp/shots/governance")


def _check(page, axe, name: str) -> None:
    """axe at full width, then both widths: nothing wider than the screen, a screenshot."""
    page.set_viewport_size({"width": 1280, "height": 900})
    assert axe(page) == [], name
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _submit(page, name: str, *, within=None) -> None:
    """Click a submit button and wait for the page it leads to (often the same URL)."""
    scope = within if within is not None else page
    with navigates(page):
        scope.get_by_role("button", name=name, exact=True).click()


def _open(page, summary: str) -> None:
    page.locator("summary", has_text=summary).click()


def _sign_in(page, base: str, settings, user) -> None:
    client = login(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_body_meets_and_follows_up(browser_page, axe, settings) -> None:
    page, base = browser_page
    # The machine running the suite may be busy; a slow answer is not a failure here.
    page.set_default_timeout(90_000)
    page.set_default_navigation_timeout(90_000)
    today = timezone.localdate()
    world = make_world(day=today, with_meetings=False)
    relay = world.people["relay"]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _sign_in(page, base, settings, world.people["coordinator"])

    # The body, its member organisations and a required role.
    page.goto(f"{base}/governance/")
    page.get_by_role("link", name=world.partnership.name).first.click()
    page.wait_for_url(f"{base}/governance/p/{world.partnership.pk}/")
    page.get_by_role("link", name="Opprett et organ").click()
    page.select_option("#id_kind", "operational")
    page.fill("#id_name", "Operativ gruppe")
    page.fill("#id_short_code", "OG")
    page.fill("#id_mandate", "Følger opp samarbeidet hver måned.")
    page.fill("#id_started_on", (today - dt.timedelta(days=60)).isoformat())
    _submit(page, "Lagre")
    body = Body.objects.get()
    assert page.url == f"{base}/governance/bodies/{body.pk}/"
    for organisation in (world.police, world.nav, world.shelter):
        _open(page, "Legg til en medlemsvirksomhet")
        page.select_option("#id_organisation", str(organisation.pk))
        _submit(page, "Legg til virksomhet")
        assert page.get_by_role("rowheader", name=organisation.name).is_visible()
    assert body.members.count() == 3
    _open(page, "Utnevn en representant")
    page.select_option("#id_member", label=world.nav.name)
    page.select_option("#id_user", str(relay.pk))
    _submit(page, "Utnevn representant")
    _open(page, "Registrer en påkrevd rolle")
    page.fill("#id_name", "Bolig")
    _submit(page, "Legg til rolle")
    assert "Manglende aktør" in page.inner_text(".plain-list")
    role = body.required_roles.get()
    page.select_option(f"#id_role-{role.pk}", label=world.nav.name)
    _submit(page, "Lagre Bolig")
    role.refresh_from_db()
    assert role.filled_by.organisation == world.nav
    assert "Manglende aktør" not in page.content()
    _check(page, axe, "body-set-up")

    # The first meeting: attendance, an item with minutes, a decision, two commitments.
    page.get_by_role("link", name="Planlegg et møte").click()
    page.fill("#id_date", today.isoformat())
    page.fill("#id_location", "Politihuset")
    _submit(page, "Planlegg")
    first = Meeting.objects.get()
    assert page.url == f"{base}/governance/meetings/{first.pk}/"

    _open(page, "Registrer oppmøte")
    page.select_option("#id_attendance-user", str(relay.pk))
    page.select_option("#id_attendance-organisation", str(world.nav.pk))
    page.select_option("#id_attendance-status", "present")
    _submit(page, "Registrer oppmøte")
    assert "Kjell Kontakt" in page.inner_text("#attendance table")

    _open(page, "Legg til en sak")
    page.fill("#id_item-title", "Nødbolig etter utrykning")
    _submit(page, "Legg til sak")
    page.locator("textarea[name$='-minutes']").first.fill("Flere hadde ikke et trygt sted å sove.")
    _submit(page, "Lagre referat Nødbolig etter utrykning")
    assert first.items.get().minutes == "Flere hadde ikke et trygt sted å sove."

    _open(page, "Registrer et vedtak")
    page.fill("#id_decision-text", "NAV og krisesenteret lager en felles rutine.")
    page.select_option("#id_decision-item", label="Nødbolig etter utrykning")
    _submit(page, "Registrer vedtak")
    assert f"OG {today.year}/01" in page.inner_text("#decisions")

    for organisation, owner, text in (
        (world.nav, relay, "Lage rutine for nødbolig"),
        (world.shelter, None, "Melde ledige plasser"),
    ):
        _open(page, "Registrer en forpliktelse")
        page.select_option("#id_commitment-organisation", str(organisation.pk))
        if owner is not None:
            page.select_option("#id_commitment-owner", str(owner.pk))
        page.fill("#id_commitment-description", text)
        page.fill("#id_commitment-due_on", (today + dt.timedelta(days=14)).isoformat())
        page.select_option("#id_commitment-decision", label=f"OG {today.year}/01")
        _submit(page, "Registrer forpliktelse")
        assert text in page.inner_text("#commitments")
    assert Commitment.objects.count() == 2
    _check(page, axe, "meeting-first")
    _submit(page, "Registrer møtet som holdt")
    first.refresh_from_db()
    assert first.status == "held"

    # The next meeting: the open commitments and the minutes' approval are on its agenda.
    page.get_by_role("link", name="Operativ gruppe").first.click()
    page.get_by_role("link", name="Planlegg et møte").click()
    page.fill("#id_date", (today + dt.timedelta(days=30)).isoformat())
    _submit(page, "Planlegg")
    second = Meeting.objects.exclude(pk=first.pk).get()
    assert page.url == f"{base}/governance/meetings/{second.pk}/"
    follow_up = page.inner_text("#follow-up")
    assert "Lage rutine for nødbolig" in follow_up and "Melde ledige plasser" in follow_up
    assert "Godkjenning av referatet" in page.inner_text("#agenda")
    _check(page, axe, "meeting-next")

    # NAV's contact person sees NAV's commitment, not the crisis centre's, on their page
    # and in their calendar.
    _sign_in(page, base, settings, relay)
    page.goto(f"{base}/governance/")
    page.get_by_role("link", name="Våre åpne forpliktelser (1)").click()
    page.wait_for_url(f"{base}/governance/our-commitments/")
    ours = page.inner_text("main")
    assert "Lage rutine for nødbolig" in ours and "Melde ledige plasser" not in ours
    _check(page, axe, "our-commitments")
    page.get_by_role("link", name="Lage rutine for nødbolig").click()
    page.wait_for_url(f"{base}/governance/commitments/**")
    _check(page, axe, "commitment")
    # The onboarding page for NAV's contact person, from the partnership's page.
    page.goto(f"{base}/governance/p/{world.partnership.pk}/")
    page.get_by_role("link", name="Kom i gang").click()
    assert "Lage rutine for nødbolig" in page.inner_text("main")
    assert "Operativ gruppe" in page.inner_text("main")
    _check(page, axe, "onboarding")
    page.goto(f"{base}/governance/calendar/")
    _submit(page, "Lag en adresse")
    feed_url = page.inner_text("#feed-url")
    _check(page, axe, "calendar")
    nav_commitment = Commitment.objects.get(organisation=world.nav)
    shelter_commitment = Commitment.objects.get(organisation=world.shelter)
    feed = page.request.get(feed_url)
    assert feed.status == 200
    assert f"governance-commitment-{nav_commitment.pk}@samvern" in feed.text()
    assert f"governance-commitment-{shelter_commitment.pk}@samvern" not in feed.text()
    # They sit on the body for NAV, so the next meeting is in their calendar too.
    assert f"governance-meeting-{second.pk}@samvern" in feed.text()

    # Back at the next meeting, the coordinator marks it done.
    _sign_in(page, base, settings, world.people["coordinator"])
    page.goto(f"{base}/governance/meetings/{second.pk}/")
    card = page.locator("#follow-up .card", has_text="Lage rutine for nødbolig")
    card.get_by_label("Status").select_option("done")
    _submit(page, "Registrer status", within=card)
    nav_commitment.refresh_from_db()
    assert nav_commitment.status == CommitmentStatus.DONE
    assert nav_commitment.updates.get().meeting == second
    _check(page, axe, "meeting-next-done")

    # It is off NAV's open list now, shown as done among the closed ones, and no longer
    # due in the calendar, where the next meeting still is.
    _sign_in(page, base, settings, relay)
    page.goto(f"{base}/governance/our-commitments/")
    assert "Lage rutine for nødbolig" not in page.inner_text("main")
    with navigates(page):
        page.get_by_role("link", name="Vis også lukkede").click()
    row = page.locator("tbody tr", has_text="Lage rutine for nødbolig")
    assert "Gjennomført" in row.inner_text()
    _check(page, axe, "our-commitments-closed")
    feed = page.request.get(feed_url)
    assert feed.status == 200
    assert f"governance-commitment-{nav_commitment.pk}@samvern" not in feed.text()
    assert f"governance-meeting-{second.pk}@samvern" in feed.text()

    _sign_in(page, base, settings, world.people["coordinator"])
    page.goto(f"{base}/governance/bodies/{body.pk}/")
    _check(page, axe, "body")
    page.goto(f"{base}/governance/p/{world.partnership.pk}/")
    _check(page, axe, "partnership")
    assert not [e for e in errors if "Content Security Policy" in e], errors
