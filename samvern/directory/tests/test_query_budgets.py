"""The directory pages take the same number of queries for 2 entries and for 20."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from samvern.accounts.testing import login
from samvern.directory.models import DirectorySettings, Service, TargetGroup

pytestmark = pytest.mark.django_db


def _add(partnership, shelter, bergen, n):
    for i in range(n):
        service = Service.objects.create(
            partnership=partnership,
            name=f"Tjeneste {i:02}",
            kind="counselling",
            organisation=shelter,
            target_groups=[TargetGroup.CHILDREN],
        )
        service.municipalities.set([bergen])


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("route", ["list", "print", "public", "export_csv"])
def test_list_queries_do_not_grow(client, coord, partnership, shelter, bergen, route):
    DirectorySettings.objects.create(partnership=partnership, public_page=True)
    login(client, coord)
    url = reverse(f"directory:{route}", args=[partnership.pk])
    _add(partnership, shelter, bergen, 2)
    two = _count(client, url)
    _add(partnership, shelter, bergen, 18)
    assert _count(client, url) == two


def test_a_search_by_need_and_municipality_does_not_grow(
    client, coord, partnership, shelter, bergen
):
    login(client, coord)
    url = reverse("directory:list", args=[partnership.pk])
    url += f"?target_group={TargetGroup.CHILDREN}&municipality={bergen.pk}"
    _add(partnership, shelter, bergen, 2)
    two = _count(client, url)
    _add(partnership, shelter, bergen, 18)
    assert _count(client, url) == two
    assert client.get(url).text.count("Tjeneste ") >= 20


def test_the_api_list_does_not_grow(coord, partnership, shelter, bergen):
    client = APIClient()
    client.force_authenticate(coord)
    url = f"/api/v1/directory/{partnership.pk}/services/"
    _add(partnership, shelter, bergen, 2)
    two = _count(client, url)
    _add(partnership, shelter, bergen, 18)
    assert _count(client, url) == two
    assert len(client.get(url).json()) == 20
