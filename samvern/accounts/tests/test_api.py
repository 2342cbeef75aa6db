"""The accounts API: who am I, my organisations, and an API token from a verified session."""

from django.test import Client

from samvern.accounts.models import ApiToken, Role
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    api_token_for,
)
from samvern.audit.models import AuditEvent


def test_me_describes_the_user_and_memberships(client, alice, bergen_org):
    login(client, alice)
    data = client.get("/api/v1/me/").json()
    assert data["username"] == "alice"
    assert data["requires_second_factor"] is False
    assert data["memberships"] == [
        {
            "id": str(alice.memberships.get().pk),
            "organisation": {
                "id": str(bergen_org.pk),
                "name": "Bergen kommune",
                "kind": "municipality",
            },
            "role": "plan_editor",
            "role_label": data["memberships"][0]["role_label"],
            "title": "",
        }
    ]
    assert data["organisations"] == [
        {"id": str(bergen_org.pk), "name": "Bergen kommune", "kind": "municipality"}
    ]


def test_me_needs_authentication(client, db):
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_my_organisations_lists_only_mine_with_my_roles(client, alice, bergen_org, stavanger_org):
    MembershipFactory(user=alice, organisation=bergen_org, role=Role.ORG_ADMIN)
    inactive = OrganisationFactory(name="Closed", is_active=False)
    MembershipFactory(user=alice, organisation=inactive, role=Role.PLAN_READER)
    login(client, alice)
    data = client.get("/api/v1/organisations/mine/").json()
    assert data["count"] == 1
    assert data["results"][0]["id"] == str(bergen_org.pk)
    assert data["results"][0]["roles"] == ["org_admin", "plan_editor"]


def test_a_token_is_issued_to_a_session_and_then_works_for_the_api(alice):
    browser = Client(enforce_csrf_checks=True)
    login(browser, alice)
    browser.get("/accounts/me/")  # sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    response = browser.post("/api/v1/auth/token/", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201
    key = response.json()["token"]
    token = ApiToken.objects.get(user=alice)
    assert key.startswith(token.prefix) and key not in (token.key_digest, token.prefix)
    assert token.second_factor_verified is False
    assert AuditEvent.objects.filter(action="accounts.api_token.issued").exists()

    program = Client()
    response = program.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["username"] == "alice"


def test_a_token_cannot_be_used_to_get_another_token(alice):
    key = api_token_for(alice)
    response = Client().post("/api/v1/auth/token/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code in (401, 403)
    assert ApiToken.objects.filter(user=alice).count() == 1


def test_a_password_in_the_request_gets_no_token(alice):
    import base64

    basic = base64.b64encode(b"alice:correct-horse-battery-staple").decode()
    response = Client().post("/api/v1/auth/token/", HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code in (401, 403)
    assert not ApiToken.objects.filter(user=alice).exists()


def test_the_token_endpoint_needs_the_csrf_token(alice):
    browser = Client(enforce_csrf_checks=True)
    login(browser, alice)
    assert browser.post("/api/v1/auth/token/").status_code == 403
    assert not ApiToken.objects.filter(user=alice).exists()


def test_an_unverified_case_worker_gets_no_token(bergen_org):
    worker = make_member(bergen_org, Role.CASE_WORKER, username="cw")
    browser = Client()
    browser.force_login(worker)  # password only, no second factor
    assert browser.post("/api/v1/auth/token/").status_code == 403
    assert not ApiToken.objects.filter(user=worker).exists()


def test_a_verified_case_worker_gets_a_token(bergen_org):
    worker = make_member(bergen_org, Role.CASE_WORKER, username="cw")
    browser = Client()
    login(browser, worker)
    assert browser.post("/api/v1/auth/token/").status_code == 201
    assert ApiToken.objects.get(user=worker).second_factor_verified is True


def test_a_deactivated_user_token_stops_working(alice):
    key = api_token_for(alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    response = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code in (401, 403)


def test_the_schema_documents_the_accounts_endpoints(client, db):
    UserFactory()
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"] if "json" in response["Content-Type"] else None
    if paths is None:
        import yaml

        paths = yaml.safe_load(response.content)["paths"]
    for path in ("/api/v1/me/", "/api/v1/organisations/mine/", "/api/v1/auth/token/"):
        assert path in paths
    assert "post" in paths["/api/v1/auth/token/"]
