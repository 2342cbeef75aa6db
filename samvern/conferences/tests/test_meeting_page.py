"""The agenda case page (conferences:item) for every kind of reader: each part only as
AgendaCaseAccess allows, forbidden answered with the same 404 as missing, every read of
research, minutes and action points audited, and the same number of queries however much
there is to show."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samvern.accounts.models import User
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.conferences.models import ActionPoint, Minutes, Research
from samvern.conferences.services import meeting
from samvern.conferences.services import voice as voice_services
from samvern.conferences.tests.meeting_world import (
    CASE_A_REASON,
    CASE_B_REASON,
    CASE_B_RESEARCH,
    PROTECTED_STREET,
    MeetingWorld,
    hold,
    make_meeting_world,
    write_research,
)

POLICE_RESEARCH = "POLITI-RESEARCH: tidligere anmeldelser"
CRISIS_RESEARCH = "KRISE-RESEARCH: bor på krisesenteret"
WELFARE_RESEARCH = "BARNEVERN-RESEARCH: to barn på skolen"
MINUTES_RISK = "REFERAT-RISIKO: høy risiko for ny vold"
MINUTES_B = "REFERAT-B: sak B sitt referat"
POINT_AGREED = "TILTAK-NYTT: politiet følger opp voldsalarm"
POINT_CARRIED = "Barnevernet undersøker skolesituasjonen."
POINT_CLOSED = "Politiet vurderer besøksforbud."
EXPOSED = "Ragnhild Skjulestad"

MEETING_TEXTS = (
    POLICE_RESEARCH,
    CRISIS_RESEARCH,
    WELFARE_RESEARCH,
    MINUTES_RISK,
    POINT_AGREED,
    POINT_CARRIED,
    EXPOSED,
)


def _fill(world: MeetingWorld) -> MeetingWorld:
    write_research(world, world.police, POLICE_RESEARCH)
    write_research(world, world.crisis, CRISIS_RESEARCH)
    write_research(world, world.welfare, WELFARE_RESEARCH)
    Minutes.objects.create(
        item=world.item_a,
        risk_summary=MINUTES_RISK,
        recorded_by=world.police_worker,
        organisation=world.police,
    )
    Minutes.objects.create(
        item=world.item_b,
        risk_summary=MINUTES_B,
        recorded_by=world.police_worker,
        organisation=world.police,
    )
    ActionPoint.objects.create(
        case=world.case_a,
        item=world.item_a,
        organisation=world.police,
        description=POINT_AGREED,
        due_on=world.conference.date + dt.timedelta(days=14),
        created_by=world.police_worker,
    )
    return world


@pytest.fixture(scope="module")
def built(shared_db: Any) -> Iterator[MeetingWorld]:
    with shared_db():
        yield _fill(make_meeting_world())


@pytest.fixture
def world(built: MeetingWorld, db: None) -> MeetingWorld:
    return built


def _get(user: User, url: str) -> Any:
    return login(Client(), user).get(url)


def _page(world: MeetingWorld, user: User, item: Any = None) -> tuple[int, str]:
    item = item or world.item_a
    response = _get(user, reverse("conferences:item", args=[item.pk]))
    return response.status_code, response.content.decode()


def _absent(text: str, *needles: str) -> None:
    found = [needle for needle in needles if needle in text]
    assert not found, f"shown but must not be: {found}"


# --- who sees what ---------------------------------------------------------------------------


def test_a_confirmed_attendee_sees_the_whole_case_with_the_address_masked(world):
    status, text = _page(world, world.police_worker)
    assert status == 200
    for needle in (CASE_A_REASON, *MEETING_TEXTS, "Møtebarnevernet"):
        assert needle in text
    assert "Skjermet adresse" in text
    _absent(text, PROTECTED_STREET, POINT_CLOSED, CASE_B_REASON, MINUTES_B, world.case_b.reference)
    # Forms for the own research, the minutes and a new action point.
    for name in ("conferences:research_save", "conferences:minutes_save", "conferences:action_add"):
        assert reverse(name, args=[world.item_a.pk]) in text


def test_an_attendee_who_has_not_confirmed_sees_the_reference_and_writes_own_research(world):
    status, text = _page(world, world.crisis_new)
    assert status == 200
    assert world.case_a.reference in text
    assert "Du ser bare sakens referanse til du har bekreftet taushetserklæringen" in text
    # Its own organisation's research and the form for it.
    assert CRISIS_RESEARCH in text
    assert reverse("conferences:research_save", args=[world.item_a.pk]) in text
    _absent(
        text,
        CASE_A_REASON,
        EXPOSED,
        POLICE_RESEARCH,
        WELFARE_RESEARCH,
        MINUTES_RISK,
        POINT_AGREED,
        POINT_CARRIED,
        reverse("conferences:minutes_save", args=[world.item_a.pk]),
        reverse("conferences:minutes_pdf", args=[world.item_a.pk]),
    )


def test_an_attendee_with_a_declared_conflict_sees_nothing_of_that_case(world):
    status, text = _page(world, world.crisis_conflict)
    assert status == 200
    assert "Denne saken holdes tilbake for deg" in text
    _absent(
        text,
        CASE_A_REASON,
        *MEETING_TEXTS,
        reverse("conferences:research_save", args=[world.item_a.pk]),
    )


def test_the_conflicted_attendee_still_sees_the_other_cases(world):
    status, text = _page(world, world.crisis_conflict, world.item_b)
    assert status == 200
    for needle in (CASE_B_REASON, CASE_B_RESEARCH, MINUTES_B, "Bodil Bsak"):
        assert needle in text
    _absent(text, *MEETING_TEXTS, CASE_A_REASON)


def test_an_organisation_taking_part_that_does_not_attend_sees_only_the_facts(world):
    status, text = _page(world, world.welfare_worker)
    assert status == 200
    assert CASE_A_REASON in text
    assert WELFARE_RESEARCH in text  # its own
    _absent(text, POLICE_RESEARCH, CRISIS_RESEARCH, MINUTES_RISK, POINT_AGREED, EXPOSED)


def test_after_the_meeting_is_held_an_organisation_that_did_not_attend_still_sees_nothing(world):
    hold(world)
    status, text = _page(world, world.welfare_worker)
    assert status == 200
    _absent(text, POLICE_RESEARCH, CRISIS_RESEARCH, MINUTES_RISK, POINT_AGREED, EXPOSED)


def test_a_colleague_of_an_attending_organisation_sees_the_meeting_once_it_is_held(world):
    _status, before = _page(world, world.police_colleague)
    assert POLICE_RESEARCH in before  # its own organisation's
    _absent(before, CRISIS_RESEARCH, WELFARE_RESEARCH, MINUTES_RISK, POINT_AGREED)
    hold(world)
    status, after = _page(world, world.police_colleague)
    assert status == 200
    for needle in (CRISIS_RESEARCH, WELFARE_RESEARCH, MINUTES_RISK, POINT_AGREED):
        assert needle in after
    # They read the record; writing it is for those who attended.
    _absent(after, reverse("conferences:minutes_save", args=[world.item_a.pk]))


def test_a_coordinator_whose_organisation_takes_no_part_sees_facts_only(world):
    status, text = _page(world, world.coordinator)
    assert status == 200
    assert CASE_A_REASON in text
    _absent(
        text,
        *MEETING_TEXTS,
        reverse("conferences:research_save", args=[world.item_a.pk]),
        reverse("conferences:minutes_save", args=[world.item_a.pk]),
    )


@pytest.mark.parametrize("who", ["shelter", "dpo", "outsider"])
def test_others_get_the_same_404_as_for_a_missing_item(world, who):
    user = world.users()[who]
    client = login(Client(), user)
    forbidden = client.get(reverse("conferences:item", args=[world.item_a.pk]))
    missing = client.get(reverse("conferences:item", args=[uuid.uuid4()]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    for name in ("conferences:minutes_pdf", "conferences:research_save"):
        assert client.get(reverse(name, args=[world.item_a.pk])).status_code == 404


def test_the_form_routes_refuse_with_404_to_those_without_the_part(world):
    coordinator = login(Client(), world.coordinator)
    unconfirmed = login(Client(), world.crisis_new)
    item = world.item_a.pk
    assert coordinator.get(reverse("conferences:research_save", args=[item])).status_code == 404
    assert unconfirmed.get(reverse("conferences:minutes_save", args=[item])).status_code == 404
    assert unconfirmed.get(reverse("conferences:minutes_pdf", args=[item])).status_code == 404
    assert unconfirmed.get(reverse("conferences:research_save", args=[item])).status_code == 302


# --- audit -----------------------------------------------------------------------------------


def _actions(user: User) -> list[str]:
    return list(
        AuditEvent.objects.filter(actor_id=str(user.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_each_part_shown_is_recorded_as_read_naming_the_case(world):
    _page(world, world.police_worker)
    assert _actions(world.police_worker) == [
        meeting.ITEM_VIEWED,
        meeting.RESEARCH_VIEWED,
        meeting.MINUTES_VIEWED,
        meeting.ACTION_POINTS_VIEWED,
        # The person exposed's wishes and advocate, shown beside the minutes.
        voice_services.VOICE_VIEWED,
    ]
    events = AuditEvent.objects.filter(actor_id=str(world.police_worker.pk))
    assert {event.detail["case"] for event in events} == {str(world.case_a.pk)}
    research = events.get(action=meeting.RESEARCH_VIEWED)
    shown = Research.objects.filter(item=world.item_a).values_list("pk", flat=True)
    assert set(research.detail["research"]) == {str(pk) for pk in shown}
    points = events.get(action=meeting.ACTION_POINTS_VIEWED)
    assert points.detail["carried_over"] == [str(world.carried.pk)]


def test_an_unconfirmed_attendee_is_recorded_reading_only_what_they_saw(world):
    _page(world, world.crisis_new)
    assert _actions(world.crisis_new) == [meeting.ITEM_VIEWED, meeting.RESEARCH_VIEWED]
    event = AuditEvent.objects.get(
        actor_id=str(world.crisis_new.pk), action=meeting.RESEARCH_VIEWED
    )
    own = Research.objects.get(item=world.item_a, organisation=world.crisis)
    assert event.detail["research"] == [str(own.pk)]
    assert event.detail["others"] is False


def test_an_exclusion_after_a_declared_conflict_is_recorded(world):
    _page(world, world.crisis_conflict)
    assert _actions(world.crisis_conflict) == [meeting.CONFLICT_EXCLUDED]


def test_a_refusal_is_recorded_as_a_security_event(world):
    _page(world, world.outsider)
    assert _actions(world.outsider) == ["security.case.refused"]


def test_a_superuser_without_a_membership_gets_the_404_of_a_missing_item_everywhere(world):
    from samvern.accounts.tests.factories import UserFactory

    client = login(Client(), UserFactory(username="m_root", is_superuser=True, is_staff=True))
    for name in (
        "conferences:item",
        "conferences:minutes_pdf",
        "conferences:research_save",
        "conferences:minutes_save",
        "conferences:action_add",
        "api-conferences-item",
        "api-conferences-item-minutes",
    ):
        forbidden = client.get(reverse(name, args=[world.item_a.pk]))
        missing = client.get(reverse(name, args=[uuid.uuid4()]))
        assert forbidden.status_code == missing.status_code == 404, name
        assert forbidden.content == missing.content, name
        posted = client.post(reverse(name, args=[world.item_a.pk]), {})
        assert posted.status_code in (404, 405), name
