"""The directory's search offers the partnership's municipalities by name, as people look
for them (Askøy, not 4627)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samvern.accounts.testing import login

pytestmark = pytest.mark.django_db


def test_municipalities_are_offered_by_name(client, member, partnership, bergen, askoy):
    login(client, member)
    page = client.get(reverse("directory:list", args=[partnership.pk])).content.decode()
    assert f'<option value="{askoy.pk}">Askøy</option>' in page
    assert f'<option value="{bergen.pk}">Bergen</option>' in page
    assert "4627" not in page


def test_the_entry_form_lists_the_municipalities_served_by_name(client, coord, partnership):
    login(client, coord)
    page = client.get(reverse("directory:create", args=[partnership.pk])).content.decode()
    assert "Askøy" in page
    assert "4627 Askøy" not in page
