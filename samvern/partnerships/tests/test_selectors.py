import datetime as dt

import pytest

from samvern.accounts.actor import Actor
from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.partnerships.selectors import (
    is_member,
    member_organisations,
    partnerships_for,
    relay_for,
)
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory

pytestmark = pytest.mark.django_db

JAN_1 = dt.date(2024, 1, 1)


@pytest.fixture
def police():
    return OrganisationFactory(name="Politi", kind=OrganisationKind.POLICE)


@pytest.fixture
def shelter():
    return OrganisationFactory(name="Krisesenter", kind=OrganisationKind.CRISIS_CENTRE)


@pytest.fixture
def partnership(police, shelter):
    partnership = PartnershipFactory(coordinator=police)
    PartnershipMemberFactory(partnership=partnership, organisation=police, joined_on=JAN_1)
    PartnershipMemberFactory(
        partnership=partnership,
        organisation=shelter,
        joined_on=dt.date(2024, 3, 1),
        left_on=dt.date(2024, 9, 1),
    )
    return partnership


def test_member_organisations_follow_join_and_leave_dates(partnership, police, shelter):
    assert list(member_organisations(partnership, on=dt.date(2024, 2, 1))) == [police]
    assert set(member_organisations(partnership, on=dt.date(2024, 3, 1))) == {police, shelter}
    assert set(member_organisations(partnership, on=dt.date(2024, 8, 31))) == {police, shelter}
    assert list(member_organisations(partnership, on=dt.date(2024, 9, 1))) == [police]


def test_is_member_counts_the_leave_date_as_the_first_day_outside(partnership, shelter):
    assert not is_member(partnership, shelter, on=dt.date(2024, 2, 29))
    assert is_member(partnership, shelter, on=dt.date(2024, 3, 1))
    assert is_member(partnership, shelter, on=dt.date(2024, 8, 31))
    assert not is_member(partnership, shelter, on=dt.date(2024, 9, 1))


def test_is_member_defaults_to_today(partnership, police, shelter):
    assert is_member(partnership, police)
    assert not is_member(partnership, shelter)


def test_partnerships_for_shows_current_members_only(partnership, police, shelter):
    officer = make_member(police, Role.CASE_WORKER)
    shelter_worker = make_member(shelter, Role.CASE_WORKER)
    outsider = make_member(OrganisationFactory(), Role.CASE_WORKER)
    assert list(partnerships_for(Actor.load(officer))) == [partnership]
    assert list(partnerships_for(Actor.load(shelter_worker))) == []
    assert list(partnerships_for(Actor.load(shelter_worker), on=dt.date(2024, 5, 1))) == [
        partnership
    ]
    assert list(partnerships_for(Actor.load(outsider))) == []


def test_relay_falls_back_to_deputy_when_relay_cannot_be_reached(partnership, police):
    relay = make_member(police, Role.CASE_WORKER)
    deputy = make_member(police, Role.CASE_WORKER)
    member = partnership.members.get(organisation=police)
    member.relay, member.deputy = relay, deputy
    member.save()
    assert relay_for(partnership, police) == relay

    member.relay_away_until = dt.date.today() + dt.timedelta(days=3)
    member.save()
    assert relay_for(partnership, police) == deputy
    assert relay_for(partnership, police, on=dt.date.today() + dt.timedelta(days=4)) == relay

    member.relay_away_until = None
    member.save()
    relay.is_active = False
    relay.save()
    assert relay_for(partnership, police) == deputy

    relay.is_active = True
    relay.save()
    relay.memberships.update(is_active=False)
    assert relay_for(partnership, police) == deputy

    deputy.memberships.update(is_active=False)
    assert relay_for(partnership, police) is None


def test_relay_for_a_former_member_is_none(partnership, shelter):
    assert relay_for(partnership, shelter) is None
