"""The API's limits as clients meet them: 401 with a challenge when credentials are
missing, bounded pages, and 400 for a bad limit, offset or format."""

from __future__ import annotations

import pytest
from django.urls import reverse

MUNICIPALITIES = reverse("api-municipality-list")


@pytest.mark.parametrize(
    ("path", "challenge"),
    [
        ("/api/v1/me/", "Token"),
        ("/api/v1/audit/events/", "Token"),
        ("/api/v1/partnerships/", "Token"),
        ("/api/v1/cases/", 'Session realm="api"'),  # the case layer takes sessions only
    ],
)
def test_missing_credentials_get_401_with_a_challenge(client, db, path, challenge):
    response = client.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == challenge


def test_a_signed_in_user_is_let_through(client, bob, login_as):
    login_as(bob)
    assert client.get("/api/v1/me/").status_code == 200
    # Signed in but without a case role: the case layer shows nothing, as the pages do.
    assert client.get("/api/v1/cases/").status_code == 404


@pytest.fixture(params=["anonymous", "signed_in"])
def visitor(request, client, reference_data):
    if request.param == "signed_in":
        request.getfixturevalue("login_as")(request.getfixturevalue("bob"))
    return client


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"limit": "501"}, "limit"),
        ({"limit": "abc"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "x"}, "offset"),
        ({"format": "xml"}, "format"),
    ],
)
def test_a_bad_limit_offset_or_format_is_a_400_naming_it(visitor, query, parameter):
    response = visitor.get(MUNICIPALITIES, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_the_refusal_is_translated_and_nothing_is_looked_up(
    client, reference_data, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(MUNICIPALITIES, {"limit": "1000"})
    assert response.status_code == 400
    assert response.json() == {"limit": ["Velg en grense (limit) mellom 1 og 500."]}


def test_five_hundred_rows_is_the_largest_page(visitor):
    response = visitor.get(MUNICIPALITIES, {"limit": "500", "year": "2019"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 422


def test_signed_in_lists_are_capped_too(client, bob, login_as):
    login_as(bob)
    response = client.get(reverse("api-my-organisations"), {"limit": "501"})
    assert response.status_code == 400
    assert client.get(reverse("api-my-organisations"), {"limit": "500"}).status_code == 200
