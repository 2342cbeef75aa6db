import pytest
from django.urls import reverse

from samvern.audit.models import AuditEvent
from samvern.partnerships.models import Partnership

pytestmark = pytest.mark.django_db

URL = reverse("partnerships:create")


def test_coordinator_starts_a_partnership(login_as, hanne, police, bergen, today):
    client = login_as(hanne)
    assert client.get(URL).status_code == 200
    response = client.post(
        URL,
        {
            "name": "Risikokonferanse Nord",
            "description": "For the northern districts.",
            "coordinator": police.pk,
            "joined_on": today.isoformat(),
            "municipalities": [bergen.pk],
        },
    )
    partnership = Partnership.objects.get(name="Risikokonferanse Nord")
    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:detail", args=[partnership.pk])
    assert partnership.coordinator == police
    assert list(partnership.municipalities.all()) == [bergen]
    assert AuditEvent.objects.filter(action="partnerships.partnership.created").count() == 1


def test_missing_name_is_explained_and_nothing_is_created(login_as, hanne, police, today):
    response = login_as(hanne).post(
        URL, {"name": "", "coordinator": police.pk, "joined_on": today.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert 'aria-invalid="true"' in response.text
    assert not Partnership.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_case_worker_cannot_start_a_partnership(login_as, nina, shelter, today):
    client = login_as(nina)
    assert client.get(URL).status_code == 404
    response = client.post(
        URL, {"name": "X", "coordinator": shelter.pk, "joined_on": today.isoformat()}
    )
    assert response.status_code == 404
    assert not Partnership.objects.exists()


def test_outsider_cannot_start_a_partnership(login_as, otto):
    assert login_as(otto).get(URL).status_code == 404


def test_coordinator_cannot_pick_another_organisation_as_coordinator(
    login_as, hanne, shelter, today
):
    response = login_as(hanne).post(
        URL, {"name": "X", "coordinator": shelter.pk, "joined_on": today.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["coordinator"]
    assert not Partnership.objects.exists()
