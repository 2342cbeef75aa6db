"""Cache headers of the public overview: open data for shared caches, pages for the
visitor's own browser, nothing cached for a signed-in user; 304 while nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.plans.registry import AdoptionFacts, PlanFacts, register_plan

SUMMARY = reverse("api-overview-summary")
PAGES = [reverse("overview:index"), reverse("overview:municipality", args=[2024, "4601"])]
QUERY = {"as_of": "2024-06-01"}


@pytest.fixture
def analyst(reference_data):
    return make_member(
        OrganisationFactory(kind="resource_centre"), Role.NATIONAL_ANALYST, username="analyst"
    )


def register_bergen(analyst, bergen) -> None:
    register_plan(
        actor=Actor.load(analyst),
        facts=PlanFacts(
            title="Plan",
            municipalities=[bergen],
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2027, 12, 31),
            adoptions=[
                AdoptionFacts(municipality=bergen, body="Bystyret", decided_on=dt.date(2023, 12, 1))
            ],
        ),
    )


def test_open_data_is_public_for_shared_caches_and_revalidates(client, analyst, bergen):
    first = client.get(SUMMARY, QUERY)
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    assert "Accept-Language" in first["Vary"] and "Accept" in first["Vary"]
    assert "Set-Cookie" not in first and not first.cookies
    again = client.get(SUMMARY, QUERY, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(SUMMARY, QUERY, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    register_bergen(analyst, bergen)
    changed = client.get(SUMMARY, QUERY, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_a_refused_request_is_not_cached_as_public(client, reference_data):
    response = client.get(SUMMARY, {"as_of": "1999-01-01"})
    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_page_is_kept_by_the_browser_and_revalidated(client, analyst, bergen, path):
    client.get(path, QUERY)  # the first visit sets the CSRF cookie the page's forms need
    first = client.get(path, QUERY)
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, max-age=60, stale-while-revalidate=300"
    assert "Cookie" in first["Vary"]
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = client.get(path, QUERY, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert not again.content
    # Another day, a change of the figures, another language: a fresh page.
    assert client.get(path, {"as_of": "2024-06-02"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    client.cookies["samvern_language"] = "en"
    assert client.get(path, QUERY, HTTP_IF_NONE_MATCH=etag).status_code == 200
    del client.cookies["samvern_language"]
    register_bergen(analyst, bergen)
    changed = client.get(path, QUERY, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.parametrize("path", PAGES)
def test_a_signed_in_users_page_is_never_cached_or_answered_304(client, analyst, bob, path):
    anonymous = client.get(path, QUERY)
    client.force_login(bob)
    response = client.get(path, QUERY, HTTP_IF_NONE_MATCH=anonymous["ETag"])
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response
    assert "Cookie" in response["Vary"]
    assert bob.username.encode() in response.content or b"Logg ut" in response.content


def test_a_refused_page_is_not_kept(client, reference_data):
    response = client.get(PAGES[0], {"as_of": "1999-01-01"})
    assert response.status_code == 400
    assert response["Cache-Control"] == "private, no-cache"
    assert "ETag" not in response
