"""A small governance world for the tests: a partnership of police (coordinator), the
crisis centre and NAV, with an outsider organisation; personas by role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, OrganisationKind, Role, User
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.governance import services
from samvern.governance.access import Need, access_body, access_governance, access_meeting
from samvern.governance.models import Body, BodyKind, Meeting
from samvern.partnerships.models import Partnership
from samvern.partnerships.tests.factories import PartnershipFactory, PartnershipMemberFactory


@dataclass
class World:
    day: dt.date
    partnership: Partnership
    police: Organisation
    shelter: Organisation
    nav: Organisation
    outside: Organisation
    people: dict[str, User] = field(default_factory=dict)
    body: Body | None = None
    meetings: list[Meeting] = field(default_factory=list)

    def actor(self, name: str) -> Actor:
        user = self.people[name]
        organisation = {
            "coordinator": self.police,
            "chair": self.shelter,
            "relay": self.nav,
            "reader": self.nav,
            "outsider": self.outside,
        }[name]
        return Actor.load(user, organisation=organisation)


def make_world(*, day: dt.date, with_meetings: bool = True) -> World:
    police = OrganisationFactory(name="Politiet Test", kind=OrganisationKind.POLICE)
    shelter = OrganisationFactory(name="Krisesenteret Test", kind=OrganisationKind.CRISIS_CENTRE)
    nav = OrganisationFactory(name="NAV Test", kind=OrganisationKind.SOCIAL_SERVICES)
    outside = OrganisationFactory(name="Utenfor Test", kind=OrganisationKind.OTHER)
    partnership = PartnershipFactory(name="Samarbeid Test", coordinator=police)
    joined = day - dt.timedelta(days=400)
    people = {
        "coordinator": make_member(
            police,
            Role.CONFERENCE_COORDINATOR,
            username="koord",
            first_name="Kari",
            last_name="Koord",
        ),
        "chair": make_member(
            shelter, Role.PLAN_READER, username="leder", first_name="Lise", last_name="Leder"
        ),
        "relay": make_member(
            nav, Role.PLAN_READER, username="kontakt", first_name="Kjell", last_name="Kontakt"
        ),
        "reader": make_member(
            nav, Role.PLAN_READER, username="leser", first_name="Lene", last_name="Leser"
        ),
        "outsider": make_member(
            outside, Role.PLAN_READER, username="utenfor", first_name="Ulf", last_name="Utenfor"
        ),
    }
    PartnershipMemberFactory(partnership=partnership, organisation=police, joined_on=joined)
    PartnershipMemberFactory(partnership=partnership, organisation=shelter, joined_on=joined)
    PartnershipMemberFactory(
        partnership=partnership, organisation=nav, joined_on=joined, relay=people["relay"]
    )
    world = World(day, partnership, police, shelter, nav, outside, people)
    if with_meetings:
        build_body(world)
    return world


def build_body(world: World, *, meetings: int = 2) -> Body:
    coordinator = world.actor("coordinator")
    grant = access_governance(coordinator, world.partnership.pk, Need.MANAGE)
    body = services.create_body(
        actor=coordinator,
        grant=grant,
        data=services.BodyData(
            kind=BodyKind.OPERATIONAL,
            name="Operativ gruppe",
            short_code="OG",
            started_on=world.day - dt.timedelta(days=300),
            chair=world.people["chair"],
        ),
    )
    access = access_body(coordinator, body.pk, Need.EDIT)
    for organisation in (world.police, world.shelter, world.nav):
        services.add_member(
            actor=coordinator,
            access=access,
            organisation=organisation,
            joined_on=body.started_on,
        )
    world.body = body
    world.meetings = [
        services.schedule_meeting(
            actor=coordinator,
            access=access,
            data=services.MeetingData(
                date=world.day + dt.timedelta(days=30 * index - 30), starts_at=dt.time(9)
            ),
            today=world.day,
        )
        for index in range(meetings)
    ]
    return body


def commit(
    world: World, meeting: Meeting, *, organisation: Organisation | None = None, due: int = 10
) -> object:
    coordinator = world.actor("coordinator")
    access = access_meeting(coordinator, meeting.pk, Need.EDIT)
    return services.create_commitment(
        actor=coordinator,
        access=access,
        data=services.CommitmentData(
            organisation=organisation or world.nav,
            description="Lage rutine for nødbolig",
            due_on=meeting.date + dt.timedelta(days=due),
        ),
        today=world.day,
    )
