"""The demo gives every agency its own administrator, and prints them with the logins."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from samvern.accounts import demo
from samvern.accounts.models import Membership, Organisation, Role, User
from samvern.accounts.selectors import organisations_without_administrator
from samvern.accounts.testing import login

FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_built(shared_db):
    """The demo, loaded once for the tests of this module (they only read it) and rolled
    back after them."""
    with shared_db():
        with override_settings(DEMO_MODE=True, PASSWORD_HASHERS=FAST_HASHING):
            demo.load(today=dt.date(2026, 12, 1))
        yield


@pytest.fixture
def demo_loaded(demo_built, db):
    """Each test still runs in its own savepoint over the shared demo."""


def test_every_demo_organisation_has_an_administrator(demo_loaded):
    assert Organisation.objects.count() == len(demo.ORGANISATIONS)
    assert not organisations_without_administrator(on=dt.date(2026, 12, 1)).exists()
    for organisation in Organisation.objects.all():
        admins = Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN)
        assert admins.count() == 1, organisation.name


def test_a_demo_administrator_manages_only_their_own_agency(demo_loaded):
    police = Organisation.objects.get(name="Vest politidistrikt")
    shelter = Organisation.objects.get(name="Bergen krisesenter")
    client = login(Client(), User.objects.get(username="politi.admin"))
    page = client.get(f"/accounts/organisations/{police.pk}/members/")
    assert page.status_code == 200
    assert "lars.politi@demo.samvern.invalid" in page.content.decode()
    assert client.get(f"/accounts/organisations/{shelter.pk}/members/").status_code == 404


def test_the_demo_logins_list_the_administrators(capsys):
    with override_settings(DEMO_MODE=True):
        call_command("demo_logins")
    printed = capsys.readouterr().out
    for username, *_rest, role, _title in demo.USERS:
        if role == Role.ORG_ADMIN:
            assert username in printed
    assert "politi.admin" in printed and "Nasjonalt kunnskapssenter (demo)" in printed
    # Roles are named, not given as their internal keys.
    assert "org_admin" not in printed and "case_worker" not in printed
