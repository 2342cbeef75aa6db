"""Loads the shipped reference data (see docs/data-sources.md) idempotently.

The files are read and checked in full before anything is written, so a broken file
changes nothing. Existing rows are read once; missing rows are bulk-created and rows whose
values differ from the files are bulk-updated, which keeps a reload at a handful of
queries and keeps the ids (and with them every foreign key) stable.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from samvern.places.models import County, Municipality, StructureYear, Succession

DATA_DIR = Path(__file__).resolve().parent / "data"
POPULATION_DATES = {
    StructureYear.Y2019: dt.date(2019, 1, 1),
    StructureYear.Y2024: dt.date(2024, 1, 1),
}
SHARE_PLACES = Decimal("0.000001")
MUNICIPALITY_CODE = re.compile(r"^\d{4}$")
COUNTY_CODE = re.compile(r"^\d{2}$")

CountyKey = tuple[int, str]
MunicipalityKey = tuple[int, str]


class ReferenceDataError(Exception):
    """The shipped files contradict themselves; lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Reference data is inconsistent:\n" + "\n".join(problems))


@dataclass(frozen=True)
class LoadResult:
    counties: int
    municipalities: int
    successions: int
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class ReferenceData:
    """What the files say, keyed by natural keys; no database involved."""

    counties: dict[CountyKey, dict[str, Any]]
    municipalities: dict[MunicipalityKey, dict[str, Any]]
    successions: dict[tuple[str, str], Decimal]  # (code_2019, code_2024) -> share


def _rows(name: str, data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def read_reference_files(data_dir: Path = DATA_DIR) -> ReferenceData:
    """Parse and cross-check the four CSV files; raise ReferenceDataError listing every
    bad row rather than stopping at the first."""
    problems: list[str] = []
    counties: dict[CountyKey, dict[str, Any]] = {}
    municipalities: dict[MunicipalityKey, dict[str, Any]] = {}

    def check_code(pattern: re.Pattern[str], code: str, where: str) -> bool:
        if pattern.match(code):
            return True
        problems.append(f"{where}: code {code!r} is not zero-padded digits")
        return False

    def check_population(value: str, where: str) -> int | None:
        if value.isdigit():
            return int(value)
        problems.append(f"{where}: population {value!r} is not a whole number")
        return None

    for line, row in enumerate(_rows("counties-2024.csv", data_dir), start=2):
        if check_code(COUNTY_CODE, row["code"], f"counties-2024.csv:{line}"):
            counties[(2024, row["code"])] = {"name": row["name"]}

    for line, row in enumerate(_rows("municipalities-2019.csv", data_dir), start=2):
        where = f"municipalities-2019.csv:{line}"
        population = check_population(row["population_2019_01_01"], where)
        code_ok = check_code(MUNICIPALITY_CODE, row["code"], where)
        county_ok = check_code(COUNTY_CODE, row["county_code"], where)
        if (2019, row["code"]) in municipalities:
            problems.append(f"{where}: code {row['code']} appears twice")
        if not (code_ok and county_ok) or population is None:
            continue
        counties[(2019, row["county_code"])] = {"name": row["county_name"]}
        municipalities[(2019, row["code"])] = {
            "name": row["name"],
            "county": (2019, row["county_code"]),
            "population": population,
            "population_date": POPULATION_DATES[StructureYear.Y2019],
        }

    for line, row in enumerate(_rows("municipalities-2024.csv", data_dir), start=2):
        where = f"municipalities-2024.csv:{line}"
        population = check_population(row["population_2024_01_01"], where)
        code_ok = check_code(MUNICIPALITY_CODE, row["code"], where)
        area = _decimal(row["area_km2"]) if row["area_km2"] else None
        if row["area_km2"] and area is None:
            problems.append(f"{where}: area {row['area_km2']!r} is not a number")
        if (2024, row["code"]) in municipalities:
            problems.append(f"{where}: code {row['code']} appears twice")
        if (2024, row["county_code"]) not in counties:
            problems.append(f"{where}: county {row['county_code']} is not in counties-2024.csv")
            continue
        if not code_ok or population is None:
            continue
        municipalities[(2024, row["code"])] = {
            "name": row["name"],
            "official_name": row["official_name"],
            "county": (2024, row["county_code"]),
            "population": population,
            "population_date": POPULATION_DATES[StructureYear.Y2024],
            "administrative_centre": row["administrative_centre"],
            "area_km2": area.quantize(Decimal("0.01")) if area is not None else None,
            "written_standard": row["written_standard"],
        }

    successions: dict[tuple[str, str], Decimal] = {}
    share_sums: dict[str, Decimal] = defaultdict(Decimal)
    for line, row in enumerate(_rows("municipality-succession-2019-2024.csv", data_dir), start=2):
        where = f"municipality-succession-2019-2024.csv:{line}"
        old, new = row["code_2019"], row["code_2024"]
        share = _decimal(row["share"])
        if (2019, old) not in municipalities:
            problems.append(f"{where}: {old} is not a 2019 municipality")
        if (2024, new) not in municipalities:
            problems.append(f"{where}: {new} is not a 2024 municipality")
        if share is None or not Decimal(0) < share <= Decimal(1):
            problems.append(f"{where}: share {row['share']!r} is not in (0, 1]")
            continue
        if (old, new) in successions:
            problems.append(f"{where}: {old} → {new} appears twice")
        successions[(old, new)] = share.quantize(SHARE_PLACES)
        share_sums[old] += share

    for year, code in sorted(municipalities):
        if year != 2019:
            continue
        if code not in share_sums:
            problems.append(f"2019 municipality {code} has no successor")
        elif share_sums[code] != 1:
            problems.append(f"2019 municipality {code}: shares sum to {share_sums[code]}, not 1")

    if problems:
        raise ReferenceDataError(problems)
    return ReferenceData(counties=counties, municipalities=municipalities, successions=successions)


def _sync(
    model: type[models.Model],
    existing: dict[Any, models.Model],
    wanted: dict[Any, dict[str, Any]],
    make: Any,
) -> tuple[int, int]:
    """Bring `existing` (natural key -> row) in line with `wanted` (natural key -> field
    values). `make(key, values)` builds an unsaved row. Returns (created, updated)."""
    to_create = [make(key, values) for key, values in wanted.items() if key not in existing]
    to_update: list[models.Model] = []
    changed_fields: set[str] = set()
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            continue
        differing = [field for field, value in values.items() if getattr(row, field) != value]
        if differing:
            for field in differing:
                setattr(row, field, values[field])
            changed_fields.update(differing)
            to_update.append(row)
    if to_create:
        model._default_manager.bulk_create(to_create, batch_size=500)
    if to_update:
        # bulk_update leaves auto_now fields alone; the open data's ETag needs the time.
        now = timezone.now()
        for row in to_update:
            row.updated_at = now  # type: ignore[attr-defined]
        model._default_manager.bulk_update(
            to_update, [*sorted(changed_fields), "updated_at"], batch_size=500
        )
    return len(to_create), len(to_update)


@transaction.atomic
def load_reference_data(data_dir: Path = DATA_DIR) -> LoadResult:
    """Make the places tables match the shipped files.

    Counties and municipalities that are no longer in the files are kept (plans and
    organisations may point at them); successions are derived data and are replaced, so
    that the shares of each 2019 municipality always sum to one.
    """
    data = read_reference_files(data_dir)
    created = updated = 0

    counties = {(c.year, c.code): c for c in County.objects.all()}
    made, changed = _sync(
        County,
        counties,  # type: ignore[arg-type]
        data.counties,
        lambda key, values: County(year=key[0], code=key[1], **values),
    )
    created, updated = created + made, updated + changed
    if made:
        counties = {(c.year, c.code): c for c in County.objects.all()}

    # The county is compared and set by id, so an unchanged row costs no county fetch.
    def resolve(values: dict[str, Any]) -> dict[str, Any]:
        county_key = values.pop("county")
        return {**values, "county_id": counties[county_key].pk}

    wanted_municipalities = {
        key: resolve(dict(values)) for key, values in data.municipalities.items()
    }
    existing_municipalities = {(m.year, m.code): m for m in Municipality.objects.all()}
    made, changed = _sync(
        Municipality,
        existing_municipalities,  # type: ignore[arg-type]
        wanted_municipalities,
        lambda key, values: Municipality(year=key[0], code=key[1], **values),
    )
    created, updated = created + made, updated + changed
    if made:
        existing_municipalities = {(m.year, m.code): m for m in Municipality.objects.all()}
    ids = {key: municipality.pk for key, municipality in existing_municipalities.items()}

    wanted_successions = {
        (ids[(2019, old)], ids[(2024, new)]): {"share": share}
        for (old, new), share in data.successions.items()
    }
    existing_successions = {(s.old_id, s.new_id): s for s in Succession.objects.all()}
    stale = [s.pk for key, s in existing_successions.items() if key not in wanted_successions]
    deleted = Succession.objects.filter(pk__in=stale).delete()[0] if stale else 0
    made, changed = _sync(
        Succession,
        existing_successions,  # type: ignore[arg-type]
        wanted_successions,
        lambda key, values: Succession(old_id=key[0], new_id=key[1], **values),
    )
    created, updated = created + made, updated + changed

    return LoadResult(
        counties=len(data.counties),
        municipalities=len(data.municipalities),
        successions=len(data.successions),
        created=created,
        updated=updated,
        deleted=deleted,
    )
