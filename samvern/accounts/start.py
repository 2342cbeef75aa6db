"""Start-page panels and menu entries for accounts: "My account" for everyone signed in,
"Members" for organisation administrators. Built from the memberships the middleware
loaded for this request, so they cost no queries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.models import Organisation, Role
from samvern.core.start import NavItem, Panel, PanelLink


def _administered(request: HttpRequest) -> list[Organisation]:
    memberships = getattr(request, "memberships", [])
    seen: dict[Any, Organisation] = {}
    for membership in memberships:
        if membership.role == Role.ORG_ADMIN:
            seen[membership.organisation_id] = membership.organisation
    return sorted(seen.values(), key=lambda organisation: organisation.name)


def start_panels(request: HttpRequest) -> list[Panel]:
    if not request.user.is_authenticated:
        return []
    links = [
        PanelLink(_("Your details and roles"), reverse("accounts:account")),
        PanelLink(_("Change password"), reverse("accounts:password_change")),
    ]
    if getattr(request, "requires_second_factor", False):
        links.append(
            PanelLink(
                _("Second factor and backup codes"),
                reverse("accounts:account") + "#second-factor-heading",
            )
        )
    panels = [
        Panel(
            title=_("My account"),
            description=_("Your details, password, API token and sessions."),
            links=links,
            order=900,
        )
    ]
    administered = _administered(request)
    if administered:
        panels.append(
            Panel(
                title=_("Members"),
                description=_("Give people roles in your organisation and take them away."),
                links=[
                    PanelLink(
                        _("Members of %(name)s") % {"name": organisation.name},
                        reverse("accounts:members", kwargs={"organisation_id": organisation.pk}),
                    )
                    for organisation in administered
                ],
                order=800,
            )
        )
    return panels


def nav_items(request: HttpRequest) -> list[NavItem]:
    administered = _administered(request)
    if not administered:
        return []
    current = getattr(request, "organisation", None)
    target: Organisation = current if current in administered else administered[0]
    return [
        NavItem(
            _("Members"),
            reverse("accounts:members", kwargs={"organisation_id": target.pk}),
            order=800,
        )
    ]
