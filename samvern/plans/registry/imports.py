"""Bulk registration from a CSV or XLSX sheet: one row per council adoption.

The sheet is read by the one spreadsheet reader (`samvern.core.spreadsheets`: encodings,
delimiters, sheets, formulas, dates and numbers follow its rules). Every row is validated
first; nothing is loaded unless every row is valid, and plans that overlap others of the
same municipality are loaded only when the user confirms them with a reason. The report
lists each bad row with all of its problems in the user's language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation
from samvern.audit.services import audit_log
from samvern.core.spreadsheets import (
    Column,
    Kind,
    Row,
    SpreadsheetError,
    read_spreadsheet,
)
from samvern.core.spreadsheets import _Readable as Readable
from samvern.places.lifetime import Lifetime, lifetimes
from samvern.places.models import Municipality, StructureYear
from samvern.plans.models import Plan
from samvern.plans.registry.access import registrable_municipality_ids
from samvern.plans.registry.facts import AdoptionFacts, Overlap, PlanFacts, validate_facts
from samvern.plans.registry.selectors import (
    adopted_periods,
    adoption_records,
    existing_adoptions,
    overlapping,
)
from samvern.plans.registry.services import create_registered_plan, registering_organisation

MAX_IMPORT_ROWS = 5000

# Column keys, each with the header names accepted for it (English and Norwegian).
COLUMNS: dict[str, tuple[str, ...]] = {
    "plan": ("plan", "plan_key", "plannøkkel"),
    "title": ("title", "tittel"),
    "municipality": ("municipality", "municipality_code", "kommunenummer", "kommune"),
    "structure_year": ("structure_year", "strukturår", "struktur"),
    "period_start": ("period_start", "periode_fra", "fra"),
    "period_end": ("period_end", "periode_til", "til"),
    "body": ("body", "organ", "vedtaksorgan"),
    "decided_on": ("decided_on", "vedtaksdato", "vedtatt"),
    "case_number": ("case_number", "saksnummer"),
    "decision_url": ("decision_url", "lenke", "lenke_til_vedtak"),
    "reported_on": ("reported_on", "rapportert"),
    "evaluated_on": ("evaluated_on", "evaluert"),
}
REQUIRED_COLUMNS = ("title", "municipality", "period_start", "period_end")
COLUMN_HELP = {
    "plan": gettext_lazy(
        "Rows with the same key belong to one plan (one row per council of an "
        "inter-municipal plan). Leave empty when the plan has one owner."
    ),
    "title": gettext_lazy("Title of the plan."),
    "municipality": gettext_lazy("Municipality number, four digits (e.g. 4601)."),
    "structure_year": gettext_lazy(
        "2019 or 2024 (default 2024): the structure the number belongs to."
    ),
    "period_start": gettext_lazy("First day of the plan period (YYYY-MM-DD or DD.MM.YYYY)."),
    "period_end": gettext_lazy("Last day of the plan period."),
    "body": gettext_lazy(
        "Body that adopted the plan (e.g. the municipal council). Empty if not adopted."
    ),
    "decided_on": gettext_lazy("Date of the decision. Empty if not adopted."),
    "case_number": gettext_lazy("Case number of the decision (optional)."),
    "decision_url": gettext_lazy("Link to the decision (optional)."),
    "reported_on": gettext_lazy("Date of the last report on the plan (optional)."),
    "evaluated_on": gettext_lazy("Date the plan was evaluated (optional)."),
}


DATE_COLUMNS = ("period_start", "period_end", "decided_on", "reported_on", "evaluated_on")
LABELS = {
    "title": gettext_lazy("title"),
    "municipality": gettext_lazy("municipality number"),
    "period_start": gettext_lazy("period start"),
    "period_end": gettext_lazy("period end"),
    "decided_on": gettext_lazy("date of decision"),
    "reported_on": gettext_lazy("date of report"),
    "evaluated_on": gettext_lazy("date of evaluation"),
}
SHEET_COLUMNS = tuple(
    Column(
        key,
        names,
        Kind.DATE if key in DATE_COLUMNS else Kind.TEXT,
        label=LABELS.get(key, key),
    )
    for key, names in COLUMNS.items()
)


@dataclass
class RowProblem:
    row: int
    messages: list[str]


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    # Rows whose plan overlaps another plan of the same municipality: imported only when
    # the user confirms with a reason.
    overlaps: list[RowProblem] = field(default_factory=list)
    needs_overlap_reason: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_problems


@dataclass
class _Row:
    number: int
    values: dict[str, str]  # text columns as typed (a formula or bad cell is "")
    written: dict[str, str]  # every cell as written, to tell a blank cell from a bad one
    problems: list[str] = field(default_factory=list)
    municipality: Municipality | None = None
    dates: dict[str, dt.date | None] = field(default_factory=dict)

    @classmethod
    def of(cls, row: Row) -> _Row:
        return cls(
            number=row.number,
            values={key: row.text(key) for key in COLUMNS if key not in DATE_COLUMNS},
            written={key: row.texts.get(key, "") for key in COLUMNS},
            problems=list(row.problems),
            dates={key: row.date(key) for key in DATE_COLUMNS},
        )


def _read_rows(upload: Readable | bytes, filename: str) -> list[_Row]:
    """The sheet's rows; raises SpreadsheetError when the file cannot be imported at all."""
    sheet = read_spreadsheet(
        filename,
        upload,
        columns=SHEET_COLUMNS,
        required=REQUIRED_COLUMNS,
        max_rows=MAX_IMPORT_ROWS,
    )
    return [_Row.of(row) for row in sheet.rows]


def _check_row_fields(row: _Row, municipalities: dict[tuple[int, str], Municipality]) -> None:
    """Problems of the row's own cells (the reader's come first: formulas, dates)."""
    values = row.values
    for key in REQUIRED_COLUMNS:
        if not row.written.get(key):
            row.problems.append(_("The %(column)s is missing.") % {"column": LABELS[key]})
    year_text = values.get("structure_year", "") or str(StructureYear.Y2024.value)
    try:
        year = int(year_text)
    except ValueError:
        year = 0
    if year not in (StructureYear.Y2019, StructureYear.Y2024):
        row.problems.append(
            _("The structure year “%(value)s” must be 2019 or 2024.") % {"value": year_text}
        )
        return
    code_text = values.get("municipality", "")
    if code_text:
        code = code_text.zfill(4) if code_text.isdigit() else code_text
        row.municipality = municipalities.get((year, code))
        if row.municipality is None:
            row.problems.append(
                _("Unknown municipality number “%(code)s” in the %(year)s structure.")
                % {"code": code_text, "year": year}
            )
    if bool(row.written.get("body")) != bool(row.written.get("decided_on")):
        row.problems.append(_("Give both the adopting body and the date of decision, or neither."))


def _group_facts(
    rows: list[_Row],
    *,
    allowed: set[int] | None,
    today: dt.date,
    existing: set[tuple[int, dt.date, dt.date]],
    seen: set[tuple[int, dt.date, dt.date]],
    lifetimes_by_id: dict[int, Lifetime],
) -> PlanFacts | None:
    """The plan made of the rows sharing one plan key; problems go onto the rows."""
    first = rows[0]
    for row in rows[1:]:
        if row.values.get("title", "").strip() != first.values.get("title", "").strip():
            row.problems.append(
                _("The title differs from row %(row)s of the same plan.") % {"row": first.number}
            )
    if any(row.problems for row in rows):
        return None
    municipalities: list[Municipality] = []
    adoptions: list[AdoptionFacts] = []
    for row in rows:
        assert row.municipality is not None
        start, end = row.dates["period_start"], row.dates["period_end"]
        assert start is not None and end is not None
        if row.municipality in municipalities:
            row.problems.append(
                _("%(name)s appears twice in the same plan.") % {"name": row.municipality}
            )
        municipalities.append(row.municipality)
        if allowed is not None and row.municipality.pk not in allowed:
            row.problems.append(
                _("You may not register plans for %(name)s.") % {"name": row.municipality}
            )
        decided_on = row.dates["decided_on"]
        key = (row.municipality.pk, start, end)
        if key in seen:
            row.problems.append(
                _(
                    "Duplicate: %(name)s with the period %(start)s–%(end)s appears earlier in the file."  # noqa: E501
                )
                % {"name": row.municipality, "start": date_format(start), "end": date_format(end)}
            )
        seen.add(key)
        if decided_on is not None:
            adoptions.append(
                AdoptionFacts(
                    municipality=row.municipality,
                    body=row.values.get("body", ""),
                    decided_on=decided_on,
                    case_number=row.values.get("case_number", ""),
                    decision_url=row.values.get("decision_url", ""),
                    period_start=start,
                    period_end=end,
                )
            )
        row_facts = PlanFacts(
            title=row.values["title"],
            municipalities=[row.municipality],
            period_start=start,
            period_end=end,
            adoptions=adoptions[-1:] if decided_on is not None else [],
            reported_on=row.dates.get("reported_on"),
            evaluated_on=row.dates.get("evaluated_on"),
        )
        row.problems.extend(
            validate_facts(
                row_facts, today=today, existing=existing, lifetimes_by_id=lifetimes_by_id
            )
        )
    if len({m.year for m in municipalities}) > 1:
        rows[-1].problems.append(
            _("All owning municipalities must belong to the same structure year.")
        )
    if any(row.problems for row in rows):
        return None
    starts = [row.dates["period_start"] for row in rows]
    ends = [row.dates["period_end"] for row in rows]
    return PlanFacts(
        title=first.values["title"].strip(),
        municipalities=municipalities,
        period_start=min(d for d in starts if d is not None),
        period_end=max(d for d in ends if d is not None),
        adoptions=adoptions,
        reported_on=next(
            (r.dates["reported_on"] for r in rows if r.dates.get("reported_on")), None
        ),
        evaluated_on=next(
            (r.dates["evaluated_on"] for r in rows if r.dates.get("evaluated_on")), None
        ),
    )


def check_import(
    *, actor: Actor, upload: Readable | bytes, filename: str, today: dt.date | None = None
) -> tuple[ImportReport, list[tuple[PlanFacts, list[Overlap]]]]:
    """Validate a whole sheet without writing anything: each plan with the overlaps it
    would make (with plans in the registry or earlier in the sheet)."""
    report = ImportReport()
    try:
        rows = _read_rows(upload, filename)
    except SpreadsheetError as error:
        report.file_problems.append(str(error))
        return report, []
    report.rows = len(rows)
    municipalities = {(m.year, m.code): m for m in Municipality.objects.select_related("county")}
    for row in rows:
        _check_row_fields(row, municipalities)
    allowed = registrable_municipality_ids(actor)
    if allowed is not None and not allowed:
        report.file_problems.append(_("You may not register plans."))
        return report, []
    named = [row.municipality for row in rows if row.municipality is not None]
    existing = existing_adoptions(named)
    lifetimes_by_id = lifetimes(set(named))
    candidates = adoption_records(set(named))
    groups: dict[str, list[_Row]] = {}
    for row in rows:
        key = row.values.get("plan", "").strip() or f"row-{row.number}"
        groups.setdefault(key, []).append(row)
    today = today or timezone.localdate()
    seen: set[tuple[int, dt.date, dt.date]] = set()
    plans = []
    overlaps_by_row: dict[int, list[str]] = {}
    for group in groups.values():
        facts = _group_facts(
            group,
            allowed=allowed,
            today=today,
            existing=existing,
            seen=seen,
            lifetimes_by_id=lifetimes_by_id,
        )
        if facts is None:
            continue
        periods = adopted_periods(facts)
        overlaps = overlapping(periods, candidates)
        for overlap in overlaps:
            row = next(r for r in group if r.municipality == overlap.municipality)
            overlaps_by_row.setdefault(row.number, []).append(overlap.describe())
        plans.append((facts, overlaps))
        candidates.extend(
            Overlap(municipality=m, plan_title=facts.title, period_start=start, period_end=end)
            for m, start, end in periods
        )
    report.problems = [RowProblem(row.number, row.problems) for row in rows if row.problems]
    report.overlaps = [RowProblem(n, messages) for n, messages in sorted(overlaps_by_row.items())]
    return report, plans


@transaction.atomic
def import_plans(
    *,
    actor: Actor,
    upload: Readable | bytes,
    filename: str,
    overlap_reason: str = "",
    today: dt.date | None = None,
) -> ImportReport:
    """Register every plan in a CSV/XLSX sheet, or nothing at all when any row is bad, or
    when plans overlap others of the same municipality and no `overlap_reason` confirms
    that they all apply (`report.needs_overlap_reason` then says so)."""
    today = today or timezone.localdate()
    report, plans = check_import(actor=actor, upload=upload, filename=filename, today=today)
    if not report.ok:
        return report
    reason = overlap_reason.strip()
    if report.overlaps and not reason:
        report.needs_overlap_reason = True
        return report
    organisations: dict[frozenset[int], Organisation | None] = {}
    confirmed: list[dict[str, object]] = []
    for facts, overlaps in plans:
        owners = frozenset(m.pk for m in facts.municipalities)
        if owners not in organisations:
            organisations[owners] = registering_organisation(actor, facts.municipalities)
        plan = create_registered_plan(
            facts,
            organisation=organisations[owners],
            today=today,
            overlap_reason=reason if overlaps else "",
        )
        if overlaps:
            confirmed.append({"plan": str(plan.pk), "overlaps": [o.as_detail() for o in overlaps]})
        report.plans.append(plan)
    audit_log(
        actor=actor,
        action="plans.registry.imported",
        target_type="plans.plan",
        detail={
            "file": filename,
            "rows": report.rows,
            "plans": [str(plan.pk) for plan in report.plans],
            **({"overlaps": confirmed, "overlap_reason": reason} if confirmed else {}),
        },
    )
    return report


def template_csv() -> str:
    """An example sheet with every column, for people preparing an import."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(list(COLUMNS))
    writer.writerow(
        [
            "A",
            "Handlingsplan mot vold i nære relasjoner",
            "4601",
            "2024",
            "2023-01-01",
            "2026-12-31",
            "Bystyret",
            "2022-12-14",
            "2022/1234",
            "",
            "",
            "",
        ]
    )
    writer.writerow(
        [
            "B",
            "Interkommunal handlingsplan",
            "4627",
            "2024",
            "2022-01-01",
            "2025-12-31",
            "Kommunestyret",
            "2021-12-09",
            "21/555",
            "",
            "2023-02-01",
            "",
        ]
    )
    writer.writerow(
        [
            "B",
            "Interkommunal handlingsplan",
            "4626",
            "2024",
            "2022-01-01",
            "2025-12-31",
            "Kommunestyret",
            "2021-12-16",
            "21/777",
            "",
            "2023-02-01",
            "",
        ]
    )
    return out.getvalue()
