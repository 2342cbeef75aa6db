"""Demo safety plan, after the cases demo (samvern/cases/demo.py). Everything is fictional.

For the person exposed in the police's case (Ingvild Sæterbakken, protected address): a
safety plan in its second version. Version 1 was written by the police (lars.politi)
after the incident; version 2 by the crisis centre (nina.krisesenter), who adds the
personal alarm the police issued and what the police, child welfare, the emergency
clinic and the crisis centre will each do. The emergency clinic joins the case for it.
Try "What changed last" on the plan, and the PDF: no address on it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.cases import services as case_services
from samvern.cases.access import Need
from samvern.cases.models import CaseParticipant, Person, PersonRole
from samvern.cases.referrals import ReferralNeed, access_referral
from samvern.safetyplans import services
from samvern.safetyplans.access import access_plan
from samvern.safetyplans.content import (
    AgenciesSection,
    AlarmsSection,
    ChildrenSection,
    Commitment,
    ContactSection,
    DigitalSection,
    EmergencyNumber,
    LocationSharing,
    Order,
    OrderKind,
    OrdersSection,
    OrganisationRef,
    PersonalAlarm,
    PlacesSection,
    PlanContent,
    TrackingCheck,
)
from samvern.safetyplans.models import SafetyPlan

PARTNERSHIP_NAME = "Risikokonferanse Bergen og Askøy"


def _ref(organisation: Organisation) -> OrganisationRef:
    return OrganisationRef(id=str(organisation.pk), name=organisation.name)


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    person = (
        Person.objects.filter(
            case__partnership__name=PARTNERSHIP_NAME,
            role=PersonRole.EXPOSED,
            first_name="Ingvild",
            last_name="Sæterbakken",
        )
        .select_related("case")
        .first()
    )
    if person is None or SafetyPlan.objects.filter(person=person).exists():
        return
    case = person.case
    orgs = {o.name: o for o in Organisation.objects.all()}
    users = {
        u.username: u for u in User.objects.filter(username__in=["lars.politi", "nina.krisesenter"])
    }
    police, crisis = orgs["Vest politidistrikt"], orgs["Bergen krisesenter"]
    child_welfare, health = orgs["Barneverntjenesten i Bergen"], orgs["Legevakten i Bergen"]
    lars = Actor.load(users["lars.politi"], organisation=police)
    nina = Actor.load(users["nina.krisesenter"], organisation=crisis)

    contact = ContactSection(
        how="Ring mobilen hennes. Si bare fornavnet ditt og hvilken tjeneste du ringer fra.",
        when="Hverdager mellom kl. 09 og 11, når barna er på skolen og i barnehagen.",
        avoid="Ikke legg igjen beskjed, ikke send brev hjem, ikke SMS med innhold om saken.",
        signal="Sier hun «Jeg må ringe deg tilbake om bestillingen», er hun ikke alene.",
    )
    places = PlacesSection(
        safe_places="Krisesenteret. Nærmeste politistasjon. Naboen i første etasje vet om planen.",
        safe_people="Søsteren Hilde (har nøkkel og kopi av viktige papirer).",
        leaving=(
            "Veske med pass, bankkort, medisiner og barnas helsekort står hos søsteren. "
            "Ta med telefonladeren."
        ),
    )
    numbers = (
        EmergencyNumber("Politi", "112"),
        EmergencyNumber("Ambulanse", "113"),
        EmergencyNumber("Legevakt", "116 117"),
        EmergencyNumber("Bergen krisesenter, døgnåpent", "55 00 00 00"),
    )
    orders = OrdersSection(
        orders=(Order(kind=OrderKind.RESTRAINING, status="requested", note="Begjært av politiet"),),
    )
    digital = DigitalSection(
        devices="Mobilen ble sjekket av politiet; nettbrettet barna bruker, er ikke sjekket.",
        accounts="Nytt passord på e-post og Facebook. Felles strømmekonto avsluttet.",
        location_sharing=LocationSharing.NOT_CHECKED,
        tracking=TrackingCheck.NOT_CHECKED,
    )
    children = ChildrenSection(
        school=(
            "Skolen og barnehagen vet at bare mor og mormor kan hente. Kopi av planen er ikke gitt."
        ),
        pick_up="Bare mor eller mormor. Far skal ikke hente.",
        other_parent="Ingen samvær nå. Barneverntjenesten vurderer tilsyn ved samvær.",
    )
    first = PlanContent(
        contact=contact,
        places=places,
        alarms=AlarmsSection(personal_alarm=PersonalAlarm.APPLIED, emergency_numbers=numbers[:2]),
        orders=orders,
        digital=digital,
        children=children,
        agencies=AgenciesSection(
            commitments=(
                Commitment(
                    _ref(police), "Prioriterer anrop fra den utsatte. Begjærer besøksforbud."
                ),
            )
        ),
    )
    services.save_version(
        actor=lars,
        access=access_plan(lars, person.pk, Need.EDIT),
        data=services.VersionData(content=first, based_on=0),
        day=today,
    )

    # The emergency clinic follows up her injuries: it joins the case for the plan.
    if not CaseParticipant.objects.filter(
        case=case, organisation=health, removed_on__isnull=True
    ).exists():
        referral = case_services.add_participant(
            actor=nina,
            case=case,
            participant=health,
            reason="Legevakten følger opp skadene og dokumenterer dem.",
        )
        # A referral: the clinic's nurse accepts it before the clinic sees the case.
        eva = Actor.load(User.objects.get(username="eva.legevakt"), organisation=health)
        case_services.accept_referral(
            actor=eva, access=access_referral(eva, referral.pk, ReferralNeed.ANSWER)
        )
    second = PlanContent(
        contact=contact,
        places=places,
        alarms=AlarmsSection(
            personal_alarm=PersonalAlarm.ISSUED,
            alarm_issued_by=_ref(police),
            alarm_issued_on=today,
            other_alarms="Trygghetsalarm-app på mobilen, testet sammen med krisesenteret.",
            emergency_numbers=numbers,
        ),
        orders=orders,
        digital=DigitalSection(
            devices=digital.devices,
            accounts=digital.accounts,
            location_sharing=LocationSharing.OFF,
            tracking=TrackingCheck.NOTHING_FOUND,
            notes="Krisesenteret sjekket mobilen for sporingsapper og delt posisjon.",
        ),
        children=children,
        agencies=AgenciesSection(
            commitments=(
                Commitment(
                    _ref(police),
                    "Har utlevert voldsalarm. Prioriterer anrop fra den utsatte. "
                    "Følger opp begjæringen om besøksforbud.",
                    "Familievoldskoordinator",
                ),
                Commitment(
                    _ref(child_welfare),
                    "Samtale med hvert av barna innen to uker. Vurderer tilsyn ved samvær.",
                    "Saksbehandler i barneverntjenesten",
                ),
                Commitment(
                    _ref(health),
                    "Dokumenterer skadene og kaller inn til kontroll om en uke.",
                    "Lege på legevakten",
                ),
                Commitment(
                    _ref(crisis),
                    "Samtale hver uke. Går gjennom planen med henne før risikokonferansen.",
                    "Kontaktperson på krisesenteret",
                ),
            )
        ),
    )
    services.save_version(
        actor=nina,
        access=access_plan(nina, person.pk, Need.EDIT),
        data=services.VersionData(
            content=second,
            note="Voldsalarm utlevert av politiet; tiltak fra hver tjeneste lagt inn; "
            "digital sjekk gjort.",
            based_on=1,
        ),
        day=today,
    )
