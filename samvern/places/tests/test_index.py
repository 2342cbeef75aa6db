"""The public municipality and county numbers page (/places/)."""

import re

import pytest
from django.urls import reverse

from samvern.core.testing import choose_language

URL = reverse("places:index")


def _rows(response):
    return re.findall(r'<th scope="row">([^<]+)', response.content.decode())


def test_anonymous_visitor_sees_todays_municipalities_by_county(
    client, reference_data, django_assert_num_queries
):
    # The county choices, the municipalities and the successions: whatever the row count.
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "357" in page
    assert 'id="county-46"' in page
    assert "Bergen" in page
    # One table per county, each with a caption and a total row.
    assert page.count("<caption") == 15
    assert page.count("<tfoot>") == 15


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie"])
def test_every_signed_in_role_sees_the_same_public_list(
    client, reference_data, login_as, request, persona, django_assert_max_num_queries
):
    anonymous_rows = _rows(client.get(URL, {"year": 2024, "county": "46"}))
    login_as(request.getfixturevalue(persona))
    with django_assert_max_num_queries(15):
        response = client.get(URL, {"year": 2024, "county": "46"})
    assert response.status_code == 200
    assert _rows(response)[:43] == anonymous_rows[:43]
    assert len(anonymous_rows) == 43 + 1  # 43 municipalities and the total row


def test_2019_structure_shows_what_each_municipality_became(client, reference_data):
    response = client.get(URL, {"year": 2019, "county": "18"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1850 Tysfjord" not in page  # names stand in their own column
    # Tysfjord (1850) was split between Narvik and Hamarøy (named Hábmer in the files).
    assert re.search(r"1806 Narvik \(\w+\), 1875 \w+ \(\w+\)", page)
    assert page.count("<caption") == 1


def test_2024_structure_shows_what_each_municipality_was_formed_from(client, reference_data):
    response = client.get(URL, {"year": 2024, "county": "46"})
    page = response.content.decode()
    # Bjørnafjorden (4624) came from Fusa (1241) and Os (1243).
    assert re.search(r"1241 Fusa, 1243 Os", page)


def test_county_choices_follow_the_structure_year(client, reference_data):
    page_2019 = client.get(URL, {"year": 2019}).content.decode()
    assert '<option value="12">12 Hordaland</option>' in page_2019
    assert '<option value="46">' not in page_2019
    page_2024 = client.get(URL).content.decode()
    assert '<option value="46">46 Vestland</option>' in page_2024


@pytest.mark.parametrize(
    ("query", "field"),
    [({"year": "1999"}, "id_year"), ({"year": "2019", "county": "46"}, "id_county")],
)
def test_bad_filter_gets_a_clear_message_and_no_list(client, reference_data, query, field):
    choose_language(client, "en")
    response = client.get(URL, query)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="ds-error-summary"' in page
    assert f'href="#{field}"' in page
    assert f'id="{field}" aria-invalid="true"' in page or 'aria-invalid="true"' in page
    assert "<table" not in page


def test_unknown_county_message_is_in_norwegian_by_default(client, reference_data):
    page = client.get(URL, {"year": "2019", "county": "46"}).content.decode()
    assert "Det finnes ikke noe fylke med nummer 46 i 2019-strukturen." in page


def test_page_is_only_read(client, reference_data):
    assert client.post(URL).status_code == 405
