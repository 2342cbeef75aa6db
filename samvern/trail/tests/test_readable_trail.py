"""The audit trail as a data protection officer reads it: labels, names, links to what
they may open, local times, a short details line, filters and the CSV export."""

import csv
import datetime as dt
import io
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, translation

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import login, make_member
from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log
from samvern.cases import services as case_services
from samvern.cases.models import PersonRole, ReferralSource
from samvern.cases.services import PersonData
from samvern.cases.tests.conftest import make_world, valid_nin
from samvern.core.testing import choose_language

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
# 13:05 UTC is 14:05 in Oslo in winter.
FROZEN = dt.datetime(2026, 12, 1, 13, 5, tzinfo=dt.UTC)


@pytest.fixture
def world(db, settings, tmp_path):
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path / "case-files")
    with time_machine.travel(FROZEN, tick=False):
        built = make_world(today=FROZEN.date())
        built.referrer.first_name, built.referrer.last_name = "Randi", "Refsnes"
        built.referrer.save(update_fields=["first_name", "last_name"])
        yield built


@pytest.fixture
def hidden_case(world):
    """A case of the same partnership in which the police take no part."""
    return case_services.refer_case(
        actor=Actor.load(world.participant, organisation=world.crisis),
        partnership=world.partnership,
        source=ReferralSource.POLICE_INCIDENT,
        reason="Skjult sak.",
        referred_on=FROZEN.date(),
        person=PersonData(
            role=PersonRole.EXPOSED,
            first_name="Skjult",
            last_name="Person",
            birth_date=dt.date(1985, 5, 5),
            identity_number=valid_nin("050585123"),
        ),
    )


def page(client, query="", language="en"):
    choose_language(client, language)
    return client.get(f"/audit/{query}")


def rows_of(response):
    return response.context["rows"]


def test_rows_say_who_did_what_and_when_in_words(client, world):
    case_services.record_read(
        actor=Actor.load(world.referrer, organisation=world.police),
        action="cases.case.viewed",
        case=world.case,
    )
    login(client, world.dpo)
    response = page(client, "?action_kind=case_reads")
    assert response.status_code == 200
    row = rows_of(response)[0]
    assert row.label == "Viewed a case"
    assert row.actor_name == "Randi Refsnes"
    assert row.organisation == "Testpolitiet"
    # Local time (14:05 in Oslo, not 13:05 UTC) in the language's own format.
    with translation.override("en"):
        expected = formats.date_format(FROZEN.astimezone(OSLO), "SHORT_DATETIME_FORMAT")
    assert row.when_text == expected and "13" not in expected.split()[-1]
    content = response.content.decode()
    assert "Viewed a case" in content and "cases.case.viewed</code>" in content
    assert f'href="/cases/{world.case.pk}/access-log/">{world.case.reference}</a>' in content
    assert "Randi Refsnes" in content and "Testpolitiet" in content


def test_the_same_page_in_bokmal(client, world):
    case_services.record_read(
        actor=Actor.load(world.referrer, organisation=world.police),
        action="cases.case.viewed",
        case=world.case,
    )
    login(client, world.dpo)
    response = page(client, "?action_kind=case_reads", language="nb")
    content = response.content.decode()
    assert rows_of(response)[0].when_text == "01.12.2026 14:05"
    assert "Åpnet en sak" in content
    assert "Hvem" in content and "Revisjonsspor" in content
    assert "Viewed a case" not in content


def test_a_case_the_reader_may_not_open_is_named_by_the_recorded_reference_only(
    client, world, hidden_case
):
    # A police user's event about a case the police take no part in.
    audit_log(
        actor=world.referrer,
        organisation=world.police,
        action="cases.case.summary_viewed",
        target=hidden_case,
        detail={"case": str(hidden_case.pk), "reference": hidden_case.reference},
    )
    # A refused attempt records no reference: the page must not look one up.
    audit_log(
        actor=world.referrer,
        organisation=world.police,
        action="security.case.refused",
        target_type="cases.case",
        target_id=str(hidden_case.pk),
        detail={"case": str(hidden_case.pk)},
    )
    login(client, world.dpo)
    response = page(client, "?action_kind=security")
    content = response.content.decode()
    row = rows_of(response)[0]
    assert row.label == "Refused access to a case"
    assert row.what == "a case" and row.what_url == ""
    assert hidden_case.reference not in content
    assert f"/cases/{hidden_case.pk}/" not in content
    response = page(client, "?action_kind=case_reads")
    row = rows_of(response)[0]
    assert row.what == hidden_case.reference and row.what_url == ""
    assert f"/cases/{hidden_case.pk}/" not in response.content.decode()


def test_long_details_are_cut_to_one_line_and_shown_whole_on_demand(client, world):
    audit_log(
        actor=world.referrer,
        organisation=world.police,
        action="accounts.user.updated",
        detail={"fields": ["first_name", "last_name", "email", "phone"], "note": "x" * 200},
    )
    login(client, world.dpo)
    response = page(client, "?action_kind=users")
    row = rows_of(response)[0]
    assert row.summary.startswith("fields: first_name, last_name, email, phone · note: xxx")
    assert row.summary.endswith("…") and len(row.summary) <= 90
    content = response.content.decode()
    assert '<details class="audit-details">' in content
    assert "x" * 200 in content  # the whole value, inside the folded list
    assert "{&quot;" not in content  # no raw JSON


def test_details_are_escaped(client, world):
    audit_log(
        actor=world.referrer,
        organisation=world.police,
        action="accounts.user.updated",
        detail={"note": "<b>x</b>"},
    )
    login(client, world.dpo)
    content = page(client, "?action_kind=users").content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in content and "<b>x</b>" not in content


def test_the_table_scrolls_from_the_keyboard(client, world):
    login(client, world.dpo)
    content = page(client).content.decode()
    assert re.search(
        r'<div class="[^"]*table-wrap[^"]*" tabindex="0" role="region" aria-label="[^"]+">', content
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?actor=kari", {"cases.case.viewed", "accounts.user.logged_in"}),
        ("?actor=Kari Nordmann", {"cases.case.viewed", "accounts.user.logged_in"}),
        ("?actor=nordmann&action_kind=sign_in", {"accounts.user.logged_in"}),
        ("?actor=KARI&action_kind=case_reads", {"cases.case.viewed"}),
        ("?actor=kari&action_kind=case_changes", set()),
        ("?actor=nobody", set()),
    ],
)
def test_filters_by_person_and_kind(client, world, query, expected):
    kari = make_member(
        world.police, Role.CASE_WORKER, username="kari", first_name="Kari", last_name="Nordmann"
    )
    case_services.record_read(
        actor=Actor.load(kari, organisation=world.police),
        action="cases.case.viewed",
        case=world.case,
    )
    audit_log(actor=kari, organisation=world.police, action="accounts.user.logged_in")
    login(client, world.dpo)
    response = page(client, query)
    assert response.status_code == 200, response.context["form"].errors
    assert {row.event.action for row in rows_of(response)} == expected


def test_filter_by_case_reference(client, world, hidden_case):
    case_services.record_read(
        actor=Actor.load(world.referrer, organisation=world.police),
        action="cases.case.viewed",
        case=world.case,
    )
    login(client, world.dpo)
    response = page(client, f"?case_reference={world.case.reference.lower()}")
    assert response.status_code == 200
    assert rows_of(response)
    assert all(row.event.detail["reference"] == world.case.reference for row in rows_of(response))
    # A reference the police's events do not name gives the same empty answer as one
    # that does not exist.
    for reference in (hidden_case.reference, "S-2026-000000"):
        response = page(client, f"?case_reference={reference}")
        assert response.status_code == 200 and rows_of(response) == []


@pytest.mark.parametrize("date_from", ["1.12.2026", "01.12.2026", "2026-12-01"])
def test_the_period_accepts_norwegian_and_iso_dates(client, world, date_from):
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC), tick=False):
        audit_log(
            actor=world.referrer, organisation=world.police, action="accounts.user.logged_out"
        )
    audit_log(actor=world.referrer, organisation=world.police, action="accounts.user.logged_in")
    login(client, world.dpo)
    response = page(client, f"?action_kind=sign_in&date_from={date_from}&date_to=1.12.2026")
    assert response.status_code == 200
    assert [row.event.action for row in rows_of(response)] == ["accounts.user.logged_in"]
    assert f'value="{date_from}"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?date_from=32.12.2026", "Enter a date as day.month.year, for example 1.12.2026"),
        ("?date_from=1.12.0001", "Enter a date between"),
        ("?date_from=2.12.2026&date_to=1.12.2026", "The to date cannot be before the from date."),
        ("?action_kind=everything", "Select a valid choice."),
        ("?case_reference=S-2026-<script>", "A case reference contains only letters"),
    ],
)
def test_invalid_filters_give_a_message_and_no_rows(client, world, query, message):
    login(client, world.dpo)
    response = page(client, query)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert response.context["page"] is None and "rows" not in response.context
    assert "<table" not in content
    assert not AuditEvent.objects.filter(action="audit.events.searched").exists()


def test_the_invalid_filter_message_is_translated(client, world):
    login(client, world.dpo)
    content = page(client, "?date_from=32.12.2026", language="nb").content.decode()
    assert "for eksempel 1.12.2026" in content


def test_others_are_refused(client, world):
    audit_log(actor=world.referrer, organisation=world.police, action="accounts.user.logged_in")
    for user in (world.referrer, world.org_admin, world.coordinator, world.superuser):
        login(client, user)
        assert page(client).status_code == 404
        assert client.get("/audit/export.csv").status_code == 404
    # A data protection officer of another organisation sees none of the police's events.
    other = make_member(world.crisis, Role.DATA_PROTECTION_OFFICER, username="crisisdpo")
    login(client, other)
    response = page(client)
    assert all(row.event.organisation_id == str(world.crisis.pk) for row in rows_of(response))
    assert AuditEvent.objects.filter(action="audit.events.searched").count() == 1


def read_csv(response):
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_the_export_is_readable_in_norwegian_excel_and_is_audited(client, world):
    case_services.record_read(
        actor=Actor.load(world.referrer, organisation=world.police),
        action="cases.case.viewed",
        case=world.case,
    )
    login(client, world.dpo)
    choose_language(client, "nb")
    response = client.get("/audit/export.csv?action_kind=case_reads&date_from=1.12.2026")
    assert response.status_code == 200
    rows = read_csv(response)
    assert rows[0][:5] == ["Tidspunkt", "Person", "Brukernavn", "Organisasjon", "Handling"]
    assert len(rows) == 2
    assert rows[1][:5] == [
        "01.12.2026 14:05",
        "Randi Refsnes",
        "referrer",
        "Testpolitiet",
        "Åpnet en sak",
    ]
    assert rows[1][6] == f"Sak {world.case.reference}"
    assert rows[1][9] == "cases.case.viewed"
    event = AuditEvent.objects.get(action="audit.events.exported")
    assert event.actor_id == str(world.dpo.pk)
    assert event.organisation_id == str(world.police.pk)
    assert event.detail["rows"] == 1
    assert event.detail["action_kind"] == "case_reads"
    assert event.detail["separator"] == ";"


def _mixed_events(world, hidden_case, count):
    members = list(world.police.memberships.select_related("user"))
    for n in range(count):
        match n % 5:
            case 0:
                case_services.record_read(
                    actor=Actor.load(world.referrer, organisation=world.police),
                    action="cases.case.viewed",
                    case=world.case if n % 2 else hidden_case,
                )
            case 1:
                audit_log(
                    actor=members[n % len(members)].user,
                    organisation=world.police,
                    action="accounts.membership.role_changed",
                    target=members[n % len(members)],
                )
            case 2:
                audit_log(
                    actor=world.referrer,
                    organisation=world.police,
                    action="partnerships.member.joined",
                    target=world.partnership,
                    detail={"partnership": str(world.partnership.pk)},
                )
            case 3:
                audit_log(
                    actor=None,
                    organisation=world.police,
                    action="accounts.user.updated",
                    target=world.referrer,
                )
            case _:
                audit_log(
                    actor=world.org_admin,
                    organisation=world.police,
                    action="accounts.organisation.admin_changed",
                    target=world.police,
                )


@pytest.mark.parametrize("view", ["/audit/", "/audit/export.csv"])
def test_the_query_count_does_not_grow_with_the_rows(client, world, hidden_case, view):
    login(client, world.dpo)

    def queries_for(count):
        _mixed_events(world, hidden_case, count)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(view)
            if view.endswith(".csv"):
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(captured)

    few = queries_for(10)
    many = queries_for(90)
    assert many == few
    assert few <= 30


@pytest.mark.parametrize(
    ("language", "expected", "unexpected"),
    [
        (
            "nb",
            [
                "verktøy: Samvern-kartlegging – den som er utsatt for vold",
                "risikonivå: middels",
                "hjemmel",
                "mottakere",
                "utløper",
                "årsak",
                "samtykket trukket tilbake",
                "vedtatt av: Kommunestyret",
                "saksnummer: 19/6746",
            ],
            ["statutory basis", "override band", "recipients", "consent_withdrawn", "decided_on"],
        ),
        (
            "en",
            [
                "instrument: Samvern screening – the person exposed to violence",
                "statutory basis",
                "decided by: Kommunestyret",
            ],
            ["samvern-screening-exposed", "override band", "consent_withdrawn", "decided_on"],
        ),
    ],
)
def test_every_recorded_detail_reads_in_the_readers_language(
    client, world, language, expected, unexpected
):
    for action, detail in [
        (
            "cases.assessment.recorded",
            {
                "instrument": "samvern-screening-exposed",
                "version": "1.1",
                "band": "medium",
                "override_band": "",
            },
        ),
        (
            "cases.share.created",
            {"statutory_basis": "Krisesenterlova § 4", "recipients": [], "expires_on": None},
        ),
        ("cases.share.stopped", {"cause": "consent_withdrawn"}),
        (
            "plans.registry.registered",
            {
                "adoptions": [
                    {"body": "Kommunestyret", "decided_on": "2019-12-03", "case_number": "19/6746"}
                ]
            },
        ),
    ]:
        audit_log(actor=world.referrer, organisation=world.police, action=action, detail=detail)
    login(client, world.dpo)
    response = page(client, language=language)
    details = " | ".join(
        f"{key}: {value}" for row in rows_of(response) for key, value in row.details
    )
    for text in expected:
        assert text in details, text
    for text in unexpected:
        assert text not in details, text
