"""Production settings: `check --deploy` is clean, and unsafe configurations refuse to start.

Each case runs Django in a fresh subprocess, because settings are read once per process.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parents[3]
# Only what a service manager would pass: nothing of the test run (DATABASE_URL, DEBUG,
# DJANGO_ALLOW_ASYNC_UNSAFE set by the browser fixture, …) may leak into the check.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


@pytest.fixture
def production_env(tmp_path):
    env = {key: os.environ[key] for key in INHERITED if key in os.environ}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="samvern.example.no",
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        AUDIT_CHAIN_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        SAMVERN_VAR_DIR=str(tmp_path / "var"),
    )
    return env


def _run(env, *args):
    # Our own interpreter and fixed arguments: nothing untrusted reaches the command line.
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _check_deploy(env):
    return _run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")


def test_check_deploy_is_clean_with_production_settings(production_env):
    result = _check_deploy(production_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNINGS" not in result.stderr


def test_production_settings_turn_on_transport_and_cookie_protection(production_env):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'session_secure': s.SESSION_COOKIE_SECURE, "
        "'csrf_secure': s.CSRF_COOKIE_SECURE, 'ssl_redirect': s.SECURE_SSL_REDIRECT, "
        "'hsts': s.SECURE_HSTS_SECONDS, 'demo': s.DEMO_MODE, "
        "'tasks': s.TASKS['default']['BACKEND']}))"
    )
    result = _run(production_env, "-c", script)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "debug": False,
        "session_secure": True,
        "csrf_secure": True,
        "ssl_redirect": True,
        "hsts": 31_536_000,
        "demo": False,
        "tasks": "django_tasks_db.DatabaseBackend",
    }


def test_production_refuses_demo_mode(production_env):
    result = _check_deploy({**production_env, "SAMVERN_DEMO": "1"})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SAMVERN_DEMO cannot be enabled" in result.stderr


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "FIELD_ENCRYPTION_KEY", "AUDIT_CHAIN_KEY"]
)
def test_production_refuses_to_start_without_its_secrets(production_env, missing):
    del production_env[missing]
    result = _check_deploy(production_env)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {missing} must be set" in result.stderr


def test_debug_switched_on_in_production_fails_the_deploy_check(production_env):
    result = _check_deploy({**production_env, "DEBUG": "1"})
    assert result.returncode != 0
    assert "security.W018" in result.stderr
