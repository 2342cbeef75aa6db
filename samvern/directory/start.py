"""Start-page panel: the service directories of the partnerships the reader sees, so that
a frontline worker finds where to refer someone (and the list to print) from the start."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.core.start import Panel, PanelLink
from samvern.partnerships.start import PANEL_LIMIT, visible_in_request


def start_panels(request: HttpRequest) -> list[Panel]:
    partnerships = visible_in_request(request)[:PANEL_LIMIT]
    if not partnerships:
        return []
    links = [
        PanelLink(partnership.name, reverse("directory:list", args=[partnership.pk]))
        for partnership in partnerships
    ]
    if len(partnerships) == 1:
        links.append(
            PanelLink(_("Printable list"), reverse("directory:print", args=[partnerships[0].pk]))
        )
    return [
        Panel(
            title=_("Service directory"),
            description=_("Where to refer people on: search by need and municipality."),
            links=links,
            order=41,
        )
    ]
