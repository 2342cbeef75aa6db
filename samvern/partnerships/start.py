"""Menu entry and start-page panel for people whose organisations take part in a
partnership (or who coordinate one)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.core.start import NavItem, Panel, PanelLink
from samvern.partnerships.access import visible_partnerships_q
from samvern.partnerships.models import Partnership

PANEL_LIMIT = 5


def visible_in_request(request: HttpRequest) -> list[Partnership]:
    """Up to PANEL_LIMIT + 1 partnerships the reader sees, fetched once per request (the
    menus of the apps about partnerships ask the same question)."""
    cached = getattr(request, "_samvern_partnerships", None)
    if cached is None:
        actor = actor_of(request)
        cached = (
            list(
                Partnership.objects.filter(visible_partnerships_q(actor))
                .only("id", "name")
                .order_by("name")[: PANEL_LIMIT + 1]
            )
            if actor.is_authenticated
            else []
        )
        request._samvern_partnerships = cached  # type: ignore[attr-defined]
    return cached


def nav_items(request: HttpRequest) -> list[NavItem]:
    if not visible_in_request(request):
        return []
    return [NavItem(_("Partnerships"), reverse("partnerships:list"), order=40)]


def start_panels(request: HttpRequest) -> list[Panel]:
    partnerships = visible_in_request(request)
    if not partnerships:
        return []
    links = [
        PanelLink(partnership.name, reverse("partnerships:detail", args=[partnership.pk]))
        for partnership in partnerships[:PANEL_LIMIT]
    ]
    if len(partnerships) > PANEL_LIMIT:
        links.append(PanelLink(_("All partnerships"), reverse("partnerships:list")))
    return [
        Panel(
            title=_("Partnerships"),
            description=_("Member organisations, contact persons and their deputies."),
            links=links,
            order=40,
        )
    ]
