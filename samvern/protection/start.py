"""A start-page panel with counts (no case content) and a menu entry for people with a
case content role: the protective measures their organisation is responsible for that end
within 14 days or ended recently, release dates to tell the person exposed about, and
reassessments due or overdue. Nobody else sees that the pages exist."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samvern.accounts.actor import Actor, actor_of
from samvern.accounts.models import CASE_CONTENT_ROLES
from samvern.cases.access import today
from samvern.core.start import NavItem, Panel, PanelLink
from samvern.protection import selectors
from samvern.protection.selectors import MeasureFilter


def _may_list(actor: Actor) -> bool:
    return bool(actor.case_roles & CASE_CONTENT_ROLES) and actor.organisation is not None


def nav_items(request: HttpRequest) -> list[NavItem]:
    if not _may_list(actor_of(request)):
        return []
    return [NavItem(_("Protective measures"), reverse("protection:ours"), order=57)]


def start_panels(request: HttpRequest) -> list[Panel]:
    actor = actor_of(request)
    if not _may_list(actor):
        return []
    day = today()
    ending = selectors.organisation_measures(actor, day=day, which=MeasureFilter.ENDING_SOON)
    ended = selectors.organisation_measures(actor, day=day, which=MeasureFilter.RECENTLY_ENDED)
    releases = selectors.organisation_releases(actor, day=day).filter(
        informed_on__isnull=True,
        release_on__gte=day,
        release_on__lte=day + dt.timedelta(days=selectors.RELEASE_NOTICE_DAYS),
    )
    reassessments = selectors.organisation_reassessments(actor, day=day)
    counts = (ending.count(), ended.count(), releases.count(), reassessments.count())
    ours = reverse("protection:ours")
    links = [
        PanelLink(
            ngettext(
                "%(n)d measure ending within 14 days",
                "%(n)d measures ending within 14 days",
                counts[0],
            )
            % {"n": counts[0]},
            f"{ours}?show={MeasureFilter.ENDING_SOON.value}",
        ),
        PanelLink(
            ngettext(
                "%(n)d measure ended in the last 30 days",
                "%(n)d measures ended in the last 30 days",
                counts[1],
            )
            % {"n": counts[1]},
            f"{ours}?show={MeasureFilter.RECENTLY_ENDED.value}",
        ),
        PanelLink(
            ngettext(
                "%(n)d release coming: inform the person exposed",
                "%(n)d releases coming: inform the person exposed",
                counts[2],
            )
            % {"n": counts[2]},
            f"{ours}#release-heading",
        ),
        PanelLink(
            ngettext("%(n)d reassessment due", "%(n)d reassessments due", counts[3])
            % {"n": counts[3]},
            reverse("protection:reassessments"),
        ),
    ]
    return [
        Panel(
            title=_("Protective measures"),
            description=_(
                "What your organisation is responsible for: measures ending soon or ended, "
                "releases from custody, and risk to assess again."
            ),
            links=links,
            order=57,
        )
    ]
