"""The overview's figures, computed once for each state of the data and then reused.

Every figure of the overview is a function of the plan tables (plans and their owners,
versions, adoptions, reporting rounds, evaluations), the reference data (counties,
municipalities with their population, successions between the structures), the structure
and the day. `data_state()` condenses the tables into a digest with one aggregate query:
for each table the number of rows and the sum and maximum of `updated_at` (so an insert, a
deletion and an update of any row each change it, whichever clock wrote it), for the plan
owners the number and sum of their ids, and the total population.

`remembered()` keeps one entry per structure and day (the *key*) together with the digest
it was computed for. A request reads the digest, and the entry is used only when its digest
is the current one; otherwise the figures are computed again. Nothing needs to be told about
a write: registrations, adoptions, corrections, reference-data loads and bulk imports all
change the digest, and "today" is part of the key, so a plan that expires overnight drops
out on the first request of the next day.

Entries live in the database table of `PrecomputedFigures`, so that every worker and every
app server shares them, with a small copy in each process in front of it (read only after
the digest has been checked). The table holds at most `MAX_ROWS` entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from samvern.overview.models import PrecomputedFigures
from samvern.places.models import County, Municipality, Succession
from samvern.plans.models import Adoption, Evaluation, Plan, PlanVersion, ReportingRound

T = TypeVar("T")

TRACKED: tuple[type[models.Model], ...] = (
    Plan,
    PlanVersion,
    Adoption,
    ReportingRound,
    Evaluation,
    County,
    Municipality,
    Succession,
)
MAX_ROWS = 200
PROCESS_ENTRIES = 32


@dataclass(frozen=True)
class DataState:
    latest: dt.datetime | None  # the latest change of any tracked row
    digest: str


def _seconds(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM {column})"
    if connection.vendor == "sqlite":
        return f"julianday({column}) * 86400.0"
    return f"UNIX_TIMESTAMP({column})"


def data_state() -> DataState:
    """The digest of every table the figures are computed from, in one query."""
    quote = connection.ops.quote_name
    columns = []
    for model in TRACKED:
        table = quote(model._meta.db_table)
        updated = quote("updated_at")
        columns.append(f"(SELECT MAX({updated}) FROM {table})")  # noqa: S608
        columns.append(
            f"(SELECT COUNT(*) || ':' || COALESCE(SUM({_seconds(updated)}), 0) FROM {table})"  # noqa: S608
        )
    owners = quote(Plan.municipalities.through._meta.db_table)
    columns.append(f"(SELECT COUNT(*) || ':' || COALESCE(SUM(id), 0) FROM {owners})")  # noqa: S608
    population = quote(Municipality._meta.db_table)
    columns.append(f"(SELECT SUM(population) FROM {population})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        values = cursor.fetchone()
    latest = None
    for value in values[0 : 2 * len(TRACKED) : 2]:
        if isinstance(value, str):
            value = parse_datetime(value)
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, dt.UTC)
        if value is not None and (latest is None or value > latest):
            latest = value
    digest = hashlib.sha256("|".join(str(value) for value in values).encode()).hexdigest()
    return DataState(latest=latest, digest=digest)


_process: OrderedDict[str, tuple[str, Any]] = OrderedDict()
_process_lock = threading.Lock()


def forget_process_copies() -> None:
    """Drop this process's copies (the database entries stay and are checked as always)."""
    with _process_lock:
        _process.clear()


def remembered(
    key: str,
    state: DataState,
    compute: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
) -> T:
    """The value for `key` computed for `state`: this process's copy, the shared entry, or
    (when neither was computed for this state) `compute()`, stored for the next request.
    Values are shared between requests and must not be changed by their users."""
    with _process_lock:
        held = _process.get(key)
        if held is not None and held[0] == state.digest:
            _process.move_to_end(key)
            return held[1]  # type: ignore[no-any-return]
    stored = PrecomputedFigures.objects.filter(key=key, state=state.digest).first()
    if stored is not None:
        value = decode(stored.payload)
    else:
        value = compute()
        _store(key, state, encode(value))
    with _process_lock:
        _process[key] = (state.digest, value)
        _process.move_to_end(key)
        while len(_process) > PROCESS_ENTRIES:
            _process.popitem(last=False)
    return value


def kept_in_process(key: str, state: DataState, compute: Callable[[], T]) -> T:
    """`compute()` for `key` and `state`, kept in this process only (rendered parts of a
    page, cheap to make again and not worth the database)."""
    with _process_lock:
        held = _process.get(key)
        if held is not None and held[0] == state.digest:
            _process.move_to_end(key)
            return held[1]  # type: ignore[no-any-return]
    value = compute()
    with _process_lock:
        _process[key] = (state.digest, value)
        while len(_process) > PROCESS_ENTRIES:
            _process.popitem(last=False)
    return value


def _store(key: str, state: DataState, payload: Any) -> None:
    """Two queries: the entry is written (or replaced), and entries computed for another
    state, or beyond the newest MAX_ROWS, are deleted."""
    PrecomputedFigures.objects.bulk_create(
        [PrecomputedFigures(key=key, state=state.digest, payload=payload)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["state", "payload", "computed_at"],
    )
    newest = PrecomputedFigures.objects.filter(state=state.digest).order_by("-computed_at")
    PrecomputedFigures.objects.exclude(pk__in=Subquery(newest.values("pk")[:MAX_ROWS])).delete()
