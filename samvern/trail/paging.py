"""Paging through audit events by id (keyset), never by offset and never with an exact
count of the whole filtered set.

The trail is read newest first, in id order (the order the events were written to the
chain). A page is `per_page` events below an id (`before`, the older direction) or above
one (`after`, the newer direction); every query is an index range scan that stops after
`per_page + 1` rows, whatever the size of the trail. The number of matching events is
counted only up to `COUNT_LIMIT` ("more than 1,000")."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from django.db.models import QuerySet

from samvern.audit.models import AuditEvent

COUNT_LIMIT = 1000


def _positive(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def bounded_count(events: QuerySet[AuditEvent], limit: int | None = None) -> int:
    """How many events match, counted up to `limit + 1` (a bounded index scan)."""
    limit = COUNT_LIMIT if limit is None else limit
    return events.order_by().values("id")[: limit + 1].count()


@dataclass
class KeysetPage:
    """One page of events, newest first, and where the pages around it start."""

    object_list: list[AuditEvent] = field(default_factory=list)
    number: int = 1
    has_next: bool = False
    has_previous: bool = False
    # The ids the links to the older and the newer page carry.
    next_before: int | None = None
    previous_after: int | None = None
    # Matching events counted up to COUNT_LIMIT + 1; `None` when not counted.
    count: int | None = None

    @property
    def count_limit(self) -> int:
        return COUNT_LIMIT

    @property
    def count_exceeds_limit(self) -> bool:
        return self.count is not None and self.count > COUNT_LIMIT

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return max(self.number - 1, 1)

    def __iter__(self) -> Iterator[AuditEvent]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def keyset_page(
    events: QuerySet[AuditEvent],
    params: Mapping[str, object],
    *,
    per_page: int,
    count: bool = False,
) -> KeysetPage:
    """The page of `events` (ordered newest first by id) that `params` asks for:
    `before=<id>` for older events, `after=<id>` for newer ones, neither for the newest.
    `page` is carried along only to say which page this is."""
    events = events.order_by("-id")
    before = _positive(params.get("before"))
    after = None if before is not None else _positive(params.get("after"))
    number = _positive(params.get("page")) or 1
    page = KeysetPage(number=number if (before or after) else 1)
    if after is not None:
        rows = list(events.filter(id__gt=after).order_by("id")[: per_page + 1])
        page.has_previous = len(rows) > per_page
        page.object_list = rows[:per_page][::-1]
        page.has_next = events.filter(id__lte=after).exists()
    else:
        selected = events if before is None else events.filter(id__lt=before)
        rows = list(selected[: per_page + 1])
        page.has_next = len(rows) > per_page
        page.object_list = rows[:per_page]
        page.has_previous = before is not None and events.filter(id__gte=before).exists()
    if page.object_list:
        page.next_before = page.object_list[-1].pk
        page.previous_after = page.object_list[0].pk
    elif before is not None:
        page.previous_after = before - 1
    if not page.has_previous:
        page.number = 1
    if count:
        page.count = bounded_count(events)
    return page
