"""The directory API: members read, writers write, outsiders and anonymous get 404/401-403,
refused writes change nothing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from samvern.directory.models import Service

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("persona", "status"), [("coord", 200), ("admin", 200), ("member", 200), ("outsider", 404)]
)
def test_read(request, partnership, shelter_service, persona, status):
    client = _client(request.getfixturevalue(persona))
    url = f"/api/v1/directory/{partnership.pk}/services/"
    response = client.get(url)
    assert response.status_code == status
    detail = client.get(f"{url}{shelter_service.pk}/")
    assert detail.status_code == status
    if status == 200:
        assert [row["name"] for row in response.json()] == ["Krisesenteret i Bergen"]
        assert detail.json()["service_kind"] == "shelter"


def test_anonymous_is_refused(partnership):
    response = _client(None).get(f"/api/v1/directory/{partnership.pk}/services/")
    assert response.status_code in (401, 403)


def test_filter_by_target_group(coord, partnership, shelter_service, programme):
    url = f"/api/v1/directory/{partnership.pk}/services/?target_group=using_violence"
    assert [row["name"] for row in _client(coord).get(url).json()] == ["Sinnemestring Vest"]


def test_coordinator_creates(coord, partnership):
    response = _client(coord).post(
        f"/api/v1/directory/{partnership.pk}/services/",
        {"name": "Støttesenter", "service_kind": "counselling", "municipalities": ["4601"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Service.objects.get().municipalities.get().code == "4601"


@pytest.mark.parametrize(("persona", "status"), [("member", 404), ("outsider", 404)])
def test_refused_writes_change_nothing(request, partnership, shelter_service, persona, status):
    client = _client(request.getfixturevalue(persona))
    url = f"/api/v1/directory/{partnership.pk}/services/"
    assert (
        client.post(url, {"name": "X", "service_kind": "other"}, format="json").status_code
        == status
    )
    put = client.put(
        f"{url}{shelter_service.pk}/", {"name": "X", "service_kind": "other"}, format="json"
    )
    assert put.status_code == status
    shelter_service.refresh_from_db()
    assert shelter_service.name == "Krisesenteret i Bergen"
    assert Service.objects.count() == 1


def test_bad_input_is_400_and_changes_nothing(coord, partnership):
    response = _client(coord).post(
        f"/api/v1/directory/{partnership.pk}/services/",
        {"name": "X", "service_kind": "other", "checked_on": "2999-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert not Service.objects.exists()
