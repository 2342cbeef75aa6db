"""Menu entry and start-page panels of the outreach queue: the queue for the people of a
receiving support service and of the police, and for a partnership's managers the number
of notices past the deadline for first contact without an outcome (a count, no content)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samvern.accounts.actor import actor_of
from samvern.core.start import NavItem, Panel, PanelLink
from samvern.outreach import selectors
from samvern.outreach.access import may_register


def nav_items(request: HttpRequest) -> list[NavItem]:
    actor = actor_of(request)
    if not (may_register(actor) or selectors.receives_notices(actor)):
        return []
    return [NavItem(_("Outreach"), reverse("outreach:queue"), order=55)]


def start_panels(request: HttpRequest) -> list[Panel]:
    actor = actor_of(request)
    panels: list[Panel] = []
    police = may_register(actor)
    if police or selectors.receives_notices(actor):
        links = [PanelLink(_("Outreach queue"), reverse("outreach:queue"))]
        if police:
            links = [
                PanelLink(_("Register an incident"), reverse("outreach:register")),
                PanelLink(_("Notices we registered"), reverse("outreach:notices")),
                *links,
            ]
        panels.append(
            Panel(
                title=_("Outreach after police call-outs"),
                description=_(
                    "Incidents notified by the police, and first contact by the support "
                    "services. Every view is recorded."
                ),
                links=links,
                order=52,
            )
        )
    now = timezone.now()
    for escalation in selectors.overdue_counts(actor=actor, now=now):
        description = ngettext(
            "%(count)d notice is past the deadline for first contact without an outcome.",
            "%(count)d notices are past the deadline for first contact without an outcome.",
            escalation.overdue,
        ) % {"count": escalation.overdue}
        panels.append(
            Panel(
                title=_("Outreach in %(partnership)s") % {"partnership": escalation.partnership},
                description=description,
                links=[
                    PanelLink(
                        _("Outreach settings"),
                        reverse("outreach:settings", args=[escalation.partnership.pk]),
                    )
                ],
                order=53,
            )
        )
    return panels
