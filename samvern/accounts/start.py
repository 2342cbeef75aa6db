"""Start-page panels and menu entries for accounts: "My account" for everyone signed in,
"Members" for organisation administrators (built from the memberships the middleware
loaded for this request, so they cost no queries), and for system administrators the
organisations where nobody can manage the members."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samvern.accounts.actor import actor_of
from samvern.accounts.models import Organisation, Role
from samvern.accounts.selectors import organisations_without_administrator
from samvern.core.start import NavItem, Panel, PanelLink


def _administered(request: HttpRequest) -> list[Organisation]:
    return list(actor_of(request).organisations_with(Role.ORG_ADMIN))


def start_panels(request: HttpRequest) -> list[Panel]:
    if not request.user.is_authenticated:
        return []
    links = [
        PanelLink(_("Your details and roles"), reverse("accounts:account")),
        PanelLink(_("Change password"), reverse("accounts:password_change")),
    ]
    if actor_of(request).requires_second_factor:
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
    if request.user.is_superuser:
        panels.append(_without_administrator_panel())
    return panels


# The panel names this many organisations; the admin's filtered list shows all of them.
PANEL_ORGANISATIONS = 10


def _without_administrator_panel() -> Panel:
    without = list(organisations_without_administrator()[: PANEL_ORGANISATIONS + 1])
    changelist = reverse("admin:accounts_organisation_changelist")
    if not without:
        return Panel(
            title=_("Organisation administrators"),
            description=_("Every active organisation has an active administrator."),
            links=[PanelLink(_("Organisations in the administration"), changelist)],
            order=700,
        )
    count = organisations_without_administrator().count()
    links = [
        PanelLink(
            organisation.name,
            reverse("admin:accounts_organisation_change", args=[organisation.pk]),
        )
        for organisation in without[:PANEL_ORGANISATIONS]
    ]
    links.append(
        PanelLink(
            _("All organisations without an administrator"), f"{changelist}?administrator=none"
        )
    )
    return Panel(
        title=_("Organisations without an administrator"),
        description=ngettext(
            "%(count)d organisation has no active administrator: nobody there can give or "
            "end roles. Give it an administrator in its membership list.",
            "%(count)d organisations have no active administrator: nobody there can give or "
            "end roles. Give each an administrator in its membership list.",
            count,
        )
        % {"count": count},
        links=links,
        order=700,
    )


def nav_items(request: HttpRequest) -> list[NavItem]:
    administered = _administered(request)
    if not administered:
        return []
    current = actor_of(request).organisation
    target: Organisation = current if current in administered else administered[0]
    return [
        NavItem(
            _("Members"),
            reverse("accounts:members", kwargs={"organisation_id": target.pk}),
            order=800,
        )
    ]
