"""The page of one action point: its outcome history names each person by full name and
keeps the reason given with every outcome, also after a later outcome replaced it; the
outcome form starts at the point's current outcome."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.cases.access import today
from samvern.conferences.models import ActionPoint, Outcome, OutcomeRecord
from samvern.conferences.tests.actions_world import ActionsWorld, make_actions_world

pytestmark = pytest.mark.django_db

NOT_POSSIBLE = "Hun flyttet før vi fikk kontakt (GRUNN-EN)."
REOPENED = "Ny hendelse meldt, vurderes på nytt (GRUNN-TO)."


@pytest.fixture
def world() -> ActionsWorld:
    return make_actions_world(day=today())


def _record(client: Client, point: ActionPoint, outcome: str, reason: str) -> None:
    response = client.post(
        reverse("conferences:action_outcome", args=[point.pk]),
        {"outcome": outcome, "reason": reason},
    )
    assert response.status_code == 302


def _selected_outcome(body: str) -> list[str]:
    select = body[body.index('name="outcome"') :]
    select = select[: select.index("</select>")]
    options = select.split('<option value="')[1:]
    return [option.split('"')[0] for option in options if "selected" in option]


def test_history_shows_full_names_and_every_earlier_reason(
    client: Client, world: ActionsWorld
) -> None:
    point = world.points["police_late"]
    world.referrer.first_name, world.referrer.last_name = "Rita", "Refsdal"
    world.referrer.save(update_fields=["first_name", "last_name"])
    login(client, world.referrer)
    _record(client, point, Outcome.NOT_POSSIBLE, NOT_POSSIBLE)
    _record(client, point, Outcome.OPEN, REOPENED)

    body = client.get(reverse("conferences:action", args=[point.pk])).content.decode()
    history = body[body.index('id="history-heading"') : body.index('id="outcome-heading"')]
    assert "Rita Refsdal" in history
    assert world.referrer.username not in history
    assert NOT_POSSIBLE in history and REOPENED in history
    assert history.index(NOT_POSSIBLE) < history.index(REOPENED)
    assert "Åpen → Ikke mulig" in history and "Ikke mulig → Åpen" in history
    assert [r.reason for r in OutcomeRecord.objects.filter(point=point)] == [NOT_POSSIBLE, REOPENED]


def test_a_refused_outcome_records_no_history(client: Client, world: ActionsWorld) -> None:
    point = world.points["police_late"]
    login(client, world.referrer)
    response = client.post(
        reverse("conferences:action_outcome", args=[point.pk]),
        {"outcome": Outcome.NOT_DONE, "reason": ""},
    )
    assert response.status_code == 200
    assert not OutcomeRecord.objects.filter(point=point).exists()


def test_another_organisation_cannot_write_history(client: Client, world: ActionsWorld) -> None:
    point = world.points["police_soon"]
    login(client, world.participant)
    response = client.post(
        reverse("conferences:action_outcome", args=[point.pk]),
        {"outcome": Outcome.DONE, "reason": ""},
    )
    assert response.status_code in (403, 404)
    assert not OutcomeRecord.objects.filter(point=point).exists()
    point.refresh_from_db()
    assert point.outcome == Outcome.OPEN


def test_the_outcome_form_starts_at_the_current_outcome(
    client: Client, world: ActionsWorld
) -> None:
    login(client, world.referrer)
    done = world.points["police_done"]
    body = client.get(reverse("conferences:action", args=[done.pk])).content.decode()
    assert _selected_outcome(body) == [Outcome.DONE]
    listed = client.get(reverse("conferences:my_actions")).content.decode()
    # On the list, each point's form starts at its own outcome.
    form = listed[listed.index(reverse("conferences:action_outcome", args=[done.pk])) :]
    assert _selected_outcome(form) == [Outcome.DONE]
