"""Open data: JSON and CSV, public, cacheable, documented, within a query budget."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.overview.tests.study_fixture import STUDY_DATE, register_study_plans
from samvern.overview.tests.test_coverage import expected_study_figures
from samvern.plans.registry import AdoptionFacts, PlanFacts, register_plan

ENDPOINTS = ["summary", "municipalities", "history"]


@pytest.fixture
def analyst(reference_data):
    return make_member(
        OrganisationFactory(kind="resource_centre"), Role.NATIONAL_ANALYST, username="analyst"
    )


def url(name: str) -> str:
    return reverse(f"api-overview-{name}")


def test_summary_json_matches_the_study_fixture_for_anonymous_users(client, analyst):
    register_study_plans(analyst)
    expected = expected_study_figures(STUDY_DATE)
    response = client.get(url("summary"), {"as_of": "2019-06-01", "structure": 2019})
    assert response.status_code == 200
    body = response.json()
    assert body["national"]["municipalities"] == 422
    assert body["national"]["with_plan_in_force"] == expected["covered"]
    assert body["national"]["population_covered"] == expected["covered_population"]
    assert body["plans"]["in_force"] == expected["plans"]
    assert body["plans"]["inter_municipal"] == expected["inter"]
    assert len(body["counties"]) == 18


def test_municipalities_csv_has_one_row_per_municipality_and_no_personal_data(
    client, reference_data
):
    response = client.get(url("municipalities"), {"structure": 2024, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 357
    assert set(rows[0]) >= {"code", "name", "status", "population", "plan_id"}
    assert not any(column in rows[0] for column in ("username", "email", "actor"))


def test_history_csv_and_json(client, reference_data):
    response = client.get(url("history"), {"as_of": "2020-03-01", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["date"] for row in rows][-1] == "2020-03-01"
    assert client.get(url("history")).json()["points"][0]["date"].startswith("2010-")


def test_responses_revalidate_with_etag_and_last_modified(client, analyst, bergen):
    first = client.get(url("summary"), {"as_of": "2024-01-01"})
    etag = first["ETag"]
    assert etag
    assert client.get(url("summary"))["Last-Modified"]  # "today" is valid from midnight
    again = client.get(url("summary"), {"as_of": "2024-01-01"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    other_day = client.get(url("summary"), {"as_of": "2024-01-02"}, HTTP_IF_NONE_MATCH=etag)
    assert other_day.status_code == 200
    register_plan(
        actor=Actor.load(analyst),
        facts=PlanFacts(
            title="Ny plan",
            municipalities=[bergen],
            period_start=dt.date(2023, 1, 1),
            period_end=dt.date(2026, 12, 31),
            adoptions=[
                AdoptionFacts(municipality=bergen, body="Bystyret", decided_on=dt.date(2022, 12, 1))
            ],
        ),
    )
    changed = client.get(url("summary"), {"as_of": "2024-01-01"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed["Last-Modified"]
    assert changed.json()["national"]["with_plan_in_force"] == 1


def test_bad_parameters_get_a_clear_400(client, reference_data):
    response = client.get(url("summary"), {"as_of": "yesterday", "structure": 2020})
    assert response.status_code == 400
    body = response.json()
    assert "as_of" in body and "structure" in body


@pytest.mark.parametrize("name", ENDPOINTS)
def test_each_endpoint_uses_a_fixed_number_of_queries(
    client, analyst, name, django_assert_max_num_queries
):
    with django_assert_max_num_queries(13):
        client.get(url(name), {"as_of": "2019-06-01", "structure": 2024})
    register_study_plans(analyst)
    with django_assert_max_num_queries(13):
        response = client.get(
            url(name), {"as_of": "2019-06-01", "structure": 2024, "format": "csv"}
        )
    assert response.status_code == 200


def test_endpoints_are_in_the_openapi_schema(client, reference_data):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    for name in ENDPOINTS:
        path = f"/api/v1/overview/{name}/"
        assert path in schema["paths"]
        content = schema["paths"][path]["get"]["responses"]["200"]["content"]
        assert {"application/json", "text/csv"} <= set(content)
