"""The 404 production shows (DEBUG off) is the site's own, in bokmål, and tells a forbidden
case from a missing one by nothing at all."""

import uuid

import pytest
from django.test import Client

from samvern.accounts.testing import login


@pytest.mark.django_db
def test_a_forbidden_case_and_a_missing_one_give_the_same_bokmal_404_page(matrix_world, settings):
    settings.DEBUG = False
    client = login(Client(), matrix_world.member_worker)
    forbidden = client.get(f"/cases/{matrix_world.case.pk}/")
    missing = client.get(f"/cases/{uuid.uuid4()}/")
    assert forbidden.status_code == missing.status_code == 404
    body = forbidden.content.decode()
    assert '<html lang="nb"' in body
    assert 'class="site-header"' in body and 'class="site-footer"' in body
    assert "Fant ikke siden" in body and "Not Found" not in body
    assert forbidden.content == missing.content
    # A write to either is refused the same way.
    assert client.post(f"/cases/{matrix_world.case.pk}/").content == missing.content
