"""Acceptance 1: every page and API route of the case layer, discovered from the URL
resolver, for every persona, with the expected status. A route added without an
expectation here fails the test, so new routes cannot slip in unchecked.

Zero leaks: every 404 looks the same and carries no case content.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from samvern.cases.tests.conftest import EXPOSED_NAME, PROTECTED_POSTCODE, PROTECTED_STREET
from samvern.core.testing import login

PERSONAS = (
    "referrer",
    "participant",
    "member",
    "outsider",
    "coordinator",
    "dpo",
    "org_admin",
    "superuser",
    "analyst",
    "anonymous",
)


def _expect(allowed: dict[str, int], *, anonymous: int, default: int = 404) -> dict[str, int]:
    expectations = {persona: allowed.get(persona, default) for persona in PERSONAS}
    expectations["anonymous"] = anonymous
    return expectations


PAGE = 302  # anonymous visitors are sent to the login page
API = 401  # anonymous API calls are refused (401, WWW-Authenticate) before any look-up
CONTENT = {"referrer": 200, "participant": 200}
CASE_ROLES_ALL = {
    "referrer": 200,
    "participant": 200,
    "member": 200,
    "outsider": 200,
    "coordinator": 200,
    "dpo": 200,
}

# Route (as written in the URL configuration) → expected status per persona.
EXPECTED: dict[str, dict[str, int]] = {
    # pages
    "cases/": _expect(CASE_ROLES_ALL, anonymous=PAGE),
    "cases/refer/": _expect({**CASE_ROLES_ALL, "dpo": 404}, anonymous=PAGE),
    "cases/<uuid:case_id>/": _expect(CONTENT, anonymous=PAGE),
    "cases/<uuid:case_id>/summary/": _expect({**CONTENT, "coordinator": 200}, anonymous=PAGE),
    "cases/<uuid:case_id>/state/": _expect({**CONTENT, "coordinator": 200}, anonymous=PAGE),
    "cases/<uuid:case_id>/participants/add/": _expect(
        {**CONTENT, "coordinator": 200}, anonymous=PAGE
    ),
    "cases/<uuid:case_id>/persons/add/": _expect(CONTENT, anonymous=PAGE),
    "cases/<uuid:case_id>/notes/add/": _expect(CONTENT, anonymous=PAGE),
    "cases/<uuid:case_id>/documents/add/": _expect(CONTENT, anonymous=PAGE),
    "cases/<uuid:case_id>/assessments/add/": _expect(CONTENT, anonymous=PAGE),
    "cases/<uuid:case_id>/consents/": _expect(CONTENT, anonymous=PAGE),
    "cases/<uuid:case_id>/access-log/": _expect({"coordinator": 200, "dpo": 200}, anonymous=PAGE),
    "cases/<uuid:case_id>/export.docx": _expect(CONTENT, anonymous=PAGE),
    "cases/persons/<uuid:person_id>/": _expect(CONTENT, anonymous=PAGE),
    "cases/persons/<uuid:person_id>/edit/": _expect(CONTENT, anonymous=PAGE),
    "cases/persons/<uuid:person_id>/reveal-address/": _expect({"referrer": 200}, anonymous=PAGE),
    "cases/persons/<uuid:person_id>/match/": _expect(CONTENT, anonymous=PAGE),
    "cases/items/<uuid:item_id>/": _expect(CONTENT, anonymous=PAGE),
    "cases/items/<uuid:item_id>/share/": _expect({"referrer": 200}, anonymous=PAGE),
    "cases/items/<uuid:item_id>/download/": _expect(CONTENT, anonymous=PAGE),
    "cases/assessments/<uuid:assessment_id>/": _expect(
        {"referrer": 302, "participant": 302}, anonymous=PAGE
    ),
    "cases/consents/<uuid:consent_id>/withdraw/": _expect(CONTENT, anonymous=PAGE),
    # API
    "api/v1/cases/": _expect(CASE_ROLES_ALL, anonymous=API),
    "api/v1/cases/persons/<uuid:person_id>/": _expect(CONTENT, anonymous=API),
    "api/v1/cases/items/<uuid:item_id>/": _expect(CONTENT, anonymous=API),
    "api/v1/cases/<uuid:case_id>/": _expect(CONTENT, anonymous=API),
    "api/v1/cases/<uuid:case_id>/summary/": _expect({**CONTENT, "coordinator": 200}, anonymous=API),
    "api/v1/cases/<uuid:case_id>/items/": _expect(CONTENT, anonymous=API),
    "api/v1/cases/<uuid:case_id>/assessments/": _expect(CONTENT, anonymous=API),
    "api/v1/cases/<uuid:case_id>/access-log/": _expect(
        {"coordinator": 200, "dpo": 200}, anonymous=API
    ),
}


def _walk(patterns: list[Any], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes.extend(_walk(pattern.url_patterns, route))
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


def case_layer_routes() -> list[str]:
    """Every route of the case layer, pages and API, as the resolver knows them."""
    return [
        route
        for route in _walk(get_resolver().url_patterns)
        if route.startswith("cases/") or route.startswith("api/v1/cases")
    ]


def _fill(route: str, ids: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        assert converter == "uuid" and name in ids, f"no fixture object for {match.group(0)}"
        return ids[name]

    return "/" + re.sub(r"<(\w+):(\w+)>", replace, route)


def _ids(world: Any) -> dict[str, str]:
    return {
        "case_id": str(world.case.pk),
        "person_id": str(world.exposed.pk),
        "item_id": str(world.document.pk),
        "assessment_id": str(world.assessment.pk),
        "consent_id": str(world.consent.pk),
    }


def _secrets(world: Any) -> list[str]:
    return [
        EXPOSED_NAME[0],
        EXPOSED_NAME[1],
        PROTECTED_STREET,
        PROTECTED_POSTCODE,
        world.case.reference,
        world.note_all.title,
        "Anmeldelse",
        "Gjentatt vold",
    ]


def test_every_discovered_route_has_an_expectation():
    routes = case_layer_routes()
    assert "cases/<uuid:case_id>/" in routes and "api/v1/cases/" in routes
    missing = sorted(set(routes) - set(EXPECTED))
    assert not missing, f"routes without an access expectation: {missing}"
    stale = sorted(set(EXPECTED) - set(routes))
    assert not stale, f"expectations for routes that no longer exist: {stale}"


@pytest.mark.django_db
def test_access_matrix_for_every_route_and_persona(matrix_world):
    ids = _ids(matrix_world)
    secrets = _secrets(matrix_world)
    failures = []
    for persona, user in matrix_world.personas().items():
        client = Client()
        if user is not None:
            login(client, user)
        for route in case_layer_routes():
            url = _fill(route, ids)
            expected = EXPECTED[route][persona]
            response = client.get(url)
            if response.status_code != expected:
                failures.append(f"GET {url} as {persona}: {response.status_code} != {expected}")
            if response.status_code in (403, 404):
                body = response.content.decode(errors="replace")
                leaked = [s for s in secrets if s in body]
                if leaked:
                    failures.append(f"GET {url} as {persona} leaks {leaked} in its refusal")
            # Writing is never possible where reading is not.
            if expected == 404 and not route.startswith("api/"):
                posted = client.post(url, {})
                if posted.status_code != 404:
                    failures.append(f"POST {url} as {persona}: {posted.status_code} != 404")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_refusals_look_the_same_as_missing_objects(matrix_world):
    """A forbidden case and a case that does not exist give the same response."""
    import uuid

    client = login(Client(), matrix_world.member_worker)
    forbidden = client.get(f"/cases/{matrix_world.case.pk}/")
    missing = client.get(f"/cases/{uuid.uuid4()}/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    api_forbidden = client.get(f"/api/v1/cases/{matrix_world.case.pk}/")
    api_missing = client.get(f"/api/v1/cases/{uuid.uuid4()}/")
    assert api_forbidden.status_code == api_missing.status_code == 404
    assert api_forbidden.json() == api_missing.json()
