"""Open data within limits: bounded dates, honest ETags, CSV for Excel, a licence, and a
municipality that answers for the chosen date."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.overview import api as overview_api
from samvern.overview import views as overview_views
from samvern.overview.dates import HISTORY_MAX_POINTS, date_range
from samvern.overview.selectors import history_days
from samvern.places.models import Municipality
from samvern.plans.registry import AdoptionFacts, PlanFacts, register_plan

NOON = dt.datetime(2026, 6, 1, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))
LICENCE = '<https://data.norge.no/nlod/no/2.0>; rel="license"'
LISTS = ["summary", "municipalities", "history"]


def url(name: str) -> str:
    return reverse(f"api-overview-{name}")


def one_municipality(code: str = "4601", year: int = 2024) -> str:
    return reverse("api-overview-municipality", kwargs={"year": year, "code": code})


ALL_URLS = [url(name) for name in LISTS] + [one_municipality()]


@pytest.fixture
def analyst(reference_data):
    return make_member(
        OrganisationFactory(kind="resource_centre"), Role.NATIONAL_ANALYST, username="analyst"
    )


@pytest.fixture(params=["anonymous", "signed_in"])
def visitor(request, client, reference_data):
    """The same requests from an anonymous visitor and from a signed-in plan reader."""
    if request.param == "signed_in":
        request.getfixturevalue("login_as")(request.getfixturevalue("bob"))
    return client


@pytest.fixture
def nothing_computed(monkeypatch):
    """Fails the test if the API or the pages compute any figure."""

    def refuse(**kwargs):
        raise AssertionError(f"computed for refused input: {kwargs}")

    for module in (overview_api, overview_views):
        monkeypatch.setattr(module, "coverage", refuse)
        monkeypatch.setattr(module, "history", refuse)


@pytest.fixture
def june_2026():
    with time_machine.travel(NOON, tick=False):
        yield


def old_bergen_plan(actor) -> None:
    """A plan of the 2019 municipality Bergen, in force 2017–2020 (carried to 2024's 4601)."""
    old_bergen = Municipality.objects.get(year=2019, code="1201")
    register_plan(
        actor=Actor.load(actor),
        facts=PlanFacts(
            title="Handlingsplan Bergen 2017–2020",
            municipalities=[old_bergen],
            period_start=dt.date(2017, 1, 1),
            period_end=dt.date(2020, 12, 31),
            adoptions=[
                AdoptionFacts(
                    municipality=old_bergen, body="Bystyret", decided_on=dt.date(2016, 12, 14)
                )
            ],
        ),
    )


# --- Dates within the range the overview answers for ----------------------------------------


def test_the_range_runs_from_2000_to_five_years_ahead():
    assert date_range(dt.date(2026, 6, 1)) == (dt.date(2000, 1, 1), dt.date(2031, 12, 31))


@pytest.mark.parametrize("path", ALL_URLS)
@pytest.mark.parametrize("as_of", ["9999-12-31", "2600-01-01", "2032-01-01", "1999-12-31"])
def test_a_date_outside_the_range_is_refused_before_anything_is_computed(
    visitor, june_2026, nothing_computed, path, as_of
):
    response = visitor.get(path, {"as_of": as_of}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"as_of": ["Choose a date between 2000-01-01 and 2031-12-31."]}
    assert response["Link"] == LICENCE


def test_the_refusal_is_in_bokmal_by_default_and_costs_no_query(
    client, reference_data, june_2026, nothing_computed, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(url("history"), {"as_of": "2600-01-01"})
    assert response.status_code == 400
    assert response.json()["as_of"] == ["Velg en dato mellom 2000-01-01 og 2031-12-31."]


def test_the_last_date_of_the_range_is_answered(client, reference_data, june_2026):
    response = client.get(url("history"), {"as_of": "2031-12-31"})
    assert response.status_code == 200
    points = response.json()["points"]
    assert points[-1]["date"] == "2031-12-31"
    assert len(points) <= HISTORY_MAX_POINTS


def test_the_history_never_has_more_than_its_maximum_of_points():
    days = history_days(dt.date(2075, 3, 1))
    assert len(days) == HISTORY_MAX_POINTS
    assert days[-1] == dt.date(2075, 3, 1)
    assert days[0] == dt.date(2075 - HISTORY_MAX_POINTS + 1, 3, 1)
    assert history_days(dt.date(2019, 6, 1))[0] == dt.date(2010, 6, 1)


@pytest.mark.parametrize("query", [{"sep": "tab"}, {"format": "xml"}])
def test_a_bad_separator_or_format_is_a_400(visitor, nothing_computed, query):
    response = visitor.get(url("summary"), query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_the_overview_page_refuses_a_far_date_with_a_form_error(
    client, reference_data, june_2026, nothing_computed
):
    response = client.get(reverse("overview:index"), {"as_of": "9999-12-31"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Velg en dato mellom 1. januar 2000 og 31. desember 2031." in html
    assert 'min="2000-01-01"' in html and 'max="2031-12-31"' in html


# --- ETags that change with the language and the reference data -----------------------------


def test_the_etag_differs_by_language(client, reference_data):
    query = {"as_of": "2024-01-01"}
    norwegian = client.get(url("summary"), query, HTTP_ACCEPT_LANGUAGE="nb")
    assert norwegian.json()["national"]["name"] == "Norge"
    english = client.get(
        url("summary"), query, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=norwegian["ETag"]
    )
    assert english.status_code == 200
    assert english.json()["national"]["name"] == "Norway"
    assert english["ETag"] != norwegian["ETag"]
    assert "Accept-Language" in english["Vary"]


@pytest.mark.parametrize("how", ["saved", "bulk_updated"])
def test_a_population_change_changes_the_etag(client, bergen, how):
    query = {"as_of": "2024-01-01", "format": "csv"}
    first = client.get(url("municipalities"), query)
    corrected = bergen.population + 1000
    if how == "saved":  # as the Django admin and the reference loader do
        bergen.population = corrected
        bergen.save()
    else:
        Municipality.objects.filter(pk=bergen.pk).update(population=corrected)
    again = client.get(url("municipalities"), query, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    rows = {row["code"]: row for row in read_csv(again)}
    assert int(rows["4601"]["population"]) == corrected


def test_an_unchanged_request_still_gets_304(client, reference_data):
    first = client.get(url("summary"), {"as_of": "2024-01-01"})
    again = client.get(url("summary"), {"as_of": "2024-01-01"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Link"] == LICENCE


# --- CSV for the people who open it in Excel --------------------------------------------------


def read_csv(response, delimiter: str = ",") -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "no byte-order mark"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))


@pytest.mark.parametrize("path", ALL_URLS)
def test_every_csv_file_has_a_bom_and_the_date_and_structure_columns(visitor, path):
    response = visitor.get(path, {"as_of": "2019-06-01", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert rows
    assert {row["as_of"] for row in rows} == {"2019-06-01"}
    assert {row["structure"] for row in rows} == {"2024"}


def test_csv_booleans_are_true_and_false(client, analyst):
    old_bergen_plan(analyst)
    rows = read_csv(client.get(url("municipalities"), {"as_of": "2019-06-01", "format": "csv"}))
    bergen = next(row for row in rows if row["code"] == "4601")
    assert bergen["via_succession"] == "true"
    assert bergen["inter_municipal"] == "false"
    values = {value for row in rows for value in row.values()}
    assert not values & {"True", "False", "None"}


def test_the_semicolon_variant_uses_semicolons_and_decimal_commas(client, analyst):
    old_bergen_plan(analyst)
    response = client.get(
        url("summary"), {"as_of": "2019-06-01", "format": "csv", "sep": "semicolon"}
    )
    assert response.status_code == 200
    rows = read_csv(response, delimiter=";")
    national = rows[0]
    assert national["level"] == "national"
    assert "," in national["with_plan_in_force_share"]
    assert "." not in national["with_plan_in_force_share"]
    comma = client.get(url("summary"), {"as_of": "2019-06-01", "format": "csv"})
    assert comma["ETag"] != response["ETag"]


def test_a_csv_error_body_holds_messages_not_python(client, reference_data):
    response = client.get(
        url("summary"),
        {"as_of": "yesterday", "structure": "2020", "format": "csv"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "ErrorDetail" not in text and "[" not in text and "code=" not in text
    rows = read_csv(response)
    assert {row["parameter"] for row in rows} == {"as_of", "structure"}
    assert all(row["message"] for row in rows)


# --- Licence ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        *ALL_URLS,
        reverse("api-municipality-list"),
        reverse("api-county-list"),
        reverse("api-municipality-detail", args=[2024, "4601"]),
        reverse("api-county-detail", args=[2024, "46"]),
    ],
)
def test_every_open_data_response_names_the_licence(visitor, path):
    response = visitor.get(path)
    assert response.status_code == 200
    assert response["Link"] == LICENCE


def test_the_overview_page_states_the_licence(client, reference_data):
    html = client.get(reverse("overview:index")).content.decode()
    assert 'data-testid="open-data-licence"' in html
    assert 'href="https://data.norge.no/nlod/no/2.0" rel="license"' in html
    assert "Norsk lisens for offentlige data (NLOD) 2.0" in html
    assert "sep=semicolon" in html


# --- One municipality on the chosen date -------------------------------------------------


def test_the_municipality_endpoint_honours_as_of(visitor, analyst, june_2026):
    old_bergen_plan(analyst)
    then = visitor.get(one_municipality(), {"as_of": "2019-06-01"}).json()
    assert then["as_of"] == "2019-06-01"
    assert then["municipality"]["status"] == "in_force"
    assert then["municipality"]["via_succession"] is True
    today = visitor.get(one_municipality()).json()
    assert today["as_of"] == "2026-06-01"
    assert today["municipality"]["status"] == "expired"
    assert visitor.get(one_municipality("9999")).status_code == 404
    assert visitor.get(one_municipality("4601", year=2020)).status_code == 404


def test_the_municipality_page_honours_as_of(visitor, analyst, june_2026):
    old_bergen_plan(analyst)
    page = reverse("overview:municipality", kwargs={"year": 2024, "code": "4601"})
    then = visitor.get(page, {"as_of": "2019-06-01"}).content.decode()
    assert "Status 1. juni 2019" in then
    assert "Gjeldende plan" in then
    today = visitor.get(page).content.decode()
    assert "Status 1. juni 2026" in today
    assert "Gjeldende plan" not in today


def test_the_municipality_page_refuses_a_far_date(
    client, reference_data, june_2026, nothing_computed
):
    page = reverse("overview:municipality", kwargs={"year": 2024, "code": "4601"})
    response = client.get(page, {"as_of": "2600-01-01"})
    assert response.status_code == 400
    assert "Velg en dato mellom" in response.content.decode()


def test_a_link_with_a_date_only_shows_todays_structure_in_the_menu(client, reference_data):
    html = client.get(reverse("overview:index"), {"as_of": "2019-06-01"}).content.decode()
    assert '<option value="2024" selected>' in html
    refused = client.get(reverse("overview:index"), {"as_of": "9999-12-31"}).content.decode()
    assert '<option value="2024" selected>' in refused
