"""The overview's menu entry (for everyone) and start panel (for analysts and plan editors)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.core.start import NavItem, Panel, PanelLink
from samvern.plans.registry import can_use_registry, is_national_analyst


def nav_items(request: HttpRequest) -> list[NavItem]:
    return [NavItem(_("National overview"), reverse("overview:index"), order=20)]


def start_panels(request: HttpRequest) -> list[Panel]:
    user = request.user
    if not user.is_authenticated:
        return [
            Panel(
                _("National overview"),
                _("Which municipalities have an action plan in force, on any date."),
                [PanelLink(_("See the national overview"), reverse("overview:index"))],
                order=20,
            )
        ]
    actor = actor_of(request)
    if is_national_analyst(actor):
        return [
            Panel(
                _("National overview"),
                _("Coverage of action plans by municipality and county, history and open data."),
                [
                    PanelLink(_("National overview"), reverse("overview:index")),
                    PanelLink(_("Plan registry"), reverse("plans:registry:index")),
                    PanelLink(_("Import plans from a sheet"), reverse("plans:registry:import")),
                    PanelLink(_("Open data (API)"), reverse("api-docs")),
                ],
                order=15,
            )
        ]
    if can_use_registry(actor):
        return [
            Panel(
                _("Plans made elsewhere"),
                _(
                    "Register a plan your municipality made outside Samvern, so it counts in the national overview."  # noqa: E501
                ),
                [
                    PanelLink(_("Plan registry"), reverse("plans:registry:index")),
                    PanelLink(_("National overview"), reverse("overview:index")),
                ],
                order=60,
            )
        ]
    return []
