"""The governance demo, loaded with the whole demo on a fixed day (the clock stands on that
day, so the pages read the demo as it was built): the Bergen–Askøy partnership's round
table, operational group and temporary working group; three past meetings of the
operational group with decisions and commitments (one carried over twice and then done,
one not possible); and NAV Bergenhus's new contact person, who finds the open
commitment on his onboarding page, on "our commitments" and on the next agenda."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from samvern.accounts.models import User
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.core.demo import load_demo
from samvern.governance import demo
from samvern.governance.indicators import indicators
from samvern.governance.models import (
    AttendanceStatus,
    Body,
    BodyKind,
    Commitment,
    CommitmentStatus,
    Decision,
    MeetingStatus,
)
from samvern.partnerships.models import Partnership

# A Wednesday; the operational group's first meeting falls in the year before.
TODAY = dt.date(2027, 3, 10)
FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def built(shared_db, tmp_path_factory) -> Iterator[None]:
    files = str(tmp_path_factory.mktemp("files"))
    moment = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(9, 30)))
    with (
        time_machine.travel(moment, tick=True),
        override_settings(DEMO_MODE=True, PASSWORD_HASHERS=FAST, SAMVERN_CASE_FILES_DIR=files),
        shared_db(),
    ):
        load_demo(today=TODAY)
        demo.load(today=TODAY)  # a second run adds nothing
        yield


@pytest.fixture
def partnership(built, db) -> Partnership:
    return Partnership.objects.get(name=demo.PARTNERSHIP_NAME)


def _bodies(partnership: Partnership) -> dict[str, Body]:
    return {body.kind: body for body in Body.objects.filter(partnership=partnership)}


def _page(username: str, url: str) -> str:
    client = login(Client(), User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, (username, url)
    return response.content.decode()


def test_one_body_of_each_kind_with_members_and_a_missing_actor(partnership):
    bodies = _bodies(partnership)
    assert Body.objects.filter(partnership=partnership).count() == 3
    assert set(bodies) == set(BodyKind.values)
    assert str(bodies[BodyKind.PLENARY].name) == "Samarbeidsråd"
    assert str(bodies[BodyKind.OPERATIONAL].name) == "Operativ gruppe"
    working_group = bodies[BodyKind.WORKING_GROUP]
    assert working_group.is_temporary and working_group.ends_on > TODAY
    assert bodies[BodyKind.PLENARY].members.count() == 6
    assert bodies[BodyKind.PLENARY].members.filter(advisory=True).count() == 1
    assert bodies[BodyKind.OPERATIONAL].members.count() == 4
    missing = [
        role.name for role in working_group.required_roles.all() if role.is_missing_on(TODAY)
    ]
    assert missing == ["Bolig"]
    # NAV now sits with its new contact person in every body it is a member of.
    nav_people = {
        rep.user.username
        for body in bodies.values()
        for member in body.members.filter(organisation__name=demo.NAV)
        for rep in member.representatives.all()
    }
    assert nav_people == {demo.NAV_RELAY}


def test_three_past_meetings_with_numbered_decisions_and_the_next_one(partnership):
    operational = _bodies(partnership)[BodyKind.OPERATIONAL]
    meetings = list(operational.meetings.order_by("date"))
    assert [m.status for m in meetings] == [MeetingStatus.HELD] * 3 + [MeetingStatus.PLANNED]
    assert all(m.date < TODAY for m in meetings[:3]) and meetings[3].date > TODAY
    # Each meeting approved the minutes of the one before.
    assert [m.minutes_approved_on for m in meetings[:2]] == [meetings[1].date, meetings[2].date]
    references = [d.reference for d in Decision.objects.filter(body=operational)]
    assert references == ["OG 2026/01", "OG 2027/01"]
    second = meetings[1]
    substitute = second.attendance.get(status=AttendanceStatus.SUBSTITUTE)
    assert substitute.user.username == demo.NAV_RELAY
    assert substitute.substitute_for == "Jon Bakke"
    assert meetings[2].attendance.filter(status=AttendanceStatus.APOLOGIES).count() == 1


def test_commitments_carried_over_done_and_not_possible(partnership):
    operational = _bodies(partnership)[BodyKind.OPERATIONAL]
    first, second, third, upcoming = operational.meetings.order_by("date")
    by_status: dict[str, list[Commitment]] = {}
    for commitment in Commitment.objects.filter(body=operational):
        by_status.setdefault(commitment.status, []).append(commitment)

    routine = next(c for c in by_status[CommitmentStatus.DONE] if c.meeting == first and c.decision)
    assert list(routine.follow_ups.values_list("meeting", flat=True)) == [second.pk, third.pk]
    assert list(routine.updates.values_list("status", "meeting")) == [
        (CommitmentStatus.OPEN, second.pk),
        (CommitmentStatus.DONE, third.pk),
    ]
    assert routine.status_on == third.date > routine.due_on

    (not_possible,) = by_status[CommitmentStatus.NOT_POSSIBLE]
    assert not_possible.status_reason.startswith("Krisesenteret har ikke")

    open_ones = by_status[CommitmentStatus.OPEN]
    assert {c.organisation.name for c in open_ones} == {demo.CHILD_WELFARE, demo.NAV}
    assert all(
        list(c.follow_ups.values_list("meeting", flat=True)) == [upcoming.pk] for c in open_ones
    )
    assert set(upcoming.items.values_list("kind", flat=True)) == {"minutes_approval", "regular"}

    # All three of the first meeting's commitments fell due in 2026: the contact list was
    # sent in time, the routine came late, the night reports were not possible.
    figures = indicators(partnership, year=2026, today=TODAY).commitments
    assert (figures.due, figures.done_in_time, figures.done_late) == (3, 1, 1)
    assert (figures.not_possible, figures.still_open) == (1, 0)
    assert indicators(partnership, year=2027, today=TODAY).commitments.due == 0


def test_the_new_contact_person_finds_nav_s_open_commitment(partnership):
    nav_open = Commitment.objects.get(
        body__partnership=partnership,
        organisation__name=demo.NAV,
        status=CommitmentStatus.OPEN,
    )
    assert nav_open.owner.username == demo.NAV_RELAY
    member = partnership.members.get(organisation__name=demo.NAV)
    assert member.relay.username == demo.NAV_RELAY and member.deputy is None

    onboarding = _page(demo.NAV_RELAY, f"/governance/p/{partnership.pk}/onboarding/{member.pk}/")
    assert nav_open.description in onboarding
    assert "Jon" in onboarding  # the hand-over notes
    ours = _page(demo.NAV_RELAY, "/governance/our-commitments/")
    assert nav_open.description in ours
    assert "ledige plasser" not in ours  # the crisis centre's, not NAV's
    upcoming = nav_open.follow_ups.get().meeting
    agenda = _page(demo.COORDINATOR_USER, f"/governance/meetings/{upcoming.pk}/")
    assert nav_open.description in agenda
    # The partnership page warns that NAV has no deputy since the change.
    page = _page(demo.COORDINATOR_USER, f"/partnerships/{partnership.pk}/")
    assert "Én medlemsorganisasjon har ingen stedfortreder" in page


def test_the_coordinator_and_a_member_read_the_pages_in_bokmal(partnership):
    for username in (demo.COORDINATOR_USER, "nina.krisesenter"):
        page = _page(username, f"/governance/p/{partnership.pk}/")
        assert "Operativ gruppe" in page and "Arbeidsgruppe for akuttbolig" in page
    body = _bodies(partnership)[BodyKind.OPERATIONAL]
    page = _page(demo.COORDINATOR_USER, f"/governance/bodies/{body.pk}/")
    assert "Følger opp samarbeidet" in page


def test_every_demo_write_is_audited(partnership):
    actions = set(
        AuditEvent.objects.filter(action__startswith="governance.").values_list("action", flat=True)
    )
    assert {
        "governance.body.created",
        "governance.meeting.held",
        "governance.decision.recorded",
        "governance.commitment.created",
        "governance.commitment.status_recorded",
    } <= actions
