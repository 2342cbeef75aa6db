"""Idle expiry (30 minutes for case roles), "log out everywhere" and password change."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from samvern.accounts.models import ApiToken, Role
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import DEFAULT_PASSWORD, api_token_for
from samvern.audit.models import AuditEvent


@pytest.fixture
def case_worker(bergen_org):
    return make_member(bergen_org, Role.CASE_WORKER, username="cw")


@pytest.fixture
def clock(monkeypatch):
    """Moves the clock the session middleware reads."""

    class Clock:
        def __init__(self):
            self.now = timezone.now()

        def advance(self, **delta):
            self.now += dt.timedelta(**delta)

    fake = Clock()
    monkeypatch.setattr("samvern.accounts.middleware.timezone.now", lambda: fake.now)
    return fake


def test_a_case_worker_is_logged_out_after_thirty_idle_minutes(client, case_worker, clock):
    login(client, case_worker)
    assert client.get("/accounts/me/").status_code == 200
    clock.advance(minutes=29)
    assert client.get("/accounts/me/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?expired=1"
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="accounts.session.expired")
    assert event.actor_id == str(case_worker.pk)
    assert event.detail["idle_minutes"] == 31


def test_activity_keeps_a_case_worker_signed_in(client, case_worker, clock):
    login(client, case_worker)
    for _ in range(4):
        clock.advance(minutes=20)
        assert client.get("/accounts/me/").status_code == 200


def test_the_api_answers_401_when_the_session_expired(client, case_worker, clock):
    login(client, case_worker)
    client.get("/api/v1/me/")
    clock.advance(minutes=45)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401


def test_a_plan_editor_keeps_the_session_for_a_working_day(client, alice, clock):
    login(client, alice)
    client.get("/accounts/me/")
    clock.advance(minutes=45)
    assert client.get("/accounts/me/").status_code == 200
    clock.advance(hours=8, minutes=1)
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_log_out_everywhere_ends_other_sessions_and_revokes_the_token(alice):
    laptop, phone = Client(), Client()
    login(laptop, alice)
    login(phone, alice)
    api_token_for(alice)
    assert phone.get("/accounts/me/").status_code == 200

    response = laptop.post("/accounts/me/logout-everywhere/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert "_auth_user_id" not in laptop.session

    response = phone.get("/accounts/me/")
    assert response.status_code == 302
    assert "_auth_user_id" not in phone.session
    assert not ApiToken.objects.filter(user=alice).exists()
    event = AuditEvent.objects.get(action="accounts.user.logged_out_everywhere")
    assert event.actor_id == str(alice.pk)
    assert event.detail == {"api_token_revoked": True}


def test_log_out_everywhere_also_ends_a_session_that_has_been_idle_since_login(alice):
    idle, active = Client(), Client()
    # The idle session made no request after logging in.
    idle.post("/accounts/login/", {"username": "alice", "password": DEFAULT_PASSWORD})
    alice.refresh_from_db()  # the login re-hashed the password at full strength
    login(active, alice)
    assert active.post("/accounts/me/logout-everywhere/").status_code == 302
    response = idle.get("/accounts/me/")
    assert response.status_code == 302
    assert "_auth_user_id" not in idle.session


def test_log_out_everywhere_needs_a_post(client, alice):
    login(client, alice)
    assert client.get("/accounts/me/logout-everywhere/").status_code == 405
    alice.refresh_from_db()
    assert alice.session_generation == 0


def test_password_change_ends_other_sessions_and_is_audited(alice):
    here, elsewhere = Client(), Client()
    login(here, alice)
    login(elsewhere, alice)
    response = here.post(
        "/accounts/password/",
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "a long new sentence 42",
            "new_password2": "a long new sentence 42",
        },
    )
    assert response.status_code == 302
    assert here.get("/accounts/me/").status_code == 200
    assert elsewhere.get("/accounts/me/").status_code == 302
    assert AuditEvent.objects.filter(
        action="accounts.password.changed", actor_id=str(alice.pk)
    ).exists()


def test_a_weak_new_password_is_refused_and_nothing_changes(client, alice):
    login(client, alice)
    response = client.post(
        "/accounts/password/",
        {"old_password": DEFAULT_PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert 'class="ds-error-summary"' in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(DEFAULT_PASSWORD)
    assert not AuditEvent.objects.filter(action="accounts.password.changed").exists()
