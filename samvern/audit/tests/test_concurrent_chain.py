"""Many transactions appending to the chain at once, on PostgreSQL (where they really run
at once): the chain stays whole, rolled-back transactions leave neither an event nor a
break, and `audited_atomic` does not hold the chain lock through the rest of a request."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log, audited_atomic, verify_trail

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


class Rollback(Exception):
    pass


def _run_threads(count: int, work: Callable[[int], None]) -> float:
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(n: int) -> None:
        try:
            start.wait()
            work(n)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return time.monotonic() - began


def test_concurrent_transactions_make_one_verifiable_chain():
    def work(n: int) -> None:
        for m in range(6):
            try:
                with audited_atomic():
                    audit_log(actor=None, action="tests.thing.viewed", target_id=f"{n}-{m}")
                    time.sleep(0.005)
                    audit_log(actor=None, action="tests.thing.updated", target_id=f"{n}-{m}")
                    if m == 2:
                        raise Rollback
            except Rollback:
                pass
            # and some written at once, outside the deferred block
            audit_log(actor=None, action="tests.thing.created", target_id=f"{n}-{m}")

    _run_threads(8, work)
    assert AuditEvent.objects.count() == 8 * (5 * 2 + 6)
    assert not AuditEvent.objects.filter(target_id__endswith="-2", action="tests.thing.viewed")
    result = verify_trail()
    assert result.intact, result.problems
    assert result.events == 8 * 16
    # Both events of one block are next to each other in the chain.
    for event in AuditEvent.objects.filter(action="tests.thing.viewed"):
        follower = AuditEvent.objects.get(prev_hash=event.hash)
        assert (follower.action, follower.target_id) == ("tests.thing.updated", event.target_id)


def test_a_rolled_back_transaction_leaves_no_event_and_no_break():
    """Written at once and then rolled back, an event takes its id with it: the ids have a
    gap, the chain (linked by hash, not by id) does not."""
    audit_log(actor=None, action="tests.thing.created")

    def work(n: int) -> None:
        try:
            with transaction.atomic():
                audit_log(actor=None, action="tests.thing.created", target_id=str(n))
                if n % 2:
                    raise Rollback
        except Rollback:
            pass

    _run_threads(6, work)
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) == 4
    assert ids[-1] - ids[0] + 1 > len(ids)  # a gap
    assert not AuditEvent.objects.filter(target_id__in=["1", "3", "5"]).exists()
    result = verify_trail()
    assert result.intact and result.events == 4


RENDERING = 0.25  # seconds of work after the audit event, as a page's rendering


def test_audited_atomic_does_not_hold_the_chain_lock_through_the_request():
    def request(block: Callable[[], object]) -> Callable[[int], None]:
        def work(n: int) -> None:
            with block():  # type: ignore[attr-defined]
                audit_log(actor=None, action="tests.thing.viewed", target_id=str(n))
                time.sleep(RENDERING)

        return work

    deferred = _run_threads(6, request(audited_atomic))
    # Before: the event written at once inside the request's transaction holds the lock
    # until it commits, so the six requests run one after the other.
    serialised = _run_threads(6, request(transaction.atomic))
    assert serialised >= 6 * RENDERING
    assert deferred < 3 * RENDERING, (deferred, serialised)
    assert verify_trail().intact
