"""Lock-out after repeated failed logins: per account (from any address) and per address
(whatever the account), with a message in the user's language saying which and how long."""

import pytest
from django.conf import settings

from samvern.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from samvern.audit.models import AuditEvent

LOGIN = "/accounts/login/"


@pytest.fixture
def limit():
    return settings.AXES_FAILURE_LIMIT


def fail(client, username, address, times):
    for _ in range(times):
        client.post(
            LOGIN, {"username": username, "password": "not-the-password"}, REMOTE_ADDR=address
        )


def set_language(client, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})


@pytest.mark.parametrize(
    ("language", "account_text", "duration_text"),
    [
        ("nb", "så kontoen er låst", "Prøv igjen om 30 minutter"),
        ("en", "so it is locked", "Try again in 30 minutes"),
    ],
)
def test_an_account_is_locked_after_too_many_failures_from_any_address(
    client, alice, limit, language, account_text, duration_text
):
    set_language(client, language)
    # Failures spread over addresses still count against the account.
    for attempt in range(limit - 1):
        fail(client, "alice", f"10.0.0.{attempt + 1}", 1)
    response = client.post(
        LOGIN, {"username": "alice", "password": "not-the-password"}, REMOTE_ADDR="10.0.1.1"
    )
    assert response.status_code == 429
    content = response.content.decode()
    assert account_text in content
    assert duration_text in content
    assert 'data-testid="locked-address"' not in content
    assert response["Retry-After"] == "1800"

    # Even the right password, from a fresh address, is refused while locked.
    response = client.post(
        LOGIN, {"username": "alice", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.0.2.1"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(action="accounts.login.locked_out").first()
    assert event is not None
    assert event.target_id == str(alice.pk)
    assert event.detail["reasons"] == ["account"]


@pytest.mark.parametrize(
    ("language", "address_text"),
    [
        ("nb", "blokkert innlogging fra den"),
        ("en", "so logins from it are blocked"),
    ],
)
def test_an_address_is_blocked_after_too_many_failures_for_any_accounts(
    client, alice, limit, language, address_text
):
    set_language(client, language)
    for attempt in range(limit):
        fail(client, f"someone{attempt}", "192.0.2.7", 1)
    # Alice's right password from the blocked address is refused ...
    response = client.post(
        LOGIN, {"username": "alice", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 429
    content = response.content.decode()
    assert address_text in content
    assert 'data-testid="locked-account"' not in content
    assert "_auth_user_id" not in client.session
    # ... and accepted from another address: the account itself is not locked.
    response = client.post(
        LOGIN, {"username": "alice", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="192.0.2.8"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_failures_below_the_limit_do_not_lock_and_success_resets_them(client, alice, limit):
    fail(client, "alice", "10.1.0.1", limit - 1)
    response = client.post(
        LOGIN, {"username": "alice", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.1.0.1"
    )
    assert response.status_code == 302
    client.logout()
    # The successful login cleared the count: another limit-1 failures are fine.
    fail(client, "alice", "10.1.0.1", limit - 1)
    response = client.post(
        LOGIN, {"username": "alice", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.1.0.1"
    )
    assert response.status_code == 302


def test_a_lock_on_one_account_leaves_other_accounts_alone(client, alice, limit):
    other = UserFactory(username="olav")
    fail(client, "alice", "10.2.0.1", limit)
    response = client.post(
        LOGIN, {"username": "olav", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.2.0.2"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)
