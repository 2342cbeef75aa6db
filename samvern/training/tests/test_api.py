"""The training API: members read events and coverage; the coordinator registers events."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from samvern.training.models import TrainingEvent

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("persona", "status"), [("coord", 200), ("admin", 200), ("member", 200), ("outsider", 404)]
)
def test_read(request, partnership, persona, status):
    client = _client(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/training/{partnership.pk}/events/").status_code == status
    coverage = client.get(f"/api/v1/training/{partnership.pk}/coverage/?on=2026-03-01")
    assert coverage.status_code == status
    if status == 200:
        assert {row["organisation_name"] for row in coverage.json()} == {
            "Vest politidistrikt",
            "Bergen krisesenter",
        }


def test_coordinator_registers_an_event(coord, partnership):
    response = _client(coord).post(
        f"/api/v1/training/{partnership.pk}/events/",
        {"topic": "duty-to-avert", "held_on": "2025-05-05", "hours": "3"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert TrainingEvent.objects.get().catalogue_version == 1


@pytest.mark.parametrize("persona", ["admin", "member", "outsider"])
def test_others_cannot_register(request, partnership, persona):
    response = _client(request.getfixturevalue(persona)).post(
        f"/api/v1/training/{partnership.pk}/events/",
        {"topic": "duty-to-avert", "held_on": "2025-05-05", "hours": "3"},
        format="json",
    )
    assert response.status_code == 404
    assert not TrainingEvent.objects.exists()
