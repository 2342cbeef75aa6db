"""The instrument pages: readable for users with a case role, a 404 for everyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samvern.accounts.testing import make_member
from samvern.audit.models import AuditEvent
from samvern.core.testing import choose_language
from samvern.risk.catalogue import get_instrument

EXPOSED = "samvern-screening-exposed"
LIST_URL = "/risk/"
DETAIL_URL = f"/risk/{EXPOSED}/1.0/"


def test_the_pages_are_mounted_under_risk():
    assert reverse("risk:list") == LIST_URL
    assert reverse("risk:detail", args=[EXPOSED, "1.0"]) == DETAIL_URL


@pytest.mark.django_db
def test_a_case_worker_sees_every_instrument_by_subject(
    client, login_as, carl, django_assert_max_num_queries
):
    login_as(carl)
    with django_assert_max_num_queries(9):
        response = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Samvern-kartlegging – den som er utsatt for vold" in html
    assert "Samvern-kartlegging – den som utøver vold" in html
    assert html.index("Den som er utsatt for vold") < html.index("Den som utøver vold")
    assert f'href="{DETAIL_URL}"' in html


@pytest.mark.django_db
def test_a_case_worker_reads_one_instrument_with_questions_bands_and_rules(
    client, login_as, carl, django_assert_max_num_queries
):
    instrument = get_instrument(EXPOSED, "1.0")
    login_as(carl)
    choose_language(client, "en")
    with django_assert_max_num_queries(10):
        response = client.get(DETAIL_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for item in instrument.items:
        assert item.text["en"] in html
    assert '<th scope="row">High</th>' in html
    assert "10–18" in html
    for rule in instrument.qualification:
        assert rule.text["en"] in html
    assert "Professional judgement may raise the risk level, not lower it." in html
    assert html.count('type="radio"') == 3 * len(instrument.items)


@pytest.mark.django_db
def test_a_coordinator_and_a_data_protection_officer_may_read_too(client, login_as, cora, dag):
    for user in (cora, dag):
        login_as(user)
        assert client.get(LIST_URL).status_code == 200
        assert client.get(DETAIL_URL).status_code == 200


@pytest.mark.django_db
def test_users_without_a_case_role_get_not_found(client, login_as, bob, dora, charlie):
    superuser = make_member(
        dora.memberships.first().organisation, username="root", is_superuser=True, is_staff=True
    )
    for user in (bob, dora, charlie, superuser):  # plan reader, org admin, outsider, admin
        login_as(user)
        assert client.get(LIST_URL).status_code == 404, user
        assert client.get(DETAIL_URL).status_code == 404, user
        assert client.post(DETAIL_URL, {"escalation": "yes"}).status_code == 404, user


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in (LIST_URL, DETAIL_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_an_unknown_instrument_or_version_is_not_found(client, login_as, carl):
    login_as(carl)
    assert client.get(f"/risk/{EXPOSED}/9.0/").status_code == 404
    assert client.get("/risk/no-such-instrument/1.0/").status_code == 404


@pytest.mark.django_db
def test_trying_the_form_scores_it_and_saves_nothing(client, login_as, carl):
    instrument = get_instrument(EXPOSED)
    answers = {item.key: "yes" for item in instrument.items[:10]}
    answers |= {item.key: "no" for item in instrument.items[10:]}
    answers["own_fear"] = "unknown"
    login_as(carl)
    events = AuditEvent.objects.count()
    choose_language(client, "en")
    response = client.post(DETAIL_URL, answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "10 of at most 18" in html
    assert "Qualifies for a multi-agency risk conference." in html
    assert instrument.rule("high_score").text["en"] in html
    assert instrument.item("own_fear").text["en"] in html.split("counted as not yes")[1]
    # Reading an instrument touches no case data: nothing is stored, nothing audited.
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_trying_judgement_without_a_reason_shows_the_error_in_bokmal(client, login_as, carl):
    instrument = get_instrument(EXPOSED)
    answers = {item.key: "no" for item in instrument.items} | {"override_band": "high"}
    login_as(carl)
    response = client.post(DETAIL_URL, answers, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv en begrunnelse for det faglige skjønnet." in html
    assert "Resultat" not in html


@pytest.mark.django_db
def test_the_start_page_offers_the_instruments_only_to_case_roles(client, login_as, carl, bob):
    login_as(carl)
    assert LIST_URL in client.get("/").content.decode()
    login_as(bob)
    assert LIST_URL not in client.get("/").content.decode()
