import pytest
from django.urls import reverse

from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory

pytestmark = pytest.mark.django_db

URL = reverse("partnerships:list")


def test_coordinator_sees_the_partnership_and_can_start_one(login_as, hanne, partnership):
    response = login_as(hanne).get(URL)
    assert response.status_code == 200
    assert partnership.name in response.text
    assert reverse("partnerships:create") in response.text


def test_case_worker_of_a_member_sees_it_but_cannot_start_one(login_as, nina, partnership):
    response = login_as(nina).get(URL)
    assert response.status_code == 200
    assert partnership.name in response.text
    assert reverse("partnerships:create") not in response.text


def test_outsider_sees_no_partnership(login_as, otto, partnership):
    response = login_as(otto).get(URL)
    assert response.status_code == 200
    assert partnership.name not in response.text
    assert "None of your organisations" in response.text or "Ingen av" in response.text


def test_people_of_a_former_member_no_longer_see_it(login_as, rolf, partnership):
    response = login_as(rolf).get(URL)
    assert partnership.name not in response.text


def test_anonymous_visitor_is_sent_to_log_in(client, partnership):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_list_query_count_does_not_grow_with_partnerships(
    login_as, nina, shelter, partnership, django_assert_max_num_queries
):
    client = login_as(nina)
    for number in range(15):
        other = PartnershipFactory(name=f"Samarbeid {number:02d}")
        PartnershipMemberFactory(partnership=other, organisation=shelter)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.status_code == 200
    assert "Samarbeid 14" in response.text
