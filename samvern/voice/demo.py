"""Demo of the victim's voice, after the conferences demo: Ingvild Sæterbakken's wishes,
recorded by the crisis centre soon after the referral and changed before the second
conference, and her advocate, nina.krisesenter of the crisis centre, who was present at
both held conferences (where the conferences demo records her wishes as heard). Every
person is fictional; written through the services, so the audit trail holds the events.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.cases.access import Need
from samvern.cases.models import Case, Person, PersonRole
from samvern.voice import services
from samvern.voice.access import access_case_voice, access_exposed_person
from samvern.voice.models import ContactChannel, InformationKind, Wishes

PARTNERSHIP_NAME = "Risikokonferanse Bergen og Askøy"
CRISIS = "Bergen krisesenter"
POLICE = "Vest politidistrikt"
CHILD_WELFARE = "Barneverntjenesten i Bergen"


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
        .order_by("created_at")
        .first()
    )
    nina = User.objects.filter(username="nina.krisesenter").first()
    if person is None or nina is None or Wishes.objects.filter(person=person).exists():
        return
    orgs = {
        o.name: o for o in Organisation.objects.filter(name__in=[CRISIS, POLICE, CHILD_WELFARE])
    }
    case: Case = person.case
    actor = Actor.load(nina, organisation=orgs[CRISIS])
    first_day = case.referred_on + dt.timedelta(days=3)
    services.appoint_advocate(
        actor=actor,
        access=access_case_voice(actor, case.pk, Need.EDIT),
        data=services.AdvocateData(
            person=person, organisation=orgs[CRISIS], user=nina, started_on=first_day
        ),
        today=first_day,
    )
    services.record_wishes(
        actor=actor,
        access=access_exposed_person(actor, person.pk, Need.EDIT),
        data=services.WishesData(
            wants=_("To stay in the flat with the children, and that he does not come there."),
            contact_channel=ContactChannel.THROUGH_ADVOCATE,
            contact_note=_("Text messages only after 4 pm; never mention the case in them."),
            sharing_note=_("The school may be told that the children need extra care."),
            sharing=(
                (orgs[POLICE], InformationKind.CONTACT_DETAILS),
                (orgs[POLICE], InformationKind.CONFERENCE),
                (orgs[CHILD_WELFARE], InformationKind.CHILDREN),
            ),
        ),
        today=first_day,
    )
    second_day = today - dt.timedelta(days=16)
    services.record_wishes(
        actor=actor,
        access=access_exposed_person(actor, person.pk, Need.EDIT),
        data=services.WishesData(
            wants=_(
                "Now that he is out of custody: a safe place to live for a while, and a "
                "personal alarm. She wants to be told before he is released again."
            ),
            contact_channel=ContactChannel.THROUGH_ADVOCATE,
            contact_note=_("Text messages only after 4 pm; never mention the case in them."),
            sharing=(
                (orgs[POLICE], InformationKind.CONTACT_DETAILS),
                (orgs[POLICE], InformationKind.CONFERENCE),
                (orgs[CHILD_WELFARE], InformationKind.CHILDREN),
                (orgs[CHILD_WELFARE], InformationKind.CONFERENCE),
            ),
        ),
        today=max(second_day, first_day),
    )
