"""The council report as the councils get it: every measure in one status column so the
rows add up, planned against used resources per measure with totals, one report for the
whole Bergen–Askøy plan and one per municipality, and the coordinator's summary and
recommendation on top — on the page, in Word and in the PDF."""

from __future__ import annotations

import io
from decimal import Decimal
from urllib.parse import unquote

import lxml.html
import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from samvern.audit.models import AuditEvent
from samvern.plans import council_report, documents, services
from samvern.plans.models import Measure, MeasureStatus, ReportingRound, StatusReport
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan
from samvern.plans.tests.test_pdf_layout import LONG_TITLE, _rows_by_page

pytestmark = pytest.mark.django_db

STATUS_HEADERS = [
    "Ikke startet",
    "I rute",
    "Forsinket",
    "Gjennomført",
    "Lagt bort",
    "Ikke rapportert",
]


@pytest.fixture(autouse=True)
def cache_dir(settings, tmp_path):
    settings.SAMVERN_DOCUMENT_CACHE_DIR = tmp_path / "documents"


@pytest.fixture
def world(alice, bergen, askoy):
    """Six measures: 1 for Bergen, 2 for Askøy, the others for both; one in each status
    column, the sixth without a report."""
    version = adopted(alice, new_plan(alice, [bergen, askoy], title="Trygg hjemme"), measures=6)
    measures = list(version.measures.order_by("number"))
    measures[0].municipalities.set([bergen])
    measures[1].municipalities.set([askoy])
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Høst", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    reports = [
        (MeasureStatus.ON_TRACK, "", Decimal("5000"), Decimal("10")),
        (MeasureStatus.DELAYED, "Venter på politiet", Decimal("2000"), None),
        (MeasureStatus.DONE, "", Decimal("12000"), Decimal("40.5")),
        (MeasureStatus.NOT_STARTED, "", None, None),
        (MeasureStatus.DROPPED, "Dekkes av fylket", None, None),
    ]
    for measure, (status, comment, money, hours) in zip(measures, reports, strict=False):
        services.report_status(
            actor=as_actor(alice),
            round=round_,
            measure=measure,
            status=status,
            comment=comment,
            spent_nok=money,
            spent_hours=hours,
        )
    return version, round_, measures


def _url(round_, name="plans:council_report", *extra, municipality=None):
    version = round_.version
    url = reverse(name, args=[version.plan_id, version.pk, round_.pk, *extra])
    return f"{url}?municipality={municipality.code}" if municipality else url


def _table(page: str, testid: str) -> list[list[str]]:
    """The rows of the table `testid` as the reader sees them: head, body and foot."""
    return [
        [cell.text_content().strip() for cell in row.xpath("./th | ./td")]
        for row in _by_testid(page, testid).xpath(".//tr")
    ]


def _by_testid(page: str, testid: str):
    return lxml.html.fromstring(page).xpath(f'//*[@data-testid="{testid}"]')[0]


def _docx_tables(content: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(content))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def _assert_rows_add_up(rows: list[list[str]]) -> None:
    header, *body = rows
    assert header[2:] == STATUS_HEADERS
    assert body
    for row in body:
        assert sum(int(n) for n in row[2:]) == int(row[1]), row


# --- Status columns -------------------------------------------------------------------


def test_the_status_columns_add_up_to_the_measures_on_the_page(client, login_as, bob, world):
    _version, round_, _measures = world
    login_as(bob)  # a reader of the plan
    response = client.get(_url(round_))
    assert response.status_code == 200
    rows = _table(response.content.decode(), "status-table")
    _assert_rows_add_up(rows)
    assert rows[-1] == ["Alle innsatsområder", "6", "1", "1", "1", "1", "1", "1"]


def test_the_status_columns_add_up_in_word(client, login_as, bob, world):
    _version, round_, _measures = world
    login_as(bob)
    response = client.get(_url(round_, "plans:council_report_file", "docx"))
    assert response.status_code == 200
    status_table = _docx_tables(response.content)[0]
    _assert_rows_add_up(status_table)
    assert status_table[-1][1:] == ["6", "1", "1", "1", "1", "1", "1"]


# --- Planned against used ---------------------------------------------------------------


def test_each_measure_shows_planned_and_used_with_totals(client, login_as, bob, world):
    _version, round_, _measures = world
    login_as(bob)
    rows = _table(client.get(_url(round_)).content.decode(), "resource-table")
    assert rows[0] == [
        "Tiltak",
        "Status",
        "Penger planlagt",
        "Timer planlagt",
        "Penger brukt",
        "Timer brukt",
    ]
    assert rows[1] == ["1. Tiltak 1", "I rute", "kr\xa010\xa0000", "40", "kr\xa05\xa0000", "10"]
    assert rows[4] == ["4. Tiltak 4", "Ikke startet", "kr\xa010\xa0000", "40", "–", "–"]
    assert rows[6] == ["6. Tiltak 6", "Ikke rapportert", "kr\xa010\xa0000", "40", "–", "–"]
    # Planned 6 × kr 10 000 and 40 hours; used what was reported, unknown left out.
    assert rows[-1] == ["Sum", "kr\xa060\xa0000", "240", "kr\xa019\xa0000", "50,5"]


def test_the_word_report_has_planned_and_used_totals(client, login_as, bob, world):
    _version, round_, _measures = world
    login_as(bob)
    resources = _docx_tables(client.get(_url(round_, "plans:council_report_file", "docx")).content)[
        1
    ]
    assert resources[0][2:] == ["Penger planlagt", "Timer planlagt", "Penger brukt", "Timer brukt"]
    assert resources[-1] == ["Sum", "", "kr\xa060\xa0000", "240", "kr\xa019\xa0000", "50,5"]
    assert len(resources) == 1 + 6 + 1


def test_a_total_stays_unknown_while_no_unit_gave_a_figure(alice, bergen):
    version = adopted(alice, new_plan(alice, [bergen]), measures=2)
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=START
    )
    totals = council_report.build(round_).totals
    assert (totals.spent_nok, totals.spent_hours) == (None, None)
    assert (totals.planned_nok, totals.planned_hours) == (Decimal(20000), Decimal(80))


# --- One report per municipality ----------------------------------------------------------


def _measure_titles(page: str) -> list[str]:
    return [row[0] for row in _table(page, "resource-table")[1:-1]]


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        ("bergen", [1, 3, 4, 5, 6]),
        ("askoy", [2, 3, 4, 5, 6]),
    ],
)
def test_a_municipality_report_holds_its_own_and_the_shared_measures(
    client, login_as, bob, world, request, owner, expected
):
    _version, round_, _measures = world
    municipality = request.getfixturevalue(owner)
    login_as(bob)
    response = client.get(_url(round_, municipality=municipality))
    assert response.status_code == 200
    page = response.content.decode()
    assert _measure_titles(page) == [f"{n}. Tiltak {n}" for n in expected]
    assert f"Statusrapport til kommunestyret i {municipality.name}" in page
    rows = _table(page, "status-table")
    _assert_rows_add_up(rows)
    assert rows[-1][1] == "5"


def test_the_municipality_report_counts_only_its_spending(client, login_as, bob, world, askoy):
    _version, round_, _measures = world
    login_as(bob)
    rows = _table(client.get(_url(round_, municipality=askoy)).content.decode(), "resource-table")
    # Askøy: measure 2 (kr 2 000) and the shared 3 (kr 12 000, 40,5 hours); not Bergen's 1.
    assert rows[-1] == ["Sum", "kr\xa050\xa0000", "200", "kr\xa014\xa0000", "40,5"]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_municipality_report_downloads_under_its_name(client, login_as, bob, world, askoy, fmt):
    _version, round_, _measures = world
    login_as(bob)
    response = client.get(_url(round_, "plans:council_report_file", fmt, municipality=askoy))
    assert response.status_code == 200
    assert "trygg-hjemme-høst-askøy" in unquote(response["Content-Disposition"])
    if fmt == "docx":
        document = Document(io.BytesIO(response.content))
        assert document.core_properties.title == "Statusrapport for Askøy: Trygg hjemme"
        resources = _docx_tables(response.content)[1]
        assert [row[0] for row in resources[1:-1]] == [f"{n}. Tiltak {n}" for n in (2, 3, 4, 5, 6)]
    else:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        assert "2. Tiltak 2" in text and "1. Tiltak 1" not in text


def test_an_unknown_or_foreign_municipality_has_no_report(client, login_as, bob, world, stavanger):
    _version, round_, _measures = world
    login_as(bob)
    for url in (
        _url(round_, municipality=stavanger),  # not an owner of the plan
        _url(round_, "plans:council_report_file", "docx", municipality=stavanger),
        _url(round_) + "?municipality=9999",
        _url(round_, "plans:council_report_file", "pdf") + "?municipality=",
    ):
        assert client.get(url).status_code == 404, url


def test_an_outsider_gets_no_report_at_all(client, login_as, charlie, world, bergen):
    _version, round_, _measures = world
    login_as(charlie)
    for url in (
        _url(round_),
        _url(round_, municipality=bergen),
        _url(round_, "plans:council_report_file", "docx", municipality=bergen),
    ):
        assert client.get(url).status_code == 404, url


def test_the_round_page_links_to_a_report_per_owner(client, login_as, bob, world, bergen, askoy):
    _version, round_, _measures = world
    login_as(bob)
    page = client.get(_url(round_, "plans:round")).content.decode()
    links = _by_testid(page, "council-report-links").xpath(".//a")
    assert [a.text_content() for a in links] == [
        "Rapport til kommunestyret for hele planen",
        "Rapport til kommunestyret for Bergen",
        "Rapport til kommunestyret for Askøy",
    ]
    assert links[2].get("href") == _url(round_, municipality=askoy)


# --- The coordinator's summary and recommendation ---------------------------------------


def _narrative_url(round_):
    return _url(round_, "plans:round_narrative")


SUMMARY = {
    "narrative": "Arbeidet går etter planen.\n\nPolitiet er forsinket.",
    "recommendation": "Kommunestyret tar rapporten til orientering.",
}


def test_an_editor_writes_the_summary_and_it_tops_the_report(client, login_as, alice, world):
    _version, round_, _measures = world
    login_as(alice)
    form_page = client.get(_url(round_, "plans:round")).content.decode()
    assert 'data-testid="narrative-form"' in form_page
    response = client.post(_narrative_url(round_), SUMMARY)
    assert response.status_code == 302
    round_.refresh_from_db()
    assert (round_.narrative, round_.recommendation) == (
        SUMMARY["narrative"],
        SUMMARY["recommendation"],
    )
    event = AuditEvent.objects.get(action="plans.round.narrative_saved")
    assert event.detail["fields"] == ["narrative", "recommendation"]

    page = client.get(_url(round_)).content.decode()
    summary = _by_testid(page, "council-narrative")
    assert "Politiet er forsinket." in summary.text_content()
    assert "tar rapporten til orientering" in summary.text_content()
    assert page.index('data-testid="council-narrative"') < page.index('data-testid="status-table"')

    word = Document(
        io.BytesIO(client.get(_url(round_, "plans:council_report_file", "docx")).content)
    )
    texts = [p.text for p in word.paragraphs]
    assert texts.index("Oppsummering fra koordinator") < texts.index("Framdrift per innsatsområde")
    assert "Politiet er forsinket." in texts
    assert SUMMARY["recommendation"] in texts
    pdf = client.get(_url(round_, "plans:council_report_file", "pdf")).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Oppsummering fra koordinator" in text and "Politiet er forsinket." in text


def test_saving_the_same_summary_again_records_nothing_new(alice, world):
    _version, round_, _measures = world
    for _attempt in range(2):
        services.save_round_narrative(
            actor=as_actor(alice), round=round_, narrative="Kort.", recommendation=""
        )
    assert AuditEvent.objects.filter(action="plans.round.narrative_saved").count() == 1


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_a_reader_or_an_outsider_cannot_write_the_summary(client, login_as, world, request, who):
    _version, round_, _measures = world
    ReportingRound.objects.filter(pk=round_.pk).update(narrative="Skrevet av koordinator.")
    login_as(request.getfixturevalue(who))
    before = AuditEvent.objects.count()
    response = client.post(_narrative_url(round_), SUMMARY)
    assert response.status_code == 404
    round_.refresh_from_db()
    assert (round_.narrative, round_.recommendation) == ("Skrevet av koordinator.", "")
    assert AuditEvent.objects.count() == before
    page = client.get(_url(round_, "plans:round"))
    if who == "bob":
        assert 'data-testid="narrative-form"' not in page.content.decode()
        assert "Skrevet av koordinator." in page.content.decode()  # he reads it
    else:
        assert page.status_code == 404


def test_an_overlong_summary_is_refused_and_nothing_changes(client, login_as, alice, world):
    _version, round_, _measures = world
    login_as(alice)
    response = client.post(
        _narrative_url(round_), {"narrative": "x" * 5001, "recommendation": "Ja"}
    )
    assert response.status_code == 400
    assert "narrative-form" in response.content.decode()
    round_.refresh_from_db()
    assert (round_.narrative, round_.recommendation) == ("", "")
    assert not AuditEvent.objects.filter(action="plans.round.narrative_saved").exists()


# --- The PDF ---------------------------------------------------------------------------------


@pytest.fixture
def long_round(world):
    version, round_, measures = world
    first = measures[0]
    added = Measure.objects.bulk_create(
        Measure(
            version=version,
            number=10 + n,
            title=LONG_TITLE,
            level=first.level,
            area_key=first.area_key,
            budget_nok=Decimal(25000),
            staff_hours=100,
            responsible_unit="Oppvekst og levekår, Bergen kommune",
        )
        for n in range(36)
    )
    StatusReport.objects.bulk_create(
        StatusReport(round=round_, measure=m, status=MeasureStatus.ON_TRACK, comment="Ok")
        for m in added
    )
    return round_


def test_no_row_of_the_council_report_is_split_across_pages(long_round):
    html = render_to_string(
        "plans/documents/council_report_pdf.html", {"report": council_report.build(long_round)}
    )
    rows = _rows_by_page(html)
    assert len(rows) > 42
    assert max(max(pages) for pages in rows.values()) >= 2
    assert [pages for pages in rows.values() if len(pages) > 1] == []


def test_the_council_report_pdf_is_tagged_in_bokmal_with_page_numbers(long_round, askoy):
    for municipality in (None, askoy):
        pdf = documents.council_report_pdf(long_round, municipality)
        reader = PdfReader(io.BytesIO(pdf))
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/Lang"] == "nb"
        pages = len(reader.pages)
        assert pages >= 2
        assert f"2 / {pages}" in reader.pages[1].extract_text()


# --- Query budgets -------------------------------------------------------------------------


def _grow(alice, version, round_, count):
    start = version.measures.count()
    measures = Measure.objects.bulk_create(
        Measure(version=version, number=start + i + 1, title=f"Ekstra {i}", level="help")
        for i in range(count)
    )
    StatusReport.objects.bulk_create(
        StatusReport(round=round_, measure=m, status=MeasureStatus.DONE, reported_by=alice)
        for m in measures
    )
    for measure in measures[::2]:
        measure.municipalities.set([version.plan.municipalities.first()])


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("scope", ["whole", "bergen"])
def test_the_report_pages_cost_the_same_queries_for_many_measures(
    client, login_as, alice, world, request, scope, django_assert_max_num_queries
):
    version, round_, _measures = world
    municipality = request.getfixturevalue(scope) if scope != "whole" else None
    login_as(alice)
    urls = [_url(round_, municipality=municipality), _url(round_, "plans:round")]
    small = [_queries(client, url) for url in urls]
    _grow(alice, version, round_, 25)
    with django_assert_max_num_queries(28):
        client.get(urls[0])
    assert [_queries(client, url) for url in urls] == small


def test_a_new_summary_changes_the_downloaded_report(client, login_as, alice, world):
    _version, round_, _measures = world
    login_as(alice)
    url = _url(round_, "plans:council_report_file", "docx")
    before = [p.text for p in Document(io.BytesIO(client.get(url).content)).paragraphs]
    assert "Oppsummering fra koordinator" not in before
    client.post(_narrative_url(round_), {"narrative": "Ny oppsummering.", "recommendation": ""})
    after = [p.text for p in Document(io.BytesIO(client.get(url).content)).paragraphs]
    assert "Ny oppsummering." in after
