"""Demo conferences of "Risikokonferanse Bergen og Askøy", after the cases, safety plans
and checklists demos. Every person and event is fictional.

The police (the coordinating organisation) run a series every second Tuesday: two
conferences held, one upcoming. The first demo case (Ingvild Sæterbakken, a mother of
two; her partner Roar Kvamsdal was recently released from custody) was heard at both:
each agency's research, the minutes, and action points for the police, child welfare,
the emergency clinic and the crisis centre. At the second conference one point was
carried over (the crisis centre's, still open) and one was "not possible" with a reason
(the emergency clinic's); the others were done. The case has actions in progress and is
on the upcoming conference's agenda for review.

Everything is written through the conference services, each on the day it happened, so
the audit trail holds the events.

What a visitor can try:
- hanne.koordinator (conference coordinator): the schedule, the agendas, attendance,
  the confidentiality statement (version 2; version 1 was used at the first conference).
- nina.krisesenter, lars.politi, anders.barnevern, eva.legevakt: the upcoming
  conference shows only the agenda's references until they confirm the statement; the
  held conferences' research, minutes and action points; "my organisation's actions"
  (the crisis centre's carried-over point is overdue).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.cases.access import Need, access_cases
from samvern.cases.models import Case, CaseState, LegalBasis
from samvern.cases.services import transition_case
from samvern.conferences.access import (
    ConferenceAccess,
    ConferenceNeed,
    ItemNeed,
    PointNeed,
    access_action_point,
    access_agenda_item,
    access_conference,
    access_follow_up,
)
from samvern.conferences.models import (
    ActionPoint,
    AgendaItem,
    AttendanceStatus,
    Conference,
    ConferenceSeries,
    Outcome,
    Recurrence,
    ReturnReason,
)
from samvern.conferences.services import (
    actions,
    agenda,
    attendance,
    followup,
    meeting,
    schedule,
    voice,
)
from samvern.partnerships.models import Partnership

PARTNERSHIP_NAME = "Risikokonferanse Bergen og Askøy"
SERIES_TITLE = "Risikokonferanse Bergen og Askøy, annenhver tirsdag"
LOCATION = "Bergen politistasjon, møterom Fløyen"
STATEMENT_V1 = (
    "Alt som kommer fram i risikokonferansen er underlagt taushetsplikt. Opplysningene "
    "brukes bare til å beskytte de utsatte i sakene som drøftes."
)
STATEMENT_V2 = (
    "Alt som kommer fram i risikokonferansen er underlagt taushetsplikt, også overfor "
    "kolleger i egen tjeneste som ikke arbeider med saken. Opplysningene brukes bare til "
    "å beskytte de utsatte i sakene som drøftes, og deles ikke videre uten eget "
    "rettsgrunnlag. Kjenner du noen av personene i en sak, melder du interessekonflikt "
    "før saken drøftes."
)

POLICE = "Vest politidistrikt"
CRISIS = "Bergen krisesenter"
CHILD_WELFARE = "Barneverntjenesten i Bergen"
HEALTH = "Legevakten i Bergen"
NAV = "NAV Bergenhus"
USERNAMES = {
    "hanne.koordinator": POLICE,
    "lars.politi": POLICE,
    "nina.krisesenter": CRISIS,
    "anders.barnevern": CHILD_WELFARE,
    "eva.legevakt": HEALTH,
    "jon.nav": NAV,
}


@dataclass(frozen=True)
class Research:
    username: str
    body: str
    legal_basis: str
    statutory_basis: str = ""


@dataclass(frozen=True)
class Point:
    key: str
    username: str  # who is responsible (their organisation owns the point)
    description: str
    due_in_days: int


FIRST_RESEARCH = (
    Research(
        "lars.politi",
        "Utrykning etter melding fra nabo. Utøver ble pågrepet og satt i varetekt. "
        "Tidligere to meldinger om husbråk på samme adresse. Besøksforbud er begjært.",
        LegalBasis.AVERT_CRIME,
    ),
    Research(
        "nina.krisesenter",
        "Mor og begge barna bor på krisesenteret. Hun er redd for hva som skjer når han "
        "slipper ut, og ønsker hjelp til å finne en bolig han ikke kjenner til.",
        LegalBasis.CONSENT,
    ),
    Research(
        "anders.barnevern",
        "Bekymringsmelding mottatt fra politiet. Undersøkelse er startet. Barna har ikke "
        "vært kjent for barneverntjenesten tidligere.",
        LegalBasis.OTHER_STATUTORY,
        "Barnevernsloven kapittel 13",
    ),
    Research(
        "eva.legevakt",
        "Undersøkt på legevakten natten etter hendelsen: blåmerker på hals og armer, "
        "forenlig med det hun forteller. Skadene er dokumentert med foto.",
        LegalBasis.OTHER_STATUTORY,
        "Helsepersonelloven § 31",
    ),
)
SECOND_RESEARCH = (
    Research(
        "lars.politi",
        "Utøver er løslatt fra varetekt. Besøksforbudet er vedtatt, og han er gjort kjent "
        "med det. Voldsalarmen er utlevert og testet.",
        LegalBasis.AVERT_CRIME,
    ),
    Research(
        "nina.krisesenter",
        "Familien bor fortsatt på krisesenteret. Ingen bolig er funnet ennå. Mor forteller "
        "om meldinger fra en ukjent konto etter løslatelsen.",
        LegalBasis.CONSENT,
    ),
    Research(
        "anders.barnevern",
        "Samtaler med begge barna er gjennomført. Barnehagen vet hvem som kan hente. Far "
        "har bedt om samvær.",
        LegalBasis.OTHER_STATUTORY,
        "Barnevernsloven kapittel 13",
    ),
    Research(
        "eva.legevakt",
        "Kontroll gjennomført; skadene er i ferd med å gro. Hun har ikke fastlege i Bergen "
        "etter flyttingen.",
        LegalBasis.OTHER_STATUTORY,
        "Helsepersonelloven § 31",
    ),
)

FIRST_POINTS = (
    Point(
        "police",
        "lars.politi",
        "Følge opp begjæringen om besøksforbud og utlevere voldsalarm.",
        7,
    ),
    Point(
        "child_welfare",
        "anders.barnevern",
        "Snakke med begge barna og vurdere tilsyn ved eventuelt samvær.",
        10,
    ),
    Point(
        "health",
        "eva.legevakt",
        "Henvise den utsatte til samtaler hos DPS og sende skadedokumentasjonen til fastlegen.",
        10,
    ),
    Point(
        "crisis",
        "nina.krisesenter",
        "Finne en langsiktig bolig til mor og barna sammen med NAV.",
        12,
    ),
)
SECOND_POINTS = (
    Point(
        "police_2",
        "lars.politi",
        "Kontrollere at besøksforbudet overholdes etter løslatelsen, og gå gjennom "
        "voldsalarmen med den utsatte.",
        14,
    ),
    Point(
        "child_welfare_2",
        "anders.barnevern",
        "Avklare samvær med far etter løslatelsen, med tilsyn, og informere skolen og barnehagen.",
        21,
    ),
    Point(
        "health_2",
        "eva.legevakt",
        "Tilby en oppfølgingstime og hjelpe henne å få fastlege i Bergen.",
        21,
    ),
    Point(
        "crisis_2",
        "nina.krisesenter",
        "Gå gjennom sikkerhetsplanen med henne etter løslatelsen.",
        5,
    ),
)
# After each conference: point, days after the conference, outcome, reason.
FIRST_OUTCOMES = (
    ("police", 5, Outcome.DONE, "Besøksforbud vedtatt; voldsalarm utlevert."),
    ("child_welfare", 9, Outcome.DONE, ""),
    (
        "health",
        8,
        Outcome.NOT_POSSIBLE,
        "Hun har ikke fastlege i Bergen etter flyttingen, og hun ønsket ikke henvisning "
        "til DPS nå. Legevakten har gitt henne informasjon og tilbudt ny kontakt.",
    ),
)
SECOND_OUTCOMES = (("crisis_2", 4, Outcome.DONE, "Planen er gjennomgått og oppdatert."),)

FIRST_MINUTES = meeting.MinutesData(
    risk_summary=(
        "Høy risiko: gjentatt og økende vold, kvelertak, trusler om å drepe, og to små "
        "barn i husstanden. Utøver sitter i varetekt, men kan bli løslatt snart."
    ),
    discussion=(
        "Tjenestene er enige om at familien trenger en trygg bolig før han løslates, og "
        "at barna følges opp av barneverntjenesten."
    ),
    decisions=(
        "Politiet følger opp besøksforbudet og voldsalarmen. Krisesenteret og NAV leter "
        "etter bolig. Saken tas opp igjen på neste konferanse."
    ),
)
SECOND_MINUTES = meeting.MinutesData(
    risk_summary=(
        "Fortsatt høy risiko etter løslatelsen: meldinger fra en ukjent konto, og far ber "
        "om samvær. Besøksforbud og voldsalarm er på plass."
    ),
    discussion=(
        "Boligsaken er ikke løst og føres videre. Legevaktens henvisning var ikke mulig; "
        "fastlege må på plass først."
    ),
    decisions=(
        "Nye tiltak for politiet, barneverntjenesten og legevakten. Krisesenteret går "
        "gjennom sikkerhetsplanen. Saken vurderes igjen på neste konferanse."
    ),
)


def next_tuesday(day: dt.date) -> dt.date:
    """The first Tuesday after `day` (never `day` itself)."""
    return day + dt.timedelta(days=(1 - day.weekday()) % 7 or 7)


def conference_dates(today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """The two past conferences and the upcoming one, two weeks apart."""
    upcoming = next_tuesday(today)
    return upcoming - dt.timedelta(weeks=4), upcoming - dt.timedelta(weeks=2), upcoming


def _case(partnership: Partnership) -> Case | None:
    return (
        Case.objects.filter(
            partnership=partnership,
            persons__first_name="Ingvild",
            persons__last_name="Sæterbakken",
        )
        .order_by("created_at")
        .first()
    )


class _Story:
    """The demo's people acting on the days things happened."""

    def __init__(self, partnership: Partnership, case: Case) -> None:
        self.partnership = partnership
        self.case = case
        users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
        orgs = {o.name: o for o in Organisation.objects.filter(name__in=USERNAMES.values())}
        self.orgs = orgs
        self.users = users
        self.actors = {
            name: Actor.load(users[name], organisation=orgs[org]) for name, org in USERNAMES.items()
        }
        self.coordinator = self.actors["hanne.koordinator"]
        self.points: dict[str, ActionPoint] = {}

    def org_of(self, username: str) -> Organisation:
        return self.orgs[USERNAMES[username]]

    def manage(self, conference: Conference, day: dt.date) -> ConferenceAccess:
        return access_conference(self.coordinator, conference.pk, ConferenceNeed.MANAGE, day=day)

    def item(self, conference: Conference) -> AgendaItem:
        return AgendaItem.objects.get(conference=conference, case=self.case)

    def prepare(
        self,
        conference: Conference,
        *,
        attendees: Mapping[str, tuple[str, str]],
        research: tuple[Research, ...],
    ) -> AgendaItem:
        """A week before: the agenda and the attendance list; then each agency's research."""
        week_before = conference.date - dt.timedelta(days=7)
        access = self.manage(conference, week_before)
        agenda.build_agenda(actor=self.coordinator, access=access, day=week_before)
        for username in attendees:
            attendance.add_attendee(
                actor=self.coordinator,
                access=access,
                user=self.users[username],
                organisation=self.org_of(username),
                day=week_before,
            )
        item = self.item(conference)
        for row in research:
            actor = self.actors[row.username]
            meeting.save_research(
                actor=actor,
                access=access_agenda_item(
                    actor, item.pk, ItemNeed.RESEARCH, day=conference.date - dt.timedelta(days=2)
                ),
                data=meeting.ResearchData(
                    body=row.body,
                    legal_basis=row.legal_basis,
                    statutory_basis=row.statutory_basis,
                ),
            )
        return item

    def meet(
        self,
        conference: Conference,
        item: AgendaItem,
        *,
        attendees: Mapping[str, tuple[str, str]],
        minutes: meeting.MinutesData,
        points: tuple[Point, ...],
    ) -> None:
        """On the day: attendance, confirmations, the minutes, the action points, held;
        then the coordinator moves the heard case on to actions in progress."""
        day = conference.date
        access = self.manage(conference, day)
        rows = {row.user.username: row for row in conference.attendees.select_related("user")}
        for username, (status, substitute_for) in attendees.items():
            attendance.set_attendance(
                actor=self.coordinator,
                access=access,
                attendee=rows[username],
                status=status,
                substitute_for=substitute_for,
            )
        for username, (status, _substitute) in attendees.items():
            if status != AttendanceStatus.APOLOGIES:
                actor = self.actors[username]
                attendance.confirm_statement(
                    actor=actor,
                    access=access_conference(actor, conference.pk, ConferenceNeed.VIEW, day=day),
                )
        chair = access_agenda_item(self.coordinator, item.pk, ItemNeed.MEETING, day=day)
        meeting.save_minutes(actor=self.coordinator, access=chair, data=minutes)
        # Her advocate from the crisis centre put her wishes to the meeting.
        voice.save_wishes_heard(
            actor=self.coordinator,
            access=chair,
            heard=True,
            note=str(_("Her advocate from the crisis centre presented her wishes.")),
        )
        for point in points:
            self.points[point.key] = meeting.add_action_point(
                actor=self.coordinator,
                access=chair,
                data=meeting.ActionPointData(
                    organisation=self.org_of(point.username),
                    description=point.description,
                    due_on=day + dt.timedelta(days=point.due_in_days),
                    assignee=self.users[point.username],
                ),
                day=day,
            )
        schedule.hold_conference(
            actor=self.coordinator, access=self.manage(conference, day), day=day
        )
        self.move(day, CaseState.ACTIONS_IN_PROGRESS)

    def move(self, day: dt.date, to_state: str) -> None:
        self.case.refresh_from_db()
        found = access_cases(self.coordinator, [self.case], Need.CONFERENCE, day=day)
        transition_case(actor=self.coordinator, access=found[0], to_state=to_state)

    def outcomes(self, conference: Conference, rows: tuple[tuple[str, int, str, str], ...]) -> None:
        for key, days_after, outcome, reason in rows:
            point = self.points[key]
            day = conference.date + dt.timedelta(days=days_after)
            username = next(n for n, u in self.users.items() if u.pk == point.assignee_id)
            actor = self.actors[username]
            actions.record_outcome(
                actor=actor,
                access=access_action_point(actor, point.pk, PointNeed.OUTCOME, day=day),
                outcome=outcome,
                reason=reason,
                day=day,
            )


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None or ConferenceSeries.objects.filter(partnership=partnership).exists():
        return
    case = _case(partnership)
    if case is None or case.state != CaseState.AWAITING_CONFERENCE:
        return
    story = _Story(partnership, case)
    hanne = story.coordinator
    first_day, second_day, upcoming_day = conference_dates(today)

    # Planned two weeks before the first conference, up to the upcoming one.
    attendance.write_statement(actor=hanne, partnership=partnership, text=STATEMENT_V1)
    series = schedule.create_series(
        actor=hanne,
        partnership=partnership,
        data=schedule.SeriesData(
            title=SERIES_TITLE,
            recurrence=Recurrence.WEEKLY,
            interval=2,
            first_date=first_day,
            until=upcoming_day,
            starts_at=dt.time(9, 0),
            duration_minutes=150,
            location=LOCATION,
        ),
        today=first_day - dt.timedelta(weeks=2),
    )
    first, second, upcoming = series.conferences.order_by("date")

    # The first conference (statement version 1): NAV sends apologies.
    present = (AttendanceStatus.PRESENT, "")
    first_attendees = {
        "hanne.koordinator": present,
        "lars.politi": present,
        "nina.krisesenter": present,
        "anders.barnevern": present,
        "eva.legevakt": present,
        "jon.nav": (AttendanceStatus.APOLOGIES, ""),
    }
    item = story.prepare(first, attendees=first_attendees, research=FIRST_RESEARCH)
    story.meet(first, item, attendees=first_attendees, minutes=FIRST_MINUTES, points=FIRST_POINTS)
    story.outcomes(first, FIRST_OUTCOMES)

    # A new statement before the second conference; the partner is out of custody, and
    # the police bring the case back for review.
    attendance.write_statement(actor=hanne, partnership=partnership, text=STATEMENT_V2)
    # The police ask for a review; bringing a case back is the coordinator's.
    coordinator = story.coordinator
    case.refresh_from_db()
    released = second_day - dt.timedelta(days=9)
    schedule.bring_back(
        actor=coordinator,
        access=access_cases(coordinator, [case], Need.CONFERENCE, day=released)[0],
        reason=ReturnReason.REVIEW,
        note="Roar Kvamsdal er løslatt fra varetekt; risikoen og tiltakene vurderes på nytt.",
    )

    # The second conference (version 2): the emergency clinic's nurse stands in for its
    # doctor; the crisis centre's housing point is carried over, still open.
    second_attendees = {
        **first_attendees,
        "eva.legevakt": (AttendanceStatus.SUBSTITUTE, "Overlege Tone Vik"),
        "jon.nav": present,
    }
    item = story.prepare(second, attendees=second_attendees, research=SECOND_RESEARCH)
    story.meet(
        second, item, attendees=second_attendees, minutes=SECOND_MINUTES, points=SECOND_POINTS
    )
    story.outcomes(second, SECOND_OUTCOMES)

    # The upcoming conference: the agenda (the case, for review) and who is expected;
    # nobody has confirmed the statement yet.
    access = story.manage(upcoming, today)
    agenda.build_agenda(actor=hanne, access=access, day=today)
    for username in (
        "hanne.koordinator",
        "lars.politi",
        "nina.krisesenter",
        "anders.barnevern",
        "eva.legevakt",
        "jon.nav",
    ):
        attendance.add_attendee(
            actor=hanne,
            access=access,
            user=story.users[username],
            organisation=story.org_of(username),
            day=today,
        )
    _outcome_follow_up(partnership, story.coordinator, today)


def _outcome_follow_up(partnership: Partnership, coordinator: Actor, today: dt.date) -> None:
    """Sunniva Rørvik's first case (closed five months ago) was heard at an extra
    conference 190 days ago; its 6-month follow-up is due, and the coordinator has
    recorded it: the police's records show a new incident, and she was referred again."""
    case = (
        Case.objects.filter(
            partnership=partnership,
            persons__first_name="Sunniva",
            persons__last_name="Rørvik",
            state=CaseState.CLOSED,
        )
        .order_by("created_at")
        .first()
    )
    if case is None:
        return
    heard_on = today - dt.timedelta(days=190)
    found = access_cases(coordinator, [case], Need.CONFERENCE, day=heard_on)
    if not found:
        return
    conference = schedule.create_extra(
        actor=coordinator,
        partnership=partnership,
        data=schedule.ExtraData(date=heard_on, starts_at=dt.time(13, 0), location=LOCATION),
        today=heard_on,
        urgent_case=found[0],
    )
    schedule.hold_conference(
        actor=coordinator,
        access=access_conference(coordinator, conference.pk, ConferenceNeed.MANAGE, day=heard_on),
        day=heard_on,
    )
    followup.record_follow_up(
        actor=coordinator,
        access=access_follow_up(coordinator, case.pk, record=True, day=today),
        checkpoint=1,
        data=followup.FollowUpData(
            new_incident="yes",
            checked_police_records=True,
            new_referral=True,
            safe_housing="no",
            in_contact="yes",
            note=str(_("Referred again by the police; she has moved back.")),
        ),
        today=today,
    )
