"""The second factor: case roles must enrol and verify before reaching anything else."""

import re

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samvern.accounts.models import Role
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import MembershipFactory, UserFactory
from samvern.audit.models import AuditEvent

TWO_FACTOR = "/accounts/two-factor/"


def current_code(device: TOTPDevice, offset: int = 0) -> str:
    """The code the user's app shows now (or `offset` steps from now)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


@pytest.fixture
def newcomer(bergen_org):
    """A case worker who has never set up an authenticator."""
    user = UserFactory(username="newcomer")
    MembershipFactory(user=user, organisation=bergen_org, role=Role.CASE_WORKER)
    return user


@pytest.fixture
def case_worker(bergen_org):
    return make_member(bergen_org, Role.CASE_WORKER, username="cw")


@pytest.mark.parametrize(
    "path",
    ["/", "/accounts/me/", "/plans/", "/audit/", "/partnerships/", "/accounts/password/"],
)
def test_a_case_worker_without_device_reaches_only_enrolment(client, newcomer, path):
    client.force_login(newcomer)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(TWO_FACTOR)


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/organisations/mine/"])
def test_the_api_refuses_an_unverified_case_worker(client, newcomer, path):
    client.force_login(newcomer)
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]
    response = client.get(path)
    assert response.json()["detail"] == "Denne kontoen krever innlogging med to faktorer."


def test_a_post_elsewhere_is_refused_before_verification(client, newcomer):
    client.force_login(newcomer)
    response = client.post("/accounts/me/api-token/")
    assert response.status_code == 302
    assert response.url == TWO_FACTOR
    assert not AuditEvent.objects.filter(action="accounts.api_token.issued").exists()


def test_enrolment_shows_a_qr_code_and_the_secret_and_confirms_with_a_code(client, newcomer):
    client.force_login(newcomer)
    response = client.get(TWO_FACTOR + "?next=/accounts/me/")
    assert response.status_code == 200
    content = response.content.decode()
    svg = re.search(r"<svg [^>]*>.*?</svg>", content, re.S).group(0)
    assert 'role="img"' in svg
    assert 'class="qr-code"' in svg
    assert "viewBox=" in svg
    assert "<title>" in svg
    # The content security policy forbids inline styles.
    assert "style=" not in svg
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', content).group(1)
    import base64

    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key
    # Reloading keeps the same device (the QR code does not change under the user).
    client.get(TWO_FACTOR)
    assert TOTPDevice.objects.filter(user=newcomer).count() == 1

    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": "/accounts/me/"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/backup-codes/")
    device.refresh_from_db()
    assert device.confirmed
    event = AuditEvent.objects.get(action="accounts.second_factor.enrolled")
    assert event.actor_id == str(newcomer.pk)

    # The backup codes are shown once, then gone from the session.
    response = client.get(response.url)
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=newcomer).values_list("token", flat=True)
    )
    assert client.get("/accounts/two-factor/backup-codes/").status_code == 302

    # Verified: the rest of the product opens.
    assert client.get("/accounts/me/").status_code == 200


def test_a_wrong_enrolment_code_is_refused_and_changes_nothing(client, newcomer):
    client.force_login(newcomer)
    client.get(TWO_FACTOR)
    response = client.post(TWO_FACTOR, {"code": "000000"})
    assert response.status_code == 200
    assert 'class="ds-error-summary"' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=newcomer, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=newcomer).exists()
    assert client.get("/accounts/me/").status_code == 302


def test_an_enrolment_code_must_be_six_digits(client, newcomer):
    client.force_login(newcomer)
    response = client.post(TWO_FACTOR, {"code": "abc"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_case_worker_with_device_verifies_with_the_current_code(client, case_worker):
    client.force_login(case_worker)
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response.url == TWO_FACTOR + "?next=%2Faccounts%2Fme%2F"
    device = TOTPDevice.objects.get(user=case_worker)
    response = client.get(TWO_FACTOR)
    assert 'autocomplete="one-time-code"' in response.content.decode()
    response = client.post(TWO_FACTOR, {"code": current_code(device), "next": "/accounts/me/"})
    assert response.status_code == 302
    assert response.url == "/accounts/me/"
    assert client.get("/accounts/me/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200
    assert AuditEvent.objects.filter(
        action="accounts.second_factor.verified", actor_id=str(case_worker.pk)
    ).exists()


def test_a_wrong_code_is_refused_and_audited(client, case_worker):
    client.force_login(case_worker)
    response = client.post(TWO_FACTOR, {"code": "123456"})
    assert response.status_code == 200
    assert client.get("/accounts/me/").status_code == 302
    assert AuditEvent.objects.filter(
        action="accounts.second_factor.failed", actor_id=str(case_worker.pk)
    ).exists()


def test_a_backup_code_works_once(client, case_worker):
    from samvern.accounts import services
    from samvern.accounts.actor import Actor

    codes = services.regenerate_backup_codes(actor=Actor.load(case_worker), organisation=None)
    client.force_login(case_worker)
    response = client.post(TWO_FACTOR, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get("/accounts/me/").status_code == 200
    assert StaticToken.objects.filter(device__user=case_worker).count() == 9
    assert AuditEvent.objects.filter(action="accounts.second_factor.backup_code_used").exists()

    other = login_again(client, case_worker)
    response = other.post(TWO_FACTOR, {"code": codes[0]})
    assert response.status_code == 200
    assert other.get("/accounts/me/").status_code == 302


def login_again(client, user):
    from django.test import Client

    fresh = Client()
    fresh.force_login(user)
    return fresh


@pytest.mark.parametrize("role", [Role.PLAN_EDITOR, Role.PLAN_READER, Role.ORG_ADMIN])
def test_roles_without_case_access_are_not_asked(client, bergen_org, role):
    user = make_member(bergen_org, role)
    client.force_login(user)
    assert client.get("/accounts/me/").status_code == 200
    response = client.get(TWO_FACTOR)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_case_role_granted_later_demands_the_second_factor_at_once(client, alice, bergen_org):
    client.force_login(alice)
    assert client.get("/accounts/me/").status_code == 200
    MembershipFactory(user=alice, organisation=bergen_org, role=Role.DATA_PROTECTION_OFFICER)
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response.url.startswith(TWO_FACTOR)


@override_settings(DEMO_MODE=True)
def test_demo_mode_shows_a_demo_users_current_code(client, bergen_org):
    from samvern.accounts.demo import demo_totp_key

    user = UserFactory(username="demo.worker")
    MembershipFactory(user=user, organisation=bergen_org, role=Role.CASE_WORKER)
    device = TOTPDevice.objects.create(
        user=user, name="demo", confirmed=True, key=demo_totp_key("demo.worker")
    )
    client.force_login(user)
    content = client.get(TWO_FACTOR).content.decode()
    shown = re.search(r'data-testid="demo-code">(\d{6})<', content).group(1)
    assert shown in {current_code(device, offset) for offset in (-1, 0, 1)}
    assert "Kun for demo" in content or "Demo only" in content


@override_settings(DEMO_MODE=False)
def test_the_demo_code_is_never_shown_outside_demo_mode(client, bergen_org):
    from samvern.accounts.demo import demo_totp_key

    user = UserFactory(username="demo.worker")
    MembershipFactory(user=user, organisation=bergen_org, role=Role.CASE_WORKER)
    TOTPDevice.objects.create(
        user=user, name="demo", confirmed=True, key=demo_totp_key("demo.worker")
    )
    client.force_login(user)
    content = client.get(TWO_FACTOR).content.decode()
    assert "demo-code" not in content


@override_settings(DEMO_MODE=True)
def test_demo_mode_does_not_show_codes_of_ordinary_devices(client, case_worker):
    client.force_login(case_worker)
    assert "demo-code" not in client.get(TWO_FACTOR).content.decode()


def test_backup_codes_can_be_renewed_by_a_verified_user(client, case_worker):
    login(client, case_worker)
    response = client.post("/accounts/two-factor/backup-codes/new/")
    assert response.status_code == 302
    response = client.get(response.url)
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert AuditEvent.objects.filter(
        action="accounts.second_factor.backup_codes_generated", actor_id=str(case_worker.pk)
    ).exists()


def test_backup_codes_and_replacement_are_not_offered_to_other_roles(client, alice):
    login(client, alice)
    assert client.post("/accounts/two-factor/backup-codes/new/").status_code == 404
    assert client.post("/accounts/two-factor/replace/").status_code == 404


def test_moving_to_a_new_phone_removes_the_authenticator_and_demands_enrolment(client, case_worker):
    login(client, case_worker)
    response = client.post("/accounts/two-factor/replace/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=case_worker).exists()
    assert AuditEvent.objects.filter(action="accounts.second_factor.removed").exists()
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response.url.startswith(TWO_FACTOR)
    assert "qr-code" in client.get(TWO_FACTOR).content.decode()
