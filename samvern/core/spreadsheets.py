"""The one reader for every spreadsheet import: CSV or XLSX in, a typed `Sheet` out.

An import declares the columns it reads (`Column`: a key, the header names accepted for
it, and whether it holds text, a date or a number) and calls `read_spreadsheet()`. The
rules are the same for every import:

* **Size.** A file over `max_bytes` (default `SAMVERN_UPLOAD_MAX_BYTES`) or with more than
  `max_rows` data rows (default 5,000) is refused as a whole.
* **CSV encodings.** UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark
  (Excel's "Unicode text"), and Windows-1252 (Excel's "CSV" on a Norwegian Windows) when
  the bytes are not valid UTF-8. Anything else is refused as unreadable text.
* **CSV delimiter.** `;`, `,` or a tab, chosen from the header row: the delimiter that
  splits the header into the most known column names wins (then the most cells; `;`
  before tab before `,` on a tie).
* **XLSX.** Opened read-only, formulas not evaluated. Every sheet is considered: sheets
  with nothing in them are skipped; the sheet used is the first whose header row names
  every required column. When another sheet also names them and holds a data row, the
  file is refused ("data on more than one sheet", naming the sheets) rather than one of
  them being silently left out. Other sheets (instructions, lists of values) are ignored.
  When no sheet has the columns, the missing columns of the first non-empty sheet are
  reported.
* **Header.** The first row that is not blank. Names are compared without case,
  surrounding space or the difference between a space and an underscore; the first
  column with a name wins. A missing required column refuses the file.
* **Cells.** Text is stripped. A formula cell in a column that is read is a row problem
  naming the cell ("C4 holds a formula; enter its value instead"): its value is never
  evaluated nor taken as empty. An Excel error value (#DIV/0!) is a row problem too.
* **Dates.** Only DD.MM.YYYY, YYYY-MM-DD and real Excel dates (at midnight); anything else
  is a row problem naming the cell.
* **Numbers.** Excel numbers as they are; text as people type it in Norwegian
  (`samvern.core.numbers.parse_number`: "1 200,50"); anything else is a row problem.
* **Rows.** Blank rows are skipped; every other row keeps its number in the sheet (the
  header is row 1), so a problem can be found where the user looks. Every bad cell of
  every row is reported (translated), never just the first.

File-level problems raise `SpreadsheetError`. Row problems are kept on each `Row`; a
caller loads nothing while `sheet.ok` is false unless it deliberately loads only the
rows without problems (`sheet.valid_rows`).
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from samvern.core.numbers import NotANumber, parse_number

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

MAX_ROWS = 5000
DELIMITERS = (";", "\t", ",")

Value = str | dt.date | Decimal | None


class Kind(enum.Enum):
    TEXT = "text"
    DATE = "date"
    NUMBER = "number"


@dataclass(frozen=True)
class Column:
    """A column an import reads: its key, the header names accepted for it (English and
    Norwegian), what it holds, and its name in messages (the key when not given)."""

    key: str
    names: tuple[str, ...]
    kind: Kind = Kind.TEXT
    label: str | Promise = ""

    @property
    def shown(self) -> str:
        return str(self.label or self.key)


@dataclass(frozen=True)
class Row:
    """One data row: its number in the sheet, a value for every declared column found
    (text "" or date/number None when blank or bad), the cells as written (`texts`: a
    formula as its formula; to tell a blank cell from a bad one), and its problems."""

    number: int
    values: Mapping[str, Value]
    problems: tuple[str, ...] = ()
    texts: Mapping[str, str] = field(default_factory=dict)

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return value if isinstance(value, str) else ""

    def date(self, key: str) -> dt.date | None:
        value = self.values.get(key)
        return value if isinstance(value, dt.date) else None

    def number_of(self, key: str) -> Decimal | None:
        value = self.values.get(key)
        return value if isinstance(value, Decimal) else None


@dataclass(frozen=True)
class Sheet:
    """What was read: the sheet's name (XLSX) or "" (CSV), its header and its rows."""

    name: str
    header: tuple[str, ...]
    columns: tuple[str, ...]  # the keys of the declared columns found in the header
    rows: tuple[Row, ...]

    @property
    def ok(self) -> bool:
        return not any(row.problems for row in self.rows)

    @property
    def problems(self) -> list[tuple[int, str]]:
        return [(row.number, problem) for row in self.rows for problem in row.problems]

    @property
    def valid_rows(self) -> tuple[Row, ...]:
        """Only for a caller that deliberately loads part of a sheet."""
        return tuple(row for row in self.rows if not row.problems)


class SpreadsheetError(ValueError):
    """The file as a whole cannot be imported; the message says why, translated."""


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


# --- entry point --------------------------------------------------------------------------


def read_spreadsheet(
    filename: str,
    content: bytes | _Readable,
    *,
    columns: Sequence[Column],
    required: Iterable[str] = (),
    max_rows: int = MAX_ROWS,
    max_bytes: int | None = None,
) -> Sheet:
    """Read an uploaded CSV or XLSX file by the rules in this module's docstring."""
    limit = settings.SAMVERN_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    data = content if isinstance(content, bytes) else content.read(limit + 1)
    if len(data) > limit:
        raise SpreadsheetError(
            _("The file is larger than %(size)s MB.") % {"size": _megabytes(limit)}
        )
    needed = tuple(dict.fromkeys(required))
    lower = filename.lower()
    if lower.endswith(".csv"):
        table = _CsvTable(_decode(data), columns)
        return _build("", table.cells(), columns, needed, max_rows)
    if lower.endswith(".xlsx"):
        return _read_workbook(data, columns, needed, max_rows)
    raise SpreadsheetError(_("Upload a CSV or XLSX file."))


# --- cells ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    value: object
    formula: bool = False
    error: bool = False


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"


def column_letter(index: int) -> str:
    """ "A" for the first column (index 0), "AA" for the 27th."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _normalise(name: object) -> str:
    return re.sub(r"\s+", "_", str(name if name is not None else "").strip().lower())


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if _midnight(value) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _midnight(value: dt.datetime) -> bool:
    return value.time() == dt.time(0, 0)


_NB_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: object) -> dt.date:
    """A date from a cell: an Excel date at midnight, DD.MM.YYYY or YYYY-MM-DD.
    Raises ValueError for anything else (including impossible days such as 31.02.2025)."""
    if isinstance(value, dt.datetime):
        if not _midnight(value):
            raise ValueError(value)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    match = _NB_DATE.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    match = _ISO_DATE.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    raise ValueError(text)


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        raise NotANumber(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        return parse_number(value)
    raise NotANumber(value)


def _typed(column: Column, cell: _Cell, reference: str) -> tuple[Value, str]:
    """The cell's value as the column declares it, and a problem ("" when none)."""
    blank: Value = "" if column.kind is Kind.TEXT else None
    if cell.formula:
        return blank, _("%(cell)s holds a formula; enter its value instead.") % {"cell": reference}
    if cell.error:
        return blank, _("%(cell)s holds the error %(value)s; enter a value instead.") % {
            "cell": reference,
            "value": cell.value,
        }
    text = _as_text(cell.value)
    if column.kind is Kind.TEXT:
        return text, ""
    if not text:
        return None, ""
    if column.kind is Kind.DATE:
        try:
            return parse_date(cell.value if not isinstance(cell.value, str) else text), ""
        except ValueError:
            return None, _(
                "%(cell)s: “%(value)s” in %(column)s is not a date (use DD.MM.YYYY or YYYY-MM-DD)."
            ) % {"cell": reference, "value": text, "column": column.shown}
    try:
        return _number(cell.value), ""
    except NotANumber:
        return None, _("%(cell)s: “%(value)s” in %(column)s is not a number.") % {
            "cell": reference,
            "value": text,
            "column": column.shown,
        }


# --- header and rows ----------------------------------------------------------------------


def _positions(header: Sequence[object], columns: Sequence[Column]) -> dict[str, int]:
    names = [_normalise(cell) for cell in header]
    found: dict[str, int] = {}
    for column in columns:
        accepted = {_normalise(name) for name in (column.key, *column.names)}
        for index, name in enumerate(names):
            if name in accepted:
                found[column.key] = index
                break
    return found


def _missing(positions: Mapping[str, int], required: Sequence[str]) -> list[str]:
    return [key for key in required if key not in positions]


def _is_blank(cells: Sequence[_Cell]) -> bool:
    return all(not cell.formula and _as_text(cell.value) == "" for cell in cells)


def _build(
    name: str,
    table: Iterable[list[_Cell]],
    columns: Sequence[Column],
    required: Sequence[str],
    max_rows: int,
) -> Sheet:
    numbered = enumerate(table, start=1)
    header_cells: list[_Cell] | None = None
    for _number_of_header, cells in numbered:
        if not _is_blank(cells):
            header_cells = cells
            break
    if header_cells is None:
        raise SpreadsheetError(_("The file is empty."))
    header = tuple(_as_text(cell.value) for cell in header_cells)
    positions = _positions(header, columns)
    missing = _missing(positions, required)
    if missing:
        raise SpreadsheetError(
            _("The file lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    by_key = {column.key: column for column in columns}
    rows: list[Row] = []
    for number, cells in numbered:
        if _is_blank(cells):
            continue
        if len(rows) >= max_rows:
            raise SpreadsheetError(
                _("The file has more than %(max)s rows; split it.") % {"max": max_rows}
            )
        values: dict[str, Value] = {}
        texts: dict[str, str] = {}
        problems: list[str] = []
        for key, index in positions.items():
            cell = cells[index] if index < len(cells) else _Cell(None)
            value, problem = _typed(by_key[key], cell, f"{column_letter(index)}{number}")
            values[key] = value
            texts[key] = _as_text(cell.value)
            if problem:
                problems.append(problem)
        rows.append(Row(number=number, values=values, problems=tuple(problems), texts=texts))
    if not rows:
        raise SpreadsheetError(_("The file has no rows below the header."))
    return Sheet(name=name, header=header, columns=tuple(positions), rows=tuple(rows))


# --- CSV ----------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(_("The file is not readable text (use UTF-8).")) from error
    elif data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(_("The file is not readable text (use UTF-8).")) from error
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as error:
                raise SpreadsheetError(_("The file is not readable text (use UTF-8).")) from error
    if "\x00" in text:  # UTF-16 without its byte-order mark, or a binary file
        raise SpreadsheetError(_("The file is not readable text (use UTF-8)."))
    return text


class _CsvTable:
    def __init__(self, text: str, columns: Sequence[Column]) -> None:
        self.text = text
        self.delimiter = self._delimiter(columns)

    def _delimiter(self, columns: Sequence[Column]) -> str:
        best, score = ",", (-1, -1, 0)
        for rank, delimiter in enumerate(reversed(DELIMITERS)):
            try:
                header = next(csv.reader(io.StringIO(self.text), delimiter=delimiter), [])
            except csv.Error:
                continue
            candidate = (len(_positions(header, columns)), len(header), rank)
            if candidate > score:
                best, score = delimiter, candidate
        return best

    def cells(self) -> Iterator[list[_Cell]]:
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        try:
            for row in reader:
                yield [_Cell(value) for value in row]
        except csv.Error as error:
            raise SpreadsheetError(_("The file is not readable text (use UTF-8).")) from error


# --- XLSX ---------------------------------------------------------------------------------


def _sheet_cells(sheet: ReadOnlyWorksheet) -> Iterator[list[_Cell]]:
    for row in sheet.iter_rows():
        yield [
            _Cell(
                getattr(cell, "value", None),
                formula=getattr(cell, "data_type", None) == "f",
                error=getattr(cell, "data_type", None) == "e",
            )
            for cell in row
        ]


def _has_data_row(cells: Iterator[list[_Cell]]) -> bool:
    return any(not _is_blank(row) for row in cells)


def _read_workbook(
    data: bytes, columns: Sequence[Column], required: Sequence[str], max_rows: int
) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(_("The file could not be read as an Excel workbook.")) from error
    try:
        chosen: str | None = None
        first_missing: tuple[str, list[str]] | None = None
        with_data: list[str] = []
        for sheet in workbook.worksheets:
            cells = _sheet_cells(sheet)
            header = next((row for row in cells if not _is_blank(row)), None)
            if header is None:
                continue
            positions = _positions([_as_text(cell.value) for cell in header], columns)
            missing = _missing(positions, required)
            if missing:
                if first_missing is None:
                    first_missing = (sheet.title, missing)
                continue
            if chosen is None:
                chosen = sheet.title
                with_data.append(sheet.title)
            elif _has_data_row(cells):
                with_data.append(sheet.title)
        if len(with_data) > 1:
            raise SpreadsheetError(
                _(
                    "The workbook has rows to import on more than one sheet (%(sheets)s); "
                    "put them on one sheet."
                )
                % {"sheets": ", ".join(f"“{title}”" for title in with_data)}
            )
        if chosen is None:
            if first_missing is None:
                raise SpreadsheetError(_("The file is empty."))
            title, missing = first_missing
            raise SpreadsheetError(
                _("The sheet “%(sheet)s” lacks these columns: %(columns)s.")
                % {"sheet": title, "columns": ", ".join(missing)}
            )
        sheet = workbook[chosen]
        return _build(chosen, _sheet_cells(sheet), columns, required, max_rows)
    finally:
        workbook.close()
