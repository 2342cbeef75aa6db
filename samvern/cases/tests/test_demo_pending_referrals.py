"""Issue 12, acceptance 2, on the demo as `load_demo` loads it: an organisation with a
pending (not yet accepted) referral sees only the referral's own fields. Nina (crisis
centre) has lars's referral of the repeat case waiting for her answer, Anders (child
welfare) nina's overdue one.

- Their referral pages and lists, pages and API, hold the referral's reason and no name
  of any person in the demo (the cases' persons and the outreach notices' persons) and
  no case reference.
- Every route of every app about the pending case or one of its persons answers 404 (or
  405 where it takes no GET) with none of its persons' names; a POST to it gets the
  answer a missing case gets and records nothing but the refusal.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from samvern.accounts.models import Membership, User
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import Case, CaseParticipant, Person, ReferralStatus
from samvern.outreach.models import NoticePerson

REFUSED = "security.case.refused"
PENDING = ("nina.krisesenter", "anders.barnevern")


@pytest.fixture(scope="module")
def demo(shared_db, tmp_path_factory) -> Iterator[None]:
    files = str(tmp_path_factory.mktemp("files"))
    with override_settings(DEMO_MODE=True, SAMVERN_CASE_FILES_DIR=files), shared_db():
        call_command("load_demo", stdout=io.StringIO())
        yield


def _names(persons: Iterable[Any]) -> set[str]:
    return {part for p in persons for part in (p.first_name, p.last_name) if len(part or "") > 2}


def _every_demo_name() -> set[str]:
    return _names(Person.objects.all()) | _names(NoticePerson.objects.all())


def _pending(username: str) -> tuple[User, CaseParticipant]:
    user = User.objects.get(username=username)
    organisations = Membership.objects.filter(user=user).values_list("organisation", flat=True)
    referral = CaseParticipant.objects.select_related("case").get(
        status=ReferralStatus.PENDING, organisation__in=list(organisations)
    )
    return user, referral


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _routes_about_a_case_or_person() -> list[str]:
    """Every route whose only identifiers are a case, a person (and a follow-up's
    checkpoint)."""
    found = []
    for route in dict.fromkeys(_walk(get_resolver().url_patterns)):
        names = set(re.findall(r"<\w+:(\w+)>", route))
        if names & {"case_id", "person_id"} and names <= {"case_id", "person_id", "checkpoint"}:
            found.append(route)
    return found


def _missing(route: str) -> str:
    """The route for a case and a person that do not exist."""
    ids = {"case_id": str(uuid.uuid4()), "person_id": str(uuid.uuid4()), "checkpoint": "1"}
    return "/" + re.sub(r"<\w+:(\w+)>", lambda m: ids[m.group(1)], route)


def _text(response: Any) -> str:
    return response.content.decode(errors="replace")


@pytest.mark.django_db
@pytest.mark.parametrize("username", PENDING)
def test_the_referral_pages_show_its_own_fields_and_no_demo_person(demo, username):
    user, referral = _pending(username)
    names = _every_demo_name()
    assert len(names) > 20  # the demo's persons are there to be looked for
    case = referral.case
    client = login(Client(), user)
    pages = (
        "/cases/referrals/",
        f"/cases/referrals/{referral.pk}/",
        f"/cases/referrals/{referral.pk}/accept/",
        f"/cases/referrals/{referral.pk}/decline/",
        "/api/v1/cases/referrals/",
        f"/api/v1/cases/referrals/{referral.pk}/",
    )
    failures = []
    for url in pages:
        response = client.get(url)
        text = _text(response)
        if response.status_code != 200:
            failures.append(f"{url}: {response.status_code}")
        shown = sorted(name for name in names if name in text)
        if shown:
            failures.append(f"{url} shows {shown}")
        if case.reference in text:
            failures.append(f"{url} shows the case reference")
    assert not failures, "\n".join(failures)
    detail = _text(client.get(f"/cases/referrals/{referral.pk}/"))
    assert referral.reason.splitlines()[0] in detail


@pytest.mark.django_db
@pytest.mark.parametrize("username", PENDING)
def test_every_route_about_the_pending_case_is_refused_without_a_name(demo, username):
    user, referral = _pending(username)
    case: Case = referral.case
    persons = list(case.persons.all())
    assert persons
    names = _names(persons)
    client = login(Client(raise_request_exception=False), user)
    routes = _routes_about_a_case_or_person()
    assert any(route.startswith("protection/") for route in routes)
    assert any(route.startswith("api/v1/cases") for route in routes)
    failures = []
    walked = 0
    for route in routes:
        for person in persons if "<uuid:person_id>" in route else persons[:1]:
            ids = {"case_id": str(case.pk), "person_id": str(person.pk), "checkpoint": "1"}
            url = "/" + re.sub(r"<\w+:(\w+)>", lambda m, ids=ids: ids[m.group(1)], route)
            walked += 1
            response = client.get(url)
            if response.status_code not in (404, 405):
                failures.append(f"GET {url}: {response.status_code}")
            shown = sorted(name for name in names if name in _text(response))
            if shown:
                failures.append(f"GET {url} shows {shown}")
            last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
            posted = client.post(url, {}, content_type="application/json")
            # The API checks a body before the object (conferences.api_base): an empty
            # one is a 400 for a missing case as well. Forbidden answers as missing.
            missing = client.post(_missing(route), {}, content_type="application/json")
            if posted.status_code not in (400, 404, 405):
                failures.append(f"POST {url}: {posted.status_code}")
            if (posted.status_code, posted.content) != (missing.status_code, missing.content):
                failures.append(f"POST {url}: {posted.status_code}, not as for a missing case")
            written = set(
                AuditEvent.objects.filter(pk__gt=last).values_list("action", flat=True)
            ) - {REFUSED}
            if written:
                failures.append(f"POST {url} recorded {sorted(written)}")
    assert walked > 30, walked
    assert not failures, "\n".join(failures)
    # Still pending: nothing of the walk answered it.
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING
