"""A partnership with one upcoming conference of two agenda cases and one earlier, held
conference of the first case, for the tests of the agenda case page (research, minutes,
action points, the minutes PDF and the API). Rows are made directly (factories, model
rows), no services, so no audit events exist before a test acts.

The partnership "Meeting Test" is coordinated by the municipality. Case A is referred by
the police; the police, the crisis centre, child welfare and the shelter take part (the
shelter left the partnership since). Case B: the police and the crisis centre.

At the upcoming conference (`day` + 7):
- *m_police* (police case worker) attends and has confirmed confidentiality;
- *m_police_colleague* (police) is not on the list: the police's record only after it is held;
- *m_crisis_new* (crisis centre) attends, has not confirmed;
- *m_crisis_conflict* (crisis centre) attends, confirmed, declared a conflict for case A;
- child welfare takes part in case A but nobody of it attends (*m_welfare*);
- *m_coordinator* (municipality, not taking part in either case) attends and confirmed;
- *m_shelter* is of the organisation that left; *m_dpo* the police's data protection
  officer; *m_outsider* a case worker of an organisation that is not a member.

Case A's exposed person has a protected address (PROTECTED_STREET).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from samvern.accounts.models import Organisation, OrganisationKind, User
from samvern.accounts.testing import make_member
from samvern.accounts.tests import personas
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.cases.models import Case, CaseState, LegalBasis, Person, PersonRole
from samvern.cases.tests.factories import (
    CaseFactory,
    CaseParticipantFactory,
    PersonFactory,
)
from samvern.conferences.models import (
    ActionPoint,
    AgendaItem,
    AgendaReason,
    AttendanceStatus,
    Attendee,
    Conference,
    ConferenceStatus,
    ConflictOfInterest,
    Outcome,
    Research,
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

PROTECTED_STREET = "Gjemmeveien 42"
PROTECTED_POSTCODE = "5147"
CASE_A_REASON = "Trusler og vold i hjemmet, barn i huset."
CASE_B_REASON = "Forfølgelse etter samlivsbrudd."
CASE_B_RESEARCH = "Krisesenteret kjenner saken B godt."


@dataclass
class MeetingWorld:
    day: dt.date
    partnership: Partnership
    police: Organisation
    crisis: Organisation
    welfare: Organisation
    shelter: Organisation  # took part in case A, left the partnership
    municipality: Organisation  # coordinator organisation, takes part in no case
    outsider_org: Organisation
    police_worker: User
    police_colleague: User
    crisis_new: User
    crisis_conflict: User
    welfare_worker: User
    coordinator: User
    shelter_worker: User
    dpo: User
    outsider: User
    case_a: Case
    case_b: Case
    exposed: Person
    conference: Conference
    earlier: Conference
    item_a: AgendaItem
    item_b: AgendaItem
    earlier_item: AgendaItem
    attendees: dict[str, Attendee] = field(default_factory=dict)
    carried: ActionPoint | None = None  # open, agreed at the earlier conference
    closed_before: ActionPoint | None = None  # done before the upcoming conference

    def users(self) -> dict[str, User]:
        return {
            "police": self.police_worker,
            "police_colleague": self.police_colleague,
            "crisis_new": self.crisis_new,
            "crisis_conflict": self.crisis_conflict,
            "welfare": self.welfare_worker,
            "coordinator": self.coordinator,
            "shelter": self.shelter_worker,
            "dpo": self.dpo,
            "outsider": self.outsider,
        }


def _organisation(name: str, kind: str) -> Organisation:
    return OrganisationFactory(name=name, kind=kind)  # type: ignore[no-any-return]


def make_meeting_world(*, day: dt.date | None = None) -> MeetingWorld:
    day = day or timezone.localdate()
    municipality = _organisation("Møtekommunen", OrganisationKind.MUNICIPALITY)
    police = _organisation("Møtepolitiet", OrganisationKind.POLICE)
    crisis = _organisation("Møtekrisesenteret", OrganisationKind.CRISIS_CENTRE)
    welfare = _organisation("Møtebarnevernet", OrganisationKind.CHILD_WELFARE)
    shelter = _organisation("Møteherberget", OrganisationKind.NGO)
    outsider_org = _organisation("Møte Utenfor", OrganisationKind.SOCIAL_SERVICES)
    partnership = make_partnership(
        "Meeting Test",
        coordinator=municipality,
        members=(municipality, police, crisis, welfare),
        left={shelter: day - dt.timedelta(days=5)},
        joined=day - dt.timedelta(days=400),
    )

    worker = personas.REFERRER.roles
    police_worker = make_member(police, *worker, username="m_police", first_name="Pål")
    police_colleague = make_member(police, *worker, username="m_police_colleague")
    crisis_new = make_member(crisis, *worker, username="m_crisis_new")
    crisis_conflict = make_member(crisis, *worker, username="m_crisis_conflict")
    welfare_worker = make_member(welfare, *worker, username="m_welfare")
    coordinator = make_member(municipality, *personas.COORDINATOR.roles, username="m_coordinator")
    shelter_worker = make_member(shelter, *worker, username="m_shelter")
    dpo = make_member(police, *personas.DPO.roles, username="m_dpo")
    outsider = make_member(outsider_org, *worker, username="m_outsider")

    referred = day - dt.timedelta(days=60)
    case_a = CaseFactory(
        partnership=partnership,
        reference="MT-A-0001",
        reason=CASE_A_REASON,
        referred_on=referred,
        referring_organisation=police,
        referred_by=police_worker,
        state=CaseState.AWAITING_CONFERENCE,
        risk_band="high",
    )
    case_b = CaseFactory(
        partnership=partnership,
        reference="MT-B-0002",
        reason=CASE_B_REASON,
        referred_on=referred,
        referring_organisation=police,
        referred_by=police_worker,
        state=CaseState.AWAITING_CONFERENCE,
    )
    for organisation in (police, crisis, welfare, shelter):
        CaseParticipantFactory(
            case=case_a, organisation=organisation, added_on=referred, added_by=police_worker
        )
    for organisation in (police, crisis):
        CaseParticipantFactory(
            case=case_b, organisation=organisation, added_on=referred, added_by=police_worker
        )
    exposed = PersonFactory(
        case=case_a,
        role=PersonRole.EXPOSED,
        first_name="Ragnhild",
        last_name="Skjulestad",
        protected_address=True,
        street_address=PROTECTED_STREET,
        postal_code=PROTECTED_POSTCODE,
        postal_place="Bergen",
    )
    PersonFactory(case=case_b, role=PersonRole.EXPOSED, first_name="Bodil", last_name="Bsak")

    statement = ConfidentialityStatementFactory(
        partnership=partnership, text="Taushetsplikt gjelder.", created_by=coordinator
    )
    earlier = ConferenceFactory(
        partnership=partnership,
        date=day - dt.timedelta(days=28),
        held=True,
        statement=statement,
        held_at=timezone.now() - dt.timedelta(days=28),
        created_by=coordinator,
    )
    conference = ConferenceFactory(
        partnership=partnership,
        date=day + dt.timedelta(days=7),
        location="Rådhuset, møterom 3",
        statement=statement,
        created_by=coordinator,
    )
    earlier_item = AgendaItemFactory(conference=earlier, case=case_a)
    item_a = AgendaItemFactory(
        conference=conference, case=case_a, reason=AgendaReason.REVIEW, urgent=True
    )
    item_b = AgendaItemFactory(conference=conference, case=case_b)
    confirmed = timezone.now()
    attendees = {
        "police": AttendeeFactory(
            conference=conference,
            user=police_worker,
            organisation=police,
            confirmed=True,
            confirmed_at=confirmed,
        ),
        "crisis_new": AttendeeFactory(conference=conference, user=crisis_new, organisation=crisis),
        "crisis_conflict": AttendeeFactory(
            conference=conference,
            user=crisis_conflict,
            organisation=crisis,
            confirmed=True,
            confirmed_at=confirmed,
        ),
        "coordinator": AttendeeFactory(
            conference=conference,
            user=coordinator,
            organisation=municipality,
            confirmed=True,
            confirmed_at=confirmed,
        ),
    }
    # At the earlier conference the police and child welfare attended.
    for user, organisation in ((police_worker, police), (welfare_worker, welfare)):
        AttendeeFactory(
            conference=earlier,
            user=user,
            organisation=organisation,
            present=True,
            confirmed=True,
            confirmed_at=confirmed,
        )
    ConflictOfInterest.objects.create(
        attendee=attendees["crisis_conflict"], item=item_a, reason="Kjenner familien."
    )
    carried = ActionPointFactory(
        item=earlier_item,
        organisation=welfare,
        description="Barnevernet undersøker skolesituasjonen.",
        due_on=day - dt.timedelta(days=3),
    )
    closed_before = ActionPointFactory(
        item=earlier_item,
        organisation=police,
        description="Politiet vurderer besøksforbud.",
        due_on=day - dt.timedelta(days=14),
        outcome=Outcome.DONE,
        outcome_on=day - dt.timedelta(days=15),
        outcome_by=police_worker,
    )
    Research.objects.create(
        item=item_b,
        organisation=crisis,
        body=CASE_B_RESEARCH,
        legal_basis=LegalBasis.CONSENT,
        author=crisis_new,
    )
    return MeetingWorld(
        day=day,
        partnership=partnership,
        police=police,
        crisis=crisis,
        welfare=welfare,
        shelter=shelter,
        municipality=municipality,
        outsider_org=outsider_org,
        police_worker=police_worker,
        police_colleague=police_colleague,
        crisis_new=crisis_new,
        crisis_conflict=crisis_conflict,
        welfare_worker=welfare_worker,
        coordinator=coordinator,
        shelter_worker=shelter_worker,
        dpo=dpo,
        outsider=outsider,
        case_a=case_a,
        case_b=case_b,
        exposed=exposed,
        conference=conference,
        earlier=earlier,
        item_a=item_a,
        item_b=item_b,
        earlier_item=earlier_item,
        attendees=attendees,
        carried=carried,
        closed_before=closed_before,
    )


def write_research(world: MeetingWorld, organisation: Organisation, body: str) -> Research:
    """Research of `organisation` for case A, as a row (no service, no event)."""
    author = {
        world.police.pk: world.police_worker,
        world.crisis.pk: world.crisis_new,
        world.welfare.pk: world.welfare_worker,
    }[organisation.pk]
    return Research.objects.create(
        item=world.item_a,
        organisation=organisation,
        body=body,
        legal_basis=LegalBasis.AVERT_CRIME,
        author=author,
    )


def hold(world: MeetingWorld) -> None:
    """Mark the upcoming conference held (as the schedule's hold service would leave it)."""
    Conference.objects.filter(pk=world.conference.pk).update(
        status=ConferenceStatus.HELD, held_at=timezone.now()
    )
    Attendee.objects.filter(conference=world.conference).update(status=AttendanceStatus.PRESENT)
