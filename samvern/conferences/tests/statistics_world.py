"""A partnership with a first quarter of 2025 whose every figure is known by hand.

`make_statistics_world()` builds it directly as rows (no services): organisations,
members (one of which left in May 2025), personas, cases with persons, conferences with
agendas, attendance and action points, and safety plans. `EXPECTED` holds the answers
for the first quarter of 2025 as of 1 June 2025, before and after suppression.

Dates are fixed and passed in: nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from samvern.accounts.models import Organisation, OrganisationKind, Role, User
from samvern.accounts.testing import make_member
from samvern.accounts.tests import personas
from samvern.accounts.tests.personas import make_organisation, make_persona
from samvern.cases.models import Case, Person, PersonRole, ReferralSource
from samvern.cases.tests.factories import CaseFactory, PersonFactory
from samvern.conferences.models import (
    AgendaItem,
    AttendanceStatus,
    Conference,
    ConferenceStatus,
    Outcome,
)
from samvern.conferences.statistics import Period
from samvern.conferences.tests.factories import (
    ActionPointFactory,
    AgendaItemFactory,
    AttendeeFactory,
    ConferenceFactory,
    make_partnership,
)
from samvern.partnerships.models import Partnership
from samvern.partnerships.tests.factories import PartnershipFactory
from samvern.safetyplans.models import SafetyPlan, SafetyPlanVersion

PERIOD = Period(2025, 1)
AS_OF = dt.date(2025, 6, 1)
JOINED = dt.date(2024, 1, 1)
LEFT = dt.date(2025, 5, 15)

# Referral sources of the 20 cases referred in the quarter.
SOURCES = (
    [ReferralSource.POLICE_INCIDENT] * 7
    + [ReferralSource.HEALTH_SERVICE] * 2
    + [ReferralSource.CHILD_WELFARE] * 6
    + [ReferralSource.OTHER] * 5
)
REPEATS = 6

# Held conferences of the quarter (and one before it, one cancelled, two not held).
HELD = [
    dt.date(2025, 1, 8),
    dt.date(2025, 1, 22),
    dt.date(2025, 2, 5),
    dt.date(2025, 2, 19),
    dt.date(2025, 3, 5),
]
EARLIER = dt.date(2024, 12, 11)
NOT_MARKED_HELD = dt.date(2025, 3, 12)
CANCELLED = dt.date(2025, 3, 19)
PLANNED = dt.date(2025, 4, 9)

# Cases first heard in the quarter: (referred on, first hearing) → days between.
FIRST_HEARINGS = [
    (dt.date(2024, 12, 20), HELD[0]),  # 19, referred before the quarter
    (dt.date(2024, 12, 30), HELD[0]),  # 9, referred before the quarter
    (dt.date(2025, 1, 2), HELD[1]),  # 20
    (dt.date(2025, 1, 10), HELD[1]),  # 12, heard again on 5 February
    (dt.date(2025, 1, 20), HELD[2]),  # 16
    (dt.date(2025, 2, 1), HELD[3]),  # 18
    (dt.date(2025, 2, 10), HELD[4]),  # 23
    (dt.date(2025, 2, 25), NOT_MARKED_HELD),  # 15, marked heard at a meeting not marked held
]

# Names, birth dates and identity numbers that must never appear in any output.
PERSONS = [
    ("Ingeborg", "Tveitaskog", dt.date(1987, 6, 14), "14068712345"),
    ("Halvard", "Brekkestø", dt.date(1979, 11, 3), "03117954321"),
    ("Solveig", "Urdalsli", dt.date(2016, 9, 27), "27091611223"),
]

PLAN_SUBJECTS = [
    ("Åsmund", "Kvernhusvik"),
    ("Ragnhild", "Fjæreide"),
    ("Torstein", "Lyngmoen"),
    ("Gunnvor", "Skarsheim"),
]

EXPECTED_RAW = {
    "referrals": {"police_incident": 7, "health_service": 2, "child_welfare": 6, "other": 5},
    "repeat": 6,
    "heard": 9,
    "first_heard": 8,
    "median_days": 17.0,
    "outcomes": {"open": 6, "done": 9, "not_done": 3, "not_possible": 2},
    "done_in_time": 7,
    "conferences_held": 5,
    "safety_plans": 3,
}


@dataclass
class StatisticsWorld:
    partnership: Partnership
    other_partnership: Partnership
    police: Organisation
    crisis: Organisation
    child_welfare: Organisation
    municipality: Organisation  # the coordinating organisation
    health: Organisation  # left the partnership on 15 May 2025
    outsider_org: Organisation
    member_worker: User  # case worker of the crisis centre (a member)
    coordinator: User  # conference coordinator of the municipality
    dpo: User  # data protection officer of the police (a member)
    plan_reader: User  # plan reader of the police: a member organisation, no case role
    outsider: User  # case worker of an organisation that is not a member
    left_worker: User  # case worker of the organisation that left
    other_coordinator: User  # coordinates another partnership, not a member of this one
    cases: list[Case] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    staff: list[User] = field(default_factory=list)


def _conference(partnership: Partnership, day: dt.date, status: str, by: User) -> Conference:
    return ConferenceFactory(
        partnership=partnership,
        date=day,
        status=status,
        held_at=(
            timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
            if status == ConferenceStatus.HELD
            else None
        ),
        created_by=by,
    )


def _item(conference: Conference, case: Case, by: User, *, heard: bool = False) -> AgendaItem:
    return AgendaItemFactory(
        conference=conference,
        case=case,
        added_by=by,
        heard_at=(
            timezone.make_aware(dt.datetime.combine(conference.date, dt.time(11, 0)))
            if heard
            else None
        ),
    )


def make_statistics_world() -> StatisticsWorld:
    police = make_organisation("Statistikkpolitiet", OrganisationKind.POLICE)
    crisis = make_organisation("Statistikkrisesenteret", OrganisationKind.CRISIS_CENTRE)
    child_welfare = make_organisation("Statistikkbarnevernet", OrganisationKind.CHILD_WELFARE)
    municipality = make_organisation("Statistikkommunen", OrganisationKind.MUNICIPALITY)
    health = make_organisation("Statistikklegevakten", OrganisationKind.HEALTH)
    outsider_org = make_organisation("NAV Statistikk utenfor", OrganisationKind.SOCIAL_SERVICES)
    partnership = make_partnership(
        "Statistikkonferansen",
        coordinator=municipality,
        members=(police, crisis, child_welfare, municipality),
        left={health: LEFT},
        joined=JOINED,
    )
    other_coordinating = make_organisation("Annenkommunen", OrganisationKind.MUNICIPALITY)
    other_partnership = PartnershipFactory(name="Annen konferanse", coordinator=other_coordinating)
    world = StatisticsWorld(
        partnership=partnership,
        other_partnership=other_partnership,
        police=police,
        crisis=crisis,
        child_welfare=child_welfare,
        municipality=municipality,
        health=health,
        outsider_org=outsider_org,
        member_worker=make_persona(personas.NINA, crisis),
        coordinator=make_persona(personas.HANNE, municipality),
        dpo=make_persona(personas.DAG, police),
        plan_reader=make_persona(personas.BOB, police),
        outsider=make_persona(personas.OTTO, outsider_org),
        left_worker=make_persona(personas.ROLF, health),
        other_coordinator=make_persona(personas.CORA, other_coordinating),
    )
    referrer = make_member(police, Role.CASE_WORKER, first_name="Vidar", last_name="Meldestad")
    world.staff.append(referrer)
    by = world.coordinator

    def case(
        referred_on: dt.date, source: str = ReferralSource.POLICE_INCIDENT, **kw: object
    ) -> Case:
        made = CaseFactory(
            partnership=partnership,
            referred_on=referred_on,
            source=source,
            referring_organisation=police,
            referred_by=referrer,
            **kw,
        )
        world.cases.append(made)
        return made

    # Referrals in the quarter: 20, six of them repeats.
    quarter_days = [dt.date(2025, 1, 2) + dt.timedelta(days=4 * n) for n in range(20)]
    first_heard_referrals = {referred for referred, _heard in FIRST_HEARINGS}
    in_quarter = [d for d in quarter_days if d not in first_heard_referrals]
    referral_days = sorted(
        [d for d, _h in FIRST_HEARINGS if PERIOD.contains(d)]
        + in_quarter[: 20 - sum(1 for d, _h in FIRST_HEARINGS if PERIOD.contains(d))]
    )
    assert len(referral_days) == 20
    by_day: dict[dt.date, Case] = {}
    for index, (day, source) in enumerate(zip(referral_days, SOURCES, strict=True)):
        by_day[day] = case(day, source, is_repeat=index % 3 == 0 and index < 3 * REPEATS)
    # Referred before the quarter (heard in it) and after it (counts nowhere here).
    for day, _heard in FIRST_HEARINGS:
        if not PERIOD.contains(day):
            by_day[day] = case(day)
    heard_before = case(dt.date(2024, 11, 1))
    case(dt.date(2025, 4, 2))

    for index, (first, last, birth, nin) in enumerate(PERSONS):
        person = PersonFactory(
            case=world.cases[index],
            role=PersonRole.EXPOSED if index < 2 else PersonRole.CHILD,
            first_name=first,
            last_name=last,
            birth_date=birth,
            nin_masked=f"{nin[:6]}*****",
        )
        world.persons.append(person)

    # Conferences: five held in the quarter, one before, one not marked held, one
    # cancelled, one planned.
    held = [_conference(partnership, day, ConferenceStatus.HELD, by) for day in HELD]
    earlier = _conference(partnership, EARLIER, ConferenceStatus.HELD, by)
    not_marked = _conference(partnership, NOT_MARKED_HELD, ConferenceStatus.PLANNED, by)
    cancelled = _conference(partnership, CANCELLED, ConferenceStatus.CANCELLED, by)
    planned = _conference(partnership, PLANNED, ConferenceStatus.PLANNED, by)
    by_date = {c.date: c for c in (*held, not_marked)}

    items: list[AgendaItem] = []
    for referred, first in FIRST_HEARINGS:
        items.append(_item(by_date[first], by_day[referred], by, heard=first == NOT_MARKED_HELD))
    # Heard again in the quarter (counts once).
    _item(held[2], by_day[FIRST_HEARINGS[3][0]], by)
    # Heard in December and again in February: heard in the quarter, not first heard.
    _item(earlier, heard_before, by)
    _item(held[3], heard_before, by)
    # On the agenda of a cancelled conference (even marked heard) and a planned one: not heard.
    never = world.cases[-1]
    _item(cancelled, by_day[referral_days[-1]], by, heard=True)
    _item(planned, never, by)
    _item(not_marked, by_day[referral_days[-2]], by)  # on the agenda, never marked heard

    # Action points due in the quarter: 6 open (two due late in March), 9 done (7 by the
    # due date), 3 not done, 2 not possible; and two due outside the quarter.
    agreed = items[0]
    due = dt.date(2025, 2, 14)

    def point(outcome: str, due_on: dt.date, outcome_on: dt.date | None = None) -> None:
        ActionPointFactory(
            item=agreed,
            organisation=police,
            description="Tiltak i testen",
            due_on=due_on,
            outcome=outcome,
            outcome_reason="" if outcome in (Outcome.OPEN, Outcome.DONE) else "Grunn i testen",
            outcome_on=outcome_on,
            created_by=by,
        )

    for _n in range(4):
        point(Outcome.OPEN, due)
    point(Outcome.OPEN, dt.date(2025, 3, 20))
    point(Outcome.OPEN, dt.date(2025, 3, 28))
    for _n in range(6):
        point(Outcome.DONE, due, due - dt.timedelta(days=2))
    point(Outcome.DONE, due, due)  # on the due date: in time
    point(Outcome.DONE, due, due + dt.timedelta(days=1))  # late
    point(Outcome.DONE, due, due + dt.timedelta(days=3))  # late
    for _n in range(3):
        point(Outcome.NOT_DONE, due, due + dt.timedelta(days=1))
    for _n in range(2):
        point(Outcome.NOT_POSSIBLE, due, due - dt.timedelta(days=5))
    point(Outcome.OPEN, dt.date(2024, 12, 31))
    point(Outcome.DONE, dt.date(2025, 4, 1), dt.date(2025, 4, 1))

    # Attendance at the five held conferences.
    people = {
        org: make_member(org, Role.CASE_WORKER, first_name="Ansatt", last_name=f"Møtestad{n}")
        for n, org in enumerate((police, crisis, child_welfare, municipality, health))
    }
    substitute = make_member(crisis, Role.CASE_WORKER, first_name="Vikar", last_name="Stedfortsen")
    world.staff.extend([*people.values(), substitute])

    def attend(
        conference: Conference, user: User, org: Organisation, status: str, **kw: str
    ) -> None:
        AttendeeFactory(conference=conference, user=user, organisation=org, status=status, **kw)

    for n, conference in enumerate(held):
        for org in (police, child_welfare, municipality):
            attend(conference, people[org], org, AttendanceStatus.PRESENT)
        if n < 2:
            attend(conference, people[crisis], crisis, AttendanceStatus.PRESENT)
        elif n == 2:
            attend(conference, people[crisis], crisis, AttendanceStatus.APOLOGIES)
            attend(
                conference,
                substitute,
                crisis,
                AttendanceStatus.SUBSTITUTE,
                substitute_for="Ansatt Møtestad1",
            )
        else:
            attend(conference, people[crisis], crisis, AttendanceStatus.APOLOGIES)
        if n == 0:
            attend(conference, people[health], health, AttendanceStatus.PRESENT)
        elif n == 1:
            attend(conference, people[health], health, AttendanceStatus.EXPECTED)
    # Not a member, but on one attendance list (expected, never recorded as present).
    interpreter = make_organisation("Statistikktolketjenesten", OrganisationKind.OTHER)
    guest = make_member(interpreter, Role.CASE_WORKER, first_name="Gjest", last_name="Tolkvik")
    world.staff.append(guest)
    attend(held[4], guest, interpreter, AttendanceStatus.EXPECTED)
    # Not held in the quarter: does not count.
    for conference in (earlier, cancelled, planned):
        attend(conference, people[police], police, AttendanceStatus.PRESENT)

    # Safety plans: three first made in the quarter, one made before it and revised in it.
    for index, made_on in enumerate(
        [dt.date(2025, 1, 20), dt.date(2025, 2, 3), dt.date(2025, 3, 31), dt.date(2024, 10, 1)]
    ):
        first, last = PLAN_SUBJECTS[index]
        subject = PersonFactory(
            case=world.cases[3 + index], role=PersonRole.EXPOSED, first_name=first, last_name=last
        )
        world.persons.append(subject)
        plan = SafetyPlan.objects.create(person=subject, case=subject.case, current_number=1)
        SafetyPlanVersion.objects.create(
            plan=plan,
            number=1,
            content={},
            made_on=made_on,
            created_by=referrer,
            organisation=police,
        )
        if made_on.year == 2024:
            SafetyPlanVersion.objects.create(
                plan=plan,
                number=2,
                content={},
                made_on=dt.date(2025, 2, 2),
                created_by=referrer,
                organisation=police,
            )
    return world


@dataclass
class SmallWorld:
    """For query budgets: a partnership, a held conference, and as many cases as asked,
    each heard, with an action point, a person and a safety plan."""

    partnership: Partnership
    police: Organisation
    worker: User
    conference: Conference
    cases: list[Case] = field(default_factory=list)


def make_small_world(cases: int = 2) -> SmallWorld:
    police = make_organisation("Budsjettpolitiet", OrganisationKind.POLICE)
    partnership = make_partnership(
        "Budsjettkonferansen", coordinator=police, members=(police,), joined=JOINED
    )
    worker = make_member(police, Role.CASE_WORKER, Role.CONFERENCE_COORDINATOR)
    conference = _conference(partnership, HELD[1], ConferenceStatus.HELD, worker)
    AttendeeFactory(conference=conference, user=worker, organisation=police, present=True)
    world = SmallWorld(partnership=partnership, police=police, worker=worker, conference=conference)
    add_cases(world, cases)
    return world


def add_cases(world: SmallWorld, number: int) -> None:
    for n in range(number):
        case = CaseFactory(
            partnership=world.partnership,
            referred_on=dt.date(2025, 1, 2) + dt.timedelta(days=n % 10),
            source=list(ReferralSource)[n % len(ReferralSource)],
            is_repeat=n % 4 == 0,
            referring_organisation=world.police,
            referred_by=world.worker,
        )
        world.cases.append(case)
        item = _item(world.conference, case, world.worker)
        ActionPointFactory(
            item=item,
            organisation=world.police,
            description="Tiltak i testen",
            due_on=dt.date(2025, 2, 1),
        )
        person = PersonFactory(case=case, role=PersonRole.EXPOSED)
        plan = SafetyPlan.objects.create(person=person, case=case, current_number=1)
        SafetyPlanVersion.objects.create(
            plan=plan,
            number=1,
            content={},
            made_on=dt.date(2025, 2, 1),
            created_by=world.worker,
            organisation=world.police,
        )
