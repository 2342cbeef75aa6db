"""Apps above the case layer add links to the case and person pages through
`case_links.py`, and only for a reader the case layer has let through."""

from __future__ import annotations

import sys
import types

import pytest
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.cases import extensions
from samvern.cases.tests.conftest import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributed(monkeypatch):
    module = types.ModuleType("samvern.example_links")

    def case_links(actor, access):
        seen.append(("case", actor.organisation, access.grant.content))
        if not access.grant.content:
            return []
        return [extensions.CaseLink(label="Contributed case link", url="/x/", order=5)]

    def person_links(actor, access):
        seen.append(("person", actor.organisation, access.person.pk))
        return [extensions.CaseLink(label="Contributed person link", url="/y/")]

    seen: list[tuple[object, ...]] = []
    module.case_links = case_links
    module.person_links = person_links
    monkeypatch.setitem(sys.modules, "samvern.example_links", module)
    monkeypatch.setattr(extensions, "_modules", lambda: (module,))
    return seen


def test_the_case_and_person_pages_show_contributed_links(client, contributed):
    world = make_world()
    login(client, world.referrer)
    case_page = client.get(reverse("cases:detail", args=[world.case.pk]))
    assert "Contributed case link" in case_page.content.decode()
    person = world.exposed
    person_page = client.get(reverse("cases:person", args=[person.pk]))
    assert "Contributed person link" in person_page.content.decode()
    assert [kind for kind, *_ in contributed] == ["case", "person"]


def test_an_outsider_never_reaches_a_provider(client, contributed):
    world = make_world()
    login(client, world.outsider)
    response = client.get(reverse("cases:detail", args=[world.case.pk]))
    assert response.status_code == 404
    assert contributed == []
