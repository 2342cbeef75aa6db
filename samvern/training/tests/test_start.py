"""The start page leads the members of a partnership to its training and competence
overview; outsiders and visitors who are not signed in get no such panel."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory
from samvern.training.tests.conftest import JOINED

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["coord", "admin", "member"])
def test_members_find_the_training_overview(client, request, partnership, persona):
    login(client, request.getfixturevalue(persona))
    page = client.get(reverse("core:home")).content.decode()
    assert "Opplæring og kompetanse" in page
    assert "andelen ansatte med opplæring per organisasjon" in page
    assert reverse("training:overview", args=[partnership.pk]) in page


def test_an_outsider_gets_no_training_panel(client, outsider, partnership):
    login(client, outsider)
    page = client.get(reverse("core:home")).content.decode()
    assert "/training/" not in page
    assert "Opplæring og kompetanse" not in page


def test_a_visitor_who_is_not_signed_in_gets_no_training_panel(client, partnership):
    page = client.get(reverse("core:home")).content.decode()
    assert "/training/" not in page


def test_the_panel_costs_no_query_per_partnership(client, member, partnership, shelter):
    login(client, member)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("core:home"))
    for name in ("Vest-Agder", "Rogaland", "Hordaland"):
        other = PartnershipFactory(name=name)
        PartnershipMemberFactory(partnership=other, organisation=shelter, joined_on=JOINED)
    with CaptureQueriesContext(connection) as four:
        page = client.get(reverse("core:home")).content.decode()
    assert page.count("/training/") == 4
    assert len(four) == len(one)
