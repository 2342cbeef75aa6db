"""Loads the shipped reference data (see docs/data-sources.md) idempotently."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from samvern.places.models import County, Municipality, StructureYear, Succession

DATA_DIR = Path(__file__).resolve().parent / "data"
POPULATION_DATES = {
    StructureYear.Y2019: dt.date(2019, 1, 1),
    StructureYear.Y2024: dt.date(2024, 1, 1),
}


@dataclass(frozen=True)
class LoadResult:
    counties: int
    municipalities: int
    successions: int
    changed: int


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(model: type, lookup: dict, values: dict) -> tuple[object, bool]:
    """Create or update one row; report whether anything changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    if changed:
        obj.save(update_fields=changed)
    return obj, bool(changed)


@transaction.atomic
def load_reference_data() -> LoadResult:
    changed = 0
    counties: dict[tuple[int, str], County] = {}

    rows_2019 = _rows("municipalities-2019.csv")
    county_names_2019 = {row["county_code"]: row["county_name"] for row in rows_2019}
    county_names_2024 = {row["code"]: row["name"] for row in _rows("counties-2024.csv")}
    for year, names in ((2019, county_names_2019), (2024, county_names_2024)):
        for code, name in sorted(names.items()):
            county, was_changed = _upsert(County, {"year": year, "code": code}, {"name": name})
            counties[(year, code)] = county  # type: ignore[assignment]
            changed += was_changed

    municipalities: dict[tuple[int, str], Municipality] = {}
    for row in rows_2019:
        municipality, was_changed = _upsert(
            Municipality,
            {"year": 2019, "code": row["code"]},
            {
                "name": row["name"],
                "county": counties[(2019, row["county_code"])],
                "population": int(row["population_2019_01_01"]),
                "population_date": POPULATION_DATES[StructureYear.Y2019],
            },
        )
        municipalities[(2019, row["code"])] = municipality  # type: ignore[assignment]
        changed += was_changed
    for row in _rows("municipalities-2024.csv"):
        municipality, was_changed = _upsert(
            Municipality,
            {"year": 2024, "code": row["code"]},
            {
                "name": row["name"],
                "official_name": row["official_name"],
                "county": counties[(2024, row["county_code"])],
                "population": int(row["population_2024_01_01"]),
                "population_date": POPULATION_DATES[StructureYear.Y2024],
                "administrative_centre": row["administrative_centre"],
                "area_km2": Decimal(row["area_km2"]) if row["area_km2"] else None,
                "written_standard": row["written_standard"],
            },
        )
        municipalities[(2024, row["code"])] = municipality  # type: ignore[assignment]
        changed += was_changed

    successions = 0
    for row in _rows("municipality-succession-2019-2024.csv"):
        _, was_changed = _upsert(
            Succession,
            {
                "old": municipalities[(2019, row["code_2019"])],
                "new": municipalities[(2024, row["code_2024"])],
            },
            {"share": Decimal(row["share"]).quantize(Decimal("0.000001"))},
        )
        successions += 1
        changed += was_changed
    return LoadResult(
        counties=len(counties),
        municipalities=len(municipalities),
        successions=successions,
        changed=changed,
    )
