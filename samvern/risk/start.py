"""Start-page panel: case-role users can read the risk instruments."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.core.start import Panel, PanelLink
from samvern.risk.access import can_read_instruments


def start_panels(request: HttpRequest) -> list[Panel]:
    if not can_read_instruments(actor_of(request)):
        return []
    return [
        Panel(
            title=_("Risk instruments"),
            description=_("Read the questions, risk levels and conference rules."),
            links=[PanelLink(_("All risk instruments"), reverse("risk:list"))],
            order=60,
        )
    ]
