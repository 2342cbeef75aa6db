"""Recording an action point's outcome: only the responsible organisation, a reason for
"not done" and "not possible", reopening with a note, the day passed in, audited in the
same transaction; every refusal changes nothing and writes no outcome event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.access import today
from samvern.conferences.access import PointNeed, access_action_point
from samvern.conferences.models import ActionPoint, Outcome
from samvern.conferences.services import actions
from samvern.conferences.services.actions import ActionRuleError, record_outcome
from samvern.conferences.tests.actions_world import ActionsWorld, make_actions_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> ActionsWorld:
    return make_actions_world(day=today())


def _actor(world: ActionsWorld, name: str) -> Actor:
    return Actor.load(world.users()[name], organisation=world.organisation_of(name))


def _snapshot(point: ActionPoint) -> tuple[object, ...]:
    point.refresh_from_db()
    return (point.outcome, point.outcome_reason, point.outcome_on, point.outcome_by_id)


def _outcome_events() -> int:
    return AuditEvent.objects.filter(action=actions.OUTCOME_RECORDED).count()


# --- the service ---------------------------------------------------------------------------


def test_owner_records_done_on_the_day_passed_in(world: ActionsWorld) -> None:
    actor = _actor(world, "referrer")
    point = world.points["police_soon"]
    access = access_action_point(actor, point.pk, PointNeed.OUTCOME, day=world.day)
    on = world.day + dt.timedelta(days=1)

    record_outcome(actor=actor, access=access, outcome=Outcome.DONE, reason="", day=on)

    point.refresh_from_db()
    assert point.outcome == Outcome.DONE
    assert point.outcome_on == on
    assert point.outcome_by == world.referrer
    assert point.done_in_time
    event = AuditEvent.objects.get(action=actions.OUTCOME_RECORDED)
    assert event.target_id == str(point.pk)
    assert event.detail["case"] == str(world.case_a.pk)
    assert event.detail["from"] == Outcome.OPEN
    assert event.detail["to"] == Outcome.DONE
    assert event.detail["on"] == on.isoformat()
    # No free text of the case in the trail.
    assert "reason" not in event.detail


@pytest.mark.parametrize("outcome", [Outcome.NOT_DONE, Outcome.NOT_POSSIBLE])
def test_not_done_and_not_possible_need_a_reason(world: ActionsWorld, outcome: str) -> None:
    actor = _actor(world, "referrer")
    point = world.points["police_late"]
    access = access_action_point(actor, point.pk, PointNeed.OUTCOME, day=world.day)
    before = _snapshot(point)

    with pytest.raises(ActionRuleError) as refused:
        record_outcome(actor=actor, access=access, outcome=outcome, reason="  ", day=world.day)

    assert "reason" in refused.value.error_dict
    assert "Oppgi hvorfor" in str(refused.value.error_dict["reason"][0].messages[0])
    assert _snapshot(point) == before
    assert _outcome_events() == 0


def test_not_done_and_not_possible_are_kept_apart(world: ActionsWorld) -> None:
    actor = _actor(world, "referrer")
    late = world.points["police_late"]
    soon = world.points["police_soon"]
    for point, outcome in ((late, Outcome.NOT_DONE), (soon, Outcome.NOT_POSSIBLE)):
        access = access_action_point(actor, point.pk, PointNeed.OUTCOME, day=world.day)
        record_outcome(actor=actor, access=access, outcome=outcome, reason="Grunn", day=world.day)
    late.refresh_from_db()
    soon.refresh_from_db()
    assert (late.outcome, soon.outcome) == (Outcome.NOT_DONE, Outcome.NOT_POSSIBLE)
    assert late.outcome_reason == soon.outcome_reason == "Grunn"


def test_a_closed_point_is_reopened_with_a_note(world: ActionsWorld) -> None:
    actor = _actor(world, "referrer")
    point = world.points["police_done"]
    access = access_action_point(actor, point.pk, PointNeed.OUTCOME, day=world.day)

    with pytest.raises(ActionRuleError):
        record_outcome(actor=actor, access=access, outcome=Outcome.OPEN, reason="", day=world.day)
    assert _snapshot(point)[0] == Outcome.DONE

    record_outcome(
        actor=actor, access=access, outcome=Outcome.OPEN, reason="Ny hendelse", day=world.day
    )
    point.refresh_from_db()
    assert point.outcome == Outcome.OPEN
    assert point.outcome_reason == "Ny hendelse"
    assert [change.outcome for change in actions.outcome_history(point)] == [Outcome.OPEN]


def test_the_same_outcome_twice_and_an_open_point_reopened_are_refused(
    world: ActionsWorld,
) -> None:
    actor = _actor(world, "referrer")
    done = world.points["police_done"]
    access = access_action_point(actor, done.pk, PointNeed.OUTCOME, day=world.day)
    with pytest.raises(ActionRuleError):
        record_outcome(
            actor=actor,
            access=access,
            outcome=Outcome.DONE,
            reason=done.outcome_reason,
            day=world.day,
        )
    open_point = world.points["police_soon"]
    access = access_action_point(actor, open_point.pk, PointNeed.OUTCOME, day=world.day)
    with pytest.raises(ActionRuleError):
        record_outcome(actor=actor, access=access, outcome=Outcome.OPEN, reason="x", day=world.day)
    assert _outcome_events() == 0


def test_an_outcome_dated_before_the_conference_is_refused(world: ActionsWorld) -> None:
    actor = _actor(world, "referrer")
    point = world.points["police_soon"]
    access = access_action_point(actor, point.pk, PointNeed.OUTCOME, day=world.day)
    before = _snapshot(point)
    with pytest.raises(ActionRuleError):
        record_outcome(
            actor=actor,
            access=access,
            outcome=Outcome.DONE,
            reason="",
            day=world.held.date - dt.timedelta(days=1),
        )
    assert _snapshot(point) == before


def test_an_unknown_outcome_is_refused(world: ActionsWorld) -> None:
    actor = _actor(world, "referrer")
    point = world.points["police_soon"]
    access = access_action_point(actor, point.pk, PointNeed.OUTCOME, day=world.day)
    with pytest.raises(ActionRuleError):
        record_outcome(actor=actor, access=access, outcome="maybe", reason="", day=world.day)


def test_a_view_access_of_another_organisation_cannot_record(world: ActionsWorld) -> None:
    """The crisis centre may see the police's point (it attended the meeting), and the
    service still refuses it: only the owner records."""
    actor = _actor(world, "participant")
    point = world.points["police_soon"]
    access = access_action_point(actor, point.pk, PointNeed.VIEW, day=world.day)
    assert not access.owner
    before = _snapshot(point)
    with pytest.raises(ActionRuleError):
        record_outcome(actor=actor, access=access, outcome=Outcome.DONE, reason="", day=world.day)
    assert _snapshot(point) == before
    assert _outcome_events() == 0


@pytest.mark.parametrize(
    "name", ["participant", "member_worker", "coordinator", "dpo", "rolf", "outsider"]
)
def test_only_the_owner_gets_outcome_access(world: ActionsWorld, name: str) -> None:
    with pytest.raises(Http404):
        access_action_point(
            _actor(world, name), world.points["police_soon"].pk, PointNeed.OUTCOME, day=world.day
        )


def test_the_clinic_that_left_the_partnership_cannot_record_its_own_point(
    world: ActionsWorld,
) -> None:
    with pytest.raises(Http404):
        access_action_point(
            _actor(world, "rolf"), world.points["clinic_point"].pk, PointNeed.OUTCOME, day=world.day
        )


# --- through the pages ---------------------------------------------------------------------


def _post(client: Client, world: ActionsWorld, name: str, point: ActionPoint, **data: str):
    login(client, world.users()[name])
    return client.post(reverse("conferences:action_outcome", args=[point.pk]), data)


def test_owner_records_an_outcome_from_the_list(client: Client, world: ActionsWorld) -> None:
    point = world.points["police_late"]
    here = reverse("conferences:my_actions") + "?overdue=on"
    response = _post(
        client, world, "carl", point, outcome=Outcome.NOT_POSSIBLE, reason="Flyttet", next=here
    )
    assert response.status_code == 302
    assert response["Location"] == here
    point.refresh_from_db()
    assert (point.outcome, point.outcome_reason, point.outcome_on) == (
        Outcome.NOT_POSSIBLE,
        "Flyttet",
        world.day,
    )
    assert _outcome_events() == 1


def test_a_foreign_next_address_is_not_followed(client: Client, world: ActionsWorld) -> None:
    point = world.points["police_late"]
    response = _post(
        client, world, "referrer", point, outcome=Outcome.DONE, next="https://evil.example/"
    )
    assert response["Location"] == reverse("conferences:action", args=[point.pk])


def test_a_missing_reason_shows_the_form_again(client: Client, world: ActionsWorld) -> None:
    point = world.points["police_late"]
    before = _snapshot(point)
    reads = AuditEvent.objects.filter(action=actions.POINT_VIEWED).count()
    response = _post(client, world, "referrer", point, outcome=Outcome.NOT_DONE, reason="")
    assert response.status_code == 200
    assert "Oppgi hvorfor" in response.content.decode()
    assert _snapshot(point) == before
    assert _outcome_events() == 0
    # The page shown again is a read of the point.
    assert AuditEvent.objects.filter(action=actions.POINT_VIEWED).count() == reads + 1


@pytest.mark.parametrize(
    "name", ["participant", "member_worker", "coordinator", "dpo", "rolf", "outsider"]
)
def test_others_get_404_and_nothing_changes(client: Client, world: ActionsWorld, name: str) -> None:
    point = world.points["police_soon"]
    before = _snapshot(point)
    writes_before = AuditEvent.objects.exclude(action="security.case.refused").count()
    response = _post(client, world, name, point, outcome=Outcome.DONE, reason="")
    assert response.status_code == 404
    assert _snapshot(point) == before
    assert _outcome_events() == 0
    # Only the refusal is recorded (and the login), no write.
    new = AuditEvent.objects.exclude(action="security.case.refused").count() - writes_before
    assert not AuditEvent.objects.filter(action__startswith="conference.").exists()
    assert new <= 1


def test_an_anonymous_post_goes_to_login(client: Client, world: ActionsWorld) -> None:
    point = world.points["police_soon"]
    response = client.post(
        reverse("conferences:action_outcome", args=[point.pk]), {"outcome": Outcome.DONE}
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert _snapshot(point)[0] == Outcome.OPEN


def test_get_on_the_outcome_route_is_not_allowed(client: Client, world: ActionsWorld) -> None:
    login(client, world.referrer)
    response = client.get(
        reverse("conferences:action_outcome", args=[world.points["police_soon"].pk])
    )
    assert response.status_code == 405


def test_the_outcome_and_its_event_are_stored_together(
    world: ActionsWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the audit event cannot be written, the outcome is not recorded either."""

    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(actions, "audit_case_event", broken)
    actor = _actor(world, "referrer")
    point = world.points["police_soon"]
    access = access_action_point(actor, point.pk, PointNeed.OUTCOME, day=world.day)
    before = _snapshot(point)
    with pytest.raises(RuntimeError):
        record_outcome(actor=actor, access=access, outcome=Outcome.DONE, reason="", day=world.day)
    assert _snapshot(point) == before
