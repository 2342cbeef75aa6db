""" "My organisation's actions" and the page of one action point: who sees which points,
overdue marking, filters, order, pages, the read recorded, and a query count that does
not grow with the number of cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.access import today
from samvern.cases.models import Case
from samvern.conferences.models import Outcome
from samvern.conferences.services import actions
from samvern.conferences.tests.actions_world import (
    DESCRIPTIONS,
    ActionsWorld,
    add_police_case,
    make_actions_world,
)

pytestmark = pytest.mark.django_db

LIST = reverse("conferences:my_actions")


@pytest.fixture
def world() -> ActionsWorld:
    return make_actions_world(day=today())


def _get(client: Client, world: ActionsWorld, name: str, url: str = LIST, **params: str):
    login(client, world.users()[name])
    return client.get(url, params)


def _shown(body: str) -> set[str]:
    return {key for key, text in DESCRIPTIONS.items() if text in body}


# --- the list ------------------------------------------------------------------------------


def test_police_see_their_own_points_only(client: Client, world: ActionsWorld) -> None:
    response = _get(client, world, "referrer")
    assert response.status_code == 200
    body = response.content.decode()
    assert _shown(body) == {"police_soon", "police_late", "police_done"}
    assert "no-store" in response["Cache-Control"]
    # Sorted by due date: done (−4), late (−1), soon (+2).
    order = [body.index(DESCRIPTIONS[key]) for key in ("police_done", "police_late", "police_soon")]
    assert order == sorted(order)


def test_overdue_points_are_marked(client: Client, world: ActionsWorld) -> None:
    body = _get(client, world, "referrer").content.decode()
    assert body.count('class="is-overdue"') == 1
    assert "Forfalt" in body
    assert "1 dag over fristen" in body


def test_the_crisis_centre_sees_its_point(client: Client, world: ActionsWorld) -> None:
    assert _shown(_get(client, world, "participant").content.decode()) == {"crisis_late"}


@pytest.mark.parametrize("name", ["member_worker", "coordinator"])
def test_an_organisation_not_taking_part_sees_none(
    client: Client, world: ActionsWorld, name: str
) -> None:
    response = _get(client, world, name)
    assert response.status_code == 200
    assert _shown(response.content.decode()) == set()


def test_an_organisation_that_left_sees_none_of_its_points(
    client: Client, world: ActionsWorld
) -> None:
    response = _get(client, world, "rolf")
    assert response.status_code == 200
    assert _shown(response.content.decode()) == set()


@pytest.mark.parametrize("name", ["dpo", "outsider_without_role"])
def test_those_without_a_content_role_get_404(
    client: Client, world: ActionsWorld, name: str
) -> None:
    if name == "outsider_without_role":
        from samvern.accounts.models import Role
        from samvern.accounts.testing import make_member

        login(client, make_member(world.police, Role.ORG_ADMIN, username="policeadmin"))
        response = client.get(LIST)
    else:
        response = _get(client, world, name)
    assert response.status_code == 404


def test_an_outsider_sees_nothing(client: Client, world: ActionsWorld) -> None:
    response = _get(client, world, "outsider")
    assert response.status_code == 200
    assert _shown(response.content.decode()) == set()


def test_anonymous_goes_to_login(client: Client, world: ActionsWorld) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"outcome": Outcome.DONE}, {"police_done"}),
        ({"outcome": Outcome.OPEN}, {"police_soon", "police_late"}),
        ({"overdue": "on"}, {"police_late"}),
        ({"due_within": "2"}, {"police_soon"}),
        ({"due_within": "1"}, set()),
        ({"mine": "on"}, set()),
        ({"reference": "hand-b"}, {"police_late", "police_done"}),
        ({"due_within": "not a number"}, {"police_soon", "police_late", "police_done"}),
    ],
)
def test_filters(client: Client, world: ActionsWorld, params: dict[str, str], expected) -> None:
    assert _shown(_get(client, world, "referrer", **params).content.decode()) == expected


def test_assigned_to_me(client: Client, world: ActionsWorld) -> None:
    assert _shown(_get(client, world, "carl", mine="on").content.decode()) == {"police_soon"}


def test_the_list_read_is_recorded_once_naming_points_and_cases(
    client: Client, world: ActionsWorld
) -> None:
    _get(client, world, "referrer", overdue="on")
    event = AuditEvent.objects.get(action=actions.POINTS_LISTED)
    assert event.detail["points"] == [str(world.points["police_late"].pk)]
    assert event.detail["cases"] == [str(world.case_b.pk)]
    assert event.organisation_id == str(world.police.pk)


def test_pages_keep_the_filters(client: Client, world: ActionsWorld) -> None:
    for i in range(30):
        add_police_case(world, due_on=world.day + dt.timedelta(days=10 + i))
    first = _get(client, world, "referrer", outcome=Outcome.OPEN).content.decode()
    assert "outcome=open&amp;page=2" in first
    second = client.get(LIST, {"outcome": Outcome.OPEN, "page": "2"})
    assert second.status_code == 200
    event = AuditEvent.objects.filter(action=actions.POINTS_LISTED).latest("id")
    assert len(event.detail["points"]) == 32 - actions_page_size()


def actions_page_size() -> int:
    from samvern.conferences.views_actions import PAGE_SIZE

    return PAGE_SIZE


def _count_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_cases(client: Client, world: ActionsWorld) -> None:
    """Acceptance 6: the same number of queries with 2 cases as with 20."""
    login(client, world.referrer)
    assert Case.objects.count() == 2
    with_two = _count_queries(client)
    for i in range(18):
        add_police_case(world, due_on=world.day + dt.timedelta(days=i - 5))
    assert Case.objects.count() == 20
    with_twenty = _count_queries(client)
    assert with_two == with_twenty
    assert with_twenty <= 30


# --- one point -----------------------------------------------------------------------------


def test_the_owner_sees_the_point_with_its_form_and_history(
    client: Client, world: ActionsWorld
) -> None:
    point = world.points["police_late"]
    url = reverse("conferences:action", args=[point.pk])
    login(client, world.referrer)
    client.post(
        reverse("conferences:action_outcome", args=[point.pk]),
        {"outcome": Outcome.NOT_DONE, "reason": "Ikke rukket"},
    )
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert DESCRIPTIONS["police_late"] in body
    assert world.case_b.reference in body
    assert "Ikke rukket" in body
    assert "Åpen → Ikke gjort" in body
    assert 'action="' + reverse("conferences:action_outcome", args=[point.pk]) in body
    event = AuditEvent.objects.filter(action=actions.POINT_VIEWED).latest("id")
    assert event.detail["case"] == str(world.case_b.pk)
    assert event.target_id == str(point.pk)


def test_another_attending_organisation_sees_the_point_without_the_form(
    client: Client, world: ActionsWorld
) -> None:
    point = world.points["police_soon"]
    response = _get(client, world, "participant", reverse("conferences:action", args=[point.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert DESCRIPTIONS["police_soon"] in body
    assert reverse("conferences:action_outcome", args=[point.pk]) not in body
    assert "Bare Handlingspolitiet registrerer utfallet" in body


@pytest.mark.parametrize("name", ["member_worker", "coordinator", "dpo", "rolf", "outsider"])
def test_others_get_the_same_404_as_for_a_missing_point(
    client: Client, world: ActionsWorld, name: str
) -> None:
    point = world.points["police_soon"]
    refused = _get(client, world, name, reverse("conferences:action", args=[point.pk]))
    missing = client.get(
        reverse("conferences:action", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    assert not AuditEvent.objects.filter(action=actions.POINT_VIEWED).exists()


# --- the organisation's open checklist duties ------------------------------------------------


def _open_duty(world: ActionsWorld, organisation, text: str) -> None:
    from samvern.checklists.models import Checklist, ChecklistItem

    checklist = Checklist.objects.create(
        case=world.case_a,
        organisation=organisation,
        template_key="generic",
        template_version="1",
        title={"nb": "Sjekkliste"},
        created_by=world.referrer,
    )
    ChecklistItem.objects.create(
        checklist=checklist, position=1, item_key="duty", text={"nb": text, "en": text}
    )


def test_open_checklist_duties_are_listed_for_their_organisation(
    client: Client, world: ActionsWorld
) -> None:
    _open_duty(world, world.police, "Vurder voldsalarm for fornærmede")
    _open_duty(world, world.crisis, "Tilby krisesenterplass")
    body = _get(client, world, "referrer").content.decode()
    assert "Vurder voldsalarm for fornærmede" in body
    assert "Tilby krisesenterplass" not in body
    assert reverse("checklists:case", args=[world.case_a.pk]) in body
    assert AuditEvent.objects.filter(action="checklists.open_items.listed").count() == 1
