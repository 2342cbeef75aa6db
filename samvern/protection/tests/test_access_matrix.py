"""Every page and API route of the protection app, discovered from the URL resolver, for
every persona, with the expected status; a route without an expectation fails. A 404
carries no case content, a refused write changes nothing and is recorded as a refusal."""

from __future__ import annotations

import re

import pytest
from django.db.models import Count, Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.tests.conftest import EXPOSED_NAME
from samvern.protection.models import (
    CustodyRelease,
    ProtectiveMeasure,
    Reassessment,
    ReassessmentPrompt,
)

pytestmark = pytest.mark.django_db

MODELS = (ProtectiveMeasure, CustodyRelease, Reassessment, ReassessmentPrompt)
PERSONAS = (
    "referrer",  # police case worker: takes part, responsible for the measure
    "participant",  # crisis centre: takes part, reads the police's measure only
    "member",  # child welfare: member of the partnership, not in the case
    "outsider",
    "coordinator",  # coordinator organisation, not taking part
    "dpo",
    "org_admin",
    "superuser",
    "analyst",
    "anonymous",
    "pending",  # referral to family counselling not accepted yet
)
PAGE, API = 302, 401


def _expect(allowed: dict[str, int], *, anonymous: int) -> dict[str, int]:
    expected = {persona: allowed.get(persona, 404) for persona in PERSONAS}
    expected["anonymous"] = anonymous
    return expected


BOTH = {"referrer": 200, "participant": 200}
OWNER = {"referrer": 200}
# Every case content role in any organisation has its own (perhaps empty) lists.
LISTS = {"referrer": 200, "participant": 200, "member": 200, "outsider": 200}
LISTS |= {"coordinator": 200, "pending": 200}

EXPECTED: dict[str, dict[str, int]] = {
    "protection/": _expect(LISTS, anonymous=PAGE),
    "protection/reassessments/": _expect(LISTS, anonymous=PAGE),
    "protection/case/<uuid:case_id>/": _expect(BOTH, anonymous=PAGE),
    "protection/person/<uuid:person_id>/measure/add/": _expect(BOTH, anonymous=PAGE),
    "protection/person/<uuid:person_id>/release/add/": _expect(BOTH, anonymous=PAGE),
    "protection/measure/<uuid:measure_id>/": _expect(BOTH, anonymous=PAGE),
    "protection/measure/<uuid:measure_id>/edit/": _expect(OWNER, anonymous=PAGE),
    "protection/measure/<uuid:measure_id>/end/": _expect(OWNER, anonymous=PAGE),
    "protection/release/<uuid:release_id>/edit/": _expect(OWNER, anonymous=PAGE),
    "protection/reassessment/<uuid:reassessment_id>/": _expect(BOTH, anonymous=PAGE),
    "api/v1/protection/measures/": _expect(LISTS, anonymous=API),
    "api/v1/protection/releases/": _expect(LISTS, anonymous=API),
    "api/v1/protection/reassessments/due/": _expect(LISTS, anonymous=API),
    "api/v1/protection/cases/<uuid:case_id>/measures/": _expect(BOTH, anonymous=API),
    "api/v1/protection/cases/<uuid:case_id>/releases/": _expect(BOTH, anonymous=API),
}
# Who may POST to a route (the rest are refused, changing nothing).
WRITERS = {
    "protection/person/<uuid:person_id>/measure/add/": {"referrer", "participant"},
    "protection/person/<uuid:person_id>/release/add/": {"referrer", "participant"},
    "protection/measure/<uuid:measure_id>/edit/": {"referrer"},
    "protection/measure/<uuid:measure_id>/end/": {"referrer"},
    "protection/release/<uuid:release_id>/edit/": {"referrer"},
    "protection/reassessment/<uuid:reassessment_id>/": {"referrer"},
}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


ROUTES = sorted(
    route
    for route in _walk(get_resolver().url_patterns)
    if route.startswith(("protection/", "api/v1/protection/"))
)


def test_every_route_has_an_expectation():
    assert set(ROUTES) == set(EXPECTED)


def _url(route: str, pw) -> str:
    person = pw.using if "release/add" in route else pw.exposed
    ids = {
        "case_id": pw.case.pk,
        "person_id": person.pk,
        "measure_id": pw.measure.pk,
        "release_id": pw.release.pk,
        "reassessment_id": pw.reassessment.pk,
    }
    return "/" + re.sub(r"<uuid:(\w+)>", lambda m: str(ids[m.group(1)]), route)


def _state():
    return {
        model.__name__: tuple(
            model.objects.aggregate(n=Count("pk"), changed=Max("updated_at")).values()
        )
        for model in MODELS
    }


@pytest.mark.parametrize("route", ROUTES)
def test_access_matrix(pw, route):
    secrets = [EXPOSED_NAME[0], EXPOSED_NAME[1], pw.case.reference, "Utøversen"]
    failures = []
    for persona in PERSONAS:
        user = pw.personas()[persona]
        client = Client()
        if user is not None:
            login(client, user)
        url = _url(route, pw)
        expected = EXPECTED[route][persona]
        response = client.get(url)
        if response.status_code != expected:
            failures.append(f"GET {url} as {persona}: {response.status_code} != {expected}")
        if response.status_code == 404:
            body = response.content.decode()
            if any(secret in body for secret in secrets):
                failures.append(f"GET {url} as {persona} leaks case content")
        if route in WRITERS and persona not in WRITERS[route]:
            before = _state()
            last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            posted = client.post(url, {"ended_on": "2020-01-01", "due_on": "2099-01-01"})
            wanted = PAGE if persona == "anonymous" else 404
            if posted.status_code != wanted:
                failures.append(f"POST {url} as {persona}: {posted.status_code} != {wanted}")
            if _state() != before:
                failures.append(f"POST {url} as {persona} changed data")
            actions = list(AuditEvent.objects.filter(pk__gt=last).values_list("action", flat=True))
            if persona != "anonymous" and actions != ["security.case.refused"]:
                failures.append(f"POST {url} as {persona} recorded {actions}")
    assert not failures, "\n".join(failures)


def test_a_refusal_looks_exactly_like_not_found(pw, client):
    login(client, pw.member_worker)
    refused = client.get(f"/protection/measure/{pw.measure.pk}/")
    missing = client.get("/protection/measure/00000000-0000-4000-8000-000000000000/")
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
