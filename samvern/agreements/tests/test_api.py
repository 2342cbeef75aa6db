"""Agreements over the API: members read, signers sign, others get 404."""

import pytest
from django.urls import reverse

from samvern.agreements import services
from samvern.agreements.models import SignOff
from samvern.agreements.tests.conftest import TODAY, actor


@pytest.fixture
def in_force(agreement, hanne):
    services.put_in_force(actor=actor(hanne), version=agreement.versions.get(), on=TODAY)
    return agreement


def test_a_member_reads_the_documents_with_their_flags(
    login_as, nina, in_force, protocol, partnership
):
    body = login_as(nina).get(reverse("api-agreements-list", args=[partnership.pk])).json()
    by_title = {row["title"]: row for row in body}
    assert by_title[protocol.title]["past_review"] is True
    assert by_title[in_force.title]["version_in_force"] == 1
    assert len(by_title[in_force.title]["unsigned"]) == 3
    detail = (
        login_as(nina)
        .get(reverse("api-agreements-detail", args=[partnership.pk, in_force.pk]))
        .json()
    )
    assert detail["versions"][0]["status"] == "in_force"
    assert detail["html"].startswith("<h2>Samarbeidsavtale</h2>")


def test_an_outsider_gets_404(login_as, otto, in_force, partnership):
    client = login_as(otto)
    assert client.get(reverse("api-agreements-list", args=[partnership.pk])).status_code == 404
    url = reverse("api-agreements-detail", args=[partnership.pk, in_force.pk])
    assert client.get(url).status_code == 404


def test_a_signer_signs_and_a_reader_cannot(
    login_as, client, siv, nina, shelter, in_force, partnership
):
    url = reverse("api-agreements-signoff", args=[partnership.pk, in_force.pk])
    refused = login_as(nina).post(
        url, {"organisation": str(shelter.pk)}, content_type="application/json"
    )
    assert refused.status_code == 404
    assert not SignOff.objects.exists()
    client.logout()
    response = login_as(siv).post(
        url, {"organisation": str(shelter.pk)}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["version"] == 1
    again = login_as(siv).post(
        url, {"organisation": str(shelter.pk)}, content_type="application/json"
    )
    assert again.status_code == 400
    assert SignOff.objects.count() == 1


def test_the_routes_are_in_the_schema(client):
    schema = client.get(reverse("api-schema")).content.decode()
    assert "/api/v1/agreements/{partnership_id}/{document_id}/signoffs/" in schema
