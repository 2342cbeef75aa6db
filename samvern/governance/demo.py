"""Demo governance for the Bergen–Askøy partnership: its profile, a round table, an
operational group and a temporary working group on housing; three past meetings of the
operational group with decisions and commitments (one carried over twice and then done,
one not possible) and its next meeting. Runs after the partnerships, directory, training
and agreements demos (DEMO_APPS): the training demo has just made Amir NAV Bergenhus's
contact person, so he now sits for NAV in the bodies Jon sat on, and NAV's open commitment
on emergency housing is on the operational group's next agenda, as his hand-over notes and
his onboarding page say. People and organisations are looked up by name, and everyone is
fictional."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.governance import services
from samvern.governance.access import (
    Need,
    access_body,
    access_commitment,
    access_governance,
    access_meeting,
)
from samvern.governance.models import AttendanceStatus, Body, BodyKind, CommitmentStatus, Meeting
from samvern.partnerships.models import Partnership

PARTNERSHIP_NAME = "Risikokonferanse Bergen og Askøy"
COORDINATOR = "Vest politidistrikt"
COORDINATOR_USER = "hanne.koordinator"

POLICE = "Vest politidistrikt"
SHELTER = "Bergen krisesenter"
CHILD_WELFARE = "Barneverntjenesten i Bergen"
EMERGENCY = "Legevakten i Bergen"
NAV = "NAV Bergenhus"
ATV = "Alternativ til Vold Bergen"
# NAV's contact person since the training demo's relay change; Jon, before him, attended
# the operational group's first meetings.
NAV_RELAY = "amir.nav"


def _meeting(actor: Actor, body: Body, day: dt.date, today: dt.date, location: str) -> Meeting:
    access = access_body(actor, body.pk, Need.EDIT)
    return services.schedule_meeting(
        actor=actor,
        access=access,
        data=services.MeetingData(date=day, starts_at=dt.time(9, 0), location=location),
        today=today,
    )


def _attend(
    actor: Actor, meeting: Meeting, rows: list[tuple[User, Organisation, str, str]]
) -> None:
    access = access_meeting(actor, meeting.pk, Need.EDIT)
    for user, organisation, status, substitute_for in rows:
        services.record_attendance(
            actor=actor,
            access=access,
            user=user,
            organisation=organisation,
            status=status,
            substitute_for=substitute_for,
        )


def _item(actor: Actor, meeting: Meeting, title: str, minutes: str) -> object:
    access = access_meeting(actor, meeting.pk, Need.EDIT)
    item = services.add_item(actor=actor, access=access, title=title)
    services.record_minutes(actor=actor, access=access, item=item, minutes=minutes)
    return item


def _hold(actor: Actor, meeting: Meeting, today: dt.date) -> None:
    access = access_meeting(actor, meeting.pk, Need.EDIT)
    for item in access.meeting.items.filter(kind="minutes_approval"):
        services.approve_minutes(actor=actor, access=access, item=item, today=today)
    services.hold_meeting(
        actor=actor,
        access=access,
        now=timezone.make_aware(dt.datetime.combine(meeting.date, dt.time(11, 0))),
        today=today,
    )


def _status(
    actor: Actor,
    commitment_id: object,
    status: str,
    note: str,
    meeting: Meeting | None,
    on: dt.date | None = None,
) -> None:
    """The status recorded at `meeting`, or between meetings `on` a day."""
    day = on or (meeting.date if meeting else None)
    assert day is not None
    access = access_commitment(actor, str(commitment_id), Need.UPDATE_STATUS)
    services.update_status(
        actor=actor, access=access, status=status, note=note, today=day, meeting=meeting
    )


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    partnership = Partnership.objects.filter(name=PARTNERSHIP_NAME).first()
    if partnership is None or Body.objects.filter(partnership=partnership).exists():
        return
    with translation.override(settings.LANGUAGE_CODE):
        _load(partnership, today)


def _load(partnership: Partnership, today: dt.date) -> None:
    orgs = {
        o.name: o
        for o in Organisation.objects.filter(
            name__in=[POLICE, SHELTER, CHILD_WELFARE, EMERGENCY, NAV, ATV]
        )
    }
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    coordinator = Actor.load(users[COORDINATOR_USER], organisation=orgs[COORDINATOR])
    grant = access_governance(coordinator, partnership.pk, Need.MANAGE)
    # The partnership began 40 months ago (its demo); the bodies were set up a year ago.
    started = today - dt.timedelta(days=365)
    profile_start = (
        partnership.members.order_by("joined_on").values_list("joined_on", flat=True).first()
    )

    services.save_profile(
        actor=coordinator,
        grant=grant,
        data=services.ProfileData(
            purpose=_(
                "Prevent repeated and serious violence in close relationships in Bergen and "
                "Askøy by agreeing, across agencies, who does what for the people at the "
                "highest risk and their children."
            ),
            target_groups=_(
                "Adults exposed to serious violence in close relationships, their children, "
                "and the people who use violence."
            ),
            police_district=_("West police district"),
            lead_organisation=orgs[POLICE],
            secretariat=orgs[POLICE],
            secretariat_contact=users[COORDINATOR_USER],
            legal_basis=_(
                "Police Act § 13 d; the duty to avert crimes (Penal Code § 196); the "
                "municipalities' duty of cooperation under the Health and Care Services Act."
            ),
            policy_basis=_(
                "The national action plan Frihet fra vold and the municipal action plans."
            ),
            started_on=profile_start,
            is_public=True,
            public_bodies=True,
            public_funding=False,
        ),
    )
    for year, source, amount in [
        (today.year - 1, _("Directorate for Children, Youth and Family Affairs"), "1200000"),
        (today.year, _("Directorate for Children, Youth and Family Affairs"), "1250000"),
        (today.year, _("Bergen municipality"), "400000"),
    ]:
        services.add_funding(
            actor=coordinator,
            grant=grant,
            data=services.FundingData(source=source, year=year, amount=Decimal(amount)),
        )

    def body(
        kind: str, name: str, code: str, mandate: str, chair: str, secretary: str, **extra: object
    ) -> Body:
        return services.create_body(
            actor=coordinator,
            grant=grant,
            data=services.BodyData(
                kind=kind,
                name=name,
                short_code=code,
                mandate=mandate,
                chair=users[chair],
                secretary=users[secretary],
                started_on=extra.pop("started_on", started),  # type: ignore[arg-type]
                **extra,  # type: ignore[arg-type]
            ),
        )

    round_table = body(
        BodyKind.PLENARY,
        _("Round table"),
        "RB",
        _("Sets the partnership's priorities once a year and adopts its annual report."),
        "hanne.koordinator",
        "marte.politi",
    )
    operational = body(
        BodyKind.OPERATIONAL,
        _("Operational group"),
        "OG",
        _("Follows up the cooperation between the agencies every month and removes obstacles."),
        "lars.politi",
        "hanne.koordinator",
    )
    housing = body(
        BodyKind.WORKING_GROUP,
        _("Working group on emergency housing"),
        "AB",
        _("Proposes a common routine for emergency housing for people leaving a violent home."),
        NAV_RELAY,
        "hanne.koordinator",
        started_on=today - dt.timedelta(days=120),
        is_temporary=True,
        ends_on=today + dt.timedelta(days=150),
    )

    def seat(body: Body, org: str, reps: list[str], advisory: bool = False) -> None:
        access = access_body(coordinator, body.pk, Need.EDIT)
        member = services.add_member(
            actor=coordinator,
            access=access,
            organisation=orgs[org],
            joined_on=body.started_on,
            advisory=advisory,
        )
        for index, username in enumerate(reps):
            services.add_representative(
                actor=coordinator,
                access=access,
                member=member,
                user=users[username],
                is_deputy=index > 0,
            )

    for org, reps in [
        (POLICE, ["lars.politi", "marte.politi"]),
        (SHELTER, ["nina.krisesenter"]),
        (CHILD_WELFARE, ["anders.barnevern"]),
        (EMERGENCY, ["eva.legevakt"]),
        (NAV, [NAV_RELAY]),
    ]:
        seat(round_table, org, reps)
    seat(round_table, ATV, ["tone.atv"], advisory=True)
    for org, reps in [
        (POLICE, ["lars.politi"]),
        (SHELTER, ["nina.krisesenter", "sofie.krisesenter"]),
        (CHILD_WELFARE, ["anders.barnevern"]),
        (NAV, [NAV_RELAY]),
    ]:
        seat(operational, org, reps)
    seat(housing, NAV, [NAV_RELAY])
    seat(housing, SHELTER, ["nina.krisesenter"])

    for target, name, filled in [
        (round_table, _("Health service"), EMERGENCY),
        (operational, _("Child welfare"), CHILD_WELFARE),
        (housing, _("Housing"), None),
    ]:
        access = access_body(coordinator, target.pk, Need.EDIT)
        member = target.members.filter(organisation=orgs[filled]).first() if filled else None
        services.add_required_role(actor=coordinator, access=access, name=name, filled_by=member)

    # The operational group: three past meetings a month apart and the next one.
    place = _("Bergen police station, meeting room 3")
    m1, m2, m3, m4 = (
        _meeting(coordinator, operational, today + dt.timedelta(days=offset), today, place)
        for offset in (-91, -63, -35, 14)
    )
    team: list[tuple[User, Organisation, str, str]] = [
        (users["lars.politi"], orgs[POLICE], AttendanceStatus.PRESENT, ""),
        (users["nina.krisesenter"], orgs[SHELTER], AttendanceStatus.PRESENT, ""),
        (users["anders.barnevern"], orgs[CHILD_WELFARE], AttendanceStatus.PRESENT, ""),
        (users["jon.nav"], orgs[NAV], AttendanceStatus.PRESENT, ""),
    ]
    _attend(coordinator, m1, team)
    item = _item(
        coordinator,
        m1,
        _("Emergency housing after a police call-out"),
        _(
            "Several people had nowhere safe to sleep after a call-out. NAV and the shelter "
            "will find a common way to offer emergency housing the same night."
        ),
    )
    m1_access = access_meeting(coordinator, m1.pk, Need.EDIT)
    decision = services.record_decision(
        actor=coordinator,
        access=m1_access,
        text=_("NAV and the crisis centre draft a common routine for emergency housing."),
        item=item,  # type: ignore[arg-type]
    )
    housing_routine = services.create_commitment(
        actor=coordinator,
        access=m1_access,
        data=services.CommitmentData(
            organisation=orgs[NAV],
            owner=users["jon.nav"],
            description=_(
                "Draft a routine for emergency housing the same night, with the crisis centre."
            ),
            due_on=m1.date + dt.timedelta(days=21),
            item=item,  # type: ignore[arg-type]
            decision=decision,
        ),
        today=m1.date,
    )
    free_places = services.create_commitment(
        actor=coordinator,
        access=m1_access,
        data=services.CommitmentData(
            organisation=orgs[SHELTER],
            owner=users["nina.krisesenter"],
            description=_("Report the number of free places to the police duty officer every day."),
            due_on=m1.date + dt.timedelta(days=14),
        ),
        today=m1.date,
    )
    contact_list = services.create_commitment(
        actor=coordinator,
        access=m1_access,
        data=services.CommitmentData(
            organisation=orgs[POLICE],
            owner=users["lars.politi"],
            description=_("Send every partner the duty officers' direct numbers."),
            due_on=m1.date + dt.timedelta(days=7),
        ),
        today=m1.date,
    )
    _hold(coordinator, m1, today)
    # The police sent the numbers within the week, before the next meeting.
    _status(
        coordinator,
        contact_list.pk,
        CommitmentStatus.DONE,
        _("Sent to every partner by e-mail."),
        None,
        on=m1.date + dt.timedelta(days=5),
    )

    _attend(
        coordinator,
        m2,
        [
            *team[:3],
            (
                users[NAV_RELAY],
                orgs[NAV],
                AttendanceStatus.SUBSTITUTE,
                users["jon.nav"].get_full_name(),
            ),
        ],
    )
    _item(
        coordinator,
        m2,
        _("Status of the housing routine"),
        _("The draft is not ready; NAV needs the shelter's numbers first."),
    )
    _status(
        coordinator,
        housing_routine.pk,
        CommitmentStatus.OPEN,
        _("Draft started; carried over."),
        m2,
    )
    _status(
        coordinator,
        free_places.pk,
        CommitmentStatus.NOT_POSSIBLE,
        _("The shelter has no staff at night to report; it reports each morning instead."),
        m2,
    )
    _hold(coordinator, m2, today)

    _attend(
        coordinator,
        m3,
        [
            team[0],
            (users["nina.krisesenter"], orgs[SHELTER], AttendanceStatus.APOLOGIES, ""),
            team[2],
            team[3],
        ],
    )
    item3 = _item(
        coordinator,
        m3,
        _("Children at the shelter"),
        _("Child welfare visits children at the shelter within a week of arrival."),
    )
    # Made at the first meeting, carried over to the second and the third, done there.
    _status(
        coordinator,
        housing_routine.pk,
        CommitmentStatus.DONE,
        _("The routine is agreed; NAV and the crisis centre use it from now on."),
        m3,
    )
    m3_access = access_meeting(coordinator, m3.pk, Need.EDIT)
    decision3 = services.record_decision(
        actor=coordinator,
        access=m3_access,
        text=_("Child welfare visits every child at the shelter within seven days."),
        item=item3,  # type: ignore[arg-type]
    )
    services.create_commitment(
        actor=coordinator,
        access=m3_access,
        data=services.CommitmentData(
            organisation=orgs[CHILD_WELFARE],
            owner=users["anders.barnevern"],
            description=_("Write down the visiting routine and share it with the shelter."),
            due_on=today + dt.timedelta(days=10),
            item=item3,  # type: ignore[arg-type]
            decision=decision3,
        ),
        today=m3.date,
    )
    services.create_commitment(
        actor=coordinator,
        access=m3_access,
        data=services.CommitmentData(
            organisation=orgs[NAV],
            owner=users[NAV_RELAY],
            description=_(
                "Report at the next meeting how often emergency housing was offered under "
                "the new routine."
            ),
            due_on=m4.date,
        ),
        today=m3.date,
    )
    _hold(coordinator, m3, today)
    _item(coordinator, m4, _("Experience with the housing routine"), "")

    # The round table met six weeks ago and meets again; the working group meets soon.
    rt1 = _meeting(coordinator, round_table, today - dt.timedelta(days=45), today, place)
    _item(
        coordinator,
        rt1,
        _("Priorities for the year"),
        _("The round table keeps emergency housing and children as priorities."),
    )
    _hold(coordinator, rt1, today)
    _meeting(coordinator, round_table, today + dt.timedelta(days=40), today, place)
    _meeting(coordinator, housing, today + dt.timedelta(days=7), today, _("NAV Bergenhus"))
