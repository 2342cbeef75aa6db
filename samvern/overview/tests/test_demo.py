"""The demo gives a believable national picture: a mix of statuses in every county."""

from __future__ import annotations

import datetime as dt

import pytest

from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.overview import demo
from samvern.overview.selectors import Status, coverage
from samvern.plans.models import Plan, PlanOrigin

DEMO_DAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo_built(shared_db):
    """The national demo, loaded once for this module's tests and rolled back after them:
    loading it is the slow part. Each test runs in its own savepoint, so a test that
    changes the demo (the determinism test deletes and reloads it) leaves it as loaded
    for the next."""
    with shared_db():
        make_member(
            OrganisationFactory(name="RVTS Vest"), Role.NATIONAL_ANALYST, username=demo.ANALYST
        )
        demo.load(today=DEMO_DAY)
        yield


@pytest.fixture
def demo_loaded(demo_built, db):
    return DEMO_DAY


def test_demo_registers_a_mix_of_plans_across_all_counties(demo_loaded):
    today = demo_loaded

    result = coverage(as_of=today, structure=2024)
    national = result.national
    assert 0.35 < national.in_force_share < 0.65
    assert 0.5 < national.population_share < 0.8
    assert national.expired > 30 and national.never > 20 and national.preparing > 5
    counties_with_plans = [county for county in result.counties if county.in_force]
    assert len(counties_with_plans) == len(result.counties) == 15
    assert result.plans.inter_municipal > 10
    assert coverage(as_of=dt.date(2019, 6, 1), structure=2019).national.in_force > 80
    assert {row.status for row in result.municipalities} >= {
        Status.IN_FORCE,
        Status.EXPIRED,
        Status.PREPARING,
        Status.NONE,
    }
    count = Plan.objects.filter(origin=PlanOrigin.REGISTERED).count()
    demo_again = Plan.objects.count()
    assert count == demo_again  # all demo plans are registered facts


def test_demo_is_deterministic(demo_loaded):
    # The first load is the shared one (the same analyst, the same day).
    titles = sorted(Plan.objects.values_list("title", "versions__period_start"))
    Plan.objects.all().delete()
    demo.load(today=dt.date(2026, 11, 22))
    assert sorted(Plan.objects.values_list("title", "versions__period_start")) == titles
