import pytest
from django.urls import reverse

from samvern.audit.models import AuditEvent
from samvern.partnerships.models import AddressReveal

pytestmark = pytest.mark.django_db


def url(partnership):
    return reverse("partnerships:edit", args=[partnership.pk])


def form_data(partnership, **changes):
    data = {
        "name": partnership.name,
        "description": partnership.description,
        "coordinator": partnership.coordinator_id,
        "is_active": "on",
        "address_reveal": partnership.address_reveal,
    }
    data.update(changes)
    return data


def test_coordinator_renames_and_winds_up_the_partnership(login_as, hanne, partnership):
    client = login_as(hanne)
    assert client.get(url(partnership)).status_code == 200
    data = form_data(partnership, name="Ny konferanse")
    del data["is_active"]
    response = client.post(url(partnership), data)
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.name == "Ny konferanse"
    assert not partnership.is_active
    event = AuditEvent.objects.get(action="partnerships.partnership.updated")
    assert event.detail["changes"]["is_active"] == {"from": True, "to": False}


def test_coordination_cannot_pass_to_a_former_member(login_as, hanne, partnership, resource_centre):
    response = login_as(hanne).post(
        url(partnership), form_data(partnership, coordinator=resource_centre.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["coordinator"]
    partnership.refresh_from_db()
    assert partnership.coordinator.name == "Vest politidistrikt"


def test_member_case_worker_cannot_edit(login_as, nina, partnership):
    client = login_as(nina)
    assert client.get(url(partnership)).status_code == 404
    assert client.post(url(partnership), form_data(partnership, name="X")).status_code == 404
    partnership.refresh_from_db()
    assert partnership.name == "Risikokonferanse Bergen"


def test_member_org_admin_cannot_edit(login_as, siv, partnership):
    assert login_as(siv).get(url(partnership)).status_code == 404


def test_outsider_cannot_edit(login_as, otto, partnership):
    assert login_as(otto).get(url(partnership)).status_code == 404


def test_coordinator_lets_every_participating_case_worker_reveal_addresses(
    login_as, hanne, partnership
):
    assert partnership.address_reveal == AddressReveal.REFERRING_CASE_WORKERS  # the default
    client = login_as(hanne)
    page = client.get(url(partnership)).content.decode()
    assert "Hvem kan vise en skjermet adresse" in page
    response = client.post(
        url(partnership),
        form_data(partnership, address_reveal=AddressReveal.PARTICIPATING_CASE_WORKERS),
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.address_reveal == AddressReveal.PARTICIPATING_CASE_WORKERS
    event = AuditEvent.objects.get(action="partnerships.partnership.updated")
    assert event.detail["changes"] == {
        "address_reveal": {
            "from": "referring_case_workers",
            "to": "participating_case_workers",
        }
    }


def test_unknown_reveal_rule_is_refused_with_a_message(login_as, hanne, partnership):
    response = login_as(hanne).post(url(partnership), form_data(partnership, address_reveal="all"))
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.address_reveal == AddressReveal.REFERRING_CASE_WORKERS
    assert not AuditEvent.objects.filter(action="partnerships.partnership.updated").exists()


def test_member_case_worker_cannot_change_the_reveal_rule(login_as, nina, partnership):
    response = login_as(nina).post(
        url(partnership), form_data(partnership, address_reveal=AddressReveal.NOBODY)
    )
    assert response.status_code == 404
    partnership.refresh_from_db()
    assert partnership.address_reveal == AddressReveal.REFERRING_CASE_WORKERS
