"""Start-page panel: the agreements of the partnerships the user sees, with how many need
attention (past review or not signed by every partner)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.agreements import selectors
from samvern.core.start import Panel, PanelLink
from samvern.partnerships.access import visible_partnerships_q
from samvern.partnerships.models import Partnership

PANEL_LIMIT = 3


def start_panels(request: HttpRequest) -> list[Panel]:
    actor = actor_of(request)
    if not actor.is_authenticated:
        return []
    partnerships = list(
        Partnership.objects.filter(visible_partnerships_q(actor), documents__isnull=False)
        .distinct()
        .order_by("name")[:PANEL_LIMIT]
    )
    if not partnerships:
        return []
    today = timezone.localdate()
    links = []
    for partnership in partnerships:
        flagged = len(selectors.flagged_rows(partnership, on=today))
        label = partnership.name
        if flagged:
            label = _("%(name)s (%(count)d need attention)") % {
                "name": partnership.name,
                "count": flagged,
            }
        links.append(PanelLink(label, reverse("agreements:list", args=[partnership.pk])))
    return [
        Panel(
            title=_("Agreements and routines"),
            description=_("Cooperation agreements, protocols and routines, and who has signed."),
            links=links,
            order=45,
        )
    ]
