"""Start-page panel: training and competence in the partnerships the reader sees, with
the share of staff trained per organisation one click away."""

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
    return [
        Panel(
            title=_("Training and competence"),
            description=_("Courses held, and the share of staff trained per organisation."),
            links=[
                PanelLink(partnership.name, reverse("training:overview", args=[partnership.pk]))
                for partnership in partnerships
            ],
            order=42,
        )
    ]
