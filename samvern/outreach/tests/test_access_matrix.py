"""Every page and API route of the outreach queue, discovered from the URL resolver, for
every persona: the notifying police, the receiving services, another member
organisation, an outsider, the coordinator (a count on the start page, nothing else), a
data protection officer, an administrator, a superuser and an anonymous visitor.

A route without an expectation here fails. Every refusal is the 404 of a missing object,
carries nothing of the notice, and a refused write changes nothing and records nothing
but the refusal.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Count, Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import Case, CaseParticipant, Person
from samvern.outreach.models import (
    Attempt,
    DesignatedService,
    Notice,
    NoticePerson,
    OutreachSettings,
    QueueEntry,
)
from samvern.outreach.tests.conftest import CHILD, EXPOSED, USING, make_outreach_world, register

MODELS = (
    Notice,
    NoticePerson,
    QueueEntry,
    Attempt,
    OutreachSettings,
    DesignatedService,
    Case,
    CaseParticipant,
    Person,
)
REFUSED_ACTION = "security.case.refused"
PERSONAS = (
    "officer",
    "adviser",
    "childworker",
    "nurse",
    "stranger",
    "coord",
    "privacy",
    "admin",
    "root",
    "anonymous",
)
PAGE = 302  # anonymous visitors are sent to the login page
API = 401


def _expect(allowed: dict[str, int], *, anonymous: int) -> dict[str, int]:
    expected = {persona: allowed.get(persona, 404) for persona in PERSONAS}
    expected["anonymous"] = anonymous
    return expected


CONTENT_ROLES = {
    p: 200 for p in ("officer", "adviser", "childworker", "nurse", "stranger", "coord")
}
SEES_NOTICE = {"officer": 200, "adviser": 200, "childworker": 200}
RECEIVES = {"adviser": 200, "childworker": 200}

# route → (method, expected status per persona)
EXPECTED: dict[str, tuple[str, dict[str, int]]] = {
    "outreach/": ("GET", _expect(CONTENT_ROLES, anonymous=PAGE)),
    "outreach/notices/": ("GET", _expect({"officer": 200}, anonymous=PAGE)),
    "outreach/notices/register/": ("GET", _expect({"officer": 200}, anonymous=PAGE)),
    "outreach/notices/<uuid:notice_id>/": ("GET", _expect(SEES_NOTICE, anonymous=PAGE)),
    "outreach/notices/<uuid:notice_id>/attempts/add/": ("GET", _expect(RECEIVES, anonymous=PAGE)),
    "outreach/notices/<uuid:notice_id>/refer/": ("GET", _expect(RECEIVES, anonymous=PAGE)),
    "outreach/partnerships/<uuid:partnership_id>/settings/": (
        "GET",
        _expect({"coord": 200}, anonymous=PAGE),
    ),
    "api/v1/outreach/notices/": ("GET", _expect(CONTENT_ROLES, anonymous=API)),
    "api/v1/outreach/notices/<uuid:notice_id>/": ("GET", _expect(SEES_NOTICE, anonymous=API)),
    "api/v1/outreach/notices/<uuid:notice_id>/attempts/": (
        "POST",
        _expect({"adviser": 201, "childworker": 201}, anonymous=API),
    ),
}
# The API's register route is the list route's POST.
API_REGISTER = ("api/v1/outreach/notices/", _expect({"officer": 201}, anonymous=API))


def _walk(patterns: list[Any], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes.extend(_walk(pattern.url_patterns, route))
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


def outreach_routes() -> list[str]:
    return [
        route
        for route in _walk(get_resolver().url_patterns)
        if route.startswith("outreach/") or route.startswith("api/v1/outreach")
    ]


ROUTES = outreach_routes()


def _fill(route: str, ids: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        assert match.group(2) in ids, f"no fixture object for {match.group(0)}"
        return ids[match.group(2)]

    return "/" + re.sub(r"<(\w+):(\w+)>", replace, route)


@pytest.fixture(scope="module")
def matrix_world_built(shared_db: Any) -> Iterator[Any]:
    with shared_db():
        world = make_outreach_world()
        world.notice = register(world, now=timezone.now() - dt.timedelta(hours=1))
        yield world


@pytest.fixture
def matrix_world(matrix_world_built: Any, db: None) -> Any:
    return matrix_world_built


def _ids(world: Any) -> dict[str, str]:
    return {"notice_id": str(world.notice.pk), "partnership_id": str(world.partnership.pk)}


SECRETS = [*EXPOSED[:2], CHILD[0], USING[0], "Nabo varslet"]


def _state() -> dict[str, tuple[object, ...]]:
    return {
        model.__name__: tuple(
            model.objects.aggregate(rows=Count("pk"), changed=Max("updated_at")).values()
        )
        for model in MODELS
    }


def _events_after(last: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(pk__gt=last).order_by("pk").values_list("action", flat=True)
    )


def test_every_discovered_route_has_an_expectation():
    assert "outreach/" in ROUTES
    assert sorted(set(ROUTES) - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - set(ROUTES)) == []


def _client(world: Any, persona: str) -> Client:
    client = Client()
    user = world.personas()[persona]
    if user is not None:
        login(client, user)
    return client


ATTEMPT = {"result": "no_answer", "note": "Ingen svar."}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES)
def test_access_matrix_for_every_route_and_persona(matrix_world, route, persona):
    world = matrix_world
    method, expectations = EXPECTED[route]
    expected = expectations[persona]
    client = _client(world, persona)
    url = _fill(route, _ids(world))
    failures = []
    before = _state()
    last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, ATTEMPT, content_type="application/json")
    if response.status_code != expected:
        failures.append(f"{method} {url} as {persona}: {response.status_code} != {expected}")
    body = response.content.decode(errors="replace")
    if response.status_code in (401, 403, 404):
        leaked = [s for s in SECRETS if s in body]
        if leaked:
            failures.append(f"{method} {url} as {persona} leaks {leaked}")
        if method == "POST":
            if _state() != before:
                failures.append(f"refused POST {url} as {persona} changed rows")
            written = [a for a in _events_after(last) if a != REFUSED_ACTION]
            if written:
                failures.append(f"refused POST {url} as {persona} recorded {written}")
    # A page refused to read is refused to write, and the refusal changes nothing.
    if method == "GET" and expected == 404 and not route.startswith("api/"):
        before = _state()
        last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        posted = client.post(url, {"result": "reached", "reason": "x", "deadline_hours": "1"})
        if posted.status_code != 404:
            failures.append(f"POST {url} as {persona}: {posted.status_code} != 404")
        if _state() != before:
            failures.append(f"POST {url} as {persona} changed rows")
        written = [a for a in _events_after(last) if a != REFUSED_ACTION]
        if written:
            failures.append(f"POST {url} as {persona} recorded {written}")
    assert not failures, "\n".join(failures)


def _register_payload(world: Any) -> dict[str, object]:
    return {
        "partnership": str(world.partnership.pk),
        "occurred_at": (timezone.now() - dt.timedelta(hours=3)).isoformat(),
        "incident_type": "threats",
        "legal_basis": "avert_crime",
        "children_present": False,
        "persons": [{"kind": "exposed_adult", "first_name": "Via", "last_name": "Apiet"}],
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_registering_through_the_api(matrix_world, persona):
    route, expectations = API_REGISTER
    client = _client(matrix_world, persona)
    before = _state()
    last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    response = client.post(
        "/" + route, _register_payload(matrix_world), content_type="application/json"
    )
    assert response.status_code == expectations[persona], response.content
    if response.status_code == 201:
        assert response.json()["persons"][0]["first_name"] == "Via"
        assert "outreach.notice.registered" in _events_after(last)
    else:
        assert _state() == before
        assert [a for a in _events_after(last) if a != REFUSED_ACTION] == []


@pytest.mark.parametrize("persona", ["nurse", "stranger", "coord", "privacy"])
def test_refusals_look_the_same_as_missing_notices(matrix_world, persona):
    client = _client(matrix_world, persona)
    for template in ("/outreach/notices/{}/", "/api/v1/outreach/notices/{}/"):
        forbidden = client.get(template.format(matrix_world.notice.pk))
        missing = client.get(template.format(uuid.uuid4()))
        assert forbidden.status_code == missing.status_code == 404
        assert forbidden.content == missing.content
    forbidden = client.post(
        f"/api/v1/outreach/notices/{matrix_world.notice.pk}/attempts/",
        ATTEMPT,
        content_type="application/json",
    )
    missing = client.post(
        f"/api/v1/outreach/notices/{uuid.uuid4()}/attempts/",
        ATTEMPT,
        content_type="application/json",
    )
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


def test_a_receiving_service_sees_only_the_persons_of_its_kinds(matrix_world):
    child_page = _client(matrix_world, "childworker").get(
        f"/outreach/notices/{matrix_world.notice.pk}/"
    )
    text = child_page.content.decode()
    assert CHILD[0] in text and EXPOSED[0] not in text and USING[0] not in text
    police_page = _client(matrix_world, "officer").get(
        f"/outreach/notices/{matrix_world.notice.pk}/"
    )
    text = police_page.content.decode()
    assert all(name in text for name in (CHILD[0], EXPOSED[0], USING[0]))
