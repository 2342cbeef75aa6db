"""Shared fixtures: reference data and the personas every view test uses.

Personas (see docs/architecture.md): in the municipality of Bergen, *alice* edits plans,
*bob* reads them (a councillor), *dora* administers the organisation; *charlie* edits plans
for Stavanger (an outsider to Bergen's plans). Case-layer personas live in the cases app.
"""

import pytest
from django.core.management import call_command

from samvern.accounts.models import OrganisationKind, Role
from samvern.core.testing import login, make_member
from samvern.places.models import Municipality


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture
def reference_data(db):
    """Reference data is loaded once per test database; a transactional test (browser
    tests) flushes it, so reload when it is missing."""
    if not Municipality.objects.filter(year=2024).exists():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture
def bergen(reference_data):
    return Municipality.objects.get(year=2024, code="4601")


@pytest.fixture
def askoy(reference_data):
    return Municipality.objects.get(year=2024, code="4627")


@pytest.fixture
def stavanger(reference_data):
    return Municipality.objects.get(year=2024, code="1103")


@pytest.fixture
def bergen_org(bergen):
    from samvern.accounts.tests.factories import OrganisationFactory

    return OrganisationFactory(
        name="Bergen kommune", kind=OrganisationKind.MUNICIPALITY, municipalities=[bergen]
    )


@pytest.fixture
def stavanger_org(stavanger):
    from samvern.accounts.tests.factories import OrganisationFactory

    return OrganisationFactory(
        name="Stavanger kommune", kind=OrganisationKind.MUNICIPALITY, municipalities=[stavanger]
    )


@pytest.fixture
def alice(bergen_org):
    return make_member(bergen_org, Role.PLAN_EDITOR, username="alice")


@pytest.fixture
def bob(bergen_org):
    return make_member(bergen_org, Role.PLAN_READER, username="bob")


@pytest.fixture
def dora(bergen_org):
    return make_member(bergen_org, Role.ORG_ADMIN, username="dora")


@pytest.fixture
def charlie(stavanger_org):
    return make_member(stavanger_org, Role.PLAN_EDITOR, username="charlie")


@pytest.fixture
def login_as(client):
    def _login(user):
        return login(client, user)

    return _login
