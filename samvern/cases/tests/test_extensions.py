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


@pytest.fixture
def contributed_panels(monkeypatch):
    module = types.ModuleType("samvern.example_panels")
    seen: list[bool] = []

    def case_panels(actor, access):
        seen.append(access.grant.content)
        link = extensions.CaseLink(label="Panel entry from its own context", url="/z/")
        return [
            extensions.CasePanel(
                title="Second",
                template_name="cases/_further_work.html",
                context={"further_links": [link]},
                order=20,
            ),
            extensions.CasePanel(
                title="First",
                template_name="cases/_further_work.html",
                context={"further_links": []},
                order=10,
            ),
        ]

    module.case_panels = case_panels
    monkeypatch.setitem(sys.modules, "samvern.example_panels", module)
    monkeypatch.setattr(extensions, "_modules", lambda: (module,))
    return seen


def test_the_case_page_renders_contributed_panels_in_order_with_their_context(
    client, contributed_panels
):
    world = make_world()
    login(client, world.referrer)
    html = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "Panel entry from its own context" in html
    assert html.index("Panel entry from its own context") > html.index('id="timeline-heading"')
    assert contributed_panels == [True]
    grant = types.SimpleNamespace(content=True)
    panels = extensions.case_panels(None, types.SimpleNamespace(grant=grant))
    assert [panel.title for panel in panels] == ["First", "Second"]


def test_an_outsider_never_reaches_a_panel_provider(client, contributed_panels):
    world = make_world()
    login(client, world.outsider)
    response = client.get(reverse("cases:detail", args=[world.case.pk]))
    assert response.status_code == 404
    assert contributed_panels == []
