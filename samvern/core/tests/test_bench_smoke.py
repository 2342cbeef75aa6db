"""The benchmark's fallback plan generator works (on a tiny dataset).

The benchmark itself (bench/run.py, `make bench`) is not part of the test suite; this and
test_bench_harness.py prove that the code it runs still fits the models and URLs.
"""

import datetime as dt

from django.db.models import Count, F

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
