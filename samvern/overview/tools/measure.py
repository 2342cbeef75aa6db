"""Time the public overview in process on a national-scale database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \
        .venv/bin/python samvern/overview/tools/measure.py [--setup] [--requests 15]

`--setup` migrates the database, loads the reference data and generates the benchmark's
synthetic plans (bench/synthetic.py) when the database holds none. Each page is timed
"cold" (the first request after a plan changed, so nothing precomputed can be reused) and
"warm" (median of the following requests), with the number of queries of one request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]

PAGES = [
    ("overview 2024", "/overview/?structure=2024"),
    ("overview 2019", "/overview/?structure=2019"),
    ("county table by share", "/overview/?structure=2024&sort=share&dir=desc"),
    ("municipality page", "/overview/municipality/2024/4601/"),
    ("coverage JSON", "/api/v1/overview/municipalities/?structure=2024&format=json"),
    ("coverage CSV", "/api/v1/overview/municipalities/?structure=2024&format=csv"),
    ("summary JSON", "/api/v1/overview/summary/?structure=2024&format=json"),
    ("history JSON", "/api/v1/overview/history/?structure=2024&format=json"),
]


def _touch_a_plan() -> None:
    """A write that changes the data state, as a correction would."""
    from samvern.plans.models import Plan

    plan = Plan.objects.order_by("pk").first()
    if plan is not None:
        plan.save(update_fields=["updated_at"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--requests", type=int, default=15)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from samvern.plans.models import Plan

    if args.setup:
        call_command("migrate", verbosity=0)
        call_command("load_reference_data", verbosity=0)
        if not Plan.objects.exists():
            from bench.synthetic import build_dataset

            print(build_dataset(today=dt.date.today()).as_dict())
    client = Client()
    queries: list[str] = []

    def counter(run: Any, sql: str, *rest: Any) -> Any:
        queries.append(sql)
        return run(sql, *rest)

    print(f"{'page':28} {'cold ms':>8} {'warm p50':>9} {'warm max':>9} {'queries cold/warm':>8}")
    for label, url in PAGES:
        _touch_a_plan()
        start = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        _touch_a_plan()
        with connection.execute_wrapper(counter):
            client.get(url)
        cold_queries = len(queries)
        queries.clear()
        with connection.execute_wrapper(counter):
            client.get(url)
        queries_warm = len(queries)
        queries.clear()
        samples = []
        for _ in range(args.requests):
            start = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        print(
            f"{label:28} {cold:8.0f} {statistics.median(samples):9.1f} "
            f"{max(samples):9.1f} {cold_queries:7}/{queries_warm}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
