"""Demo of a perpetrator programme, after the conferences demo: the police (lars.politi)
refer Roar Kvamsdal, the person using violence in Ingvild Sæterbakken's case, to
"Alternativ til Vold Bergen" from the directory; he is accepted at intake, attends two
sessions and misses one. Every step is reported back to the police's "programme
referrals" and to the case. Every person is fictional; written through the services."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.cases.access import Need
from samvern.cases.models import Person, PersonRole
from samvern.directory.models import Service, ServiceKind
from samvern.programmes import services
from samvern.programmes.access import access_case_programmes, access_referral
from samvern.programmes.models import ProgrammeReferral

PARTNERSHIP_NAME = "Risikokonferanse Bergen og Askøy"
PROGRAMME = "Alternativ til Vold Bergen"
POLICE = "Vest politidistrikt"


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    person = (
        Person.objects.filter(
            case__partnership__name=PARTNERSHIP_NAME,
            role=PersonRole.USING_VIOLENCE,
            first_name="Roar",
            last_name="Kvamsdal",
        )
        .select_related("case")
        .order_by("created_at")
        .first()
    )
    service = Service.objects.filter(
        partnership__name=PARTNERSHIP_NAME, name=PROGRAMME, kind=ServiceKind.VIOLENCE_PROGRAMME
    ).first()
    lars = User.objects.filter(username="lars.politi").first()
    police = Organisation.objects.filter(name=POLICE).first()
    if (
        person is None
        or service is None
        or lars is None
        or police is None
        or ProgrammeReferral.objects.filter(person=person).exists()
    ):
        return
    actor = Actor.load(lars, organisation=police)
    referred_on = today - dt.timedelta(days=24)
    referral = services.refer(
        actor=actor,
        access=access_case_programmes(actor, person.case_id, Need.EDIT),
        data=services.ReferralData(
            person=person,
            service=service,
            referred_on=referred_on,
            reason=_("Agreed at the conference: he has said he wants help to stop."),
        ),
        today=referred_on,
    )
    intake_on = today - dt.timedelta(days=18)
    services.record_intake(
        actor=actor,
        access=access_referral(actor, referral.pk, Need.EDIT),
        accepted=True,
        intake_on=intake_on,
        note=_("Motivated; individual sessions every week to begin with."),
        today=intake_on,
    )
    for days_ago, attended, note in (
        (14, True, ""),
        (7, False, _("Did not come and did not call.")),
        (3, True, ""),
    ):
        held_on = today - dt.timedelta(days=days_ago)
        services.record_session(
            actor=actor,
            access=access_referral(actor, referral.pk, Need.EDIT),
            held_on=held_on,
            attended=attended,
            note=note,
            today=held_on,
        )
