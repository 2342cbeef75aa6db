import pytest
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.partnerships import services

pytestmark = pytest.mark.django_db


def url(partnership):
    return reverse("partnerships:history", args=[partnership.pk])


@pytest.fixture
def handed_over(hanne, shelter_member, police_member, nina, sofie):
    services.set_contacts(actor=Actor.load(hanne), member=shelter_member, relay=sofie, deputy=None)
    services.set_contacts(
        actor=Actor.load(hanne),
        member=shelter_member,
        relay=nina,
        deputy=sofie,
        handover_notes="Shelter hand-over.",
    )
    services.set_contacts(actor=Actor.load(hanne), member=police_member, relay=hanne, deputy=None)
    services.set_contacts(
        actor=Actor.load(hanne),
        member=police_member,
        relay=None,
        deputy=None,
        handover_notes="Police hand-over.",
    )


def test_coordinator_sees_former_members_and_all_hand_over_notes(
    login_as, hanne, partnership, handed_over
):
    response = login_as(hanne).get(url(partnership))
    assert response.status_code == 200
    text = response.text
    assert "RVTS Vest" in text
    assert "Shelter hand-over." in text and "Police hand-over." in text


def test_member_case_worker_sees_history_but_only_own_notes(
    login_as, nina, partnership, handed_over
):
    response = login_as(nina).get(url(partnership))
    assert response.status_code == 200
    assert "RVTS Vest" in response.text
    assert "Shelter hand-over." in response.text
    assert "Police hand-over." not in response.text


def test_outsider_gets_not_found(login_as, otto, partnership):
    assert login_as(otto).get(url(partnership)).status_code == 404


def test_former_member_gets_not_found(login_as, rolf, partnership):
    assert login_as(rolf).get(url(partnership)).status_code == 404


def test_history_query_count_is_bounded(
    login_as, hanne, partnership, handed_over, django_assert_max_num_queries
):
    client = login_as(hanne)
    with django_assert_max_num_queries(12):
        assert client.get(url(partnership)).status_code == 200
