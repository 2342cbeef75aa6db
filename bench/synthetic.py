"""National-scale synthetic plan data for the benchmark.

Builds, on top of the loaded reference data, what a fully used national installation would
hold: an organisation per municipality, action plans (some shared by several
municipalities of a county, some municipalities without any), about two versions per plan
with per-council adoptions, reporting rounds and evaluations, plus plans registered for the
2019 structure. Everything is fictional and deterministic for a given seed.

Uses bulk inserts only, so the whole country takes seconds. Import it after django.setup().
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from samvern.accounts.models import Organisation, OrganisationKind
from samvern.places.models import Municipality
from samvern.plans.models import (
    Adoption,
    Evaluation,
    EvaluationKind,
    Plan,
    PlanOrigin,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    VersionStatus,
)

BENCH_MARK = "(bench)"  # every organisation name carries it, so bench rows are recognisable


@dataclass(frozen=True)
class DatasetSummary:
    municipalities_2024: int
    municipalities_2019: int
    organisations: int
    plans: int
    inter_municipal_plans: int
    municipalities_2024_without_plan: int
    versions: int
    adoptions: int
    reporting_rounds: int
    evaluations: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class _Rows:
    """Collects unsaved rows and writes them in dependency order."""

    def __init__(self) -> None:
        self.plans: list[Plan] = []
        self.plan_owners: list[tuple[Plan, Municipality]] = []
        self.versions: list[PlanVersion] = []
        self.adoptions: list[Adoption] = []
        self.rounds: list[ReportingRound] = []
        self.evaluations: list[Evaluation] = []

    def save(self) -> None:
        Plan.objects.bulk_create(self.plans, batch_size=500)
        Through = Plan.municipalities.through
        Through.objects.bulk_create(
            [Through(plan_id=plan.pk, municipality_id=m.pk) for plan, m in self.plan_owners],
            batch_size=1000,
        )
        # A version may point at its predecessor, so insert first versions first.
        for number in sorted({version.number for version in self.versions}):
            PlanVersion.objects.bulk_create(
                [version for version in self.versions if version.number == number],
                batch_size=500,
            )
        Adoption.objects.bulk_create(self.adoptions, batch_size=500)
        ReportingRound.objects.bulk_create(self.rounds, batch_size=500)
        Evaluation.objects.bulk_create(self.evaluations, batch_size=500)


def _groups(municipalities: list[Municipality], rng: random.Random) -> list[list[Municipality]]:
    """Owner groups within each county: about half of the plans are shared by two to four
    municipalities (as the 2019 study found), and roughly one municipality in five has no
    plan at all (the study found three in five; a platform in use should do better)."""
    by_county: dict[int, list[Municipality]] = defaultdict(list)
    for municipality in municipalities:
        by_county[municipality.county_id].append(municipality)
    groups: list[list[Municipality]] = []
    for members in by_county.values():
        pool = list(members)
        rng.shuffle(pool)
        while pool:
            if rng.random() < 0.33:
                pool.pop()  # no plan
                continue
            size = rng.choice([2, 3, 4]) if rng.random() < 0.5 and len(pool) > 1 else 1
            groups.append([pool.pop() for _ in range(min(size, len(pool)))])
    return groups


def _add_version(
    rows: _Rows,
    *,
    plan: Plan,
    owners: list[Municipality],
    number: int,
    previous: PlanVersion | None,
    start: dt.date,
    years: int,
    status: str,
    today: dt.date,
    rng: random.Random,
) -> PlanVersion:
    end = dt.date(start.year + years - 1, 12, 31)
    version = PlanVersion(
        plan=plan,
        number=number,
        title=plan.title if number == 1 else f"{plan.title}, revision {number - 1}",
        status=status,
        previous=previous,
        period_start=start,
        period_end=end,
    )
    rows.versions.append(version)
    if status in {VersionStatus.DRAFTING, VersionStatus.CONSULTATION}:
        return version
    for owner in owners:
        decided = start - dt.timedelta(days=rng.randint(10, 90))
        if decided > today:
            continue
        rows.adoptions.append(
            Adoption(
                version=version,
                municipality=owner,
                body="Kommunestyret",
                decided_on=decided,
                case_number=f"{decided.year}/{rng.randint(100, 9999)}",
                period_start=start,
                period_end=end,
            )
        )
    for year in range(start.year, min(end.year, today.year) + 1):
        due = dt.date(year, 11, 30)
        closed = due < today
        rows.rounds.append(
            ReportingRound(
                version=version,
                title=f"Status report {year}",
                due_date=due,
                status=RoundStatus.CLOSED if closed else RoundStatus.OPEN,
                closed_on=due + dt.timedelta(days=14) if closed else None,
            )
        )
    midpoint = start + (end - start) / 2
    if midpoint < today and rng.random() < 0.6:
        rows.evaluations.append(
            Evaluation(version=version, kind=EvaluationKind.MIDTERM, completed_on=midpoint)
        )
    if end < today and status in {VersionStatus.EVALUATED, VersionStatus.SUPERSEDED}:
        rows.evaluations.append(
            Evaluation(
                version=version,
                kind=EvaluationKind.FINAL,
                completed_on=min(end + dt.timedelta(days=60), today),
            )
        )
    return version


@transaction.atomic
def build_dataset(
    *, today: dt.date, municipality_limit: int | None = None, seed: int = 2024
) -> DatasetSummary:
    """Create the synthetic data; `municipality_limit` takes only the first N municipalities
    of each structure (for quick checks)."""
    rng = random.Random(seed)
    current = list(Municipality.objects.filter(year=2024).order_by("code"))
    earlier = list(Municipality.objects.filter(year=2019).order_by("code"))
    if municipality_limit is not None:
        current, earlier = current[:municipality_limit], earlier[:municipality_limit]

    organisations = [
        Organisation(name=f"{m.name} kommune {BENCH_MARK}", kind=OrganisationKind.MUNICIPALITY)
        for m in current
    ]
    Organisation.objects.bulk_create(organisations, batch_size=500)
    Served = Organisation.municipalities.through
    Served.objects.bulk_create(
        [
            Served(organisation_id=o.pk, municipality_id=m.pk)
            for o, m in zip(organisations, current, strict=True)
        ],
        batch_size=1000,
    )

    rows = _Rows()
    inter_municipal = 0
    groups = _groups(current, rng)
    for owners in groups:
        names = " og ".join(m.name for m in owners)
        plan = Plan(title=f"Handlingsplan mot vold i nære relasjoner – {names}")
        rows.plans.append(plan)
        rows.plan_owners += [(plan, owner) for owner in owners]
        inter_municipal += len(owners) > 1
        # The first version ended years ago. Most plans then have a revision: in force
        # now, in public consultation for next year, or adopted straight after the first
        # and expired without evaluation. The rest stopped after the first version.
        first_start = dt.date(today.year - rng.randint(7, 9), 1, 1)
        fate = rng.random()
        if fate < 0.65:
            revision = (VersionStatus.IMPLEMENTATION, today.year - rng.randint(0, 3))
        elif fate < 0.75:
            revision = (VersionStatus.CONSULTATION, today.year + 1)
        elif fate < 0.85:
            revision = (VersionStatus.ADOPTED, first_start.year + 4)
        else:
            revision = None
        adopted_revision = revision is not None and revision[0] != VersionStatus.CONSULTATION
        first = _add_version(
            rows,
            plan=plan,
            owners=owners,
            number=1,
            previous=None,
            start=first_start,
            years=4,
            status=VersionStatus.SUPERSEDED if adopted_revision else VersionStatus.EVALUATED,
            today=today,
            rng=rng,
        )
        if revision is not None:
            status, start_year = revision
            _add_version(
                rows,
                plan=plan,
                owners=owners,
                number=2,
                previous=first,
                start=dt.date(start_year, 1, 1),
                years=4,
                status=status,
                today=today,
                rng=rng,
            )

    # Plans registered for the 2019 structure: about 40 % of municipalities, as found by
    # the 2019 national study, each with one adopted version.
    for municipality in earlier:
        if rng.random() >= 0.4:
            continue
        plan = Plan(
            title=f"Handlingsplan mot vold i nære relasjoner – {municipality.name} (2019)",
            origin=PlanOrigin.REGISTERED,
        )
        rows.plans.append(plan)
        rows.plan_owners.append((plan, municipality))
        _add_version(
            rows,
            plan=plan,
            owners=[municipality],
            number=1,
            previous=None,
            start=dt.date(rng.choice([2014, 2015, 2016, 2017]), 1, 1),
            years=4,
            status=VersionStatus.ADOPTED,
            today=today,
            rng=rng,
        )

    rows.save()
    return DatasetSummary(
        municipalities_2024=len(current),
        municipalities_2019=len(earlier),
        organisations=len(organisations),
        plans=len(rows.plans),
        inter_municipal_plans=inter_municipal,
        municipalities_2024_without_plan=len(current) - sum(len(group) for group in groups),
        versions=len(rows.versions),
        adoptions=len(rows.adoptions),
        reporting_rounds=len(rows.rounds),
        evaluations=len(rows.evaluations),
    )
