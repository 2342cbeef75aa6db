"""Menu entry and start-page panel for the members of a partnership: the upcoming
meetings of its bodies and their organisation's open commitments."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.core.start import NavItem, Panel, PanelLink
from samvern.governance import selectors
from samvern.partnerships.start import visible_in_request

PANEL_MEETINGS = 3


def _sees_governance(request: HttpRequest) -> bool:
    # The partnerships the reader sees are those whose governance they see: the menu of
    # the partnerships app has fetched them for this request already.
    return bool(visible_in_request(request))


def nav_items(request: HttpRequest) -> list[NavItem]:
    if not _sees_governance(request):
        return []
    return [NavItem(_("Governance"), reverse("governance:index"), order=45)]


def start_panels(request: HttpRequest) -> list[Panel]:
    if not _sees_governance(request):
        return []
    actor = actor_of(request)
    day = timezone.localdate()
    links = [
        PanelLink(
            _("%(date)s · %(body)s")
            % {"date": date_format(meeting.date, "DATE_FORMAT"), "body": meeting.body.name},
            reverse("governance:meeting", args=[meeting.pk]),
        )
        for meeting in selectors.upcoming_meetings(actor, day=day, limit=PANEL_MEETINGS)
    ]
    count = selectors.open_commitment_count(actor)
    links.append(
        PanelLink(
            _("Our open commitments (%(n)s)") % {"n": count}, reverse("governance:our_commitments")
        )
    )
    links.append(PanelLink(_("Bodies and meetings"), reverse("governance:index")))
    return [
        Panel(
            title=_("Governance"),
            description=_("Upcoming meetings of the partnership's bodies and what we promised."),
            links=links,
            order=45,
        )
    ]
