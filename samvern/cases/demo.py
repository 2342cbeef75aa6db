"""Demo cases in "Risikokonferanse Bergen og Askøy". Every person and event is fictional.

What a visitor can try:
- lars.politi (police, referring): the case of a mother of two with a protected address
  (Ingvild Sæterbakken; the partner was recently released from custody), an assessment,
  shares on three different legal bases, and a repeat referral. The conferences demo
  (samvern/conferences/demo.py) hears her case at two past conferences.
- nina.krisesenter (crisis centre): a case she referred, where the consent behind one
  share has been withdrawn; and the police case, shared with her.
- anders.barnevern (child welfare): only what was shared with child welfare.
- hanne.koordinator (conference coordinator, police = coordinator organisation): the
  conference summary of the crisis centre's case, without its persons or notes.
- guro.personvern (DPO, police): "who has seen this case" for the police's cases.

Referrals: lars referred the first case on to the crisis centre, child welfare and the
emergency clinic, which all accepted (his "my referrals" shows each answer and, once the
conferences demo has held the case, "heard at a conference" and action points). In the
repeat case he referred the person to the crisis centre (pending: nina's "referrals to
us") and to NAV, which declined with a reason. Child welfare has not answered nina's
referral of her case by its deadline (overdue).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.cases import services
from samvern.cases.access import Need, access_case
from samvern.cases.models import (
    Case,
    CaseParticipant,
    CaseState,
    CloseOutcome,
    LegalBasis,
    Person,
    PersonRole,
    ReferralFeedback,
    ReferralUrgency,
    ShareScope,
)
from samvern.cases.referrals import ReferralNeed, access_referral, response_deadline
from samvern.cases.services import AssessmentData, PersonData, ShareData
from samvern.partnerships.models import Partnership, PartnershipMember
from samvern.risk import catalogue

PARTNERSHIP_NAME = "Risikokonferanse Bergen og Askøy"
FALLBACK_MEMBERS = [
    "Vest politidistrikt",
    "Bergen krisesenter",
    "Barneverntjenesten i Bergen",
    "Legevakten i Bergen",
    "NAV Bergenhus",
]
INSTRUMENT = "samvern-screening-exposed"
# How long ago the first case was referred: before the conferences demo's two conferences.
CASE1_DAYS_AGO = 40


def fictional_nin(birth: dt.date, serial: int) -> str:
    """An identity number with valid check digits for a fictional person."""
    w1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    w2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    for individual in range(serial, serial + 100):
        digits = f"{birth:%d%m%y}{individual % 1000:03d}"
        k1 = (11 - sum(int(d) * w for d, w in zip(digits, w1, strict=True)) % 11) % 11
        k2 = (
            11 - sum(int(d) * w for d, w in zip(digits + str(k1 % 10), w2, strict=True)) % 11
        ) % 11
        if k1 != 10 and k2 != 10:
            return f"{digits}{k1}{k2}"
    raise ValueError("no valid number")


def _partnership(today: dt.date) -> Partnership:
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is not None:
        return partnership
    # The partnerships demo normally creates it; this keeps the cases demo usable alone.
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=FALLBACK_MEMBERS)}
    partnership = Partnership.objects.create(
        name=PARTNERSHIP_NAME, coordinator=organisations["Vest politidistrikt"]
    )
    for organisation in organisations.values():
        PartnershipMember.objects.create(
            partnership=partnership,
            organisation=organisation,
            joined_on=today - dt.timedelta(days=3 * 365),
        )
    return partnership


def _move(case: Case, actor: Actor, *states: str, note: str = "", outcome: str = "") -> Case:
    access = access_case(actor, case.pk, Need.VIEW)
    for state in states:
        services.transition_case(
            actor=actor,
            access=access,
            to_state=state,
            note=note if state == CaseState.CLOSED else "",
            outcome=outcome if state == CaseState.CLOSED else "",
        )
    return access.case


def _accept(referral: CaseParticipant, actor: Actor, day: dt.date) -> CaseParticipant:
    """The receiving organisation's case worker accepts, as on "referrals to us"."""
    return services.accept_referral(
        actor=actor, access=access_referral(actor, referral.pk, ReferralNeed.ANSWER), day=day
    )


def _dated(referral: CaseParticipant, referred_on: dt.date, answered_on: dt.date | None) -> None:
    """Move a demo referral (and the update it gave) back to the days it happened."""
    CaseParticipant.objects.filter(pk=referral.pk).update(
        referred_on=referred_on,
        respond_by=response_deadline(referral.case.partnership_id, referred_on),
        **({"added_on": answered_on} if referral.status == "accepted" else {}),
        **({"removed_on": answered_on} if referral.status == "declined" else {}),
    )
    if answered_on is not None:
        ReferralFeedback.objects.filter(referral=referral).update(on=answered_on)


def _assess(
    case: Case, actor: Actor, person: Person, answers: dict[str, str], share: ShareData | None
) -> None:
    """Scored and qualified by the assessment service, as on the assessment page."""
    instrument = catalogue.get_instrument(INSTRUMENT)
    services.assess(
        actor=actor,
        access=access_case(actor, case.pk, Need.EDIT),
        data=AssessmentData(
            instrument=instrument,
            answers=answers,
            person=person,
            title=instrument.title_in("nb"),
            share=share,
        ),
    )


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    partnership = _partnership(today)
    if Case.objects.filter(partnership=partnership).exists():
        return
    orgs = {o.name: o for o in Organisation.objects.all()}
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "lars.politi",
                "nina.krisesenter",
                "anders.barnevern",
                "eva.legevakt",
                "jon.nav",
            ]
        )
    }
    police, crisis = orgs["Vest politidistrikt"], orgs["Bergen krisesenter"]
    child_welfare, health = orgs["Barneverntjenesten i Bergen"], orgs["Legevakten i Bergen"]
    nav = orgs["NAV Bergenhus"]
    # Each person acts for their own agency.
    lars, nina, eva, jon = (
        Actor.load(users["lars.politi"], organisation=police),
        Actor.load(users["nina.krisesenter"], organisation=crisis),
        Actor.load(users["eva.legevakt"], organisation=health),
        Actor.load(users["jon.nav"], organisation=nav),
    )

    # 1. Police: awaiting conference, protected address, two children, three legal bases.
    # Referred long enough ago for the two conferences of the conferences demo.
    ingvild_born = dt.date(1988, 3, 15)
    case1_referred = today - dt.timedelta(days=CASE1_DAYS_AGO)
    case1 = services.refer_case(
        actor=lars,
        partnership=partnership,
        source="police_incident",
        referred_on=case1_referred,
        reason=(
            "Patrulje rykket ut etter melding fra nabo om bråk. Den utsatte hadde synlige "
            "skader og fortalte om gjentatte episoder det siste halvåret."
        ),
        person=PersonData(
            role=PersonRole.EXPOSED,
            first_name="Ingvild",
            last_name="Sæterbakken",
            birth_date=ingvild_born,
            gender="female",
            language="norsk",
            phone="+47 400 00 901",
            identity_number=fictional_nin(ingvild_born, 411),
            safe_contact="Ring kun mellom kl. 09 og 11 på hverdager. Ikke legg igjen beskjed.",
            protected_address=True,
            street_address="Fiktivveien 7",
            postal_code="5089",
            postal_place="Bergen",
        ),
    )
    exposed1 = case1.persons.get()
    services.add_person(
        actor=lars,
        case=case1,
        data=PersonData(
            role=PersonRole.USING_VIOLENCE,
            first_name="Roar",
            last_name="Kvamsdal",
            birth_year=1985,
            gender="male",
        ),
    )
    services.add_person(
        actor=lars,
        case=case1,
        data=PersonData(
            role=PersonRole.CHILD,
            first_name="Emil",
            last_name="Sæterbakken",
            birth_year=today.year - 6,
            gender="male",
            protected_address=True,
            street_address="Fiktivveien 7",
            postal_code="5089",
            postal_place="Bergen",
        ),
    )
    services.add_person(
        actor=lars,
        case=case1,
        data=PersonData(
            role=PersonRole.CHILD,
            first_name="Sofie",
            last_name="Sæterbakken",
            birth_year=today.year - 3,
            gender="female",
            protected_address=True,
            street_address="Fiktivveien 7",
            postal_code="5089",
            postal_place="Bergen",
        ),
    )
    # Lars refers the case on to three agencies, which accept within two days; he hears
    # each answer on "my referrals".
    anders = Actor.load(users["anders.barnevern"], organisation=child_welfare)
    for organisation, worker, reason, urgency in (
        (
            crisis,
            nina,
            "Den utsatte og barna bor på krisesenteret.",
            ReferralUrgency.URGENT,
        ),
        (
            child_welfare,
            anders,
            "Barn i husstanden; bekymringsmelding er sendt.",
            ReferralUrgency.SOON,
        ),
        (
            health,
            eva,
            "Legevakten behandlet og dokumenterte skadene etter hendelsen.",
            ReferralUrgency.ROUTINE,
        ),
    ):
        referral = services.add_participant(
            actor=lars,
            case=case1,
            participant=organisation,
            reason=reason,
            urgency=urgency,
            contact_rules="Bare via krisesenteret. Adressen er sperret.",
        )
        _dated(_accept(referral, worker, today), case1_referred, case1_referred)
    # The agencies joined in the days after the referral (the services date it today).
    CaseParticipant.objects.filter(case=case1).update(added_on=case1_referred)
    consent1 = services.record_consent(
        actor=lars,
        person=exposed1,
        given_on=case1_referred + dt.timedelta(days=1),
        scope="Opplysninger om hendelsen kan deles med krisesenteret for oppfølging.",
    )
    services.add_note(
        actor=lars,
        case=case1,
        title="Trusselbilde etter hendelsen",
        body="Utøver har sendt truende meldinger etter pågripelsen. Besøksforbud er begjært.",
        share=ShareData(
            scope=ShareScope.ALL_PARTICIPANTS,
            legal_basis=LegalBasis.AVERT_CRIME,
            purpose="Avverge ny vold mot den utsatte og barna.",
            recipients=[],
        ),
    )
    services.add_note(
        actor=lars,
        case=case1,
        title="Barna var til stede",
        body="Begge barna var hjemme under hendelsen. Den eldste virket redd.",
        share=ShareData(
            scope=ShareScope.NAMED,
            legal_basis=LegalBasis.CHILD_WELFARE,
            purpose="Opplysningsplikt til barnevernet.",
            recipients=[child_welfare],
        ),
    )
    services.add_note(
        actor=lars,
        case=case1,
        title="Samtale med den utsatte",
        body="Den utsatte ønsker hjelp til å finne ny bolig.",
        share=ShareData(
            scope=ShareScope.NAMED,
            legal_basis=LegalBasis.CONSENT,
            purpose="Oppfølging på krisesenteret.",
            recipients=[crisis],
            consent=consent1,
        ),
    )
    services.add_note(
        actor=lars,
        case=case1,
        title="Utøver løslatt fra varetekt",
        body=(
            "Roar Kvamsdal satt i varetekt etter pågripelsen og er nylig løslatt. "
            "Besøksforbudet gjelder; han er gjort kjent med det. Risikoen vurderes på nytt."
        ),
        share=ShareData(
            scope=ShareScope.ALL_PARTICIPANTS,
            legal_basis=LegalBasis.AVERT_CRIME,
            purpose="Avverge ny vold mot den utsatte og barna etter løslatelsen.",
            recipients=[],
        ),
    )
    services.add_note(
        actor=lars,
        case=case1,
        title="Etterforskningsnotat (internt)",
        body="Vitneavhør planlagt. Ikke delt utenfor politiet.",
    )
    _assess(
        case1,
        lars,
        exposed1,
        {
            "escalation": "yes",
            "threats_to_kill": "yes",
            "neck_pressure": "yes",
            "weapon_access": "unknown",
            "separation": "yes",
            "children_in_household": "yes",
            "stalking": "yes",
            "own_fear": "yes",
        },
        ShareData(
            scope=ShareScope.ALL_PARTICIPANTS,
            legal_basis=LegalBasis.AVERT_CRIME,
            purpose="Forberede risikokonferansen.",
            recipients=[],
        ),
    )
    _move(case1, lars, CaseState.SCREENED, CaseState.AWAITING_CONFERENCE)

    # 2. Crisis centre: screened; its consent was later withdrawn (share to health stops).
    maja_born = dt.date(1995, 9, 2)
    case2 = services.refer_case(
        actor=nina,
        partnership=partnership,
        source="crisis_centre",
        referred_on=today - dt.timedelta(days=20),
        reason="Kvinne tatt inn på krisesenteret etter langvarig kontroll og trusler.",
        person=PersonData(
            role=PersonRole.EXPOSED,
            first_name="Maja",
            last_name="Lindtveit",
            birth_date=maja_born,
            gender="female",
            language="polsk",
            needs_interpreter=True,
            safe_contact="Kontakt via krisesenteret. Ingen SMS.",
        ),
    )
    _accept(
        services.add_participant(
            actor=nina,
            case=case2,
            participant=health,
            reason="Behov for legeundersøkelse og dokumentasjon av skader.",
        ),
        eva,
        today,
    )
    consent2 = services.record_consent(
        actor=nina,
        person=case2.persons.get(),
        given_on=today - dt.timedelta(days=19),
        scope="Deling med legevakten om skader og behandling.",
    )
    services.add_note(
        actor=nina,
        case=case2,
        title="Skader beskrevet ved innkomst",
        body="Blåmerker på armer; smerter i ribbeina.",
        share=ShareData(
            scope=ShareScope.NAMED,
            legal_basis=LegalBasis.CONSENT,
            purpose="Legeundersøkelse.",
            recipients=[health],
            consent=consent2,
        ),
    )
    services.add_note(
        actor=nina,
        case=case2,
        title="Tolk bestilt",
        body="Tolk på polsk bestilt til samtaler.",
        share=ShareData(
            scope=ShareScope.NAMED,
            legal_basis=LegalBasis.OTHER_STATUTORY,
            statutory_basis="Krisesenterlova § 4",
            purpose="Koordinere samtaler.",
            recipients=[health],
        ),
    )
    services.withdraw_consent(actor=nina, consent=consent2)
    _move(case2, nina, CaseState.SCREENED)

    # 3. Health service: a case closed five months ago …
    sunniva_born = dt.date(1979, 11, 23)
    sunniva_nin = fictional_nin(sunniva_born, 522)
    case3 = services.refer_case(
        actor=eva,
        partnership=partnership,
        source="health_service",
        referred_on=today - dt.timedelta(days=200),
        reason="Pasient med gjentatte skader forklart som uhell.",
        person=PersonData(
            role=PersonRole.EXPOSED,
            first_name="Sunniva",
            last_name="Rørvik",
            birth_date=sunniva_born,
            gender="female",
            identity_number=sunniva_nin,
        ),
    )
    _accept(
        services.add_participant(
            actor=eva,
            case=case3,
            participant=police,
            reason="Anmeldelse vurderes.",
        ),
        lars,
        today,
    )
    case3 = _move(
        case3,
        eva,
        CaseState.SCREENED,
        CaseState.AWAITING_CONFERENCE,
        CaseState.HEARD,
        CaseState.MONITORING,
        CaseState.CLOSED,
        note="Tiltak gjennomført; den utsatte har flyttet.",
        outcome=CloseOutcome.MOVED,
    )
    Case.objects.filter(pk=case3.pk).update(closed_on=today - dt.timedelta(days=150))

    # … 4. and the police refer her again: a repeat within 12 months.
    case4 = services.refer_case(
        actor=lars,
        partnership=partnership,
        source="police_incident",
        referred_on=today - dt.timedelta(days=3),
        reason="Ny hendelse med samme utøver etter at hun flyttet tilbake.",
        person=PersonData(
            role=PersonRole.EXPOSED,
            first_name="Sunniva",
            last_name="Rørvik",
            birth_date=sunniva_born,
            gender="female",
            identity_number=sunniva_nin,
            safe_contact="Kan ringes på kveldstid.",
        ),
    )
    _assess(
        case4,
        lars,
        case4.persons.get(),
        {"escalation": "yes", "threats_to_kill": "no", "separation": "yes", "own_fear": "yes"},
        None,
    )

    # 5. NAV: actions in progress after the conference.
    case5 = services.refer_case(
        actor=jon,
        partnership=partnership,
        source="other",
        referred_on=today - dt.timedelta(days=60),
        reason="Bruker fortalte om økonomisk kontroll og trusler fra tidligere samboer.",
        person=PersonData(
            role=PersonRole.EXPOSED,
            first_name="Katrine",
            last_name="Holmefjord",
            birth_year=1991,
            gender="female",
            safe_contact="E-post går fint.",
        ),
    )
    services.add_person(
        actor=jon,
        case=case5,
        data=PersonData(
            role=PersonRole.USING_VIOLENCE,
            role_uncertain=True,
            first_name="Stian",
            last_name="Vågenes",
            birth_year=1989,
            gender="male",
        ),
    )
    _accept(
        services.add_participant(
            actor=jon,
            case=case5,
            participant=police,
            reason="Trusler kan være straffbare.",
        ),
        lars,
        today,
    )
    _move(
        case5,
        jon,
        CaseState.SCREENED,
        CaseState.AWAITING_CONFERENCE,
        CaseState.HEARD,
        CaseState.ACTIONS_IN_PROGRESS,
    )

    # Referrals still open or refused (see `_referrals`).
    _referrals(
        today=today,
        case2=case2,
        case4=case4,
        child_welfare=child_welfare,
        lars=lars,
        nina=nina,
        jon=jon,
    )


def _referrals(
    *,
    today: dt.date,
    case2: Case,
    case4: Case,
    child_welfare: Organisation,
    lars: Actor,
    nina: Actor,
    jon: Actor,
) -> None:
    """The repeat case: lars refers it to the crisis centre (pending, for nina's "referrals
    to us") and to NAV, which declines with a reason. Nina's referral of her case to child
    welfare is past its deadline and still unanswered (overdue on the case page and on
    her "my referrals")."""
    pending = services.add_participant(
        actor=lars,
        case=case4,
        participant=nina.organisation,  # type: ignore[arg-type]
        reason="Ny vold etter tilbakeflytting. Ønsker samtaler og vurdering av botilbud.",
        urgency=ReferralUrgency.URGENT,
        contact_rules="Kan ringes på kveldstid. Ikke legg igjen beskjed.",
    )
    _dated(pending, today - dt.timedelta(days=1), None)
    declined = services.add_participant(
        actor=lars,
        case=case4,
        participant=jon.organisation,  # type: ignore[arg-type]
        reason="Økonomisk rådgivning og hjelp med bolig.",
        urgency=ReferralUrgency.ROUTINE,
    )
    declined = services.decline_referral(
        actor=jon,
        access=access_referral(jon, declined.pk, ReferralNeed.ANSWER),
        reason="Hun er ikke bosatt i vår bydel; henvis til NAV Årstad.",
    )
    _dated(declined, today - dt.timedelta(days=3), today - dt.timedelta(days=2))
    overdue = services.add_participant(
        actor=nina,
        case=case2,
        participant=child_welfare,
        reason="Hun har en datter på 12 år som bor hos faren annenhver uke.",
        urgency=ReferralUrgency.SOON,
        contact_rules="Kontakt via krisesenteret. Ingen SMS.",
    )
    _dated(overdue, today - dt.timedelta(days=12), None)
