"""Latency measurement of pages, in process, with Django's test client.

The list of pages is data (PAGES): a URL name (or a plain path), arguments, a query string
and who asks. Pages whose URL name does not resolve in this installation are skipped and
reported as such, so the benchmark keeps working while apps come and go.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str = ""
    path: str = ""
    args: tuple[Any, ...] = ()
    query: str = ""
    user: str = ""  # username to log in as; empty for an anonymous visitor


PAGES: list[Page] = [
    Page("health check", path="/healthz"),
    Page("API: municipalities (2024, first page)", url_name="api-municipality-list"),
    Page(
        "API: municipalities (2019, all)",
        url_name="api-municipality-list",
        query="year=2019&limit=500",
    ),
    Page("API: one municipality", url_name="api-municipality-detail", args=(2024, "4601")),
    Page("places: municipality numbers", url_name="places:index"),
    Page("places: 2019 structure", url_name="places:index", query="year=2019"),
    Page("overview", url_name="overview:index"),
    Page("overview: 2019 structure", url_name="overview:index", query="structure=2019"),
    Page(
        "overview: one municipality",
        url_name="overview:municipality",
        args=(2024, "4601"),
    ),
    Page("open data: summary", url_name="api-overview-summary"),
    Page("open data: municipalities", url_name="api-overview-municipalities"),
    Page("open data: history", url_name="api-overview-history"),
    Page("plans: list (anonymous)", url_name="plans:list"),
    Page("plans: list (plan editor)", url_name="plans:list", user="bench.editor"),
]


@dataclass
class Result:
    label: str
    url: str
    user: str
    status: int | None = None
    samples_ms: list[float] = field(default_factory=list)
    queries: int | None = None
    skipped: str = ""

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.samples_ms) if self.samples_ms else None

    @property
    def p95_ms(self) -> float | None:
        if not self.samples_ms:
            return None
        ordered = sorted(self.samples_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "url": self.url,
            "user": self.user or None,
            "status": self.status,
            "requests": len(self.samples_ms),
            "median_ms": _round(self.median_ms),
            "p95_ms": _round(self.p95_ms),
            "min_ms": _round(min(self.samples_ms)) if self.samples_ms else None,
            "max_ms": _round(max(self.samples_ms)) if self.samples_ms else None,
            "queries": self.queries,
            "skipped": self.skipped or None,
        }


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def resolve(page: Page) -> str | None:
    """The URL to request, or None when the page does not exist in this installation."""
    if page.path:
        return page.path + (f"?{page.query}" if page.query else "")
    try:
        url = reverse(page.url_name, args=page.args)
    except NoReverseMatch:
        return None
    return url + (f"?{page.query}" if page.query else "")


def _client_for(username: str) -> Client | None:
    client = Client(raise_request_exception=False)
    if username:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            return None
        client.force_login(user)
    return client


def measure(
    pages: list[Page],
    *,
    requests: int,
    warmup: int = 2,
    page_budget_s: float = 30.0,
    total_budget_s: float | None = None,
) -> list[Result]:
    """Request every resolvable page `warmup` times untimed, once counting queries, then up
    to `requests` times timed. A page gets at most `page_budget_s` seconds, or its fair
    share of what is left of `total_budget_s`; it always gets at least three samples, so a
    very slow page is still measured, only less often."""
    results = [
        Result(label=page.label, url=resolve(page) or page.url_name, user=page.user)
        for page in pages
    ]
    todo: list[tuple[Page, Result, Client]] = []
    for page, result in zip(pages, results, strict=True):
        if resolve(page) is None:
            result.skipped = f"URL name {page.url_name!r} does not resolve"
            continue
        client = _client_for(page.user)
        if client is None:
            result.skipped = f"user {page.user!r} does not exist"
            continue
        todo.append((page, result, client))

    started = time.perf_counter()
    for index, (_page, result, client) in enumerate(todo):
        budget = page_budget_s
        if total_budget_s is not None:
            left = total_budget_s - (time.perf_counter() - started)
            budget = min(budget, max(left, 0.0) / (len(todo) - index))
        deadline = time.perf_counter() + budget
        for number in range(warmup):
            if time.perf_counter() > deadline:
                break
            _get(client, result.url, number)
        with CaptureQueriesContext(connection) as queries:
            result.status = _get(client, result.url, warmup)
        result.queries = len(queries.captured_queries)
        for number in range(requests):
            begin = time.perf_counter()
            _get(client, result.url, warmup + 1 + number)
            result.samples_ms.append((time.perf_counter() - begin) * 1000)
            if time.perf_counter() > deadline and len(result.samples_ms) >= 3:
                break
    return results


def _get(client: Client, url: str, number: int) -> int:
    # A different loopback address per request, so the public API's per-client throttle
    # does not turn a long run into 429s. The address only goes into the WSGI environ.
    address = f"127.0.{number // 250 % 250}.{number % 250 + 1}"
    response = client.get(url, REMOTE_ADDR=address)
    _ = response.content  # include rendering of lazy and streaming responses
    return response.status_code


def format_table(results: list[Result]) -> str:
    header = ("page", "status", "n", "median ms", "p95 ms", "queries")
    rows: list[tuple[tuple[str, ...], str]] = [(header, "")]
    for result in results:
        if result.skipped:
            rows.append(((result.label, "skipped", "", "", "", ""), result.skipped))
            continue
        cells = (
            result.label,
            str(result.status),
            str(len(result.samples_ms)),
            f"{result.median_ms:.1f}" if result.median_ms is not None else "",
            f"{result.p95_ms:.1f}" if result.p95_ms is not None else "",
            str(result.queries),
        )
        rows.append((cells, ""))
    widths = [max(len(cells[i]) for cells, _ in rows) for i in range(len(header))]
    lines = []
    for index, (cells, note) in enumerate(rows):
        line = "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
            for i, cell in enumerate(cells)
        )
        lines.append(f"{line}  ({note})" if note else line.rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)
