"""The protection API: the same access and audit as the pages, in the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.protection import services

pytestmark = pytest.mark.django_db


def test_our_measures_as_json(pw, client):
    login(client, pw.referrer)
    data = client.get(reverse("api-protection-measures"), {"show": "ending_soon"}).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["id"] == str(pw.measure.pk) and row["status"] == "ending_soon"
    assert row["days_left"] == 10 and row["responsible_id"] == str(pw.police.pk)
    assert AuditEvent.objects.filter(action=services.MEASURES_LISTED).count() == 1


def test_case_measures_and_releases(pw, client):
    login(client, pw.participant)
    measures = client.get(reverse("api-protection-case-measures", args=[pw.case.pk])).json()
    assert [m["id"] for m in measures] == [str(pw.measure.pk)]
    releases = client.get(reverse("api-protection-case-releases", args=[pw.case.pk])).json()
    assert releases[0]["inform_now"] is True


def test_outsiders_get_404(pw, client):
    login(client, pw.member_worker)
    url = reverse("api-protection-case-measures", args=[pw.case.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("api-protection-measures")).json()["count"] == 0


def test_due_reassessments(pw, client):
    login(client, pw.referrer)
    assert client.get(reverse("api-protection-reassessments-due")).json()["count"] == 0


def test_the_routes_are_in_the_schema(client):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for path in (
        "/api/v1/protection/measures/",
        "/api/v1/protection/releases/",
        "/api/v1/protection/reassessments/due/",
        "/api/v1/protection/cases/{case_id}/measures/",
        "/api/v1/protection/cases/{case_id}/releases/",
    ):
        assert path in paths
    assert "ProtectionMeasure" in schema["components"]["schemas"]


@pytest.mark.parametrize(
    "name",
    ["api-protection-measures", "api-protection-releases", "api-protection-reassessments-due"],
)
def test_a_bad_page_size_is_refused_before_anything_is_read(pw, client, name):
    login(client, pw.referrer)
    before = AuditEvent.objects.count()
    response = client.get(reverse(name), {"limit": "nine"})
    assert response.status_code == 400
    assert AuditEvent.objects.count() == before
    assert client.get(reverse(name), {"limit": "1"}).json()["results"] is not None
