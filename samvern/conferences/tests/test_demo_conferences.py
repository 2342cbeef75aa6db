"""The conferences demo, loaded the way `make run` loads it (the `load_demo` command on a
fresh database): the Bergen–Askøy partnership's series with two conferences held and one
upcoming, the first demo case heard at both, action points for four agencies (one
carried over, one not possible with its reason), and the audit trail of it all."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from samvern.accounts.models import User
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import CaseState, PersonRole
from samvern.checklists.models import Checklist
from samvern.conferences.demo import PARTNERSHIP_NAME, _case, conference_dates
from samvern.conferences.models import (
    ActionPoint,
    AgendaReason,
    AttendanceStatus,
    Conference,
    ConferenceStatus,
    ConfidentialityStatement,
    Minutes,
    Outcome,
    Research,
)
from samvern.partnerships.models import Partnership
from samvern.safetyplans.models import SafetyPlan

AGENCIES = {
    "Vest politidistrikt",
    "Bergen krisesenter",
    "Barneverntjenesten i Bergen",
    "Legevakten i Bergen",
}


@pytest.fixture(scope="module")
def demo(shared_db, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    """The whole demo, loaded once for the module by the command `make run` uses."""
    out = io.StringIO()
    files = str(tmp_path_factory.mktemp("files"))
    with override_settings(DEMO_MODE=True, SAMVERN_CASE_FILES_DIR=files), shared_db():
        call_command("load_demo", stdout=out)
        yield out.getvalue()


@pytest.mark.django_db
def test_the_partnership_has_two_conferences_held_and_one_upcoming(demo):
    assert "Demo loaded." in demo
    today = timezone.localdate()
    partnership = Partnership.objects.get(name=PARTNERSHIP_NAME)
    conferences = list(
        Conference.objects.filter(partnership=partnership, is_extra=False).order_by("date")
    )
    assert len(conferences) == 3
    first, second, upcoming = conferences
    assert [c.status for c in conferences] == [
        ConferenceStatus.HELD,
        ConferenceStatus.HELD,
        ConferenceStatus.PLANNED,
    ]
    assert [c.date for c in conferences] == list(conference_dates(today))
    assert all(c.date.weekday() == 1 for c in conferences)  # Tuesdays
    assert second.date - first.date == upcoming.date - second.date == dt.timedelta(weeks=2)
    assert first.date < second.date < today < upcoming.date
    assert {c.series_id for c in conferences} == {first.series_id} and first.series_id
    assert first.series.interval == 2

    # The statement is at version 2; the first conference kept version 1.
    statements = ConfidentialityStatement.objects.filter(partnership=partnership)
    assert sorted(statements.values_list("version", flat=True)) == [1, 2]
    assert first.statement.version == 1 and second.statement.version == 2
    # Police, crisis centre, child welfare and health attended and confirmed.
    for held in (first, second):
        confirmed = held.attendees.filter(confirmed_at__isnull=False)
        assert set(confirmed.values_list("organisation__name", flat=True)) >= AGENCIES
        assert all(a.confirmed_statement_id == held.statement_id for a in confirmed)
    assert first.attendees.filter(status=AttendanceStatus.APOLOGIES).exists()
    assert (
        second.attendees.filter(status=AttendanceStatus.SUBSTITUTE)
        .exclude(substitute_for="")
        .exists()
    )
    # Nobody has confirmed for the upcoming one yet.
    assert upcoming.attendees.count() >= 5
    assert not upcoming.attendees.filter(confirmed_at__isnull=False).exists()


@pytest.mark.django_db
def test_the_first_case_was_heard_twice_with_action_points_for_four_agencies(demo):
    case = _case(Partnership.objects.get(name=PARTNERSHIP_NAME))
    assert case is not None
    # A mother, two children, a partner recently released from custody (a note says so).
    roles = list(case.persons.values_list("role", flat=True))
    assert roles.count(PersonRole.CHILD) == 2
    assert roles.count(PersonRole.USING_VIOLENCE) == 1
    assert case.items.filter(title__icontains="løslatt fra varetekt").exists()
    assert (
        set(
            case.participants.filter(removed_on__isnull=True).values_list(
                "organisation__name", flat=True
            )
        )
        >= AGENCIES
    )
    assert case.state == CaseState.ACTIONS_IN_PROGRESS

    items = list(case.agenda_items.select_related("conference").order_by("conference__date"))
    assert len(items) == 3
    heard = [item for item in items if item.heard_at is not None]
    assert len(heard) == 2
    assert all(item.conference.status == ConferenceStatus.HELD for item in heard)
    assert items[2].reason == AgendaReason.REVIEW and items[2].heard_at is None
    assert case.state_changes.filter(to_state=CaseState.HEARD).count() == 2
    for item in heard:
        assert (
            set(Research.objects.filter(item=item).values_list("organisation__name", flat=True))
            == AGENCIES
        )
        assert Minutes.objects.filter(item=item).exclude(risk_summary="").exists()

    points = ActionPoint.objects.filter(case=case).select_related("organisation", "item")
    assert {p.organisation.name for p in points} == AGENCIES
    first_points = [p for p in points if p.item_id == heard[0].pk]
    assert {p.organisation.name for p in first_points} == AGENCIES
    # Carried over to the second conference: open, from the first.
    carried = [p for p in first_points if p.outcome == Outcome.OPEN]
    assert len(carried) == 1 and carried[0].due_on < heard[1].conference.date
    assert carried[0].organisation.name == "Bergen krisesenter"
    not_possible = [p for p in first_points if p.outcome == Outcome.NOT_POSSIBLE]
    assert len(not_possible) == 1 and not_possible[0].outcome_reason
    assert not_possible[0].outcome_on < heard[1].conference.date
    assert sum(p.outcome == Outcome.DONE for p in first_points) == 2
    assert any(p.item_id == heard[1].pk and p.is_open for p in points)

    # The safety plan (second version) and a checklist for each agency come with it.
    exposed = case.persons.get(role=PersonRole.EXPOSED)
    assert SafetyPlan.objects.get(person=exposed).versions.count() == 2
    assert (
        set(Checklist.objects.filter(case=case).values_list("organisation__name", flat=True))
        >= AGENCIES
    )


@pytest.mark.django_db
def test_the_conference_writes_are_on_the_audit_trail(demo):
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    for action in (
        "conference.statement.written",
        "conference.schedule.series_created",
        "conference.schedule.generated",
        "conference.agenda.built",
        "conference.attendance.added",
        "conference.attendance.changed",
        "conference.attendance.confirmed",
        "conference.meeting.research_saved",
        "conference.meeting.minutes_saved",
        "conference.meeting.action_point_added",
        "conference.schedule.held",
        "conference.actions.outcome_recorded",
        "conference.schedule.case_brought_back",
    ):
        assert action in actions, action
    events = AuditEvent.objects.filter(action="conference.meeting.action_point_added")
    assert events.count() == ActionPoint.objects.count() == 8
    # The series' two, and the extra conference of the follow-up story.
    assert AuditEvent.objects.filter(action="conference.schedule.held").count() == 3


@pytest.mark.django_db
def test_the_agencies_see_the_story_and_the_command_does_not_load_twice(demo):
    case = _case(Partnership.objects.get(name=PARTNERSHIP_NAME))
    second = Conference.objects.filter(status=ConferenceStatus.HELD).order_by("-date").first()
    item = second.items.get(case=case)
    nina = login(Client(), User.objects.get(username="nina.krisesenter"))
    page = nina.get(f"/conferences/items/{item.pk}/").content.decode()
    assert "Finne en langsiktig bolig" in page  # the carried-over point
    assert "Fiktivveien" not in page
    actions = nina.get("/conferences/actions/").content.decode()
    assert "Finne en langsiktig bolig" in actions
    # NAV attended but does not take part in the case: not its minutes.
    jon = login(Client(), User.objects.get(username="jon.nav"))
    assert "Finne en langsiktig bolig" not in jon.get(f"/conferences/{second.pk}/").content.decode()

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Conference.objects.count() == 4


@pytest.mark.django_db
def test_her_wishes_were_heard_with_her_advocate_present_and_a_follow_up_was_recorded(demo):
    from samvern.conferences.models import FollowUp, WishesHeard
    from samvern.programmes.models import ProgrammeReferral
    from samvern.voice.models import Advocate, Wishes

    partnership = Partnership.objects.get(name=PARTNERSHIP_NAME)
    case = _case(partnership)
    held = list(Conference.objects.filter(partnership=partnership, is_extra=False, status="held"))
    heard = WishesHeard.objects.filter(item__case=case, item__conference__in=held)
    assert heard.count() == 2 and all(row.heard for row in heard)
    advocate = Advocate.objects.get(case=case, ended_on__isnull=True)
    assert advocate.user.username == "nina.krisesenter"
    assert all(c.attendees.filter(user=advocate.user, status="present").exists() for c in held)
    assert Wishes.objects.filter(case=case).count() == 2
    referral = ProgrammeReferral.objects.get(case=case)
    assert sorted(referral.sessions.values_list("attended", flat=True)) == [False, True, True]
    record = FollowUp.objects.get()
    assert record.checkpoint == 1 and record.months == 6
    # The meeting page shows her wishes and her advocate as present.
    lars = login(Client(), User.objects.get(username="lars.politi"))
    second = max(held, key=lambda c: c.date)
    page = lars.get(f"/conferences/items/{second.items.get(case=case).pk}/").content.decode()
    assert "Ønskene hennes ble hørt" in page and "Til stede" in page
