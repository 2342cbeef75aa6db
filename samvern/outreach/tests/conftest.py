"""The outreach world: a partnership whose crisis centre receives notices about adults
exposed to violence and whose child welfare service receives those about children; the
police notify; the health service is a member that receives nothing; the municipality
coordinates (and so sees only the count of overdue notices). NAV Utenfor is no member.

Personas: *officer* (police case worker, notifies), *adviser* (crisis centre case worker,
receives), *childworker* (child welfare case worker, receives children), *nurse* (health
case worker, another member), *stranger* (case worker of a non-member), *coord* (the
coordinator organisation's conference coordinator), *privacy* (the crisis centre's data
protection officer), *admin* (the crisis centre's organisation administrator) and *root*
(a superuser).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, OrganisationKind, Role, User
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory, UserFactory
from samvern.cases.models import Case, CaseState, Person, PersonRole
from samvern.cases.tests.factories import CaseFactory, CaseParticipantFactory, PersonFactory
from samvern.outreach import services
from samvern.outreach.models import IncidentType, Notice, NoticeBasis, PersonKind
from samvern.outreach.services import NoticeData, NoticePersonData, SettingsData
from samvern.partnerships.models import Partnership, PartnershipMember

FOLLOWED = ("Tiril", "Fjellstad", dt.date(1990, 1, 1))
EXPOSED = ("Hedda", "Kvamme", dt.date(1992, 5, 17))
CHILD = ("Oskar", "Kvamme", 2019)
USING = ("Frode", "Kvamme", 1988)


@dataclass
class OutreachWorld:
    partnership: Partnership
    police: Organisation
    crisis: Organisation
    child_welfare: Organisation
    health: Organisation
    municipality: Organisation
    outsider_org: Organisation
    officer: User
    adviser: User
    childworker: User
    nurse: User
    stranger: User
    coord: User
    privacy: User
    admin: User
    root: User
    open_case: Case
    followed_person: Person

    def actor(self, user: User, organisation: Organisation | None = None) -> Actor:
        return Actor.load(user, organisation=organisation)

    def personas(self) -> dict[str, User | None]:
        return {
            "officer": self.officer,
            "adviser": self.adviser,
            "childworker": self.childworker,
            "nurse": self.nurse,
            "stranger": self.stranger,
            "coord": self.coord,
            "privacy": self.privacy,
            "admin": self.admin,
            "root": self.root,
            "anonymous": None,
        }


def make_outreach_world(*, today: dt.date | None = None) -> OutreachWorld:
    day = today or timezone.localdate()
    police = OrganisationFactory(name="Testpolitiet", kind=OrganisationKind.POLICE)
    crisis = OrganisationFactory(name="Testkrisesenteret", kind=OrganisationKind.CRISIS_CENTRE)
    child_welfare = OrganisationFactory(name="Testbarnevernet", kind=OrganisationKind.CHILD_WELFARE)
    health = OrganisationFactory(name="Testlegevakten", kind=OrganisationKind.HEALTH)
    municipality = OrganisationFactory(name="Testkommunen", kind=OrganisationKind.MUNICIPALITY)
    outsider_org = OrganisationFactory(name="NAV Utenfor", kind=OrganisationKind.SOCIAL_SERVICES)
    partnership = Partnership.objects.create(name="Risikokonferanse Test", coordinator=municipality)
    for organisation in (police, crisis, child_welfare, health, municipality):
        PartnershipMember.objects.create(
            partnership=partnership, organisation=organisation, joined_on=day - dt.timedelta(400)
        )
    coord = make_member(municipality, Role.CONFERENCE_COORDINATOR, username="coord")
    world = OutreachWorld(
        partnership=partnership,
        police=police,
        crisis=crisis,
        child_welfare=child_welfare,
        health=health,
        municipality=municipality,
        outsider_org=outsider_org,
        officer=make_member(police, Role.CASE_WORKER, username="officer", first_name="Ola"),
        adviser=make_member(crisis, Role.CASE_WORKER, username="adviser"),
        childworker=make_member(child_welfare, Role.CASE_WORKER, username="childworker"),
        nurse=make_member(health, Role.CASE_WORKER, username="nurse"),
        stranger=make_member(outsider_org, Role.CASE_WORKER, username="stranger"),
        coord=coord,
        privacy=make_member(crisis, Role.DATA_PROTECTION_OFFICER, username="privacy"),
        admin=make_member(crisis, Role.ORG_ADMIN, username="admin"),
        root=UserFactory(username="root", is_superuser=True, is_staff=True),
        open_case=CaseFactory(
            partnership=partnership, referring_organisation=health, state=CaseState.SCREENED
        ),
        followed_person=None,  # type: ignore[arg-type]
    )
    CaseParticipantFactory(case=world.open_case, organisation=health)
    world.followed_person = PersonFactory(
        case=world.open_case,
        role=PersonRole.EXPOSED,
        first_name=FOLLOWED[0],
        last_name=FOLLOWED[1],
        birth_date=FOLLOWED[2],
    )
    services.save_settings(
        actor=Actor.load(coord, organisation=municipality),
        partnership=partnership,
        data=SettingsData(
            deadline_hours=48,
            working_days_only=False,
            attempts_before_not_reached=3,
            designations={
                PersonKind.EXPOSED_ADULT: [crisis],
                PersonKind.CHILD: [child_welfare],
            },
        ),
    )
    return world


def notice_data(
    world: OutreachWorld,
    *,
    occurred_at: dt.datetime,
    persons: tuple[NoticePersonData, ...] | None = None,
    legal_basis: str = NoticeBasis.CONSENT,
) -> NoticeData:
    return NoticeData(
        partnership=world.partnership,
        occurred_at=occurred_at,
        incident_type=IncidentType.PHYSICAL,
        children_present=True,
        legal_basis=legal_basis,
        summary="Nabo varslet om bråk.",
        persons=persons
        or (
            NoticePersonData(
                kind=PersonKind.EXPOSED_ADULT,
                first_name=EXPOSED[0],
                last_name=EXPOSED[1],
                birth_date=EXPOSED[2],
                phone="+47 400 00 999",
            ),
            NoticePersonData(
                kind=PersonKind.CHILD, first_name=CHILD[0], last_name=CHILD[1], birth_year=CHILD[2]
            ),
            NoticePersonData(
                kind=PersonKind.USING_VIOLENCE,
                first_name=USING[0],
                last_name=USING[1],
                birth_year=USING[2],
            ),
        ),
    )


def register(world: OutreachWorld, *, now: dt.datetime | None = None, **options: object) -> Notice:
    moment = now or timezone.now()
    return services.register_notice(
        actor=Actor.load(world.officer, organisation=world.police),
        data=notice_data(world, occurred_at=moment - dt.timedelta(hours=2), **options),  # type: ignore[arg-type]
        now=moment,
    )


@pytest.fixture
def world(db) -> OutreachWorld:
    return make_outreach_world()
