import pytest
from django.urls import reverse

from samvern.accounts.tests.factories import DEFAULT_PASSWORD
from samvern.audit.models import AuditEvent

LOGIN = "/accounts/login/"


def test_the_login_page_is_norwegian_by_default(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="nb"' in content
    assert "Logg inn" in content
    assert "Brukernavn" in content
    assert 'autocomplete="username"' in content
    assert 'autocomplete="current-password"' in content


def test_the_login_page_is_english_after_switching_language(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302
    response = client.get(LOGIN)
    content = response.content.decode()
    assert '<html lang="en"' in content
    assert "Log in" in content
    assert "Logg inn" not in content
    assert "User name" in content


def test_a_correct_login_signs_in_and_is_audited(client, alice, bergen_org):
    response = client.post(LOGIN, {"username": "alice", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.session["_auth_user_id"] == str(alice.pk)
    event = AuditEvent.objects.get(action="accounts.user.logged_in")
    assert event.actor_id == str(alice.pk)
    assert event.organisation_id == str(bergen_org.pk)


def test_a_wrong_password_is_refused_with_a_clear_message(client, alice):
    response = client.post(LOGIN, {"username": "alice", "password": "wrong-password-123"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    content = response.content.decode()
    assert "Brukernavnet eller passordet er feil" in content
    assert 'class="ds-error-summary"' in content
    assert not AuditEvent.objects.filter(action="accounts.user.logged_in").exists()


def test_a_deactivated_account_cannot_log_in(client, alice):
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    client.post(LOGIN, {"username": "alice", "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_login_follows_a_safe_next_and_ignores_a_foreign_one(client, alice):
    response = client.post(
        LOGIN, {"username": "alice", "password": DEFAULT_PASSWORD, "next": "/accounts/me/"}
    )
    assert response.url == "/accounts/me/"
    client.logout()
    response = client.post(
        LOGIN,
        {"username": "alice", "password": DEFAULT_PASSWORD, "next": "https://evil.example/"},
    )
    assert response.url == reverse("core:home")


def test_the_expired_notice_is_shown_after_idle_logout(client, db):
    response = client.get(LOGIN + "?expired=1")
    assert "Du ble logget ut fordi du ikke hadde vært aktiv" in response.content.decode()


def test_a_case_worker_goes_to_the_second_factor_after_the_password(client, bergen_org):
    from samvern.accounts.models import Role
    from samvern.accounts.testing import make_member

    make_member(bergen_org, Role.CASE_WORKER, username="cora")
    response = client.post(
        LOGIN, {"username": "cora", "password": DEFAULT_PASSWORD, "next": "/accounts/me/"}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/two-factor/?next=%2Faccounts%2Fme%2F"


def test_logout_is_audited_and_ends_the_session(client, login_as, alice):
    login_as(alice)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action="accounts.user.logged_out", actor_id=str(alice.pk)
    ).exists()


@pytest.mark.parametrize("method", ["get"])
def test_logout_refuses_get(client, login_as, alice, method):
    login_as(alice)
    assert getattr(client, method)("/accounts/logout/").status_code == 405
    assert client.session["_auth_user_id"] == str(alice.pk)
