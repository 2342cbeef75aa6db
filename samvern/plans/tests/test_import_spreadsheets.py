"""Both imports read sheets the same way (samvern.core.spreadsheets), as a user posts them:
a UTF-16 CSV and a Windows-1252 CSV with semicolons are loaded; a workbook with rows on two
sheets and a formula cell are refused with the problem named and nothing loaded; readers
and outsiders are refused and change nothing."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from samvern.audit.models import AuditEvent
from samvern.core.testing import choose_language
from samvern.plans.models import Adoption, Measure, Plan
from samvern.plans.tests.helpers import new_plan, ready_for_consultation

pytestmark = pytest.mark.django_db

REGISTRY = reverse("plans:registry:import")
REGISTRY_HEADER = ["title", "municipality", "period_start", "period_end", "body", "decided_on"]
BERGEN_ROW = ["Plan mot vold – Åsane og Årstad", "4601", "01.01.2023", "31.12.2026", "Bystyret"]


def workbook(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def registry_csv(delimiter: str) -> str:
    rows = [REGISTRY_HEADER, [*BERGEN_ROW, "14.12.2022"]]
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


def problems_by_row(html: str) -> dict[int, str]:
    rows = re.findall(r'<tr><th scope="row">(\d+)</th><td>(.*?)</td></tr>', html, re.S)
    return {int(number): text for number, text in rows}


def nothing_registered() -> bool:
    return (
        not Plan.objects.exists()
        and not Adoption.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="plans.registry").exists()
    )


# --- registry bulk import -----------------------------------------------------------------


def test_the_registry_loads_a_utf16_csv_as_excel_saves_unicode_text(client, alice):
    client.force_login(alice)
    content = registry_csv("\t").encode("utf-16")
    response = client.post(REGISTRY, {"sheet": SimpleUploadedFile("plans.csv", content)})
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.title == "Plan mot vold – Åsane og Årstad"
    assert plan.versions.get().adoptions.get().decided_on == dt.date(2022, 12, 14)


def test_the_registry_loads_a_windows_1252_csv_with_semicolons(client, alice):
    client.force_login(alice)
    content = registry_csv(";").encode("cp1252")
    response = client.post(REGISTRY, {"sheet": SimpleUploadedFile("plans.csv", content)})
    assert response.status_code == 302
    assert Plan.objects.get().title == "Plan mot vold – Åsane og Årstad"


def test_the_registry_refuses_a_workbook_with_rows_on_two_sheets(client, alice):
    client.force_login(alice)
    choose_language(client, "en")
    row = [*BERGEN_ROW, dt.datetime(2022, 12, 14)]
    content = workbook(("2023", [REGISTRY_HEADER, row]), ("2024", [REGISTRY_HEADER, row]))
    response = client.post(REGISTRY, {"sheet": SimpleUploadedFile("plans.xlsx", content)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "rows to import on more than one sheet (“2023”, “2024”)" in html
    assert nothing_registered()


def test_the_registry_names_a_formula_cell_and_loads_nothing(client, alice):
    client.force_login(alice)
    choose_language(client, "en")
    content = workbook(
        (
            "Planer",
            [
                REGISTRY_HEADER,
                [*BERGEN_ROW, dt.datetime(2022, 12, 14)],
                ["Plan to", "4601", "01.01.2027", "31.12.2030", "Bystyret", "=F2+365"],
            ],
        )
    )
    response = client.post(REGISTRY, {"sheet": SimpleUploadedFile("plans.xlsx", content)})
    assert response.status_code == 400
    problems = problems_by_row(response.content.decode())
    assert set(problems) == {3}
    assert "F3 holds a formula; enter its value instead." in problems[3]
    assert nothing_registered()


def test_the_registry_reports_a_formula_in_norwegian(client, alice):
    client.force_login(alice)
    content = workbook(("Ark1", [REGISTRY_HEADER, ["=A1", "4601", "01.01.2023", "31.12.2026"]]))
    response = client.post(REGISTRY, {"sheet": SimpleUploadedFile("plans.xlsx", content)})
    problems = problems_by_row(response.content.decode())
    assert "A2 inneholder en formel; skriv inn verdien i stedet." in problems[2]
    assert nothing_registered()


def test_the_registry_refuses_loose_dates_strictly(client, alice):
    client.force_login(alice)
    choose_language(client, "en")
    text = ";".join(REGISTRY_HEADER) + "\n" + ";".join([*BERGEN_ROW, "2022-12-14T10:00"]) + "\n"
    response = client.post(REGISTRY, {"sheet": SimpleUploadedFile("p.csv", text.encode())})
    problems = problems_by_row(response.content.decode())
    assert "F2: “2022-12-14T10:00” in date of decision is not a date" in problems[2]
    assert nothing_registered()


def test_a_reader_an_outsider_and_an_anonymous_user_load_nothing(client, bob, charlie):
    sheet = registry_csv(";").encode("cp1252")
    client.force_login(bob)
    assert client.post(REGISTRY, {"sheet": SimpleUploadedFile("p.csv", sheet)}).status_code == 404
    client.force_login(charlie)  # edits Stavanger's plans, not Bergen's
    response = client.post(REGISTRY, {"sheet": SimpleUploadedFile("p.csv", sheet)})
    assert response.status_code == 400
    assert set(problems_by_row(response.content.decode())) == {2}
    client.logout()
    assert client.post(REGISTRY, {"sheet": SimpleUploadedFile("p.csv", sheet)}).status_code == 302
    assert nothing_registered()


# --- measure import -----------------------------------------------------------------------


MEASURE_HEADER = ["title", "level", "starts_on", "deadline"]


@pytest.fixture
def version(alice, bergen):
    return ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)


def measure_url(version) -> str:
    return reverse("plans:measure_import", args=[version.plan_id, version.pk])


def measure_csv(delimiter: str) -> str:
    rows = [MEASURE_HEADER, ["Kurs – for ansatte på skolen", "kompetanse", "01.02.2025", ""]]
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


def test_the_measure_import_loads_a_windows_1252_csv_with_semicolons(
    client, alice, version, login_as
):
    login_as(alice)
    content = measure_csv(";").encode("cp1252")
    response = client.post(measure_url(version), {"sheet": SimpleUploadedFile("t.csv", content)})
    assert response.status_code == 302
    imported = version.measures.get(title="Kurs – for ansatte på skolen")
    assert imported.starts_on == dt.date(2025, 2, 1)


def test_the_measure_import_loads_a_utf16_csv(client, alice, version, login_as):
    login_as(alice)
    content = measure_csv("\t").encode("utf-16")
    response = client.post(measure_url(version), {"sheet": SimpleUploadedFile("t.csv", content)})
    assert response.status_code == 302
    assert version.measures.filter(title="Kurs – for ansatte på skolen").exists()


def test_the_measure_import_names_a_formula_cell_and_loads_nothing(
    client, alice, version, login_as
):
    before = Measure.objects.count()
    login_as(alice)
    choose_language(client, "en")
    content = workbook(
        (
            "Tiltak",
            [
                MEASURE_HEADER,
                ["Kurs", "competence", dt.datetime(2025, 1, 1), dt.datetime(2025, 6, 1)],
                ["Rutine", "routines", dt.datetime(2025, 1, 1), "=C3+30"],
            ],
        )
    )
    response = client.post(measure_url(version), {"sheet": SimpleUploadedFile("t.xlsx", content)})
    assert response.status_code == 400
    assert response.context["errors"] == ["Row 3: D3 holds a formula; enter its value instead."]
    assert Measure.objects.count() == before


def test_the_measure_import_refuses_a_workbook_with_rows_on_two_sheets(
    client, alice, version, login_as
):
    before = Measure.objects.count()
    login_as(alice)
    choose_language(client, "en")
    rows = [MEASURE_HEADER, ["Kurs", "competence", "2025-01-01", "2025-06-01"]]
    content = workbook(("Ark1", rows), ("Ark2", rows))
    response = client.post(measure_url(version), {"sheet": SimpleUploadedFile("t.xlsx", content)})
    assert response.status_code == 400
    (error,) = response.context["errors"]
    assert "more than one sheet (“Ark1”, “Ark2”)" in error
    assert Measure.objects.count() == before


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_a_reader_or_outsider_cannot_import_measures(client, version, login_as, who, request):
    before = Measure.objects.count()
    login_as(request.getfixturevalue(who))
    content = measure_csv(";").encode("cp1252")
    response = client.post(measure_url(version), {"sheet": SimpleUploadedFile("t.csv", content)})
    assert response.status_code == 404
    assert Measure.objects.count() == before
    assert not AuditEvent.objects.filter(action="plans.measure.imported").exists()
