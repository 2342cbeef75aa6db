"""Demo outreach in "Risikokonferanse Bergen og Askøy". Every person is fictional.

Runs after the cases and conferences demos. The coordinator (hanne.koordinator) has set
up outreach: the crisis centre receives notices about adults exposed to violence, child
welfare those about children, Alternativ til Vold those about persons using violence,
first contact within 48 hours, three attempts before "not reached".

What a visitor can try:
- lars.politi (police): "Notices we registered" with every outcome, and a new notice.
- nina.krisesenter (crisis centre): the queue — one notice within the deadline, one
  overdue, one skipped because the woman is already followed in an open case (Maja
  Lindtveit, the crisis centre's own demo case) — and, with an outcome, one reached, one
  declined, one not reached after three attempts, one referred on to family counselling
  and one turned into the police's case referral, which she accepted (lars.politi sees
  on "My referrals" that it was accepted).
- hanne.koordinator: the start page counts the notices past the deadline without an
  outcome, and links to the settings.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.cases import services as case_services
from samvern.cases.referrals import ReferralNeed, access_referral
from samvern.directory.models import Service
from samvern.outreach import services
from samvern.outreach.access import access_notice
from samvern.outreach.models import AttemptResult, IncidentType, Notice, NoticeBasis, PersonKind
from samvern.outreach.services import AttemptData, NoticeData, NoticePersonData, SettingsData
from samvern.partnerships.models import Partnership

PARTNERSHIP_NAME = "Risikokonferanse Bergen og Askøy"
POLICE = "Vest politidistrikt"
CRISIS = "Bergen krisesenter"
CHILD_WELFARE = "Barneverntjenesten i Bergen"
PROGRAMME = "Alternativ til Vold Bergen"
COUNSELLING_SERVICE = "Familievernkontoret Bergen og omland"


def _person(kind: str, first: str, last: str, **facts: object) -> NoticePersonData:
    return NoticePersonData(kind=kind, first_name=first, last_name=last, **facts)  # type: ignore[arg-type]


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None or Notice.objects.filter(partnership=partnership).exists():
        return
    organisations = {
        o.name: o
        for o in Organisation.objects.filter(name__in=[POLICE, CRISIS, CHILD_WELFARE, PROGRAMME])
    }
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["lars.politi", "nina.krisesenter", "hanne.koordinator"]
        )
    }
    if len(organisations) < 4 or len(users) < 3:
        return
    coordinator = Actor.load(users["hanne.koordinator"], organisation=organisations[POLICE])
    lars = Actor.load(users["lars.politi"], organisation=organisations[POLICE])
    nina = Actor.load(users["nina.krisesenter"], organisation=organisations[CRISIS])
    services.save_settings(
        actor=coordinator,
        partnership=partnership,
        data=SettingsData(
            deadline_hours=48,
            working_days_only=False,
            attempts_before_not_reached=3,
            designations={
                PersonKind.EXPOSED_ADULT: [organisations[CRISIS]],
                PersonKind.CHILD: [organisations[CHILD_WELFARE]],
                PersonKind.USING_VIOLENCE: [organisations[PROGRAMME]],
            },
        ),
    )
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12, 0)))

    def notify(
        hours_ago: int,
        kind: str,
        summary: str,
        persons: tuple[NoticePersonData, ...],
        *,
        children: bool = False,
        basis: str = NoticeBasis.CONSENT,
    ) -> Notice:
        registered = noon - dt.timedelta(hours=hours_ago)
        return services.register_notice(
            actor=lars,
            data=NoticeData(
                partnership=partnership,
                occurred_at=registered - dt.timedelta(hours=3),
                incident_type=kind,
                summary=summary,
                children_present=children,
                legal_basis=basis,
                persons=persons,
            ),
            now=registered,
        )

    def attempt(notice: Notice, hours_ago: int, result: str, **extra: object) -> None:
        services.record_attempt(
            actor=nina,
            access=access_notice(nina, notice.pk),
            data=AttemptData(result=result, **extra),  # type: ignore[arg-type]
            now=noon - dt.timedelta(hours=hours_ago),
        )

    # Within the deadline: registered this morning, with two children.
    notify(
        4,
        IncidentType.THREATS,
        _("The neighbours heard shouting and threats; the children were at home."),
        (
            _person(PersonKind.EXPOSED_ADULT, "Silje", "Brekkhus", birth_date=dt.date(1990, 6, 4)),
            _person(PersonKind.CHILD, "Jonas", "Brekkhus", birth_year=today.year - 8),
            _person(PersonKind.USING_VIOLENCE, "Kjetil", "Brekkhus", birth_year=1986),
        ),
        children=True,
    )
    # Overdue: three days ago, one unanswered call.
    overdue = notify(
        72,
        IncidentType.PHYSICAL,
        _("Injuries to the face; she did not want to go to the emergency ward."),
        (_person(PersonKind.EXPOSED_ADULT, "Rita", "Opdal", phone="+47 400 00 931"),),
        basis=NoticeBasis.AVERT_CRIME,
    )
    attempt(overdue, 50, AttemptResult.NO_ANSWER, note=_("No answer; no message left."))
    # Skipped: the crisis centre already follows her in an open case.
    notify(
        6,
        IncidentType.PSYCHOLOGICAL,
        _("Controlling behaviour and threats by text message."),
        (_person(PersonKind.EXPOSED_ADULT, "Maja", "Lindtveit", birth_date=dt.date(1995, 9, 2)),),
    )
    # Reached, declined, not reached.
    reached = notify(
        120,
        IncidentType.PHYSICAL,
        _("Pushed against a wall during an argument."),
        (_person(PersonKind.EXPOSED_ADULT, "Tone", "Haukeland", birth_year=1979),),
    )
    attempt(reached, 110, AttemptResult.REACHED, note=_("Talked for half an hour; a visit agreed."))
    declined = notify(
        150,
        IncidentType.THREATS,
        _("Threats over the phone after the break-up."),
        (_person(PersonKind.EXPOSED_ADULT, "Hilde", "Vangsnes", birth_year=1984),),
    )
    attempt(
        declined, 140, AttemptResult.DECLINED, note=_("Has help from family; may call us later.")
    )
    unreached = notify(
        200,
        IncidentType.PROPERTY,
        _("Her door was kicked in while she was out."),
        (_person(PersonKind.EXPOSED_ADULT, "Nora", "Fjeldstad", phone="+47 400 00 932"),),
    )
    for hours in (190, 170, 150):
        attempt(unreached, hours, AttemptResult.NO_ANSWER)
    # Referred on to family counselling (from the directory when it has the service).
    referred = notify(
        240,
        IncidentType.PSYCHOLOGICAL,
        _("Long-standing conflict; both want help to stop the quarrels."),
        (_person(PersonKind.EXPOSED_ADULT, "Eli", "Tveiterås", birth_year=1975),),
    )
    service = Service.objects.filter(partnership=partnership, name=COUNSELLING_SERVICE).first()
    attempt(
        referred,
        230,
        AttemptResult.REFERRED_ON,
        referred_to_service=service,
        referred_to_name="" if service else COUNSELLING_SERVICE,
        note=_("Wanted counselling for the couple rather than the crisis centre."),
    )
    # Turned into a case referral after first contact.
    serious = notify(
        170,
        IncidentType.ORDER_BREACH,
        _("Breach of a restraining order; he waited outside her workplace."),
        (
            _person(PersonKind.EXPOSED_ADULT, "Lene", "Sørbø", birth_date=dt.date(1987, 2, 11)),
            _person(PersonKind.USING_VIOLENCE, "Tor", "Sørbø", birth_year=1983),
        ),
        basis=NoticeBasis.AVERT_CRIME,
    )
    attempt(serious, 160, AttemptResult.REACHED, note=_("Afraid; wants a safety plan."))
    referral = services.refer_notice(
        actor=nina,
        access=access_notice(nina, serious.pk),
        reason=services.default_reason(serious)
        + " "
        + _("Repeated breaches; high risk. The crisis centre has made a safety plan with her."),
        now=noon - dt.timedelta(hours=150),
    )
    # The crisis centre accepts the police's referral the next day; the officer is told.
    case_services.accept_referral(
        actor=nina,
        access=access_referral(nina, referral.pk, ReferralNeed.ANSWER),
        day=today - dt.timedelta(days=5),
    )
