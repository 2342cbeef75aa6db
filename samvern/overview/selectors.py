"""Coverage of municipal action plans on any date, for either municipality structure.

Everything here is computed from the plan layer (`samvern.plans`) and the place layer
(`samvern.places`) only. The queries are set-based: the number of queries is fixed, whatever
the number of plans, adoptions or municipalities (asserted by the tests).

Definitions (also shown on the overview page, see `templates/overview/_method.html`):

* A plan is *in force* for a municipality on date d when that municipality's own council
  has adopted a version (decided_on ≤ d), d lies within the period of that adoption
  (period_start ≤ d ≤ period_end, both inclusive), the version is not withdrawn, and that
  council has not yet adopted a later version of the plan (d < superseded_on): the other
  owners of an inter-municipal plan keep their adopted version until their own councils
  adopt the revision.
* Plans are owned by municipalities of the 2019 structure (historical registrations) or of
  the 2024 structure. Coverage is carried to the other structure through
  `places.Succession` (old 2019 municipality → new 2024 municipality, with the share of the
  old municipality that went to the new one):

  - 2019 → 2024: a 2024 municipality formed from several 2019 municipalities is covered in
    the proportion of its predecessors' population (2019 population × share) that was
    covered. Its covered population is that fraction of its 2024 population.
  - 2024 → 2019: a 2019 municipality is covered in proportion to the shares that went to
    covered successors; an unsplit municipality (share 1) is fully covered when its
    successor is, a split one (e.g. 0.5 + 0.5) is half covered when one part is.
  - A municipality's own adoption always means full coverage.

  A municipality *counts* as having a plan only when it is fully covered (fraction 1);
  partly covered municipalities are counted separately, and contribute their covered
  fraction of population to the population figure.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.overview import precomputed
from samvern.overview.dates import HISTORY_MAX_POINTS
from samvern.overview.precomputed import DataState
from samvern.places.models import County, Municipality, StructureYear, Succession
from samvern.plans.models import (
    DRAFT_STATUSES,
    Adoption,
    Evaluation,
    Plan,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    VersionStatus,
)

STRUCTURE_YEARS = (StructureYear.Y2019, StructureYear.Y2024)
HISTORY_FIRST_YEAR = 2010


class Status:
    """Map and table categories of a municipality on a date (ordered by precedence)."""

    IN_FORCE = "in_force"
    PARTLY = "partly"
    PREPARING = "preparing"
    EXPIRED = "expired"
    NONE = "none"

    ORDER = (IN_FORCE, PARTLY, PREPARING, EXPIRED, NONE)
    LABELS = {
        IN_FORCE: _("Plan in force"),
        PARTLY: _("Partly covered (through a merger or split)"),
        PREPARING: _("Plan being prepared"),
        EXPIRED: _("Plan expired"),
        NONE: _("Never had a plan"),
    }


# --- What is read from the database (a fixed number of queries) -------------------------


@dataclass(frozen=True)
class _AdoptionRow:
    municipality_id: int
    version_id: uuid.UUID
    plan_id: uuid.UUID
    withdrawn: bool
    decided_on: dt.date
    period_start: dt.date
    period_end: dt.date
    reported: bool  # a reporting round of the version was closed by the day
    evaluated: bool  # an evaluation of the version was completed by the day
    # The day this municipality's council adopted a later version of the plan.
    superseded_on: dt.date | None = None

    def in_force_on(self, day: dt.date) -> bool:
        return (
            self.decided_on <= day
            and self.period_start <= day <= self.period_end
            and (self.superseded_on is None or day < self.superseded_on)
        )


@dataclass(frozen=True)
class _DraftRow:
    plan_id: uuid.UUID
    plan_title: str
    number: int


@dataclass
class _Source:
    """The rows the figures of one day are computed from: every adoption, the owners of
    every plan, the versions being prepared, the municipalities and their successions.
    Six queries, whatever the number of plans or municipalities; everything else is
    computed in memory from these rows."""

    day: dt.date
    municipalities: list[dict[str, object]]
    adoptions: list[_AdoptionRow]
    owners: dict[uuid.UUID, set[int]]
    drafting: list[_DraftRow]
    successions: list[tuple[int, int, Decimal]]

    @property
    def valid_adoptions(self) -> list[_AdoptionRow]:
        return [row for row in self.adoptions if not row.withdrawn]


def _valid_adoptions() -> QuerySet[Adoption]:
    return Adoption.objects.exclude(version__status=VersionStatus.WITHDRAWN)


def _closed_round_by(day: dt.date, version_ref: OuterRef) -> Exists:
    """A reporting round of the version was done (closed) by `day`."""
    return Exists(
        ReportingRound.objects.filter(version=version_ref, status=RoundStatus.CLOSED).filter(
            Q(closed_on__lte=day) | Q(closed_on__isnull=True, due_date__lte=day)
        )
    )


def _evaluated_by(day: dt.date, version_ref: OuterRef) -> Exists:
    return Exists(Evaluation.objects.filter(version=version_ref, completed_on__lte=day))


def _as_uuid(value: object) -> uuid.UUID:
    """Values can come back as text on SQLite; make them UUIDs everywhere."""
    if isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def _read_source(day: dt.date, *, municipalities: bool = True) -> _Source:
    adoptions = [
        _AdoptionRow(
            municipality_id=row["municipality_id"],
            version_id=_as_uuid(row["version_id"]),
            plan_id=_as_uuid(row["version__plan_id"]),
            withdrawn=row["version__status"] == VersionStatus.WITHDRAWN,
            decided_on=row["decided_on"],
            period_start=row["period_start"],
            period_end=row["period_end"],
            reported=row["a_reported"],
            evaluated=row["a_evaluated"],
            superseded_on=row["superseded_on"],
        )
        for row in Adoption.objects.order_by()
        .annotate(
            a_reported=_closed_round_by(day, OuterRef("version")),
            a_evaluated=_evaluated_by(day, OuterRef("version")),
        )
        .values(
            "municipality_id",
            "version_id",
            "version__plan_id",
            "version__status",
            "decided_on",
            "period_start",
            "period_end",
            "superseded_on",
            "a_reported",
            "a_evaluated",
        )
    ]
    owners: dict[uuid.UUID, set[int]] = defaultdict(set)
    for plan_id, municipality_id in Plan.municipalities.through.objects.values_list(
        "plan_id", "municipality_id"
    ):
        owners[_as_uuid(plan_id)].add(municipality_id)
    drafting = [
        _DraftRow(plan_id=_as_uuid(plan_id), plan_title=title, number=number)
        for plan_id, title, number in PlanVersion.objects.filter(
            status__in=[status.value for status in DRAFT_STATUSES], started_on__lte=day
        )
        .order_by()
        .values_list("plan_id", "plan__title", "number")
    ]
    return _Source(
        day=day,
        municipalities=[
            dict(row)
            for row in Municipality.objects.filter(year__in=STRUCTURE_YEARS)
            .order_by()
            .values("pk", "year", "code", "name", "county_id", "population")
            if municipalities
        ],
        adoptions=adoptions,
        owners=dict(owners),
        drafting=drafting,
        successions=_successions(),
    )


# --- Per-municipality facts -------------------------------------------------------------


@dataclass
class _Facts:
    """What is known directly about one municipality row on the date."""

    pk: int
    year: int
    code: str
    name: str
    county_id: int
    population: int
    in_force: bool
    in_force_plan: uuid.UUID | None
    inter: bool
    reported: bool
    ended: bool
    ended_plan: uuid.UUID | None
    unevaluated: bool
    preparing: bool
    preparing_plan: uuid.UUID | None


def _municipality_facts(source: _Source) -> dict[int, _Facts]:
    day = source.day
    by_municipality: dict[int, list[_AdoptionRow]] = defaultdict(list)
    for row in source.valid_adoptions:
        by_municipality[row.municipality_id].append(row)
    inter_plans = {plan for plan, owners in source.owners.items() if len(owners) > 1}
    # The version being prepared that is named first: by plan title, then version number.
    drafting: dict[int, list[_DraftRow]] = defaultdict(list)
    for draft in sorted(source.drafting, key=lambda d: (d.plan_title, d.number)):
        for municipality_id in source.owners.get(draft.plan_id, ()):
            drafting[municipality_id].append(draft)

    facts = {}
    for place in source.municipalities:
        pk = int(str(place["pk"]))
        rows = by_municipality.get(pk, [])
        in_force = [row for row in rows if row.in_force_on(day)]
        ended = [row for row in rows if row.decided_on <= day and row.period_end < day]
        upcoming = [row for row in rows if row.decided_on <= day and row.period_start > day]
        latest_in_force = max(in_force, key=lambda row: row.decided_on, default=None)
        latest_ended = max(ended, key=lambda row: row.period_end, default=None)
        first_upcoming = min(upcoming, key=lambda row: row.decided_on, default=None)
        drafts = drafting.get(pk, [])
        preparing_plan = (
            first_upcoming.plan_id if first_upcoming else drafts[0].plan_id if drafts else None
        )
        facts[pk] = _Facts(
            pk=pk,
            year=int(str(place["year"])),
            code=str(place["code"]),
            name=str(place["name"]),
            county_id=int(str(place["county_id"])),
            population=int(str(place["population"])),
            in_force=bool(in_force),
            in_force_plan=latest_in_force.plan_id if latest_in_force else None,
            inter=any(row.plan_id in inter_plans for row in in_force),
            reported=any(row.reported for row in in_force),
            ended=bool(ended),
            ended_plan=latest_ended.plan_id if latest_ended else None,
            unevaluated=any(not row.evaluated for row in ended),
            preparing=bool(upcoming) or bool(drafts),
            preparing_plan=preparing_plan,
        )
    return facts


def _successions() -> list[tuple[int, int, Decimal]]:
    return list(Succession.objects.order_by().values_list("old_id", "new_id", "share"))


def _relations(
    successions: Iterable[tuple[int, int, Decimal]], structure: int
) -> dict[int, list[tuple[int, Decimal]]]:
    """For each municipality of `structure`: its counterparts in the other structure with the
    succession share (predecessors for 2024, successors for 2019)."""
    related: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for old_id, new_id, share in successions:
        if structure == StructureYear.Y2024:
            related[new_id].append((old_id, share))
        else:
            related[old_id].append((new_id, share))
    return related


# --- Results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityCoverage:
    pk: int
    code: str
    name: str
    county_code: str
    county_name: str
    population: int
    status: str
    covered_fraction: float
    covered_population: float
    via_succession: bool
    inter_municipal: bool
    unreported: bool
    unevaluated: bool
    plan_id: uuid.UUID | None

    @property
    def status_label(self) -> str:
        return str(Status.LABELS[self.status])


@dataclass
class Figures:
    """Counts for a set of municipalities (the whole country or one county)."""

    code: str = ""
    name: str = ""
    municipalities: int = 0
    in_force: int = 0
    partly: int = 0
    preparing: int = 0
    expired: int = 0
    never: int = 0
    inter_municipal: int = 0
    unreported: int = 0
    unevaluated: int = 0
    population: int = 0
    covered_population: float = 0.0

    @property
    def in_force_share(self) -> float:
        return self.in_force / self.municipalities if self.municipalities else 0.0

    @property
    def population_share(self) -> float:
        return self.covered_population / self.population if self.population else 0.0

    def add(self, row: MunicipalityCoverage) -> None:
        self.municipalities += 1
        self.population += row.population
        self.covered_population += row.covered_population
        self.in_force += row.status == Status.IN_FORCE
        self.partly += row.status == Status.PARTLY
        self.preparing += row.status == Status.PREPARING
        self.expired += row.status == Status.EXPIRED
        self.never += row.status == Status.NONE
        self.inter_municipal += row.inter_municipal
        self.unreported += row.unreported
        self.unevaluated += row.unevaluated


@dataclass(frozen=True)
class PlanFigures:
    """Counts of plans (structure-independent: a plan is a plan in either structure)."""

    in_force: int
    inter_municipal: int
    expired_without_successor: int
    in_force_unreported: int
    ended_unevaluated: int

    @property
    def inter_municipal_share(self) -> float:
        return self.inter_municipal / self.in_force if self.in_force else 0.0


@dataclass
class Coverage:
    as_of: dt.date
    structure: int
    municipalities: list[MunicipalityCoverage]
    national: Figures
    counties: list[Figures]
    plans: PlanFigures
    by_code: dict[str, MunicipalityCoverage] = field(default_factory=dict)


def _resolve(
    structure: int,
    facts: dict[int, _Facts],
    related: dict[int, list[tuple[int, Decimal]]],
    flag: str = "in_force",
) -> dict[int, tuple[float, list[_Facts]]]:
    """Covered fraction of each municipality of `structure`, with the rows that cover it."""
    resolved: dict[int, tuple[float, list[_Facts]]] = {}
    for pk, own in facts.items():
        if own.year != structure:
            continue
        if getattr(own, flag):
            resolved[pk] = (1.0, [own])
            continue
        counterparts = [(facts[other], share) for other, share in related.get(pk, ())]
        if structure == StructureYear.Y2024:
            weights = [(row, float(share) * row.population) for row, share in counterparts]
        else:
            weights = [(row, float(share)) for row, share in counterparts]
        total = sum(weight for _, weight in weights)
        covering = [row for row, _ in weights if getattr(row, flag)]
        covered = sum(weight for row, weight in weights if getattr(row, flag))
        fraction = covered / total if total else 0.0
        # Rounding of shares (e.g. 0.35 + 0.35 + 0.3) must not turn full coverage partial.
        if covering and fraction > 0.999999:
            fraction = 1.0
        resolved[pk] = (fraction, covering)
    return resolved


def _coverage_of(source: _Source, structure: int) -> Coverage:
    """Coverage of every municipality of `structure` on the source's day, with national
    and per-county figures and the plan figures."""
    day = source.day
    facts = _municipality_facts(source)
    related = _relations(source.successions, structure)
    counties = {
        county.pk: county for county in County.objects.filter(year=structure).order_by("code")
    }
    resolved = _resolve(structure, facts, related)

    rows: list[MunicipalityCoverage] = []
    for pk, (fraction, covering) in resolved.items():
        own = facts[pk]
        others = [facts[other] for other, _ in related.get(pk, ())]
        everything = [own, *others]
        if fraction >= 1.0:
            status = Status.IN_FORCE
        elif fraction > 0:
            status = Status.PARTLY
        elif any(row.preparing for row in everything):
            status = Status.PREPARING
        elif any(row.ended for row in everything):
            status = Status.EXPIRED
        else:
            status = Status.NONE
        plan_id = next((row.in_force_plan for row in covering if row.in_force_plan), None)
        if plan_id is None:
            plan_id = next(
                (
                    row.preparing_plan or row.ended_plan
                    for row in everything
                    if row.preparing_plan or row.ended_plan
                ),
                None,
            )
        county = counties[own.county_id]
        rows.append(
            MunicipalityCoverage(
                pk=pk,
                code=own.code,
                name=own.name,
                county_code=county.code,
                county_name=county.name,
                population=own.population,
                status=status,
                covered_fraction=fraction,
                covered_population=fraction * own.population,
                via_succession=fraction > 0 and not own.in_force,
                inter_municipal=any(row.inter for row in covering),
                unreported=bool(covering) and not any(row.reported for row in covering),
                unevaluated=any(row.unevaluated for row in everything),
                plan_id=plan_id,
            )
        )
    rows.sort(key=lambda row: row.code)

    national = Figures(code="", name=str(_("Norway")))
    per_county = {
        county.pk: Figures(code=county.code, name=county.name) for county in counties.values()
    }
    for row in rows:
        national.add(row)
        per_county[facts[row.pk].county_id].add(row)
    return Coverage(
        as_of=day,
        structure=structure,
        municipalities=rows,
        national=national,
        counties=list(per_county.values()),
        plans=_plan_figures_of(source),
        by_code={row.code: row for row in rows},
    )


def coverage(
    *,
    actor: Actor | None = None,
    as_of: dt.date | None = None,
    structure: int,
    state: DataState | None = None,
) -> Coverage:
    """Coverage of every municipality of `structure` on `as_of` (default today), with
    national and per-county figures. Public information: `actor` is accepted for the
    selector convention and not used to filter anything.

    The figures are precomputed: they are computed once for each state of the plan and
    reference data (`state`, read when not given) and day, and reused until either
    changes (see `samvern.overview.precomputed`)."""
    day = as_of or timezone.localdate()
    figures = _day_figures(structure, day, state)
    national = replace(figures.coverage.national, name=str(_("Norway")))
    return replace(figures.coverage, national=national)


def history(
    *,
    actor: Actor | None = None,
    as_of: dt.date | None = None,
    structure: int,
    state: DataState | None = None,
) -> list[HistoryPoint]:
    """Coverage on the same day of each year up to `as_of` (precomputed as coverage())."""
    day = as_of or timezone.localdate()
    return list(_day_figures(structure, day, state).history)


@dataclass(frozen=True)
class DayFigures:
    coverage: Coverage
    history: list[HistoryPoint]


def _day_figures(structure: int, day: dt.date, state: DataState | None) -> DayFigures:
    def compute() -> DayFigures:
        source = _read_source(day)
        return DayFigures(
            coverage=_coverage_of(source, structure), history=_history_of(source, structure)
        )

    return precomputed.remembered(
        f"figures:{structure}:{day.isoformat()}",
        state or precomputed.data_state(),
        compute,
        _encode,
        _decode,
    )


def _encode(figures: DayFigures) -> dict[str, Any]:
    result = figures.coverage
    return {
        "as_of": result.as_of.isoformat(),
        "structure": result.structure,
        "municipalities": [
            {**asdict(row), "plan_id": str(row.plan_id) if row.plan_id else None}
            for row in result.municipalities
        ],
        "national": asdict(result.national),
        "counties": [asdict(county) for county in result.counties],
        "plans": asdict(result.plans),
        "history": [{**asdict(point), "day": point.day.isoformat()} for point in figures.history],
    }


def _decode(payload: dict[str, Any]) -> DayFigures:
    rows = [
        MunicipalityCoverage(
            **{**row, "plan_id": uuid.UUID(row["plan_id"]) if row["plan_id"] else None}
        )
        for row in payload["municipalities"]
    ]
    return DayFigures(
        coverage=Coverage(
            as_of=dt.date.fromisoformat(payload["as_of"]),
            structure=payload["structure"],
            municipalities=rows,
            national=Figures(**payload["national"]),
            counties=[Figures(**county) for county in payload["counties"]],
            plans=PlanFigures(**payload["plans"]),
            by_code={row.code: row for row in rows},
        ),
        history=[
            HistoryPoint(**{**point, "day": dt.date.fromisoformat(point["day"])})
            for point in payload["history"]
        ],
    )


# --- Plan-level figures -----------------------------------------------------------------


def plan_figures(*, as_of: dt.date) -> PlanFigures:
    return _plan_figures_of(_read_source(as_of, municipalities=False))


def _plan_figures_of(source: _Source) -> PlanFigures:
    day = source.day
    valid = source.valid_adoptions
    by_plan: dict[uuid.UUID, list[_AdoptionRow]] = defaultdict(list)
    by_version: dict[uuid.UUID, list[_AdoptionRow]] = defaultdict(list)
    # The latest period end adopted (by the day) for each municipality.
    reach: dict[int, dt.date] = {}
    for row in valid:
        by_plan[row.plan_id].append(row)
        by_version[row.version_id].append(row)
        if row.decided_on <= day and row.period_end > reach.get(row.municipality_id, dt.date.min):
            reach[row.municipality_id] = row.period_end
    # Every municipality that ever adopted a version of the plan, withdrawn ones included.
    adopters: dict[uuid.UUID, set[int]] = defaultdict(set)
    for row in source.adoptions:
        adopters[row.plan_id].add(row.municipality_id)
    successors: dict[int, set[int]] = defaultdict(set)
    predecessors: dict[int, set[int]] = defaultdict(set)
    for old_id, new_id, _share in source.successions:
        successors[old_id].add(new_id)
        predecessors[new_id].add(old_id)

    ended_unevaluated_plans = set()
    for rows in by_version.values():
        decided = [row for row in rows if row.decided_on <= day]
        if (
            decided
            and not any(row.period_end >= day for row in decided)
            and not decided[0].evaluated
        ):
            ended_unevaluated_plans.add(decided[0].plan_id)

    in_force = inter = expired = unreported = 0
    for plan_id, rows in by_plan.items():
        current = [row for row in rows if row.in_force_on(day)]
        if current:
            in_force += 1
            inter += len(source.owners.get(plan_id, ())) > 1
            unreported += not any(row.reported for row in current)
        ends = [row.period_end for row in rows if row.decided_on <= day]
        if not ends or max(ends) >= day:
            continue
        last_end = max(ends)
        # A successor: an adoption, by one of the plan's adopting municipalities (or their
        # counterparts in the other structure), of a period reaching beyond this plan's end.
        own = adopters[plan_id]
        related = own.union(*(successors[pk] for pk in own), *(predecessors[pk] for pk in own))
        if not any(reach.get(pk, dt.date.min) > last_end for pk in related):
            expired += 1
    return PlanFigures(
        in_force=in_force,
        inter_municipal=inter,
        expired_without_successor=expired,
        in_force_unreported=unreported,
        ended_unevaluated=len(ended_unevaluated_plans),
    )


# --- History ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPoint:
    day: dt.date
    municipalities: int
    in_force: int
    population: int
    covered_population: float

    @property
    def in_force_share(self) -> float:
        return self.in_force / self.municipalities if self.municipalities else 0.0

    @property
    def population_share(self) -> float:
        return self.covered_population / self.population if self.population else 0.0


def history_days(as_of: dt.date) -> list[dt.date]:
    """The same calendar day in each year from 2010 (or earlier) up to `as_of`: at most
    HISTORY_MAX_POINTS days, the latest ones, so that no date makes the history long."""
    first = max(min(HISTORY_FIRST_YEAR, as_of.year), as_of.year - HISTORY_MAX_POINTS + 1)
    days = []
    for year in range(first, as_of.year + 1):
        try:
            days.append(as_of.replace(year=year))
        except ValueError:  # 29 February in a common year
            days.append(dt.date(year, 2, 28))
    return days


def _history_of(source: _Source, structure: int) -> list[HistoryPoint]:
    """The same resolution as `_resolve` for "in force", for each day of the history,
    with plain tuples (this runs for up to HISTORY_MAX_POINTS days)."""
    spans: dict[int, list[tuple[dt.date, dt.date, dt.date, dt.date]]] = defaultdict(list)
    for row in source.valid_adoptions:
        spans[row.municipality_id].append(
            (row.decided_on, row.period_start, row.period_end, row.superseded_on or dt.date.max)
        )
    places = {
        int(str(place["pk"])): (int(str(place["year"])), int(str(place["population"])))
        for place in source.municipalities
    }
    related = _relations(source.successions, structure)
    weights = {
        pk: [
            (
                other,
                float(share) * places[other][1]
                if structure == StructureYear.Y2024
                else float(share),
            )
            for other, share in related.get(pk, ())
        ]
        for pk, (year, _population) in places.items()
        if year == structure
    }
    points = []
    for point_day in history_days(source.day):
        covered = {
            pk
            for pk, periods in spans.items()
            if any(
                decided <= point_day and start <= point_day <= end and point_day < superseded
                for decided, start, end, superseded in periods
            )
        }
        in_force = population = 0
        covered_population = 0.0
        for pk, counterparts in weights.items():
            own_population = places[pk][1]
            population += own_population
            if pk in covered:
                fraction = 1.0
            else:
                total = sum(weight for _other, weight in counterparts)
                reached = [weight for other, weight in counterparts if other in covered]
                fraction = sum(reached) / total if total else 0.0
                if reached and fraction > 0.999999:
                    fraction = 1.0
            in_force += fraction >= 1.0
            covered_population += fraction * own_population
        points.append(
            HistoryPoint(
                day=point_day,
                municipalities=len(weights),
                in_force=in_force,
                population=population,
                covered_population=covered_population,
            )
        )
    return points


# --- One municipality (detail page) -----------------------------------------------------


def municipality_adoptions(
    *, actor: Actor | None = None, municipality: Municipality
) -> QuerySet[Adoption]:
    """Every adoption recorded for the municipality itself or its counterparts in the other
    structure, newest first (public facts)."""
    related_ids = list(
        Succession.objects.filter(Q(old=municipality) | Q(new=municipality)).values_list(
            "old_id", "new_id"
        )
    )
    ids = {municipality.pk} | {pk for pair in related_ids for pk in pair}
    return (
        _valid_adoptions()
        .filter(municipality_id__in=ids)
        .select_related("version__plan", "municipality")
        .annotate(plan_title=F("version__plan__title"), version_number=F("version__number"))
        .order_by("-decided_on")
    )
