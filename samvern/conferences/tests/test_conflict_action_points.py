"""A declared conflict of interest and the action points of that case.

The police's *referrer* attended the held conference and declared a conflict for case A.
The conflict keeps her out of case A's research, discussion and minutes; an action point
agreed there is part of those minutes. So she neither sees nor records the police's point
of case A — on "my organisation's actions", its page or the API — while *carl*, her
colleague without a conflict, records it for the police; an outsider gets nothing. Her
points of case B, where she declared no conflict, stay hers. Refused is the same 404 as
missing, and a refused write changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.access import today
from samvern.conferences.models import (
    ActionPoint,
    AgendaItem,
    AgendaReason,
    AttendanceStatus,
    Attendee,
    ConflictOfInterest,
    Outcome,
)
from samvern.conferences.services import actions
from samvern.conferences.tests.actions_world import (
    DESCRIPTIONS,
    ActionsWorld,
    add_point,
    make_actions_world,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/conferences/actions/"


@pytest.fixture
def world() -> ActionsWorld:
    world = make_actions_world(day=today())
    attendee = Attendee.objects.get(conference=world.held, user=world.referrer)
    item = AgendaItem.objects.get(conference=world.held, case=world.case_a)
    ConflictOfInterest.objects.create(attendee=attendee, item=item, reason="Nabo av familien")
    return world


def _client(world: ActionsWorld, name: str) -> Client:
    return login(Client(), world.users()[name])


def _point(world: ActionsWorld) -> ActionPoint:
    return world.points["police_soon"]  # case A, the police's, open


def _record(client: Client, point_id: object):
    return client.post(
        f"{API}{point_id}/outcome/",
        json.dumps({"outcome": "done"}),
        content_type="application/json",
    )


def _unchanged(point: ActionPoint) -> None:
    assert ActionPoint.objects.get(pk=point.pk).outcome == Outcome.OPEN
    assert not AuditEvent.objects.filter(action=actions.OUTCOME_RECORDED).exists()


# --- The colleague without a conflict -------------------------------------------------------


def test_a_colleague_sees_and_records_the_point(world):
    point = _point(world)
    carl = _client(world, "carl")
    assert carl.get(f"{API}{point.pk}/").status_code == 200
    page = carl.get(reverse("conferences:action", args=[point.pk]))
    assert page.status_code == 200
    assert DESCRIPTIONS["police_soon"] in page.content.decode()
    assert _record(carl, point.pk).status_code == 200
    assert ActionPoint.objects.get(pk=point.pk).outcome == Outcome.DONE
    event = AuditEvent.objects.get(action=actions.OUTCOME_RECORDED)
    assert event.actor_id == str(world.carl.pk)


def test_the_colleague_s_list_still_holds_the_point(world, django_assert_max_num_queries):
    carl = _client(world, "carl")
    with django_assert_max_num_queries(25):
        body = carl.get(reverse("conferences:my_actions")).content.decode()
    assert DESCRIPTIONS["police_soon"] in body


# --- The person who declared the conflict ---------------------------------------------------


def test_the_conflicted_person_gets_the_404_of_a_missing_point(world):
    point = _point(world)
    referrer = _client(world, "referrer")
    for path in (f"{API}{{}}/", "/conferences/actions/{}/"):
        refused = referrer.get(path.format(point.pk))
        missing = referrer.get(path.format(uuid.uuid4()))
        assert refused.status_code == missing.status_code == 404
        assert DESCRIPTIONS["police_soon"] not in refused.content.decode()
        if path.startswith("/api/"):
            assert refused.content == missing.content
    assert not AuditEvent.objects.filter(action=actions.POINT_VIEWED).exists()


def test_the_conflicted_person_cannot_record_the_outcome(world):
    point = _point(world)
    referrer = _client(world, "referrer")
    assert _record(referrer, point.pk).status_code == 404
    page = referrer.post(
        reverse("conferences:action_outcome", args=[point.pk]), {"outcome": Outcome.DONE}
    )
    assert page.status_code == 404
    _unchanged(point)


def test_the_conflicted_person_s_list_leaves_the_point_out(world, django_assert_max_num_queries):
    referrer = _client(world, "referrer")
    with django_assert_max_num_queries(25):
        body = referrer.get(reverse("conferences:my_actions")).content.decode()
    assert DESCRIPTIONS["police_soon"] not in body
    # Case B had no conflict: its points are still hers.
    assert DESCRIPTIONS["police_late"] in body
    listed = referrer.get(API).json()["results"]
    assert str(_point(world).pk) not in {row["id"] for row in listed}
    assert str(world.points["police_late"].pk) in {row["id"] for row in listed}


def test_a_conflict_at_a_later_conference_covers_a_point_carried_over_to_it(world):
    """Declared where the point came up again (carried over), not where it was agreed."""
    ConflictOfInterest.objects.all().delete()
    later = AgendaItem.objects.create(
        conference=world.upcoming,
        case=world.case_a,
        position=1,
        added_by=world.coordinator,
        reason=AgendaReason.NEW,
    )
    attendee = Attendee.objects.get(conference=world.upcoming, user=world.referrer)
    ConflictOfInterest.objects.create(attendee=attendee, item=later)
    point = _point(world)
    assert _record(_client(world, "referrer"), point.pk).status_code == 404
    _unchanged(point)


def test_a_conflict_before_the_point_was_agreed_does_not_hide_it(world):
    """A conflict at an earlier meeting, not repeated at the one that agreed the point:
    she took part in that discussion, so the point is hers to see."""
    ConflictOfInterest.objects.all().delete()
    earlier_conference = world.held.__class__.objects.create(
        partnership=world.partnership,
        date=world.held.date - dt.timedelta(days=28),
        starts_at=world.held.starts_at,
        location=world.held.location,
        status=world.held.status,
        statement=world.held.statement,
        held_at=world.held.held_at,
        created_by=world.coordinator,
    )
    earlier = AgendaItem.objects.create(
        conference=earlier_conference,
        case=world.case_a,
        position=1,
        reason=AgendaReason.NEW,
        added_by=world.coordinator,
    )
    attendee = Attendee.objects.create(
        conference=earlier_conference,
        user=world.referrer,
        organisation=world.police,
        status=AttendanceStatus.PRESENT,
    )
    ConflictOfInterest.objects.create(attendee=attendee, item=earlier)
    assert _client(world, "referrer").get(f"{API}{_point(world).pk}/").status_code == 200


def test_the_conflict_does_not_reach_another_case(world):
    point = add_point(
        world, case=world.case_b, organisation=world.police, due_on=world.day, description="B2"
    )
    assert _record(_client(world, "referrer"), point.pk).status_code == 200


# --- An outsider ----------------------------------------------------------------------------


def test_an_outsider_gets_nothing(world):
    point = _point(world)
    outsider = _client(world, "outsider")
    assert outsider.get(f"{API}{point.pk}/").status_code == 404
    assert _record(outsider, point.pk).status_code == 404
    _unchanged(point)
