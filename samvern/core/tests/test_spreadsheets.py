"""The one spreadsheet reader: encodings, delimiters, every sheet, formulas, strict dates."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from samvern.core.spreadsheets import (
    Column,
    Kind,
    SpreadsheetError,
    column_letter,
    parse_date,
    read_spreadsheet,
)

COLUMNS = (
    Column("title", ("tittel",)),
    Column("municipality", ("kommunenummer",)),
    Column("period_start", ("periode_fra",), Kind.DATE, label="period start"),
    Column("budget", ("kroner",), Kind.NUMBER, label="budget"),
)
REQUIRED = ("title", "period_start")


def read(name: str, content: bytes, **kwargs: object):
    return read_spreadsheet(name, content, columns=COLUMNS, required=REQUIRED, **kwargs)


def xlsx(*sheets: tuple[str, list[list[object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


NORWEGIAN = "tittel;kommunenummer;periode_fra;kroner\nTryggere Ålesund;1508;01.01.2025;1 200,50\n"


def test_a_utf16_csv_from_excel_is_read_with_its_tab_delimiter():
    text = "title\tmunicipality\tperiod_start\tbudget\nPlan for Bodø\t1804\t2025-01-01\t300\n"
    sheet = read("plan.csv", text.encode("utf-16"))
    (row,) = sheet.rows
    assert row.number == 2
    assert row.values == {
        "title": "Plan for Bodø",
        "municipality": "1804",
        "period_start": dt.date(2025, 1, 1),
        "budget": Decimal(300),
    }
    assert sheet.ok


def test_a_windows_1252_csv_with_semicolons_is_read():
    sheet = read("plan.csv", NORWEGIAN.encode("cp1252"))
    (row,) = sheet.rows
    assert row.text("title") == "Tryggere Ålesund"
    assert row.date("period_start") == dt.date(2025, 1, 1)
    assert row.number_of("budget") == Decimal("1200.50")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_a_utf8_csv_is_read_with_or_without_its_byte_order_mark(encoding):
    sheet = read("plan.csv", NORWEGIAN.encode(encoding))
    assert sheet.header[0] == "tittel"
    assert sheet.rows[0].text("title") == "Tryggere Ålesund"


def test_the_delimiter_is_the_one_that_splits_the_header_into_known_columns():
    text = 'title,period_start,budget\n"Vold; forebygging",2025-01-01,"12,5"\n'
    (row,) = read("plan.csv", text.encode()).rows
    assert row.text("title") == "Vold; forebygging"
    assert row.number_of("budget") == Decimal("12.5")


def test_utf16_without_its_byte_order_mark_is_refused():
    with translation.override("en"), pytest.raises(SpreadsheetError, match="not readable text"):
        read("plan.csv", "title;period_start\nA;2025-01-01\n".encode("utf-16-le"))


def test_an_xlsx_with_rows_on_two_sheets_is_refused_naming_both():
    header = ["title", "period_start"]
    content = xlsx(
        ("Bergen", [header, ["A", dt.datetime(2025, 1, 1)]]),
        ("Askøy", [header, ["B", dt.datetime(2025, 1, 1)]]),
    )
    with translation.override("en"), pytest.raises(SpreadsheetError) as caught:
        read("plans.xlsx", content)
    assert "more than one sheet" in str(caught.value)
    assert "“Bergen”" in str(caught.value) and "“Askøy”" in str(caught.value)


def test_an_xlsx_uses_the_first_sheet_with_the_columns_and_ignores_notes_and_empty_sheets():
    content = xlsx(
        ("Tom", []),
        ("Veiledning", [["Fyll inn arket «Data»."], ["En rad per plan."]]),
        ("Data", [["Tittel", "Periode fra"], ["A", "01.02.2025"]]),
        ("Mal", [["title", "period_start"]]),  # the same columns but no rows: not data
    )
    sheet = read("plans.xlsx", content)
    assert sheet.name == "Data"
    assert [row.values for row in sheet.rows] == [
        {"title": "A", "period_start": dt.date(2025, 2, 1)}
    ]


def test_an_xlsx_without_the_columns_on_any_sheet_names_the_missing_ones():
    content = xlsx(("Ark1", [["navn"], ["A"]]))
    with translation.override("en"), pytest.raises(SpreadsheetError) as caught:
        read("plans.xlsx", content)
    assert str(caught.value) == "The sheet “Ark1” lacks these columns: title, period_start."


def test_a_formula_cell_is_a_row_problem_naming_the_cell_never_its_value():
    content = xlsx(
        (
            "Ark1",
            [
                ["title", "period_start", "budget"],
                ["A", dt.datetime(2025, 1, 1), 100],
                ["B", dt.datetime(2025, 1, 1), "=C2*2"],
            ],
        )
    )
    with translation.override("en"):
        sheet = read("plans.xlsx", content)
    first, second = sheet.rows
    assert first.problems == () and first.number_of("budget") == Decimal(100)
    assert second.number == 3
    assert second.values["budget"] is None
    assert second.texts["budget"] == "=C2*2"
    assert second.problems == ("C3 holds a formula; enter its value instead.",)
    assert not sheet.ok
    assert sheet.problems == [(3, "C3 holds a formula; enter its value instead.")]
    assert sheet.valid_rows == (first,)


def test_a_formula_is_reported_in_norwegian():
    content = xlsx(("Ark1", [["title", "period_start"], ["=A1", "2025-01-01"]]))
    with translation.override("nb"):
        (row,) = read("plans.xlsx", content).rows
    assert row.problems == ("A2 inneholder en formel; skriv inn verdien i stedet.",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.02.2025", dt.date(2025, 2, 1)),
        ("1.2.2025", dt.date(2025, 2, 1)),
        ("2025-02-01", dt.date(2025, 2, 1)),
        (dt.datetime(2025, 2, 1), dt.date(2025, 2, 1)),
        (dt.date(2025, 2, 1), dt.date(2025, 2, 1)),
    ],
)
def test_dates_in_the_accepted_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025-02-01T10:00",
        "2025-02-01 00:00:00",
        "20250201",
        "01/02/2025",
        "1. februar 2025",
        "31.02.2025",
        "2025-2-1",
        45000,
        dt.datetime(2025, 2, 1, 14, 30),
    ],
)
def test_anything_else_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_every_bad_cell_of_every_row_is_reported_with_its_row_number():
    text = "title;period_start;budget\nA;2025-01-01;100\n\nB;1. januar;mye\nC;2025-13-01;12,5\n"
    with translation.override("en"):
        sheet = read("plan.csv", text.encode())
    assert [row.number for row in sheet.rows] == [2, 4, 5]
    assert sheet.problems == [
        (4, "B4: “1. januar” in period start is not a date (use DD.MM.YYYY or YYYY-MM-DD)."),
        (4, "C4: “mye” in budget is not a number."),
        (5, "B5: “2025-13-01” in period start is not a date (use DD.MM.YYYY or YYYY-MM-DD)."),
    ]


def test_row_and_size_limits_refuse_the_whole_file():
    text = "title;period_start\n" + "A;2025-01-01\n" * 4
    assert len(read("plan.csv", text.encode(), max_rows=4).rows) == 4
    with translation.override("en"), pytest.raises(SpreadsheetError, match="more than 3 rows"):
        read("plan.csv", text.encode(), max_rows=3)
    with translation.override("en"), pytest.raises(SpreadsheetError, match="larger than"):
        read("plan.csv", text.encode(), max_bytes=20)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.txt", b"title\nA\n", "Upload a CSV or XLSX file."),
        ("plan.csv", b"", "The file is empty."),
        ("plan.csv", b"title;period_start\n", "The file has no rows below the header."),
        ("plan.csv", b"title;budget\nA;1\n", "The file lacks these columns: period_start."),
        ("plan.xlsx", b"not a workbook", "The file could not be read as an Excel workbook."),
        ("plan.csv", b"\x81\x8d\x8f", "The file is not readable text (use UTF-8)."),
    ],
)
def test_unreadable_files_are_refused_with_a_message(name, content, message):
    with translation.override("en"), pytest.raises(SpreadsheetError) as caught:
        read(name, content)
    assert str(caught.value) == message


def test_excel_numbers_in_a_text_column_read_as_people_wrote_them():
    content = xlsx(("Ark1", [["title", "municipality", "period_start"], ["A", 4627, "2025-01-01"]]))
    (row,) = read("plans.xlsx", content).rows
    assert row.values["municipality"] == "4627"


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
