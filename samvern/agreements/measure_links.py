"""The protocols and routines that fulfil a plan's measures on routines and procedures,
shown on the plan's measure page (plans.extensions). One query for the whole list; only
documents of partnerships the reader may see, so nothing shows on public pages."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence

from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.agreements.models import Document, DocumentKind
from samvern.partnerships.access import visible_partnerships_q
from samvern.partnerships.models import Partnership
from samvern.plans.extensions import MeasureLink
from samvern.plans.models import Measure


def measure_links(
    actor: Actor | None, measures: Sequence[Measure]
) -> Mapping[uuid.UUID, list[MeasureLink]]:
    if actor is None or not actor.is_authenticated or not measures:
        return {}
    rows = (
        Document.measures.through.objects.filter(
            measure_id__in=[m.pk for m in measures],
            document__partnership__in=Partnership.objects.filter(
                visible_partnerships_q(actor)
            ).values("pk"),
        )
        .select_related("document")
        .order_by("document__title")
    )
    found: dict[uuid.UUID, list[MeasureLink]] = defaultdict(list)
    kinds: dict[str, str] = {
        DocumentKind.PROTOCOL: _("Protocol"),
        DocumentKind.ROUTINE: _("Routine"),
    }
    for row in rows:
        document: Document = row.document
        found[row.measure_id].append(
            MeasureLink(
                label=document.title,
                url=reverse("agreements:detail", args=[document.partnership_id, document.pk]),
                kind=str(kinds.get(document.kind, _("Agreement"))),
                order=30,
            )
        )
    return found
