#!/usr/bin/env python
"""Latency benchmark against national-scale synthetic data (see bench/README.md).

    .venv/bin/python bench/run.py [--requests 30] [--warmup 2] [--municipalities N]

Builds a separate database (SQLite in var/bench/bench.sqlite3, or `<name>_bench` on the
PostgreSQL server named by DATABASE_URL), migrates it, loads the reference data and the
synthetic plans, then measures the pages in bench/harness.py:PAGES. Prints a table and
writes var/bench/results.json. The development database is never touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "var" / "bench"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per page first")
    parser.add_argument(
        "--page-budget", type=float, default=20.0, help="seconds at most per page (≥3 samples)"
    )
    parser.add_argument(
        "--time-budget",
        type=float,
        default=150.0,
        help="seconds for measuring all pages together, shared out page by page",
    )
    parser.add_argument(
        "--municipalities",
        type=int,
        default=None,
        help="use only the first N municipalities of each structure (quick trial runs)",
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--output", type=Path, default=OUT_DIR / "results.json")
    return parser.parse_args()


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Measure what production runs: no debug toolbar of queries, no demo mode.
    os.environ["DEBUG"] = "0"
    os.environ.pop("SAMVERN_DEMO", None)
    import django

    django.setup()


def _create_bench_database() -> tuple[str, str]:
    """Create a fresh database beside the configured one, like the test runner does."""
    from django.conf import settings
    from django.db import connection

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        bench_name = str(OUT_DIR / "bench.sqlite3")
    else:
        bench_name = f"{database['NAME']}_bench"
    database.setdefault("TEST", {})["NAME"] = bench_name
    old_name = database["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return old_name, bench_name


def main() -> int:
    args = _arguments()
    _setup_django()

    from django.core.management import call_command
    from django.db import connection

    from bench.harness import PAGES, format_table, measure
    from bench.synthetic import build_dataset

    started = time.perf_counter()
    _, bench_name = _create_bench_database()
    print(f"Benchmark database: {connection.vendor} {bench_name}")
    call_command("load_reference_data", verbosity=0)
    today = dt.date.today()
    dataset = build_dataset(today=today, municipality_limit=args.municipalities, seed=args.seed)
    _add_bench_user()
    setup_seconds = time.perf_counter() - started
    print(f"Data ready in {setup_seconds:.1f} s: {dataset.as_dict()}")

    results = measure(
        PAGES,
        requests=args.requests,
        warmup=args.warmup,
        page_budget_s=args.page_budget,
        total_budget_s=args.time_budget,
    )
    print()
    print(format_table(results))
    for result in results:
        if result.skipped:
            print(f"Skipped {result.label}: {result.skipped}")

    report = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": connection.vendor, "name": bench_name},
        "python": platform.python_version(),
        # Other work on the machine shows up in the latencies; the load says how much.
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        },
        "settings": {
            "requests": args.requests,
            "warmup": args.warmup,
            "page_budget_s": args.page_budget,
            "time_budget_s": args.time_budget,
            "seed": args.seed,
        },
        "dataset": dataset.as_dict(),
        "setup_seconds": round(setup_seconds, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
        "pages": [result.as_dict() for result in results],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nResults written to {args.output} ({report['total_seconds']} s in all).")
    failed = [r for r in results if not r.skipped and r.status is not None and r.status >= 500]
    return 1 if failed else 0


def _add_bench_user() -> None:
    """A plan editor for Bergen (or the first municipality there is), for pages behind
    login."""
    from samvern.accounts.models import Membership, Organisation, Role, User

    organisations = Organisation.objects.order_by("name")
    organisation = (
        organisations.filter(municipalities__year=2024, municipalities__code="4601").first()
        or organisations.first()
    )
    user = User.objects.create_user(
        username="bench.editor", email="bench.editor@example.invalid", password=None
    )
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=Role.PLAN_EDITOR)


if __name__ == "__main__":
    sys.exit(main())
