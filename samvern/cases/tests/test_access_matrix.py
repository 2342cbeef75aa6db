"""Acceptance 1: every page and API route of the case layer, discovered from the URL
resolver, for every persona, with the expected status. A route added without an
expectation here fails the test, so new routes cannot slip in unchecked.

Zero leaks: every 404 looks the same and carries no case content.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db.models import Count, Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import (
    Assessment,
    Case,
    CaseParticipant,
    Consent,
    InformationItem,
    Person,
    PersonMatch,
    ReferralFeedback,
    ReferralSettings,
    Share,
    StateChange,
)
from samvern.cases.tests.conftest import EXPOSED_NAME, PROTECTED_POSTCODE, PROTECTED_STREET

CASE_MODELS = (
    Case,
    CaseParticipant,
    Person,
    PersonMatch,
    StateChange,
    Consent,
    InformationItem,
    Share,
    Assessment,
    ReferralFeedback,
    ReferralSettings,
)
# The event a refused case-layer request leaves (stored data: the name does not change).
REFUSED_ACTION = "security.case.refused"

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
    "pending",  # case worker of an organisation with a pending (not accepted) referral
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
    "pending": 200,
}
CONTENT_ROLES_ALL = {**CASE_ROLES_ALL, "dpo": 404}

# Route (as written in the URL configuration) → expected status per persona.
EXPECTED: dict[str, dict[str, int]] = {
    # pages
    "cases/": _expect(CASE_ROLES_ALL, anonymous=PAGE),
    "cases/refer/": _expect(CONTENT_ROLES_ALL, anonymous=PAGE),
    # referrals: the lists for every case content role (each sees its own organisation's)
    "cases/referrals/": _expect(CONTENT_ROLES_ALL, anonymous=PAGE),
    "cases/referrals/mine/": _expect(CONTENT_ROLES_ALL, anonymous=PAGE),
    "cases/referrals/settings/<uuid:partnership_id>/": _expect(
        {"coordinator": 200}, anonymous=PAGE
    ),
    # the police's pending referral to family counselling: the two sides only
    "cases/referrals/<uuid:referral_id>/": _expect(
        {"referrer": 200, "pending": 200}, anonymous=PAGE
    ),
    "cases/referrals/<uuid:referral_id>/accept/": _expect({"pending": 200}, anonymous=PAGE),
    "cases/referrals/<uuid:referral_id>/decline/": _expect({"pending": 200}, anonymous=PAGE),
    "cases/referrals/<uuid:referral_id>/withdraw/": _expect({"referrer": 200}, anonymous=PAGE),
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
    "api/v1/cases/referrals/": _expect(CONTENT_ROLES_ALL, anonymous=API),
    "api/v1/cases/referrals/mine/": _expect(CONTENT_ROLES_ALL, anonymous=API),
    "api/v1/cases/referrals/<uuid:referral_id>/": _expect(
        {"referrer": 200, "pending": 200}, anonymous=API
    ),
    "api/v1/cases/referrals/<uuid:referral_id>/accept/": _expect({}, anonymous=API, default=405),
    "api/v1/cases/referrals/<uuid:referral_id>/decline/": _expect({}, anonymous=API, default=405),
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
        "referral_id": str(world.pending_referral.pk),
        "partnership_id": str(world.partnership.pk),
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


def _state() -> dict[str, tuple[int, object]]:
    """Row count and latest change of every case-layer table: a refused write leaves
    both as they were."""
    return {
        model.__name__: tuple(
            model.objects.aggregate(rows=Count("pk"), changed=Max("updated_at")).values()
        )
        for model in CASE_MODELS
    }


def _events_after(last_id: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(pk__gt=last_id).order_by("pk").values_list("action", flat=True)
    )


# Discovered when the module is collected, so each (route, persona) is a test of its own
# that the workers share out; a route without an expectation fails here and in
# test_every_discovered_route_has_an_expectation.
ROUTES = case_layer_routes()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES)
def test_access_matrix_for_every_route_and_persona(shared_matrix_world, route, persona):
    world = shared_matrix_world
    ids = _ids(world)
    secrets = _secrets(world)
    user = world.personas()[persona]
    failures = []
    client = Client()
    if user is not None:
        login(client, user)
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
    # Writing is never possible where reading is not, and a refused write changes nothing.
    if expected == 404 and not route.startswith("api/"):
        before = _state()
        last_event = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        posted = client.post(url, {})
        if posted.status_code != 404:
            failures.append(f"POST {url} as {persona}: {posted.status_code} != 404")
        if _state() != before:
            failures.append(f"POST {url} as {persona} changed {_changed(before, _state())}")
        written = [action for action in _events_after(last_event) if action != REFUSED_ACTION]
        if written:
            failures.append(f"POST {url} as {persona} recorded {written}")
    assert not failures, "\n".join(failures)


def _changed(
    before: dict[str, tuple[int, object]], after: dict[str, tuple[int, object]]
) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


def test_refusals_look_the_same_as_missing_objects(shared_matrix_world):
    """A forbidden case and a case that does not exist give the same response."""
    import uuid

    client = login(Client(), shared_matrix_world.member_worker)
    forbidden = client.get(f"/cases/{shared_matrix_world.case.pk}/")
    missing = client.get(f"/cases/{uuid.uuid4()}/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    api_forbidden = client.get(f"/api/v1/cases/{shared_matrix_world.case.pk}/")
    api_missing = client.get(f"/api/v1/cases/{uuid.uuid4()}/")
    assert api_forbidden.status_code == api_missing.status_code == 404
    assert api_forbidden.json() == api_missing.json()


@pytest.mark.parametrize("attempt", [1, 2])
def test_the_shared_world_is_as_built_in_every_test(shared_matrix_world, attempt):
    """What one test writes into the shared world is rolled back before the next."""
    world = shared_matrix_world
    assert Case.objects.get(pk=world.case.pk).reason == world.case.reason
    assert InformationItem.objects.filter(pk=world.note_private.pk).exists()
    InformationItem.objects.filter(pk=world.note_private.pk).delete()
    Case.objects.filter(pk=world.case.pk).update(reason="changed by a test")
    assert not InformationItem.objects.filter(pk=world.note_private.pk).exists()
