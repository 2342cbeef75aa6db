"""A person's secret calendar address for governance (iCalendar): the meetings of the
bodies they chair, keep the minutes of or sit on as a representative, and the due dates of
the open commitments of the organisations they are the partnership's contact person or
deputy for (and of those they are personally responsible for).

A calendar program fetches it without signing in and calendars get shared by mistake, so
an event names only the body ("Meeting: Styringsgruppen") or says "Commitment due", with
a link that needs signing in; a meeting's place is given. The rules of the pages are
applied at every fetch: someone whose organisation left the partnership gets nothing of
it. The secret is shown once; a revoked or unknown address is not found, alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samvern.accounts.actor import Actor
from samvern.accounts.models import User
from samvern.audit.services import audit_log
from samvern.core import feeds, icalendar
from samvern.core.links import site_url
from samvern.governance.models import (
    Commitment,
    CommitmentStatus,
    GovernanceCalendarFeed,
    Meeting,
    MeetingStatus,
)
from samvern.governance.services.common import GovernanceRuleError
from samvern.partnerships.models import PartnershipMember

FEED_CREATED = "governance.calendar.created"
FEED_REPLACED = "governance.calendar.replaced"
FEED_REVOKED = "governance.calendar.revoked"
FEED_FETCHED = "governance.calendar.fetched"

_SALT = "samvern.governance.calendar-feed"
PAST_DAYS = 365


def token_hash(token: str) -> str:
    return feeds.token_hash(token, salt=_SALT)


@dataclass(frozen=True)
class NewFeed:
    feed: GovernanceCalendarFeed
    token: str


def live_feed(user: User) -> GovernanceCalendarFeed | None:
    return GovernanceCalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


@transaction.atomic
def create_feed(*, actor: Actor) -> NewFeed:
    """Make the actor's address; one they already have stops working."""
    if actor.user is None or not actor.is_authenticated:
        raise GovernanceRuleError(_("Sign in to do that."))
    now = timezone.now()
    previous = (
        GovernanceCalendarFeed.objects.select_for_update()
        .filter(user=actor.user, revoked_at__isnull=True)
        .first()
    )
    if previous is not None:
        previous.revoked_at = now
        previous.save(update_fields=["revoked_at", "updated_at"])
    token = feeds.new_token()
    feed = GovernanceCalendarFeed.objects.create(user=actor.user, token_hash=token_hash(token))
    audit_log(
        actor=actor,
        action=FEED_REPLACED if previous is not None else FEED_CREATED,
        target=feed,
        organisation=actor.organisation,
    )
    return NewFeed(feed=feed, token=token)


@transaction.atomic
def revoke_feed(*, actor: Actor) -> GovernanceCalendarFeed:
    feed = (
        GovernanceCalendarFeed.objects.select_for_update()
        .filter(user=actor.user, revoked_at__isnull=True)
        .first()
        if actor.user is not None
        else None
    )
    if feed is None:
        raise GovernanceRuleError(_("You have no calendar address."))
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at", "updated_at"])
    audit_log(actor=actor, action=FEED_REVOKED, target=feed, organisation=actor.organisation)
    return feed


def feed_for_token(token: str) -> GovernanceCalendarFeed | None:
    if not feeds.plausible_token(token):
        return None
    digest = token_hash(token)
    feed = (
        GovernanceCalendarFeed.objects.select_related("user")
        .filter(token_hash=digest, revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feeds.same_hash(feed.token_hash, digest) or not feed.user.is_active:
        return None
    return feed


def _site_url(path: str) -> str:
    return site_url(path)


def feed_meetings(user: User, day: dt.date) -> list[Meeting]:
    """Meetings of bodies the person sits on, chairs or keeps the minutes of, in
    partnerships their organisations are members of on `day`."""
    actor = Actor.load(user)
    partnerships = PartnershipMember.objects.active_on(day).filter(
        organisation_id__in=list(actor.organisation_ids)
    )
    sits = (
        Q(body__chair=user)
        | Q(body__secretary=user)
        | Q(
            body__members__representatives__user=user,
            body__members__left_on__isnull=True,
        )
    )
    return list(
        Meeting.objects.filter(sits)
        .filter(body__partnership__in=partnerships.values("partnership_id"))
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(date__gte=day - dt.timedelta(days=PAST_DAYS))
        .select_related("body")
        .distinct()
        .order_by("date", "starts_at")
    )


def feed_commitments(user: User, day: dt.date) -> list[Commitment]:
    """Open commitments of organisations the person is contact person or deputy for in
    the commitment's partnership, and those they are personally responsible for while
    their organisation is a member."""
    relays = PartnershipMember.objects.active_on(day).filter(Q(relay=user) | Q(deputy=user))
    actor = Actor.load(user)
    memberships = PartnershipMember.objects.active_on(day).filter(
        organisation_id__in=list(actor.organisation_ids)
    )
    relay_pairs = Q()
    for partnership_id, organisation_id in relays.values_list("partnership_id", "organisation_id"):
        relay_pairs |= Q(body__partnership_id=partnership_id, organisation_id=organisation_id)
    owned = Q(owner=user, body__partnership__in=memberships.values("partnership_id"))
    return list(
        Commitment.objects.filter(status=CommitmentStatus.OPEN)
        .filter(relay_pairs | owned if relay_pairs else owned)
        .select_related("body")
        .order_by("due_on", "pk")
    )


def feed_events(feed: GovernanceCalendarFeed, *, day: dt.date) -> list[icalendar.CalendarEvent]:
    user = feed.user
    zone = timezone.get_default_timezone()
    events = []
    for commitment in feed_commitments(user, day):
        url = _site_url(reverse("governance:commitment", args=[commitment.pk]))
        events.append(
            icalendar.CalendarEvent(
                uid=f"governance-commitment-{commitment.pk}@samvern",
                summary=pgettext("calendar entry", "Commitment due"),
                url=url,
                start=commitment.due_on,
                end=commitment.due_on + dt.timedelta(days=1),
                description=_("Sign in to Samvern to see it: %(url)s") % {"url": url},
            )
        )
    for meeting in feed_meetings(user, day):
        url = _site_url(reverse("governance:meeting", args=[meeting.pk]))
        starts = timezone.make_aware(meeting.starts(), zone)
        events.append(
            icalendar.CalendarEvent(
                uid=f"governance-meeting-{meeting.pk}@samvern",
                summary=pgettext("calendar entry", "Meeting: %(body)s")
                % {"body": meeting.body.name},
                url=url,
                start=starts,
                end=starts + dt.timedelta(minutes=meeting.duration_minutes),
                location=meeting.location,
                description=_("Sign in to Samvern to see it: %(url)s") % {"url": url},
            )
        )
    return events


@transaction.atomic
def fetch_calendar(
    feed: GovernanceCalendarFeed, *, day: dt.date, now: dt.datetime | None = None
) -> str:
    now = now or timezone.now()
    with translation.override(feed.user.preferred_language or settings.LANGUAGE_CODE):
        events = feed_events(feed, day=day)
        body = icalendar.render_calendar(
            events,
            now=now,
            name=_("Samvern: meetings and commitments"),
            prodid="-//Samvern//Governance//NB",
        )
    GovernanceCalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    audit_log(
        actor=feed.user,
        action=FEED_FETCHED,
        target=feed,
        organisation=None,
        detail={"events": len(events)},
    )
    return body
