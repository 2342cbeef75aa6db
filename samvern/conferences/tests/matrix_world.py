"""The world the conference access matrix runs in (samvern/conferences/tests/test_access_matrix.py):
one partnership, two cases, a held and an upcoming conference, and a persona for every
place a person can stand in a conference. Built once per module with plain rows (the case
factories and the models directly: no services, no audit events, no rules run for the
setup), then shared by every test of the matrix (`shared_db`, root conftest.py).

The partnership "Risikokonferanse Matrise" is coordinated by the municipality (which takes
part in no case). Members today: police (refers case 1), crisis centre, health, child
welfare, the municipality. NAV Askøy took part in case 1 and attended the held conference,
then left the partnership a week ago; it still takes part in case 1 on paper. NAV Utenfor
was never a member.

Case 1 (reference CASE_REFERENCE): police, crisis centre, health, child welfare and NAV
Askøy take part; a person exposed with a protected address, a child and a person using
violence. Case 2 (OTHER_REFERENCE): only the crisis centre takes part; it shares both
agendas with case 1, so everyone else at the conference learns only that the agenda has
more items.

The held conference (two weeks ago) heard both cases. On its attendance list:
attendee_confirmed (police, present, confirmed), attendee_unconfirmed (crisis centre,
present, never confirmed), attendee_conflicted (health, present, confirmed, declared a
conflict for case 1), coordinator_not_participant (present, confirmed), the NAV Askøy
case worker (present, confirmed, before NAV left). Child welfare did not attend (no row);
neither did owner_of_action's own person (the crisis centre attended through
attendee_unconfirmed). Research for case 1 by police, health and child welfare, for case 2
by the crisis centre; minutes for case 1; action point A (police) and B (crisis centre),
both open and carried over to the upcoming conference.

The upcoming conference (in a week): both cases on the agenda again; attendee_confirmed,
attendee_unconfirmed and attendee_conflicted expected (the first and the last have
confirmed, and the last declared the same conflict for case 1), the coordinator expected
and confirmed.

Case 1's person exposed has a safety plan in two versions; the police has a checklist for
case 1 with one item marked not applicable.

Every text that only some may read holds a marker the matrix searches every answer for
(`Secrets`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from samvern.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.accounts.tests.personas import DPO, ORG_ADMIN, SUPERUSER, Persona, make_persona
from samvern.cases.models import Case, CaseState, LegalBasis, Person, PersonRole
from samvern.cases.tests.factories import CaseFactory, CaseParticipantFactory, PersonFactory
from samvern.conferences.models import (
    ActionPoint,
    AgendaItem,
    AgendaReason,
    AttendanceStatus,
    Attendee,
    Conference,
    ConferenceSeries,
    ConfidentialityStatement,
    ConflictOfInterest,
    Minutes,
    Recurrence,
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

# The personas of the conference matrix. Usernames of their own (prefixed "cm") so that
# the world can stand beside any other fixture; dpo, org_admin and the superuser are the
# suite's personas (accounts/tests/personas.py), placed in the police.
ATTENDEE_CONFIRMED = Persona("cmconfirmed", (Role.CASE_WORKER,))
ATTENDEE_UNCONFIRMED = Persona("cmunconfirmed", (Role.CASE_WORKER,))
ATTENDEE_CONFLICTED = Persona("cmconflicted", (Role.CASE_WORKER,))
MEMBER_NOT_ATTENDING = Persona("cmnotattending", (Role.CASE_WORKER,))
LEFT_PARTNERSHIP = Persona("cmleft", (Role.CASE_WORKER,))
COORDINATOR_NOT_PARTICIPANT = Persona("cmcoordinator", (Role.CONFERENCE_COORDINATOR,))
OWNER_OF_ACTION = Persona("cmowner", (Role.CASE_WORKER,))
OUTSIDER = Persona("cmoutsider", (Role.CASE_WORKER,))
ANALYST = Persona("cmanalyst", (Role.NATIONAL_ANALYST,))
LOST_ROLE = Persona("cmlostrole", (Role.CASE_WORKER,))

PERSONAS = (
    "attendee_confirmed",
    "attendee_unconfirmed",
    "attendee_conflicted",
    "member_not_attending",
    "participant_not_member_any_more",
    "coordinator_not_participant",
    "owner_of_action",
    "dpo",
    "outsider",
    "org_admin",
    "superuser",
    "analyst",
    "anonymous",
)

CASE_REFERENCE = "KMX-470211"
OTHER_REFERENCE = "KMX-470388"
EXPOSED_NAME = ("Solvårine", "Haugsbakken")
CHILD_NAME = ("Maiken", "Haugsbakken")
USING_VIOLENCE_NAME = ("Kjetilbjørn", "Brakstadli")
OTHER_EXPOSED_NAME = ("Gunnvor", "Tveitaskar")
PROTECTED_STREET = "Løyndomsvegen 93"
PROTECTED_POSTCODE = "5173"


@dataclass(frozen=True)
class Secrets:
    """Marker texts, each stored in exactly one place (see the module docstring)."""

    research_police: str = "RESEARCH-POLICE-qv81: siktet for kroppsskade"
    research_health: str = "RESEARCH-HEALTH-qv82: legevakt to ganger i høst"
    research_child_welfare: str = "RESEARCH-CHILDWELFARE-qv83: bekymringsmelding fra skolen"
    research_other_case: str = "RESEARCH-CRISIS-OTHERCASE-qv84: bodde på senteret i mars"
    minutes_risks: str = "MINUTES-RISKS-qv85: eskalerende trusler"
    minutes_discussion: str = "MINUTES-DISCUSSION-qv86: brudd på besøksforbud"
    minutes_decisions: str = "MINUTES-DECISIONS-qv87: voldsalarm vurderes"
    action_police: str = "ACTION-POLICE-qv88: vurder omvendt voldsalarm"
    action_crisis: str = "ACTION-CRISIS-qv89: tilby samtale om botilbud"
    plan_v1: str = "SAFETYPLAN-V1-qv90: ring søsteren først"
    plan_v2: str = "SAFETYPLAN-V2-qv91: bruk kodeordet blåbær"
    checklist_reason: str = "CHECKLIST-NA-qv92: allerede meldt av skolen"
    wishes: str = "WISHES-qv93: vil ikke at han får vite hvor hun bor"
    programme_reason: str = "PROGRAMME-qv94: dømt for kroppsskade, motivert"
    follow_up_note: str = "FOLLOWUP-qv95: ny henvisning fra legevakten"
    substitute_name: str = ""  # not a secret: kept empty

    def research(self) -> list[str]:
        return [self.research_police, self.research_health, self.research_child_welfare]

    def minutes(self) -> list[str]:
        return [self.minutes_risks, self.minutes_discussion, self.minutes_decisions]


SECRETS = Secrets()


@dataclass
class ConferenceWorld:
    today: dt.date
    partnership: Partnership
    police: Organisation
    crisis: Organisation
    health: Organisation
    child_welfare: Organisation
    municipality: Organisation
    left_org: Organisation
    outsider_org: Organisation
    users: dict[str, User | None]
    lost_role: User  # police case worker whose role has ended (for the calendar feed)
    case: Case
    other_case: Case
    exposed: Person
    child: Person
    using_violence: Person
    other_exposed: Person
    statement: ConfidentialityStatement
    series: ConferenceSeries
    held: Conference
    upcoming: Conference
    held_item: AgendaItem
    upcoming_item: AgendaItem
    held_other_item: AgendaItem
    upcoming_other_item: AgendaItem
    attendees: dict[str, Attendee]
    conflict: ConflictOfInterest
    research: dict[str, Research]
    minutes: Minutes
    point_police: ActionPoint
    point_crisis: ActionPoint
    # Added when the apps that make them are there (see `add_*` below).
    safety_plan: Any = None
    plan_versions: list[Any] = field(default_factory=list)
    checklist: Any = None
    checklist_items: list[Any] = field(default_factory=list)
    # Calendar feeds: persona (or "lost_role" / "revoked") → the secret token.
    feed_tokens: dict[str, str] = field(default_factory=dict)
    # The victim's voice, a programme referral and an outcome follow-up (`add_follow_through`).
    wishes: Any = None
    advocate: Any = None
    programme_referral: Any = None
    follow_up: Any = None

    def personas(self) -> dict[str, User | None]:
        return self.users


def _organisation(name: str, kind: str) -> Organisation:
    organisation: Organisation = OrganisationFactory(name=name, kind=kind)
    return organisation


def build_world(*, today: dt.date | None = None) -> ConferenceWorld:
    day = today or timezone.localdate()
    police = _organisation("Matrisepolitiet", OrganisationKind.POLICE)
    crisis = _organisation("Matrisekrisesenteret", OrganisationKind.CRISIS_CENTRE)
    health = _organisation("Matriselegevakten", OrganisationKind.HEALTH)
    child_welfare = _organisation("Matrisebarnevernet", OrganisationKind.CHILD_WELFARE)
    municipality = _organisation("Matrisekommunen", OrganisationKind.MUNICIPALITY)
    left_org = _organisation("NAV Matrise-Askøy", OrganisationKind.SOCIAL_SERVICES)
    outsider_org = _organisation("NAV Matrise-Utenfor", OrganisationKind.SOCIAL_SERVICES)

    partnership = make_partnership(
        "Risikokonferanse Matrise",
        coordinator=municipality,
        members=(police, crisis, health, child_welfare, municipality),
        left={left_org: day - dt.timedelta(days=7)},
        joined=day - dt.timedelta(days=400),
    )

    users: dict[str, User | None] = {
        "attendee_confirmed": make_persona(ATTENDEE_CONFIRMED, police),
        "attendee_unconfirmed": make_persona(ATTENDEE_UNCONFIRMED, crisis),
        "attendee_conflicted": make_persona(ATTENDEE_CONFLICTED, health),
        "member_not_attending": make_persona(MEMBER_NOT_ATTENDING, child_welfare),
        "participant_not_member_any_more": make_persona(LEFT_PARTNERSHIP, left_org),
        "coordinator_not_participant": make_persona(COORDINATOR_NOT_PARTICIPANT, municipality),
        "owner_of_action": make_persona(OWNER_OF_ACTION, crisis),
        "dpo": make_persona(DPO, police),
        "outsider": make_persona(OUTSIDER, outsider_org),
        "org_admin": make_persona(ORG_ADMIN, police),
        "superuser": make_persona(SUPERUSER),
        "analyst": make_persona(ANALYST, municipality),
        "anonymous": None,
    }
    assert tuple(users) == PERSONAS
    lost_role = make_persona(LOST_ROLE, police)
    Membership.objects.filter(user=lost_role).update(ends_on=day - dt.timedelta(days=3))
    confirmed = users["attendee_confirmed"]
    coordinator = users["coordinator_not_participant"]
    assert confirmed is not None and coordinator is not None

    referred_on = day - dt.timedelta(days=60)
    case = CaseFactory(
        partnership=partnership,
        reference=CASE_REFERENCE,
        state=CaseState.ACTIONS_IN_PROGRESS,
        reason="Henvist etter gjentatte utrykninger.",
        referred_on=referred_on,
        referring_organisation=police,
        referred_by=confirmed,
        risk_band="high",
    )
    for organisation in (police, crisis, health, child_welfare, left_org):
        CaseParticipantFactory(
            case=case, organisation=organisation, added_on=referred_on, added_by=confirmed
        )
    exposed = PersonFactory(
        case=case,
        role=PersonRole.EXPOSED,
        first_name=EXPOSED_NAME[0],
        last_name=EXPOSED_NAME[1],
        birth_date=dt.date(1988, 4, 12),
        protected_address=True,
        street_address=PROTECTED_STREET,
        postal_code=PROTECTED_POSTCODE,
        postal_place="Loddefjord",
    )
    child = PersonFactory(
        case=case,
        role=PersonRole.CHILD,
        first_name=CHILD_NAME[0],
        last_name=CHILD_NAME[1],
        birth_date=dt.date(2017, 9, 3),
        protected_address=True,
        street_address=PROTECTED_STREET,
        postal_code=PROTECTED_POSTCODE,
        postal_place="Loddefjord",
    )
    using_violence = PersonFactory(
        case=case,
        role=PersonRole.USING_VIOLENCE,
        first_name=USING_VIOLENCE_NAME[0],
        last_name=USING_VIOLENCE_NAME[1],
    )

    crisis_worker = users["attendee_unconfirmed"]
    assert crisis_worker is not None
    other_case = CaseFactory(
        partnership=partnership,
        reference=OTHER_REFERENCE,
        state=CaseState.ACTIONS_IN_PROGRESS,
        reason="Henvist fra krisesenteret.",
        referred_on=referred_on,
        referring_organisation=crisis,
        referred_by=crisis_worker,
    )
    CaseParticipantFactory(
        case=other_case, organisation=crisis, added_on=referred_on, added_by=crisis_worker
    )
    other_exposed = PersonFactory(
        case=other_case,
        role=PersonRole.EXPOSED,
        first_name=OTHER_EXPOSED_NAME[0],
        last_name=OTHER_EXPOSED_NAME[1],
    )

    statement = ConfidentialityStatementFactory(
        partnership=partnership,
        text="Det som sies i konferansen, blir i konferansen.",
        created_by=coordinator,
    )
    series = ConferenceSeries.objects.create(
        partnership=partnership,
        title="Risikokonferanse annenhver uke",
        recurrence=Recurrence.WEEKLY,
        interval=2,
        first_date=day - dt.timedelta(days=14),
        starts_at=dt.time(9, 0),
        location="Rådhuset, møterom 4",
        created_by=coordinator,
    )
    held = ConferenceFactory(
        partnership=partnership,
        series=series,
        date=day - dt.timedelta(days=14),
        location="Rådhuset, møterom 4",
        held=True,
        statement=statement,
        held_at=timezone.now() - dt.timedelta(days=14),
        created_by=coordinator,
    )
    upcoming = ConferenceFactory(
        partnership=partnership,
        series=series,
        date=day + dt.timedelta(days=7),
        location="Rådhuset, møterom 4",
        statement=statement,
        created_by=coordinator,
    )
    heard_at = timezone.now() - dt.timedelta(days=14)
    held_item = AgendaItemFactory(conference=held, case=case, heard_at=heard_at)
    held_other_item = AgendaItemFactory(conference=held, case=other_case, heard_at=heard_at)
    upcoming_item = AgendaItemFactory(
        conference=upcoming, case=case, reason=AgendaReason.CARRIED_OVER, urgent=True
    )
    upcoming_other_item = AgendaItemFactory(
        conference=upcoming, case=other_case, reason=AgendaReason.REVIEW
    )

    confirmed_at = timezone.now() - dt.timedelta(days=15)

    def attend(
        conference: Conference,
        persona: str,
        organisation: Organisation,
        status: str,
        *,
        confirm: bool,
    ) -> Attendee:
        user = users[persona]
        assert user is not None
        return AttendeeFactory(
            conference=conference,
            user=user,
            organisation=organisation,
            status=status,
            confirmed=confirm,
            confirmed_at=confirmed_at if confirm else None,
        )

    present, expected = AttendanceStatus.PRESENT, AttendanceStatus.EXPECTED
    attendees = {
        "held_confirmed": attend(held, "attendee_confirmed", police, present, confirm=True),
        "held_unconfirmed": attend(held, "attendee_unconfirmed", crisis, present, confirm=False),
        "held_conflicted": attend(held, "attendee_conflicted", health, present, confirm=True),
        "held_coordinator": attend(
            held, "coordinator_not_participant", municipality, present, confirm=True
        ),
        "held_left": attend(
            held, "participant_not_member_any_more", left_org, present, confirm=True
        ),
        "upcoming_confirmed": attend(
            upcoming, "attendee_confirmed", police, expected, confirm=True
        ),
        "upcoming_unconfirmed": attend(
            upcoming, "attendee_unconfirmed", crisis, expected, confirm=False
        ),
        "upcoming_conflicted": attend(
            upcoming, "attendee_conflicted", health, expected, confirm=True
        ),
        "upcoming_coordinator": attend(
            upcoming, "coordinator_not_participant", municipality, expected, confirm=True
        ),
    }
    conflict = ConflictOfInterest.objects.create(
        attendee=attendees["held_conflicted"], item=held_item, reason="Kjenner familien."
    )
    ConflictOfInterest.objects.create(
        attendee=attendees["upcoming_conflicted"], item=upcoming_item, reason="Kjenner familien."
    )

    def research(item: AgendaItem, organisation: Organisation, author: str, body: str) -> Research:
        user = users[author]
        assert user is not None
        return Research.objects.create(
            item=item,
            organisation=organisation,
            body=body,
            legal_basis=LegalBasis.AVERT_CRIME,
            author=user,
        )

    research_rows = {
        "police": research(held_item, police, "attendee_confirmed", SECRETS.research_police),
        "health": research(held_item, health, "attendee_conflicted", SECRETS.research_health),
        "child_welfare": research(
            held_item, child_welfare, "member_not_attending", SECRETS.research_child_welfare
        ),
        "other_case": research(
            held_other_item, crisis, "attendee_unconfirmed", SECRETS.research_other_case
        ),
    }
    minutes = Minutes.objects.create(
        item=held_item,
        risk_summary=SECRETS.minutes_risks,
        discussion=SECRETS.minutes_discussion,
        decisions=SECRETS.minutes_decisions,
        recorded_by=coordinator,
        organisation=municipality,
    )
    owner = users["owner_of_action"]
    assert owner is not None
    point_police = ActionPointFactory(
        item=held_item,
        organisation=police,
        assignee=confirmed,
        description=SECRETS.action_police,
        due_on=day - dt.timedelta(days=2),
    )
    point_crisis = ActionPointFactory(
        item=held_item,
        organisation=crisis,
        assignee=owner,
        description=SECRETS.action_crisis,
        due_on=day + dt.timedelta(days=10),
    )

    world = ConferenceWorld(
        today=day,
        partnership=partnership,
        police=police,
        crisis=crisis,
        health=health,
        child_welfare=child_welfare,
        municipality=municipality,
        left_org=left_org,
        outsider_org=outsider_org,
        users=users,
        lost_role=lost_role,
        case=case,
        other_case=other_case,
        exposed=exposed,
        child=child,
        using_violence=using_violence,
        other_exposed=other_exposed,
        statement=statement,
        series=series,
        held=held,
        upcoming=upcoming,
        held_item=held_item,
        upcoming_item=upcoming_item,
        held_other_item=held_other_item,
        upcoming_other_item=upcoming_other_item,
        attendees=attendees,
        conflict=conflict,
        research=research_rows,
        minutes=minutes,
        point_police=point_police,
        point_crisis=point_crisis,
    )
    add_safety_plan(world)
    add_checklist(world)
    add_calendar_feeds(world)
    add_follow_through(world)
    return world


def add_follow_through(world: ConferenceWorld) -> None:
    """Case 1's person exposed: her wishes (recorded by the police) and her advocate
    (attendee_unconfirmed of the crisis centre, on both attendance lists); the person using
    violence referred by the police to a programme of the directory (waiting for intake);
    the lead organisation's (municipality's) first follow-up, recorded."""
    from samvern.conferences.models import Answer, FollowUp
    from samvern.directory.models import Service, ServiceKind
    from samvern.programmes.models import ProgrammeReferral, ProgrammeUpdate, UpdateKind
    from samvern.voice.models import Advocate, ContactChannel, Wishes

    police_user = world.users["attendee_confirmed"]
    adviser = world.users["attendee_unconfirmed"]
    coordinator = world.users["coordinator_not_participant"]
    assert police_user is not None and adviser is not None and coordinator is not None
    world.wishes = Wishes.objects.create(
        case=world.case,
        person=world.exposed,
        version=1,
        wants=SECRETS.wishes,
        contact_channel=ContactChannel.THROUGH_ADVOCATE,
        recorded_on=world.today - dt.timedelta(days=30),
        recorded_by=police_user,
        organisation=world.police,
    )
    world.advocate = Advocate.objects.create(
        case=world.case,
        person=world.exposed,
        organisation=world.crisis,
        user=adviser,
        started_on=world.today - dt.timedelta(days=30),
        appointed_by=police_user,
    )
    service = Service.objects.create(
        partnership=world.partnership,
        name="Matrise-sinnemestring",
        kind=ServiceKind.VIOLENCE_PROGRAMME,
        provider_name="Alternativ til Vold Matrise",
    )
    world.programme_referral = ProgrammeReferral.objects.create(
        case=world.case,
        person=world.using_violence,
        service=service,
        programme_name=service.name,
        provider=service.provider_name,
        reason=SECRETS.programme_reason,
        referred_on=world.today - dt.timedelta(days=20),
        referred_by=police_user,
        referring_organisation=world.police,
    )
    ProgrammeUpdate.objects.create(
        referral=world.programme_referral,
        kind=UpdateKind.REFERRED,
        on=world.today - dt.timedelta(days=20),
        recorded_by=police_user,
        organisation=world.police,
    )
    world.follow_up = FollowUp.objects.create(
        case=world.case,
        checkpoint=1,
        months=6,
        due_on=world.today - dt.timedelta(days=3),
        new_incident=Answer.NO,
        new_referral=True,
        safe_housing=Answer.YES,
        in_contact=Answer.YES,
        note=SECRETS.follow_up_note,
        recorded_on=world.today - dt.timedelta(days=1),
        recorded_by=coordinator,
        organisation=world.municipality,
    )


def add_safety_plan(world: ConferenceWorld) -> None:
    """The person exposed's safety plan in two versions (police, then the crisis centre)."""
    from samvern.safetyplans.content import ContactSection, PlanContent, to_json
    from samvern.safetyplans.models import SafetyPlan, SafetyPlanVersion

    plan = SafetyPlan.objects.create(person=world.exposed, case=world.case, current_number=2)
    authors = (
        ("attendee_confirmed", world.police, SECRETS.plan_v1),
        ("attendee_unconfirmed", world.crisis, SECRETS.plan_v2),
    )
    for number, (persona, organisation, text) in enumerate(authors, start=1):
        user = world.users[persona]
        assert user is not None
        world.plan_versions.append(
            SafetyPlanVersion.objects.create(
                plan=plan,
                number=number,
                content=to_json(PlanContent(contact=ContactSection(how=text))),
                made_on=world.today - dt.timedelta(days=20 - number),
                created_by=user,
                organisation=organisation,
            )
        )
    world.safety_plan = plan


def add_checklist(world: ConferenceWorld) -> None:
    """The police's checklist for case 1: one item open, one not applicable."""
    from samvern.checklists.models import Checklist, ChecklistItem, ItemStatus

    author = world.users["attendee_confirmed"]
    assert author is not None
    checklist = Checklist.objects.create(
        case=world.case,
        organisation=world.police,
        template_key="samvern-duties-police",
        template_version="1.0",
        title={"nb": "Politiets plikter", "en": "Police duties"},
        facts={
            "children": True,
            "risk_band": "high",
            "custody_release": False,
            "shelter_needed": False,
            "consent_victim_support": True,
        },
        created_by=author,
    )
    world.checklist = checklist
    world.checklist_items = [
        ChecklistItem.objects.create(
            checklist=checklist,
            position=1,
            item_key="risk-assessment",
            text={"nb": "Gjør en risikovurdering", "en": "Assess the risk"},
        ),
        ChecklistItem.objects.create(
            checklist=checklist,
            position=2,
            item_key="notify-child-welfare",
            text={"nb": "Meld til barnevernet", "en": "Notify child welfare"},
            status=ItemStatus.NOT_APPLICABLE,
            reason=SECRETS.checklist_reason,
            ticked_by=author,
            ticked_at=timezone.now() - dt.timedelta(days=5),
        ),
    ]


FEED_PERSONAS = (
    "attendee_confirmed",
    "attendee_unconfirmed",
    "attendee_conflicted",
    "member_not_attending",
    "owner_of_action",
    "coordinator_not_participant",
    "participant_not_member_any_more",
)


def add_calendar_feeds(world: ConferenceWorld) -> None:
    """A live calendar feed for every persona with a case content role (the one of the
    organisation that left included), one for the police case worker whose role has
    ended, and a revoked one (attendee_confirmed's previous address). Rows made directly,
    with the hash the calendar service keeps (`token_hash`)."""
    from samvern.conferences.models import CalendarFeed
    from samvern.conferences.services.calendar import token_hash

    def feed(user: User, organisation: Organisation, token: str, *, revoked: bool = False) -> None:
        CalendarFeed.objects.create(
            user=user,
            organisation=organisation,
            token_hash=token_hash(token),
            revoked_at=timezone.now() - dt.timedelta(days=1) if revoked else None,
        )
        world.feed_tokens["revoked" if revoked else _key(user)] = token

    def _key(user: User) -> str:
        if user.pk == world.lost_role.pk:
            return "lost_role"
        return next(name for name, known in world.users.items() if known and known.pk == user.pk)

    organisations = {
        "attendee_confirmed": world.police,
        "attendee_unconfirmed": world.crisis,
        "attendee_conflicted": world.health,
        "member_not_attending": world.child_welfare,
        "owner_of_action": world.crisis,
        "coordinator_not_participant": world.municipality,
        "participant_not_member_any_more": world.left_org,
    }
    for number, persona in enumerate(FEED_PERSONAS):
        user = world.users[persona]
        assert user is not None
        feed(user, organisations[persona], f"cmfeed{number}-{persona}-Zq7ptW3xLs0aVb")
    feed(world.lost_role, world.police, "cmfeed-lost-role-Zq7ptW3xLs0aVb")
    confirmed = world.users["attendee_confirmed"]
    assert confirmed is not None
    feed(confirmed, world.police, "cmfeed-revoked-Zq7ptW3xLs0aVb", revoked=True)
