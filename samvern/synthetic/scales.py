"""How much data each scale generates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    # Municipalities of today's structure with plans (None: all of them, 357).
    municipalities: int | None
    measures_per_version: tuple[int, int]
    partnerships: int
    cases: int
    conferences: int
    case_workers_per_organisation: int
    audit_events: int
    # Cases, conferences and the audit trail cover the last this many years.
    years_of_cases: int = 5


SCALES: dict[str, Scale] = {
    "national": Scale(
        name="national",
        municipalities=None,
        measures_per_version=(25, 55),
        partnerships=30,
        cases=100_000,
        conferences=15_000,
        case_workers_per_organisation=5,
        audit_events=2_000_000,
    ),
    # About 1 % of national: a smoke test of the benchmark.
    "small": Scale(
        name="small",
        municipalities=6,
        measures_per_version=(25, 55),
        partnerships=3,
        cases=1_000,
        conferences=150,
        case_workers_per_organisation=3,
        audit_events=20_000,
    ),
    # For the test suite: every kind of row, in seconds.
    "tiny": Scale(
        name="tiny",
        municipalities=3,
        measures_per_version=(5, 10),
        partnerships=2,
        cases=120,
        conferences=24,
        case_workers_per_organisation=2,
        audit_events=2_500,
    ),
}
