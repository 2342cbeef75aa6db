"""Personas for the partnership tests.

*hanne* coordinates the conference for the police (the coordinator organisation), *nina*
is a case worker at the crisis centre (a member: she reads), *siv* administers the crisis
centre (she names its contact persons), *otto* is a case worker at an organisation that is
not a member (an outsider), *rolf* works at an organisation that left.
"""

import datetime as dt

import pytest
from django.utils import timezone

from samvern.accounts.models import OrganisationKind
from samvern.accounts.tests import personas
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def police(db):
    return OrganisationFactory(name="Vest politidistrikt", kind=OrganisationKind.POLICE)


@pytest.fixture
def shelter(db):
    return OrganisationFactory(name="Bergen krisesenter", kind=OrganisationKind.CRISIS_CENTRE)


@pytest.fixture
def child_welfare(db):
    return OrganisationFactory(
        name="Barneverntjenesten i Bergen", kind=OrganisationKind.CHILD_WELFARE
    )


@pytest.fixture
def resource_centre(db):
    return OrganisationFactory(name="RVTS Vest", kind=OrganisationKind.RESOURCE_CENTRE)


@pytest.fixture
def partnership(police, shelter, resource_centre, today):
    partnership = PartnershipFactory(name="Risikokonferanse Bergen", coordinator=police)
    PartnershipMemberFactory(
        partnership=partnership, organisation=police, joined_on=today - dt.timedelta(days=900)
    )
    PartnershipMemberFactory(
        partnership=partnership, organisation=shelter, joined_on=today - dt.timedelta(days=400)
    )
    PartnershipMemberFactory(
        partnership=partnership,
        organisation=resource_centre,
        joined_on=today - dt.timedelta(days=900),
        left_on=today - dt.timedelta(days=30),
    )
    return partnership


@pytest.fixture
def police_member(partnership, police):
    return partnership.members.get(organisation=police)


@pytest.fixture
def shelter_member(partnership, shelter):
    return partnership.members.get(organisation=shelter)


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
def siv(shelter):
    return personas.make_persona(personas.SIV, shelter)


@pytest.fixture
def otto(child_welfare):
    return personas.make_persona(personas.OTTO, child_welfare)


@pytest.fixture
def rolf(resource_centre):
    return personas.make_persona(personas.ROLF, resource_centre)
