"""Precomputed overview figures: every kind of write that changes a figure changes the next
answer (as a visitor sees it, through the API and the page), an unchanged state is answered
from the shared entry, and the queries stay fixed whatever the size of the data."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.overview import precomputed, selectors
from samvern.overview.models import PrecomputedFigures
from samvern.overview.tests.study_fixture import register_study_plans
from samvern.places.models import County, Municipality
from samvern.places.reference import load_reference_data
from samvern.plans import services
from samvern.plans.models import Plan
from samvern.plans.registry import AdoptionFacts, PlanFacts, correct_plan, register_plan
from samvern.plans.services.data import AdoptionData
from samvern.plans.tests.helpers import END, START, new_plan, quality_checked

D = dt.date
OSLO = ZoneInfo("Europe/Oslo")
SUMMARY = reverse("api-overview-summary")
MUNICIPALITIES = reverse("api-overview-municipalities")
PAGE = reverse("overview:index")


@pytest.fixture(autouse=True)
def fresh_process_copies():
    """Each test starts as a newly started worker would (its database entries are rolled
    back with the test)."""
    precomputed.forget_process_copies()
    yield
    precomputed.forget_process_copies()


@pytest.fixture
def analyst(reference_data):
    return make_member(
        OrganisationFactory(kind="resource_centre"), Role.NATIONAL_ANALYST, username="analyst"
    )


def bergen_facts(bergen, *, start=None, end=None, decided_on=None, **extra):
    start = start or D(2023, 1, 1)
    return PlanFacts(
        title="Handlingsplan",
        municipalities=[bergen],
        period_start=start,
        period_end=end or D(2026, 12, 31),
        adoptions=[
            AdoptionFacts(
                municipality=bergen,
                body="Bystyret",
                decided_on=decided_on or start - dt.timedelta(days=30),
            )
        ],
        **extra,
    )


def in_force(client, as_of="2024-06-01") -> int:
    response = client.get(SUMMARY, {"as_of": as_of, "structure": 2024})
    assert response.status_code == 200
    return response.json()["national"]["with_plan_in_force"]


def bergen_status(client, as_of="2024-06-01") -> str:
    response = client.get(MUNICIPALITIES, {"as_of": as_of, "structure": 2024})
    return {row["code"]: row for row in response.json()["municipalities"]}["4601"]["status"]


def page_count(client, as_of="2024-06-01") -> str:
    html = client.get(PAGE, {"as_of": as_of, "structure": 2024}).content.decode()
    marker = 'data-testid="figure-in-force"'
    assert marker in html
    return html.split(marker, 1)[1].split(">", 1)[1].split("<", 1)[0].strip()


# --- Every write that changes a figure changes the next answer -----------------------------


def test_a_registration_changes_the_api_and_the_page(client, analyst, bergen):
    assert in_force(client) == 0
    before = page_count(client)
    register_plan(actor=Actor.load(analyst), facts=bergen_facts(bergen))
    assert in_force(client) == 1
    assert page_count(client) != before


def test_an_adoption_changes_the_next_answer(client, alice, bergen):
    as_of = START.isoformat()
    plan = new_plan(alice, [bergen])
    version = quality_checked(alice, plan)
    assert bergen_status(client, as_of) != "in_force"
    assert in_force(client, as_of) == 0
    services.record_adoption(
        actor=Actor.load(alice),
        version=version,
        data=AdoptionData(
            municipality=bergen,
            body="Bystyret",
            decided_on=START - dt.timedelta(days=20),
            period_start=START,
            period_end=END,
            case_number="2024/1",
        ),
    )
    assert bergen_status(client, as_of) == "in_force"
    assert in_force(client, as_of) == 1


def test_a_corrected_adoption_changes_the_next_answer(client, analyst, bergen):
    actor = Actor.load(analyst)
    plan = register_plan(actor=actor, facts=bergen_facts(bergen))
    assert bergen_status(client) == "in_force"
    # The council's decision was in fact taken after the chosen day.
    correct_plan(actor=actor, plan=plan, facts=bergen_facts(bergen, decided_on=D(2024, 9, 1)))
    assert bergen_status(client) == "none"
    assert in_force(client) == 0


def test_a_corrected_registered_plan_changes_the_next_answer(client, analyst, bergen):
    actor = Actor.load(analyst)
    plan = register_plan(actor=actor, facts=bergen_facts(bergen, reported_on=D(2024, 3, 1)))
    first = client.get(SUMMARY, {"as_of": "2024-06-01"}).json()
    assert first["plans"]["in_force_without_reporting_round"] == 0
    # Only the reporting date is corrected (rows updated in bulk, no new rows).
    correct_plan(actor=actor, plan=plan, facts=bergen_facts(bergen, reported_on=D(2024, 9, 1)))
    again = client.get(SUMMARY, {"as_of": "2024-06-01"}).json()
    assert again["plans"]["in_force_without_reporting_round"] == 1
    # The period is shortened so that the plan has ended by the chosen day.
    correct_plan(actor=actor, plan=plan, facts=bergen_facts(bergen, end=D(2024, 5, 31)))
    assert bergen_status(client) == "expired"


def test_a_withdrawn_version_changes_the_next_answer(client, analyst, bergen):
    plan = register_plan(actor=Actor.load(analyst), facts=bergen_facts(bergen))
    assert in_force(client) == 1
    version = plan.versions.get()
    version.status = "withdrawn"
    version.save()
    assert in_force(client) == 0


@pytest.mark.parametrize("how", ["reference_load", "saved", "bulk_updated"])
def test_a_population_change_changes_the_next_answer(client, bergen, how, tmp_path, monkeypatch):
    def covered_population() -> int:
        return client.get(SUMMARY, {"as_of": "2024-06-01"}).json()["national"]["population"]

    before = covered_population()
    if how == "reference_load":
        # The reference loader with a municipality file that says Bergen grew.
        import shutil

        from samvern.places import reference

        shutil.copytree(reference.DATA_DIR, tmp_path, dirs_exist_ok=True)
        name = tmp_path / "municipalities-2024.csv"
        text = name.read_text(encoding="utf-8")
        old = str(bergen.population)
        assert old in text
        name.write_text(text.replace(old, str(bergen.population + 1000), 1), encoding="utf-8")
        load_reference_data(tmp_path)
    elif how == "saved":
        bergen.population += 1000
        bergen.save()
    else:
        Municipality.objects.filter(pk=bergen.pk).update(population=bergen.population + 1000)
    assert covered_population() == before + 1000


def test_a_plan_drops_out_on_the_day_after_its_period_ends(client, analyst, bergen):
    last_day = dt.datetime(2026, 6, 30, 10, tzinfo=OSLO)
    with time_machine.travel(last_day):
        register_plan(
            actor=Actor.load(analyst),
            facts=bergen_facts(bergen, start=D(2025, 1, 1), end=D(2026, 6, 30)),
        )
        today = client.get(SUMMARY).json()
        assert today["as_of"] == "2026-06-30"
        assert today["national"]["with_plan_in_force"] == 1
    with time_machine.travel(last_day + dt.timedelta(days=1)):
        tomorrow = client.get(SUMMARY).json()
        assert tomorrow["as_of"] == "2026-07-01"
        assert tomorrow["national"]["with_plan_in_force"] == 0
        assert tomorrow["national"]["expired"] == 1


def test_a_change_of_the_structure_changes_the_next_answer(client, analyst, bergen):
    """A succession (reference data) carries a 2019 plan to 2024; without it, it does not."""
    old_bergen = Municipality.objects.get(year=2019, code="1201")
    register_plan(actor=Actor.load(analyst), facts=bergen_facts(old_bergen))
    assert bergen_status(client) == "in_force"
    old_bergen.successions_forward.all().delete()
    assert bergen_status(client) != "in_force"


# --- Reuse ----------------------------------------------------------------------------------


def test_an_unchanged_state_is_answered_from_the_shared_entry(
    client, analyst, monkeypatch, django_assert_max_num_queries
):
    register_study_plans(analyst)
    first = client.get(MUNICIPALITIES, {"as_of": "2019-06-01", "structure": 2019}).json()
    assert PrecomputedFigures.objects.filter(key="figures:2019:2019-06-01").exists()

    # Another worker: no copy of its own, the shared entry, nothing computed.
    precomputed.forget_process_copies()

    def computed(*args, **kwargs):
        raise AssertionError("computed again for an unchanged state")

    monkeypatch.setattr(selectors, "_read_source", computed)
    with django_assert_max_num_queries(2):
        again = client.get(MUNICIPALITIES, {"as_of": "2019-06-01", "structure": 2019}).json()
    assert again == first
    with django_assert_max_num_queries(1):  # this worker's copy now
        client.get(SUMMARY, {"as_of": "2019-06-01", "structure": 2019})


def test_the_shared_entries_are_bounded(client, reference_data, monkeypatch):
    monkeypatch.setattr(precomputed, "MAX_ROWS", 3)
    for day in range(1, 7):
        client.get(SUMMARY, {"as_of": f"2024-01-0{day}"})
    assert PrecomputedFigures.objects.count() == 3


def test_the_country_is_named_in_the_language_of_each_request(client, reference_data):
    norwegian = client.get(SUMMARY, {"as_of": "2024-01-01"}).json()
    english = client.get(SUMMARY, {"as_of": "2024-01-01"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert norwegian["national"]["name"] == "Norge"
    assert english["national"]["name"] == "Norway"


# --- Queries fixed whatever the size of the data ---------------------------------------------


def add_municipalities(count: int) -> None:
    county = County.objects.filter(year=2024).order_by("code").first()
    Municipality.objects.bulk_create(
        Municipality(
            year=2024,
            code=f"99{n:02d}",
            name=f"Testkommune {n}",
            county=county,
            population=1000 + n,
            population_date=D(2024, 1, 1),
        )
        for n in range(count)
    )


COLD = 10  # the data state, the shared entry, six reads, the entry written and pruned


@pytest.mark.parametrize("path", [PAGE, SUMMARY, MUNICIPALITIES, reverse("api-overview-history")])
def test_queries_do_not_grow_with_municipalities_or_plans(
    client, analyst, path, django_assert_max_num_queries
):
    query = {"as_of": "2019-06-01", "structure": 2024}
    with django_assert_max_num_queries(COLD):
        assert client.get(path, query).status_code == 200
    add_municipalities(60)
    register_study_plans(analyst)
    with django_assert_max_num_queries(COLD):
        assert client.get(path, query).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(path, query).status_code == 200


def test_coverage_csv_names_the_added_municipalities(client, reference_data):
    add_municipalities(3)
    body = client.get(MUNICIPALITIES, {"as_of": "2024-01-01", "format": "csv"}).content
    assert "Testkommune 2" in body.decode()


def test_plan_counts_need_no_more_queries_for_more_plans(analyst, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        selectors.plan_figures(as_of=D(2019, 6, 1))
    register_study_plans(analyst)
    assert Plan.objects.count() > 100
    with django_assert_max_num_queries(5):
        selectors.plan_figures(as_of=D(2019, 6, 1))
