"""Coverage figures: the 2019 study's shape, boundary dates, structure mapping, budgets."""

from __future__ import annotations

import datetime as dt

import pytest

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.overview.selectors import Status, coverage, history, plan_figures
from samvern.overview.tests.study_fixture import STUDY_DATE, register_study_plans, rows
from samvern.places.models import Municipality
from samvern.plans.models import EvaluationKind, VersionStatus
from samvern.plans.registry import AdoptionFacts, PlanFacts, register_plan

D = dt.date


@pytest.fixture
def analyst(reference_data):
    organisation = OrganisationFactory(name="RVTS Test", kind="resource_centre")
    return make_member(organisation, Role.NATIONAL_ANALYST, username="analyst")


def expected_study_figures(day: dt.date) -> dict:
    """Figures implied by the fixture rows, computed without the code under test."""
    covered: set[str] = set()
    in_force_plans = []
    for owners, adopters, decided, start, end, withdrawn in rows():
        if withdrawn or not (decided <= day and start <= day <= end):
            continue
        covered.update(adopters)
        in_force_plans.append(owners)
    population = dict(Municipality.objects.filter(year=2019).values_list("code", "population"))
    total_population = sum(population.values())
    covered_population = sum(population[code] for code in covered)
    inter = sum(1 for owners in in_force_plans if len(owners) > 1)
    return {
        "municipalities": len(population),
        "covered": len(covered),
        "covered_codes": covered,
        "share": len(covered) / len(population),
        "population": total_population,
        "covered_population": covered_population,
        "population_share": covered_population / total_population,
        "plans": len(in_force_plans),
        "inter": inter,
    }


def single(by_code, code, *, decided, start, end, title="Plan", **extra):
    return PlanFacts(
        title=title,
        municipalities=[by_code[code]],
        period_start=start,
        period_end=end,
        adoptions=[
            AdoptionFacts(municipality=by_code[code], body="Kommunestyret", decided_on=decided)
        ],
        **extra,
    )


def test_study_fixture_has_the_shape_of_the_2019_study(analyst):
    register_study_plans(analyst)
    expected = expected_study_figures(STUDY_DATE)
    assert expected["municipalities"] == 422
    assert 0.38 < expected["share"] < 0.42
    assert 0.60 < expected["population_share"] < 0.66
    assert 0.4 < expected["inter"] / expected["plans"] < 0.6


def test_coverage_on_the_study_date_matches_the_fixture_rows(analyst):
    register_study_plans(analyst)
    expected = expected_study_figures(STUDY_DATE)

    result = coverage(as_of=STUDY_DATE, structure=2019)

    national = result.national
    assert national.municipalities == 422
    assert national.in_force == expected["covered"]
    assert national.partly == 0
    assert national.in_force_share == pytest.approx(expected["share"])
    assert national.population == expected["population"]
    assert national.covered_population == pytest.approx(expected["covered_population"])
    assert national.population_share == pytest.approx(expected["population_share"])
    assert {row.code for row in result.municipalities if row.status == Status.IN_FORCE} == (
        expected["covered_codes"]
    )
    assert result.plans.in_force == expected["plans"]
    assert result.plans.inter_municipal == expected["inter"]
    assert sum(county.in_force for county in result.counties) == expected["covered"]


def test_plans_move_in_and_out_of_force_on_their_exact_dates(bergen, askoy):
    actor = make_member(
        OrganisationFactory(kind="national_authority"), Role.NATIONAL_ANALYST, username="nat"
    )
    by_code = {"4601": bergen, "4627": askoy}
    register_plan(
        actor=Actor.load(actor),
        facts=single(
            by_code, "4601", decided=D(2021, 3, 10), start=D(2021, 1, 1), end=D(2024, 12, 31)
        ),
    )
    register_plan(
        actor=Actor.load(actor),
        facts=single(
            by_code, "4627", decided=D(2021, 12, 15), start=D(2022, 1, 1), end=D(2025, 12, 31)
        ),
    )

    def status(code: str, day: dt.date) -> str:
        return coverage(as_of=day, structure=2024).by_code[code].status

    # Bergen: the period starts before the decision, so force begins on the decision date.
    assert status("4601", D(2021, 3, 9)) == Status.NONE
    assert status("4601", D(2021, 3, 10)) == Status.IN_FORCE
    assert status("4601", D(2024, 12, 31)) == Status.IN_FORCE
    assert status("4601", D(2025, 1, 1)) == Status.EXPIRED
    # Askøy: adopted before the period; in force from the first day of the period.
    assert status("4627", D(2021, 12, 14)) == Status.NONE
    assert status("4627", D(2021, 12, 15)) == Status.PREPARING
    assert status("4627", D(2021, 12, 31)) == Status.PREPARING
    assert status("4627", D(2022, 1, 1)) == Status.IN_FORCE
    assert status("4627", D(2025, 12, 31)) == Status.IN_FORCE
    assert status("4627", D(2026, 1, 1)) == Status.EXPIRED


def test_withdrawn_versions_never_count(bergen):
    actor = make_member(OrganisationFactory(), Role.NATIONAL_ANALYST, username="nat2")
    plan = register_plan(
        actor=Actor.load(actor),
        facts=single(
            {"4601": bergen},
            "4601",
            decided=D(2021, 1, 5),
            start=D(2021, 1, 1),
            end=D(2024, 12, 31),
        ),
    )
    plan.versions.update(status=VersionStatus.WITHDRAWN)
    assert coverage(as_of=D(2022, 1, 1), structure=2024).by_code["4601"].status == Status.NONE


def test_a_merged_2024_municipality_is_covered_by_population_of_its_covered_predecessors(
    reference_data,
):
    # 2024 Bergen (4601) is 2019 Bergen (1201) alone; 2024 Kinn (4602) is 1401 Flora + 1439 Vågsøy.
    actor = make_member(OrganisationFactory(), Role.NATIONAL_ANALYST, username="nat3")
    old = {m.code: m for m in Municipality.objects.filter(year=2019)}
    new = {m.code: m for m in Municipality.objects.filter(year=2024)}
    for code in ("1201", "1401"):
        register_plan(
            actor=Actor.load(actor),
            facts=single(
                old, code, decided=D(2018, 12, 1), start=D(2019, 1, 1), end=D(2022, 12, 31)
            ),
        )
    result = coverage(as_of=D(2021, 6, 1), structure=2024)

    assert result.by_code["4601"].status == Status.IN_FORCE
    assert result.by_code["4601"].via_succession
    kinn = result.by_code["4602"]
    fraction = old["1401"].population / (old["1401"].population + old["1439"].population)
    assert kinn.status == Status.PARTLY
    assert kinn.covered_fraction == pytest.approx(fraction)
    assert kinn.covered_population == pytest.approx(fraction * new["4602"].population)
    assert result.national.in_force == 1
    assert result.national.partly == 1


def test_a_split_2019_municipality_is_covered_in_proportion_to_its_share(reference_data):
    # 1850 Tysfjord was split between 1806 Narvik (0.5) and 1875 Hamarøy (0.5).
    actor = make_member(OrganisationFactory(), Role.NATIONAL_ANALYST, username="nat4")
    new = {m.code: m for m in Municipality.objects.filter(year=2024)}
    register_plan(
        actor=Actor.load(actor),
        facts=single(new, "1806", decided=D(2023, 5, 1), start=D(2023, 1, 1), end=D(2026, 12, 31)),
    )
    result = coverage(as_of=D(2024, 1, 1), structure=2019)
    tysfjord = result.by_code["1850"]
    assert tysfjord.status == Status.PARTLY
    assert tysfjord.covered_fraction == pytest.approx(0.5)
    assert tysfjord.covered_population == pytest.approx(0.5 * tysfjord.population)
    # Old Narvik (1805), Ballangen (1854) went whole into new Narvik: fully covered.
    assert result.by_code["1805"].status == Status.IN_FORCE
    assert result.by_code["1854"].status == Status.IN_FORCE


def test_plan_figures_count_expired_unreported_and_unevaluated_plans(bergen, askoy, stavanger):
    actor = make_member(OrganisationFactory(), Role.NATIONAL_ANALYST, username="nat5")
    by_code = {"4601": bergen, "4627": askoy, "1103": stavanger}
    # Expired, never evaluated, no successor.
    register_plan(
        actor=Actor.load(actor),
        facts=single(
            by_code, "4627", decided=D(2015, 1, 5), start=D(2015, 1, 1), end=D(2018, 12, 31)
        ),
    )
    # Expired but evaluated, followed by a new plan in force that was reported on.
    register_plan(
        actor=Actor.load(actor),
        facts=single(
            by_code,
            "4601",
            decided=D(2015, 1, 5),
            start=D(2015, 1, 1),
            end=D(2018, 12, 31),
            title="Old",
            evaluated_on=D(2019, 3, 1),
        ),
    )
    register_plan(
        actor=Actor.load(actor),
        facts=single(
            by_code,
            "4601",
            decided=D(2019, 1, 5),
            start=D(2019, 1, 1),
            end=D(2022, 12, 31),
            title="New",
            reported_on=D(2020, 2, 1),
        ),
    )
    # In force, never reported (Stavanger of the 2024 structure exists from 2020).
    register_plan(
        actor=Actor.load(actor),
        facts=single(
            by_code, "1103", decided=D(2020, 1, 10), start=D(2020, 1, 1), end=D(2022, 12, 31)
        ),
    )
    figures = plan_figures(as_of=D(2021, 1, 1))
    assert figures.in_force == 2
    assert figures.inter_municipal == 0
    assert figures.expired_without_successor == 1
    assert figures.in_force_unreported == 1
    assert figures.ended_unevaluated == 1
    # Before the report was made, the new plan was also unreported.
    assert plan_figures(as_of=D(2020, 1, 31)).in_force_unreported == 2
    # Before the evaluation, the old plan had ended without evaluation too.
    assert plan_figures(as_of=D(2019, 2, 28)).ended_unevaluated == 2
    assert EvaluationKind.FINAL  # the registry records evaluations as final evaluations


def test_history_follows_the_same_day_each_year(analyst):
    register_study_plans(analyst)
    points = history(as_of=STUDY_DATE, structure=2019)
    assert points[0].day == D(2010, 6, 1)
    assert points[-1].day == STUDY_DATE
    expected = expected_study_figures(STUDY_DATE)
    assert points[-1].in_force == expected["covered"]
    assert points[-1].population_share == pytest.approx(expected["population_share"])
    for point in points:
        assert point.in_force == expected_study_figures(point.day)["covered"]


@pytest.mark.parametrize("structure", [2019, 2024])
def test_coverage_uses_a_fixed_number_of_queries(analyst, structure, django_assert_max_num_queries):
    # Computed: the data state, the shared entry, six reads, the entry written and pruned.
    with django_assert_max_num_queries(10):
        small = coverage(as_of=STUDY_DATE, structure=structure)
    register_study_plans(analyst)
    with django_assert_max_num_queries(10):
        large = coverage(as_of=STUDY_DATE, structure=structure)
    # Precomputed together with the coverage: only the data state is read.
    with django_assert_max_num_queries(1):
        history(as_of=STUDY_DATE, structure=structure)
    assert large.national.in_force > small.national.in_force


def test_a_2019_plan_followed_by_a_plan_of_the_merged_municipality_has_a_successor(
    reference_data,
):
    actor = make_member(OrganisationFactory(), Role.NATIONAL_ANALYST, username="nat6")
    old = {m.code: m for m in Municipality.objects.filter(year=2019)}
    new = {m.code: m for m in Municipality.objects.filter(year=2024)}
    # 1401 Flora's plan ended in 2019; 4602 Kinn (Flora + Vågsøy) adopted a new one in 2021.
    register_plan(
        actor=Actor.load(actor),
        facts=single(old, "1401", decided=D(2015, 12, 1), start=D(2016, 1, 1), end=D(2019, 12, 31)),
    )
    assert plan_figures(as_of=D(2021, 1, 1)).expired_without_successor == 1
    register_plan(
        actor=Actor.load(actor),
        facts=single(new, "4602", decided=D(2021, 3, 1), start=D(2021, 1, 1), end=D(2024, 12, 31)),
    )
    assert plan_figures(as_of=D(2021, 1, 1)).expired_without_successor == 1  # not yet adopted
    assert plan_figures(as_of=D(2021, 3, 1)).expired_without_successor == 0
    assert plan_figures(as_of=D(2025, 1, 1)).expired_without_successor == 1  # Kinn's own
