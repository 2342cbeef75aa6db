"""Reads of the reference data.

Counties, municipalities and the succession are public facts, the same for every user, so
unlike the selectors of other apps these take no `actor`.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Prefetch, QuerySet

from samvern.places.models import CURRENT_STRUCTURE, County, Municipality, Succession


def county_list(*, year: int = CURRENT_STRUCTURE) -> QuerySet[County]:
    """The counties of one structure year, by code."""
    return County.objects.filter(year=year).order_by("code")


def municipality_list(
    *, year: int = CURRENT_STRUCTURE, county_code: str | None = None
) -> QuerySet[Municipality]:
    """The municipalities of one structure year (optionally one county), by code, with
    the county joined in."""
    municipalities = Municipality.objects.filter(year=year).select_related("county")
    if county_code:
        municipalities = municipalities.filter(county__code=county_code)
    return municipalities.order_by("code")


def with_succession(
    municipalities: QuerySet[Municipality], *, year: int | None = None
) -> QuerySet[Municipality]:
    """Prefetch both directions of the succession for a whole list: `successions_forward`
    (2019 → 2024, with `new`) and `successions_backward` (2024 ← 2019, with `old`), each
    ordered by code. Given the structure `year`, the direction that is always empty for it
    is filled without a query."""
    forward = Succession.objects.select_related("new").order_by("new__code")
    backward = Succession.objects.select_related("old").order_by("old__code")
    if year == 2024:
        forward = forward.none()
    elif year == 2019:
        backward = backward.none()
    return municipalities.prefetch_related(
        Prefetch("successions_forward", queryset=forward),
        Prefetch("successions_backward", queryset=backward),
    )


class SuccessionLink(NamedTuple):
    """The municipality on the other side of a succession, as shown next to a row."""

    code: str
    name: str
    share: Decimal

    @property
    def is_part(self) -> bool:
        return self.share < 1


def succession_links(
    *, year: int, county_code: str | None = None
) -> dict[str, list[SuccessionLink]]:
    """For each municipality of `year` (optionally one county), by code: what it became
    (2019) or what it was formed from (2024). One query, no model instances, for pages
    that list hundreds of municipalities."""
    if year == 2019:
        this, other = "old", "new"
    else:
        this, other = "new", "old"
    rows = Succession.objects.filter(**{f"{this}__year": year})
    if county_code:
        rows = rows.filter(**{f"{this}__county__code": county_code})
    links: dict[str, list[SuccessionLink]] = defaultdict(list)
    for code, other_code, other_name, share in rows.order_by(
        f"{this}__code", f"{other}__code"
    ).values_list(f"{this}__code", f"{other}__code", f"{other}__name", "share"):
        links[code].append(SuccessionLink(other_code, other_name, share))
    return dict(links)


def municipality_by_code(year: int, code: str) -> Municipality | None:
    """One municipality of a structure year by its four-digit code, or None."""
    return Municipality.objects.select_related("county").filter(year=year, code=code).first()


def successors_of(code_2019: str) -> list[Succession]:
    """Where a 2019 municipality went in the 2024 structure: one Succession per new
    municipality (`.new`, `.share`), by code. Empty for an unknown code."""
    return list(
        Succession.objects.filter(old__year=2019, old__code=code_2019)
        .select_related("new", "new__county")
        .order_by("new__code")
    )


def succession_shares() -> dict[str, list[tuple[str, Decimal]]]:
    """The whole succession in one query: 2019 code → [(2024 code, share), …]. For
    mapping figures kept in the 2019 structure onto today's municipalities."""
    shares: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    rows = Succession.objects.order_by("old__code", "new__code").values_list(
        "old__code", "new__code", "share"
    )
    for old, new, share in rows:
        shares[old].append((new, share))
    return dict(shares)
