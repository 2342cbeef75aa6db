#!/usr/bin/env python
"""Benchmark through a real HTTP server (see bench/README.md).

    .venv/bin/python bench/run.py --scale small|national [--workers 2] [--smoke]

Builds a separate database (SQLite in var/bench/bench.sqlite3, or `<name>_bench` on the
PostgreSQL server named by DATABASE_URL), migrates it, loads the reference data and the
synthetic data of the chosen scale, starts gunicorn with the production settings (no TLS)
on a free loopback port, logs in through the login forms, and requests every page of
`pages()` at 1 and 8 concurrent clients. Writes JSON and Markdown to bench/results/.
Exits non-zero only when the server answered with an error (5xx) or could not be measured,
never because of a timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import (  # noqa: E402
    Login,
    LoginFailed,
    Measurement,
    Page,
    Session,
    failed_checks,
    floor_p50,
    format_markdown,
    last_page_number,
    links,
    login,
    measure_page,
)

VAR_BENCH = ROOT / "var" / "bench"
RESULTS_DIR = ROOT / "bench" / "results"
LOGINS_FILE = VAR_BENCH / "logins.json"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scale", choices=["small", "national"], default="national")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument(
        "--clients", default="1,8", help="numbers of concurrent clients, comma-separated"
    )
    parser.add_argument("--requests", type=int, default=60, help="requests per page and load")
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="at most this long per page and load"
    )
    parser.add_argument(
        "--document-requests", type=int, default=5, help="requests per document and load"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="every page twice at one client, no timing figures worth reading (for CI)",
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the bench database of an earlier run (same scale) instead of rebuilding it",
    )
    parser.add_argument("--only", default="", help="only pages whose label contains this")
    parser.add_argument("--output-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument("--note", default="", help="a remark kept with the results")
    return parser.parse_args(argv)


# --- environment ------------------------------------------------------------------------


def _keys() -> dict[str, str]:
    """Keys of the bench installation, made once: the data written with them (encrypted
    fields, the audit chain) must stay readable by the next run with --reuse-db."""
    path = VAR_BENCH / "keys.json"
    if path.exists():
        return dict(json.loads(path.read_text()))
    from cryptography.fernet import Fernet

    keys = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "AUDIT_CHAIN_KEY": secrets.token_urlsafe(48),
    }
    VAR_BENCH.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(keys))
    path.chmod(0o600)
    return keys


def bench_database_url(configured: str | None) -> tuple[str, str]:
    """(vendor, URL) of the bench database beside the configured one."""
    if configured and configured.startswith(("postgres://", "postgresql://")):
        base, _, name = configured.rpartition("/")
        name, _, query = name.partition("?")
        return "postgresql", f"{base}/{name}_bench" + (f"?{query}" if query else "")
    return "sqlite", f"sqlite:///{VAR_BENCH / 'bench.sqlite3'}"


def server_environment(database_url: str) -> dict[str, str]:
    """What the server (and this process, which writes the data) runs with: production,
    apart from TLS; DEBUG off; the bench-only query header on."""
    env = dict(os.environ)
    env.update(_keys())
    env.update(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SAMVERN_BENCH_QUERY_HEADER": "1",
            "AUDIT_CHECKPOINT_FILE": str(VAR_BENCH / "audit-checkpoints.log"),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("SAMVERN_DEMO", None)
    return env


def _setup_django(env: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()


# --- database and data ------------------------------------------------------------------


def _prepare_database(reuse: bool) -> bool:
    """Create (or, with reuse, keep) the bench database; True when it was created."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    database = settings.DATABASES["default"]
    if reuse and _has_data():
        call_command("migrate", verbosity=0)
        return False
    # Like the test runner: drop and create beside the server's other databases.
    database.setdefault("TEST", {})["NAME"] = database["NAME"]
    if connection.vendor == "sqlite":
        Path(database["NAME"]).unlink(missing_ok=True)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return True


def _has_data() -> bool:
    from django.db import connection
    from django.db.utils import DatabaseError

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM places_municipality")
            return bool(cursor.fetchone()[0])
    except DatabaseError:
        return False


def _generate(scale: str, seed: int) -> dict[str, Any]:
    """The synthetic data of `generate_synthetic` at the scale, with the logins file."""
    from django.core.management import call_command

    call_command("load_reference_data", verbosity=0)
    LOGINS_FILE.unlink(missing_ok=True)
    # The bench database holds only reference data; the process runs the production
    # settings the server gets, which the command refuses unless told.
    call_command(
        "generate_synthetic",
        scale=scale,
        seed=seed,
        logins=LOGINS_FILE,
        allow_production_settings=True,
    )
    return {"generator": "generate_synthetic", "scale": scale, "seed": seed}


def _collect_static(env: dict[str, str]) -> None:
    """Production's hashed, compressed static files, collected into var/bench/static on
    every run (a manifest left from an older checkout would lack the newer files, and a page
    naming one of them would fail)."""
    from django.conf import settings

    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - started
    print(f"Static files collected into {settings.STATIC_ROOT} in {seconds:.1f} s", flush=True)


@dataclass
class Targets:
    """Who logs in and what the pages are about: from the logins file of
    `generate_synthetic`, completed from the database."""

    logins: dict[str, Login] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)


# Role names of the logins file (generate_synthetic) and the names used here.
ROLE_NAMES = {"coordinator": "conference_coordinator", "data_protection_officer": "dpo"}


def _targets() -> Targets:
    targets = Targets()
    if LOGINS_FILE.exists():
        data = json.loads(LOGINS_FILE.read_text())
        for role, entry in (data.get("roles") or data.get("users") or {}).items():
            if not isinstance(entry, dict):
                continue  # "public": nobody logs in
            targets.logins[ROLE_NAMES.get(role, role)] = Login(
                username=entry["username"],
                password=entry["password"],
                totp_secret=entry.get("totp_key_hex") or entry.get("totp_secret") or "",
            )
        targets.ids.update({key: value for key, value in (data.get("ids") or {}).items() if value})
        municipality = targets.ids.get("municipality")
        if isinstance(municipality, dict):
            targets.ids["municipality"] = [municipality.get("year", 2024), municipality["code"]]
        if "largest_plan_version" in targets.ids:
            targets.ids["largest_version"] = targets.ids["largest_plan_version"]
    _complete_from_database(targets)
    return targets


def _complete_from_database(targets: Targets) -> None:
    """Ids the pages need and users for roles the logins file does not name. A user found
    here gets a new password (and authenticator key) known only to this run."""
    from django.db.models import Count

    from samvern.accounts.models import Membership, Role
    from samvern.plans.models import ADOPTED_STATUSES, PlanVersion, ReportingRound

    ids = targets.ids
    # The largest plan (most measures; the logins file's if it names one) with a plan
    # editor, who asks for every plan-editor page and document.
    versions = PlanVersion.objects.annotate(
        n=Count("measures", distinct=True), rounds=Count("reporting_rounds", distinct=True)
    )
    candidates = (
        list(versions.filter(pk=ids["largest_version"])) if "largest_version" in ids else []
    )
    # Among equally large ones, one with a reporting round (for the council report).
    candidates += list(versions.order_by("-n", "-rounds", "pk")[:50])
    for largest in candidates:
        editors = (
            Membership.objects.current()
            .filter(
                role=Role.PLAN_EDITOR,
                user__is_active=True,
                organisation__municipalities__in=largest.plan.municipalities.all(),
            )
            .select_related("user")
            .order_by("user__username")
        )
        editor = editors.first()
        if editor is None:
            continue
        ids["largest_plan"] = str(largest.plan_id)
        ids["largest_version"] = str(largest.pk)
        ids["largest_measures"] = largest.n
        round_ = (
            ReportingRound.objects.filter(version=largest, status="closed").first()
            or ReportingRound.objects.filter(version=largest).first()
        )
        if round_ is not None:
            ids["largest_round"] = str(round_.pk)
        municipality = largest.plan.municipalities.order_by("code").first()
        if municipality is not None:
            ids.setdefault("municipality", [municipality.year, municipality.code])
        if "plan" not in ids:
            # The public page shows the latest adopted version: a plan that has one.
            adopted = PlanVersion.objects.filter(status__in=[str(x) for x in ADOPTED_STATUSES])
            public = (
                adopted.filter(plan_id=largest.plan_id).first() or adopted.order_by("pk").first()
            )
            if public is not None:
                ids["public_plan"] = str(public.plan_id)
        known = targets.logins.get("plan_editor")
        if known is None or known.username not in {m.user.username for m in editors}:
            targets.logins["plan_editor"] = _known_login(editor.user)
        break
    for role, key in [
        (Role.CASE_WORKER, "case_worker"),
        (Role.DATA_PROTECTION_OFFICER, "dpo"),
        (Role.CONFERENCE_COORDINATOR, "conference_coordinator"),
    ]:
        if key in targets.logins:
            continue
        membership = _busiest_membership(role)
        if membership is not None:
            targets.logins[key] = _known_login(membership.user)


def _busiest_membership(role: str) -> Any:
    """A member with `role` of the organisation that takes part in the most cases."""
    from django.db.models import Count

    from samvern.accounts.models import Membership

    members = Membership.objects.current().filter(role=role, user__is_active=True)
    try:
        members = members.annotate(cases=Count("organisation__case_participations")).order_by(
            "-cases", "user__username"
        )
        return members.select_related("user").first()
    except Exception:
        return Membership.objects.current().filter(role=role).select_related("user").first()


def _known_login(user: Any) -> Login:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    password = secrets.token_urlsafe(18)
    user.set_password(password)
    user.save(update_fields=["password"])
    key = secrets.token_hex(20)
    devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    if devices.exists():
        devices.update(key=key, last_t=-1)
    else:
        TOTPDevice.objects.create(user=user, name="bench", key=key, confirmed=True)
    return Login(username=user.username, password=password, totp_secret=key)


def _audit_events() -> int:
    from samvern.audit.models import AuditEvent

    return AuditEvent.objects.count()


# --- server -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """gunicorn on a free loopback port, stopped on exit."""

    def __init__(self, env: dict[str, str], workers: int, threads: int) -> None:
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        VAR_BENCH.mkdir(parents=True, exist_ok=True)
        self.log_path = VAR_BENCH / "gunicorn.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                gunicorn,
                "config.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                f"--threads={threads}",
                "--timeout=120",
                "--graceful-timeout=10",
                "--keep-alive=30",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- pages ------------------------------------------------------------------------------


FLOOR_PATH = "/accounts/me/"


def pages(base_url: str, cookies: dict[str, dict[str, str]], ids: dict[str, Any]) -> list[Page]:
    """Every page measured, in order. Paths come from the ids and from following links as
    the user who asks, so that each user asks only for what they may see."""

    def crawl(role: str, path: str, pattern: str) -> str | None:
        if role not in cookies:
            return None
        status, _headers, html = Session(base_url, cookies[role]).get(path)
        found = links(html, pattern) if status == 200 else []
        return found[0] if found else None

    def first_page_html(role: str, path: str) -> bytes:
        if role not in cookies:
            return b""
        status, _headers, html = Session(base_url, cookies[role]).get(path)
        return html if status == 200 else b""

    result: list[Page] = []

    def add(label: str, path: str | None, role: str = "", group: str = "public", **kw: Any) -> None:
        if path is None or (role and role not in cookies):
            missing = "user" if role and role not in cookies else "target"
            print(f"  not measured: {label} (no {missing})")
            return
        # A page that redirects (an assessment opens as its case item) is measured where
        # it leads, as a browser would end up.
        status, headers, _body = Session(base_url, cookies.get(role)).get(path)
        location = headers.get("location", "")
        if status in (301, 302) and location.startswith("/") and "/accounts/" not in location:
            print(f"  {label}: {path} redirects to {location}; measuring that")
            path = location
        result.append(Page(label, path, role=role, group=group, **kw))

    # Public
    year, code = ids.get("municipality") or [2024, "4601"]
    add("overview (2024 structure)", "/overview/")
    add("overview (2019 structure)", "/overview/?structure=2019")
    add("county table by share", "/overview/?sort=share&dir=desc")
    add("a municipality", f"/overview/municipality/{year}/{code}/")
    public_plan = ids.get("public_plan") or ids.get("plan") or ids.get("largest_plan")
    add("public plan page", f"/plans/{public_plan}/public/" if public_plan else None)
    add("open data: coverage JSON", "/api/v1/overview/municipalities/?format=json")
    add("open data: coverage CSV", "/api/v1/overview/municipalities/?format=csv")
    add("open data: history", "/api/v1/overview/history/")

    # Plan editor
    editor = "plan_editor"
    plan, version = ids.get("largest_plan"), ids.get("largest_version")
    add("plan list", "/plans/", editor, "plan editor")
    if plan and version:
        base = f"/plans/{plan}/v/{version}/"
        add("version page", base, editor, "plan editor")
        add("measures list", base + "measures/", editor, "plan editor")
        if ids.get("largest_round"):
            add(
                "council report HTML",
                base + f"rounds/{ids['largest_round']}/report/",
                editor,
                "plan editor",
            )

    # Case worker
    worker = "case_worker"
    case_list = first_page_html(worker, "/cases/")
    add("case list, first page", "/cases/" if case_list else None, worker, "case worker")
    deep = max(last_page_number(case_list) // 2, 2) if case_list else 0
    add(
        f"case list, page {deep}",
        f"/cases/?page={deep}" if case_list else None,
        worker,
        "case worker",
    )
    case = ids.get("case")
    case_path = f"/cases/{case}/" if case else None
    if case_path is None and case_list:
        found = links(case_list, f"/cases/{UUID}/")
        case_path = found[0] if found else None
    add("case page", case_path, worker, "case worker")
    case_html = first_page_html(worker, case_path) if case_path else b""
    person = ids.get("person")
    person_path = f"/cases/persons/{person}/" if person else None
    if person_path is None and case_html:
        person_path = next(iter(links(case_html, f"/cases/persons/{UUID}/")), None)
    add("person page", person_path, worker, "case worker")
    assessment = ids.get("assessment")
    assessment_path = f"/cases/assessments/{assessment}/" if assessment else None
    if assessment_path is None and case_html:
        assessment_path = next(iter(links(case_html, f"/cases/assessments/{UUID}/")), None)
    if assessment_path is None and case_path:
        from samvern.cases.models import Assessment

        found_id = (
            Assessment.objects.filter(case_id=case_path.strip("/").split("/")[-1])
            .values_list("pk", flat=True)
            .first()
        )
        assessment_path = f"/cases/assessments/{found_id}/" if found_id else None
    add("an assessment", assessment_path, worker, "case worker")
    coordinator = "conference_coordinator" if "conference_coordinator" in cookies else worker
    add("conference list (agenda)", "/conferences/", coordinator, "case worker")
    conference = ids.get("conference")
    conference_path = (
        f"/conferences/{conference}/"
        if conference
        else crawl(coordinator, "/conferences/", f"/conferences/{UUID}/")
    )
    add("conference page", conference_path, coordinator, "case worker")
    add("my organisation's actions", "/conferences/actions/", worker, "case worker")

    # Data protection officer
    dpo = "dpo"
    trail = first_page_html(dpo, "/audit/")
    add("audit trail, first page", "/audit/" if trail else None, dpo, "dpo")
    deep = max(last_page_number(trail) // 2, 2) if trail else 0
    add(f"audit trail, page {deep}", f"/audit/?page={deep}" if trail else None, dpo, "dpo")
    worker_name = ids.get("_usernames", {}).get(worker)
    add(
        "audit trail by user",
        f"/audit/?actor={worker_name}" if trail and worker_name else None,
        dpo,
        "dpo",
    )
    reference = ids.get("case_reference")
    add(
        "audit trail by case",
        f"/audit/?case_reference={reference}" if trail and reference else None,
        dpo,
        "dpo",
    )
    if case_path:
        access_log = case_path + "access-log/"
        status = Session(base_url, cookies.get(dpo, {})).get(access_log)[0] if dpo in cookies else 0
        who = dpo if status == 200 else worker
        add("who has seen this case", access_log, who, "dpo")

    # API
    add("API: coverage", "/api/v1/overview/summary/", "", "api")
    if version:
        add("API: measures list", f"/api/v1/plan-versions/{version}/measures/", editor, "api")
    add("API: case list", "/api/v1/cases/", worker, "api")

    # Documents
    if plan and version:
        add(
            "plan DOCX (largest plan)",
            f"/plans/{plan}/v/{version}/plan.docx",
            editor,
            "documents",
            document=True,
        )
        if ids.get("largest_round"):
            add(
                "council report PDF (largest plan)",
                f"/plans/{plan}/v/{version}/rounds/{ids['largest_round']}/report.pdf",
                editor,
                "documents",
                document=True,
            )
    return result


# --- the run ----------------------------------------------------------------------------


def _machine(vendor: str) -> dict[str, Any]:
    from django.db import connection

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if vendor == "postgresql" else "SELECT sqlite_version()")
        db_version = str(cursor.fetchone()[0])
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "database": f"{vendor} {db_version}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _time_audit_verify(env: dict[str, str]) -> dict[str, Any]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "audit_verify"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "exit_code": completed.returncode,
        "output": (completed.stdout + completed.stderr).strip()[-500:],
    }


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    vendor, database_url = bench_database_url(os.environ.get("DATABASE_URL"))
    env = server_environment(database_url)
    _setup_django(env)

    from django.db import connections

    print(f"Benchmark database: {database_url.rsplit('@', 1)[-1]}", flush=True)
    created = _prepare_database(args.reuse_db)
    dataset: dict[str, Any] = {"reused": not created}
    if created:
        generated_at = time.perf_counter()
        dataset.update(_generate(args.scale, args.seed))
        dataset["generation_seconds"] = round(time.perf_counter() - generated_at, 1)
    _collect_static(env)
    targets = _targets()
    dataset["audit_events"] = _audit_events()
    for role, credentials in targets.logins.items():
        targets.ids.setdefault("_usernames", {})[role] = credentials.username
    if "case_reference" not in targets.ids:
        targets.ids["case_reference"] = _case_reference(targets.ids.get("case"))
    machine = _machine(vendor)
    setup_seconds = round(time.perf_counter() - started, 1)
    print(f"Data ready in {setup_seconds} s: {dataset}", flush=True)
    connections.close_all()

    server = Server(env, args.workers, args.threads)
    measurements: list[Measurement] = []
    problems: list[str] = []
    login_errors: list[str] = []
    try:
        server.wait_ready()
        cookies: dict[str, dict[str, str]] = {}
        for role, credentials in targets.logins.items():
            try:
                cookies[role] = login(server.base_url, credentials)
            except LoginFailed as error:
                problems.append(f"login as {role} failed: {error}")
                if error.status is not None and error.status >= 500:
                    login_errors.append(str(error))
                print(f"  {problems[-1]}", flush=True)
        floor_role = next(
            (role for role in ("plan_editor", "case_worker", "dpo") if role in cookies), None
        )
        if floor_role is None:
            problems.append("no user could log in; only public pages measured")
        page_list = pages(server.base_url, cookies, targets.ids)
        if args.only:
            page_list = [page for page in page_list if args.only in page.label]
        floor = Page("floor (own account page)", FLOOR_PATH, role=floor_role or "", group="floor")
        clients = [1] if args.smoke else [int(n) for n in args.clients.split(",")]
        order = ([floor] if floor_role else []) + page_list + ([floor] if floor_role else [])
        for page in order:
            for count in clients:
                if args.smoke:
                    requests, seconds = 2, 30.0
                elif page.document:
                    requests, seconds = max(args.document_requests, count), args.seconds * 3
                else:
                    requests, seconds = max(args.requests, 2 * count), args.seconds
                measurement = measure_page(
                    server.base_url,
                    page,
                    cookies=cookies.get(page.role),
                    clients=count,
                    requests=requests,
                    seconds=seconds,
                    warmup=1,
                    master_pid=server.process.pid,
                )
                measurements.append(measurement)
                print(
                    f"  {page.label:<38} {count:>2} clients  "
                    f"{dict(measurement.statuses)}  p50 {measurement.p50 or 0:7.1f} ms  "
                    f"p95 {measurement.p95 or 0:7.1f} ms  "
                    f"q {measurement.queries_per_request or 0:5.0f}",
                    flush=True,
                )
    finally:
        server.stop()
    # The reads of the run were audited too: the trail audit_verify walks is longer.
    dataset["audit_events_after_run"] = _audit_events()
    connections.close_all()
    audit_verify = _time_audit_verify(env)
    print(
        f"  audit_verify over {dataset['audit_events_after_run']} events: "
        f"{audit_verify['seconds']} s"
    )

    errors = [m for m in measurements if m.server_errors or m.error]
    unexpected = [
        m for m in measurements if m.main_status not in (200, None) and not m.server_errors
    ]
    stamp = dt.datetime.now(dt.UTC)
    report = {
        "generated_at": stamp.isoformat(timespec="seconds"),
        "scale": args.scale,
        "smoke": args.smoke,
        "note": args.note or None,
        "machine": machine,
        "server": {
            "gunicorn_workers": args.workers,
            "threads_per_worker": args.threads,
            "settings": "production (DJANGO_ENV=production, DEBUG=0), no TLS, throttles raised",
        },
        "load": {
            "clients": args.clients if not args.smoke else "1",
            "requests_per_page": args.requests,
            "seconds_per_page": args.seconds,
            "document_requests": args.document_requests,
        },
        "dataset": dataset,
        "floor_p50_ms": round(floor_ms, 2) if (floor_ms := floor_p50(measurements)) else None,
        "pages": [m.as_dict() for m in measurements],
        "audit_verify": audit_verify,
        "budgets_failed": failed_checks(measurements),
        "problems": problems
        + [f"{m.label}: {m.main_status}" for m in unexpected]
        + [f"{m.label}: {m.server_errors} server errors {m.error}".strip() for m in errors],
        "setup_seconds": setup_seconds,
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    args.output_dir.mkdir(parents=True, exist_ok=True)
    name = f"{stamp:%Y-%m-%d-%H%M}-{args.scale}-{vendor}" + ("-smoke" if args.smoke else "")
    (args.output_dir / f"{name}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    )
    (args.output_dir / f"{name}.md").write_text(markdown_report(report, measurements))
    print()
    print(format_markdown(measurements))
    print(f"\nResults: {args.output_dir / name}.json and .md ({report['total_seconds']} s)")
    for problem in report["problems"]:
        print(f"Problem: {problem}")
    return 1 if errors or login_errors or not measurements else 0


def _case_reference(case_id: Any) -> str | None:
    from samvern.cases.models import Case

    case = Case.objects.filter(pk=case_id).first() if case_id else Case.objects.first()
    return case.reference if case else None


def markdown_report(report: dict[str, Any], measurements: list[Measurement]) -> str:
    machine = report["machine"]
    lines = [
        f"# Benchmark {report['generated_at']} — {report['scale']} scale"
        + (" (smoke)" if report["smoke"] else ""),
        "",
        f"- Machine: {machine['cpus']} CPUs ({machine['cpu_model']}), {machine['ram_gb']} GB RAM, "
        f"Python {machine['python']}, {machine['database']}",
        f"- Load average at start: {machine['load_average_at_start']}",
        f"- Server: gunicorn, {report['server']['gunicorn_workers']} workers × "
        f"{report['server']['threads_per_worker']} thread, {report['server']['settings']}",
        f"- Load: {report['load']['clients']} clients; up to {report['load']['requests_per_page']} "
        f"requests or {report['load']['seconds_per_page']} s per page and load",
        f"- Data: {json.dumps(report['dataset'], ensure_ascii=False)}",
        f"- Floor p50: {report['floor_p50_ms']} ms",
        f"- audit_verify: {report['audit_verify']['seconds']} s "
        f"(exit {report['audit_verify']['exit_code']}) "
        f"over {report['dataset'].get('audit_events_after_run')} events",
    ]
    if report["note"]:
        lines.append(f"- Note: {report['note']}")
    lines += [
        "",
        "Budgets: p95 ≤ 100 ms and p50 ≤ 3× floor at one client; p95 ≤ 500 ms at more; "
        "documents p95 ≤ 2 s at one client. ✓ within, ✗ over.",
        "",
        format_markdown(measurements),
        "",
    ]
    if report["problems"]:
        lines += ["Problems:", ""] + [f"- {p}" for p in report["problems"]] + [""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return run(_arguments(argv))


if __name__ == "__main__":
    sys.exit(main())
