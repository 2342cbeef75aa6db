"""The start page leads the members of a partnership to its service directory; outsiders
and visitors who are not signed in get no such panel."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.directory.tests.conftest import JOINED
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["coord", "admin", "member"])
def test_members_find_the_directory_and_the_printable_list(client, request, partnership, persona):
    login(client, request.getfixturevalue(persona))
    page = client.get(reverse("core:home")).content.decode()
    assert "Tjenestekatalog" in page
    assert "Hvor du kan henvise videre: søk etter behov og kommune." in page
    assert reverse("directory:list", args=[partnership.pk]) in page
    assert reverse("directory:print", args=[partnership.pk]) in page


def test_a_member_of_two_partnerships_finds_both_directories(client, member, partnership, shelter):
    other = PartnershipFactory(name="Vest-Agder")
    PartnershipMemberFactory(partnership=other, organisation=shelter, joined_on=JOINED)
    login(client, member)
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("directory:list", args=[partnership.pk]) in page
    assert reverse("directory:list", args=[other.pk]) in page


def test_an_outsider_gets_no_directory_panel(client, outsider, partnership):
    login(client, outsider)
    page = client.get(reverse("core:home")).content.decode()
    assert "/directory/" not in page
    assert "Tjenestekatalog" not in page


def test_a_visitor_who_is_not_signed_in_gets_no_directory_panel(client, partnership):
    page = client.get(reverse("core:home")).content.decode()
    assert "/directory/" not in page


def test_the_panel_costs_no_query_per_partnership(client, member, partnership, shelter):
    login(client, member)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("core:home"))
    for name in ("Vest-Agder", "Rogaland", "Hordaland"):
        other = PartnershipFactory(name=name)
        PartnershipMemberFactory(partnership=other, organisation=shelter, joined_on=JOINED)
    with CaptureQueriesContext(connection) as four:
        page = client.get(reverse("core:home")).content.decode()
    assert page.count("/directory/") == 4
    assert len(four) == len(one)
