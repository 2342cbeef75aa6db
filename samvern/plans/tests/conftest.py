import pytest

from samvern.accounts.models import OrganisationKind
from samvern.accounts.tests import personas


@pytest.fixture
def askoy_org(askoy):
    from samvern.accounts.tests.factories import OrganisationFactory

    return OrganisationFactory(
        name="Askøy kommune", kind=OrganisationKind.MUNICIPALITY, municipalities=[askoy]
    )


@pytest.fixture
def per(askoy_org):
    """Plan editor in Askøy: a co-owner of the Bergen–Askøy plan."""
    return personas.make_persona(personas.PER, askoy_org)


@pytest.fixture
def api(client):
    from rest_framework.test import APIClient

    return APIClient()
