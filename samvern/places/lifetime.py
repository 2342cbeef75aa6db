"""When a municipality of one structure existed, as far as a council decision is concerned.

The reference data knows two structures and the succession between them, not dates; the
dates follow from the reforms:

* A 2019-structure municipality that was merged or split on 1 January 2020 (its successor
  has other predecessors too, or only a share of it went to a successor) existed until
  31 December 2019. One that went on unchanged, or only under a new number, has no end in
  its structure.
* A 2024-structure municipality formed by the 2020 reform (more than one predecessor, or a
  part of a split one) exists from 1 January 2020. Haram, re-established when it left
  Ålesund on 1 January 2024, exists from that day; the succession file goes from 2019
  straight to 2024 and cannot tell this on its own. The others have no start.

So a council of a merged 2019 municipality cannot have adopted anything in 2022, and a
council of Haram (2024) nothing before 2024.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from samvern.places.models import Municipality, StructureYear, Succession

REFORM_2020 = dt.date(2020, 1, 1)
REFORM_2024 = dt.date(2024, 1, 1)
# 2024-structure municipalities that came into being on 1 January 2024.
FORMED_2024 = frozenset({"1580"})  # Haram, split off from Ålesund


@dataclass(frozen=True)
class Lifetime:
    starts: dt.date | None = None  # first day; None: before any date Samvern deals with
    ends: dt.date | None = None  # last day; None: still exists

    def contains(self, day: dt.date) -> bool:
        return (self.starts is None or day >= self.starts) and (
            self.ends is None or day <= self.ends
        )


def lifetimes(municipalities: Iterable[Municipality]) -> dict[int, Lifetime]:
    """The lifetime of each municipality, keyed by id, in two queries for any number."""
    wanted = {m.pk: m for m in municipalities}
    if not wanted:
        return {}
    forward: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    backward: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    rows = Succession.objects.filter(old_id__in=list(wanted)) | Succession.objects.filter(
        new_id__in=list(wanted)
    )
    successions = list(rows.values_list("old_id", "new_id", "share"))
    successor_ids = {new for old, new, _share in successions if old in wanted}
    predecessor_count: dict[int, int] = defaultdict(int)
    for new in Succession.objects.filter(new_id__in=successor_ids).values_list("new_id", flat=True):
        predecessor_count[new] += 1
    for old, new, share in successions:
        forward[old].append((new, share))
        backward[new].append((old, share))

    result = {}
    for pk, municipality in wanted.items():
        if municipality.year == StructureYear.Y2019:
            merged_or_split = any(
                share < 1 or predecessor_count[new] > 1 for new, share in forward[pk]
            )
            last_day = REFORM_2020 - dt.timedelta(days=1)
            result[pk] = Lifetime(ends=last_day if merged_or_split else None)
        elif municipality.code in FORMED_2024:
            result[pk] = Lifetime(starts=REFORM_2024)
        else:
            formed = len(backward[pk]) > 1 or any(share < 1 for _old, share in backward[pk])
            result[pk] = Lifetime(starts=REFORM_2020 if formed else None)
    return result


def lifetime(municipality: Municipality) -> Lifetime:
    return lifetimes([municipality])[municipality.pk]
