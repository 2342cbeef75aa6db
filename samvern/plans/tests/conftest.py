import pytest

from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests import personas
from samvern.plans import services
from samvern.plans.models import Measure
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan


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


# Partner agencies that own measures (test_partner_measures.py, the access matrix).


@pytest.fixture
def police(bergen):
    return personas.make_organisation(
        "Vest politidistrikt", OrganisationKind.POLICE, municipalities=[bergen]
    )


@pytest.fixture
def crisis_centre(bergen):
    return personas.make_organisation(
        "Bergen krisesenter", OrganisationKind.CRISIS_CENTRE, municipalities=[bergen]
    )


@pytest.fixture
def lars(police):
    """The police's family violence coordinator, named responsible for the measure."""
    return make_member(police, Role.CASE_WORKER, username="lars", first_name="Lars")


@pytest.fixture
def politikontakt(police):
    """The police's plan editor: reports on every measure the police own."""
    return make_member(police, Role.PLAN_EDITOR, username="politikontakt")


@pytest.fixture
def police_reader(police):
    """Reads the police's plan work: follows its measures, reports on none."""
    return make_member(police, Role.PLAN_READER, username="politileser")


@pytest.fixture
def crisis_editor(crisis_centre):
    """The crisis centre's plan editor: another organisation."""
    return make_member(crisis_centre, Role.PLAN_EDITOR, username="crisis_editor")


@pytest.fixture
def police_round(alice, bergen, police, lars):
    """An adopted Bergen plan in an open round, its first measure owned by the police."""
    version = adopted(alice, new_plan(alice, [bergen]), measures=2)
    measure, other = list(version.measures.order_by("number"))
    # Adopted content is locked for the services; the owner is set on the row.
    Measure.objects.filter(pk=measure.pk).update(
        responsible_organisation=police, responsible_user=lars, title="Varsel etter utrykning"
    )
    measure.refresh_from_db()
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    return version, round_, measure, other
