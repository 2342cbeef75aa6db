"""Menu entries and a start-page panel for people who may see a partnership's conferences
(case content roles in a member organisation, and the coordinators of the coordinating
organisation), with the pages that follow a conference: the organisation's action points,
the personal calendar address and the partnership statistics. Nobody else sees that
conferences exist; each link is shown only to those its page lets in."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samvern.accounts.actor import Actor, actor_of
from samvern.cases.access import today
from samvern.conferences import followup
from samvern.conferences import selectors_schedule as selectors
from samvern.conferences.access import lead_partnerships_q
from samvern.conferences.services import calendar
from samvern.conferences.statistics import statistics_partnerships
from samvern.core.start import NavItem, Panel, PanelLink
from samvern.partnerships.models import Partnership

# How many upcoming conferences the panel lists.
PANEL_CONFERENCES = 3


def nav_items(request: HttpRequest) -> list[NavItem]:
    actor = actor_of(request)
    if not selectors.has_conferences(actor, today()):
        return []
    items = [NavItem(_("Conferences"), reverse("conferences:list"), order=55)]
    if calendar.may_have_feed(actor):
        items.append(NavItem(_("Our actions"), reverse("conferences:my_actions"), order=56))
    return items


def _follow_up_links(request: HttpRequest, *, conferences: bool) -> list[PanelLink]:
    actor = actor_of(request)
    links = []
    if conferences and calendar.may_have_feed(actor):
        links.append(PanelLink(_("My organisation's actions"), reverse("conferences:my_actions")))
        links.append(PanelLink(_("Calendar address"), reverse("conferences:calendar")))
    if statistics_partnerships(actor, today()).exists():
        links.append(PanelLink(_("Partnership statistics"), reverse("conferences:statistics")))
    return links


def start_panels(request: HttpRequest) -> list[Panel]:
    actor = actor_of(request)
    day = today()
    if not selectors.has_conferences(actor, day):
        # A data protection officer sees no conference, but may read the figures.
        links = _follow_up_links(request, conferences=False)
        if not links:
            return []
        return [
            Panel(
                title=_("Partnership statistics"),
                description=_("Figures of the partnership's conferences, without personal data."),
                links=links,
                order=55,
            )
        ]
    links = [
        PanelLink(
            _("%(date)s · %(partnership)s")
            % {"date": date_format(c.date, "DATE_FORMAT"), "partnership": c.partnership.name},
            reverse("conferences:detail", args=[c.pk]),
        )
        for c in selectors.upcoming(actor, day)[:PANEL_CONFERENCES]
    ]
    links.append(PanelLink(_("All conferences"), reverse("conferences:list")))
    if selectors.coordinated_partnerships(actor).exists():
        links.append(PanelLink(_("New conference series"), reverse("conferences:series_add")))
        links.append(PanelLink(_("Extra conference"), reverse("conferences:extra_add")))
    links.extend(_follow_up_links(request, conferences=True))
    panels = [
        Panel(
            title=_("Conferences"),
            description=_("The next multi-agency risk conferences of your partnerships."),
            links=links,
            order=55,
        )
    ]
    panels.extend(_outcome_follow_up_panel(actor, day))
    return panels


def _outcome_follow_up_panel(actor: Actor, day: dt.date) -> list[Panel]:
    """For the lead organisation's coordinators: how many follow-ups are due (a count,
    no case), and the list."""
    partnerships = [p.pk for p in Partnership.objects.filter(lead_partnerships_q(actor))]
    if not partnerships:
        return []
    due = [d for d in followup.due_for_partnerships(partnerships, today=day) if d.is_due(day)]
    return [
        Panel(
            title=_("Outcome follow-up"),
            description=ngettext(
                "%(count)s follow-up is due.", "%(count)s follow-ups are due.", len(due)
            )
            % {"count": len(due)},
            links=[PanelLink(_("Follow-ups due"), reverse("conferences:followup_list"))],
            order=56,
        )
    ]
