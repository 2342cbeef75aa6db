import pytest

from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import make_member


@pytest.fixture
def askoy_org(askoy):
    from samvern.accounts.tests.factories import OrganisationFactory

    return OrganisationFactory(
        name="Askøy kommune", kind=OrganisationKind.MUNICIPALITY, municipalities=[askoy]
    )


@pytest.fixture
def per(askoy_org):
    """Plan editor in Askøy: a co-owner of the Bergen–Askøy plan."""
    return make_member(askoy_org, Role.PLAN_EDITOR, username="per")


@pytest.fixture
def api(client):
    from rest_framework.test import APIClient

    return APIClient()
