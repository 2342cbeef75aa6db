"""A member organisation without a deputy contact person is flagged on the partnership
page until one is named, and saving contact persons without a deputy says so."""

import pytest
from django.urls import reverse

from samvern.accounts.testing import login

pytestmark = pytest.mark.django_db


def test_partnership_page_warns_until_a_deputy_is_named(
    client, partnership, shelter_member, police_member, hanne, nina, sofie
):
    police_member.deputy = hanne
    police_member.save()
    shelter_member.relay = nina
    shelter_member.save()
    login(client, hanne)
    url = reverse("partnerships:detail", args=[partnership.pk])
    body = client.get(url).content.decode()
    assert "har ingen stedfortreder" in body
    assert "Bergen krisesenter" in body.split("har ingen stedfortreder")[1][:600]
    shelter_member.deputy = sofie
    shelter_member.save()
    assert "har ingen stedfortreder" not in client.get(url).content.decode()


def test_saving_contacts_without_a_deputy_warns(client, partnership, shelter_member, siv, nina):
    login(client, siv)
    response = client.post(
        reverse("partnerships:member_contacts", args=[partnership.pk, shelter_member.pk]),
        {"relay": nina.pk, "deputy": "", "handover_notes": ""},
        follow=True,
    )
    assert response.status_code == 200
    shelter_member.refresh_from_db()
    assert shelter_member.relay == nina
    messages = [str(m) for m in response.context["messages"]]
    assert any("stedfortreder" in m for m in messages)
