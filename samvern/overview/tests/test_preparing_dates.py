"""A plan counts as being prepared from the day its preparation began, as registered or as
recorded by the service that started it; never from when the row happened to be written."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.overview.selectors import Status, coverage
from samvern.places.models import Municipality
from samvern.plans.models import PlanVersion
from samvern.plans.registry import PlanFacts, RegistryError, register_plan
from samvern.plans.services import create_plan

DAY = dt.date(2026, 11, 22)


@pytest.fixture
def analyst(reference_data):
    organisation = OrganisationFactory(name="RVTS Test", kind="resource_centre")
    return make_member(organisation, Role.NATIONAL_ANALYST, username="analyst")


def status_of(code: str, day: dt.date) -> str:
    rows = coverage(as_of=day, structure=2024).municipalities
    return next(row.status for row in rows if row.code == code)


def draft(municipality: Municipality, *, started_on: dt.date | None) -> PlanFacts:
    return PlanFacts(
        title="Handlingsplan under arbeid",
        municipalities=[municipality],
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2030, 12, 31),
        started_on=started_on,
    )


def test_a_registered_draft_is_preparing_from_the_day_it_began(analyst, bergen):
    register_plan(actor=Actor.load(analyst), facts=draft(bergen, started_on=DAY), today=DAY)

    assert status_of("4601", DAY) == Status.PREPARING
    assert status_of("4601", DAY - dt.timedelta(days=1)) == Status.NONE


def test_the_chosen_day_decides_even_when_the_clock_is_years_ahead(analyst, bergen):
    with time_machine.travel(dt.datetime(2031, 5, 5, 12, tzinfo=dt.UTC)):
        register_plan(actor=Actor.load(analyst), facts=draft(bergen, started_on=None), today=DAY)

    version = PlanVersion.objects.get(plan__municipalities=bergen)
    assert version.started_on == DAY
    assert status_of("4601", DAY) == Status.PREPARING


def test_a_start_of_preparation_after_the_day_of_judgement_is_refused(analyst, bergen):
    with pytest.raises(RegistryError):
        register_plan(
            actor=Actor.load(analyst),
            facts=draft(bergen, started_on=DAY + dt.timedelta(days=1)),
            today=DAY,
        )
    assert not PlanVersion.objects.filter(plan__municipalities=bergen).exists()


def test_a_plan_started_in_samvern_is_preparing_from_its_creation_day(alice, bergen):
    with time_machine.travel(dt.datetime(2027, 2, 3, 10, tzinfo=dt.UTC)):
        create_plan(actor=Actor.load(alice), title="Ny plan", municipalities=[bergen])

    assert status_of("4601", dt.date(2027, 2, 3)) == Status.PREPARING
    assert status_of("4601", dt.date(2027, 2, 2)) == Status.NONE
