"""The benchmark harness (bench/harness.py, bench/run.py) against a live server: a login
through the real forms with CSRF and a TOTP code, pages measured over HTTP by concurrent
clients, the budgets beside the figures, and the bench-only query header (off unless
asked for)."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.harness import (
    Login,
    LoginFailed,
    Measurement,
    Page,
    Session,
    failed_checks,
    format_markdown,
    last_page_number,
    links,
    login,
    measure_page,
    totp_code,
)
from bench.run import bench_database_url
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member

MIDDLEWARE = "samvern.core.benchmark.QueryCountHeaderMiddleware"
PASSWORD = "benchmark-password-2026"


def test_query_count_header_is_off_in_normal_settings(client, db):
    assert MIDDLEWARE not in settings.MIDDLEWARE
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "X-Query-Count" not in response


def test_query_count_header_counts_the_queries_of_the_request(client, db, settings):
    settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["X-Query-Count"] == str(len(queries.captured_queries))
    assert int(response["X-Query-Count"]) >= 1


def test_totp_codes_are_the_ones_django_otp_accepts():
    key = "3132333435363738393031323334353637383930"  # RFC 6238's test key
    assert totp_code(key, at=59) == "287082"
    assert totp_code(key, at=1111111109) == "081804"
    assert totp_code(key) == f"{totp(bytes.fromhex(key)):06d}"
    # The same key written in base32, as an authenticator app takes it.
    assert totp_code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", at=59) == "287082"


def _case_worker(organisation):
    user = make_member(organisation, Role.CASE_WORKER)
    user.set_password(PASSWORD)
    user.save()
    return user, TOTPDevice.objects.get(user=user).key


@pytest.mark.bench
def test_logs_in_through_the_forms_and_measures_pages_over_http(live_server, bergen_org):
    user, key = _case_worker(bergen_org)

    cookies = login(live_server.url, Login(user.username, PASSWORD, key))

    floor = Page("floor", "/accounts/me/", role="case_worker", group="floor")
    measured = measure_page(
        live_server.url, floor, cookies=cookies, clients=2, requests=4, seconds=5
    )
    assert measured.statuses == {200: 4}
    assert len(measured.samples_ms) == 4
    assert measured.p50 is not None and measured.p99 >= measured.p50
    assert measured.requests_per_s > 0
    assert measured.load_before is not None and measured.load_after is not None
    # The live server runs the test settings: no query header, so no query figures.
    assert measured.queries == []

    # Without the cookies the same page sends the visitor to the login form.
    status, headers, _body = Session(live_server.url).get("/accounts/me/")
    assert status == 302 and "/accounts/login/" in headers["location"]


@pytest.mark.bench
def test_a_wrong_password_or_code_is_a_failed_login(live_server, bergen_org):
    user, _key = _case_worker(bergen_org)
    with pytest.raises(LoginFailed, match="login form answered 200"):
        login(live_server.url, Login(user.username, "not-the-password", ""))
    with pytest.raises(LoginFailed, match="one-time code was refused"):
        login(live_server.url, Login(user.username, PASSWORD, "00" * 20))


def _measurement(label, clients, samples, group="public", document=False):
    result = Measurement(label, "/", group, "", clients, document=document)
    result.samples_ms = list(samples)
    result.statuses[200] = len(samples)
    result.wall_s = sum(samples) / 1000 / clients
    return result


def test_budgets_are_marked_beside_the_figures():
    measurements = [
        _measurement("floor", 1, [10] * 20, group="floor"),
        _measurement("quick page", 1, [20] * 20),
        _measurement("slow page", 1, [40] * 18 + [150, 160]),
        _measurement("slow page", 8, [300] * 18 + [600, 700]),
        _measurement("document", 1, [1500] * 5, group="documents", document=True),
        _measurement("floor", 1, [12] * 20, group="floor"),
    ]

    assert failed_checks(measurements) == [
        "slow page (1 clients): p95_le_100ms",
        "slow page (1 clients): p50_le_3x_floor",
        "slow page (8 clients): p95_le_500ms",
    ]
    table = format_markdown(measurements).splitlines()
    assert table[0].startswith("| page | clients |")
    assert "| quick page | 1 | 200×20 | 20 | 20.0 | 2.00 ✓ | 20.0 ✓ |" in table[3]
    assert "| slow page | 1 | 200×20 | 20 | 40.0 | 4.00 ✗ | 150.0 ✗ |" in table[4]
    assert "600.0" in table[5] and "✗" in table[5]
    assert "1500.0 ✓" in table[6]


def test_links_and_page_numbers_are_found_in_html():
    html = (
        b'<a href="/cases/0a0b0c0d-0000-4000-8000-000000000001/">A</a>'
        b'<a href="/cases/0a0b0c0d-0000-4000-8000-000000000001/?tab=x">again</a>'
        b'<a href="/cases/refer/">refer</a><a href="?page=2">2</a><a href="?tab=a&page=17">17</a>'
    )
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    assert links(html, f"/cases/{uuid}/") == ["/cases/0a0b0c0d-0000-4000-8000-000000000001/"]
    assert last_page_number(html) == 17
    assert last_page_number(b"<p>one page</p>") == 1


def test_the_bench_database_is_beside_the_configured_one():
    assert bench_database_url(None)[0] == "sqlite"
    assert bench_database_url(None)[1].endswith("var/bench/bench.sqlite3")
    assert bench_database_url("postgres://u@127.0.0.1:5432/samvern") == (
        "postgresql",
        "postgres://u@127.0.0.1:5432/samvern_bench",
    )
