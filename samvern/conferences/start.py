"""Menu entry "Conferences" and a start-page panel for people who may see a partnership's
conferences (case content roles in a member organisation, and the coordinators of the
coordinating organisation). Nobody else sees that conferences exist."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.cases.access import today
from samvern.conferences import selectors_schedule as selectors
from samvern.core.start import NavItem, Panel, PanelLink

# How many upcoming conferences the panel lists.
PANEL_CONFERENCES = 3


def nav_items(request: HttpRequest) -> list[NavItem]:
    if not selectors.has_conferences(actor_of(request), today()):
        return []
    return [NavItem(_("Conferences"), reverse("conferences:list"), order=55)]


def start_panels(request: HttpRequest) -> list[Panel]:
    actor = actor_of(request)
    day = today()
    if not selectors.has_conferences(actor, day):
        return []
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
    return [
        Panel(
            title=_("Conferences"),
            description=_("The next multi-agency risk conferences of your partnerships."),
            links=links,
            order=55,
        )
    ]
