"""Action plans with their histories since 2010: plans (some shared by neighbouring
municipalities), four-year versions one after the other, each adopted by every owning
council, with its settings, measures, reporting rounds, status reports and evaluations."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from samvern.places.models import Municipality
from samvern.plans.models import (
    Adoption,
    Evaluation,
    EvaluationKind,
    Measure,
    MeasureLevel,
    MeasureStatus,
    Plan,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    StatusReport,
    VersionSettings,
    VersionStatus,
)
from samvern.synthetic.common import MARKER, Progress, insert, new_id, pick, stream
from samvern.synthetic.people import Person

FIRST_YEAR = 2010
PERIOD_YEARS = 4
FRAMEWORK = "frihet-fra-vold"
AREAS = ("forebygging", "beskyttelse", "straffesakskjeden", "voldsutovere", "samordning")
MEASURE_TITLES = (
    "Opplæring i å avdekke vold for ansatte i {unit}",
    "Fast rutine for samtale om vold i {unit}",
    "Informasjonskampanje om hjelpetilbud",
    "Samarbeidsavtale med krisesenteret",
    "Kartlegging av barn som lever med vold",
    "Tilbud om behandling for personer som utøver vold",
    "Kontaktperson for vold i nære relasjoner i {unit}",
    "Handlingsveileder ved mistanke om vold",
    "Årlig fagdag om vold i nære relasjoner",
    "Oppfølging etter opphold på krisesenter",
)
UNITS = ("helsestasjonen", "barnehagene", "skolene", "NAV", "legevakten", "hjemmetjenesten")
STATUS_COMMENTS = ("", "", "Gjennomført som planlagt.", "Forsinket på grunn av kapasitet.")


@dataclass
class PlanFacts:
    """What the audit trail and the logins file need of the plans."""

    plans: list[Plan] = field(default_factory=list)
    versions: list[PlanVersion] = field(default_factory=list)
    owners: dict[object, list[int]] = field(default_factory=dict)  # plan id → municipality ids
    measures_by_version: dict[object, list[Measure]] = field(default_factory=dict)
    reports: list[tuple[StatusReport, PlanVersion, dt.date]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _groups(municipalities: list[Municipality], rng: random.Random) -> list[list[Municipality]]:
    """Owner groups within each county: one plan in four shared by two to four
    municipalities, one municipality in ten without a plan."""
    by_county: dict[int, list[Municipality]] = {}
    for municipality in municipalities:
        by_county.setdefault(municipality.county_id, []).append(municipality)
    groups: list[list[Municipality]] = []
    for county in sorted(by_county):
        pool = list(by_county[county])
        rng.shuffle(pool)
        while pool:
            if rng.random() < 0.1 and len(municipalities) > 3:
                pool.pop()
                continue
            size = rng.choice([2, 3, 4]) if rng.random() < 0.25 and len(pool) > 1 else 1
            groups.append([pool.pop() for _ in range(min(size, len(pool)))])
    return groups


def build_plans(
    *,
    seed: int,
    today: dt.date,
    municipalities: list[Municipality],
    editors: dict[int, Person],
    measures_per_version: tuple[int, int],
    progress: Progress,
) -> PlanFacts:
    rng = stream(seed, "plans")
    facts = PlanFacts()
    owners_rows: list[tuple[Plan, Municipality]] = []
    settings_rows: list[VersionSettings] = []
    adoptions: list[Adoption] = []
    rounds: list[tuple[ReportingRound, PlanVersion]] = []
    evaluations: list[Evaluation] = []
    measures: list[Measure] = []
    reports: list[StatusReport] = []

    for owners in _groups(municipalities, rng):
        names = " og ".join(m.name for m in owners)
        plan = Plan(
            id=new_id(rng), title=f"Handlingsplan mot vold i nære relasjoner – {names} {MARKER}"
        )
        facts.plans.append(plan)
        facts.owners[plan.pk] = [m.pk for m in owners]
        owners_rows += [(plan, m) for m in owners]
        start_year = FIRST_YEAR + rng.randint(0, 3)
        previous: PlanVersion | None = None
        number = 0
        while start_year <= today.year + 1:
            number += 1
            start = dt.date(start_year, 1, 1)
            end = dt.date(start_year + PERIOD_YEARS - 1, 12, 31)
            following_starts = dt.date(start_year + PERIOD_YEARS, 1, 1)
            if start > today:
                status = rng.choice([VersionStatus.DRAFTING, VersionStatus.CONSULTATION])
            elif following_starts <= today:
                status = VersionStatus.SUPERSEDED
            else:
                status = VersionStatus.IMPLEMENTATION
            version = PlanVersion(
                id=new_id(rng),
                plan=plan,
                number=number,
                title=plan.title if number == 1 else f"{plan.title}, revisjon {number - 1}",
                status=status,
                previous=previous,
                period_start=start,
                period_end=end,
                started_on=start - dt.timedelta(days=rng.randint(200, 400)),
            )
            facts.versions.append(version)
            per_year = rng.choice([2, 2, 3, 3, 4])
            settings_rows.append(
                VersionSettings(
                    id=new_id(rng),
                    version=version,
                    framework_key=FRAMEWORK,
                    framework_version=1,
                    reports_per_year=per_year,
                    evaluator="Kommunedirektøren",
                )
            )
            version_measures = _measures(
                rng, version, start, end, measures_per_version, owners, editors
            )
            measures += version_measures
            facts.measures_by_version[version.pk] = version_measures
            if status not in {VersionStatus.DRAFTING, VersionStatus.CONSULTATION}:
                _adopt(rng, version, owners, start, end, adoptions)
                _report(
                    rng,
                    today,
                    version,
                    start,
                    end,
                    per_year,
                    version_measures,
                    owners,
                    editors,
                    rounds,
                    reports,
                    facts,
                )
                _evaluate(rng, today, version, start, end, status, evaluations)
            previous = version
            start_year += PERIOD_YEARS

    Through = Plan.municipalities.through
    owner_links = [Through(plan_id=p.pk, municipality_id=m.pk) for p, m in owners_rows]
    progress.stage(
        "plans",
        len(facts.plans)
        + len(owner_links)
        + len(facts.versions)
        + len(settings_rows)
        + len(adoptions)
        + len(measures)
        + len(rounds)
        + len(reports)
        + len(evaluations),
    )
    insert(Plan, facts.plans, progress)
    insert(Through, owner_links, progress)
    # A version points at its predecessor: insert them in version order.
    for number in sorted({v.number for v in facts.versions}):
        insert(PlanVersion, [v for v in facts.versions if v.number == number], progress)
    insert(VersionSettings, settings_rows, progress)
    insert(Adoption, adoptions, progress)
    insert(Measure, measures, progress)
    insert(ReportingRound, [r for r, _ in rounds], progress)
    insert(StatusReport, reports, progress)
    insert(Evaluation, evaluations, progress)
    facts.counts = {
        "plans": len(facts.plans),
        "plan_versions": len(facts.versions),
        "adoptions": len(adoptions),
        "measures": len(measures),
        "reporting_rounds": len(rounds),
        "status_reports": len(reports),
        "evaluations": len(evaluations),
    }
    return facts


def _measures(
    rng: random.Random,
    version: PlanVersion,
    start: dt.date,
    end: dt.date,
    per_version: tuple[int, int],
    owners: list[Municipality],
    editors: dict[int, Person],
) -> list[Measure]:
    rows = []
    for number in range(1, rng.randint(*per_version) + 1):
        unit = pick(rng, UNITS)
        starts = start + dt.timedelta(days=rng.randint(0, 400))
        deadline = min(end, starts + dt.timedelta(days=rng.randint(90, 900)))
        editor = editors.get(pick(rng, owners).pk)
        rows.append(
            Measure(
                id=new_id(rng),
                version=version,
                number=number,
                title=pick(rng, MEASURE_TITLES).format(unit=unit),
                description="Tiltaket gjennomføres i samarbeid med berørte tjenester.",
                level=pick(rng, MeasureLevel.values),
                area_key=pick(rng, AREAS),
                responsible_title="Enhetsleder",
                responsible_unit=unit.capitalize(),
                responsible_user_id=editor.id if editor and rng.random() < 0.3 else None,
                starts_on=starts,
                deadline=deadline,
                budget_nok=Decimal(rng.randrange(0, 500_000, 5_000))
                if rng.random() < 0.6
                else None,
                staff_hours=rng.randrange(10, 800, 10) if rng.random() < 0.6 else None,
                target_groups=[],
                duties=[],
            )
        )
    return rows


def _adopt(
    rng: random.Random,
    version: PlanVersion,
    owners: list[Municipality],
    start: dt.date,
    end: dt.date,
    adoptions: list[Adoption],
) -> None:
    for owner in owners:
        decided = start - dt.timedelta(days=rng.randint(10, 90))
        adoptions.append(
            Adoption(
                id=new_id(rng),
                version=version,
                municipality=owner,
                body="Kommunestyret",
                decided_on=decided,
                case_number=f"{decided.year}/{rng.randint(100, 9999)}",
                period_start=start,
                period_end=end,
            )
        )


def _report(
    rng: random.Random,
    today: dt.date,
    version: PlanVersion,
    start: dt.date,
    end: dt.date,
    per_year: int,
    version_measures: list[Measure],
    owners: list[Municipality],
    editors: dict[int, Person],
    rounds: list[tuple[ReportingRound, PlanVersion]],
    reports: list[StatusReport],
    facts: PlanFacts,
) -> None:
    months = 12 // per_year
    for year in range(start.year, end.year + 1):
        for part in range(1, per_year + 1):
            due = dt.date(year, part * months, 28 if part * months == 2 else 30)
            if due - dt.timedelta(days=30) > today:
                return
            closed = due + dt.timedelta(days=14) < today
            round_ = ReportingRound(
                id=new_id(rng),
                version=version,
                title=f"Statusrapport {part}/{year}",
                due_date=due,
                status=RoundStatus.CLOSED if closed else RoundStatus.OPEN,
                closed_on=due + dt.timedelta(days=14) if closed else None,
            )
            rounds.append((round_, version))
            progress_share = (due - start).days / max(1, (end - start).days)
            for measure in version_measures:
                if not closed and rng.random() < 0.5:
                    continue  # an open round: half the units have reported so far
                if rng.random() < 0.05:
                    continue  # a unit that never reported
                status = _status(rng, progress_share, measure, due)
                editor = editors.get(pick(rng, owners).pk)
                report = StatusReport(
                    id=new_id(rng),
                    round=round_,
                    measure=measure,
                    status=status,
                    comment=pick(rng, STATUS_COMMENTS),
                    spent_nok=Decimal(rng.randrange(0, 100_000, 1_000))
                    if rng.random() < 0.4
                    else None,
                    spent_hours=Decimal(rng.randrange(0, 400)) / 2 if rng.random() < 0.4 else None,
                    reported_by_id=editor.id if editor else None,
                )
                reports.append(report)
                facts.reports.append((report, version, due))


def _status(rng: random.Random, share: float, measure: Measure, due: dt.date) -> str:
    if measure.starts_on and due < measure.starts_on:
        return MeasureStatus.NOT_STARTED
    if measure.deadline and due > measure.deadline:
        return MeasureStatus.DONE if rng.random() < 0.8 else MeasureStatus.DROPPED
    roll = rng.random()
    if roll < share * 0.5:
        return MeasureStatus.DONE
    return MeasureStatus.ON_TRACK if roll < 0.85 else MeasureStatus.DELAYED


def _evaluate(
    rng: random.Random,
    today: dt.date,
    version: PlanVersion,
    start: dt.date,
    end: dt.date,
    status: str,
    evaluations: list[Evaluation],
) -> None:
    midpoint = start + (end - start) / 2
    if midpoint < today and rng.random() < 0.7:
        evaluations.append(
            Evaluation(
                id=new_id(rng), version=version, kind=EvaluationKind.MIDTERM, completed_on=midpoint
            )
        )
    if status == VersionStatus.SUPERSEDED and rng.random() < 0.8:
        evaluations.append(
            Evaluation(
                id=new_id(rng),
                version=version,
                kind=EvaluationKind.FINAL,
                completed_on=min(end + dt.timedelta(days=60), today),
            )
        )
