"""Acceptance 2: a protected address never appears in a page, API response or export for
anyone, unless a user with reveal rights explicitly reveals it (which is audited)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.test import Client

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.tests.conftest import PROTECTED_POSTCODE, PROTECTED_STREET
from samvern.cases.tests.test_access_matrix import _fill, _ids, case_layer_routes

# Identifiers, tokens and timestamps are random or clock-made characters in which a postal
# code can occur by chance (a UUID holding "5096"); they are taken out before the search.
_NOISE = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9_-]{32,}|"
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            text = " ".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    else:
        text = content.decode("utf-8", "replace")
    return _NOISE.sub(" ", text)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["referrer", "participant", "coordinator", "dpo"])
def test_protected_address_is_in_no_output(matrix_world, persona):
    client = login(Client(), matrix_world.personas()[persona])
    ids = _ids(matrix_world)
    seen = 0
    for route in case_layer_routes():
        response = client.get(_fill(route, ids), follow=True)
        text = _text(response)
        assert PROTECTED_STREET not in text, f"{route} shows the protected address"
        assert PROTECTED_POSTCODE not in text, f"{route} shows the protected postal code"
        seen += response.status_code == 200
    assert seen >= 4  # the persona did see pages, so the search meant something


@pytest.mark.django_db
def test_pages_say_the_address_is_protected(matrix_world):
    client = login(Client(), matrix_world.participant)
    page = client.get(f"/cases/persons/{matrix_world.exposed.pk}/").content.decode()
    assert "Skjermet adresse" in page
    data = client.get(f"/api/v1/cases/persons/{matrix_world.exposed.pk}/").json()
    assert data["protected_address"] is True
    assert data["street_address"] == data["postal_code"] == data["postal_place"] == ""


@pytest.mark.django_db
def test_referring_case_worker_reveals_with_reason_and_it_is_audited(matrix_world):
    client = login(Client(), matrix_world.referrer)
    url = f"/cases/persons/{matrix_world.exposed.pk}/reveal-address/"
    refused = client.post(url, {"reason": ""})
    assert PROTECTED_STREET not in refused.content.decode()
    assert not AuditEvent.objects.filter(action="cases.address.revealed").exists()
    response = client.post(url, {"reason": "Må sende politipatrulje"})
    assert response.status_code == 200
    assert PROTECTED_STREET in response.content.decode()
    event = AuditEvent.objects.get(action="cases.address.revealed")
    assert event.actor_label == "referrer"
    assert event.target_id == str(matrix_world.exposed.pk)
    assert event.detail["reason"] == "Må sende politipatrulje"


@pytest.mark.django_db
def test_a_participant_without_reveal_rights_cannot_reveal(matrix_world):
    client = login(Client(), matrix_world.participant)
    url = f"/cases/persons/{matrix_world.exposed.pk}/reveal-address/"
    response = client.post(url, {"reason": "Vil se"})
    assert response.status_code == 404
    assert PROTECTED_STREET not in response.content.decode()
    assert not AuditEvent.objects.filter(action="cases.address.revealed").exists()
