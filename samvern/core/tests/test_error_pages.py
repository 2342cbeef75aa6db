"""Error pages in the site's layout and the reader's language, as production shows them
(DEBUG off), and the friendly 413 for a request larger than Samvern accepts."""

import pytest
from django.conf import settings
from django.template import loader
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

from samvern.core.testing import choose_language

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_errors(settings):
    settings.DEBUG = False


def in_layout(body: str) -> bool:
    return 'class="site-header"' in body and 'class="site-footer"' in body


def test_a_missing_page_is_a_bokmal_404_in_the_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="nb"' in body and in_layout(body)
    assert "Fant ikke siden" in body
    assert "Not Found" not in body


def test_the_404_is_in_english_for_an_english_reader(client):
    choose_language(client, "en")
    body = client.get("/no-such-page/").content.decode()
    assert '<html lang="en"' in body and "Page not found" in body


def test_the_404_of_a_signed_in_user_carries_no_form_and_no_path(client, alice, login_as):
    login_as(alice)
    body = client.get("/plans/00000000-0000-0000-0000-000000000000/").content.decode()
    assert "Fant ikke siden" in body
    assert "csrfmiddlewaretoken" not in body
    assert "00000000-0000" not in body


def test_the_500_page_renders_without_request_or_context_processors():
    with translation.override("nb"):
        body = loader.get_template("500.html").render()
        response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert in_layout(body) and "Noe gikk galt" in body
    assert "Noe gikk galt" in response.content.decode()


def test_the_400_page_is_translated_and_in_the_layout():
    with translation.override("en"):
        response = defaults.bad_request(RequestFactory().get("/"), Exception("bad"))
    body = response.content.decode()
    assert response.status_code == 400
    assert in_layout(body) and "The request could not be read" in body


def test_a_form_sent_without_its_token_gets_the_translated_403_page(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    body = response.content.decode()
    assert in_layout(body) and "Skjemaet er utløpt" in body


def test_a_request_larger_than_allowed_gets_the_translated_413_page(client):
    too_much = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/", "comment": too_much})
    assert response.status_code == 413
    body = response.content.decode()
    assert in_layout(body)
    assert "For mye å sende" in body and "høyst 2,0\xa0MB" in body
    # Nothing of the request took effect: the language was not switched.
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_a_request_larger_than_allowed_gets_413_in_english_too(client):
    choose_language(client, "en")
    response = client.post("/", {"comment": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    assert response.status_code == 413
    assert "Too much to send" in response.content.decode()


def test_the_api_answers_a_too_large_request_with_json(client):
    response = client.post(
        "/api/v1/plans/",
        data="[" + "1," * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + "1]",
        content_type="application/json",
    )
    assert response.status_code == 413
    assert "høyst" in response.json()["detail"]


def test_a_normal_form_is_not_affected(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
