import datetime as dt

import pytest
from django.urls import reverse

from samvern.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(member):
    return reverse("partnerships:member_leave", args=[member.partnership_id, member.pk])


def test_coordinator_registers_leaving_and_the_member_loses_access(
    login_as, hanne, nina, shelter_member, partnership, today, client
):
    login_as(hanne)
    assert client.get(url(shelter_member)).status_code == 200
    response = client.post(url(shelter_member), {"left_on": today.isoformat()})
    assert response.status_code == 302
    shelter_member.refresh_from_db()
    assert shelter_member.left_on == today
    assert AuditEvent.objects.filter(action="partnerships.member.left").count() == 1
    client.logout()
    login_as(nina)
    assert client.get(reverse("partnerships:detail", args=[partnership.pk])).status_code == 404


def test_a_leaving_date_in_the_past_is_refused(login_as, hanne, shelter_member, today):
    response = login_as(hanne).post(
        url(shelter_member), {"left_on": (today - dt.timedelta(days=1)).isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    shelter_member.refresh_from_db()
    assert shelter_member.left_on is None
    assert not AuditEvent.objects.filter(action="partnerships.member.left").exists()


def test_member_case_worker_cannot_register_leaving(login_as, nina, shelter_member, today):
    response = login_as(nina).post(url(shelter_member), {"left_on": today.isoformat()})
    assert response.status_code == 404
    shelter_member.refresh_from_db()
    assert shelter_member.left_on is None


def test_member_org_admin_cannot_register_leaving(login_as, siv, shelter_member, today):
    assert (
        login_as(siv).post(url(shelter_member), {"left_on": today.isoformat()}).status_code == 404
    )


def test_outsider_cannot_register_leaving(login_as, otto, shelter_member):
    assert login_as(otto).get(url(shelter_member)).status_code == 404


def test_member_of_another_partnership_is_not_found(login_as, hanne, partnership, shelter_member):
    from samvern.partnerships.tests.factories import PartnershipFactory

    other = PartnershipFactory(coordinator=partnership.coordinator)
    wrong = reverse("partnerships:member_leave", args=[other.pk, shelter_member.pk])
    assert login_as(hanne).get(wrong).status_code == 404
