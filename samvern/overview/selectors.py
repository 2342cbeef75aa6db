"""Coverage of municipal action plans on any date, for either municipality structure.

Everything here is computed from the plan layer (`samvern.plans`) and the place layer
(`samvern.places`) only. The queries are set-based: the number of queries is fixed, whatever
the number of plans, adoptions or municipalities (asserted by the tests).

Definitions (also shown on the overview page, see `templates/overview/_method.html`):

* A plan is *in force* for a municipality on date d when that municipality's own council
  has adopted a version (decided_on ≤ d), d lies within the period of that adoption
  (period_start ≤ d ≤ period_end, both inclusive), and the version is not withdrawn.
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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.overview.dates import HISTORY_MAX_POINTS
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


# --- Query building blocks -------------------------------------------------------------


def _valid_adoptions() -> QuerySet[Adoption]:
    return Adoption.objects.exclude(version__status=VersionStatus.WITHDRAWN)


def _in_force_on(day: dt.date, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}decided_on__lte": day,
            f"{prefix}period_start__lte": day,
            f"{prefix}period_end__gte": day,
        }
    )


def _closed_round_by(day: dt.date, version_ref: OuterRef) -> Exists:
    """A reporting round of the version was done (closed) by `day`."""
    return Exists(
        ReportingRound.objects.filter(version=version_ref, status=RoundStatus.CLOSED).filter(
            Q(closed_on__lte=day) | Q(closed_on__isnull=True, due_date__lte=day)
        )
    )


def _evaluated_by(day: dt.date, version_ref: OuterRef) -> Exists:
    return Exists(Evaluation.objects.filter(version=version_ref, completed_on__lte=day))


def _inter_municipal_plan_ids() -> QuerySet[Plan, Mapping[str, object]]:
    return (
        Plan.objects.annotate(owner_count=Count("municipalities"))
        .filter(owner_count__gt=1)
        .values("pk")
    )


def _as_uuid(value: object) -> uuid.UUID | None:
    """Subquery values come back as text on SQLite; make them UUIDs everywhere."""
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


# --- Per-municipality facts (one query for both structures) -----------------------------


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


def _municipality_facts(day: dt.date) -> dict[int, _Facts]:
    adoptions = _valid_adoptions().filter(municipality=OuterRef("pk"))
    in_force = adoptions.filter(_in_force_on(day))
    ended = adoptions.filter(decided_on__lte=day, period_end__lt=day)
    upcoming = adoptions.filter(decided_on__lte=day, period_start__gt=day)
    drafting = PlanVersion.objects.filter(
        plan__municipalities=OuterRef("pk"),
        status__in=[status.value for status in DRAFT_STATUSES],
        started_on__lte=day,
    )
    rows = (
        Municipality.objects.filter(year__in=STRUCTURE_YEARS)
        .annotate(
            f_in_force=Exists(in_force),
            f_in_force_plan=Subquery(
                in_force.order_by("-decided_on").values("version__plan_id")[:1]
            ),
            f_inter=Exists(in_force.filter(version__plan__in=_inter_municipal_plan_ids())),
            f_reported=Exists(in_force.filter(_closed_round_by(day, OuterRef("version")))),
            f_ended=Exists(ended),
            f_ended_plan=Subquery(ended.order_by("-period_end").values("version__plan_id")[:1]),
            f_unevaluated=Exists(ended.filter(~_evaluated_by(day, OuterRef("version")))),
            f_upcoming=Exists(upcoming),
            f_drafting=Exists(drafting),
            f_preparing_plan=Subquery(drafting.values("plan_id")[:1]),
            f_upcoming_plan=Subquery(upcoming.values("version__plan_id")[:1]),
        )
        .values(
            "pk",
            "year",
            "code",
            "name",
            "county_id",
            "population",
            "f_in_force",
            "f_in_force_plan",
            "f_inter",
            "f_reported",
            "f_ended",
            "f_ended_plan",
            "f_unevaluated",
            "f_upcoming",
            "f_drafting",
            "f_preparing_plan",
            "f_upcoming_plan",
        )
    )
    facts = {}
    for row in rows:
        facts[row["pk"]] = _Facts(
            pk=row["pk"],
            year=row["year"],
            code=row["code"],
            name=row["name"],
            county_id=row["county_id"],
            population=row["population"],
            in_force=row["f_in_force"],
            in_force_plan=_as_uuid(row["f_in_force_plan"]),
            inter=row["f_inter"],
            reported=row["f_reported"],
            ended=row["f_ended"],
            ended_plan=_as_uuid(row["f_ended_plan"]),
            unevaluated=row["f_unevaluated"],
            preparing=row["f_upcoming"] or row["f_drafting"],
            preparing_plan=_as_uuid(row["f_upcoming_plan"] or row["f_preparing_plan"]),
        )
    return facts


def _successions() -> list[tuple[int, int, Decimal]]:
    return list(Succession.objects.values_list("old_id", "new_id", "share"))


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


def coverage(
    *, actor: Actor | None = None, as_of: dt.date | None = None, structure: int
) -> Coverage:
    """Coverage of every municipality of `structure` on `as_of` (default today), with
    national and per-county figures. Public information: `actor` is accepted for the
    selector convention and not used to filter anything."""
    day = as_of or timezone.localdate()
    facts = _municipality_facts(day)
    related = _relations(_successions(), structure)
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
        plans=plan_figures(as_of=day),
        by_code={row.code: row for row in rows},
    )


# --- Plan-level figures (one aggregate query) -------------------------------------------


def plan_figures(*, as_of: dt.date) -> PlanFigures:
    day = as_of
    adoptions = _valid_adoptions().filter(version__plan=OuterRef("pk"))
    in_force = adoptions.filter(_in_force_on(day))
    versions = PlanVersion.objects.filter(plan=OuterRef("pk")).exclude(
        status=VersionStatus.WITHDRAWN
    )
    version_adoptions = Adoption.objects.filter(version=OuterRef("pk"), decided_on__lte=day)
    ended_versions = versions.filter(
        Exists(version_adoptions),
        ~Exists(version_adoptions.filter(period_end__gte=day)),
        ~_evaluated_by(day, OuterRef("pk")),
    )
    owner_counts = (
        Plan.municipalities.through.objects.filter(plan=OuterRef("pk"))
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")  # type: ignore[misc]
    )

    # A successor: an adoption, by one of the plan's adopting municipalities (or their
    # counterparts in the other structure), of a period reaching beyond this plan's end.
    # (Each level of subquery nesting needs one more OuterRef to reach the plan.)
    def adopters(depth: int) -> QuerySet[Adoption, Mapping[str, object]]:
        plan_ref: OuterRef = OuterRef("pk")
        for _level in range(depth - 1):
            plan_ref = OuterRef(plan_ref)
        return Adoption.objects.filter(version__plan=plan_ref).values("municipality_id")

    successors = _valid_adoptions().filter(
        Q(municipality_id__in=adopters(2))
        | Q(municipality_id__in=Succession.objects.filter(old_id__in=adopters(3)).values("new_id"))
        | Q(municipality_id__in=Succession.objects.filter(new_id__in=adopters(3)).values("old_id")),
        decided_on__lte=day,
        period_end__gt=OuterRef("p_last_end"),
    )
    last_end = (
        adoptions.filter(decided_on__lte=day).order_by("-period_end").values("period_end")[:1]
    )
    plans = Plan.objects.annotate(p_last_end=Subquery(last_end)).annotate(
        p_in_force=Exists(in_force),
        p_reported=Exists(in_force.filter(_closed_round_by(day, OuterRef("version")))),
        p_successor=Exists(successors),
        p_owners=Subquery(owner_counts[:1]),
        p_ended_unevaluated=Exists(ended_versions),
    )
    totals = plans.aggregate(
        in_force=Count("pk", filter=Q(p_in_force=True)),
        inter=Count("pk", filter=Q(p_in_force=True, p_owners__gt=1)),
        expired=Count("pk", filter=Q(p_last_end__lt=day, p_successor=False)),
        unreported=Count("pk", filter=Q(p_in_force=True, p_reported=False)),
        unevaluated=Count("pk", filter=Q(p_ended_unevaluated=True)),
    )
    return PlanFigures(
        in_force=totals["in_force"],
        inter_municipal=totals["inter"],
        expired_without_successor=totals["expired"],
        in_force_unreported=totals["unreported"],
        ended_unevaluated=totals["unevaluated"],
    )


# --- History (one query for all years) --------------------------------------------------


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


def history(
    *, actor: Actor | None = None, as_of: dt.date | None = None, structure: int
) -> list[HistoryPoint]:
    day = as_of or timezone.localdate()
    days = history_days(day)
    adoptions = _valid_adoptions().filter(municipality=OuterRef("pk"))
    annotations = {f"y{i}": Exists(adoptions.filter(_in_force_on(d))) for i, d in enumerate(days)}
    rows = list(
        Municipality.objects.filter(year__in=STRUCTURE_YEARS)
        .annotate(**annotations)
        .values("pk", "year", "population", *annotations)
    )
    related = _relations(_successions(), structure)
    points = []
    for i, point_day in enumerate(days):
        facts = {
            row["pk"]: _Facts(
                pk=row["pk"],
                year=row["year"],
                code="",
                name="",
                county_id=0,
                population=row["population"],
                in_force=row[f"y{i}"],
                in_force_plan=None,
                inter=False,
                reported=False,
                ended=False,
                ended_plan=None,
                unevaluated=False,
                preparing=False,
                preparing_plan=None,
            )
            for row in rows
        }
        resolved = _resolve(structure, facts, related)
        total_population = sum(facts[pk].population for pk in resolved)
        points.append(
            HistoryPoint(
                day=point_day,
                municipalities=len(resolved),
                in_force=sum(1 for fraction, _ in resolved.values() if fraction >= 1.0),
                population=total_population,
                covered_population=sum(
                    fraction * facts[pk].population for pk, (fraction, _) in resolved.items()
                ),
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
        .annotate(plan_title=F("version__plan__title"))
        .order_by("-decided_on")
    )
