import pytest
from django.urls import reverse

from samvern.audit.models import AuditEvent
from samvern.partnerships.selectors import is_member

pytestmark = pytest.mark.django_db


def url(partnership):
    return reverse("partnerships:member_add", args=[partnership.pk])


def test_coordinator_adds_a_member(login_as, hanne, partnership, child_welfare, today):
    client = login_as(hanne)
    page = client.get(url(partnership))
    assert page.status_code == 200
    assert "Barneverntjenesten i Bergen" in page.text
    response = client.post(
        url(partnership), {"organisation": child_welfare.pk, "joined_on": today.isoformat()}
    )
    assert response.status_code == 302
    assert is_member(partnership, child_welfare)
    assert AuditEvent.objects.filter(action="partnerships.member.joined").count() == 1


def test_current_members_are_not_offered(login_as, hanne, partnership, shelter, today):
    response = login_as(hanne).post(
        url(partnership), {"organisation": shelter.pk, "joined_on": today.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert partnership.members.filter(organisation=shelter).count() == 1


def test_rejoining_before_the_leaving_date_is_explained(
    login_as, hanne, partnership, resource_centre, today
):
    response = login_as(hanne).post(
        url(partnership),
        {"organisation": resource_centre.pk, "joined_on": "2000-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not is_member(partnership, resource_centre)
    assert not AuditEvent.objects.filter(action="partnerships.member.joined").exists()


def test_a_bad_date_is_explained(login_as, hanne, partnership, child_welfare):
    response = login_as(hanne).post(
        url(partnership), {"organisation": child_welfare.pk, "joined_on": "31.02.2025"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["joined_on"]


def test_member_case_worker_cannot_add(login_as, nina, partnership, child_welfare, today):
    client = login_as(nina)
    assert client.get(url(partnership)).status_code == 404
    response = client.post(
        url(partnership), {"organisation": child_welfare.pk, "joined_on": today.isoformat()}
    )
    assert response.status_code == 404
    assert not is_member(partnership, child_welfare)


def test_outsider_cannot_add(login_as, otto, partnership, child_welfare, today):
    response = login_as(otto).post(
        url(partnership), {"organisation": child_welfare.pk, "joined_on": today.isoformat()}
    )
    assert response.status_code == 404
    assert not is_member(partnership, child_welfare)
