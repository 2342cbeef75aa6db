"""A person's secret calendar address (iCalendar, RFC 5545): their organisation's open
action-point due dates and the conferences they attend.

A calendar program fetches the address without signing in, and calendars are synced to
phones and shared by mistake, so the feed says as little as it can: each event is only
"Action point due" or "Conference", with a link that needs signing in. No names, no case
references, no case content; a conference's place is given, an action point has none.

The secret is shown once, when the feed is made; only a keyed hash of it is stored. The
access rules are those of the pages and are applied at every fetch, for the person and
organisation the feed was made for: someone who lost the case role, or whose
organisation left the partnership or no longer takes part in the case, gets an empty
calendar. A revoked or unknown address is not found, with the same answer for both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_CONTENT_ROLES
from samvern.audit.services import audit_log
from samvern.cases.access import content_cases_q
from samvern.cases.models import Case
from samvern.cases.services import CaseRuleError
from samvern.conferences.access import conferences_q
from samvern.conferences.models import (
    ATTENDING_STATUSES,
    ActionPoint,
    Attendee,
    CalendarFeed,
    Conference,
    ConferenceStatus,
    Outcome,
)
from samvern.core import feeds, icalendar
from samvern.core.icalendar import CalendarEvent as CalendarEvent
from samvern.core.icalendar import escape_text as escape_text
from samvern.core.icalendar import fold as fold
from samvern.core.links import site_url

FEED_CREATED = "conference.actions.calendar_created"
FEED_REPLACED = "conference.actions.calendar_replaced"
FEED_REVOKED = "conference.actions.calendar_revoked"
FEED_FETCHED = "conference.actions.calendar_fetched"

_HASH_SALT = "samvern.conferences.calendar-feed"
# Conferences further back than this are left out of the calendar.
PAST_CONFERENCE_DAYS = 365


class CalendarRuleError(CaseRuleError):
    """A rule about calendar feeds refused the operation; the message is for the user."""


def token_hash(token: str) -> str:
    """The keyed hash stored for a secret (`samvern.core.feeds`)."""
    return feeds.token_hash(token, salt=_HASH_SALT)


def may_have_feed(actor: Actor) -> bool:
    """Whether the actor has anything a feed could show: a case content role in the
    organisation they act for."""
    return actor.organisation is not None and bool(actor.case_roles & CASE_CONTENT_ROLES)


def live_feed(actor: Actor) -> CalendarFeed | None:
    if actor.user is None:
        return None
    return CalendarFeed.objects.filter(user=actor.user, revoked_at__isnull=True).first()


@dataclass(frozen=True)
class NewFeed:
    """A feed just made and its secret, which is never shown again."""

    feed: CalendarFeed
    token: str


def _require(actor: Actor) -> None:
    if not may_have_feed(actor):
        raise CalendarRuleError(_("You need a case role in this organisation to do that."))


def _revoke(feed: CalendarFeed, now: dt.datetime) -> None:
    feed.revoked_at = now
    feed.save(update_fields=["revoked_at", "updated_at"])


@transaction.atomic
def create_feed(*, actor: Actor) -> NewFeed:
    """Make the actor's calendar address for the organisation they act for; an address
    they already have stops working (a person has one at a time)."""
    _require(actor)
    assert actor.user is not None and actor.organisation is not None
    now = timezone.now()
    previous = (
        CalendarFeed.objects.select_for_update()
        .filter(user=actor.user, revoked_at__isnull=True)
        .first()
    )
    if previous is not None:
        _revoke(previous, now)
    token = feeds.new_token()
    feed = CalendarFeed.objects.create(
        user=actor.user, organisation=actor.organisation, token_hash=token_hash(token)
    )
    audit_log(
        actor=actor,
        action=FEED_REPLACED if previous is not None else FEED_CREATED,
        target=feed,
        organisation=actor.organisation,
        detail={"replaced": str(previous.pk)} if previous is not None else {},
    )
    return NewFeed(feed=feed, token=token)


@transaction.atomic
def revoke_feed(*, actor: Actor) -> CalendarFeed:
    """Stop the actor's calendar address from working."""
    if actor.user is None:
        raise CalendarRuleError(_("You have no calendar address."))
    feed = (
        CalendarFeed.objects.select_for_update()
        .filter(user=actor.user, revoked_at__isnull=True)
        .first()
    )
    if feed is None:
        raise CalendarRuleError(_("You have no calendar address."))
    _revoke(feed, timezone.now())
    audit_log(actor=actor, action=FEED_REVOKED, target=feed, organisation=actor.organisation)
    return feed


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed with this secret, or None (unknown, revoked or its person can no
    longer sign in)."""
    if not feeds.plausible_token(token):
        return None
    digest = token_hash(token)
    feed = (
        CalendarFeed.objects.select_related("user", "organisation")
        .filter(token_hash=digest, revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feeds.same_hash(feed.token_hash, digest):
        return None
    if not feed.user.is_active:
        return None
    return feed


# --- the calendar ---------------------------------------------------------------------------


def _site_url(path: str) -> str:
    return site_url(path)


def _conference_path(conference: Conference) -> str:
    try:
        return reverse("conferences:detail", args=[conference.pk])
    except NoReverseMatch:  # the schedule pages are not mounted
        return reverse("conferences:my_actions")


def feed_events(feed: CalendarFeed, *, day: dt.date) -> list[CalendarEvent]:
    """What the feed shows on `day`, decided by the rules of that day for the feed's
    person acting for the feed's organisation. Three queries besides the actor's."""
    actor = Actor.load(feed.user, organisation=feed.organisation)
    organisation = actor.organisation
    if organisation is None or organisation.pk != feed.organisation_id or not may_have_feed(actor):
        return []
    cases = Case.objects.filter(content_cases_q(actor.case_roles, organisation, day))
    points = (
        ActionPoint.objects.filter(
            organisation=organisation, outcome=Outcome.OPEN, case__in=cases.values("pk")
        )
        .order_by("due_on", "pk")
        .only("pk", "due_on")
    )
    attended = (
        Attendee.objects.filter(
            user=feed.user,
            organisation=organisation,
            status__in=ATTENDING_STATUSES,
            conference__date__gte=day - dt.timedelta(days=PAST_CONFERENCE_DAYS),
        )
        .exclude(conference__status=ConferenceStatus.CANCELLED)
        .filter(conference__in=Conference.objects.filter(conferences_q(actor, day)).values("pk"))
        .select_related("conference")
        .order_by("conference__date", "conference__starts_at")
    )
    events = [
        CalendarEvent(
            uid=f"action-point-{point.pk}@samvern",
            summary=pgettext("calendar entry", "Action point due"),
            url=_site_url(reverse("conferences:action", args=[point.pk])),
            start=point.due_on,
            end=point.due_on + dt.timedelta(days=1),
        )
        for point in points
    ]
    for attendee in attended:
        conference = attendee.conference
        starts = timezone.make_aware(conference.starts(), timezone.get_default_timezone())
        events.append(
            CalendarEvent(
                uid=f"conference-{conference.pk}@samvern",
                summary=pgettext("calendar entry", "Conference"),
                url=_site_url(_conference_path(conference)),
                start=starts,
                end=starts + dt.timedelta(minutes=conference.duration_minutes),
                location=conference.location,
            )
        )
    return events


def render_calendar(events: Iterable[CalendarEvent], *, now: dt.datetime) -> str:
    """The iCalendar text of `events`, each described only by a link that needs signing
    in (`samvern.core.icalendar` writes it)."""
    described = [
        replace(
            event,
            description=event.description
            or _("Sign in to Samvern to see it: %(url)s") % {"url": event.url},
        )
        for event in events
    ]
    return icalendar.render_calendar(
        described,
        now=now,
        name=_("Samvern: action points and conferences"),
        prodid="-//Samvern//Conferences//NB",
    )


@transaction.atomic
def fetch_calendar(feed: CalendarFeed, *, day: dt.date, now: dt.datetime | None = None) -> str:
    """The feed's calendar on `day`, in its person's language, with the fetch recorded
    (which feed, how many events; nothing of what they are about)."""
    now = now or timezone.now()
    with translation.override(feed.user.preferred_language or settings.LANGUAGE_CODE):
        events = feed_events(feed, day=day)
        body = render_calendar(events, now=now)
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    audit_log(
        actor=feed.user,
        action=FEED_FETCHED,
        target=feed,
        organisation=feed.organisation,
        detail={"events": len(events)},
    )
    return body
