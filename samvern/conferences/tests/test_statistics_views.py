"""The statistics page, its CSV file and its API: who may see them, what they show, that
nothing personal is in any of them, the audit event, and the query budget."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import Person, ReferralSource
from samvern.conferences.tests.statistics_world import (
    PERSONS,
    StatisticsWorld,
    add_cases,
    make_small_world,
    make_statistics_world,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("conferences:statistics")
CSV = reverse("conferences:statistics_csv")
API = "/api/v1/conferences/statistics/"


@pytest.fixture(scope="module")
def world_built(shared_db: object) -> Iterator[StatisticsWorld]:
    with shared_db():  # type: ignore[operator]
        yield make_statistics_world()


@pytest.fixture
def world(world_built: StatisticsWorld, db: object) -> StatisticsWorld:
    return world_built


def query(world: StatisticsWorld, **extra: str) -> dict[str, str]:
    return {"partnership": str(world.partnership.pk), "year": "2025", "quarter": "1", **extra}


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode()), "no byte-order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


# --- who may see them --------------------------------------------------------------------

ALLOWED = ["member_worker", "coordinator", "dpo"]
REFUSED = ["plan_reader", "outsider", "left_worker", "other_coordinator"]


@pytest.mark.parametrize("persona", ALLOWED)
def test_members_case_roles_and_the_coordinator_see_the_figures(client, world, persona):
    login(client, getattr(world, persona))
    for url in (PAGE, CSV, API):
        response = client.get(url, query(world))
        assert response.status_code == 200, (persona, url)


@pytest.mark.parametrize("persona", REFUSED)
def test_others_get_the_same_404_as_for_a_missing_partnership(client, world, persona):
    login(client, getattr(world, persona))
    for url in (PAGE, CSV, API):
        refused = client.get(url, query(world))
        missing = client.get(url, query(world, partnership="00000000-0000-0000-0000-000000000000"))
        assert refused.status_code == missing.status_code == 404, (persona, url)
        assert refused.content == missing.content
    assert not AuditEvent.objects.filter(action__startswith="conference.statistics.").exists()


def test_a_coordinator_of_another_partnership_sees_only_that_one(client, world):
    login(client, world.other_coordinator)
    response = client.get(PAGE, {"partnership": str(world.other_partnership.pk), "year": "2025"})
    assert response.status_code == 200
    assert world.partnership.name not in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, world):
    for url in (PAGE, CSV):
        response = client.get(url, query(world))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(API, query(world)).status_code in (401, 403)


def test_the_page_offers_only_the_partnerships_one_may_see(client, world):
    login(client, world.member_worker)
    body = client.get(PAGE).content.decode()
    assert world.partnership.name in body
    assert world.other_partnership.name not in body


def test_a_bad_period_is_refused(client, world):
    login(client, world.member_worker)
    assert client.get(PAGE, query(world, year="1999")).status_code == 400
    assert client.get(PAGE, query(world, quarter="5")).status_code == 400
    assert client.get(API, query(world, quarter="5")).status_code == 400
    assert client.get(API, query(world, year="")).status_code == 400
    assert client.get(API, {"year": "2025"}).status_code == 400


def test_the_api_lists_the_partnerships_one_may_see(client, world):
    login(client, world.member_worker)
    listed = client.get(API + "partnerships/").json()
    assert listed == [{"id": str(world.partnership.pk), "name": world.partnership.name}]
    login(client, world.outsider)
    assert client.get(API + "partnerships/").json() == []


# --- what they show ----------------------------------------------------------------------


def test_the_page_shows_the_tables_with_captions_definitions_and_suppression(client, world):
    login(client, world.member_worker)
    response = client.get(PAGE, query(world))
    body = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    for key in (
        "referrals_by_source",
        "repeat_referrals",
        "cases_heard",
        "action_points_by_outcome",
        "action_points_in_time",
        "attendance",
        "safety_plans",
        "follow_up_new_incidents",
    ):
        assert f'data-testid="statistics-{key}"' in body
    assert body.count("<caption") == 8
    assert "&lt;5" in body
    assert "Definisjon" in body  # bokmål by default
    assert "17 dager" in body  # the median
    assert "35 %" in body.replace("\u00a0", " ")


def in_english(client, url: str, params: dict[str, str]) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        return client.get(url, params).content.decode("utf-8-sig")
    finally:
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]


def test_the_page_in_english(client, world):
    login(client, world.member_worker)
    body = in_english(client, PAGE, query(world))
    assert "Referrals by source" in body and "Definition" in body
    assert "Referrals by source" in in_english(client, CSV, query(world))


def test_the_csv_is_for_norwegian_excel_with_suppressed_cells_as_under_five(client, world):
    login(client, world.member_worker)
    response = client.get(CSV, query(world))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="samvern-statistics-2025-Q1.csv"' in response["Content-Disposition"]
    rows = csv_rows(response.content)
    by_label = {row[0]: row[1:] for row in rows if row}
    with translation.override("nb"):
        police, health, other = (
            str(source.label)
            for source in (
                ReferralSource.POLICE_INCIDENT,
                ReferralSource.HEALTH_SERVICE,
                ReferralSource.OTHER,
            )
        )
    assert by_label[police] == ["7"]
    assert by_label[health] == by_label[other] == ["<5"]
    assert by_label["Statistikkrisesenteret"] == ["<5", "<5", "0", "5"]
    assert by_label["Statistikklegevakten"] == ["<5", "0", "<5", "5"]


def test_the_api_marks_each_suppressed_cell(client, world):
    login(client, world.member_worker)
    data = client.get(API, query(world)).json()
    assert data["period"] == {
        "key": "2025-Q1",
        "year": 2025,
        "quarter": 1,
        "start": "2025-01-01",
        "end": "2025-03-31",
    }
    tables = {table["key"]: table for table in data["tables"]}
    sources = {row["key"]: row["cells"][0] for row in tables["referrals_by_source"]["rows"]}
    assert sources["police_incident"] == {"column": "referrals", "value": 7, "suppressed": False}
    assert sources["health_service"] == {"column": "referrals", "value": None, "suppressed": True}
    assert sources["other"] == {"column": "referrals", "value": None, "suppressed": True}
    assert sources["ngo"]["value"] == 0
    assert tables["referrals_by_source"]["total"]["cells"][0]["value"] == 20
    median = tables["cases_heard"]["measures"][0]
    assert median == {
        "key": "median_days_to_first_conference",
        "label": median["label"],
        "value": 17.0,
        "unit": "days",
        "suppressed": False,
    }
    assert tables["safety_plans"]["rows"][0]["cells"][0]["suppressed"] is True
    assert all(table["definition"] for table in data["tables"])


def test_the_api_is_in_the_openapi_schema(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    operation = schema["paths"]["/api/v1/conferences/statistics/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"partnership", "year", "quarter"}
    assert "/api/v1/conferences/statistics/partnerships/" in schema["paths"]
    cell = schema["components"]["schemas"]["StatisticsCell"]["properties"]
    assert cell["value"]["nullable"] is True and "suppressed" in cell


# --- nothing personal --------------------------------------------------------------------


def _personal_strings(world: StatisticsWorld) -> list[str]:
    found: list[str] = [case.reference for case in world.cases]
    for person in Person.objects.filter(case__partnership=world.partnership):
        found += [person.first_name, person.last_name, person.full_name]
        if person.birth_date:
            found += [person.birth_date.isoformat(), person.birth_date.strftime("%d.%m.%Y")]
            for language in ("nb", "en"):
                with translation.override(language):
                    found.append(date_format(person.birth_date, "DATE_FORMAT"))
        if person.nin_masked:
            found.append(person.nin_masked)
    for _first, _last, _birth, nin in PERSONS:
        found.append(nin)
    # The staff's names are fixed in the world (the personas' are random, and short
    # random names turn up inside ordinary words).
    for user in world.staff:
        found += [user.first_name, user.last_name, user.get_full_name()]
    return [text for text in found if text]


def test_no_output_holds_a_name_birth_date_identity_number_or_case_reference(client, world):
    login(client, world.member_worker)
    outputs = {
        "page": client.get(PAGE, query(world)).content.decode(),
        "page (en)": in_english(client, PAGE, query(world)),
        "year": client.get(PAGE, query(world, quarter="")).content.decode(),
        "csv": client.get(CSV, query(world)).content.decode("utf-8-sig"),
        "api": client.get(API, query(world)).content.decode(),
    }
    strings = _personal_strings(world)
    assert len(strings) > 40
    # The page's own header names the signed-in user; only the figures are checked there.
    outputs["page"] = outputs["page"].split('id="figures-heading"', 1)[1]
    outputs["page (en)"] = outputs["page (en)"].split('id="figures-heading"', 1)[1]
    outputs["year"] = outputs["year"].split('id="figures-heading"', 1)[1]
    for name, text in outputs.items():
        for secret in strings:
            assert secret not in text, f"{secret!r} in the {name}"


# --- audit -------------------------------------------------------------------------------


def test_viewing_and_exporting_are_recorded_without_any_figure(client, world):
    login(client, world.member_worker)
    client.get(PAGE, query(world))
    client.get(CSV, query(world))
    client.get(API, query(world))
    events = list(
        AuditEvent.objects.filter(action__startswith="conference.statistics.").order_by("id")
    )
    assert [(e.action, e.detail.get("via") or e.detail.get("format")) for e in events] == [
        ("conference.statistics.viewed", "page"),
        ("conference.statistics.exported", "csv"),
        ("conference.statistics.viewed", "api"),
    ]
    for event in events:
        assert event.target_id == str(world.partnership.pk)
        assert event.organisation_id == str(world.crisis.pk)
        assert event.detail["period"] == "2025-Q1"
        assert set(event.detail) <= {"period", "via", "format", "separator"}


# --- query budget ------------------------------------------------------------------------


def test_the_page_and_api_take_the_same_queries_with_2_and_20_cases(
    client, db, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = make_small_world(2)
    login(client, small.worker)
    params = {"partnership": str(small.partnership.pk), "year": "2025", "quarter": "1"}

    def count(url: str) -> int:
        client.get(url, params)  # warm the session and caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    before = {url: count(url) for url in (PAGE, CSV, API)}
    add_cases(small, 18)
    assert len(small.cases) == 20
    for url, queries in before.items():
        with django_assert_num_queries(queries):
            assert client.get(url, params).status_code == 200
