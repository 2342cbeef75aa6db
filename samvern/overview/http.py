"""HTTP caching of the public overview: validators from the data state, headers for shared
caches, and 304 answers to conditional requests.

The figures depend only on the state of the plan and reference data (`precomputed.
data_state`), the day, the request's address and its language; a response also depends on
the templates and translations installed (`release_digest`). Pages are personal for a
signed-in user (the header names them and their organisation), so theirs are `private,
no-cache` and carry no validator. An anonymous visitor's page holds a CSRF token tied to
their cookie (the language switch is a form), so it varies on Cookie and its ETag includes
the Cookie header: a cache never hands one visitor's token to another.
Shared caches take the load of the open data; the pages' own cost is kept low by the
precomputed figures.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from samvern.overview.precomputed import DataState, data_state

PRIVATE_CACHE_CONTROL = "private, no-cache"
# An anonymous visitor's browser keeps its copy briefly and then revalidates it (304 while
# the figures are unchanged). Not `public`: the CSRF middleware sends the visitor's CSRF
# cookie with every page that holds a token, and a shared cache must not pass that on. The
# open data (no cookies, no token) is `public` (`samvern.api.public.PUBLIC_CACHE_CONTROL`).
BROWSER_CACHE_CONTROL = "private, max-age=60, stale-while-revalidate=300"


def data_state_of(request: Any) -> DataState:
    """The data state, read once per request (the ETag and the figures share it)."""
    state = getattr(request, "_overview_data_state", None)
    if state is None:
        state = data_state()
        request._overview_data_state = state
    return state


@lru_cache(maxsize=1)
def release_digest() -> str:
    """Changes when the installed templates or translations change (a new release), so
    that a cached page or file is not kept across an upgrade that changed its form."""
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", base / "locale", *sorted((base / "samvern").glob("*/templates"))]
    roots += sorted((base / "samvern").glob("*/locale"))
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".html", ".txt", ".mo"}:
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _page_etag(request: HttpRequest) -> str:
    raw = "|".join(
        (
            request.get_full_path(),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            request.META.get("HTTP_COOKIE", ""),
            data_state_of(request).digest,
            release_digest(),
        )
    )
    return 'W/"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def _strong(tag: str) -> str:
    return tag.removeprefix("W/")


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache headers and conditional GET for a public overview page (see the module)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in {"GET", "HEAD"} or request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = PRIVATE_CACHE_CONTROL
            patch_vary_headers(response, ["Cookie"])
            return response
        etag = _page_etag(request)
        asked = {_strong(tag) for tag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))}
        if _strong(etag) in asked or "*" in asked:
            response = HttpResponseNotModified()
            response["ETag"] = etag
            response["Cache-Control"] = BROWSER_CACHE_CONTROL
            patch_vary_headers(response, ["Cookie"])
            return response
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if response.status_code != 200:
            response["Cache-Control"] = PRIVATE_CACHE_CONTROL
            return response
        response["ETag"] = etag
        response["Cache-Control"] = BROWSER_CACHE_CONTROL
        return response

    return wrapped
