"""An API token carries the assurance it was issued with: it does not outlive a role
change, a role that needs a second factor, or its expiry, and its owner (only) lists and
revokes it on the account page."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from samvern.accounts import services
from samvern.accounts.actor import Actor
from samvern.accounts.models import ApiToken, Membership, Role
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import MembershipFactory, api_token_for
from samvern.audit.models import AuditEvent

AUDIT_API = "/api/v1/audit/events/"
ISSUED_AT = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
# A refused token: 401 with WWW-Authenticate (403 where the session scheme answers).
REFUSED = (401, 403)


def _token_from_session(user) -> str:
    """A token as a program gets one: from the user's browser session."""
    browser = login(Client(), user)
    response = browser.post("/api/v1/auth/token/")
    assert response.status_code == 201, response.content
    return response.json()["token"]


def _program(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


# --- The break: a token issued before a role change -------------------------------------


def test_a_token_issued_before_becoming_dpo_no_longer_reads_the_audit_api(alice, dora, bergen_org):
    key = _token_from_session(alice)  # alice has no case role: password only
    assert _program(key).get("/api/v1/me/").status_code == 200
    assert _program(key).get(AUDIT_API).status_code == 404  # not a DPO (yet)

    admin = login(Client(), dora)
    response = admin.post(
        f"/accounts/organisations/{bergen_org.pk}/members/add/",
        {"email": alice.email, "role": Role.DATA_PROTECTION_OFFICER, "title": ""},
    )
    assert response.status_code == 302
    assert alice.has_role(Role.DATA_PROTECTION_OFFICER)

    response = _program(key).get(AUDIT_API)
    assert response.status_code in REFUSED
    assert "results" not in response.json()
    assert not ApiToken.objects.filter(user=alice).exists()
    event = AuditEvent.objects.get(action="accounts.api_token.revoked")
    assert event.actor_id == str(dora.pk)
    assert event.detail["reason"] == "role_change"


def test_a_password_only_token_stops_working_once_a_case_role_is_held(alice, bergen_org):
    """Even when the role arrives without the revocation (e.g. straight in the database),
    a token without a second factor is refused for an account that needs one."""
    key = _token_from_session(alice)
    MembershipFactory(user=alice, organisation=bergen_org, role=Role.DATA_PROTECTION_OFFICER)
    assert ApiToken.objects.filter(user=alice).exists()
    assert _program(key).get(AUDIT_API).status_code in REFUSED
    assert _program(key).get("/api/v1/me/").status_code in REFUSED


def test_a_token_issued_with_a_verified_second_factor_reads_the_audit_api(bergen_org):
    dpo = make_member(bergen_org, Role.DATA_PROTECTION_OFFICER, username="dpo")
    key = _token_from_session(dpo)  # login() verifies the second factor
    assert ApiToken.objects.get(user=dpo).second_factor_verified is True
    response = _program(key).get(AUDIT_API)
    assert response.status_code == 200
    assert "results" in response.json()


def test_the_audit_api_refuses_a_dpo_session_without_the_second_factor(bergen_org):
    dpo = make_member(bergen_org, Role.DATA_PROTECTION_OFFICER, username="dpo")
    browser = Client()
    browser.force_login(dpo)  # password only
    assert browser.get(AUDIT_API).status_code == 403


@pytest.mark.parametrize("change", ["role", "end_date", "deactivate"])
def test_every_role_change_revokes_the_members_tokens(alice, dora, bergen_org, change):
    key = api_token_for(alice)
    membership = alice.memberships.get()
    admin = login(Client(), dora)
    base = f"/accounts/organisations/{bergen_org.pk}/members/{membership.pk}/"
    if change == "deactivate":
        response = admin.post(base + "deactivate/")
    else:
        data = {"role": Role.PLAN_EDITOR, "title": "", "ends_on": ""}
        if change == "role":
            data["role"] = Role.PLAN_READER
        else:
            data["ends_on"] = "2999-01-01"
        response = admin.post(base, data)
    assert response.status_code == 302
    assert _program(key).get("/api/v1/me/").status_code in REFUSED


def test_a_title_change_keeps_the_tokens(alice, dora, bergen_org):
    key = api_token_for(alice)
    membership = alice.memberships.get()
    admin = login(Client(), dora)
    response = admin.post(
        f"/accounts/organisations/{bergen_org.pk}/members/{membership.pk}/",
        {"role": Role.PLAN_EDITOR, "title": "Rådgiver", "ends_on": ""},
    )
    assert response.status_code == 302
    assert _program(key).get("/api/v1/me/").status_code == 200


def test_removing_the_authenticator_revokes_the_tokens(bergen_org):
    worker = make_member(bergen_org, Role.CASE_WORKER, username="cw")
    key = _token_from_session(worker)
    services.remove_authenticator(actor=Actor.load(worker), organisation=bergen_org)
    assert _program(key).get("/api/v1/me/").status_code in REFUSED


# --- Issuing ----------------------------------------------------------------------------


def test_a_case_role_user_without_a_verified_second_factor_gets_no_token(bergen_org):
    worker = make_member(bergen_org, Role.CASE_WORKER, username="cw")
    with pytest.raises(services.ApiTokenError):
        services.issue_api_token(
            actor=Actor.load(worker), organisation=bergen_org, second_factor_verified=False
        )
    browser = Client()
    browser.force_login(worker)  # password only
    assert browser.post("/api/v1/auth/token/").status_code == 403
    response = browser.post("/accounts/me/api-token/")
    assert response.status_code == 302 and "/two-factor/" in response.url
    assert not ApiToken.objects.filter(user=worker).exists()
    assert not AuditEvent.objects.filter(action="accounts.api_token.issued").exists()


def test_a_token_is_stored_only_as_a_digest(alice):
    key = _token_from_session(alice)
    token = ApiToken.objects.get(user=alice)
    assert key not in {token.key_digest, token.prefix, token.name}
    assert token.key_digest == services.api_token_digest(key)


# --- Expiry -----------------------------------------------------------------------------


def test_a_token_expires_after_the_configured_days(alice, settings):
    settings.SAMVERN_API_TOKEN_DAYS = 90
    with time_machine.travel(ISSUED_AT, tick=False):
        key = _token_from_session(alice)
        token = ApiToken.objects.get(user=alice)
        assert token.expires_at == ISSUED_AT + dt.timedelta(days=90)
    with time_machine.travel(ISSUED_AT + dt.timedelta(days=90, seconds=-1), tick=False):
        assert _program(key).get("/api/v1/me/").status_code == 200
    with time_machine.travel(ISSUED_AT + dt.timedelta(days=90), tick=False):
        assert _program(key).get("/api/v1/me/").status_code in REFUSED
        page = login(Client(), alice).get("/accounts/me/").content.decode()
        assert "Expired" in page or "Utløpt" in page


def test_the_expiry_follows_the_setting(alice, settings):
    settings.SAMVERN_API_TOKEN_DAYS = 7
    with time_machine.travel(ISSUED_AT, tick=False):
        key = _token_from_session(alice)
    with time_machine.travel(ISSUED_AT + dt.timedelta(days=7), tick=False):
        assert _program(key).get("/api/v1/me/").status_code in REFUSED


# --- The account page -------------------------------------------------------------------


def test_the_owner_lists_and_revokes_a_token(alice):
    key = _token_from_session(alice)
    token = ApiToken.objects.get(user=alice)
    owner = login(Client(), alice)
    page = owner.get("/accounts/me/").content.decode()
    assert f"{token.prefix}…" in page and key not in page
    response = owner.post(f"/accounts/me/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert _program(key).get("/api/v1/me/").status_code in REFUSED
    event = AuditEvent.objects.get(action="accounts.api_token.revoked")
    assert event.detail == {"token": token.prefix, "reason": "by_owner"}


@pytest.mark.parametrize("who", ["bob", "dora", "charlie"])
def test_nobody_else_can_revoke_a_token(alice, bob, dora, charlie, who):
    """A colleague (read-only), the organisation's administrator and an outsider all get
    the same 404, and the token keeps working."""
    key = api_token_for(alice)
    token = ApiToken.objects.get(user=alice)
    other = login(Client(), {"bob": bob, "dora": dora, "charlie": charlie}[who])
    assert other.post(f"/accounts/me/api-tokens/{token.pk}/revoke/").status_code == 404
    assert f"{token.prefix}…" not in other.get("/accounts/me/").content.decode()
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert _program(key).get("/api/v1/me/").status_code == 200
    assert not AuditEvent.objects.filter(action="accounts.api_token.revoked").exists()


def test_revoking_needs_a_post_and_a_known_token(alice):
    token_key = api_token_for(alice)
    token = ApiToken.objects.get(user=alice)
    owner = login(Client(), alice)
    assert owner.get(f"/accounts/me/api-tokens/{token.pk}/revoke/").status_code == 405
    missing = "00000000-0000-4000-8000-000000000000"
    assert owner.post(f"/accounts/me/api-tokens/{missing}/revoke/").status_code == 404
    assert _program(token_key).get("/api/v1/me/").status_code == 200


def test_an_ended_membership_is_not_a_current_one(alice, bergen_org):
    """The membership model itself: it counts up to the day before its end date."""
    membership = alice.memberships.get()
    Membership.objects.filter(pk=membership.pk).update(ends_on=dt.date(2026, 12, 10))
    membership.refresh_from_db()
    assert membership.is_current(dt.date(2026, 12, 9))
    assert not membership.is_current(dt.date(2026, 12, 10))
    assert list(Membership.objects.current(dt.date(2026, 12, 9)).filter(user=alice)) == [membership]
    assert not Membership.objects.current(dt.date(2026, 12, 10)).filter(user=alice).exists()
