"""Load generation against a running Samvern server over HTTP (see bench/README.md).

Nothing here imports Django's request machinery: the pages are requested through a real
socket, as a browser would, with the session and CSRF cookies the server sets. The pieces:

- `Session`: one keep-alive HTTP connection with its own cookie jar.
- `login`: the login form with its CSRF token, then the one-time-code form with a TOTP
  code, as a person logs in.
- `measure_page`: a page requested by N clients in threads, for a fixed number of requests
  or seconds, whichever comes first; latencies, statuses, the X-Query-Count header of the
  server's bench middleware, the peak memory of the worker processes, the load average.
- `evaluate` and `format_markdown`: the budgets beside each figure, with pass/fail marks.

Only the standard library is used (http.client, threads), so the load generator adds no
dependency and no event loop of its own to what is measured.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import http.client
import math
import os
import re
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

# Budgets (2 cores, national scale, PostgreSQL): see docs/performance.md.
BUDGET_P95_ONE_MS = 100.0
BUDGET_FLOOR_RATIO = 3.0
BUDGET_P95_MANY_MS = 500.0
BUDGET_DOCUMENT_MS = 2000.0


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    role: str = ""  # key into the logins; empty for an anonymous visitor
    group: str = "public"  # floor, public, plan editor, case worker, dpo, api, documents
    document: bool = False  # measured per request against the document budget


@dataclass
class Login:
    username: str
    password: str
    totp_secret: str = ""  # base32 (as an authenticator app takes it) or hex


# --- HTTP -------------------------------------------------------------------------------


class Session:
    """A client: one keep-alive connection to the server and the cookies it was given."""

    def __init__(self, base_url: str, cookies: dict[str, str] | None = None) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.cookies: dict[str, str] = dict(cookies or {})
        self._connection: http.client.HTTPConnection | None = None

    def _conn(self) -> http.client.HTTPConnection:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None, referer: str = ""
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "nb"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if referer:
            headers["Referer"] = referer
        for attempt in (1, 2):
            try:
                connection = self._conn()
                connection.request(method, path, body=data, headers=headers)
                response = connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed a kept-alive connection (gunicorn's keep-alive ends);
                # open a new one once.
                self.close()
                if attempt == 2:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            cookie_value = rest.split(";", 1)[0]
            if "expires=Thu, 01 Jan 1970" in value or "Max-Age=0" in value:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = cookie_value
        if response.headers.get("Connection", "").lower() == "close":
            self.close()
        return response.status, {k.lower(): v for k, v in response.headers.items()}, content

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path)


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _csrf_token(html: bytes) -> str:
    match = _CSRF_INPUT.search(html)
    if match is None:
        raise LoginFailed("no CSRF token in the form")
    return match.group(1).decode()


class LoginFailed(RuntimeError):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status  # the server's answer, when it answered


def totp_code(secret: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 code for a base32 or hex secret (what django-otp's TOTP devices check)."""
    key = _secret_bytes(secret)
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def _secret_bytes(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").strip()
    if re.fullmatch(r"[0-9a-fA-F]+", cleaned) and len(cleaned) % 2 == 0:
        return binascii.unhexlify(cleaned)
    padded = cleaned.upper() + "=" * (-len(cleaned) % 8)
    return base64.b32decode(padded)


def login(base_url: str, credentials: Login) -> dict[str, str]:
    """Log in through the forms and return the session's cookies. Raises LoginFailed."""
    session = Session(base_url)
    login_path = "/accounts/login/"
    status, _headers, html = session.get(login_path)
    if status != 200:
        raise LoginFailed(f"login page answered {status}", status)
    status, headers, html = session.request(
        "POST",
        login_path,
        {
            "csrfmiddlewaretoken": _csrf_token(html),
            "username": credentials.username,
            "password": credentials.password,
        },
        referer=base_url + login_path,
    )
    if status != 302:
        raise LoginFailed(f"{credentials.username}: the login form answered {status}", status)
    location = headers.get("location", "")
    if "/accounts/two-factor/" in location:
        if not credentials.totp_secret:
            raise LoginFailed(f"{credentials.username} needs a second factor; no secret given")
        path = urlsplit(urljoin(base_url + login_path, location))
        two_factor = path.path + (f"?{path.query}" if path.query else "")
        status, _headers, html = session.get(two_factor)
        if status != 200:
            raise LoginFailed(f"two-factor page answered {status}", status)
        status, headers, _html = session.request(
            "POST",
            two_factor,
            {"csrfmiddlewaretoken": _csrf_token(html), "code": totp_code(credentials.totp_secret)},
            referer=base_url + two_factor,
        )
        if status != 302 or "/accounts/two-factor/" in headers.get("location", ""):
            raise LoginFailed(
                f"{credentials.username}: the one-time code was refused ({status})", status
            )
    session.close()
    return session.cookies


# --- measuring --------------------------------------------------------------------------


@dataclass
class Measurement:
    label: str
    path: str
    group: str
    role: str
    clients: int
    document: bool = False
    samples_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    queries: list[int] = field(default_factory=list)
    wall_s: float = 0.0
    peak_worker_rss_mb: float | None = None
    load_before: float | None = None
    load_after: float | None = None
    error: str = ""

    def percentile(self, share: float) -> float | None:
        if not self.samples_ms:
            return None
        ordered = sorted(self.samples_ms)
        return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]  # nearest rank

    @property
    def p50(self) -> float | None:
        return self.percentile(0.50)

    @property
    def p95(self) -> float | None:
        return self.percentile(0.95)

    @property
    def p99(self) -> float | None:
        return self.percentile(0.99)

    @property
    def requests_per_s(self) -> float | None:
        return len(self.samples_ms) / self.wall_s if self.wall_s > 0 and self.samples_ms else None

    @property
    def queries_per_request(self) -> float | None:
        return sum(self.queries) / len(self.queries) if self.queries else None

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def main_status(self) -> int | None:
        return self.statuses.most_common(1)[0][0] if self.statuses else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "path": self.path,
            "group": self.group,
            "role": self.role or None,
            "clients": self.clients,
            "document": self.document,
            "requests": len(self.samples_ms),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "p50_ms": _round(self.p50),
            "p95_ms": _round(self.p95),
            "p99_ms": _round(self.p99),
            "max_ms": _round(max(self.samples_ms)) if self.samples_ms else None,
            "requests_per_s": _round(self.requests_per_s),
            "queries_per_request": _round(self.queries_per_request),
            "queries_min_max": [min(self.queries), max(self.queries)] if self.queries else None,
            "peak_worker_rss_mb": _round(self.peak_worker_rss_mb),
            "load_before": self.load_before,
            "load_after": self.load_after,
            "error": self.error or None,
        }


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def worker_pids(master_pid: int) -> list[int]:
    """The gunicorn workers: the master's children, from /proc."""
    children: list[int] = []
    for task in Path(f"/proc/{master_pid}/task").glob("*/children"):
        try:
            children.extend(int(pid) for pid in task.read_text().split())
        except OSError:
            continue
    return children


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class MemorySampler:
    """Samples the resident memory of the worker processes every `interval` seconds and
    keeps the largest single worker's figure."""

    def __init__(self, master_pid: int | None, interval: float = 0.1) -> None:
        self.master_pid = master_pid
        self.interval = interval
        self.peak: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        if self.master_pid is None:
            return
        for pid in worker_pids(self.master_pid):
            value = rss_mb(pid)
            if value is not None and (self.peak is None or value > self.peak):
                self.peak = value

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def measure_page(
    base_url: str,
    page: Page,
    *,
    cookies: dict[str, str] | None,
    clients: int,
    requests: int,
    seconds: float,
    warmup: int = 1,
    master_pid: int | None = None,
) -> Measurement:
    """`clients` threads, each with its own connection and a copy of the cookies, share
    `requests` requests; each stops when they are used up or `seconds` have passed (but
    every client makes at least one). Warm-up requests are not timed."""
    result = Measurement(
        label=page.label,
        path=page.path,
        group=page.group,
        role=page.role,
        clients=clients,
        document=page.document,
    )
    sessions = [Session(base_url, cookies) for _ in range(clients)]
    try:
        for number in range(warmup):
            sessions[number % clients].get(page.path)
    except OSError as error:
        result.error = f"warm-up failed: {error}"
        return result

    lock = threading.Lock()
    left = [requests]
    errors: list[str] = []
    result.load_before = round(os.getloadavg()[0], 2)

    def client(session: Session) -> None:
        deadline = time.perf_counter() + seconds
        made = 0
        while True:
            with lock:
                if left[0] <= 0 or (made and time.perf_counter() > deadline):
                    return
                left[0] -= 1
            begin = time.perf_counter()
            try:
                status, headers, _body = session.get(page.path)
            except OSError as error:
                with lock:
                    errors.append(str(error))
                    result.statuses[599] += 1
                session.close()
                made += 1
                continue
            elapsed = (time.perf_counter() - begin) * 1000
            made += 1
            with lock:
                result.samples_ms.append(elapsed)
                result.statuses[status] += 1
                count = headers.get("x-query-count")
                if count is not None and count.isdigit():
                    result.queries.append(int(count))

    threads = [threading.Thread(target=client, args=(session,)) for session in sessions]
    with MemorySampler(master_pid) as memory:
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.wall_s = time.perf_counter() - started
    result.peak_worker_rss_mb = memory.peak
    result.load_after = round(os.getloadavg()[0], 2)
    for session in sessions:
        session.close()
    if errors:
        result.error = f"{len(errors)} connection errors, first: {errors[0]}"
    return result


# --- budgets and tables -----------------------------------------------------------------


def floor_p50(measurements: list[Measurement]) -> float | None:
    """The floor's median at one client: the lower of its first and last measurement, so
    that a machine that got busier during the run does not flatter the ratios."""
    values = [
        m.p50 for m in measurements if m.group == "floor" and m.clients == 1 and m.p50 is not None
    ]
    return min(values) if values else None


def evaluate(measurement: Measurement, floor: float | None) -> dict[str, Any]:
    """The budgets that apply to one measurement, each with its figure and a pass mark."""
    checks: dict[str, Any] = {}
    p50, p95 = measurement.p50, measurement.p95
    if p95 is None:
        return checks
    if measurement.document:
        if measurement.clients == 1:
            checks["p95_le_2000ms"] = p95 <= BUDGET_DOCUMENT_MS
    elif measurement.clients == 1:
        checks["p95_le_100ms"] = p95 <= BUDGET_P95_ONE_MS
        if floor and p50 is not None and measurement.group != "floor":
            checks["p50_le_3x_floor"] = p50 <= BUDGET_FLOOR_RATIO * floor
    else:
        checks["p95_le_500ms"] = p95 <= BUDGET_P95_MANY_MS
    return checks


def _fmt(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _mark(ok: bool | None) -> str:
    return "" if ok is None else (" ✓" if ok else " ✗")


def format_markdown(measurements: list[Measurement]) -> str:
    """One row per page and number of clients, the budget beside the figure it is about."""
    floor = floor_p50(measurements)
    lines = [
        "| page | clients | status | n | p50 ms | × floor | p95 ms | p99 ms | req/s "
        "| queries | peak worker MB | load before→after |",
        "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for m in measurements:
        checks = evaluate(m, floor)
        ratio = m.p50 / floor if floor and m.p50 is not None else None
        if m.document:
            p95_cell = _fmt(m.p95) + _mark(checks.get("p95_le_2000ms"))
        elif m.clients == 1:
            p95_cell = _fmt(m.p95) + _mark(checks.get("p95_le_100ms"))
        else:
            p95_cell = _fmt(m.p95) + _mark(checks.get("p95_le_500ms"))
        ratio_cell = _fmt(ratio, 2) + _mark(checks.get("p50_le_3x_floor"))
        statuses = ", ".join(f"{k}×{v}" for k, v in sorted(m.statuses.items())) or m.error
        queries = m.queries_per_request
        lines.append(
            f"| {m.label} | {m.clients} | {statuses} | {len(m.samples_ms)} | {_fmt(m.p50)} "
            f"| {ratio_cell} | {p95_cell} | {_fmt(m.p99)} | {_fmt(m.requests_per_s)} "
            f"| {_fmt(queries, 0) if queries is not None else ''} "
            f"| {_fmt(m.peak_worker_rss_mb, 0)} | {m.load_before}→{m.load_after} |"
        )
    return "\n".join(lines)


def failed_checks(measurements: list[Measurement]) -> list[str]:
    floor = floor_p50(measurements)
    failed = []
    for m in measurements:
        for name, ok in evaluate(m, floor).items():
            if not ok:
                failed.append(f"{m.label} ({m.clients} clients): {name}")
    return failed


# --- finding links ------------------------------------------------------------------------

_HREF = re.compile(rb'href="([^"#?]*)(\?[^"#]*)?')


def links(html: bytes, pattern: str) -> list[str]:
    """The paths in `href`s of a page that match `pattern` (a regular expression on the
    path), in document order, without repeats."""
    compiled = re.compile(pattern)
    seen: list[str] = []
    for match in _HREF.finditer(html):
        path = match.group(1).decode()
        if compiled.fullmatch(path) and path not in seen:
            seen.append(path)
    return seen


def last_page_number(html: bytes) -> int:
    """The highest `page=N` a page links to (1 when it links to none)."""
    numbers = [int(n) for n in re.findall(rb"[?&;]page=(\d+)", html)]
    return max(numbers, default=1)
