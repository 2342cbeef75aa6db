import datetime as dt

import pytest
from django.urls import reverse

from samvern.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(member):
    return reverse("partnerships:member_contacts", args=[member.partnership_id, member.pk])


def absence_url(member):
    return reverse("partnerships:member_absence", args=[member.partnership_id, member.pk])


def test_coordinator_names_contact_person_and_deputy(login_as, hanne, shelter_member, nina, sofie):
    client = login_as(hanne)
    page = client.get(url(shelter_member))
    assert page.status_code == 200
    assert nina.email in page.text  # offered as a choice
    response = client.post(url(shelter_member), {"relay": nina.pk, "deputy": sofie.pk})
    assert response.status_code == 302
    shelter_member.refresh_from_db()
    assert (shelter_member.relay, shelter_member.deputy) == (nina, sofie)
    assert AuditEvent.objects.filter(action="partnerships.relay.changed").count() == 1


def test_member_org_admin_names_their_own_contacts(login_as, siv, shelter_member, nina):
    response = login_as(siv).post(url(shelter_member), {"relay": nina.pk, "deputy": ""})
    assert response.status_code == 302
    shelter_member.refresh_from_db()
    assert shelter_member.relay == nina
    assert AuditEvent.objects.get(action="partnerships.relay.changed").actor_label == "siv"


def test_member_org_admin_cannot_touch_another_members_contacts(
    login_as, siv, police_member, hanne
):
    client = login_as(siv)
    assert client.get(url(police_member)).status_code == 404
    assert client.post(url(police_member), {"relay": hanne.pk}).status_code == 404
    police_member.refresh_from_db()
    assert police_member.relay is None


def test_member_case_worker_cannot_change_contacts(login_as, nina, shelter_member):
    client = login_as(nina)
    assert client.get(url(shelter_member)).status_code == 404
    assert client.post(url(shelter_member), {"relay": nina.pk}).status_code == 404
    shelter_member.refresh_from_db()
    assert shelter_member.relay is None


def test_outsider_cannot_change_contacts(login_as, otto, shelter_member, nina):
    assert login_as(otto).post(url(shelter_member), {"relay": nina.pk}).status_code == 404


def test_people_outside_the_organisation_are_not_offered(login_as, hanne, shelter_member, otto):
    response = login_as(hanne).post(url(shelter_member), {"relay": otto.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["relay"]
    assert otto.email not in response.text


def test_replacing_the_contact_person_without_notes_is_explained(
    login_as, hanne, shelter_member, nina, sofie
):
    client = login_as(hanne)
    client.post(url(shelter_member), {"relay": nina.pk})
    response = client.post(url(shelter_member), {"relay": sofie.pk, "handover_notes": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    shelter_member.refresh_from_db()
    assert shelter_member.relay == nina


def test_the_form_comes_alone_for_htmx(login_as, hanne, shelter_member):
    response = login_as(hanne).get(url(shelter_member), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="contacts-heading"' in response.text


def test_marking_the_contact_person_away(
    login_as, hanne, siv, shelter_member, nina, sofie, today, client
):
    login_as(hanne)
    client.post(url(shelter_member), {"relay": nina.pk, "deputy": sofie.pk})
    back = today + dt.timedelta(days=10)
    response = client.post(absence_url(shelter_member), {"away_until": back.isoformat()})
    assert response.status_code == 302
    shelter_member.refresh_from_db()
    assert shelter_member.relay_away_until == back
    assert AuditEvent.objects.filter(action="partnerships.relay.absence_changed").exists()


def test_an_absence_in_the_past_is_refused(login_as, hanne, shelter_member, nina, sofie, today):
    client = login_as(hanne)
    client.post(url(shelter_member), {"relay": nina.pk, "deputy": sofie.pk})
    response = client.post(
        absence_url(shelter_member), {"away_until": (today - dt.timedelta(days=2)).isoformat()}
    )
    assert response.status_code == 200
    assert response.context["absence_form"].non_field_errors()
    shelter_member.refresh_from_db()
    assert shelter_member.relay_away_until is None


def test_member_case_worker_cannot_mark_absence(login_as, nina, shelter_member, today):
    response = login_as(nina).post(absence_url(shelter_member), {"away_until": today.isoformat()})
    assert response.status_code == 404
