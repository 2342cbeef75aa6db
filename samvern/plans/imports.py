"""Bulk import of measures from an XLSX or CSV sheet.

The first row holds column names (English keys or the Norwegian headings of the export
template). Every row is checked; any bad row is reported with its row number and nothing
is imported.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from samvern.plans import catalogues
from samvern.plans.models import MeasureLevel, PlanVersion

MAX_ROWS = 2000

COLUMNS = {
    "title": ("title", "tiltak"),
    "description": ("description", "beskrivelse"),
    "level": ("level", "nivå", "niva"),
    "area": ("area", "innsatsområde", "innsatsomrade"),
    "responsible_title": ("responsible_title", "ansvarlig", "stilling"),
    "responsible_unit": ("responsible_unit", "enhet", "tjenesteenhet"),
    "starts_on": ("starts_on", "start", "oppstart"),
    "deadline": ("deadline", "frist"),
    "budget_nok": ("budget_nok", "kroner", "budsjett"),
    "staff_hours": ("staff_hours", "timer", "årsverk timer"),
    "target_groups": ("target_groups", "målgrupper"),
    "duties": ("duties", "plikter"),
}
LEVEL_ALIASES = {
    "knowledge": MeasureLevel.KNOWLEDGE,
    "kunnskap": MeasureLevel.KNOWLEDGE,
    "competence": MeasureLevel.COMPETENCE,
    "kompetanse": MeasureLevel.COMPETENCE,
    "routines": MeasureLevel.ROUTINES,
    "rutiner": MeasureLevel.ROUTINES,
    "help": MeasureLevel.HELP,
    "hjelp": MeasureLevel.HELP,
    "hjelpetilbud": MeasureLevel.HELP,
}


class SheetError(ValueError):
    pass


def read_sheet(name: str, content: bytes) -> list[dict[str, Any]]:
    """Rows as dicts keyed by canonical column name; raises SheetError for unreadable files."""
    lower = name.lower()
    if lower.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SheetError(_("The CSV file is not UTF-8 encoded.")) from error
        dialect: type[csv.Dialect] = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
        table = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    elif lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise SheetError(_("The file is not a readable XLSX workbook.")) from error
        sheet = workbook.worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    else:
        raise SheetError(_("Upload an .xlsx or .csv file."))
    if not table:
        raise SheetError(_("The sheet is empty."))
    headers = [str(cell or "").strip().lower() for cell in table[0]]
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        for canonical, aliases in COLUMNS.items():
            if header in aliases:
                mapping[index] = canonical
    if "title" not in mapping.values():
        raise SheetError(_("The first row must name the columns; a “title” column is required."))
    rows = []
    for raw in table[1:]:
        if all(cell in (None, "") for cell in raw):
            continue
        rows.append({mapping[i]: cell for i, cell in enumerate(raw) if i in mapping})
    if len(rows) > MAX_ROWS:
        raise SheetError(_("At most %(max)s rows can be imported at once.") % {"max": MAX_ROWS})
    return rows


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _number(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(str(value)) from error


def _keys(value: Any) -> list[str]:
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def validate_rows(
    version: PlanVersion, rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[str]]:
    settings = getattr(version, "settings", None)
    framework = catalogues.framework(settings.framework_key) if settings else None
    chosen = set(version.area_choices.filter(chosen=True).values_list("area_key", flat=True))
    area_by_name = {}
    if framework:
        for area in framework.areas:
            if area.key in chosen:
                area_by_name[area.key] = area.key
                area_by_name[area.title_text["nb"].lower()] = area.key
                area_by_name[area.title_text["en"].lower()] = area.key
    groups = {item.key for item in catalogues.target_groups()}
    duty_keys = {item.key for item in catalogues.duties()}
    cleaned: list[dict[str, Any]] = []
    errors: list[str] = []
    if not rows:
        errors.append(_("The sheet has no rows to import."))
    for offset, row in enumerate(rows):
        line = offset + 2  # row 1 holds the headings
        problems: list[str] = []
        title = str(row.get("title") or "").strip()
        if not title:
            problems.append(_("the title is missing"))
        level = LEVEL_ALIASES.get(str(row.get("level") or "").strip().lower())
        if level is None:
            problems.append(
                _("unknown level “%(value)s” (use knowledge, competence, routines or help)")
                % {"value": row.get("level") or ""}
            )
        area_text = str(row.get("area") or "").strip()
        area_key = area_by_name.get(area_text.lower(), "") if area_text else ""
        if area_text and not area_key:
            problems.append(
                _("“%(value)s” is not a focus area chosen for this plan") % {"value": area_text}
            )
        dates: dict[str, dt.date | None] = {}
        for name in ("starts_on", "deadline"):
            try:
                dates[name] = _date(row.get(name))
            except ValueError:
                problems.append(
                    _("“%(value)s” in %(column)s is not a date (use YYYY-MM-DD or DD.MM.YYYY)")
                    % {"value": row.get(name), "column": name}
                )
                dates[name] = None
        if dates["starts_on"] and dates["deadline"] and dates["deadline"] < dates["starts_on"]:
            problems.append(_("the deadline is before the start"))
        amounts: dict[str, Any] = {}
        for name in ("budget_nok", "staff_hours"):
            try:
                amount = _number(row.get(name))
            except ValueError:
                problems.append(
                    _("“%(value)s” in %(column)s is not a number")
                    % {"value": row.get(name), "column": name}
                )
                amount = None
            if amount is not None and amount < 0:
                problems.append(_("%(column)s cannot be negative") % {"column": name})
            amounts[name] = amount
        target_groups = _keys(row.get("target_groups"))
        unknown = [key for key in target_groups if key not in groups]
        if unknown:
            problems.append(_("unknown target group(s): %(keys)s") % {"keys": ", ".join(unknown)})
        duties = _keys(row.get("duties"))
        unknown = [key for key in duties if key not in duty_keys]
        if unknown:
            problems.append(_("unknown duty(ies): %(keys)s") % {"keys": ", ".join(unknown)})
        if problems:
            errors.append(
                _("Row %(row)s: %(problems)s.") % {"row": line, "problems": "; ".join(problems)}
            )
            continue
        cleaned.append(
            {
                "title": title[:300],
                "description": str(row.get("description") or "").strip(),
                "level": level,
                "area_key": area_key,
                "responsible_title": str(row.get("responsible_title") or "").strip()[:200],
                "responsible_unit": str(row.get("responsible_unit") or "").strip()[:200],
                "starts_on": dates["starts_on"],
                "deadline": dates["deadline"],
                "budget_nok": amounts["budget_nok"],
                "staff_hours": int(amounts["staff_hours"])
                if amounts["staff_hours"] is not None
                else None,
                "target_groups": target_groups,
                "duties": duties,
            }
        )
    return cleaned, errors
