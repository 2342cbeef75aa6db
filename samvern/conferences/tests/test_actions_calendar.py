"""The personal calendar address: made, shown once, stored only as a keyed hash,
replaced and stopped; the feed is RFC 5545 text with only "Action point due" and
"Conference" in it, decided by the rules of the day at every fetch, and audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.models import Membership
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.access import today
from samvern.cases.models import Case
from samvern.conferences.models import ActionPoint, CalendarFeed, Outcome
from samvern.conferences.services import calendar
from samvern.conferences.tests.actions_world import (
    CONFERENCE_LOCATION,
    ActionsWorld,
    make_actions_world,
)
from samvern.partnerships.models import PartnershipMember

pytestmark = pytest.mark.django_db

PAGE = reverse("conferences:calendar")


@pytest.fixture
def world() -> ActionsWorld:
    return make_actions_world(day=today())


def _new_feed(world: ActionsWorld, name: str = "referrer") -> str:
    actor = Actor.load(world.users()[name], organisation=world.organisation_of(name))
    return calendar.create_feed(actor=actor).token


def _fetch(client: Client, token: str):
    return client.get(reverse("conferences:calendar_feed", args=[token]))


def _unfold(body: str) -> str:
    return body.replace("\r\n ", "")


def _events(body: str) -> list[str]:
    return re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", _unfold(body), flags=re.S)


# --- the page ------------------------------------------------------------------------------


def test_the_address_is_shown_once_and_only_its_hash_is_kept(
    client: Client, world: ActionsWorld
) -> None:
    login(client, world.referrer)
    response = client.post(PAGE)
    assert response.status_code == 200
    match = re.search(
        r'value="(http[^"]+/conferences/calendar/([^"/]+)\.ics)"', response.content.decode()
    )
    assert match
    token = match.group(2)
    feed = CalendarFeed.objects.get(user=world.referrer)
    assert feed.token_hash == calendar.token_hash(token)
    assert token not in feed.token_hash
    assert token not in str(AuditEvent.objects.filter(action=calendar.FEED_CREATED).get().detail)
    again = client.get(PAGE).content.decode()
    assert token not in again
    assert "Stopp adressen" in again


def test_a_new_address_stops_the_old_one(client: Client, world: ActionsWorld) -> None:
    old = _new_feed(world)
    login(client, world.referrer)
    client.post(PAGE)
    assert CalendarFeed.objects.filter(user=world.referrer, revoked_at__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action=calendar.FEED_REPLACED).count() == 1
    assert _fetch(Client(), old).status_code == 404


def test_stopping_the_address(client: Client, world: ActionsWorld) -> None:
    token = _new_feed(world)
    login(client, world.referrer)
    response = client.post(reverse("conferences:calendar_revoke"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=calendar.FEED_REVOKED).count() == 1
    assert _fetch(Client(), token).status_code == 404
    # Nothing left to stop.
    assert client.post(reverse("conferences:calendar_revoke")).status_code == 404


@pytest.mark.parametrize("name", ["dpo"])
def test_without_a_content_role_there_is_no_calendar_page(
    client: Client, world: ActionsWorld, name: str
) -> None:
    login(client, world.users()[name])
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_anonymous_cannot_make_an_address(client: Client, world: ActionsWorld) -> None:
    assert client.post(PAGE).status_code == 302
    assert not CalendarFeed.objects.exists()


# --- the feed ------------------------------------------------------------------------------


def test_the_feed_is_icalendar_with_the_due_dates_and_conferences(
    client: Client, world: ActionsWorld
) -> None:
    token = _new_feed(world)
    response = _fetch(client, token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    events = _events(body)
    # Police's two open points; the held conference (referrer was present) and the next.
    points = [e for e in events if "SUMMARY:Tiltak har frist" in e]
    conferences = [e for e in events if "SUMMARY:Konferanse" in e]
    assert len(points) == 2
    assert len(conferences) == 2
    soon = world.points["police_soon"]
    assert f"UID:action-point-{soon.pk}@samvern" in body
    assert f"DTSTART;VALUE=DATE:{soon.due_on:%Y%m%d}" in body
    assert "LOCATION:" + calendar.escape_text(CONFERENCE_LOCATION) in _unfold(body)
    assert reverse("conferences:action", args=[soon.pk]) in _unfold(body)
    for event in points:
        assert "LOCATION" not in event


def test_uids_are_stable_between_fetches(client: Client, world: ActionsWorld) -> None:
    token = _new_feed(world)

    def uids() -> list[str]:
        return re.findall(r"^UID:(.*)$", _unfold(_fetch(client, token).content.decode()), re.M)

    assert uids() == uids()


def test_the_feed_holds_no_name_reference_or_content(client: Client, world: ActionsWorld) -> None:
    """Acceptance 2: search the feed for every name, case reference and description."""
    bodies = [
        _unfold(_fetch(client, _new_feed(world, name)).content.decode())
        for name in ("referrer", "participant", "carl")
    ]
    words = [
        *world.all_names(),
        *Case.objects.values_list("reference", flat=True),
        *ActionPoint.objects.values_list("description", flat=True),
        *ActionPoint.objects.exclude(outcome_reason="").values_list("outcome_reason", flat=True),
        *[org.name for org in (world.police, world.crisis, world.clinic, world.municipality)],
        world.partnership.name,
    ]
    assert len(words) > 20
    for body in bodies:
        lowered = body.lower()
        for word in words:
            assert word.lower() not in lowered, word
            assert calendar.escape_text(word).lower() not in lowered, word


def test_unknown_and_revoked_addresses_get_the_same_404(
    client: Client, world: ActionsWorld
) -> None:
    token = _new_feed(world)
    login(Client(), world.referrer)
    calendar.revoke_feed(actor=Actor.load(world.referrer, organisation=world.police))
    revoked = _fetch(client, token)
    unknown = _fetch(client, "x" * 43)
    assert revoked.status_code == unknown.status_code == 404
    assert revoked.content == unknown.content
    assert not AuditEvent.objects.filter(action=calendar.FEED_FETCHED).exists()


def test_a_deactivated_user_gets_404(client: Client, world: ActionsWorld) -> None:
    token = _new_feed(world)
    world.referrer.is_active = False
    world.referrer.save(update_fields=["is_active"])
    assert _fetch(client, token).status_code == 404


def test_a_user_who_lost_the_case_role_gets_an_empty_feed(
    client: Client, world: ActionsWorld
) -> None:
    token = _new_feed(world)
    Membership.objects.filter(user=world.referrer).update(ends_on=world.day)
    response = _fetch(client, token)
    assert response.status_code == 200
    assert _events(response.content.decode()) == []


def test_an_organisation_that_left_the_partnership_gets_an_empty_feed(
    client: Client, world: ActionsWorld
) -> None:
    token = _new_feed(world)
    PartnershipMember.objects.filter(organisation=world.police).update(left_on=world.day)
    assert _events(_fetch(client, token).content.decode()) == []


def test_closed_points_leave_the_feed(client: Client, world: ActionsWorld) -> None:
    token = _new_feed(world)
    ActionPoint.objects.filter(organisation=world.police).update(
        outcome=Outcome.DONE, outcome_on=world.day
    )
    events = _events(_fetch(client, token).content.decode())
    assert [e for e in events if "Tiltak har frist" in e] == []


def test_a_fetch_is_audited_without_content(client: Client, world: ActionsWorld) -> None:
    token = _new_feed(world)
    _fetch(client, token)
    event = AuditEvent.objects.get(action=calendar.FEED_FETCHED)
    assert event.actor_id == str(world.referrer.pk)
    assert event.organisation_id == str(world.police.pk)
    assert event.detail == {"events": 4}
    feed = CalendarFeed.objects.get(user=world.referrer)
    assert feed.last_used_at is not None


def test_the_feed_speaks_the_person_s_language(client: Client, world: ActionsWorld) -> None:
    world.referrer.preferred_language = "en"
    world.referrer.save(update_fields=["preferred_language"])
    body = _fetch(client, _new_feed(world)).content.decode()
    assert "SUMMARY:Action point due" in body
    assert "SUMMARY:Conference" in body


# --- RFC 5545 text -------------------------------------------------------------------------


def test_text_is_escaped() -> None:
    assert calendar.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_are_folded_at_75_octets_between_characters() -> None:
    line = "LOCATION:" + "æøå" * 40
    folded = calendar.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_conference_times_are_in_utc() -> None:
    start = dt.datetime(2027, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    event = calendar.CalendarEvent(
        uid="x@samvern", summary="Konferanse", url="https://e/", start=start, end=start
    )
    body = calendar.render_calendar([event], now=start)
    assert "DTSTART:20270701T070000Z" in body
    assert "DTSTAMP:20270701T070000Z" in body
