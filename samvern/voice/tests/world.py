"""A small case world for the victim's voice and the programmes: one partnership
(coordinated by the municipality), one case taken part in by the police (who referred
it) and the crisis centre, with a person exposed, a child and a person using violence.

Personas: `police` (case worker, police), `adviser` (case worker, crisis centre: may be
named advocate), `coordinator` (conference coordinator of the municipality: conference
facts only), `dpo` (data protection officer of the police), `outsider` (case worker of an
organisation that takes part in nothing). Plain rows, no services, no audit events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from samvern.accounts.models import Organisation, OrganisationKind, Role, User
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.cases.models import Case, Person, PersonRole
from samvern.cases.tests.factories import CaseFactory, CaseParticipantFactory, PersonFactory
from samvern.conferences.tests.factories import make_partnership
from samvern.partnerships.models import Partnership

EXPOSED = ("Ingvild", "Rognstad")
USING_VIOLENCE = ("Torfinn", "Rognstad")


@dataclass
class VoiceWorld:
    today: dt.date
    partnership: Partnership
    police: Organisation
    crisis: Organisation
    municipality: Organisation
    outsider_org: Organisation
    case: Case
    exposed: Person
    child: Person
    using_violence: Person
    police_worker: User
    adviser: User
    coordinator: User
    dpo: User
    outsider: User


def build_voice_world(*, today: dt.date) -> VoiceWorld:
    police = OrganisationFactory(name="Stemmepolitiet", kind=OrganisationKind.POLICE)
    crisis = OrganisationFactory(name="Stemmekrisesenteret", kind=OrganisationKind.CRISIS_CENTRE)
    municipality = OrganisationFactory(name="Stemmekommunen", kind=OrganisationKind.MUNICIPALITY)
    outsider_org = OrganisationFactory(
        name="Stemme-NAV Utenfor", kind=OrganisationKind.SOCIAL_SERVICES
    )
    partnership = make_partnership(
        "Stemmesamarbeidet",
        coordinator=municipality,
        members=(police, crisis, municipality),
        joined=today - dt.timedelta(days=800),
    )
    police_worker = make_member(police, Role.CASE_WORKER, first_name="Per", last_name="Politi")
    adviser = make_member(crisis, Role.CASE_WORKER, first_name="Kari", last_name="Rådgiver")
    coordinator = make_member(municipality, Role.CONFERENCE_COORDINATOR)
    dpo = make_member(police, Role.DATA_PROTECTION_OFFICER)
    outsider = make_member(outsider_org, Role.CASE_WORKER)
    referred_on = today - dt.timedelta(days=400)
    case = CaseFactory(
        partnership=partnership,
        referring_organisation=police,
        referred_by=police_worker,
        referred_on=referred_on,
        reference="STM-100001",
    )
    for organisation in (police, crisis):
        CaseParticipantFactory(
            case=case, organisation=organisation, added_on=referred_on, added_by=police_worker
        )
    exposed = PersonFactory(
        case=case, role=PersonRole.EXPOSED, first_name=EXPOSED[0], last_name=EXPOSED[1]
    )
    child = PersonFactory(
        case=case, role=PersonRole.CHILD, first_name="Lille", last_name="Rognstad"
    )
    using_violence = PersonFactory(
        case=case,
        role=PersonRole.USING_VIOLENCE,
        first_name=USING_VIOLENCE[0],
        last_name=USING_VIOLENCE[1],
    )
    return VoiceWorld(
        today=today,
        partnership=partnership,
        police=police,
        crisis=crisis,
        municipality=municipality,
        outsider_org=outsider_org,
        case=case,
        exposed=exposed,
        child=child,
        using_violence=using_violence,
        police_worker=police_worker,
        adviser=adviser,
        coordinator=coordinator,
        dpo=dpo,
        outsider=outsider,
    )
