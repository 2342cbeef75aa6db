"""The survey test world on a fixed day: a partnership of six organisations, each with a
contact person (*rep0*…*rep5*) and the crisis centre with a deputy (*sofie*); *hanne*
coordinates (opens and closes rounds, does not answer), *nina* reads, *otto* is outside."""

import datetime as dt

import pytest
import time_machine

from samvern.accounts.actor import Actor
from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests import personas
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory

TODAY = dt.date(2027, 10, 1)


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(dt.datetime(2027, 10, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def police(db):
    return OrganisationFactory(name="Vest politidistrikt", kind=OrganisationKind.POLICE)


@pytest.fixture
def shelter(db):
    return OrganisationFactory(name="Bergen krisesenter", kind=OrganisationKind.CRISIS_CENTRE)


@pytest.fixture
def hanne(police):
    return personas.make_persona(personas.HANNE, police)


@pytest.fixture
def nina(shelter):
    return personas.make_persona(personas.NINA, shelter)


@pytest.fixture
def sofie(shelter):
    return personas.make_persona(personas.SOFIE, shelter)


@pytest.fixture
def otto(db):
    return personas.make_persona(personas.OTTO, OrganisationFactory(name="Utenfor"))


@pytest.fixture
def partnership(police, shelter, sofie):
    partnership = PartnershipFactory(name="Risikokonferanse Bergen", coordinator=police)
    organisations = [police, shelter] + [OrganisationFactory(name=f"Partner {i}") for i in range(4)]
    partnership.representatives = []
    for i, organisation in enumerate(organisations):
        rep = make_member(organisation, Role.PLAN_READER, username=f"rep{i}")
        PartnershipMemberFactory(
            partnership=partnership,
            organisation=organisation,
            joined_on=dt.date(2026, 1, 1),
            relay=rep,
            deputy=sofie if organisation == shelter else None,
        )
        partnership.representatives.append(rep)
    return partnership


@pytest.fixture
def reps(partnership):
    return partnership.representatives


def actor(user):
    return Actor.load(user)
