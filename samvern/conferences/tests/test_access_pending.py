"""Issue 12, acceptance 2: an organisation with a pending (not yet accepted) referral in
the conference matrix's case 1 sees only the referral's own fields. Its case worker walks
every route of the apps above the case layer — conferences, safety plans, checklists,
the victim's voice, programmes, protective measures, outreach — and the case layer's
own, pages and API, with the matrix world's identifiers; no answer holds a person's name,
a case reference or any of the world's secret texts, every page about case 1 or its
persons is 404 (or 405 where a route takes no GET), and only lists and forms that are
its own organisation's open at all. A POST to every route it is refused is refused too
(404, or 405 where a route takes no POST) and records no event but the refusal.

The world: samvern/conferences/tests/matrix_world.py, with one more member organisation
(family counselling) to which the police referred case 1, not yet answered.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db.models import Max
from django.test import Client
from django.urls import get_resolver

from samvern.accounts.models import OrganisationKind, Role
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.audit.models import AuditEvent
from samvern.cases.models import CaseParticipant, ReferralStatus, ReferralUrgency
from samvern.conferences.tests.matrix_world import ConferenceWorld, build_world
from samvern.conferences.tests.test_access_matrix import (
    ALL_SECRETS,
    EXPECTED,
    PREFIXES,
    _ids,
    _text_of,
    _walk,
)
from samvern.partnerships.models import PartnershipMember

pytestmark = pytest.mark.django_db

REASON = "Trenger samtaler om samvær (HENVISNING-qv99)."
CONTACT_RULES = "Kontakt via krisesenterets rådgiver (KONTAKT-qv99)."
WALKED = (
    *PREFIXES,
    "protection/",
    "api/v1/protection",
    "outreach/",
    "api/v1/outreach",
    "cases/",
    "api/v1/cases",
)
# Identifiers that name case 1, its persons or what hangs on them.
CASE_IDS = ("case_id", "person_id", "item_id", "advocate_id", "referral_id", "point_id")


def _pending(world: ConferenceWorld) -> tuple[Any, CaseParticipant]:
    family = OrganisationFactory(name="Matrisefamilievernet", kind=OrganisationKind.OTHER)
    PartnershipMember.objects.create(
        partnership=world.partnership,
        organisation=family,
        joined_on=world.today - dt.timedelta(400),
    )
    worker = make_member(family, Role.CASE_WORKER, username="cmpending")
    police_worker = world.users["attendee_confirmed"]
    assert police_worker is not None
    referral = CaseParticipant.objects.create(
        case=world.case,
        organisation=family,
        status=ReferralStatus.PENDING,
        added_by=police_worker,
        reason=REASON,
        urgency=ReferralUrgency.SOON,
        contact_rules=CONTACT_RULES,
        referred_on=world.today - dt.timedelta(days=1),
        referring_organisation=world.police,
        respond_by=world.today + dt.timedelta(days=4),
    )
    return worker, referral


def _fill(route: str, ids: dict[str, str]) -> str | None:
    names = re.findall(r"<\w+:(\w+)>", route)
    if any(name not in ids for name in names):
        return None  # an object the matrix world does not have (a measure, a notice)
    return "/" + re.sub(r"<\w+:(\w+)>", lambda m: ids[m.group(1)], route)


# What opens to the pending organisation's case worker: lists of its own organisation
# (empty of case 1), forms to start something of its own, and the referral itself. The
# conference list and a conference's page open to every case worker of a member
# organisation; they show no agenda reference without a grant on the case.
OPENS = {
    "/cases/",
    "/cases/refer/",
    "/cases/referrals/",
    "/cases/referrals/mine/",
    "/cases/referrals/{referral}/",
    "/cases/referrals/{referral}/accept/",
    "/cases/referrals/{referral}/decline/",
    "/api/v1/cases/",
    "/api/v1/cases/referrals/",
    "/api/v1/cases/referrals/mine/",
    "/api/v1/cases/referrals/{referral}/",
    "/conferences/",
    "/conferences/{conference}/",
    "/conferences/partnerships/{partnership}/statement/",
    "/conferences/actions/",
    "/conferences/calendar/",
    "/conferences/statistics/",
    "/conferences/statistics/csv/",
    "/api/v1/conferences/",
    "/api/v1/conferences/{conference}/",
    "/api/v1/conferences/{conference}/agenda/",
    "/api/v1/conferences/{conference}/attendees/",
    "/api/v1/conferences/partnerships/{partnership}/statement/",
    "/api/v1/conferences/actions/",
    "/api/v1/conferences/statistics/",
    "/api/v1/conferences/statistics/partnerships/",
    "/programmes/",
    "/api/v1/programmes/",
    "/protection/",
    "/protection/reassessments/",
    "/api/v1/protection/measures/",
    "/api/v1/protection/releases/",
    "/api/v1/protection/reassessments/due/",
    "/outreach/",
    "/api/v1/outreach/notices/",
}


def test_a_pending_organisation_sees_nothing_of_the_case_anywhere():
    world = build_world()
    worker, referral = _pending(world)
    client = login(Client(raise_request_exception=False), worker)
    opens = {
        path.format(
            referral=referral.pk, conference=world.upcoming.pk, partnership=world.partnership.pk
        )
        for path in OPENS
    }
    failures: list[str] = []
    walked = 0
    for route in dict.fromkeys(_walk(get_resolver().url_patterns)):
        if not route.startswith(WALKED) or "<str:token>" in route:
            continue
        ids = _ids(world, route)
        if route.startswith(("cases/", "api/v1/cases")):
            ids["referral_id"] = str(referral.pk)  # the case layer's referral
            ids.pop("item_id", None)  # case-layer items are not in this world
        url = _fill(route, ids)
        if url is None:
            continue
        if route in EXPECTED and EXPECTED[route].query:
            url += "?" + EXPECTED[route].query.format(**ids)
        walked += 1
        response = client.get(url)
        text = _text_of(response)
        leaked = [secret for secret in ALL_SECRETS if secret in text]
        if leaked:
            failures.append(f"{url} ({response.status_code}) shows {leaked}")
        if url.split("?")[0] in opens:
            if response.status_code != 200:
                failures.append(f"{url}: {response.status_code}, expected 200")
        elif response.status_code not in (404, 405):
            failures.append(f"{url}: {response.status_code}, expected 404 or 405")
        names_case = any(f"<uuid:{name}>" in route for name in CASE_IDS)
        if names_case and response.status_code == 200 and "referrals" not in route:
            failures.append(f"{url}: a page about case 1 answered 200")
        if response.status_code == 404:
            # Refused to read, refused to write: the same 404 (or the 405 of a route
            # that takes no POST), and nothing recorded but the refusal.
            last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
            posted = client.post(url, {}, content_type="application/json")
            if posted.status_code not in (404, 405):
                failures.append(f"POST {url}: {posted.status_code}, expected 404 or 405")
            written = set(
                AuditEvent.objects.filter(pk__gt=last).values_list("action", flat=True)
            ) - {"security.case.refused"}
            if written:
                failures.append(f"POST {url} recorded {sorted(written)}")
    assert walked > 100, walked
    assert not failures, "\n".join(failures)

    # What it does see: the referral's own fields, on the page and over the API.
    page = client.get(f"/cases/referrals/{referral.pk}/").content.decode()
    assert REASON in page and CONTACT_RULES in page and world.police.name in page
    listed = client.get("/api/v1/cases/referrals/").json()["results"]
    assert [row["referral"]["reason"] for row in listed] == [REASON]
    assert listed[0]["case_id"] is None and listed[0]["case_reference"] == ""
