"""API tokens with the scope "case data": issued only from a session that passed the second
factor, to a case role in the organisation the session acts for; acting for that
organisation only; short-lived; revoked or refused as soon as the role or membership
changes; audited on every use. A general token stays refused by the case layer with the
answer a request without credentials gets.

The world is the action-point world (samvern/conferences/tests/actions_world.py): the
police (*referrer*, *carl*) refer cases A and B, the crisis centre (*participant*) takes
part in case A only, *outsider* works for an organisation outside the partnership.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
import time_machine
from django.test import Client

from samvern.accounts import services
from samvern.accounts.actor import Actor
from samvern.accounts.middleware import ACTIVE_ORG_SESSION_KEY
from samvern.accounts.models import ApiToken, ApiTokenScope, Membership, Organisation, Role, User
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import MembershipFactory, api_token_for
from samvern.audit.models import AuditEvent
from samvern.cases.access import Need, access_case
from samvern.checklists import services as checklist_services
from samvern.checklists.models import ChecklistItem, ItemStatus
from samvern.conferences.models import ActionPoint, Outcome
from samvern.conferences.services import actions
from samvern.conferences.tests.actions_world import ActionsWorld, make_actions_world

pytestmark = pytest.mark.django_db

# A fixed moment for every test: the world's dates and the tokens' lifetimes hang on it.
NOW = dt.datetime(2027, 3, 10, 8, 0, tzinfo=dt.UTC)
TOKEN_API = "/api/v1/auth/token/"
OUTCOME_RECORDED = actions.OUTCOME_RECORDED


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock) -> ActionsWorld:
    return make_actions_world(day=NOW.date())


def _session(user: User, organisation: Organisation | None = None) -> Client:
    browser = login(Client(), user)
    if organisation is not None:
        session = browser.session
        session[ACTIVE_ORG_SESSION_KEY] = str(organisation.pk)
        session.save()
    return browser


def _issue(user: User, organisation: Organisation | None = None, **body: str):
    return _session(user, organisation).post(
        TOKEN_API, json.dumps({"scope": "case_data", **body}), content_type="application/json"
    )


def _case_token(user: User, organisation: Organisation | None = None) -> str:
    response = _issue(user, organisation)
    assert response.status_code == 201, response.content
    return response.json()["token"]


def _program(key: str) -> Client:
    # A program: no cookies, and CSRF enforced as for any client.
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {key}")


def _case(case_id: object) -> str:
    return f"/api/v1/cases/{case_id}/"


def _outcome(point: ActionPoint) -> str:
    return f"/api/v1/conferences/actions/{point.pk}/outcome/"


def _done(client: Client, point: ActionPoint):
    return client.post(
        _outcome(point), json.dumps({"outcome": "done"}), content_type="application/json"
    )


def _police_checklist_item(world: ActionsWorld) -> ChecklistItem:
    actor = Actor.load(world.referrer, organisation=world.police)
    checklist = checklist_services.generate_checklist(
        actor=actor,
        access=access_case(actor, world.case_a.pk, Need.EDIT),
        facts=checklist_services.AskedFacts(),
    )
    return checklist.items.filter(status=ItemStatus.OPEN).order_by("position").first()


# --- Issuing ------------------------------------------------------------------------------


def test_a_case_token_is_bound_to_the_acting_organisation_and_lives_twelve_hours(world):
    response = _issue(world.referrer, name="Politiets saksystem")
    assert response.status_code == 201
    body = response.json()
    assert body["scope"] == "case_data"
    assert body["organisation"] == str(world.police.pk)
    token = ApiToken.objects.get(user=world.referrer)
    assert token.scope == ApiTokenScope.CASE_DATA
    assert token.organisation == world.police
    assert token.second_factor_verified is True
    assert token.expires_at == NOW + dt.timedelta(hours=12)
    event = AuditEvent.objects.get(action="accounts.api_token.issued")
    assert event.detail["scope"] == "case_data"
    assert event.detail["token_organisation"] == str(world.police.pk)


def test_a_general_token_is_what_one_gets_without_asking(world):
    response = _session(world.referrer).post(TOKEN_API)
    assert response.status_code == 201
    assert response.json()["scope"] == "general"
    assert response.json()["organisation"] is None
    token = ApiToken.objects.get(user=world.referrer)
    assert token.organisation is None
    assert token.expires_at == NOW + dt.timedelta(days=90)


def test_no_case_token_without_a_verified_second_factor(world):
    browser = Client()
    browser.force_login(world.referrer)  # password only
    response = browser.post(
        TOKEN_API, json.dumps({"scope": "case_data"}), content_type="application/json"
    )
    assert response.status_code == 403
    with pytest.raises(services.ApiTokenError):
        services.issue_api_token(
            actor=Actor.load(world.referrer, organisation=world.police),
            organisation=world.police,
            second_factor_verified=False,
            scope=ApiTokenScope.CASE_DATA,
        )
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="accounts.api_token.issued").exists()


def test_no_case_token_without_a_case_role(world, alice):
    """A plan editor: a general token, yes; a case-data token, no."""
    response = _issue(alice)
    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=alice).exists()


def test_no_case_token_for_an_organisation_not_held_or_held_without_a_case_role(world):
    worker = make_member(world.police, Role.CASE_WORKER, username="tovekasus")
    MembershipFactory(user=worker, organisation=world.municipality, role=Role.ORG_ADMIN)
    actor = Actor.load(worker, organisation=world.police)
    for organisation in (world.crisis, world.municipality):  # not held; held, no case role
        with pytest.raises(services.ApiTokenError):
            services.issue_api_token(
                actor=actor,
                organisation=organisation,
                second_factor_verified=True,
                scope=ApiTokenScope.CASE_DATA,
            )
    # Acting for the municipality in the session: refused as well.
    assert _issue(worker, world.municipality).status_code == 403
    assert not ApiToken.objects.filter(user=worker).exists()


def test_the_database_refuses_an_unbound_case_token(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        api_token_for(world.referrer, second_factor_verified=True, scope=ApiTokenScope.CASE_DATA)


# --- Expiry and revocation ----------------------------------------------------------------


def test_a_case_token_expires_after_the_configured_hours(world, clock, settings):
    settings.SAMVERN_CASE_API_TOKEN_HOURS = 2
    key = _case_token(world.referrer)
    assert ApiToken.objects.get().expires_at == NOW + dt.timedelta(hours=2)
    clock.move_to(NOW + dt.timedelta(hours=2, seconds=-1))
    assert _program(key).get(_case(world.case_a.pk)).status_code == 200
    clock.move_to(NOW + dt.timedelta(hours=2))
    assert _program(key).get(_case(world.case_a.pk)).status_code == 401


def test_a_role_change_revokes_the_case_token(world):
    key = _case_token(world.referrer)
    admin = make_member(world.police, Role.ORG_ADMIN, username="politiadmin")
    membership = Membership.objects.get(user=world.referrer, organisation=world.police)
    response = login(Client(), admin).post(
        f"/accounts/organisations/{world.police.pk}/members/{membership.pk}/",
        {"role": Role.CONFERENCE_COORDINATOR, "title": "", "ends_on": ""},
    )
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=world.referrer).exists()
    assert _program(key).get(_case(world.case_a.pk)).status_code == 401
    event = AuditEvent.objects.get(action="accounts.api_token.revoked")
    assert event.detail["reason"] == "role_change"


def test_a_case_token_is_refused_from_the_day_the_membership_ends(world, clock):
    """An end date reached needs no write: the token is refused that day."""
    key = _case_token(world.referrer)
    tomorrow = NOW.date() + dt.timedelta(days=1)
    # Set straight in the database, as a date that arrives later would be (no revocation).
    Membership.objects.filter(user=world.referrer, organisation=world.police).update(
        ends_on=tomorrow
    )
    assert _program(key).get(_case(world.case_a.pk)).status_code == 200
    clock.move_to(NOW + dt.timedelta(days=1))
    assert _program(key).get(_case(world.case_a.pk)).status_code == 401
    assert ApiToken.objects.filter(user=world.referrer).exists()  # refused, not deleted


def test_a_case_token_is_refused_once_the_case_role_there_is_gone(world):
    """Even if the role went without the revocation (e.g. straight in the database)."""
    key = _case_token(world.referrer)
    Membership.objects.filter(user=world.referrer, organisation=world.police).update(
        role=Role.PLAN_READER
    )
    assert _program(key).get(_case(world.case_a.pk)).status_code == 401


# --- A general token on the case layer ----------------------------------------------------


def test_a_general_token_gets_the_answer_of_no_credentials_everywhere_on_the_case_layer(world):
    key = api_token_for(world.referrer, second_factor_verified=True)
    item = _police_checklist_item(world)
    point = world.points["police_soon"]
    nobody = Client(enforce_csrf_checks=True)
    requests = [
        ("get", "/api/v1/cases/", {}),
        ("get", _case(world.case_a.pk), {}),
        ("get", f"/api/v1/conferences/actions/{point.pk}/", {}),
        ("post", _outcome(point), {"outcome": "done"}),
        ("post", f"/api/v1/checklists/items/{item.pk}/tick/", {}),
        ("get", f"/api/v1/checklists/cases/{world.case_a.pk}/", {}),
    ]
    for method, path, data in requests:
        kwargs = {"content_type": "application/json"} if method == "post" else {}
        body = json.dumps(data) if method == "post" else None
        args = (path, body) if body is not None else (path,)
        with_token = getattr(_program(key), method)(*args, **kwargs)
        without = getattr(nobody, method)(*args, **kwargs)
        assert with_token.status_code == without.status_code == 401, path
        assert with_token.content == without.content, path
        assert (
            with_token["WWW-Authenticate"] == without["WWW-Authenticate"] == ('Session realm="api"')
        )
    assert ActionPoint.objects.get(pk=point.pk).outcome == Outcome.OPEN
    assert ChecklistItem.objects.get(pk=item.pk).status == ItemStatus.OPEN
    assert ApiToken.objects.get(user=world.referrer).last_used_at is None
    # It still works where general tokens do.
    assert _program(key).get("/api/v1/me/").status_code == 200


def test_an_unknown_key_gets_the_same_answer_on_the_case_layer(world):
    nobody = Client().get(_case(world.case_a.pk))
    unknown = _program("not-a-key").get(_case(world.case_a.pk))
    assert unknown.status_code == nobody.status_code == 401
    assert unknown.content == nobody.content


# --- A case token at work -----------------------------------------------------------------


def _token_events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_a_case_token_reads_a_case_audited_as_through_the_token(world):
    key = _case_token(world.referrer)
    prefix = ApiToken.objects.get().prefix
    response = _program(key).get(_case(world.case_a.pk))
    assert response.status_code == 200
    assert response.json()["reference"] == world.case_a.reference
    [event] = _token_events("cases.case.viewed")
    assert event.actor_id == str(world.referrer.pk)
    assert event.organisation_id == str(world.police.pk)
    assert event.detail["case"] == str(world.case_a.pk)
    assert event.detail["via"] == "api"
    assert event.detail["credential"] == "api_token"
    assert event.detail["token"] == prefix
    assert ApiToken.objects.get().last_used_at == NOW


def test_a_session_read_names_no_token(world):
    response = _session(world.referrer).get(_case(world.case_a.pk))
    assert response.status_code == 200
    [event] = _token_events("cases.case.viewed")
    assert "credential" not in event.detail and "token" not in event.detail


def test_a_case_token_records_an_action_point_outcome_without_csrf(world):
    key = _case_token(world.carl)
    point = world.points["police_soon"]
    response = _done(_program(key), point)
    assert response.status_code == 200, response.content
    assert ActionPoint.objects.get(pk=point.pk).outcome == Outcome.DONE
    [event] = _token_events(OUTCOME_RECORDED)
    assert event.actor_id == str(world.carl.pk)
    assert event.organisation_id == str(world.police.pk)
    assert event.detail["credential"] == "api_token"
    assert event.detail["token"] == ApiToken.objects.get(user=world.carl).prefix


def test_a_session_still_needs_its_csrf_token_to_write(world):
    point = world.points["police_soon"]
    browser = login(Client(enforce_csrf_checks=True), world.carl)
    assert _done(browser, point).status_code == 403
    assert ActionPoint.objects.get(pk=point.pk).outcome == Outcome.OPEN
    assert not AuditEvent.objects.filter(action=OUTCOME_RECORDED).exists()


def test_a_case_token_ticks_a_checklist_item(world):
    item = _police_checklist_item(world)
    key = _case_token(world.referrer)
    response = _program(key).post(f"/api/v1/checklists/items/{item.pk}/tick/")
    assert response.status_code == 200, response.content
    assert ChecklistItem.objects.get(pk=item.pk).status == ItemStatus.DONE
    [event] = _token_events(checklist_services.TICKED)
    assert event.detail["credential"] == "api_token"
    assert event.organisation_id == str(world.police.pk)


def test_a_read_only_user_reads_the_point_but_cannot_record_it(world):
    """The crisis centre attended and confirmed: it sees the police's point (meeting
    information) but only the police record its outcome."""
    key = _case_token(world.participant)
    point = world.points["police_soon"]
    assert _program(key).get(f"/api/v1/conferences/actions/{point.pk}/").status_code == 200
    missing = _program(key).post(
        f"/api/v1/conferences/actions/{uuid.uuid4()}/outcome/",
        json.dumps({"outcome": "done"}),
        content_type="application/json",
    )
    refused = _done(_program(key), point)
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    assert ActionPoint.objects.get(pk=point.pk).outcome == Outcome.OPEN
    assert not AuditEvent.objects.filter(action=OUTCOME_RECORDED).exists()


def test_an_outsider_case_token_sees_nothing(world):
    key = _case_token(world.outsider)
    point = world.points["police_soon"]
    assert _program(key).get(_case(world.case_a.pk)).status_code == 404
    assert _done(_program(key), point).status_code == 404
    assert ActionPoint.objects.get(pk=point.pk).outcome == Outcome.OPEN


def test_a_case_token_acts_only_for_its_organisation(world):
    """A case worker of both the police and the crisis centre, with a token issued while
    acting for the crisis centre: case B (police only) is a 404 like a missing case, and
    the police's checklist cannot be ticked; case A is read for the crisis centre."""
    both = make_member(world.crisis, Role.CASE_WORKER, username="beggesteder")
    MembershipFactory(user=both, organisation=world.police, role=Role.CASE_WORKER)
    item = _police_checklist_item(world)
    key = _case_token(both, world.crisis)
    assert ApiToken.objects.get(user=both).organisation == world.crisis

    other = _program(key).get(_case(world.case_b.pk))
    missing = _program(key).get(_case(uuid.uuid4()))
    assert other.status_code == missing.status_code == 404
    assert other.content == missing.content
    assert world.case_b.reference not in other.content.decode()
    refused = AuditEvent.objects.filter(action="security.case.refused").order_by("id")
    assert refused.count() == 2
    assert refused.first().organisation_id == str(world.crisis.pk)
    assert refused.first().detail["credential"] == "api_token"

    tick = _program(key).post(f"/api/v1/checklists/items/{item.pk}/tick/")
    assert tick.status_code == 404
    assert ChecklistItem.objects.get(pk=item.pk).status == ItemStatus.OPEN

    assert _program(key).get(_case(world.case_a.pk)).status_code == 200
    [read] = _token_events("cases.case.viewed")
    assert read.organisation_id == str(world.crisis.pk)

    # A token issued while acting for the police reads case B for the police, although
    # the crisis centre comes first by name (what a general token acts for).
    assert Actor.load(both).organisation == world.crisis
    police_key = _case_token(both, world.police)
    assert _program(police_key).get(_case(world.case_b.pk)).status_code == 200
    [police_read] = _token_events("cases.case.viewed")[1:]
    assert police_read.organisation_id == str(world.police.pk)


# --- My account ---------------------------------------------------------------------------


def test_the_account_page_offers_the_scope_with_its_warning_and_lists_it(world):
    browser = _session(world.referrer)
    page = browser.get("/accounts/me/").content.decode()
    assert 'name="scope"' in page
    assert "12" in page
    response = browser.post(
        "/accounts/me/api-token/", {"name": "Politiets saksystem", "scope": "case_data"}
    )
    assert response.status_code == 302
    token = ApiToken.objects.get(user=world.referrer)
    assert token.scope == ApiTokenScope.CASE_DATA and token.organisation == world.police
    page = browser.get("/accounts/me/").content.decode()
    assert world.police.name in page
    assert f"{token.prefix}…" in page


def test_the_account_page_offers_no_scope_without_a_case_role(alice):
    browser = login(Client(), alice)
    assert 'name="scope"' not in browser.get("/accounts/me/").content.decode()
    response = browser.post("/accounts/me/api-token/", {"name": "x", "scope": "case_data"})
    assert response.status_code == 302
    assert ApiToken.objects.get(user=alice).scope == ApiTokenScope.GENERAL
