"""The directory entries that are a plan measure's help offer, shown on the plan's measure
page (plans.extensions). One query for the whole list; only entries of partnerships the
reader may see, so nothing shows to readers outside them or on public pages."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence

from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.directory.models import ServiceMeasure
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
        ServiceMeasure.objects.filter(
            measure_id__in=[m.pk for m in measures],
            service__is_active=True,
            service__partnership__in=Partnership.objects.filter(
                visible_partnerships_q(actor)
            ).values("pk"),
        )
        .select_related("service")
        .order_by("service__name")
    )
    found: dict[uuid.UUID, list[MeasureLink]] = defaultdict(list)
    for row in rows:
        service = row.service
        found[row.measure_id].append(
            MeasureLink(
                label=service.name,
                url=reverse("directory:detail", args=[service.partnership_id, service.pk]),
                kind=_("Service in the directory"),
                order=40,
            )
        )
    return found
