"""Case roles are granted only by an organisation's own administrators: the Django admin
refuses to create, move to, reactivate or prolong one, but can end one; and it shows the
system administrator the organisations that have no active administrator."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from samvern.accounts.models import CASE_ROLES, ApiToken, Membership, Role
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    api_token_for,
)
from samvern.audit.models import AuditEvent

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _membership_form(user, organisation, role, **extra):
    return {
        "user": user.pk,
        "organisation": organisation.pk,
        "role": role,
        "title": "",
        "is_active": "on",
        "ends_on": "",
        **extra,
    }


@pytest.mark.parametrize("role", sorted(CASE_ROLES))
def test_the_admin_refuses_to_create_a_case_role(client, root, alice, bergen_org, role):
    client.force_login(root)
    response = client.post(
        "/admin/accounts/membership/add/", _membership_form(alice, bergen_org, role)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors().as_data()
    assert [error.code for error in errors] == ["case_role_via_admin"]
    assert not Membership.objects.filter(user=alice, role=role).exists()
    assert not AuditEvent.objects.filter(action="accounts.membership.admin_created").exists()


def test_a_user_made_in_the_admin_with_a_case_role_inline_gets_none(client, root, bergen_org):
    client.force_login(root)
    response = client.post(
        f"/admin/accounts/organisation/{bergen_org.pk}/change/",
        {
            "name": bergen_org.name,
            "kind": "municipality",
            "org_number": "",
            "is_active": "on",
            "email": "",
            "phone": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": UserFactory(username="fresh").pk,
            "memberships-0-organisation": bergen_org.pk,
            "memberships-0-role": Role.CASE_WORKER,
            "memberships-0-title": "",
            "memberships-0-is_active": "on",
        },
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user__username="fresh").exists()
    # And that user reaches no case page: they have no role at all.
    fresh = Client()
    fresh.force_login(root.__class__.objects.get(username="fresh"))
    assert fresh.get("/cases/").status_code == 404


def test_the_admin_refuses_to_change_a_membership_into_a_case_role(client, root, alice, bergen_org):
    membership = alice.memberships.get()
    client.force_login(root)
    response = client.post(
        f"/admin/accounts/membership/{membership.pk}/change/",
        _membership_form(alice, bergen_org, Role.DATA_PROTECTION_OFFICER),
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == Role.PLAN_EDITOR


def test_the_admin_refuses_to_reactivate_a_case_role(client, root, bergen_org):
    worker = make_member(bergen_org, Role.CASE_WORKER, username="cw")
    membership = worker.memberships.get()
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    client.force_login(root)
    response = client.post(
        f"/admin/accounts/membership/{membership.pk}/change/",
        _membership_form(worker, bergen_org, Role.CASE_WORKER),
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.is_active is False


@time_machine.travel(dt.datetime(2026, 12, 1, 12, 0), tick=False)
def test_the_admin_can_end_a_case_role_and_that_revokes_tokens(client, root, bergen_org):
    worker = make_member(bergen_org, Role.CASE_WORKER, username="cw")
    api_token_for(worker, second_factor_verified=True)
    membership = worker.memberships.get()
    client.force_login(root)
    response = client.post(
        f"/admin/accounts/membership/{membership.pk}/change/",
        _membership_form(worker, bergen_org, Role.CASE_WORKER, ends_on="2026-12-15"),
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == dt.date(2026, 12, 15)
    assert not ApiToken.objects.filter(user=worker).exists()
    # Prolonging it again is granting: refused.
    response = client.post(
        f"/admin/accounts/membership/{membership.pk}/change/",
        _membership_form(worker, bergen_org, Role.CASE_WORKER, ends_on=""),
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.ends_on == dt.date(2026, 12, 15)


def test_the_admin_still_gives_an_organisation_its_administrator(client, root, alice, bergen_org):
    client.force_login(root)
    response = client.post(
        "/admin/accounts/membership/add/", _membership_form(alice, bergen_org, Role.ORG_ADMIN)
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=alice, role=Role.ORG_ADMIN).exists()


@time_machine.travel(dt.datetime(2026, 12, 1, 12, 0), tick=False)
def test_organisations_without_an_active_administrator_are_listed(client, root, db):
    run = OrganisationFactory(name="Has an administrator")
    MembershipFactory(organisation=run, role=Role.ORG_ADMIN)
    nobody = OrganisationFactory(name="Nobody in charge")
    MembershipFactory(organisation=nobody, role=Role.CASE_WORKER)
    leaving = OrganisationFactory(name="Administrator has left")
    MembershipFactory(organisation=leaving, role=Role.ORG_ADMIN, ends_on=TODAY)
    switched_off = OrganisationFactory(name="Administrator switched off")
    MembershipFactory(organisation=switched_off, role=Role.ORG_ADMIN, is_active=False)
    OrganisationFactory(name="Closed down", is_active=False)

    client.force_login(root)
    listed = client.get("/admin/accounts/organisation/?administrator=none")
    assert listed.status_code == 200
    names = {o.name for o in listed.context["cl"].result_list}
    assert names == {"Nobody in charge", "Administrator has left", "Administrator switched off"}

    start = client.get("/").content.decode()
    assert "Organisasjoner uten administrator" in start
    assert "Nobody in charge" in start and "Has an administrator" not in start
    assert "/admin/accounts/organisation/?administrator=none" in start


def test_the_panel_is_for_system_administrators_only(client, dora, bergen_org):
    OrganisationFactory(name="Nobody in charge")
    login(client, dora)
    assert "Nobody in charge" not in client.get("/").content.decode()
