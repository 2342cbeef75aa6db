"""Menu entry and start-page panel for users with a case role in the organisation they act
for. Nobody else sees that the case layer exists."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.accounts.models import Role
from samvern.cases.selectors import has_case_layer
from samvern.core.start import NavItem, Panel, PanelLink


def nav_items(request: HttpRequest) -> list[NavItem]:
    if not has_case_layer(actor_of(request)):
        return []
    return [NavItem(_("Cases"), reverse("cases:list"), order=50)]


def start_panels(request: HttpRequest) -> list[Panel]:
    actor = actor_of(request)
    roles = actor.case_roles
    if not has_case_layer(actor):
        return []
    base = reverse("cases:list")
    if roles & {Role.CASE_WORKER, Role.CONFERENCE_COORDINATOR}:
        links = [
            PanelLink(_("My cases"), f"{base}?tab=mine"),
            PanelLink(_("My organisation's cases"), f"{base}?tab=organisation"),
            PanelLink(_("Awaiting conference"), f"{base}?tab=awaiting"),
            PanelLink(_("Refer a case"), reverse("cases:refer")),
        ]
        description = _("Cases your organisation takes part in. Every view is recorded.")
    else:
        links = [PanelLink(_("Cases and their access logs"), base)]
        description = _("Who has seen the cases your organisation takes part in.")
    return [Panel(title=_("Cases"), description=description, links=links, order=50)]
