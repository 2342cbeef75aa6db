"""Shared fixtures: reference data and the personas every view test uses.

Personas (see docs/architecture.md): in the municipality of Bergen, *alice* edits plans,
*bob* reads them (a councillor), *dora* administers the organisation; *charlie* edits plans
for Stavanger (an outsider to Bergen's plans). Every persona of the suite is defined in
samvern/accounts/tests/personas.py; the case-layer ones are built by the cases app's world.
"""

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from samvern.accounts.models import OrganisationKind
from samvern.accounts.testing import login
from samvern.accounts.tests import personas
from samvern.places.models import Municipality

# --- A moved clock -------------------------------------------------------------------
# SAMVERN_TEST_CLOCK=2029-03-01 runs the whole suite as if that were today (the clock keeps
# ticking from there). `make test` does one such run, so a test that mixes a fixed date with
# the real clock fails in CI long before the calendar reaches it.

_moved_clock = None


def pytest_configure(config):
    global _moved_clock
    moved_to = os.environ.get("SAMVERN_TEST_CLOCK", "").strip()
    if not moved_to:
        return
    import time_machine

    day = dt.date.fromisoformat(moved_to)
    _moved_clock = time_machine.travel(
        dt.datetime.combine(day, dt.time(9, 30), tzinfo=dt.UTC), tick=True
    )
    _moved_clock.start()


def pytest_unconfigure(config):
    if _moved_clock is not None:
        _moved_clock.stop()


def pytest_report_header(config):
    moved_to = os.environ.get("SAMVERN_TEST_CLOCK", "").strip()
    return [f"clock moved to {moved_to}"] if moved_to else []


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language. A request through LocaleMiddleware leaves
    its language active in the thread, which would otherwise leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the throttles count requests in it, and one
    test's requests must not use up the next one's allowance."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(scope="session")
def shared_db(django_db_setup, django_db_blocker):
    """Build data once and share it across the tests of a module (or class), then roll it
    back: `with shared_db(): yield build()` in a module-scoped fixture. Each test still
    runs inside its own savepoint (its `db` fixture), so what a test writes is undone
    after it and the next test sees the shared data as built. Only for tests that use
    `db` (not `transactional_db` or `live_server`, which would flush the shared data).
    The reference data is there, as with the `reference_data` fixture."""

    @contextmanager
    def _shared() -> Iterator[None]:
        with django_db_blocker.unblock(), transaction.atomic():
            try:
                _ensure_reference_data()
                yield
            finally:
                transaction.set_rollback(True)

    return _shared


def _ensure_reference_data() -> None:
    if not Municipality.objects.filter(year=2024).exists():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture
def reference_data(db):
    """Reference data is loaded once per test database; a transactional test (browser
    tests) flushes it, so reload when it is missing."""
    _ensure_reference_data()


@pytest.fixture
def bergen(reference_data):
    return Municipality.objects.get(year=2024, code="4601")


@pytest.fixture
def askoy(reference_data):
    return Municipality.objects.get(year=2024, code="4627")


@pytest.fixture
def stavanger(reference_data):
    return Municipality.objects.get(year=2024, code="1103")


@pytest.fixture
def bergen_org(bergen):
    return personas.make_organisation(
        "Bergen kommune", OrganisationKind.MUNICIPALITY, municipalities=[bergen]
    )


@pytest.fixture
def stavanger_org(stavanger):
    return personas.make_organisation(
        "Stavanger kommune", OrganisationKind.MUNICIPALITY, municipalities=[stavanger]
    )


@pytest.fixture
def alice(bergen_org):
    return personas.make_persona(personas.ALICE, bergen_org)


@pytest.fixture
def bob(bergen_org):
    return personas.make_persona(personas.BOB, bergen_org)


@pytest.fixture
def dora(bergen_org):
    return personas.make_persona(personas.DORA, bergen_org)


@pytest.fixture
def charlie(stavanger_org):
    return personas.make_persona(personas.CHARLIE, stavanger_org)


@pytest.fixture
def actor():
    """`actor(user, organisation=None)`: the Actor a test acts as (`personas.actor_for`)."""
    return personas.actor_for


@pytest.fixture
def login_as(client):
    def _login(user):
        return login(client, user)

    return _login


# --- Browser tests -------------------------------------------------------------------
# Playwright (Python) drives Debian's Chromium; no browser is ever downloaded. Tests that
# use `page` are marked `browser` and skipped, with a clear reason, when no Chromium exists.

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
SCREENSHOT_DIR = Path(__file__).resolve().parent / "var" / "screenshots"


def chromium_path() -> str | None:
    explicit = os.environ.get("SAMVERN_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return next((path for path in CHROMIUM_CANDIDATES if Path(path).exists()), None)


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    skip = pytest.mark.skip(reason="no Chromium installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not chromium_path():
        terminalreporter.write_line(
            "Browser tests skipped: no Chromium found (install Debian's 'chromium').",
            yellow=True,
        )


@pytest.fixture
def browser_page(live_server, reference_data):
    """A Playwright page in a fresh headless Chromium, and the live server's base URL.

    Usage: `def test_x(browser_page): page, base = browser_page; page.goto(base + "/")`.
    Screenshots go to var/screenshots/ (see `screenshot`).
    """
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes around it are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        # Reduced motion: a <details> then opens at once instead of growing for 0.4 s, so a
        # click on a busy machine never lands on a button that is still being revealed.
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="nb-NO", reduced_motion="reduce"
        )
        page = context.new_page()
        try:
            yield page, live_server.url
        finally:
            context.close()
            browser.close()


@pytest.fixture
def screenshot():
    def _take(page, name: str) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take


AXE_SCRIPT = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_SERIOUS = ("serious", "critical")


@pytest.fixture
def axe():
    """Run axe-core (pinned in package.json) on a Playwright page and return its violations
    of impact serious or critical. The script is evaluated through the DevTools protocol,
    which the page's CSP does not govern, so the page keeps its real CSP while it is tested.

    Usage: `assert axe(page) == []`; each violation is `{"id", "impact", "help", "nodes"}`
    with the offending elements' selectors in `nodes`.
    """
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run `make install` (npm ci installs it)")
    source = AXE_SCRIPT.read_text(encoding="utf-8")

    def _run(page) -> list[dict]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        found = page.evaluate(
            """async () => {
                const result = await axe.run(document, {resultTypes: ["violations"]});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(" ")),
                }));
            }"""
        )
        return [violation for violation in found if violation["impact"] in AXE_SERIOUS]

    return _run
