"""Links that the apps above the plan layer add to a plan's measures (the protocol that
fulfils a measure on routines, the directory entry that is a measure's help offer), without
the plan layer importing them.

An app contributes by defining, in `samvern/<app>/measure_links.py`,
`measure_links(actor, measures: Sequence[Measure]) -> Mapping[UUID, list[MeasureLink]]`:
the links for each of the measures it is given, keyed by the measure's id, in one or two
queries for the whole list (never one per measure). It returns only what the reader may see
(`actor` is None on the public pages).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from samvern.accounts.actor import Actor
from samvern.core.extensions import app_modules
from samvern.plans.models import Measure

Provider = Callable[[Actor | None, Sequence[Measure]], Mapping[uuid.UUID, list["MeasureLink"]]]


@dataclass(frozen=True)
class MeasureLink:
    label: str
    url: str
    kind: str  # what the link is, in words ("Protocol", "Service"): translated by the app
    order: int = 100


def _providers() -> tuple[Provider, ...]:
    return tuple(module.measure_links for module in app_modules("measure_links"))


def measure_links(
    actor: Actor | None, measures: Sequence[Measure]
) -> dict[uuid.UUID, list[MeasureLink]]:
    """Every contributed link for each measure (an empty list for a measure with none)."""
    links: dict[uuid.UUID, list[MeasureLink]] = {measure.pk: [] for measure in measures}
    if not measures:
        return links
    for provider in _providers():
        for measure_id, found in provider(actor, measures).items():
            if measure_id in links:
                links[measure_id].extend(found)
    for found in links.values():
        found.sort(key=lambda link: (link.order, link.label))
    return links
