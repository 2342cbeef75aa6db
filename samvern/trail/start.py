"""Start panel and menu entry for data protection officers."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.accounts.models import Role
from samvern.core.start import NavItem, Panel, PanelLink
from samvern.trail.selectors import AuditFilters, audit_events

# Written by the case layer for every request it answers 404 (samvern.cases.services).
REFUSED_CASE_ACCESS = "security.case.refused"
REFUSALS_WINDOW = dt.timedelta(days=30)
REFUSALS_SHOWN = 10


def _is_dpo(request: HttpRequest) -> bool:
    return actor_of(request).holds(Role.DATA_PROTECTION_OFFICER)


def refused_case_access_panel(request: HttpRequest) -> Panel:
    """Refused case-layer requests in the officer's organisations over the last 30 days,
    counted per user, most first; each count links to that user's events."""
    events = audit_events(
        actor=actor_of(request),
        filters=AuditFilters(
            action_prefix=REFUSED_CASE_ACCESS, since=timezone.now() - REFUSALS_WINDOW
        ),
    )
    counts = (
        events.order_by()
        .values("actor_label")
        .annotate(attempts=Count("id"))
        .order_by("-attempts", "actor_label")[:REFUSALS_SHOWN]
    )
    base = reverse("audit:events")
    links = [
        PanelLink(
            f"{row['actor_label']}: {row['attempts']}",
            f"{base}?"
            + urlencode({"action_prefix": REFUSED_CASE_ACCESS, "actor": row["actor_label"]}),
        )
        for row in counts
    ]
    if links:
        description = _(
            "Requests for case pages that were answered “not found” in the last 30 days, "
            "per user. The users were not told whether the case exists."
        )
    else:
        description = _("No refused requests for case pages in the last 30 days.")
    return Panel(title=_("Refused case access"), description=description, links=links, order=710)


def start_panels(request: HttpRequest) -> list[Panel]:
    if not _is_dpo(request):
        return []
    return [
        Panel(
            title=_("Audit trail"),
            description=_("See who did what, when, on behalf of your organisation."),
            links=[PanelLink(_("Search the audit trail"), reverse("audit:events"))],
            order=700,
        ),
        refused_case_access_panel(request),
    ]


def nav_items(request: HttpRequest) -> list[NavItem]:
    if not _is_dpo(request):
        return []
    return [NavItem(_("Audit trail"), reverse("audit:events"), order=700)]
