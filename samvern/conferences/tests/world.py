"""A conference world for the schedule tests (and for anyone who wants one).

`make_schedule_world(today=...)` builds the partnership "Konferanse Testby" with:

- the municipality (coordinating organisation, takes part in no case): *coordinator*,
  a conference coordinator;
- the police (refers the cases, takes part, attends): *referrer* (attends) and
  *conflicted* (attends, and is meant to declare a conflict for `case_a`), and *dpo*, the
  police's data protection officer;
- the crisis centre (takes part, attends): *participant* (attends);
- health care (takes part, nobody attends): *absent*;
- child welfare (a member, takes part in no case): *member_worker*;
- NAV (took part in `case_a`, left the partnership ten days ago): *leaver*;
- an organisation outside the partnership: *outsider*.

Cases: `case_a` and `case_b` await conference (`case_a`'s reason holds `CASE_A_REASON`,
a string found nowhere else); `case_review` has actions in progress and an open action
point from the earlier, held conference (`past`) due before the next one. `conference`
is planned a week ahead, with *referrer*, *conflicted* and *participant* expected, and an
empty agenda. The partnership's statement is at version 1 (`STATEMENT_V1`).

Rows are made directly (factories, no services), so the world writes no audit events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from samvern.accounts.models import Organisation, OrganisationKind, Role, User
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.cases.models import Case, CaseParticipant, CaseState
from samvern.conferences.models import (
    ActionPoint,
    AgendaItem,
    Attendee,
    Conference,
    ConfidentialityStatement,
)
from samvern.conferences.tests.factories import (
    ActionPointFactory,
    AgendaItemFactory,
    AttendeeFactory,
    ConferenceFactory,
    ConfidentialityStatementFactory,
    make_case,
    make_partnership,
)
from samvern.partnerships.models import Partnership

CASE_A_REASON = "Trusler med kniv i oppgangen; KAKTUSBLOMST-merknad."
STATEMENT_V1 = "Alt som sies i møtet er taushetsbelagt og brukes bare til sikkerhetsarbeid."


@dataclass
class ScheduleWorld:
    today: dt.date
    partnership: Partnership
    municipality: Organisation
    police: Organisation
    crisis: Organisation
    health: Organisation
    child_welfare: Organisation
    nav: Organisation  # left the partnership
    outside: Organisation
    coordinator: User
    referrer: User
    conflicted: User
    participant: User
    absent: User
    member_worker: User
    leaver: User
    dpo: User
    outsider: User
    case_a: Case
    case_b: Case
    case_review: Case
    past: Conference
    conference: Conference
    statement: ConfidentialityStatement
    open_point: ActionPoint
    attendees: dict[str, Attendee] = field(default_factory=dict)

    def org_of(self, user: User) -> Organisation:
        return {
            self.coordinator.pk: self.municipality,
            self.referrer.pk: self.police,
            self.conflicted.pk: self.police,
            self.dpo.pk: self.police,
            self.participant.pk: self.crisis,
            self.absent.pk: self.health,
            self.member_worker.pk: self.child_welfare,
            self.leaver.pk: self.nav,
            self.outsider.pk: self.outside,
        }[user.pk]

    def personas(self) -> dict[str, User]:
        return {
            "coordinator": self.coordinator,
            "attendee": self.referrer,
            "conflicted": self.conflicted,
            "participant": self.participant,
            "absent": self.absent,
            "member": self.member_worker,
            "leaver": self.leaver,
            "dpo": self.dpo,
            "outsider": self.outsider,
        }


def make_schedule_world(*, today: dt.date) -> ScheduleWorld:
    org = OrganisationFactory
    municipality = org(name="Testby kommune", kind=OrganisationKind.MUNICIPALITY)
    police = org(name="Testby politi", kind=OrganisationKind.POLICE)
    crisis = org(name="Testby krisesenter", kind=OrganisationKind.CRISIS_CENTRE)
    health = org(name="Testby legevakt", kind=OrganisationKind.HEALTH)
    child_welfare = org(name="Testby barnevern", kind=OrganisationKind.CHILD_WELFARE)
    nav = org(name="NAV Testby", kind=OrganisationKind.SOCIAL_SERVICES)
    outside = org(name="Utenfor kommune", kind=OrganisationKind.MUNICIPALITY)
    partnership = make_partnership(
        "Konferanse Testby",
        coordinator=municipality,
        members=(municipality, police, crisis, health, child_welfare),
        left={nav: today - dt.timedelta(days=10)},
        joined=today - dt.timedelta(days=400),
    )
    coordinator = make_member(municipality, Role.CONFERENCE_COORDINATOR, username="k-coordinator")
    referrer = make_member(police, Role.CASE_WORKER, username="k-referrer", first_name="Rita")
    conflicted = make_member(police, Role.CASE_WORKER, username="k-conflicted", first_name="Kari")
    dpo = make_member(police, Role.DATA_PROTECTION_OFFICER, username="k-dpo")
    participant = make_member(crisis, Role.CASE_WORKER, username="k-participant")
    absent = make_member(health, Role.CASE_WORKER, username="k-absent")
    member_worker = make_member(child_welfare, Role.CASE_WORKER, username="k-member")
    leaver = make_member(nav, Role.CASE_WORKER, username="k-leaver")
    outsider = make_member(outside, Role.CASE_WORKER, username="k-outsider")
    earlier = today - dt.timedelta(days=60)
    case_a = make_case(
        partnership,
        police,
        referrer,
        participants=(crisis, health, nav),
        referred_on=today - dt.timedelta(days=20),
        reason=CASE_A_REASON,
    )
    case_b = make_case(
        partnership,
        police,
        referrer,
        participants=(crisis, health),
        referred_on=today - dt.timedelta(days=15),
    )
    case_review = make_case(
        partnership,
        police,
        referrer,
        state=CaseState.ACTIONS_IN_PROGRESS,
        participants=(crisis, health),
        referred_on=earlier - dt.timedelta(days=20),
    )
    statement = ConfidentialityStatementFactory(
        partnership=partnership, text=STATEMENT_V1, created_by=coordinator
    )
    past = ConferenceFactory(
        partnership=partnership,
        date=earlier,
        held=True,
        statement=statement,
        created_by=coordinator,
    )
    open_point = ActionPointFactory(
        item=AgendaItemFactory(conference=past, case=case_review),
        organisation=police,
        description="Vurdere besøksforbud.",
        due_on=today + dt.timedelta(days=3),
    )
    conference = ConferenceFactory(
        partnership=partnership,
        date=today + dt.timedelta(days=7),
        location="Rådhuset, møterom 3",
        created_by=coordinator,
    )
    world = ScheduleWorld(
        today=today,
        partnership=partnership,
        municipality=municipality,
        police=police,
        crisis=crisis,
        health=health,
        child_welfare=child_welfare,
        nav=nav,
        outside=outside,
        coordinator=coordinator,
        referrer=referrer,
        conflicted=conflicted,
        participant=participant,
        absent=absent,
        member_worker=member_worker,
        leaver=leaver,
        dpo=dpo,
        outsider=outsider,
        case_a=case_a,
        case_b=case_b,
        case_review=case_review,
        past=past,
        conference=conference,
        statement=statement,
        open_point=open_point,
    )
    for name, user, organisation in (
        ("referrer", referrer, police),
        ("conflicted", conflicted, police),
        ("participant", participant, crisis),
    ):
        world.attendees[name] = AttendeeFactory(
            conference=conference, user=user, organisation=organisation
        )
    return world


def put_on_agenda(world: ScheduleWorld, *cases: Case) -> list[AgendaItem]:
    """Place cases on the world's conference, in order (rows only, no audit)."""
    return [AgendaItemFactory(conference=world.conference, case=case) for case in cases]


def more_cases(world: ScheduleWorld, count: int) -> list[Case]:
    """`count` more cases awaiting conference, in which police and crisis centre take part."""
    return [
        make_case(
            world.partnership,
            world.police,
            world.referrer,
            participants=(world.crisis,),
            referred_on=world.today - dt.timedelta(days=5),
            reason=f"Ekstra sak {index}.",
        )
        for index in range(count)
    ]


def participation(case: Case, organisation: Organisation) -> CaseParticipant:
    return CaseParticipant.objects.get(case=case, organisation=organisation)
