"""Bulk import of measures from an XLSX or CSV sheet.

The sheet is read by the one spreadsheet reader (`samvern.core.spreadsheets`: encodings,
delimiters, sheets, formulas, dates and numbers follow its rules). The first row holds
column names (English keys or the Norwegian headings of the export template). Every row
is checked; any bad row is reported with its row number and nothing is imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TypedDict

from django.utils.translation import gettext as _

from samvern.core.spreadsheets import Column, Kind, Row, SpreadsheetError, read_spreadsheet
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
KINDS = {
    "starts_on": Kind.DATE,
    "deadline": Kind.DATE,
    "budget_nok": Kind.NUMBER,
    "staff_hours": Kind.NUMBER,
}
SHEET_COLUMNS = tuple(
    Column(key, names, KINDS.get(key, Kind.TEXT), label=key) for key, names in COLUMNS.items()
)
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


# A file that cannot be imported at all (raised by read_sheet).
SheetError = SpreadsheetError


class MeasureFields(TypedDict):
    """The fields of one measure made from a valid row."""

    title: str
    description: str
    level: str
    area_key: str
    responsible_title: str
    responsible_unit: str
    starts_on: dt.date | None
    deadline: dt.date | None
    budget_nok: Decimal | None
    staff_hours: int | None
    target_groups: list[str]
    duties: list[str]


def read_sheet(name: str, content: bytes) -> list[Row]:
    """The sheet's rows (each with its number and the reader's problems); raises
    SheetError when the file cannot be imported at all."""
    sheet = read_spreadsheet(
        name, content, columns=SHEET_COLUMNS, required=("title",), max_rows=MAX_ROWS
    )
    return list(sheet.rows)


def _keys(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def validate_rows(
    version: PlanVersion, rows: Sequence[Row]
) -> tuple[list[MeasureFields], list[str]]:
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
    cleaned: list[MeasureFields] = []
    errors: list[str] = []
    if not rows:
        errors.append(_("The sheet has no rows to import."))
    for row in rows:
        # The reader's problems (formulas, dates, numbers) first, as sentence parts.
        problems: list[str] = [problem.rstrip(".") for problem in row.problems]
        title = row.text("title")
        if not row.texts.get("title"):
            problems.append(_("the title is missing"))
        level = LEVEL_ALIASES.get(row.text("level").lower())
        if level is None:
            problems.append(
                _("unknown level “%(value)s” (use knowledge, competence, routines or help)")
                % {"value": row.text("level")}
            )
        area_text = row.text("area")
        area_key = area_by_name.get(area_text.lower(), "") if area_text else ""
        if area_text and not area_key:
            problems.append(
                _("“%(value)s” is not a focus area chosen for this plan") % {"value": area_text}
            )
        starts_on, deadline = row.date("starts_on"), row.date("deadline")
        if starts_on and deadline and deadline < starts_on:
            problems.append(_("the deadline is before the start"))
        amounts: dict[str, Decimal | None] = {}
        for name in ("budget_nok", "staff_hours"):
            amount = row.number_of(name)
            if amount is not None and amount < 0:
                problems.append(_("%(column)s cannot be negative") % {"column": name})
            amounts[name] = amount
        target_groups = _keys(row.text("target_groups"))
        unknown = [key for key in target_groups if key not in groups]
        if unknown:
            problems.append(_("unknown target group(s): %(keys)s") % {"keys": ", ".join(unknown)})
        duties = _keys(row.text("duties"))
        unknown = [key for key in duties if key not in duty_keys]
        if unknown:
            problems.append(_("unknown duty(ies): %(keys)s") % {"keys": ", ".join(unknown)})
        if problems or level is None:
            errors.append(
                _("Row %(row)s: %(problems)s.")
                % {"row": row.number, "problems": "; ".join(problems)}
            )
            continue
        cleaned.append(
            {
                "title": title[:300],
                "description": row.text("description"),
                "level": level,
                "area_key": area_key,
                "responsible_title": row.text("responsible_title")[:200],
                "responsible_unit": row.text("responsible_unit")[:200],
                "starts_on": starts_on,
                "deadline": deadline,
                "budget_nok": amounts["budget_nok"],
                "staff_hours": int(amounts["staff_hours"])
                if amounts["staff_hours"] is not None
                else None,
                "target_groups": target_groups,
                "duties": duties,
            }
        )
    return cleaned, errors
