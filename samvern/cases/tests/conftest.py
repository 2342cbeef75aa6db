"""Case-layer personas and a fixture case that every test can use.

The partnership "Risikokonferanse Test" has the police (refers the case), the crisis centre
(takes part), child welfare (member, not taking part) and the municipality (the
coordinator organisation, not taking part). NAV Utenfor is not a member at all. The
personas are those of samvern/accounts/tests/personas.py, placed in these organisations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, OrganisationKind, Role, User
from samvern.accounts.tests import personas
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.accounts.tests.personas import Persona, make_persona
from samvern.cases import services
from samvern.cases.models import (
    Case,
    CaseParticipant,
    LegalBasis,
    PersonRole,
    ReferralSource,
    ReferralUrgency,
    ShareScope,
)
from samvern.cases.referrals import ReferralNeed, access_referral
from samvern.cases.services import AssessmentRecord, PersonData, ShareData
from samvern.partnerships.models import Partnership, PartnershipMember

PROTECTED_STREET = "Skjulestien 17"
PROTECTED_POSTCODE = "5096"
EXPOSED_NAME = ("Tiril", "Fjellstad")
# Valid check digits (generated for the tests; no real person).
VALID_NIN = "01019012345"
# What the pending organisation may read: the referral's own fields.
PENDING_REASON = "Trenger samtaler om samvær og konflikt."
PENDING_CONTACT_RULES = "Kontakt via krisesenterets rådgiver."
PENDING_WORKER = Persona("pendingworker", (Role.CASE_WORKER,))


def valid_nin(prefix: str = "010190123") -> str:
    """Complete nine digits with the two check digits (retrying prefixes that give 10)."""
    w1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    w2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    base = int(prefix)
    for offset in range(200):
        digits = f"{base + offset:09d}"
        k1 = (11 - sum(int(d) * w for d, w in zip(digits, w1, strict=True)) % 11) % 11
        if k1 == 10:
            continue
        k2 = (11 - sum(int(d) * w for d, w in zip(digits + str(k1), w2, strict=True)) % 11) % 11
        if k2 == 10:
            continue
        return f"{digits}{k1}{k2}"
    raise AssertionError("no valid number found")


@dataclass
class World:
    partnership: Partnership
    police: Organisation
    crisis: Organisation
    child_welfare: Organisation
    municipality: Organisation
    outsider_org: Organisation
    referrer: User  # case worker, police (referring organisation)
    participant: User  # case worker, crisis centre (taking part)
    member_worker: User  # case worker, child welfare (member, not taking part)
    outsider: User  # case worker, not a member of the partnership
    coordinator: User  # conference coordinator of the coordinator organisation
    org_admin: User
    superuser: User
    analyst: User
    dpo: User  # data protection officer of the police
    family: Organisation  # family counselling: a referral to it is pending
    pending_worker: User  # case worker, family counselling (referral not yet accepted)
    case: Case
    exposed: Any
    note_all: Any  # note by police shared with all participants (duty to avert)
    note_private: Any  # police-only note
    note_consent: Any  # note by police shared with crisis centre on consent
    consent: Any
    pending_referral: Any  # the police's referral to family counselling, not answered

    def personas(self) -> dict[str, User | None]:
        return {
            "referrer": self.referrer,
            "participant": self.participant,
            "member": self.member_worker,
            "outsider": self.outsider,
            "coordinator": self.coordinator,
            "dpo": self.dpo,
            "org_admin": self.org_admin,
            "superuser": self.superuser,
            "analyst": self.analyst,
            "anonymous": None,
            "pending": self.pending_worker,
        }


def make_world(*, today: dt.date | None = None) -> World:
    day = today or timezone.localdate()
    police = OrganisationFactory(name="Testpolitiet", kind=OrganisationKind.POLICE)
    crisis = OrganisationFactory(name="Testkrisesenteret", kind=OrganisationKind.CRISIS_CENTRE)
    child_welfare = OrganisationFactory(name="Testbarnevernet", kind=OrganisationKind.CHILD_WELFARE)
    municipality = OrganisationFactory(name="Testkommunen", kind=OrganisationKind.MUNICIPALITY)
    outsider_org = OrganisationFactory(name="NAV Utenfor", kind=OrganisationKind.SOCIAL_SERVICES)
    family = OrganisationFactory(name="Testfamilievernet", kind=OrganisationKind.OTHER)
    partnership = Partnership.objects.create(name="Risikokonferanse Test", coordinator=municipality)
    joined = day - dt.timedelta(days=400)
    for organisation in (police, crisis, child_welfare, municipality, family):
        PartnershipMember.objects.create(
            partnership=partnership, organisation=organisation, joined_on=joined
        )
    referrer = make_persona(personas.REFERRER, police)
    participant = make_persona(personas.PARTICIPANT, crisis)
    member_worker = make_persona(personas.MEMBER_WORKER, child_welfare)
    outsider = make_persona(personas.OUTSIDER, outsider_org)
    coordinator = make_persona(personas.COORDINATOR, municipality)
    org_admin = make_persona(personas.ORG_ADMIN, police)
    analyst = make_persona(personas.ANALYST, municipality)
    dpo = make_persona(personas.DPO, police)
    superuser = make_persona(personas.SUPERUSER)
    pending_worker = make_persona(PENDING_WORKER, family)
    case = services.refer_case(
        actor=Actor.load(referrer, organisation=police),
        partnership=partnership,
        source=ReferralSource.POLICE_INCIDENT,
        reason="Gjentatt vold i hjemmet, trusler.",
        referred_on=day - dt.timedelta(days=10),
        person=PersonData(
            role=PersonRole.EXPOSED,
            first_name=EXPOSED_NAME[0],
            last_name=EXPOSED_NAME[1],
            birth_date=dt.date(1990, 1, 1),
            identity_number=valid_nin(),
            protected_address=True,
            street_address=PROTECTED_STREET,
            postal_code=PROTECTED_POSTCODE,
            postal_place="Laksevåg",
            safe_contact="Ring bare mellom 10 og 12 på hverdager.",
        ),
    )
    accept_referral(
        services.add_participant(
            actor=Actor.load(referrer, organisation=police),
            case=case,
            participant=crisis,
            reason="Beboer på krisesenteret.",
        ),
        participant,
    )
    pending_referral = services.add_participant(
        actor=Actor.load(referrer, organisation=police),
        case=case,
        participant=family,
        reason=PENDING_REASON,
        urgency=ReferralUrgency.SOON,
        contact_rules=PENDING_CONTACT_RULES,
    )
    exposed = case.persons.get()
    consent = services.record_consent(
        actor=Actor.load(referrer, organisation=police),
        person=exposed,
        scope="Deling med krisesenteret",
        given_on=day,
    )
    note_all = services.add_note(
        actor=Actor.load(referrer, organisation=police),
        case=case,
        title="Trusselvurdering",
        body="Fare for ny vold.",
        share=ShareData(
            scope=ShareScope.ALL_PARTICIPANTS,
            legal_basis=LegalBasis.AVERT_CRIME,
            purpose="Avverge ny vold",
            recipients=[],
        ),
    )
    note_private = services.add_note(
        actor=Actor.load(referrer, organisation=police),
        case=case,
        title="Intern etterforskningsnotat",
        body="Bare politiet.",
    )
    note_consent = services.add_note(
        actor=Actor.load(referrer, organisation=police),
        case=case,
        title="Samtale med den utsatte",
        body="Delt etter samtykke.",
        share=ShareData(
            scope=ShareScope.NAMED,
            legal_basis=LegalBasis.CONSENT,
            purpose="Oppfølging på krisesenteret",
            recipients=[crisis],
            consent=consent,
        ),
    )
    return World(
        partnership=partnership,
        police=police,
        crisis=crisis,
        child_welfare=child_welfare,
        municipality=municipality,
        outsider_org=outsider_org,
        referrer=referrer,
        participant=participant,
        member_worker=member_worker,
        outsider=outsider,
        coordinator=coordinator,
        org_admin=org_admin,
        superuser=superuser,
        analyst=analyst,
        dpo=dpo,
        family=family,
        pending_worker=pending_worker,
        case=case,
        exposed=exposed,
        note_all=note_all,
        note_private=note_private,
        note_consent=note_consent,
        consent=consent,
        pending_referral=pending_referral,
    )


def accept_referral(referral: CaseParticipant, user: User) -> CaseParticipant:
    """`user` (a case worker of the receiving organisation) accepts `referral`."""
    actor = Actor.load(user, organisation=referral.organisation)
    return services.accept_referral(
        actor=actor, access=access_referral(actor, referral.pk, ReferralNeed.ANSWER)
    )


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path / "case-files")
    return make_world()


def add_matrix_items(world: Any) -> Any:
    """Give the fixture case a document and an assessment shared with all participants."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    police, referrer, case = world.police, world.referrer, world.case
    share = ShareData(
        scope=ShareScope.ALL_PARTICIPANTS,
        legal_basis=LegalBasis.AVERT_CRIME,
        purpose="Avverge ny vold",
        recipients=[],
    )
    world.document = services.upload_document(
        actor=Actor.load(referrer, organisation=police),
        case=case,
        title="Anmeldelse",
        upload=SimpleUploadedFile("anmeldelse.pdf", b"%PDF-1.4 test", "application/pdf"),
        share=share,
    )
    world.assessment = services.record_assessment(
        actor=Actor.load(referrer, organisation=police),
        case=case,
        record=AssessmentRecord(
            person=world.exposed,
            instrument_key="samvern-screening-exposed",
            instrument_version="1.0",
            answers={"escalation": "yes"},
            score=1,
            band="standard",
            share=share,
        ),
    )
    return world


@pytest.fixture
def matrix_world(world: Any) -> Any:
    """The fixture case with a document and an assessment shared with all participants."""
    return add_matrix_items(world)


@pytest.fixture(scope="module")
def shared_matrix_world_built(shared_db: Any, tmp_path_factory: Any) -> Iterator[Any]:
    """`matrix_world`, built once per module (and worker) and rolled back after it."""
    files = tmp_path_factory.mktemp("case-files")
    with override_settings(SAMVERN_CASE_FILES_DIR=str(files)), shared_db():
        yield add_matrix_items(make_world())


@pytest.fixture
def shared_matrix_world(shared_matrix_world_built: Any, db: None) -> Any:
    """The same world as `matrix_world`, shared by the tests of a module that only read
    it: each test runs in its own savepoint, so what one test writes (read audit events,
    sessions) is gone before the next. Do not combine with `world` in the same module
    (the personas' usernames would clash)."""
    return shared_matrix_world_built
