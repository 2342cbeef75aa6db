"""The Actor: who acts, for which organisation, with which roles — decided from current
memberships only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.test import APIClient

from samvern.accounts.actor import Actor, actor_of
from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    api_token_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(bergen):
    return OrganisationFactory(
        name="Vest politidistrikt", kind=OrganisationKind.POLICE, municipalities=[bergen]
    )


def test_roles_are_kept_per_organisation(bergen_org, police):
    user = make_member(bergen_org, Role.PLAN_EDITOR, Role.ORG_ADMIN)
    MembershipFactory(user=user, organisation=police, role=Role.CASE_WORKER)
    actor = Actor.load(user, organisation=police)
    assert actor.organisation == police
    assert actor.roles == {Role.CASE_WORKER}
    assert actor.roles_in(bergen_org) == {Role.PLAN_EDITOR, Role.ORG_ADMIN}
    assert actor.roles_by_organisation == {
        bergen_org.pk: {Role.PLAN_EDITOR, Role.ORG_ADMIN},
        police.pk: {Role.CASE_WORKER},
    }
    assert actor.acts_as(Role.CASE_WORKER) and not actor.acts_as(Role.PLAN_EDITOR)
    assert actor.holds(Role.PLAN_EDITOR)
    assert not actor.holds(Role.PLAN_EDITOR, organisation=police)
    assert actor.organisation_ids_with(Role.ORG_ADMIN) == {bergen_org.pk}
    assert actor.organisations_with(Role.ORG_ADMIN, Role.CASE_WORKER) == (bergen_org, police)
    assert actor.requires_second_factor


def test_the_acting_organisation_is_only_ever_one_of_their_own(bergen_org, stavanger_org):
    user = make_member(bergen_org, Role.PLAN_READER)
    # Asking to act for an organisation they hold no membership in falls back to their own.
    actor = Actor.load(user, organisation=stavanger_org)
    assert actor.organisation == bergen_org
    assert actor.roles_in(stavanger_org) == frozenset()
    assert actor.acting_for(stavanger_org).organisation == bergen_org
    # Without a choice: the first of their organisations by name.
    assert Actor.load(user).organisation == bergen_org


def test_the_default_organisation_is_the_first_by_name(bergen_org, stavanger_org):
    user = make_member(stavanger_org, Role.PLAN_READER)
    MembershipFactory(user=user, organisation=bergen_org, role=Role.PLAN_READER)
    assert Actor.load(user).organisation == bergen_org
    assert Actor.load(user, organisation=stavanger_org).organisation == stavanger_org


def test_ended_switched_off_and_inactive_memberships_do_not_count(bergen_org, police):
    today = dt.date(2026, 12, 1)
    user = make_member(bergen_org, Role.PLAN_EDITOR)
    MembershipFactory(
        user=user, organisation=bergen_org, role=Role.ORG_ADMIN, ends_on=today
    )  # ends today: no longer counts
    MembershipFactory(
        user=user, organisation=bergen_org, role=Role.NATIONAL_ANALYST, is_active=False
    )
    closed = OrganisationFactory(name="Nedlagt etat", is_active=False)
    MembershipFactory(user=user, organisation=closed, role=Role.CASE_WORKER)
    actor = Actor.load(user, on=today)
    assert actor.roles_by_organisation == {bergen_org.pk: {Role.PLAN_EDITOR}}
    assert not actor.requires_second_factor
    # The day before its end date, the ending membership still counts.
    assert Actor.load(user, on=today - dt.timedelta(days=1)).roles_in(bergen_org) == {
        Role.PLAN_EDITOR,
        Role.ORG_ADMIN,
    }


def test_an_inactive_account_holds_nothing(bergen_org):
    user = make_member(bergen_org, Role.CASE_WORKER)
    user.is_active = False
    user.save(update_fields=["is_active"])
    actor = Actor.load(user)
    assert not actor.is_authenticated
    assert actor.roles == frozenset() and actor.case_roles == frozenset()
    assert not actor.holds(Role.CASE_WORKER)


def test_a_superuser_has_no_case_roles(police):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    MembershipFactory(user=root, organisation=police, role=Role.CASE_WORKER)
    actor = Actor.load(root)
    assert actor.is_superuser
    assert actor.roles == {Role.CASE_WORKER}
    assert actor.case_roles == frozenset()


def test_case_roles_are_those_of_the_acting_organisation(bergen_org, police):
    user = make_member(police, Role.CASE_WORKER)
    MembershipFactory(user=user, organisation=bergen_org, role=Role.DATA_PROTECTION_OFFICER)
    assert Actor.load(user, organisation=police).case_roles == {Role.CASE_WORKER}
    assert Actor.load(user, organisation=bergen_org).case_roles == {Role.DATA_PROTECTION_OFFICER}


def test_municipalities_are_read_once_per_actor(
    bergen_org, stavanger_org, police, bergen, stavanger, django_assert_num_queries
):
    user = make_member(bergen_org, Role.PLAN_EDITOR)
    MembershipFactory(user=user, organisation=stavanger_org, role=Role.PLAN_READER)
    MembershipFactory(user=user, organisation=police, role=Role.PLAN_EDITOR)
    actor = Actor.load(user)
    with django_assert_num_queries(1):
        assert actor.municipality_ids_with(Role.PLAN_EDITOR) == {bergen.pk}
        assert actor.municipality_ids_with(Role.PLAN_EDITOR, Role.PLAN_READER) == {
            bergen.pk,
            stavanger.pk,
        }
        assert actor.municipality_ids_with(
            Role.PLAN_EDITOR, kind=OrganisationKind.MUNICIPALITY
        ) == {bergen.pk}
        assert actor.municipality_ids_with(Role.CASE_WORKER) == frozenset()


def test_loading_an_actor_is_one_query(bergen_org, police, django_assert_num_queries):
    user = make_member(bergen_org, Role.PLAN_EDITOR)
    MembershipFactory(user=user, organisation=police, role=Role.CASE_WORKER)
    with django_assert_num_queries(1):
        actor = Actor.load(user)
        assert actor.organisations == (bergen_org, police)
        assert actor.roles_in(police) == {Role.CASE_WORKER}


def test_the_anonymous_actor_holds_nothing():
    for actor in (Actor.anonymous(), Actor.load(None), Actor.load(AnonymousUser())):
        assert not actor.is_authenticated
        assert actor.user is None and actor.organisation is None
        assert actor.roles == frozenset() and actor.case_roles == frozenset()
        assert actor.organisation_ids == frozenset()
        assert not actor.requires_second_factor
        assert actor.municipality_ids_with(Role.PLAN_EDITOR) == frozenset()


def test_a_page_request_gets_the_actor_the_middleware_built(client, bergen_org):
    from samvern.accounts.testing import login

    user = make_member(bergen_org, Role.PLAN_READER)
    login(client, user)
    response = client.get("/accounts/me/")
    assert response.status_code == 200
    request = response.wsgi_request
    assert actor_of(request) is request.actor
    assert request.actor.user == user and request.actor.organisation == bergen_org


def test_an_anonymous_request_has_the_anonymous_actor():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    actor = actor_of(request)
    assert not actor.is_authenticated and actor.user is None


def test_a_token_request_builds_the_token_users_actor(bergen_org, police):
    """DRF authenticates a token inside the view, after the middleware saw no user: the
    actor is built for the token's user, once per request."""
    user = make_member(police, Role.PLAN_READER)
    MembershipFactory(user=user, organisation=bergen_org, role=Role.ORG_ADMIN)
    key = api_token_for(user)
    program = APIClient()
    program.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = program.get("/api/v1/organisations/mine/")
    assert response.status_code == 200
    assert {row["id"]: row["roles"] for row in response.json()["results"]} == {
        str(bergen_org.pk): [Role.ORG_ADMIN],
        str(police.pk): [Role.PLAN_READER],
    }
    # The same, directly: a DRF request whose user came from a token.
    django_request = RequestFactory().get("/api/v1/me/")
    django_request.actor = Actor.anonymous()  # what the middleware left
    request = Request(django_request)
    request._user = user
    actor = actor_of(request)
    assert actor.user == user
    assert actor.roles_in(bergen_org) == {Role.ORG_ADMIN}
    assert actor_of(request) is actor  # built once, kept on the request
