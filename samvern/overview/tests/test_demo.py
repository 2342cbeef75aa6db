"""The demo gives a believable national picture: a mix of statuses in every county."""

from __future__ import annotations

import datetime as dt

from samvern.accounts.models import Role
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.core.testing import make_member
from samvern.overview import demo
from samvern.overview.selectors import Status, coverage
from samvern.plans.models import Plan, PlanOrigin


def test_demo_registers_a_mix_of_plans_across_all_counties(reference_data):
    make_member(OrganisationFactory(name="RVTS Vest"), Role.NATIONAL_ANALYST, username=demo.ANALYST)
    today = dt.date(2026, 11, 22)

    demo.load(today=today)

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


def test_demo_is_deterministic(reference_data):
    make_member(OrganisationFactory(name="RVTS Vest"), Role.NATIONAL_ANALYST, username=demo.ANALYST)
    demo.load(today=dt.date(2026, 11, 22))
    titles = sorted(Plan.objects.values_list("title", "versions__period_start"))
    Plan.objects.all().delete()
    demo.load(today=dt.date(2026, 11, 22))
    assert sorted(Plan.objects.values_list("title", "versions__period_start")) == titles
