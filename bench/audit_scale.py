#!/usr/bin/env python
"""Audit trail at scale: generate a large keyed chain, time its verification, the trail's
queries and concurrent audited transactions (the figures in docs/performance.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/audit_scale.py \
        generate 500000 | verify | queries | lock [--threads 8 --requests 25 --render-ms 20]

`generate` migrates the database and appends N events with valid keyed hashes (a third
about one of 5,000 cases, spread over 20 organisations and 2,000 actors), in bulk.
Use a database of its own: it adds events to whatever trail is there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from samvern.audit import services  # noqa: E402
from samvern.audit.models import AuditEvent, ChainVersion, case_columns  # noqa: E402

BATCH = 5000


def generate(count: int) -> None:
    call_command("migrate", verbosity=0)
    previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
    start = timezone.now() - dt.timedelta(days=365)
    began = time.monotonic()
    made = 0
    while made < count:
        batch = []
        for n in range(made, min(count, made + BATCH)):
            case = n % 3 == 0
            detail: dict[str, object] = (
                {"case": f"00000000-0000-4000-8000-{n % 5000:012d}", "reference": f"S-{n % 5000}"}
                if case
                else {"fields": ["status"], "n": n}
            )
            event = AuditEvent(
                occurred_at=start + dt.timedelta(seconds=n * 10),
                actor_id=str(n % 2000),
                actor_label=f"user{n % 2000}",
                organisation_id=f"org-{n % 20}",
                organisation_label=f"Organisation {n % 20}",
                action="cases.case.viewed" if case else "plans.measure.updated",
                target_type="cases.case" if case else "plans.measure",
                target_id=str(n),
                ip_address="10.0.0.1",
                detail=detail,
                prev_hash=previous,
                chain_version=ChainVersion.KEYED,
            )
            event.case_id, event.case_reference = case_columns(detail)
            event.hash = event.compute_hash()
            previous = event.hash
            batch.append(event)
        AuditEvent.objects.bulk_create(batch)
        made += len(batch)
        print(f"\r{made}/{count} events", end="", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditevent")
    print(f"\ngenerated in {time.monotonic() - began:.1f} s")


def _old_walk() -> int:
    """The verification as it was: model instances, 2,000 a chunk."""
    previous_hash, checked = "", 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        assert event.prev_hash == previous_hash and event.compute_hash() == event.hash
        previous_hash = event.hash
        checked += 1
    return checked


def verify() -> None:
    total = AuditEvent.objects.count()
    began = time.monotonic()
    result = services.verify_trail()
    new = time.monotonic() - began
    print(
        f"full verification, streamed rows: {result.events} events in {new:.1f} s "
        f"({result.events / new:,.0f}/s); intact={result.intact}"
    )
    began = time.monotonic()
    checked = _old_walk()
    old = time.monotonic() - began
    print(
        f"full verification, model instances (before): {checked} in {old:.1f} s "
        f"({checked / old:,.0f}/s)"
    )
    checkpoint, _ = services.write_checkpoint()
    for _ in range(1000):
        services.audit_log(actor=None, action="tests.bench.made")
    began = time.monotonic()
    result = services.verify_trail(since_last_checkpoint=True)
    print(
        f"incremental since a checkpoint: {result.events} events in "
        f"{time.monotonic() - began:.2f} s (trail {total} events, checkpoint {checkpoint})"
    )


QUERIES = {
    "who has seen this case (before: JSON detail)": (
        "SELECT * FROM audit_auditevent WHERE (detail -> 'case') = to_jsonb(%s::text) "
        "ORDER BY id DESC LIMIT 51",
        ["00000000-0000-4000-8000-000000000042"],
    ),
    "who has seen this case (after: case_id)": (
        "SELECT * FROM audit_auditevent WHERE case_id = %s ORDER BY id DESC LIMIT 51",
        ["00000000-0000-4000-8000-000000000042"],
    ),
    "trail first page: exact COUNT(*) (before)": (
        "SELECT COUNT(*) FROM audit_auditevent WHERE organisation_id IN (%s)",
        ["org-3"],
    ),
    "trail first page: count up to 1,001 (after)": (
        "SELECT COUNT(*) FROM (SELECT id FROM audit_auditevent WHERE organisation_id IN (%s) "
        "LIMIT 1001) t",
        ["org-3"],
    ),
    "trail first page rows, ordered by time (before)": (
        "SELECT * FROM audit_auditevent WHERE organisation_id IN (%s) "
        "ORDER BY occurred_at DESC, id DESC LIMIT 50",
        ["org-3"],
    ),
    "trail first page rows, by id (after)": (
        "SELECT * FROM audit_auditevent WHERE organisation_id IN (%s) ORDER BY id DESC LIMIT 51",
        ["org-3"],
    ),
    "trail deep page: OFFSET 20,000 (before)": (
        "SELECT * FROM audit_auditevent WHERE organisation_id IN (%s) "
        "ORDER BY occurred_at DESC, id DESC LIMIT 50 OFFSET 20000",
        ["org-3"],
    ),
    "trail deep page: id < x (after)": (
        "SELECT * FROM audit_auditevent WHERE organisation_id IN (%s) AND id < "
        "(SELECT max(id) / 2 FROM audit_auditevent) ORDER BY id DESC LIMIT 51",
        ["org-3"],
    ),
    "trail by actor (after)": (
        "SELECT * FROM audit_auditevent WHERE organisation_id IN (%s) AND actor_id = %s "
        "ORDER BY id DESC LIMIT 51",
        ["org-3", "43"],
    ),
    "trail by action prefix (after)": (
        "SELECT * FROM audit_auditevent WHERE organisation_id IN (%s) AND action LIKE %s "
        "ORDER BY id DESC LIMIT 51",
        ["org-3", "cases.%"],
    ),
    "trail by case reference (after)": (
        "SELECT * FROM audit_auditevent WHERE organisation_id IN (%s) AND case_reference = %s "
        "ORDER BY id DESC LIMIT 51",
        ["org-3", "S-42"],
    ),
}


def queries(dropped: bool = False) -> None:
    with connection.cursor() as cursor:
        for name, (sql, params) in QUERIES.items():
            timings = []
            for _ in range(5):
                began = time.monotonic()
                cursor.execute(sql, params)
                cursor.fetchall()
                timings.append(time.monotonic() - began)
            print(f"{name}: median {statistics.median(timings) * 1000:.1f} ms")


def lock(threads: int, requests: int, render_ms: int) -> None:
    def run(block: object) -> float:
        barrier = threading.Barrier(threads)
        errors: list[BaseException] = []

        def work() -> None:
            try:
                barrier.wait()
                for _ in range(requests):
                    with block():  # type: ignore[operator]
                        # A case page: access check, its audit event, then more queries
                        # and the rendering.
                        AuditEvent.objects.filter(case_id="x").exists()
                        services.audit_log(actor=None, action="cases.case.viewed")
                        AuditEvent.objects.filter(case_id="y").exists()
                        time.sleep(render_ms / 1000)
            except BaseException as error:
                errors.append(error)
            finally:
                connection.close()

        workers = [threading.Thread(target=work) for _ in range(threads)]
        began = time.monotonic()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert not errors, errors
        return time.monotonic() - began

    total = threads * requests
    for name, block in (
        ("before: event written at once, lock held to commit", transaction.atomic),
        ("after: audited_atomic, lock only for insert + commit", services.audited_atomic),
    ):
        elapsed = run(block)
        print(
            f"{name}: {total} transactions, {threads} threads, {render_ms} ms after the "
            f"event: {elapsed:.2f} s, {total / elapsed:.1f} transactions/s"
        )
    result = services.verify_trail(since_last_checkpoint=False)
    print(f"chain intact after both: {result.intact} ({result.events} events)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["generate", "verify", "queries", "lock"])
    parser.add_argument("count", nargs="?", type=int, default=200_000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=25)
    parser.add_argument("--render-ms", type=int, default=20)
    args = parser.parse_args()
    if args.what == "generate":
        generate(args.count)
    elif args.what == "verify":
        verify()
    elif args.what == "queries":
        queries()
    else:
        lock(args.threads, args.requests, args.render_ms)


if __name__ == "__main__":
    main()
