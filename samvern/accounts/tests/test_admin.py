"""The Django admin: system administrators manage organisations, users and memberships
(audited), read the audit trail but cannot change it, and get no case-layer access."""

import pytest
from django.contrib import admin

from samvern.accounts.models import Membership, Organisation, Role
from samvern.accounts.tests.factories import UserFactory
from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/accounts/user/",
        "/admin/accounts/organisation/",
        "/admin/accounts/membership/",
        "/admin/audit/auditevent/",
        "/admin/accounts/user/add/",
        "/admin/accounts/organisation/add/",
    ],
)
def test_a_superuser_opens_the_account_pages(client, root, alice, path):
    client.force_login(root)
    assert client.get(path).status_code == 200


def test_an_ordinary_user_cannot_open_the_admin(client, dora):
    client.force_login(dora)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_organisation_changes_in_the_admin_are_audited(client, root, bergen_org, bergen):
    client.force_login(root)
    response = client.post(
        f"/admin/accounts/organisation/{bergen_org.pk}/change/",
        {
            "name": "Bergen kommune",
            "kind": "municipality",
            "org_number": "964338531",
            "is_active": "on",
            "email": "",
            "phone": "",
            "municipalities": [bergen.pk],
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    bergen_org.refresh_from_db()
    assert bergen_org.org_number == "964338531"
    event = AuditEvent.objects.get(action="accounts.organisation.admin_changed")
    assert event.actor_id == str(root.pk)
    assert event.detail["fields"] == ["org_number"]


def test_a_membership_granted_in_the_admin_is_audited(client, root, alice, bergen_org):
    client.force_login(root)
    response = client.post(
        "/admin/accounts/membership/add/",
        {
            "user": alice.pk,
            "organisation": bergen_org.pk,
            "role": Role.ORG_ADMIN,
            "title": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=alice, role=Role.ORG_ADMIN)
    event = AuditEvent.objects.get(action="accounts.membership.admin_created")
    assert event.target_id == str(membership.pk)
    assert event.organisation_id == str(bergen_org.pk)


def test_the_audit_trail_is_read_only_in_the_admin(client, root):
    event = audit_log(actor=None, action="tests.thing.created")
    client.force_login(root)
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/audit/auditevent/{event.pk}/change/", {"action": "tests.thing.forged"}
    )
    assert response.status_code == 403
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "tests.thing.created"
    model_admin = admin.site._registry[AuditEvent]
    assert not model_admin.get_actions(_request(root))


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/audit/auditevent/")
    request.user = user
    return request


def test_no_case_layer_model_is_registered_in_the_admin():
    case_layer = {"cases", "risk", "conferences", "tasking"}
    registered = {model._meta.app_label for model in admin.site._registry}
    assert not registered & case_layer


def test_a_superuser_has_no_implicit_access_to_the_audit_page_or_members(client, root, bergen_org):
    client.force_login(root)
    assert client.get("/audit/").status_code == 404
    assert client.get(f"/accounts/organisations/{bergen_org.pk}/members/").status_code == 404


def test_organisations_are_offered_current_municipalities_only(client, root, bergen_org):
    client.force_login(root)
    response = client.get(f"/admin/accounts/organisation/{bergen_org.pk}/change/")
    field = response.context["adminform"].form.fields["municipalities"]
    years = set(field.queryset.values_list("year", flat=True))
    assert years == {2024}
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    ["/admin/places/municipality/", "/admin/places/county/", "/admin/places/succession/"],
)
def test_a_superuser_looks_up_reference_data(client, root, bergen, path):
    client.force_login(root)
    assert client.get(path).status_code == 200


def test_a_reference_data_correction_is_audited(client, root, bergen):
    client.force_login(root)
    page = client.get(f"/admin/places/municipality/{bergen.pk}/change/")
    data = {
        key: ("" if value is None else value)
        for key, value in page.context["adminform"].form.initial.items()
    }
    data["population"] = bergen.population + 1
    response = client.post(f"/admin/places/municipality/{bergen.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    bergen.refresh_from_db()
    event = AuditEvent.objects.get(action="places.municipality.admin_changed")
    assert event.detail["fields"] == ["population"]


def test_a_superuser_creates_a_user_in_the_admin_and_it_is_audited(client, root):
    client.force_login(root)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "new.person",
            "email": "new.person@example.org",
            "usable_password": "true",
            "password1": "a fine long password 1",
            "password2": "a fine long password 1",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    from samvern.accounts.models import User

    user = User.objects.get(username="new.person")
    assert user.check_password("a fine long password 1")
    assert AuditEvent.objects.filter(
        action="accounts.user.admin_created", target_id=str(user.pk)
    ).exists()


def test_a_membership_added_inline_on_an_organisation_is_audited(
    client, root, bergen_org, bergen, charlie
):
    client.force_login(root)
    response = client.post(
        f"/admin/accounts/organisation/{bergen_org.pk}/change/",
        {
            "name": "Bergen kommune",
            "kind": "municipality",
            "org_number": "",
            "is_active": "on",
            "email": "",
            "phone": "",
            "municipalities": [bergen.pk],
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": charlie.pk,
            "memberships-0-organisation": bergen_org.pk,
            "memberships-0-role": Role.ORG_ADMIN,
            "memberships-0-title": "",
            "memberships-0-is_active": "on",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=charlie, organisation=bergen_org)
    event = AuditEvent.objects.get(action="accounts.membership.admin_created")
    assert event.target_id == str(membership.pk)
    assert event.actor_id == str(root.pk)
