"""Writing the audit trail and verifying it.

The chain: each event stores its predecessor's hash and its own, an HMAC-SHA256 keyed with
`settings.AUDIT_CHAIN_KEY` over its content (`AuditEvent.compute_hash`). Checkpoints —
the newest event's id and hash at a moment — are appended to `AUDIT_CHECKPOINT_FILE`, a
file outside the database, by `manage.py audit_checkpoint`; `audit_verify` checks the
chain and every checkpoint. See docs/security.md for what this does and does not catch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import multiprocessing
import os
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, TypeAlias

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, connections, models, transaction
from django.utils import timezone

from samvern.audit.models import (
    CANONICAL_FIELDS,
    AuditEvent,
    ChainVersion,
    canonical_content,
    case_columns,
    chain_key,
    compute_hash,
)
from samvern.core.request_context import client_address, credential_detail

# An arbitrary, fixed key for the PostgreSQL advisory lock that serialises appends to the
# hash chain; without it two concurrent transactions could chain to the same predecessor.
_CHAIN_LOCK_KEY = 0x5A4D5652


# A value as JSON holds it: what an event's detail is stored as.
JSON: TypeAlias = "bool | int | float | str | list[JSON] | dict[str, JSON] | None"


def _normalise_detail(detail: Mapping[str, object] | None) -> dict[str, JSON]:
    """JSON-safe copy of the detail, so the stored value hashes the same when read back."""

    def convert(value: object) -> JSON:
        if isinstance(value, dict):
            return {str(k): convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set):
            return [convert(v) for v in value]
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        if value is None or isinstance(value, bool | int | float | str):
            return value
        return str(value)

    return {str(k): convert(v) for k, v in (detail or {}).items()}


class ActingParty(Protocol):
    """What the writer needs of whoever acted: `samvern.accounts.actor.Actor` is one. The
    audit writer sits below the accounts layer, so it names the shape, not the class."""

    @property
    def user(self) -> AbstractBaseUser | None: ...


def _user_of(actor: ActingParty | AbstractBaseUser | None) -> AbstractBaseUser | None:
    if actor is None or isinstance(actor, AbstractBaseUser):
        return actor
    # An anonymous visitor (Django's AnonymousUser) has no user: recorded as the system.
    user: AbstractBaseUser | None = getattr(actor, "user", None)
    return user


def audit_log(
    *,
    actor: ActingParty | AbstractBaseUser | None,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    organisation: models.Model | None = None,
    detail: Mapping[str, object] | None = None,
) -> AuditEvent:
    """Append one event to the audit trail, in the caller's transaction.

    `action` is a namespaced code such as "plans.measure.updated" or "cases.case.viewed".
    `actor` is the actor (or a bare user, e.g. at login, or None for the system);
    `organisation` the organisation the actor acted for, always given explicitly (an
    actor's acting organisation is not assumed). Pass `target` for a model instance, or
    `target_type`/`target_id`.

    Inside `audited_atomic()` the event is written at the end of that block, just before
    its commit, and the returned event has no id until then; elsewhere it is written now.
    """
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    user = _user_of(actor)
    authenticated = user is not None and user.is_authenticated
    # An event written through an API token names it (the caller's keys win).
    # An event written through an API token names it (the caller's keys win).
    normalised = _normalise_detail({**credential_detail(), **(detail or {})})
    case_id, case_reference = case_columns(normalised)
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor_id=str(user.pk) if authenticated and user is not None else "",
        actor_label=(user.get_username() if authenticated and user is not None else "system"),
        organisation_id=str(organisation.pk) if organisation is not None else "",
        organisation_label=str(organisation) if organisation is not None else "",
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        ip_address=client_address(),
        detail=normalised,
        case_id=case_id,
        case_reference=case_reference,
    )
    pending: list[_Pending] | None = getattr(_deferred, "events", None)
    if pending is not None and connection.in_atomic_block:
        marker = _Marker()
        # Django drops this no-op callback if a savepoint it was registered in rolls
        # back: that is how the end of the block knows the event was rolled back too.
        transaction.on_commit(marker)
        pending.append(_Pending(event, marker))
    else:
        with transaction.atomic():
            _append([event])
    return event


def _append(events: list[AuditEvent]) -> None:
    """Chain and insert events, in the current transaction. On PostgreSQL the chain lock
    is taken here and held until that transaction ends; without it two concurrent
    transactions could chain to the same predecessor."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    for event in events:
        event.prev_hash = previous or ""
        event.hash = event.compute_hash()
        event.save()
        previous = event.hash


class _Marker:
    """A no-op on-commit callback that stands for one deferred event."""

    def __call__(self) -> None:
        return None


@dataclass(frozen=True)
class _Pending:
    event: AuditEvent
    marker: _Marker


_deferred = threading.local()


class AuditNotWrittenError(Exception):
    """The transaction was marked for rollback, so the events it recorded cannot be
    written: what they record must not be answered either."""


@contextmanager
def audited_atomic() -> Iterator[None]:
    """`transaction.atomic()` whose audit events are written at its very end.

    The events `audit_log` records inside the block are kept in memory and, when the block
    ends without an error, chained and inserted as its last statements: the chain lock is
    then held only for those inserts and the commit that follows, not through the rest of
    the request (its queries, its template rendering). The events are still written in the
    same transaction as what they record — if they cannot be written, the block raises
    and nothing is answered; if the block rolls back, they are gone with it. Events
    recorded inside an inner atomic block that rolled back are dropped with it.

    Used around every case-layer page and API request (`cases.views.case_view`,
    `cases.api`). Nested, the inner block is a plain savepoint and the outer one writes."""
    if getattr(_deferred, "events", None) is not None:
        with transaction.atomic():
            yield
        return
    with transaction.atomic():
        pending: list[_Pending] = []
        _deferred.events = pending
        try:
            yield
        finally:
            _deferred.events = None
        _write_pending(pending)


def _write_pending(pending: list[_Pending]) -> None:
    if not pending:
        return
    if connection.needs_rollback:
        raise AuditNotWrittenError(
            "The transaction is being rolled back, so its audit events cannot be written."
        )
    registered = {id(entry[1]) for entry in connection.run_on_commit}
    _append([p.event for p in pending if id(p.marker) in registered])


def keyed_reference(value: str) -> str:
    """A keyed hash of an identifier, for events that must not name it: equal values give
    equal references, and without the key the value cannot be found from it."""
    digest = hmac.new(chain_key(), b"reference:" + value.encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


# --- verification ------------------------------------------------------------------------


class CheckpointFileError(Exception):
    """The checkpoint file cannot be read as checkpoints."""


@dataclass(frozen=True)
class Checkpoint:
    """The newest event of the trail at one moment: its id (`sequence`) and hash."""

    sequence: int
    hash: str
    written_at: dt.datetime

    def line(self) -> str:
        return json.dumps(
            {
                "sequence": self.sequence,
                "hash": self.hash,
                "written_at": self.written_at.isoformat(),
            },
            sort_keys=True,
        )

    @classmethod
    def parse(cls, line: str) -> Checkpoint:
        try:
            data = json.loads(line)
            return cls(
                sequence=int(data["sequence"]),
                hash=str(data["hash"]),
                written_at=dt.datetime.fromisoformat(data["written_at"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise CheckpointFileError(f"Not a checkpoint: {line[:80]!r}") from error


@dataclass
class Verification:
    """The outcome of verifying the trail: `problems` is empty when it is intact."""

    events: int = 0
    checkpoints: int = 0
    broken_event: AuditEvent | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def checkpoint_file() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def read_checkpoints(path: Path | None = None) -> list[Checkpoint]:
    path = path or checkpoint_file()
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as lines:
        return [Checkpoint.parse(line) for line in lines if line.strip()]


VERIFY_CHUNK = 20_000

# What the verification reads of each event: its id, its stored hash and case columns,
# then exactly the fields its hash covers.
_VERIFY_FIELDS = ("id", "hash", "case_id", "case_reference", *CANONICAL_FIELDS)
_CHAIN_VERSION = 3 + len(CANONICAL_FIELDS)  # index of chain_version in a row
_PREV_HASH = _CHAIN_VERSION - 1
_DETAIL = _CHAIN_VERSION - 2
_KNOWN_VERSIONS = frozenset(ChainVersion.values)


def _chain_problem(
    row: tuple[object, ...], previous_hash: str, keyed_seen: bool, key: bytes | None = None
) -> str | None:
    """Why the event in `row` (as read with `_VERIFY_FIELDS`) breaks the chain, or None."""
    chain_version = row[_CHAIN_VERSION]
    if chain_version not in _KNOWN_VERSIONS:
        return "its chain version is unknown"
    if chain_version == ChainVersion.UNKEYED and keyed_seen:
        return "it carries an unkeyed hash after the chain was keyed"
    if row[_PREV_HASH] != previous_hash:
        return "its link to the previous event does not match"
    computed = compute_hash(canonical_content(*row[4:]), chain_version, key)  # type: ignore[arg-type]
    if not hmac.compare_digest(computed, str(row[1])):
        return "its content does not match its keyed hash"
    if (row[2], row[3]) != case_columns(row[_DETAIL]):
        return "its case columns do not match its detail"
    return None


@dataclass(frozen=True)
class _Segment:
    """A stretch of the chain to walk: the events with `after_id < id <= last_id` (no upper
    bound when `last_id` is None), starting from the hash of the event at `after_id`."""

    after_id: int = 0
    previous_hash: str = ""
    keyed_seen: bool = False
    last_id: int | None = None


def _walk_segment(segment: _Segment) -> tuple[int, int | None, str]:
    """Walk one segment in id order. Returns (events checked, id of the first broken event
    or None, why).

    Reads the events in chunks of `VERIFY_CHUNK` by id, as plain rows (no model
    instances), and computes each hash with the same `canonical_content` the model uses."""
    previous_hash, keyed_seen, last_id = (
        segment.previous_hash,
        segment.keyed_seen,
        segment.after_id,
    )
    key, checked, unkeyed = chain_key(), 0, ChainVersion.UNKEYED.value
    events = AuditEvent.objects.order_by("id")
    if segment.last_id is not None:
        events = events.filter(id__lte=segment.last_id)
    while True:
        rows = list(events.filter(id__gt=last_id).values_list(*_VERIFY_FIELDS)[:VERIFY_CHUNK])
        for row in rows:
            problem = _chain_problem(row, previous_hash, keyed_seen, key)
            if problem is not None:
                return checked, int(str(row[0])), problem
            checked += 1
            keyed_seen = keyed_seen or row[_CHAIN_VERSION] != unkeyed
            previous_hash = str(row[1])
        if len(rows) < VERIFY_CHUNK:
            return checked, None, ""
        last_id = int(str(rows[-1][0]))


def _walk_chain(*, after: AuditEvent | None = None) -> tuple[int, AuditEvent | None, str]:
    """Walk the chain in id order from the start, or from just after `after` (an event
    already known to be good). Returns (events checked, first broken event, why)."""
    segment = _Segment()
    if after is not None:
        segment = _Segment(after.pk, after.hash, after.chain_version != ChainVersion.UNKEYED)
    checked, broken_id, why = _walk_segment(segment)
    broken = AuditEvent.objects.get(pk=broken_id) if broken_id is not None else None
    return checked, broken, why


# Below this many events a full verification runs in one process: starting workers costs
# more than it saves.
PARALLEL_MINIMUM = 200_000


def _segments(workers: int) -> list[_Segment]:
    """The whole chain cut into `workers` stretches of about equal id range. Each stretch
    starts from the hash stored in the event before it, which the stretch before checks as
    its last event, so that together they verify every link exactly once."""
    bounds = AuditEvent.objects.aggregate(low=models.Min("id"), high=models.Max("id"))
    low, high = bounds["low"], bounds["high"]
    if low is None or high is None:
        return [_Segment()]
    step = max(1, (high - low + 1) // workers)
    cuts = [low - 1 + step * n for n in range(1, workers)]
    segments, after = [], _Segment()
    for cut in cuts:
        boundary = AuditEvent.objects.filter(id__lte=cut).order_by("-id").first()
        if boundary is None or boundary.pk <= after.after_id:
            continue
        segments.append(replace(after, last_id=boundary.pk))
        keyed = (
            after.keyed_seen
            or AuditEvent.objects.filter(id__gt=after.after_id, id__lte=boundary.pk)
            .exclude(chain_version=ChainVersion.UNKEYED)
            .exists()
        )
        after = _Segment(boundary.pk, boundary.hash, keyed)
    segments.append(after)
    return segments


def _walk_in_parallel(workers: int) -> tuple[int, AuditEvent | None, str]:
    """Walk the whole chain with `workers` processes, one segment each (fork: the children
    inherit the settings and open their own database connections). The result is the one a
    single walk gives: the events checked up to the first broken one, and that event."""
    segments = _segments(workers)
    if len(segments) == 1:
        return _walk_chain()
    connections.close_all()  # the children must not share the parent's connection
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(segments), mp_context=context) as pool:
        results = list(pool.map(_walk_segment_in_child, segments))
    checked = 0
    for count, broken_id, why in results:
        checked += count
        if broken_id is not None:
            return checked, AuditEvent.objects.get(pk=broken_id), why
    return checked, None, ""


def _walk_segment_in_child(segment: _Segment) -> tuple[int, int | None, str]:
    try:
        return _walk_segment(segment)
    finally:
        connections.close_all()


def verify_workers() -> int:
    """How many processes a full verification uses by default: on PostgreSQL one per core,
    at most four (2,000,000 events on an idle two-core server: 52 s with one, 30 s with two;
    each worker's database backend mostly waits while Python computes the hashes); one on
    SQLite, whose test databases live in one process's memory. `audit_verify --workers N`
    overrides it, e.g. 1 on a server busy with requests."""
    if connection.vendor != "postgresql":
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def verify_chain() -> AuditEvent | None:
    """Return the first event whose content, link or version does not match, or None."""
    return _walk_chain()[1]


def _check_checkpoints(checkpoints: list[Checkpoint], result: Verification) -> None:
    stored = dict(
        AuditEvent.objects.filter(id__in={c.sequence for c in checkpoints}).values_list(
            "id", "hash"
        )
    )
    for checkpoint in checkpoints:
        when = checkpoint.written_at.isoformat()
        found = stored.get(checkpoint.sequence)
        if found is None:
            result.problems.append(
                f"The checkpoint of {when} names event {checkpoint.sequence}, which is no "
                "longer in the trail: events have been removed."
            )
        elif not hmac.compare_digest(found, checkpoint.hash):
            result.problems.append(
                f"The checkpoint of {when} does not match event {checkpoint.sequence}: the "
                "trail up to that event has been rewritten."
            )


def verify_trail(
    *, since_last_checkpoint: bool = False, workers: int | None = None
) -> Verification:
    """Verify the chain and every checkpoint in the checkpoint file.

    With `since_last_checkpoint`, the chain is walked only from the newest checkpoint on
    (the checkpoints themselves are still all checked); a full run checks everything, in
    `workers` processes (`verify_workers()` unless given) when the trail is long enough."""
    result = Verification()
    try:
        checkpoints = read_checkpoints()
    except CheckpointFileError as error:
        result.problems.append(f"The checkpoint file {checkpoint_file()} is damaged: {error}")
        checkpoints = []
    result.checkpoints = len(checkpoints)
    _check_checkpoints(checkpoints, result)
    start: AuditEvent | None = None
    broken: AuditEvent | None
    if since_last_checkpoint and checkpoints and not result.problems:
        start = AuditEvent.objects.filter(id=checkpoints[-1].sequence).first()
    if start is not None and not hmac.compare_digest(start.compute_hash(), start.hash):
        checked, broken, why = 0, start, "its content does not match its keyed hash"
    elif start is None and not since_last_checkpoint and _worth_parallel(workers):
        checked, broken, why = _walk_in_parallel(workers or verify_workers())
    else:
        checked, broken, why = _walk_chain(after=start)
    result.events = checked
    if broken is not None:
        result.broken_event = broken
        result.problems.insert(
            0,
            f"Audit trail broken at event {broken.pk} "
            f"({broken.occurred_at.isoformat()} {broken.action}): {why}.",
        )
    if not checkpoints and AuditEvent.objects.exists():
        result.warnings.append(
            f"No checkpoint in {checkpoint_file()}: removal of the newest events cannot be "
            "detected until `manage.py audit_checkpoint` has run."
        )
    return result


def _worth_parallel(workers: int | None) -> bool:
    count = workers or verify_workers()
    if count < 2:
        return False
    if workers is not None:
        return True  # asked for explicitly, as the tests do with a short trail
    newest = AuditEvent.objects.aggregate(low=models.Min("id"), high=models.Max("id"))
    low, high = newest["low"], newest["high"]
    return low is not None and high is not None and high - low >= PARALLEL_MINIMUM


def write_checkpoint(*, now: dt.datetime | None = None) -> tuple[Checkpoint | None, Verification]:
    """Verify the trail since the last checkpoint and, if intact, append a checkpoint for
    the newest event to the checkpoint file. Returns (checkpoint or None, verification)."""
    newest = AuditEvent.objects.order_by("-id").first()
    verification = verify_trail(since_last_checkpoint=True)
    if not verification.intact or newest is None:
        return None, verification
    checkpoint = Checkpoint(sequence=newest.pk, hash=newest.hash, written_at=now or timezone.now())
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: each line goes to the end, earlier lines are never rewritten by us.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    with os.fdopen(descriptor, "a", encoding="utf-8") as log:
        log.write(checkpoint.line() + "\n")
        log.flush()
        os.fsync(log.fileno())
    return checkpoint, verification
