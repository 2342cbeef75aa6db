"""The benchmark's data generator and measuring loop work (on a tiny dataset).

The benchmark itself (bench/run.py, `make bench`) is not part of the test suite; this only
proves that the code it runs still fits the models and URLs.
"""

import datetime as dt

from django.db.models import Count, F

from bench.harness import Page, format_table, measure
from bench.synthetic import BENCH_MARK, build_dataset
from samvern.accounts.models import Organisation
from samvern.plans.models import Adoption, Plan, PlanVersion, VersionStatus

TODAY = dt.date(2026, 6, 1)


def test_generator_builds_plans_for_a_handful_of_municipalities(reference_data):
    summary = build_dataset(today=TODAY, municipality_limit=5, seed=7)

    assert summary.municipalities_2024 == summary.municipalities_2019 == 5
    assert Organisation.objects.filter(name__endswith=BENCH_MARK).count() == 5
    assert summary.organisations == 5
    assert Plan.objects.count() == summary.plans > 0
    assert PlanVersion.objects.count() == summary.versions >= summary.plans
    assert Adoption.objects.count() == summary.adoptions > 0
    # Each organisation serves exactly its own municipality.
    served = Organisation.objects.annotate(n=Count("municipalities")).values_list("n", flat=True)
    assert set(served) == {1}


def test_generated_data_respects_the_plan_rules(reference_data):
    build_dataset(today=TODAY, municipality_limit=12, seed=3)

    # Adoptions fall within the owners of the plan, inside the version's period,
    # and none is decided in the future.
    for adoption in Adoption.objects.select_related("version__plan"):
        assert adoption.version.plan.municipalities.filter(pk=adoption.municipality_id).exists()
        assert adoption.decided_on <= TODAY
        assert adoption.period_start == adoption.version.period_start
    assert not Adoption.objects.filter(period_end__lt=F("period_start")).exists()
    # Versions being prepared have no adoptions; a revision follows its predecessor.
    assert not Adoption.objects.filter(version__status=VersionStatus.CONSULTATION).exists()
    for version in PlanVersion.objects.filter(number=2).select_related("previous"):
        assert version.previous is not None
        assert version.previous.plan_id == version.plan_id


def test_same_seed_gives_the_same_dataset(reference_data):
    first = build_dataset(today=TODAY, municipality_limit=8, seed=11)
    titles = sorted(PlanVersion.objects.values_list("title", "status", "period_start"))
    PlanVersion.objects.filter(number=2).delete()
    Plan.objects.all().delete()
    Organisation.objects.all().delete()

    second = build_dataset(today=TODAY, municipality_limit=8, seed=11)

    assert first == second
    assert sorted(PlanVersion.objects.values_list("title", "status", "period_start")) == titles


def test_measuring_loop_times_pages_and_skips_unknown_ones(client, reference_data):
    results = measure(
        [
            Page("health", path="/healthz"),
            Page("municipalities", url_name="api-municipality-list"),
            Page("does not exist", url_name="nowhere:at-all"),
        ],
        requests=3,
        warmup=1,
    )

    health, municipalities, missing = results
    assert (health.status, len(health.samples_ms), health.queries) == (200, 3, 1)
    assert municipalities.status == 200
    assert municipalities.median_ms is not None
    assert municipalities.p95_ms >= municipalities.median_ms
    assert missing.skipped and missing.samples_ms == []
    table = format_table(results)
    assert "skipped" in table
    assert "healthz" not in table  # labels, not paths, name the rows
    assert table.splitlines()[2].startswith("health ")


def test_an_exhausted_time_budget_still_gives_every_page_three_samples(client, reference_data):
    results = measure(
        [Page("health", path="/healthz"), Page("places", url_name="places:index")],
        requests=50,
        warmup=5,
        total_budget_s=0.0,
    )
    assert [len(result.samples_ms) for result in results] == [3, 3]
    assert [result.status for result in results] == [200, 200]
