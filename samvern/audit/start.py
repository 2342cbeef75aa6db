"""Start panel and menu entry for data protection officers."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.models import Role
from samvern.core.start import NavItem, Panel, PanelLink


def _is_dpo(request: HttpRequest) -> bool:
    return any(
        membership.role == Role.DATA_PROTECTION_OFFICER
        for membership in getattr(request, "memberships", [])
    )


def start_panels(request: HttpRequest) -> list[Panel]:
    if not _is_dpo(request):
        return []
    return [
        Panel(
            title=_("Audit trail"),
            description=_("See who did what, when, on behalf of your organisation."),
            links=[PanelLink(_("Search the audit trail"), reverse("audit:events"))],
            order=700,
        )
    ]


def nav_items(request: HttpRequest) -> list[NavItem]:
    if not _is_dpo(request):
        return []
    return [NavItem(_("Audit trail"), reverse("audit:events"), order=700)]
