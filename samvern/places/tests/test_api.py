"""Public read-only API for counties and municipalities."""

import pytest
from django.urls import reverse

from samvern.places.models import Municipality

MUNICIPALITIES = reverse("api-municipality-list")
COUNTIES = reverse("api-county-list")


@pytest.fixture(params=["anonymous", "signed_in"])
def api_client(request, client, reference_data):
    """The same requests as an anonymous visitor and as a signed-in plan reader."""
    if request.param == "signed_in":
        request.getfixturevalue("login_as")(request.getfixturevalue("bob"))
    return client


def test_municipality_list_defaults_to_todays_structure_paginated(
    api_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = api_client.get(MUNICIPALITIES)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 357
    assert len(body["results"]) == 100
    assert body["next"].endswith("offset=100")
    first = body["results"][0]
    assert first["year"] == 2024
    assert first["code"] == "0301"
    assert first["county"] == {"code": "03", "name": "Oslo"}
    assert first["population"] == 717_710


def test_municipality_list_has_no_n_plus_one(client, reference_data, django_assert_num_queries):
    # count, page and the successions – whatever the page size.
    with django_assert_num_queries(3):
        response = client.get(MUNICIPALITIES, {"year": 2019, "limit": 500})
    assert len(response.json()["results"]) == 422


def test_all_pages_together_hold_every_municipality_once(api_client):
    codes, url = [], MUNICIPALITIES + "?limit=150"
    while url:
        body = api_client.get(url).json()
        codes += [row["code"] for row in body["results"]]
        url = body["next"]
    assert len(codes) == len(set(codes)) == 357


def test_2019_rows_carry_their_successors_with_shares(api_client):
    body = api_client.get(MUNICIPALITIES, {"year": 2019, "county": "18"}).json()
    tysfjord = next(row for row in body["results"] if row["code"] == "1850")
    assert tysfjord["population"] == 1925
    assert tysfjord["successors"] == [
        {"code": "1806", "name": "Narvik", "share": 0.5},
        {"code": "1875", "name": "Hábmer", "share": 0.5},
    ]
    assert tysfjord["predecessors"] == []


def test_filter_by_county(api_client):
    body = api_client.get(MUNICIPALITIES, {"county": "46"}).json()
    assert body["count"] == 43
    assert {row["county"]["code"] for row in body["results"]} == {"46"}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"year": "1999"}, "year", "1999"),
        ({"county": "4"}, "county", "A county number has exactly two digits."),
        ({"year": "2019", "county": "46"}, "county", "no county number 46 in the 2019"),
    ],
)
def test_bad_parameters_get_a_400_naming_the_parameter(
    client, reference_data, query, field, message
):
    response = client.get(MUNICIPALITIES, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.json()[field][0]


def test_bad_parameter_message_is_norwegian_by_default(client, reference_data):
    response = client.get(MUNICIPALITIES, {"county": "4"})
    assert response.json() == {"county": ["Et fylkesnummer har nøyaktig to sifre."]}


def test_municipality_lookup_by_year_and_code(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = api_client.get(reverse("api-municipality-detail", args=[2024, "4601"]))
    assert response.status_code == 200
    bergen = response.json()
    assert bergen["name"] == "Bergen"
    assert bergen["area_km2"] == 464.77
    assert bergen["predecessors"] == [{"code": "1201", "name": "Bergen", "share": 1.0}]
    assert bergen["successors"] == []


@pytest.mark.parametrize(("year", "code"), [(2019, "4601"), (2024, "9999"), (1999, "0301")])
def test_unknown_municipality_is_404(api_client, year, code):
    response = api_client.get(reverse("api-municipality-detail", args=[year, code]))
    assert response.status_code == 404


def test_county_list_has_counts_and_population_in_one_query(
    client, reference_data, django_assert_num_queries
):
    with django_assert_num_queries(2):  # count and page
        response = client.get(COUNTIES, {"year": 2019})
    body = response.json()
    assert body["count"] == 18
    assert sum(row["population"] for row in body["results"]) == 5_328_212
    assert sum(row["municipality_count"] for row in body["results"]) == 422


def test_county_lookup(api_client):
    vestland_population = sum(
        Municipality.objects.filter(year=2024, county__code="46").values_list(
            "population", flat=True
        )
    )
    response = api_client.get(reverse("api-county-detail", args=[2024, "46"]))
    assert response.json() == {
        "year": 2024,
        "code": "46",
        "name": "Vestland",
        "municipality_count": 43,
        "population": vestland_population,
    }
    assert api_client.get(reverse("api-county-detail", args=[2019, "46"])).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_reference_data_cannot_be_changed_through_the_api(api_client, method):
    response = getattr(api_client, method)(
        reverse("api-municipality-detail", args=[2024, "4601"]), content_type="application/json"
    )
    assert response.status_code in {403, 405}
