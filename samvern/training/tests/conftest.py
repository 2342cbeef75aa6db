"""A partnership with training records and the personas of the access matrix (see the
directory tests for who is who). Dates are fixed: membership from 2020, courses in 2025."""

from __future__ import annotations

import datetime as dt

import pytest

from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory

JOINED = dt.date(2020, 1, 1)


@pytest.fixture
def police(db):
    return OrganisationFactory(name="Vest politidistrikt", kind=OrganisationKind.POLICE)


@pytest.fixture
def shelter(db):
    return OrganisationFactory(name="Bergen krisesenter", kind=OrganisationKind.CRISIS_CENTRE)


@pytest.fixture
def stranger_org(db):
    return OrganisationFactory(name="Stavanger kommune", kind=OrganisationKind.MUNICIPALITY)


@pytest.fixture
def partnership(police, shelter):
    partnership = PartnershipFactory(name="Bergen–Askøy", coordinator=police)
    PartnershipMemberFactory(partnership=partnership, organisation=police, joined_on=JOINED)
    PartnershipMemberFactory(partnership=partnership, organisation=shelter, joined_on=JOINED)
    return partnership


@pytest.fixture
def coord(police):
    return make_member(police, Role.CONFERENCE_COORDINATOR, username="coord")


@pytest.fixture
def admin(shelter):
    return make_member(shelter, Role.ORG_ADMIN, username="admin")


@pytest.fixture
def member(shelter):
    return make_member(shelter, Role.CASE_WORKER, username="member")


@pytest.fixture
def outsider(stranger_org):
    return make_member(stranger_org, Role.ORG_ADMIN, username="outsider")
