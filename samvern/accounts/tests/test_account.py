"""My account: details, roles, API token, and choosing the organisation one acts for."""

import re

from samvern.accounts.middleware import ACTIVE_ORG_SESSION_KEY
from samvern.accounts.models import ApiToken, Role
from samvern.accounts.testing import login
from samvern.accounts.tests.factories import MembershipFactory, OrganisationFactory
from samvern.audit.models import AuditEvent


def test_my_account_shows_details_and_roles(client, alice, bergen_org):
    login(client, alice)
    response = client.get("/accounts/me/")
    assert response.status_code == 200
    content = response.content.decode()
    assert alice.email in content
    assert "Bergen kommune" in content
    assert 'autocomplete="given-name"' in content
    # Second-factor tools are only for case roles.
    assert "backup-codes" not in content


def test_my_account_needs_login(client, db):
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_saving_details_is_audited_with_the_changed_fields(client, alice):
    login(client, alice)
    response = client.post(
        "/accounts/me/",
        {
            "first_name": "Alice",
            "last_name": alice.last_name,
            "phone": "+47 55 55 55 55",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.first_name, alice.phone, alice.preferred_language) == (
        "Alice",
        "+47 55 55 55 55",
        "en",
    )
    event = AuditEvent.objects.get(action="accounts.user.updated")
    assert set(event.detail["fields"]) >= {"first_name", "phone", "preferred_language"}


def test_unchanged_details_write_no_event(client, alice):
    login(client, alice)
    client.post(
        "/accounts/me/",
        {
            "first_name": alice.first_name,
            "last_name": alice.last_name,
            "phone": alice.phone,
            "preferred_language": alice.preferred_language,
        },
    )
    assert not AuditEvent.objects.filter(action="accounts.user.updated").exists()


def test_bad_details_are_refused_and_nothing_changes(client, alice):
    login(client, alice)
    first_name = alice.first_name
    response = client.post(
        "/accounts/me/",
        {"first_name": "x" * 200, "last_name": "", "phone": "", "preferred_language": "xx"},
    )
    assert response.status_code == 200
    assert 'class="ds-error-summary"' in response.content.decode()
    alice.refresh_from_db()
    assert alice.first_name == first_name
    assert alice.preferred_language == "nb"


def test_an_api_token_is_shown_once_listed_and_can_be_revoked(client, alice):
    login(client, alice)
    response = client.post("/accounts/me/api-token/", {"name": "Report script"})
    assert response.status_code == 302
    content = client.get("/accounts/me/").content.decode()
    key = re.search(r'data-testid="api-token">([A-Za-z0-9_-]{40,})<', content).group(1)
    token = ApiToken.objects.get(user=alice)
    assert token.name == "Report script" and key.startswith(token.prefix)
    listed = client.get("/accounts/me/").content.decode()
    assert key not in listed
    assert "Report script" in listed and f"{token.prefix}…" in listed
    response = client.post(f"/accounts/me/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=alice).exists()
    assert {e.action for e in AuditEvent.objects.all()} >= {
        "accounts.api_token.issued",
        "accounts.api_token.revoked",
    }


def test_a_user_of_two_organisations_switches_between_them(client, alice, bergen_org):
    askoy_org = OrganisationFactory(name="Askøy kommune")
    MembershipFactory(user=alice, organisation=askoy_org, role=Role.PLAN_READER)
    login(client, alice)
    content = client.get("/accounts/me/").content.decode()
    assert 'data-testid="active-organisation-select"' in content
    # Alphabetical first is the default.
    assert re.search(rf'<option value="{askoy_org.pk}" selected>', content)

    response = client.post(
        "/accounts/me/organisation/", {"organisation": str(bergen_org.pk), "next": "/accounts/me/"}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/me/"
    assert client.session[ACTIVE_ORG_SESSION_KEY] == str(bergen_org.pk)
    content = client.get("/accounts/me/").content.decode()
    assert re.search(rf'<option value="{bergen_org.pk}" selected>', content)
    event = AuditEvent.objects.get(action="accounts.organisation.switched")
    assert event.organisation_id == str(bergen_org.pk)


def test_switching_to_someone_elses_organisation_is_refused(client, alice, stavanger_org):
    login(client, alice)
    response = client.post("/accounts/me/organisation/", {"organisation": str(stavanger_org.pk)})
    assert response.status_code == 302
    assert ACTIVE_ORG_SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(action="accounts.organisation.switched").exists()


def test_a_stale_choice_falls_back_to_an_organisation_the_user_still_belongs_to(
    client, alice, bergen_org, stavanger_org
):
    login(client, alice)
    session = client.session
    session[ACTIVE_ORG_SESSION_KEY] = str(stavanger_org.pk)
    session.save()
    response = client.get("/accounts/me/")
    assert response.context["active_organisation"] == bergen_org


def test_a_single_organisation_shows_no_switch(client, alice):
    login(client, alice)
    content = client.get("/accounts/me/").content.decode()
    assert "active-organisation-select" not in content
    assert 'data-testid="active-organisation">Bergen kommune<' in content
