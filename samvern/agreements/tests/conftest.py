"""The agreements test world, on a fixed day (never the real clock).

Bergen's risk conference: the police coordinate (*hanne*, conference coordinator, manages;
*paal* administers the police and signs for it), the crisis centre is a member (*siv*
administers it and signs for it, *nina* reads, *sofie* is its deputy contact person and
may not sign), the emergency ward is a member whose contact person *helga* signs for it and
owns a protocol. *otto* works at child welfare, which is not a member (an outsider).
"""

import datetime as dt

import pytest
import time_machine

from samvern.accounts.actor import Actor
from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests import personas
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.agreements import services
from samvern.agreements.models import DocumentKind
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory

TODAY = dt.date(2027, 6, 15)
JOINED = dt.date(2026, 1, 1)

AGREEMENT_TEXT = (
    "# Samarbeidsavtale\n\nPartene deler kunnskap om vold i nære relasjoner.\n\n"
    "Politiet kaller inn til møte hver måned.\n\nAvtalen gjelder i to år."
)


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(dt.datetime(2027, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def police(db):
    return OrganisationFactory(name="Vest politidistrikt", kind=OrganisationKind.POLICE)


@pytest.fixture
def shelter(db):
    return OrganisationFactory(name="Bergen krisesenter", kind=OrganisationKind.CRISIS_CENTRE)


@pytest.fixture
def ward(db):
    return OrganisationFactory(name="Legevakten i Bergen", kind=OrganisationKind.HEALTH)


@pytest.fixture
def child_welfare(db):
    return OrganisationFactory(
        name="Barneverntjenesten i Bergen", kind=OrganisationKind.CHILD_WELFARE
    )


@pytest.fixture
def hanne(police):
    return personas.make_persona(personas.HANNE, police)


@pytest.fixture
def paal(police):
    return make_member(police, Role.ORG_ADMIN, username="paal", first_name="Pål")


@pytest.fixture
def siv(shelter):
    return personas.make_persona(personas.SIV, shelter)


@pytest.fixture
def nina(shelter):
    return personas.make_persona(personas.NINA, shelter)


@pytest.fixture
def sofie(shelter):
    return personas.make_persona(personas.SOFIE, shelter)


@pytest.fixture
def helga(ward):
    return make_member(ward, Role.CASE_WORKER, username="helga", first_name="Helga")


@pytest.fixture
def otto(child_welfare):
    return personas.make_persona(personas.OTTO, child_welfare)


@pytest.fixture
def partnership(police, shelter, ward, helga, sofie, bergen):
    partnership = PartnershipFactory(name="Risikokonferanse Bergen", coordinator=police)
    partnership.municipalities.set([bergen])
    PartnershipMemberFactory(partnership=partnership, organisation=police, joined_on=JOINED)
    PartnershipMemberFactory(
        partnership=partnership, organisation=shelter, joined_on=JOINED, deputy=sofie
    )
    PartnershipMemberFactory(
        partnership=partnership, organisation=ward, joined_on=JOINED, relay=helga
    )
    return partnership


def actor(user):
    return Actor.load(user)


@pytest.fixture
def agreement(partnership, hanne, police):
    return services.create_document(
        actor=actor(hanne),
        partnership=partnership,
        kind=DocumentKind.AGREEMENT,
        title="Samarbeidsavtale for risikokonferansen",
        owner_organisation=police,
        owner_person=hanne,
        review_on=dt.date(2028, 6, 1),
        text=AGREEMENT_TEXT,
        on=TODAY,
    )


@pytest.fixture
def protocol(partnership, hanne, ward, helga):
    return services.create_document(
        actor=actor(hanne),
        partnership=partnership,
        kind=DocumentKind.PROTOCOL,
        title="Fra politianmeldelse til krisesenteret",
        owner_organisation=ward,
        owner_person=helga,
        review_on=dt.date(2027, 5, 1),
        text="Politiet ringer krisesenteret samme dag.",
        on=TODAY,
    )
