"""The audit trail of the synthetic years: the events the services would have written for
the generated rows (referrals, persons added, state changes, assessments, status
reports), and around them the everyday reads and logins of the generated users (case
pages, persons, assessments, case lists, "who has seen this case", conference agendas,
action lists, the audit trail, plan edits), spread over working days and growing with the
case load.

Events are chained exactly as `audit_log` chains them: in id order, each with its
predecessor's hash, hashed by `AuditEvent.compute_hash` (the keyed HMAC). They are built
in memory and inserted in batches with explicit ids, continuing the existing chain."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from samvern.audit.models import AuditEvent, ChainVersion
from samvern.synthetic.cases import CaseFact, CaseFacts
from samvern.synthetic.common import Progress, insert, pick, stream
from samvern.synthetic.people import Person, World
from samvern.synthetic.plans import PlanFacts

BATCH = 5000
CASE_COLUMNS = {"case_id", "case_reference"} <= {f.name for f in AuditEvent._meta.fields}
# What an event's detail holds (JSON values, as `audit_log` stores them).
Detail = dict[str, object]


@dataclass(frozen=True)
class Spec:
    """One event before it is chained."""

    at: dt.datetime
    action: str
    actor: Person
    target_type: str
    target_id: str
    detail: Detail
    organisation: bool = True  # plan edits are recorded without an organisation


def _column(value: object) -> str:
    return value if isinstance(value, str) and len(value) <= 64 else ""


def _address(person: Person) -> str:
    return f"10.{(person.id >> 16) % 256}.{(person.id >> 8) % 256}.{person.id % 256}"


def _case_detail(case: CaseFact, **more: object) -> Detail:
    return {"case": case.id, "reference": case.reference, **more}


def _creations(
    cases: CaseFacts,
    plans: PlanFacts,
    world: World,
    since: dt.date,
    last_day: dt.date,
    rng: random.Random,
) -> dict[dt.date, list[Spec]]:
    by_day: dict[dt.date, list[Spec]] = {}

    def add(spec: Spec) -> None:
        by_day.setdefault(spec.at.date(), []).append(spec)

    for case in cases.cases:
        at = dt.datetime.combine(case.referred_on, dt.time(), tzinfo=dt.UTC) + dt.timedelta(
            seconds=rng.randint(8 * 3600, 15 * 3600)
        )
        add(
            Spec(
                at,
                "cases.case.referred",
                case.referrer,
                "cases.case",
                case.id,
                _case_detail(
                    case, partnership=cases.partnership_ids[case.partnership], source=case.source
                ),
            )
        )
        for number, (person_id, role) in enumerate(case.persons, start=1):
            add(
                Spec(
                    at + dt.timedelta(seconds=40 * number),
                    "cases.person.added",
                    case.referrer,
                    "cases.person",
                    person_id,
                    _case_detail(case, role=role),
                )
            )
        for day, from_state, to_state, who in case.changes:
            add(
                Spec(
                    dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
                    + dt.timedelta(seconds=rng.randint(8 * 3600, 16 * 3600)),
                    "cases.case.state_changed",
                    who,
                    "cases.case",
                    case.id,
                    _case_detail(case, **{"from": from_state, "to": to_state}),
                )
            )
        for assessment in case.assessments:
            add(
                Spec(
                    assessment.at,
                    "cases.assessment.recorded",
                    assessment.assessor,
                    "cases.assessment",
                    assessment.id,
                    _case_detail(
                        case,
                        instrument=assessment.instrument,
                        version=assessment.version,
                        band=assessment.band,
                        override_band="",
                    ),
                )
            )
    people = {p.id: p for p in world.people}
    for report, version, due in plans.reports:
        if due < since or report.reported_by_id is None:
            continue
        # Reported in the weeks before the due date, and never after today.
        day = min(due - dt.timedelta(days=rng.randint(0, 20)), last_day)
        add(
            Spec(
                dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
                + dt.timedelta(seconds=rng.randint(8 * 3600, 16 * 3600)),
                "plans.status_report.created",
                people[report.reported_by_id],
                "plans.statusreport",
                str(report.pk),
                {
                    "plan": str(version.plan_id),
                    "version": str(version.pk),
                    "measure": str(report.measure_id),
                    "status": str(report.status),
                },
                organisation=False,
            )
        )
    return by_day


class _Everyday:
    """The reads and logins of one day, by the people who would make them."""

    def __init__(
        self, cases: CaseFacts, plans: PlanFacts, world: World, rng: random.Random
    ) -> None:
        self.rng = rng
        self.world = world
        self.cases = sorted(cases.cases, key=lambda c: c.referred_on)
        self.next_case = 0
        self.active: list[CaseFact] = []
        self.partnership_ids = cases.partnership_ids
        self.schedule: dict[int, tuple[list[dt.date], list[str]]] = {}
        for conference_id, partnership, day in sorted(cases.conferences, key=lambda c: c[2]):
            dates, ids = self.schedule.setdefault(partnership, ([], []))
            dates.append(day)
            ids.append(conference_id)
        self.points_by_case: dict[str, list[str]] = {}
        for point_id, case_id, _assignee, _due in cases.action_points:
            self.points_by_case.setdefault(case_id, []).append(point_id)
        self.editor_measures: list[tuple[Person, str, str, str]] = []
        owners = plans.owners
        for version in plans.versions:
            measures = plans.measures_by_version.get(version.pk, [])
            for municipality in owners.get(version.plan_id, []):
                editor = world.plan_editors.get(municipality)
                if editor is None:
                    continue
                for measure in measures[:10]:
                    self.editor_measures.append(
                        (editor, str(version.plan_id), str(version.pk), str(measure.pk))
                    )
        self.current_measures = self.editor_measures
        self.kinds = (
            ("case", 30),
            ("person", 8),
            ("assessment", 6),
            ("list", 10),
            ("login", 14),
            ("summary", 4),
            ("access_log", 2),
            ("agenda", 3),
            ("actions", 3),
            ("trail", 2),
            ("measure", 8),
        )

    def advance(self, day: dt.date) -> None:
        while self.next_case < len(self.cases) and self.cases[self.next_case].referred_on <= day:
            self.active.append(self.cases[self.next_case])
            self.next_case += 1
        if day.weekday() == 0:
            cutoff = day - dt.timedelta(days=30)
            self.active = [c for c in self.active if c.end is None or c.end >= cutoff]

    def events(self, day: dt.date, count: int) -> list[Spec]:
        rng = self.rng
        names = [k for k, _ in self.kinds]
        weights = [w for _, w in self.kinds]
        out: list[Spec] = []
        for kind in rng.choices(names, weights=weights, k=count):
            at = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(
                seconds=rng.randint(7 * 3600, 17 * 3600), microseconds=rng.randint(0, 999_999)
            )
            # A read that has nothing to read yet (no case open, no conference held)
            # is a login instead, so that the day still has its number of events.
            spec = self._one(kind, at) or self._one("login", at)
            if spec is not None:
                out.append(spec)
        return out

    def _worker(self, case: CaseFact) -> Person:
        group = self.world.partnerships[case.partnership]
        return pick(self.rng, group.agencies[pick(self.rng, case.agencies)].case_workers)

    def _one(self, kind: str, at: dt.datetime) -> Spec | None:
        rng = self.rng
        if kind == "login":
            person = pick(rng, self.world.people)
            return Spec(at, "accounts.user.logged_in", person, "", "", {})
        if kind == "measure":
            if not self.editor_measures:
                return None
            editor, plan, version, measure = pick(rng, self.editor_measures)
            return Spec(
                at,
                "plans.measure.updated",
                editor,
                "plans.measure",
                measure,
                {
                    "plan": plan,
                    "version": version,
                    "fields": [pick(rng, ["deadline", "title", "responsible_unit", "budget_nok"])],
                },
                organisation=False,
            )
        if not self.active:
            return None
        case = pick(rng, self.active)
        group = self.world.partnerships[case.partnership]
        if kind == "case":
            return Spec(
                at,
                "cases.case.viewed",
                self._worker(case),
                "cases.case",
                case.id,
                _case_detail(case),
            )
        if kind == "person":
            person_id, _role = pick(rng, case.persons)
            return Spec(
                at,
                "cases.person.viewed",
                self._worker(case),
                "cases.person",
                person_id,
                _case_detail(case),
            )
        if kind == "assessment":
            done = [a for a in case.assessments if a.at <= at]
            if not done:
                return None
            assessment = pick(rng, done)
            return Spec(
                at,
                "cases.assessment.viewed",
                self._worker(case),
                "cases.informationitem",
                assessment.item,
                _case_detail(case),
            )
        if kind == "list":
            shown = [pick(rng, self.active).id for _ in range(min(25, len(self.active)))]
            worker = self._worker(case)
            return Spec(
                at,
                "cases.case_list.viewed",
                worker,
                "cases.case",
                "",
                {"tab": pick(rng, ["organisation", "mine", "awaiting"]), "cases": shown},
            )
        if kind == "summary":
            return Spec(
                at,
                "cases.case.summary_viewed",
                group.coordinator,
                "cases.case",
                case.id,
                _case_detail(case),
            )
        if kind == "access_log":
            return Spec(
                at, "cases.access_log.viewed", group.dpo, "cases.case", case.id, _case_detail(case)
            )
        if kind == "agenda":
            held = self._conferences_of(case.partnership, at.date())
            if not held:
                return None
            conference_id = held[-1]
            return Spec(
                at,
                "conference.schedule.viewed",
                group.coordinator,
                "conferences.conference",
                conference_id,
                {"conference": conference_id, "facts": True, "cases": [case.id]},
            )
        if kind == "actions":
            points = self.points_by_case.get(case.id)
            if not points:
                return None
            return Spec(
                at,
                "conference.actions.listed",
                self._worker(case),
                "conferences.actionpoint",
                "",
                {"via": "page", "points": points[:20], "cases": [case.id]},
            )
        # "trail": the data protection officer searches the trail.
        return Spec(
            at,
            "audit.events.searched",
            group.dpo,
            "",
            "",
            {"case": case.id, "page": 1, "results": rng.randint(1, 200)},
        )

    def _conferences_of(self, partnership: int, day: dt.date) -> list[str]:
        """The partnership's conferences of the last two weeks up to `day`."""
        dates, ids = self.schedule.get(partnership, ([], []))
        end = bisect.bisect_right(dates, day)
        begin = bisect.bisect_left(dates, day - dt.timedelta(days=14))
        return ids[begin:end]


def _per_day(days: list[dt.date], total: int) -> Iterator[tuple[dt.date, int]]:
    """`total` spread over `days`: working days busier than weekends, later years busier
    than earlier ones (the case load grows)."""
    weights = [
        (1.0 if day.weekday() < 5 else 0.15) * (0.4 + index / max(1, len(days)))
        for index, day in enumerate(days)
    ]
    whole = sum(weights) or 1.0
    given, running = 0, 0.0
    for day, weight in zip(days, weights, strict=True):
        running += weight
        target = round(total * running / whole)
        yield day, target - given
        given = target


def build_trail(
    *,
    seed: int,
    today: dt.date,
    since: dt.date,
    total: int,
    world: World,
    cases: CaseFacts,
    plans: PlanFacts,
    progress: Progress,
) -> dict[str, int]:
    rng = stream(seed, "trail")
    by_day = _creations(cases, plans, world, since, today, rng)
    created = sum(len(v) for v in by_day.values())
    everyday = _Everyday(cases, plans, world, stream(seed, "trail:everyday"))
    days = [since + dt.timedelta(days=n) for n in range((today - since).days + 1)]
    now = timezone.now()
    last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    next_id, previous = (last[0] + 1, last[1]) if last else (1, "")
    progress.stage("audit events", max(total, created))
    batch: list[AuditEvent] = []
    written = 0
    latest = now - dt.timedelta(seconds=1)
    for day, count in _per_day(days, max(0, total - created)):
        everyday.advance(day)
        specs = by_day.pop(day, []) + everyday.events(day, count)
        specs.sort(key=lambda s: s.at)
        for spec in specs:
            occurred = min(spec.at, latest)
            event = AuditEvent(
                id=next_id,
                occurred_at=occurred,
                actor_id=str(spec.actor.id),
                actor_label=spec.actor.username,
                organisation_id=spec.actor.organisation_id if spec.organisation else "",
                organisation_label=spec.actor.organisation_name if spec.organisation else "",
                action=spec.action,
                target_type=spec.target_type,
                target_id=spec.target_id,
                ip_address=_address(spec.actor),
                detail=spec.detail,
                prev_hash=previous,
                chain_version=ChainVersion.KEYED,
            )
            if CASE_COLUMNS:
                # Where the trail keeps a case-layer event's case in columns of its own,
                # they are copied from the detail as `audit_log` copies them.
                case = spec.detail.get("case")
                reference = spec.detail.get("reference")
                setattr(event, "case_id", _column(case))  # noqa: B010
                setattr(event, "case_reference", _column(reference))  # noqa: B010
            event.hash = event.compute_hash()
            previous = event.hash
            next_id += 1
            batch.append(event)
            if len(batch) >= BATCH:
                insert(AuditEvent, batch, batch=BATCH)
                written += len(batch)
                progress.advance(len(batch))
                batch = []
    if batch:
        insert(AuditEvent, batch, batch=BATCH)
        written += len(batch)
        progress.advance(len(batch))
    reset_sequences(AuditEvent)
    return {"audit_events": written, "audit_events_for_created_rows": created}


def reset_sequences(*models: type) -> None:
    """After inserts with explicit ids, let the database's own ids continue after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
