"""Paging of the case list without reading every visible case.

The list is sorted newest referral first (`CASE_LIST_ORDER`, matched by the index
`case_list_order_idx`). A page is found by keyset: "the cases sorted after this one",
so the database walks the index from the cursor and stops after one page, however deep
the page and however many cases the organisation sees. The number shown above the list
is counted only up to `COUNT_CAP`; beyond it the page says "more than …", which is all a
reader needs and costs no more than counting the cap.

Only the order and the position are decided here: which cases are listed is the
selector's (and so `cases.access`'s) answer, unchanged.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleLessThan

from samvern.cases.models import Case

CASE_LIST_ORDER = ("-referred_on", "-created_at", "-id")
COUNT_CAP = 1000
PAGE_SIZE = 25


@dataclass(frozen=True)
class CaseCursor:
    """The position of one case in the list's order; opaque to readers of the URL."""

    referred_on: dt.date
    created_at: dt.datetime
    case_id: uuid.UUID

    @classmethod
    def of(cls, case: Case) -> CaseCursor:
        return cls(case.referred_on, case.created_at, case.pk)

    def encode(self) -> str:
        raw = f"{self.referred_on.isoformat()}|{self.created_at.isoformat()}|{self.case_id}"
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str | None) -> CaseCursor | None:
        """The cursor in `value`, or None for anything that is not one (the first page)."""
        if not value or len(value) > 200:
            return None
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            day, created, pk = raw.split("|")
            created_at = dt.datetime.fromisoformat(created)
            if created_at.tzinfo is None:
                return None
            return cls(dt.date.fromisoformat(day), created_at, uuid.UUID(pk))
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None


def after_q(cursor: CaseCursor) -> Q:
    """Cases sorted after `cursor`: one row comparison, which PostgreSQL answers from the
    index on the sort key (and SQLite as the equivalent ORs)."""
    return Q(
        TupleLessThan(
            Tuple(F("referred_on"), F("created_at"), F("id")),
            (cursor.referred_on, cursor.created_at, cursor.case_id),
        )
    )


def bounded_count(cases: QuerySet[Case], cap: int) -> int:
    """How many cases `cases` holds, counted up to `cap + 1` (so "more than cap" shows)."""
    return cases.order_by().values("pk")[: cap + 1].count()


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    count: int  # exact when not `count_capped`
    count_capped: bool
    next_cursor: str | None
    is_first: bool

    @property
    def shown_count(self) -> int:
        return min(self.count, COUNT_CAP) if self.count_capped else self.count


def case_page(
    cases: QuerySet[Case],
    *,
    after: CaseCursor | None = None,
    offset: int = 0,
    size: int | None = None,
) -> CasePage:
    """One page of `cases` (already filtered by the selector): after `after` when given,
    else from `offset` (the old `?page=` links). Two queries: the page and the count."""
    size = size or PAGE_SIZE
    ordered = cases.order_by(*CASE_LIST_ORDER)
    if after is not None:
        ordered = ordered.filter(after_q(after))
        offset = 0
    rows: Sequence[Case] = list(ordered[offset : offset + size + 1])
    more = len(rows) > size
    page = list(rows[:size])
    count = bounded_count(cases, COUNT_CAP)
    return CasePage(
        cases=page,
        count=count,
        count_capped=count > COUNT_CAP,
        next_cursor=CaseCursor.of(page[-1]).encode() if more and page else None,
        is_first=after is None and offset == 0,
    )
