"""Bench-only instrumentation: the number of database queries a request made, as a header.

Enabled only when SAMVERN_BENCH_QUERY_HEADER=1 is in the environment (bench/run.py sets it
for the server it starts). It is never on in normal settings: a query count tells an outsider
something about the data behind a page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse

HEADER = "X-Query-Count"


class QueryCountHeaderMiddleware:
    """Counts the queries on the default connection while the request is handled (every
    later middleware, the view and the rendering of a non-streaming response)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counting(
            execute: Callable[[str, object, bool, dict[str, object]], object],
            sql: str,
            params: object,
            many: bool,
            context: dict[str, object],
        ) -> object:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response
