"""The conference factories make the rows the worlds build on: each on its own with its
defaults, the agenda's next position, the point for the item's case, a confirmation of
the conference's statement, and the partnership with its members; no audit events."""

from __future__ import annotations

import datetime as dt

import pytest

from samvern.accounts.tests.factories import OrganisationFactory, UserFactory
from samvern.audit.models import AuditEvent
from samvern.cases.models import CaseParticipant, CaseState
from samvern.conferences.models import (
    AgendaReason,
    AttendanceStatus,
    ConferenceStatus,
    Outcome,
)
from samvern.conferences.tests.factories import (
    ActionPointFactory,
    AgendaItemFactory,
    AttendeeFactory,
    ConferenceFactory,
    ConfidentialityStatementFactory,
    make_case,
    make_partnership,
)
from samvern.partnerships.models import PartnershipMember

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 4)


def test_each_factory_makes_a_valid_row_on_its_own():
    point = ActionPointFactory()
    assert point.case == point.item.case
    assert point.created_by == point.item.added_by == point.item.conference.created_by
    assert point.outcome == Outcome.OPEN
    assert point.item.case.partnership == point.item.conference.partnership
    assert point.item.reason == AgendaReason.NEW
    assert point.item.conference.status == ConferenceStatus.PLANNED
    attendee = AttendeeFactory()
    assert attendee.status == AttendanceStatus.EXPECTED
    assert attendee.confirmed_statement is None and attendee.confirmed_at is None
    assert AuditEvent.objects.count() == 0


def test_agenda_items_take_the_next_position_of_their_own_conference():
    first, second = ConferenceFactory(), ConferenceFactory()
    items = [AgendaItemFactory(conference=first), AgendaItemFactory(conference=first)]
    other = AgendaItemFactory(conference=second)
    assert [item.position for item in items] == [1, 2]
    assert other.position == 1


def test_a_held_conference_and_a_confirmed_attendee():
    coordinator = UserFactory()
    statement = ConfidentialityStatementFactory(created_by=coordinator)
    held = ConferenceFactory(
        partnership=statement.partnership, held=True, statement=statement, created_by=coordinator
    )
    attendee = AttendeeFactory(conference=held, present=True, confirmed=True)
    assert held.status == ConferenceStatus.HELD and held.held_at is None
    assert attendee.status == AttendanceStatus.PRESENT
    assert attendee.confirmed_statement == statement
    assert attendee.confirmed_at is not None


def test_the_partnership_has_its_members_and_the_one_that_left():
    coordinator, police, gone = (OrganisationFactory() for _ in range(3))
    joined = DAY - dt.timedelta(days=400)
    left_on = DAY - dt.timedelta(days=10)
    partnership = make_partnership(
        "Testby",
        coordinator=coordinator,
        members=(coordinator, police),
        left={gone: left_on},
        joined=joined,
    )
    rows = {
        row.organisation_id: (row.joined_on, row.left_on)
        for row in PartnershipMember.objects.filter(partnership=partnership)
    }
    assert rows == {
        coordinator.pk: (joined, None),
        police.pk: (joined, None),
        gone.pk: (joined, left_on),
    }


def test_a_case_has_its_referrer_and_participants_taking_part():
    police, crisis = OrganisationFactory(), OrganisationFactory()
    partnership = make_partnership("Testby", coordinator=police, members=(police,), joined=DAY)
    case = make_case(partnership, police, UserFactory(), participants=(crisis,), referred_on=DAY)
    assert case.state == CaseState.AWAITING_CONFERENCE
    assert set(
        CaseParticipant.objects.filter(case=case).values_list("organisation_id", flat=True)
    ) == {police.pk, crisis.pk}
