"""Organisation administrators manage their own organisation's members, and nothing else."""

import re

import pytest
from django.core import mail
from django.test import Client

from samvern.accounts.models import Membership, Role, User
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from samvern.audit.models import AuditEvent


def members_url(organisation):
    return f"/accounts/organisations/{organisation.pk}/members/"


@pytest.fixture
def stavanger_admin(stavanger_org):
    return make_member(stavanger_org, Role.ORG_ADMIN, username="sadmin")


# --- Who may see the page -------------------------------------------------------------


def test_an_organisation_administrator_sees_the_members(client, dora, alice, bob, bergen_org):
    login(client, dora)
    response = client.get(members_url(bergen_org))
    assert response.status_code == 200
    content = response.content.decode()
    for person in (alice, bob, dora):
        assert person.email in content
    assert "<caption>" in content


def test_a_plan_reader_gets_404(client, bob, bergen_org):
    login(client, bob)
    assert client.get(members_url(bergen_org)).status_code == 404
    assert client.get(members_url(bergen_org) + "add/").status_code == 404


def test_an_administrator_of_another_organisation_gets_404(
    client, stavanger_admin, bergen_org, alice
):
    login(client, stavanger_admin)
    membership = Membership.objects.get(user=alice)
    assert client.get(members_url(bergen_org)).status_code == 404
    assert client.get(members_url(bergen_org) + "add/").status_code == 404
    assert client.get(f"{members_url(bergen_org)}{membership.pk}/").status_code == 404
    response = client.post(f"{members_url(bergen_org)}{membership.pk}/deactivate/")
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_an_administrator_cannot_reach_a_foreign_membership_through_their_own_organisation(
    client, dora, bergen_org, stavanger_org, charlie
):
    login(client, dora)
    foreign = Membership.objects.get(user=charlie)
    response = client.post(
        f"{members_url(bergen_org)}{foreign.pk}/", {"role": Role.ORG_ADMIN, "title": ""}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.PLAN_EDITOR


def test_a_superuser_without_membership_gets_404(client, bergen_org):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(members_url(bergen_org)).status_code == 404


def test_an_unknown_organisation_looks_the_same_as_a_forbidden_one(client, dora):
    login(client, dora)
    response = client.get("/accounts/organisations/00000000-0000-0000-0000-000000000000/members/")
    assert response.status_code == 404


def test_a_deactivated_administrator_membership_gives_no_access(client, dora, bergen_org):
    Membership.objects.filter(user=dora).update(is_active=False)
    login(client, dora)
    assert client.get(members_url(bergen_org)).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, bergen_org):
    response = client.get(members_url(bergen_org))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_members_page_has_a_query_budget(
    client, dora, bergen_org, django_assert_max_num_queries
):
    for _ in range(30):
        make_member(bergen_org, Role.CASE_WORKER)
    login(client, dora)
    with django_assert_max_num_queries(10):
        response = client.get(members_url(bergen_org))
    assert response.status_code == 200


# --- Adding members -------------------------------------------------------------------


def test_adding_an_existing_user_creates_a_membership(client, dora, bergen_org, charlie):
    login(client, dora)
    response = client.post(
        members_url(bergen_org) + "add/",
        {"email": charlie.email.upper(), "role": Role.PLAN_READER, "title": "Adviser"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=charlie, organisation=bergen_org)
    assert membership.role == Role.PLAN_READER
    assert membership.title == "Adviser"
    event = AuditEvent.objects.get(action="accounts.membership.created")
    assert event.actor_id == str(dora.pk)
    assert event.organisation_id == str(bergen_org.pk)
    assert event.target_id == str(membership.pk)
    assert event.detail["self_change"] is False
    assert len(mail.outbox) == 0


def test_adding_a_new_person_invites_them_to_choose_a_password(
    client, dora, bergen_org, django_capture_on_commit_callbacks
):
    login(client, dora)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            members_url(bergen_org) + "add/",
            {
                "email": "Ny.Person@Bergen.kommune.no",
                "role": Role.PLAN_EDITOR,
                "first_name": "Ny",
                "last_name": "Person",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="ny.person@bergen.kommune.no")
    assert user.username == "ny.person@bergen.kommune.no"
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organisation=bergen_org, role="plan_editor")
    assert {e.action for e in AuditEvent.objects.all()} >= {
        "accounts.user.invited",
        "accounts.membership.created",
    }
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Ny.Person@bergen.kommune.no"]
    assert "Bergen kommune" in message.subject
    link = re.search(r"http://testserver(/accounts/invitation/\S+/)", message.body).group(1)

    # The invited person follows the link and chooses a password.
    invited = Client()
    response = invited.get(link)
    assert response.status_code == 302
    response = invited.get(response.url)
    assert "ny.person@bergen.kommune.no" in response.content.decode()
    response = invited.post(
        response.wsgi_request.path,
        {"new_password1": "a good long sentence 7", "new_password2": "a good long sentence 7"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a good long sentence 7")
    assert AuditEvent.objects.filter(
        action="accounts.invitation.accepted", actor_id=str(user.pk)
    ).exists()
    # The link works once.
    assert "new_password1" not in invited.get(link, follow=True).content.decode()


def test_the_members_page_shows_a_pending_invitation_and_can_send_it_again(
    client, dora, bergen_org, django_capture_on_commit_callbacks
):
    invited = UserFactory(username="pending")
    invited.set_unusable_password()
    invited.save()
    membership = MembershipFactory(user=invited, organisation=bergen_org, role=Role.PLAN_READER)
    login(client, dora)
    assert "invitation" in client.get(members_url(bergen_org)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{members_url(bergen_org)}{membership.pk}/invitation/")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="accounts.user.invitation_resent").exists()


def test_an_invitation_cannot_be_resent_to_someone_with_a_password(client, dora, alice, bergen_org):
    login(client, dora)
    membership = Membership.objects.get(user=alice)
    client.post(f"{members_url(bergen_org)}{membership.pk}/invitation/")
    assert len(mail.outbox) == 0
    assert not AuditEvent.objects.filter(action="accounts.user.invitation_resent").exists()


def test_a_role_the_person_already_has_is_refused_with_a_message(client, dora, alice, bergen_org):
    login(client, dora)
    response = client.post(
        members_url(bergen_org) + "add/", {"email": alice.email, "role": Role.PLAN_EDITOR}
    )
    assert response.status_code == 200
    assert 'class="ds-error-summary"' in response.content.decode()
    assert Membership.objects.filter(user=alice).count() == 1
    assert not AuditEvent.objects.filter(action__startswith="accounts.membership").exists()


def test_a_bad_e_mail_address_is_refused_and_nothing_changes(client, dora, bergen_org):
    login(client, dora)
    users_before = User.objects.count()
    response = client.post(
        members_url(bergen_org) + "add/", {"email": "not-an-address", "role": Role.PLAN_EDITOR}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert User.objects.count() == users_before


def test_an_unknown_role_is_refused(client, dora, bergen_org, charlie):
    login(client, dora)
    response = client.post(
        members_url(bergen_org) + "add/", {"email": charlie.email, "role": "superuser"}
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user=charlie, organisation=bergen_org).exists()


# --- Changing and ending memberships --------------------------------------------------


def test_changing_a_role_is_audited(client, dora, bob, bergen_org):
    login(client, dora)
    membership = Membership.objects.get(user=bob)
    response = client.get(f"{members_url(bergen_org)}{membership.pk}/")
    assert response.status_code == 200
    response = client.post(
        f"{members_url(bergen_org)}{membership.pk}/", {"role": Role.PLAN_EDITOR, "title": "Leader"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.title) == (Role.PLAN_EDITOR, "Leader")
    event = AuditEvent.objects.get(action="accounts.membership.role_changed")
    assert event.detail["from_role"] == "plan_reader"
    assert event.detail["to_role"] == "plan_editor"
    assert event.detail["fields"] == ["role", "title"]


def test_the_last_administrator_cannot_remove_themselves(client, dora, bergen_org):
    login(client, dora)
    membership = Membership.objects.get(user=dora)
    response = client.post(f"{members_url(bergen_org)}{membership.pk}/deactivate/", follow=True)
    assert "minst én aktiv administrator" in response.content.decode() or (
        "at least one active administrator" in response.content.decode()
    )
    membership.refresh_from_db()
    assert membership.is_active
    response = client.post(
        f"{members_url(bergen_org)}{membership.pk}/", {"role": Role.PLAN_READER, "title": ""}
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == Role.ORG_ADMIN


def test_deactivating_and_reactivating_a_membership(client, dora, alice, bergen_org):
    login(client, dora)
    membership = Membership.objects.get(user=alice)
    client.post(f"{members_url(bergen_org)}{membership.pk}/deactivate/")
    membership.refresh_from_db()
    assert not membership.is_active
    assert AuditEvent.objects.filter(
        action="accounts.membership.deactivated", target_id=str(membership.pk)
    ).exists()
    # Alice loses what the role gave her at once.
    assert not alice.has_role(Role.PLAN_EDITOR, organisation=bergen_org)
    client.post(f"{members_url(bergen_org)}{membership.pk}/reactivate/")
    membership.refresh_from_db()
    assert membership.is_active
    assert AuditEvent.objects.filter(action="accounts.membership.reactivated").exists()


def test_deactivation_needs_a_post(client, dora, alice, bergen_org):
    login(client, dora)
    membership = Membership.objects.get(user=alice)
    assert client.get(f"{members_url(bergen_org)}{membership.pk}/deactivate/").status_code == 405


# --- Administrators and their own access ----------------------------------------------


def test_an_administrator_granting_themselves_a_case_role_is_audited_and_reported(
    client, dora, bergen_org, django_capture_on_commit_callbacks
):
    dpo = make_member(bergen_org, Role.DATA_PROTECTION_OFFICER, username="dpo")
    other_admin = make_member(bergen_org, Role.ORG_ADMIN, username="admin2")
    login(client, dora)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            members_url(bergen_org) + "add/", {"email": dora.email, "role": Role.CASE_WORKER}
        )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.membership.created")
    assert event.detail["self_change"] is True
    assert event.detail["case_role"] is True
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {dpo.email, other_admin.email}
    assert dora.get_username() in mail.outbox[0].body
    # The new case role demands a second factor before anything else.
    response = client.get(members_url(bergen_org))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/")


def test_an_administrator_changing_their_own_role_is_reported(
    client, dora, bergen_org, django_capture_on_commit_callbacks
):
    make_member(bergen_org, Role.ORG_ADMIN, username="admin2")
    extra = MembershipFactory(user=dora, organisation=bergen_org, role=Role.PLAN_READER)
    login(client, dora)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{members_url(bergen_org)}{extra.pk}/", {"role": Role.CONFERENCE_COORDINATOR})
    extra.refresh_from_db()
    assert extra.role == Role.CONFERENCE_COORDINATOR
    assert AuditEvent.objects.get(action="accounts.membership.role_changed").detail["self_change"]
    assert len(mail.outbox) == 1


def test_an_administrator_of_two_organisations_manages_each_separately(
    client, dora, bergen_org, stavanger_org, charlie
):
    MembershipFactory(user=dora, organisation=stavanger_org, role=Role.ORG_ADMIN)
    login(client, dora)
    assert client.get(members_url(stavanger_org)).status_code == 200
    bergen_member = Membership.objects.get(user=charlie)
    # A Stavanger membership is not reachable under Bergen's address.
    assert client.get(f"{members_url(bergen_org)}{bergen_member.pk}/").status_code == 404
    assert client.get(f"{members_url(stavanger_org)}{bergen_member.pk}/").status_code == 200


def test_an_inactive_organisation_is_not_managed(client, dora, bergen_org):
    bergen_org.is_active = False
    bergen_org.save(update_fields=["is_active"])
    login(client, dora)
    assert client.get(members_url(bergen_org)).status_code == 404


def test_members_are_listed_only_for_the_requested_organisation(client, dora, bergen_org):
    elsewhere = OrganisationFactory(name="Elsewhere")
    stranger = make_member(elsewhere, Role.PLAN_EDITOR, username="stranger")
    login(client, dora)
    assert stranger.email not in client.get(members_url(bergen_org)).content.decode()
