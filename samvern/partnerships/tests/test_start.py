import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_member_case_worker_gets_menu_entry_and_panel(login_as, nina, partnership):
    response = login_as(nina).get(reverse("core:home"))
    assert response.status_code == 200
    assert reverse("partnerships:list") in response.text
    assert reverse("partnerships:detail", args=[partnership.pk]) in response.text


def test_outsider_gets_neither(login_as, otto, partnership):
    response = login_as(otto).get(reverse("core:home"))
    assert reverse("partnerships:list") not in response.text
    assert partnership.name not in response.text


def test_former_member_gets_neither(login_as, rolf, partnership):
    response = login_as(rolf).get(reverse("core:home"))
    assert reverse("partnerships:list") not in response.text


def test_anonymous_visitor_gets_neither(client, partnership):
    response = client.get(reverse("core:home"))
    assert reverse("partnerships:list") not in response.text
