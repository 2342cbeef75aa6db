"""Partnerships and their case work: members, referrals with their persons (identity
numbers encrypted as the case layer encrypts them), participants, state changes,
assessments scored by the risk engine, shares, and the conferences that hear the cases —
schedule, agenda, attendance, minutes and action points.

Each case follows one of the paths the case layer allows (`cases.services.TRANSITIONS`),
with its dates in order: closed without screening; screened and monitored; or screened,
heard at the partnership's next conference (sometimes reviewed at a later one), then
monitored and closed — or still open when its next step falls after today."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import models

from samvern.cases import identity
from samvern.cases.models import (
    Assessment,
    Case,
    CaseParticipant,
    CaseState,
    Gender,
    InformationItem,
    ItemKind,
    LegalBasis,
    Person,
    PersonMatch,
    PersonRole,
    ReferralSource,
    Share,
    ShareScope,
    StateChange,
)
from samvern.cases.services.assessments import AssessmentScore, score_assessment
from samvern.conferences.models import (
    ActionPoint,
    AgendaItem,
    AgendaReason,
    AttendanceStatus,
    Attendee,
    Conference,
    ConferenceSeries,
    ConferenceStatus,
    ConfidentialityStatement,
    Minutes,
    Outcome,
    Recurrence,
)
from samvern.partnerships.models import Partnership, PartnershipMember
from samvern.risk import catalogue
from samvern.risk.definitions import Instrument
from samvern.risk.definitions import ItemKind as RiskItemKind
from samvern.synthetic.common import MARKER, Progress, insert, new_id, pick, stream, weekday_time
from samvern.synthetic.people import FIRST_NAMES, LAST_NAMES, Agency, PartnershipPeople
from samvern.synthetic.people import Person as User

EXPOSED_INSTRUMENT = "samvern-screening-exposed"
USING_VIOLENCE_INSTRUMENT = "samvern-screening-using-violence"
SOURCES = {
    "police": ReferralSource.POLICE_INCIDENT,
    "crisis_centre": ReferralSource.CRISIS_CENTRE,
    "child_welfare": ReferralSource.CHILD_WELFARE,
    "health": ReferralSource.HEALTH_SERVICE,
    "social_services": ReferralSource.OTHER,
    "ngo": ReferralSource.NGO,
}
REASONS = (
    "Anmeldt trussel og kontroll fra tidligere partner.",
    "Gjentatte utrykninger til adressen.",
    "Oppsøkte legevakt med skader etter slag.",
    "Bekymringsmelding fra skole om barn som lever med vold.",
    "Selvhenvendelse etter brudd i samlivet.",
)
ACTIONS = (
    "Tilby samtale og oppfølging",
    "Vurdere voldsalarm",
    "Følge opp barna på skolen",
    "Sikre trygg bolig",
    "Tilby behandling for vold",
    "Kontakte fastlegen",
    "Gjennomgå sikkerhetsplan",
)
STREETS = ("Storgata", "Kirkeveien", "Skolegata", "Fjordveien", "Bakkeveien", "Solbakken")
REPEAT_WINDOW = dt.timedelta(days=365)

# A step of a case's path: (day, state, who) → whether it happened (not after today).
Move = Callable[[dt.date, str, "User"], bool]


@dataclass
class AssessmentFact:
    id: str
    item: str
    at: dt.datetime
    assessor: User
    instrument: str
    version: str
    band: str


@dataclass
class CaseFact:
    """A case as the audit trail needs it (the rows themselves are written and let go)."""

    id: str
    reference: str
    partnership: int
    referred_on: dt.date
    referrer: User
    source: str
    agencies: list[int]  # indexes of the partnership's agencies taking part
    persons: list[tuple[str, str]] = field(default_factory=list)  # (id, role)
    assessments: list[AssessmentFact] = field(default_factory=list)
    changes: list[tuple[dt.date, str, str, User]] = field(default_factory=list)
    conference_dates: list[dt.date] = field(default_factory=list)
    end: dt.date | None = None  # closed on


@dataclass
class CaseFacts:
    cases: list[CaseFact] = field(default_factory=list)
    partnership_ids: list[str] = field(default_factory=list)
    conferences: list[tuple[str, int, dt.date]] = field(default_factory=list)  # id, p, date
    action_points: list[tuple[str, str, User, dt.date]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # One of each, of the first partnership, for the logins file.
    typical: dict[str, str] = field(default_factory=dict)


class _Pools:
    """Answer sets scored once by the risk engine, then reused: every stored score, band
    and qualification is what `cases.services.assess` would have stored for its answers."""

    def __init__(self, rng: random.Random) -> None:
        self.by_key: dict[
            str, tuple[Instrument, list[tuple[dict[str, str | int], AssessmentScore]]]
        ] = {}
        for key in (EXPOSED_INSTRUMENT, USING_VIOLENCE_INSTRUMENT):
            instrument = catalogue.get_instrument(key)
            scored = []
            for level in range(48):
                answers = self._answers(rng, instrument, level / 47)
                scored.append((answers, score_assessment(instrument, answers)))
            self.by_key[key] = (instrument, scored)

    @staticmethod
    def _answers(
        rng: random.Random, instrument: Instrument, severity: float
    ) -> dict[str, str | int]:
        answers: dict[str, str | int] = {}
        for item in instrument.items:
            if item.kind == RiskItemKind.SCALE and item.scale_values:
                values = item.scale_values
                answers[item.key] = values[
                    min(len(values) - 1, int(severity * len(values) * rng.random() * 1.5))
                ]
            else:
                roll = rng.random()
                answers[item.key] = (
                    "yes" if roll < severity * 0.7 else "unknown" if roll > 0.95 else "no"
                )
        return answers

    def draw(
        self, rng: random.Random, key: str, qualifying: bool
    ) -> tuple[Instrument, dict[str, str | int], AssessmentScore]:
        instrument, scored = self.by_key[key]
        wanted = [s for s in scored if s[1].qualifies is qualifying] or scored
        answers, score = pick(rng, wanted)
        return instrument, answers, score


def _nin(rng: random.Random, birth: dt.date) -> str:
    while True:
        digits = f"{birth:%d%m%y}{rng.randint(0, 999):03d}"
        k1 = (
            11
            - sum(int(d) * w for d, w in zip(digits, (3, 7, 6, 1, 8, 9, 4, 5, 2), strict=True)) % 11
        ) % 11
        if k1 == 10:
            continue
        digits += str(k1)
        k2 = (
            11
            - sum(int(d) * w for d, w in zip(digits, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True))
            % 11
        ) % 11
        if k2 != 10:
            return digits + str(k2)


def _conference_dates(start: dt.date, end: dt.date, count: int) -> tuple[list[dt.date], int]:
    """Dates of a weekly or fortnightly schedule (two series when more than one a week is
    needed) from `start` to `end`, about `count` of them; returns the dates and the
    series interval in weeks."""
    weeks = max(1, (end - start).days // 7)
    per_week = count / weeks
    tuesday = start + dt.timedelta(days=(1 - start.weekday()) % 7)
    if per_week > 1.2:
        series_days = [tuesday, tuesday + dt.timedelta(days=2)]
        interval = 1
    else:
        series_days = [tuesday]
        interval = max(1, min(8, round(1 / max(per_week, 1e-6))))
    dates: list[dt.date] = []
    for first in series_days:
        day = first
        while day <= end:
            dates.append(day)
            day += dt.timedelta(weeks=interval)
    return sorted(dates), interval


class _Partnership:
    """Builds one partnership's rows; they are inserted and dropped before the next."""

    def __init__(
        self,
        *,
        seed: int,
        today: dt.date,
        start: dt.date,
        people: PartnershipPeople,
        cases: int,
        conferences: int,
        pools: _Pools,
        taken: set[str],
    ) -> None:
        self.rng = stream(seed, f"partnership:{people.index}")
        self.today = today
        self.start = start
        self.people = people
        self.case_count = cases
        self.conference_count = conferences
        self.pools = pools
        self.taken = taken
        self.rows: dict[str, list[models.Model]] = {}
        self.facts: list[CaseFact] = []
        self.action_point_facts: list[tuple[str, str, User, dt.date]] = []
        self.conference_facts: list[tuple[str, int, dt.date]] = []
        self.nins: dict[str, list[tuple[Person, Case]]] = {}
        self.typical: dict[str, str] = {}
        self.typical_rank = 3
        self._exposed_numbers: list[str] = []
        self._exposed_number = ""

    def add(self, kind: str, row: models.Model) -> None:
        self.rows.setdefault(kind, []).append(row)

    def build(self) -> Partnership:
        rng, people = self.rng, self.people
        police = people.police.organisation
        partnership = Partnership(
            id=new_id(rng),
            name=f"Risikokonferanse {people.index + 1} {MARKER}",
            description="Tverretatlig risikokonferanse for vold i nære relasjoner.",
            coordinator=police,
        )
        self.partnership = partnership
        self.add("partnership", partnership)
        joined = self.start - dt.timedelta(days=30)
        for agency in people.agencies:
            relay = agency.case_workers[0] if agency.case_workers else None
            deputy = agency.case_workers[1] if len(agency.case_workers) > 1 else None
            self.add(
                "member",
                PartnershipMember(
                    id=new_id(rng),
                    partnership=partnership,
                    organisation=agency.organisation,
                    joined_on=joined,
                    relay_id=relay.id if relay else None,
                    deputy_id=deputy.id if deputy else None,
                ),
            )
        self.statement = ConfidentialityStatement(
            id=new_id(rng),
            partnership=partnership,
            version=1,
            text="Jeg bekrefter at jeg har taushetsplikt om det som kommer fram i konferansen.",
            created_by_id=people.coordinator.id,
        )
        self.add("statement", self.statement)
        self._schedule()
        self._cases()
        return partnership

    # --- conferences -----------------------------------------------------------------

    def _schedule(self) -> None:
        rng, people = self.rng, self.people
        end = self.today + dt.timedelta(weeks=8)
        dates, interval = _conference_dates(self.start, end, self.conference_count)
        weekdays = sorted({d.weekday() for d in dates})
        series: dict[int, ConferenceSeries] = {}
        for weekday in weekdays:
            first = next(d for d in dates if d.weekday() == weekday)
            series[weekday] = ConferenceSeries(
                id=new_id(rng),
                partnership=self.partnership,
                title=f"Risikokonferanse {people.index + 1}",
                recurrence=Recurrence.WEEKLY,
                interval=interval,
                first_date=first,
                starts_at=dt.time(9),
                duration_minutes=180,
                location="Politihuset, møterom 2",
                created_by_id=people.coordinator.id,
            )
            self.add("series", series[weekday])
        self.conferences: list[Conference] = []
        self.dates: list[dt.date] = []
        for day in dates:
            held = day < self.today
            conference = Conference(
                id=new_id(rng),
                partnership=self.partnership,
                series=series[day.weekday()],
                date=day,
                starts_at=dt.time(9),
                duration_minutes=180,
                location="Politihuset, møterom 2",
                status=ConferenceStatus.HELD if held else ConferenceStatus.PLANNED,
                statement=self.statement if held else None,
                held_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC) if held else None,
                created_by_id=people.coordinator.id,
            )
            self.conferences.append(conference)
            self.dates.append(day)
            self.add("conference", conference)
            self.conference_facts.append((str(conference.pk), people.index, day))
            for agency in people.agencies:
                user = (
                    people.coordinator
                    if agency is people.police
                    else pick(rng, agency.case_workers)
                )
                status = (
                    (AttendanceStatus.PRESENT if rng.random() < 0.9 else AttendanceStatus.APOLOGIES)
                    if held
                    else AttendanceStatus.EXPECTED
                )
                confirmed = held and status == AttendanceStatus.PRESENT
                self.add(
                    "attendee",
                    Attendee(
                        id=new_id(rng),
                        conference=conference,
                        user_id=user.id,
                        organisation=agency.organisation,
                        status=status,
                        confirmed_statement=self.statement if confirmed else None,
                        confirmed_at=(
                            dt.datetime.combine(day, dt.time(8, 55), tzinfo=dt.UTC)
                            if confirmed
                            else None
                        ),
                    ),
                )
        self.positions: dict[int, int] = {}

    def _next_conference(self, after: dt.date) -> int | None:
        index = bisect.bisect_left(self.dates, after)
        return index if index < len(self.dates) else None

    # --- cases -----------------------------------------------------------------------

    def _cases(self) -> None:
        rng = self.rng
        span = (self.today - self.start).days
        # More referrals in later years, as an installation comes into use.
        days = sorted(
            self.start + dt.timedelta(days=int(span * (rng.random() ** 0.8)))
            for _ in range(self.case_count)
        )
        for referred_on in days:
            self._case(referred_on)

    def _reference(self, day: dt.date) -> str:
        while True:
            reference = f"S-{day.year}-{self.rng.getrandbits(24):06X}"
            if reference not in self.taken:
                self.taken.add(reference)
                return reference

    def _case(self, referred_on: dt.date) -> None:
        rng, people, today = self.rng, self.people, self.today
        agencies = people.agencies
        referring_index = rng.choices(
            range(len(agencies)), weights=[5, 2, 2, 2, 1, 1][: len(agencies)]
        )[0]
        referring = agencies[referring_index]
        referrer = pick(rng, referring.case_workers)
        kind = str(referring.organisation.kind)
        case = Case(
            id=new_id(rng),
            partnership=self.partnership,
            reference=self._reference(referred_on),
            source=SOURCES.get(kind, ReferralSource.OTHER),
            reason=pick(rng, REASONS),
            referred_on=referred_on,
            referring_organisation=referring.organisation,
            referred_by_id=referrer.id,
        )
        fact = CaseFact(
            id=str(case.pk),
            reference=case.reference,
            partnership=people.index,
            referred_on=referred_on,
            referrer=referrer,
            source=case.source,
            agencies=[referring_index],
        )
        self.add("case", case)
        self.add(
            "participant",
            CaseParticipant(
                id=new_id(rng),
                case=case,
                organisation=referring.organisation,
                added_on=referred_on,
                added_by_id=referrer.id,
                reason="Henvisende virksomhet",
            ),
        )
        persons = self._persons(case, fact)
        exposed = persons[0]
        path = rng.random()
        state: str = CaseState.REFERRED
        conference_path = False

        def move(day: dt.date, to: str, who: User) -> bool:
            nonlocal state
            if day > today:
                return False
            fact.changes.append((day, state, to, who))
            state = to
            return True

        screen = referred_on + dt.timedelta(days=rng.randint(0, 5))
        if path < 0.08:
            close = referred_on + dt.timedelta(days=rng.randint(1, 20))
            if move(close, CaseState.CLOSED, referrer):
                fact.end = close
        elif move(screen, CaseState.SCREENED, referrer):
            self._join(case, fact, screen, referrer)
            if path < 0.53:
                conference_path = True
                self._conference_path(case, fact, screen, referrer, move)
            else:
                watch = screen + dt.timedelta(days=rng.randint(3, 20))
                if move(watch, CaseState.MONITORING, referrer):
                    close = watch + dt.timedelta(days=rng.randint(20, 150))
                    if move(close, CaseState.CLOSED, referrer):
                        fact.end = close
        case.state = state
        case.closed_on = fact.end if state == CaseState.CLOSED else None
        self._repeat(case, exposed, self._exposed_number)
        for _day, from_state, to_state, who in fact.changes:
            organisation = next(
                a.organisation for a in agencies if str(a.organisation.pk) == who.organisation_id
            )
            self.add(
                "change",
                StateChange(
                    id=new_id(rng),
                    case=case,
                    from_state=from_state,
                    to_state=to_state,
                    changed_by_id=who.id,
                    organisation=organisation,
                    note="Avsluttet." if to_state == CaseState.CLOSED else "",
                ),
            )
        self._assessments(case, fact, persons, conference_path)
        self.facts.append(fact)
        police = str(people.police.organisation.pk)
        own = [a for a in fact.assessments if a.assessor.organisation_id == police]
        # The typical case: one the police's case workers work on, with an assessment of
        # their own; at best heard and with action points in progress, else still open.
        rank = (
            0 if state == CaseState.ACTIONS_IN_PROGRESS else 1 if state != CaseState.CLOSED else 2
        )
        if own and rank < self.typical_rank:
            self.typical_rank = rank
            self.typical = {
                "case": str(case.pk),
                "person": str(exposed.pk),
                "assessment": own[-1].id,
                "assessment_item": own[-1].item,
            }

    def _join(self, case: Case, fact: CaseFact, day: dt.date, by: User) -> None:
        rng = self.rng
        others = [i for i in range(len(self.people.agencies)) if i not in fact.agencies]
        for index in rng.sample(others, k=min(len(others), rng.randint(1, 3))):
            fact.agencies.append(index)
            self.add(
                "participant",
                CaseParticipant(
                    id=new_id(rng),
                    case=case,
                    organisation=self.people.agencies[index].organisation,
                    added_on=day,
                    added_by_id=by.id,
                    reason="Deltar i oppfølgingen",
                ),
            )

    def _conference_path(
        self, case: Case, fact: CaseFact, screen: dt.date, referrer: User, step: Move
    ) -> None:
        rng, people = self.rng, self.people
        if not step(screen, CaseState.AWAITING_CONFERENCE, referrer):
            return
        hearings = 1 + (rng.random() < 0.35)
        ready = screen + dt.timedelta(days=2)
        last_heard: dt.date | None = None
        for hearing in range(hearings):
            index = self._next_conference(ready)
            if index is None:
                return
            conference = self.conferences[index]
            if hearing > 0 and not step(
                conference.date - dt.timedelta(days=5),
                CaseState.AWAITING_CONFERENCE,
                people.coordinator,
            ):
                return
            position = self.positions.get(index, 0) + 1
            self.positions[index] = position
            held = conference.status == ConferenceStatus.HELD
            item = AgendaItem(
                id=new_id(rng),
                conference=conference,
                case=case,
                position=position,
                reason=AgendaReason.NEW if hearing == 0 else AgendaReason.REVIEW,
                urgent=rng.random() < 0.05,
                added_by_id=people.coordinator.id,
                heard_at=(
                    dt.datetime.combine(conference.date, dt.time(9, 30), tzinfo=dt.UTC)
                    + dt.timedelta(minutes=15 * position)
                    if held
                    else None
                ),
            )
            self.add("agenda", item)
            fact.conference_dates.append(conference.date)
            if not held:
                return
            step(conference.date, CaseState.HEARD, people.coordinator)
            step(conference.date, CaseState.ACTIONS_IN_PROGRESS, people.coordinator)
            last_heard = conference.date
            self.add(
                "minutes",
                Minutes(
                    id=new_id(rng),
                    item=item,
                    risk_summary="Høy risiko for ny vold; trusler og kontroll over tid.",
                    discussion="Etatene delte relevant informasjon.",
                    decisions="Tiltak fordelt på etatene.",
                    recorded_by_id=people.coordinator.id,
                    organisation=people.police.organisation,
                ),
            )
            self._action_points(case, item, conference.date, fact)
            ready = conference.date + dt.timedelta(days=rng.randint(28, 70))
        if last_heard is None:
            return
        watch = last_heard + dt.timedelta(days=rng.randint(30, 90))
        if step(watch, CaseState.MONITORING, referrer):
            close = watch + dt.timedelta(days=rng.randint(30, 150))
            if step(close, CaseState.CLOSED, referrer):
                fact.end = close

    def _action_points(self, case: Case, item: AgendaItem, day: dt.date, fact: CaseFact) -> None:
        rng, today = self.rng, self.today
        for index in fact.agencies:
            agency: Agency = self.people.agencies[index]
            for _ in range(rng.choice([1, 2, 2, 3])):
                due = day + dt.timedelta(days=rng.randint(14, 60))
                assignee = pick(rng, agency.case_workers)
                outcome, reason, on, by = Outcome.OPEN, "", None, None
                if due < today and rng.random() < 0.9:
                    roll = rng.random()
                    outcome = (
                        Outcome.DONE
                        if roll < 0.83
                        else Outcome.NOT_DONE
                        if roll < 0.94
                        else Outcome.NOT_POSSIBLE
                    )
                    reason = "" if outcome == Outcome.DONE else "Personen ønsket ikke tiltaket."
                    on = min(today, due + dt.timedelta(days=rng.randint(-10, 10)))
                    by = assignee.id
                point = ActionPoint(
                    id=new_id(rng),
                    case=case,
                    item=item,
                    organisation=agency.organisation,
                    assignee_id=assignee.id,
                    description=pick(rng, ACTIONS),
                    due_on=due,
                    outcome=outcome,
                    outcome_reason=reason,
                    outcome_on=on,
                    outcome_by_id=by,
                    created_by_id=self.people.coordinator.id,
                )
                self.add("action", point)
                self.action_point_facts.append((str(point.pk), fact.id, assignee, due))

    def _persons(self, case: Case, fact: CaseFact) -> list[Person]:
        rng = self.rng
        roles = [PersonRole.EXPOSED]
        if rng.random() < 0.88:
            roles.append(PersonRole.USING_VIOLENCE)
        roles += [PersonRole.CHILD] * rng.choices([0, 1, 2, 3], weights=[55, 20, 17, 8])[0]
        persons = []
        self._exposed_number = ""
        last_name = pick(rng, LAST_NAMES)
        for role in roles:
            adult = role != PersonRole.CHILD
            age = rng.randint(19, 70) if adult else rng.randint(0, 17)
            birth = fact.referred_on - dt.timedelta(days=age * 365 + rng.randint(0, 364))
            gender = (
                (Gender.FEMALE if rng.random() < 0.8 else Gender.MALE)
                if role == PersonRole.EXPOSED
                else (Gender.MALE if rng.random() < 0.8 else Gender.FEMALE)
                if role == PersonRole.USING_VIOLENCE
                else pick(rng, [Gender.FEMALE, Gender.MALE])
            )
            person = Person(
                id=new_id(rng),
                case=case,
                role=role,
                first_name=pick(rng, FIRST_NAMES),
                last_name=last_name
                if role != PersonRole.USING_VIOLENCE or rng.random() < 0.5
                else pick(rng, LAST_NAMES),
                birth_date=birth,
                birth_year=birth.year,
                gender=gender,
                language="norsk"
                if rng.random() < 0.8
                else pick(rng, ["arabisk", "polsk", "somali", "tigrinja"]),
                phone=f"4{rng.randint(0, 9999999):07d}" if adult else "",
                protected_address=role == PersonRole.EXPOSED and rng.random() < 0.05,
                street_address=f"{pick(rng, STREETS)} {rng.randint(1, 120)}",
                postal_code=f"{rng.randint(1, 9999):04d}",
                postal_place="Fiktiv",
            )
            person.identity = person.id
            if adult and rng.random() < 0.6:
                number = self._number(rng, role, birth)
                person.nin_encrypted = identity.encrypt_nin(number)
                person.nin_hash = identity.hash_nin(number)
                person.nin_masked = identity.mask_nin(number)
                self._match(person, case, number)
                if role == PersonRole.EXPOSED:
                    self._exposed_number = number
            persons.append(person)
            fact.persons.append((str(person.pk), role))
            self.add("person", person)
        return persons

    def _number(self, rng: random.Random, role: str, birth: dt.date) -> str:
        """A new identity number, or for one person exposed in ten the number of someone
        exposed in an earlier case of the partnership (a repeat referral)."""
        recent = self._exposed_numbers[-200:]
        if role == PersonRole.EXPOSED and recent and rng.random() < 0.1:
            return pick(rng, recent)
        return _nin(rng, birth)

    def _match(self, person: Person, case: Case, number: str) -> None:
        """Exact matching as `create_person` does: the new record joins the identity of
        the earliest record with the same number in the partnership."""
        earlier = self.nins.get(number)
        if earlier:
            first, _first_case = earlier[0]
            person.identity = first.identity
            self.add(
                "match",
                PersonMatch(id=new_id(self.rng), person=first, other=person, method="nin"),
            )
            earlier.append((person, case))
        else:
            self.nins[number] = [(person, case)]
            if person.role == PersonRole.EXPOSED:
                self._exposed_numbers.append(number)

    def _repeat(self, case: Case, exposed: Person, number: str) -> None:
        """The repeat-referral flag, as `_flag_repeat` sets it: the person exposed had a
        case in the partnership closed within the 12 months before this referral."""
        candidates = [
            c
            for p, c in self.nins.get(number, [])
            if number
            if c.pk != case.pk
            and p.role == PersonRole.EXPOSED
            and c.closed_on is not None
            and case.referred_on - REPEAT_WINDOW <= c.closed_on <= case.referred_on
        ]
        if candidates:
            case.is_repeat = True
            case.repeat_of = max(candidates, key=lambda c: c.closed_on or dt.date.min)

    def _assessments(
        self, case: Case, fact: CaseFact, persons: list[Person], conference: bool
    ) -> None:
        rng, today = self.rng, self.today
        count = rng.randint(3, 5) if conference else rng.randint(1, 4) if fact.changes else 1
        last = fact.end or today
        exposed = persons[0]
        violent = next((p for p in persons if p.role == PersonRole.USING_VIOLENCE), None)
        band = ""
        for number in range(count):
            day = (
                fact.referred_on
                if number == 0
                else fact.referred_on
                + dt.timedelta(days=rng.randint(0, max(0, (last - fact.referred_on).days)))
            )
            day = min(day, today)
            index = pick(rng, fact.agencies)
            agency = self.people.agencies[index]
            assessor = pick(rng, agency.case_workers)
            key, person = EXPOSED_INSTRUMENT, exposed
            if violent is not None and rng.random() < 0.3:
                key, person = USING_VIOLENCE_INSTRUMENT, violent
            instrument, answers, scored = self.pools.draw(rng, key, conference and number == 0)
            at = weekday_time(rng, day)
            item = InformationItem(
                id=new_id(rng),
                case=case,
                kind=ItemKind.ASSESSMENT,
                title=instrument.title_in("nb"),
                author_id=assessor.id,
                author_organisation=agency.organisation,
            )
            assessment = Assessment(
                id=new_id(rng),
                item=item,
                case=case,
                person=person,
                instrument_key=instrument.key,
                instrument_version=str(instrument.version),
                answers=dict(answers),
                score=scored.score,
                band=scored.band,
                qualifies_for_conference=scored.qualifies,
                qualification_reasons=[str(r) for r in scored.qualification_reasons],
                assessor_id=assessor.id,
                organisation=agency.organisation,
                assessed_at=at,
            )
            self.add("item", item)
            self.add("assessment", assessment)
            if rng.random() < 0.35:
                self.add(
                    "share",
                    Share(
                        id=new_id(rng),
                        item=item,
                        scope=ShareScope.ALL_PARTICIPANTS,
                        legal_basis=LegalBasis.AVERT_CRIME,
                        purpose="Risikovurdering til konferansen",
                        shared_by_id=assessor.id,
                        organisation=agency.organisation,
                    ),
                )
            fact.assessments.append(
                AssessmentFact(
                    id=str(assessment.pk),
                    item=str(item.pk),
                    at=at,
                    assessor=assessor,
                    instrument=instrument.key,
                    version=str(instrument.version),
                    band=str(assessment.band),
                )
            )
            band = str(assessment.band)
        # The case keeps the band of its latest assessment.
        latest = max(fact.assessments, key=lambda a: a.at) if fact.assessments else None
        case.risk_band = latest.band if latest else band


ORDER: Sequence[tuple[str, type[models.Model]]] = (
    ("partnership", Partnership),
    ("member", PartnershipMember),
    ("statement", ConfidentialityStatement),
    ("series", ConferenceSeries),
    ("conference", Conference),
    ("attendee", Attendee),
    ("case", Case),
    ("participant", CaseParticipant),
    ("person", Person),
    ("match", PersonMatch),
    ("change", StateChange),
    ("item", InformationItem),
    ("assessment", Assessment),
    ("share", Share),
    ("agenda", AgendaItem),
    ("minutes", Minutes),
    ("action", ActionPoint),
)


def build_cases(
    *,
    seed: int,
    today: dt.date,
    years: int,
    groups: list[PartnershipPeople],
    cases: int,
    conferences: int,
    progress: Progress,
) -> CaseFacts:
    facts = CaseFacts()
    pools = _Pools(stream(seed, "answers"))
    start = today - dt.timedelta(days=365 * years)
    taken: set[str] = set(Case.objects.values_list("reference", flat=True))
    counts: dict[str, int] = {}
    progress.stage("partnerships, cases", cases)
    for people in groups:
        share = cases // len(groups) + (1 if people.index < cases % len(groups) else 0)
        builder = _Partnership(
            seed=seed,
            today=today,
            start=start,
            people=people,
            cases=share,
            conferences=max(1, conferences // len(groups)),
            pools=pools,
            taken=taken,
        )
        partnership = builder.build()
        # A repeat points at an earlier case of the same batch of cases: the foreign keys
        # are checked at commit, as Django declares them deferred.
        for kind, model in ORDER:
            rows = builder.rows.get(kind, [])
            insert(model, rows, progress if kind == "case" else None)
            counts[kind] = counts.get(kind, 0) + len(rows)
        facts.cases += builder.facts
        facts.partnership_ids.append(str(partnership.pk))
        facts.conferences += builder.conference_facts
        facts.action_points += builder.action_point_facts
        if people.index == 0:
            facts.typical = dict(builder.typical)
            facts.typical["partnership"] = str(partnership.pk)
            held = [c for c in builder.conferences if c.status == ConferenceStatus.HELD]
            if held:
                facts.typical["conference"] = str(held[-1].pk)
    facts.counts = {
        "partnerships": counts.get("partnership", 0),
        "partnership_members": counts.get("member", 0),
        "cases": counts.get("case", 0),
        "case_participants": counts.get("participant", 0),
        "persons": counts.get("person", 0),
        "person_matches": counts.get("match", 0),
        "state_changes": counts.get("change", 0),
        "information_items": counts.get("item", 0),
        "assessments": counts.get("assessment", 0),
        "shares": counts.get("share", 0),
        "conference_series": counts.get("series", 0),
        "conferences": counts.get("conference", 0),
        "attendees": counts.get("attendee", 0),
        "agenda_items": counts.get("agenda", 0),
        "minutes": counts.get("minutes", 0),
        "action_points": counts.get("action", 0),
    }
    return facts
