"""A partnership after a conference, with action points for several agencies: the world
the action-point, reminder, calendar and API tests run in. Rows are made directly (no
services, so no audit events) for a given day.

The partnership "Risikokonferanse Handling" has the police (refers both cases), the
crisis centre (takes part in case A), child welfare (a member, in no case), the
municipality (coordinates conferences, in no case) and the family clinic (took part in
case A, left the partnership ten days ago). NAV Utenfor is not a member.

People: *referrer* and *carl* are police case workers (carl is assigned one point),
*participant* a crisis-centre case worker, *memberworker* a child-welfare case worker,
*coordinator* the municipality's conference coordinator, *dpo* the police's data
protection officer, *rolf* a case worker of the clinic that left, *outsider* a case
worker of NAV Utenfor.

The conference of `day - 14` was held; referrer and participant attended and confirmed.
The next one is `day + 7`; referrer is expected.

Action points (due relative to `day`):
- `police_soon`    case A, police, assigned to carl, due in 2 days, open
- `police_late`    case B, police, nobody assigned, due yesterday, open (overdue)
- `police_done`    case B, police, done 5 days ago
- `crisis_late`    case A, crisis centre, due 3 days ago, open (overdue)
- `clinic_point`   case A, the clinic that left, due in 5 days, open
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from samvern.accounts.models import Organisation, OrganisationKind, User
from samvern.accounts.tests import personas
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.cases.models import Case, Person, PersonRole
from samvern.cases.tests.factories import CaseFactory, CaseParticipantFactory, PersonFactory
from samvern.conferences.models import (
    ActionPoint,
    AgendaItem,
    Conference,
    Outcome,
)
from samvern.conferences.tests.factories import (
    ActionPointFactory,
    AgendaItemFactory,
    AttendeeFactory,
    ConferenceFactory,
    ConfidentialityStatementFactory,
    make_partnership,
)
from samvern.partnerships.models import Partnership

DESCRIPTIONS = {
    "police_soon": "Kontakte fornærmede om voldsalarm og gå gjennom sikkerhetsplanen",
    "police_late": "Vurdere besøksforbud mot partneren etter løslatelsen",
    "police_done": "Sende bekymringsmelding til barnevernet om barna",
    "crisis_late": "Tilby samtale med barna på krisesenteret",
    "clinic_point": "Følge opp mors helse ved neste konsultasjon",
}
CONFERENCE_LOCATION = "Rådhuset, møterom Fløyen"


@dataclass
class ActionsWorld:
    day: dt.date
    partnership: Partnership
    police: Organisation
    crisis: Organisation
    child_welfare: Organisation
    municipality: Organisation
    clinic: Organisation  # took part, left the partnership
    outsider_org: Organisation
    referrer: User
    carl: User
    participant: User
    member_worker: User
    coordinator: User
    dpo: User
    rolf: User
    outsider: User
    case_a: Case
    case_b: Case
    held: Conference
    upcoming: Conference
    points: dict[str, ActionPoint] = field(default_factory=dict)
    persons: list[Person] = field(default_factory=list)

    def users(self) -> dict[str, User]:
        return {
            "referrer": self.referrer,
            "carl": self.carl,
            "participant": self.participant,
            "member_worker": self.member_worker,
            "coordinator": self.coordinator,
            "dpo": self.dpo,
            "rolf": self.rolf,
            "outsider": self.outsider,
        }

    def organisation_of(self, name: str) -> Organisation:
        return {
            "referrer": self.police,
            "carl": self.police,
            "participant": self.crisis,
            "member_worker": self.child_welfare,
            "coordinator": self.municipality,
            "dpo": self.police,
            "rolf": self.clinic,
            "outsider": self.outsider_org,
        }[name]

    def all_names(self) -> list[str]:
        """Every name of a person or a user in the world."""
        names: list[str] = []
        for person in Person.objects.all():
            names += [person.first_name, person.last_name]
        for user in User.objects.all():
            names += [user.first_name, user.last_name, user.username]
        return [name for name in names if name]


def add_point(
    world: ActionsWorld,
    *,
    case: Case,
    organisation: Organisation,
    due_on: dt.date,
    description: str = "Et tiltak i testen",
    assignee: User | None = None,
    outcome: str = Outcome.OPEN,
) -> ActionPoint:
    item = AgendaItem.objects.filter(conference=world.held, case=case).first()
    if item is None:
        item = AgendaItemFactory(conference=world.held, case=case, heard_at=timezone.now())
    closed = outcome != Outcome.OPEN
    return ActionPointFactory(
        item=item,
        organisation=organisation,
        assignee=assignee,
        description=description,
        due_on=due_on,
        outcome=outcome,
        outcome_reason="Gjort i testen" if closed else "",
        outcome_on=world.day - dt.timedelta(days=5) if closed else None,
        outcome_by=world.referrer if closed else None,
    )


def add_police_case(world: ActionsWorld, *, due_on: dt.date) -> ActionPoint:
    """One more case of the police with one open police point (for query budgets)."""
    case = CaseFactory(
        partnership=world.partnership,
        referring_organisation=world.police,
        referred_by=world.referrer,
        referred_on=world.day - dt.timedelta(days=30),
    )
    CaseParticipantFactory(case=case, organisation=world.police)
    PersonFactory(case=case)
    return add_point(world, case=case, organisation=world.police, due_on=due_on)


def make_actions_world(*, day: dt.date) -> ActionsWorld:
    def org(name: str, kind: str) -> Organisation:
        return OrganisationFactory(name=name, kind=kind)

    police = org("Handlingspolitiet", OrganisationKind.POLICE)
    crisis = org("Handlingskrisesenteret", OrganisationKind.CRISIS_CENTRE)
    child_welfare = org("Handlingsbarnevernet", OrganisationKind.CHILD_WELFARE)
    municipality = org("Handlingskommunen", OrganisationKind.MUNICIPALITY)
    clinic = org("Familieklinikken", OrganisationKind.HEALTH)
    outsider_org = org("NAV Utenfor Handling", OrganisationKind.SOCIAL_SERVICES)
    partnership = make_partnership(
        "Risikokonferanse Handling",
        coordinator=municipality,
        members=(police, crisis, child_welfare, municipality),
        left={clinic: day - dt.timedelta(days=10)},
        joined=day - dt.timedelta(days=400),
    )
    referrer = personas.make_persona(personas.REFERRER, police)
    carl = personas.make_persona(personas.CARL, police)
    participant = personas.make_persona(personas.PARTICIPANT, crisis)
    member_worker = personas.make_persona(personas.MEMBER_WORKER, child_welfare)
    coordinator = personas.make_persona(personas.COORDINATOR, municipality)
    dpo = personas.make_persona(personas.DPO, police)
    rolf = personas.make_persona(personas.ROLF, clinic)
    outsider = personas.make_persona(personas.OUTSIDER, outsider_org)
    # Distinctive names, so that a test searching text for them finds only them.
    for user, (first, last) in {
        referrer: ("Gunnhild", "Rasmussen-Vik"),
        carl: ("Carl-Henrik", "Blomqvist"),
        participant: ("Solveig", "Haraldsrud"),
        member_worker: ("Torbjørg", "Aasheim"),
        coordinator: ("Wenche", "Kolstadløkken"),
        dpo: ("Dagrun", "Myrvold"),
        rolf: ("Rolf-Arne", "Steinsland"),
        outsider: ("Ottar", "Brekkeflåt"),
    }.items():
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])

    referred = day - dt.timedelta(days=40)
    case_a = CaseFactory(
        partnership=partnership,
        reference="HAND-A-0001",
        referring_organisation=police,
        referred_by=referrer,
        referred_on=referred,
    )
    case_b = CaseFactory(
        partnership=partnership,
        reference="HAND-B-0002",
        referring_organisation=police,
        referred_by=referrer,
        referred_on=referred,
    )
    for case, organisation in (
        (case_a, police),
        (case_a, crisis),
        (case_a, clinic),
        (case_b, police),
    ):
        CaseParticipantFactory(case=case, organisation=organisation, added_on=referred)
    persons = [
        PersonFactory(case=case_a, role=PersonRole.EXPOSED, first_name="Ingvild", last_name="Sæbø"),
        PersonFactory(case=case_a, role=PersonRole.CHILD, first_name="Oskar", last_name="Sæbø"),
        PersonFactory(
            case=case_a, role=PersonRole.USING_VIOLENCE, first_name="Rune", last_name="Lid"
        ),
        PersonFactory(case=case_b, role=PersonRole.EXPOSED, first_name="Marte", last_name="Kvam"),
    ]
    statement = ConfidentialityStatementFactory(
        partnership=partnership, text="Taushetsplikt.", created_by=coordinator
    )
    held = ConferenceFactory(
        partnership=partnership,
        date=day - dt.timedelta(days=14),
        location=CONFERENCE_LOCATION,
        held=True,
        statement=statement,
        held_at=timezone.now(),
        created_by=coordinator,
    )
    upcoming = ConferenceFactory(
        partnership=partnership,
        date=day + dt.timedelta(days=7),
        starts_at=dt.time(13, 30),
        location=CONFERENCE_LOCATION,
        created_by=coordinator,
    )
    for user, organisation in ((referrer, police), (participant, crisis)):
        AttendeeFactory(
            conference=held, user=user, organisation=organisation, present=True, confirmed=True
        )
    AttendeeFactory(conference=upcoming, user=referrer, organisation=police)
    world = ActionsWorld(
        day=day,
        partnership=partnership,
        police=police,
        crisis=crisis,
        child_welfare=child_welfare,
        municipality=municipality,
        clinic=clinic,
        outsider_org=outsider_org,
        referrer=referrer,
        carl=carl,
        participant=participant,
        member_worker=member_worker,
        coordinator=coordinator,
        dpo=dpo,
        rolf=rolf,
        outsider=outsider,
        case_a=case_a,
        case_b=case_b,
        held=held,
        upcoming=upcoming,
        persons=persons,
    )
    d = dt.timedelta
    world.points = {
        "police_soon": add_point(
            world,
            case=case_a,
            organisation=police,
            due_on=day + d(days=2),
            assignee=carl,
            description=DESCRIPTIONS["police_soon"],
        ),
        "police_late": add_point(
            world,
            case=case_b,
            organisation=police,
            due_on=day - d(days=1),
            description=DESCRIPTIONS["police_late"],
        ),
        "police_done": add_point(
            world,
            case=case_b,
            organisation=police,
            due_on=day - d(days=4),
            description=DESCRIPTIONS["police_done"],
            outcome=Outcome.DONE,
        ),
        "crisis_late": add_point(
            world,
            case=case_a,
            organisation=crisis,
            due_on=day - d(days=3),
            description=DESCRIPTIONS["crisis_late"],
        ),
        "clinic_point": add_point(
            world,
            case=case_a,
            organisation=clinic,
            due_on=day + d(days=5),
            description=DESCRIPTIONS["clinic_point"],
        ),
    }
    return world
