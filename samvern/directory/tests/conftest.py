"""A partnership with a directory, and the personas of the access matrix.

*coord* is the coordinator organisation's conference coordinator (manages the directory),
*admin* administers a member organisation (writes its own entries), *member* is a case
worker at a member (reads), *outsider* works at an organisation that is not a member.
Membership dates are fixed far in the past, so the tests hold on any day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samvern.accounts import demo as accounts_demo
from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.directory import demo as directory_demo
from samvern.directory.models import DirectorySettings, Service, ServiceKind, TargetGroup
from samvern.partnerships import demo as partnerships_demo
from samvern.partnerships.models import Partnership
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory
from samvern.training import demo as training_demo

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
def partnership(police, shelter, bergen, askoy):
    partnership = PartnershipFactory(name="Bergen–Askøy", coordinator=police)
    partnership.municipalities.set([bergen, askoy])
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


@pytest.fixture
def shelter_service(partnership, shelter, bergen):
    service = Service.objects.create(
        partnership=partnership,
        name="Krisesenteret i Bergen",
        kind=ServiceKind.SHELTER,
        organisation=shelter,
        target_groups=[TargetGroup.EXPOSED_ADULTS, TargetGroup.CHILDREN],
        phone="55 00 00 00",
        address="Hemmelig adresse 1",
        capacity_label="ledige plasser",
        capacity_free=3,
        capacity_updated_on=dt.date(2026, 1, 10),
        checked_on=dt.date(2026, 1, 10),
    )
    service.municipalities.set([bergen])
    return service


@pytest.fixture
def programme(partnership):
    return Service.objects.create(
        partnership=partnership,
        name="Sinnemestring Vest",
        kind=ServiceKind.VIOLENCE_PROGRAMME,
        provider_name="Stiftelse Sinnemestring",
        target_groups=[TargetGroup.USING_VIOLENCE],
        phone="=cmd|' /C calc'!A0",
    )


@pytest.fixture
def published(partnership):
    return DirectorySettings.objects.create(partnership=partnership, public_page=True)


@pytest.fixture
def demo_partnership(settings, reference_data):
    """The demo's partnership with its directory and training records, for the browser
    tests (which sign in with session cookies, so passwords use a fast hasher)."""
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    today = timezone.localdate()
    accounts_demo.load(today=today)
    partnerships_demo.load(today=today)
    directory_demo.load(today=today)
    training_demo.load(today=today)
    return Partnership.objects.get(name=partnerships_demo.PARTNERSHIP_NAME)
