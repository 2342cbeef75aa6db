"""Schedule, agenda, attendance and holding services, through the real access rules.
Every write is checked for its audit event; every refusal for changing nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.audit.models import AuditEvent
from samvern.cases.access import Need, access_case
from samvern.cases.models import CaseState, StateChange
from samvern.conferences.access import (
    ConferenceNeed,
    ItemNeed,
    access_agenda_item,
    access_conference,
)
from samvern.conferences.models import (
    AgendaItem,
    AgendaReason,
    AttendanceStatus,
    Attendee,
    Conference,
    ConferenceReturn,
    ConferenceStatus,
    ConfidentialityStatement,
    ConflictOfInterest,
    Recurrence,
    ReturnReason,
)
from samvern.conferences.services import agenda, attendance, schedule
from samvern.conferences.services.schedule import ExtraData, SeriesData
from samvern.conferences.tests.world import (
    make_schedule_world,
    more_cases,
    put_on_agenda,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_schedule_world(today=timezone.localdate())


def actor(world, user):
    return Actor.load(user, organisation=world.org_of(user))


def manage(world, user=None):
    user = user or world.coordinator
    return access_conference(
        actor(world, user), world.conference.pk, ConferenceNeed.MANAGE, day=world.today
    )


def view(world, user):
    return access_conference(
        actor(world, user), world.conference.pk, ConferenceNeed.VIEW, day=world.today
    )


def actions():
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def next_weekday(day, weekday):
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7 or 7)


# --- series ------------------------------------------------------------------------------


def series_data(first, **changes):
    fields = {
        "title": "Risikokonferanse",
        "recurrence": Recurrence.WEEKLY,
        "interval": 2,
        "first_date": first,
        "until": None,
        "starts_at": dt.time(9, 0),
        "location": "Rådhuset",
    }
    fields.update(changes)
    return SeriesData(**fields)


def test_a_series_plans_the_coming_months_once(world):
    first = next_weekday(world.today, 1)
    series = schedule.create_series(
        actor=actor(world, world.coordinator),
        partnership=world.partnership,
        data=series_data(first),
        today=world.today,
    )
    planned = list(series.conferences.order_by("date"))
    assert planned[0].date == first
    assert all((c.date - first).days % 14 == 0 for c in planned)
    assert planned[-1].date <= world.today + dt.timedelta(days=schedule.HORIZON_DAYS)
    assert len(planned) == len(
        schedule.series_dates(
            recurrence=Recurrence.WEEKLY,
            interval=2,
            first_date=first,
            until=None,
            start=world.today,
            end=world.today + dt.timedelta(days=schedule.HORIZON_DAYS),
        )
    )
    assert actions()[-2:] == ["conference.schedule.series_created", "conference.schedule.generated"]
    # Generating again adds nothing and records nothing.
    before = AuditEvent.objects.count()
    assert (
        schedule.generate_conferences(
            actor=actor(world, world.coordinator), series=series, today=world.today
        )
        == []
    )
    assert series.conferences.count() == len(planned)
    assert AuditEvent.objects.count() == before


def test_ending_a_series_cancels_later_planned_conferences_and_extending_plans_more(world):
    first = next_weekday(world.today, 1)
    coordinator = actor(world, world.coordinator)
    series = schedule.create_series(
        actor=coordinator,
        partnership=world.partnership,
        data=series_data(first, recurrence=Recurrence.MONTHLY),
        today=world.today,
    )
    count = series.conferences.count()
    assert count >= 5
    cut = first + dt.timedelta(days=40)
    schedule.set_series_end(actor=coordinator, series=series, until=cut, today=world.today)
    kept = series.conferences.filter(status=ConferenceStatus.PLANNED)
    assert all(c.date <= cut for c in kept)
    assert series.conferences.filter(status=ConferenceStatus.CANCELLED).count() == count - len(kept)
    assert actions()[-1] == "conference.schedule.series_end_changed"
    # Extending again plans the dates that were not planned yet (cancelled ones stay so).
    schedule.set_series_end(actor=coordinator, series=series, until=None, today=world.today)
    assert series.conferences.count() == count
    later = world.today + dt.timedelta(days=300)
    schedule.generate_conferences(
        actor=coordinator, series=series, today=world.today, horizon_days=300
    )
    assert series.conferences.filter(date__gt=world.today + dt.timedelta(days=183)).exists()
    assert not series.conferences.filter(date__gt=later).exists()


@pytest.mark.parametrize("who", ["attendee", "participant", "member", "dpo", "outsider", "leaver"])
def test_only_the_coordinator_schedules(world, who):
    user = world.personas()[who]
    before = (Conference.objects.count(), AuditEvent.objects.count())
    with pytest.raises(schedule.ScheduleError):
        schedule.create_series(
            actor=actor(world, user),
            partnership=world.partnership,
            data=series_data(world.today + dt.timedelta(days=3)),
            today=world.today,
        )
    with pytest.raises(schedule.ScheduleError):
        schedule.create_extra(
            actor=actor(world, user),
            partnership=world.partnership,
            data=ExtraData(date=world.today, starts_at=dt.time(14, 0)),
            today=world.today,
        )
    assert (Conference.objects.count(), AuditEvent.objects.count()) == before


def test_a_series_cannot_start_in_the_past_or_end_before_it_starts(world):
    coordinator = actor(world, world.coordinator)
    with pytest.raises(schedule.ScheduleError):
        schedule.create_series(
            actor=coordinator,
            partnership=world.partnership,
            data=series_data(world.today - dt.timedelta(days=1)),
            today=world.today,
        )
    with pytest.raises(schedule.ScheduleError):
        schedule.create_series(
            actor=coordinator,
            partnership=world.partnership,
            data=series_data(
                world.today + dt.timedelta(days=7), until=world.today + dt.timedelta(days=1)
            ),
            today=world.today,
        )
    assert not world.partnership.conference_series.exists()


def test_an_extra_conference_for_an_urgent_case(world):
    coordinator = actor(world, world.coordinator)
    found = agenda.find_case(
        actor=coordinator,
        partnership_id=world.partnership.pk,
        reference=world.case_b.reference,
        day=world.today,
    )
    conference = schedule.create_extra(
        actor=coordinator,
        partnership=world.partnership,
        data=ExtraData(date=world.today, starts_at=dt.time(15, 0)),
        today=world.today,
        urgent_case=found,
    )
    assert conference.is_extra and conference.series is None
    item = conference.items.get()
    assert item.case == world.case_b and item.urgent and item.reason == AgendaReason.NEW
    assert actions()[-2:] == ["conference.schedule.extra_created", "conference.agenda.item_added"]


# --- agenda ------------------------------------------------------------------------------


def test_building_the_agenda_takes_waiting_and_review_cases_once(world):
    coordinator = actor(world, world.coordinator)
    items = agenda.build_agenda(actor=coordinator, access=manage(world), day=world.today)
    by_case = {item.case_id: item for item in items}
    assert set(by_case) == {world.case_a.pk, world.case_b.pk, world.case_review.pk}
    assert by_case[world.case_a.pk].reason == AgendaReason.NEW
    assert by_case[world.case_review.pk].reason == AgendaReason.REVIEW
    assert sorted(item.position for item in items) == [1, 2, 3]
    event = AuditEvent.objects.get(action="conference.agenda.built")
    assert event.detail["count"] == 3
    # Idempotent: nothing new to add the second time.
    assert agenda.build_agenda(actor=coordinator, access=manage(world), day=world.today) == []
    assert world.conference.items.count() == 3


def test_an_action_point_due_after_the_conference_is_not_for_review(world):
    world.open_point.due_on = world.conference.date + dt.timedelta(days=1)
    world.open_point.save()
    items = agenda.build_agenda(
        actor=actor(world, world.coordinator), access=manage(world), day=world.today
    )
    assert world.case_review.pk not in {item.case_id for item in items}


def test_awaiting_with_open_points_from_earlier_is_carried_over(world):
    world.case_review.state = CaseState.AWAITING_CONFERENCE
    world.case_review.save()
    items = agenda.build_agenda(
        actor=actor(world, world.coordinator), access=manage(world), day=world.today
    )
    reasons = {item.case_id: item.reason for item in items}
    assert reasons[world.case_review.pk] == AgendaReason.CARRIED_OVER


def test_build_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    coordinator = actor(world, world.coordinator)
    more_cases(world, 20)
    access = manage(world)
    with django_assert_max_num_queries(20):
        items = agenda.build_agenda(actor=coordinator, access=access, day=world.today)
    assert len(items) == 23


def test_add_by_reference_refuses_unknown_and_other_partnerships_alike(world):
    coordinator = actor(world, world.coordinator)
    from samvern.cases.tests.factories import CaseFactory

    other = CaseFactory(state=CaseState.AWAITING_CONFERENCE)
    messages = []
    for reference in ("S-0000-NOPE", other.reference):
        with pytest.raises(agenda.AgendaError) as error:
            agenda.find_case(
                actor=coordinator,
                partnership_id=world.partnership.pk,
                reference=reference,
                day=world.today,
            )
        messages.append(error.value.messages)
    assert messages[0] == messages[1]
    found = agenda.find_case(
        actor=coordinator,
        partnership_id=world.partnership.pk,
        reference=world.case_a.reference,
        day=world.today,
    )
    item = agenda.add_case(actor=coordinator, access=manage(world), case=found, day=world.today)
    assert item.position == 1
    with pytest.raises(agenda.AgendaError):
        agenda.add_case(actor=coordinator, access=manage(world), case=found, day=world.today)
    event = AuditEvent.objects.filter(action="conference.agenda.item_added").get()
    assert event.detail["case"] == str(world.case_a.pk)


def test_move_urgent_and_remove(world):
    coordinator = actor(world, world.coordinator)
    a, b, r = put_on_agenda(world, world.case_a, world.case_b, world.case_review)
    agenda.move_item(actor=coordinator, access=manage(world), item=b, direction="up")
    order = list(
        world.conference.items.order_by("-urgent", "position").values_list("case_id", flat=True)
    )
    assert order == [world.case_b.pk, world.case_a.pk, world.case_review.pk]
    with pytest.raises(agenda.AgendaError):
        agenda.move_item(actor=coordinator, access=manage(world), item=b, direction="up")
    agenda.set_urgent(actor=coordinator, access=manage(world), item=r, urgent=True)
    order = list(
        world.conference.items.order_by("-urgent", "position").values_list("case_id", flat=True)
    )
    assert order[0] == world.case_review.pk
    # An urgent item does not move below the ordinary ones.
    r.refresh_from_db()
    with pytest.raises(agenda.AgendaError):
        agenda.move_item(actor=coordinator, access=manage(world), item=r, direction="down")
    agenda.remove_item(actor=coordinator, access=manage(world), item=a)
    assert not AgendaItem.objects.filter(pk=a.pk).exists()
    positions = sorted(world.conference.items.values_list("position", flat=True))
    assert positions == [1, 2]
    codes = actions()
    for code in (
        "conference.agenda.item_moved",
        "conference.agenda.item_urgency_changed",
        "conference.agenda.item_removed",
    ):
        assert code in codes


def test_an_attendee_cannot_manage_the_agenda(world):
    with pytest.raises(Exception) as error:
        manage(world, world.referrer)
    assert error.type.__name__ == "Http404"
    access = view(world, world.referrer)
    before = AuditEvent.objects.count()
    with pytest.raises(agenda.AgendaError):
        agenda.build_agenda(actor=actor(world, world.referrer), access=access, day=world.today)
    assert world.conference.items.count() == 0
    assert AuditEvent.objects.count() == before


def test_the_agenda_of_a_held_conference_is_closed(world):
    coordinator = actor(world, world.coordinator)
    world.conference.status = ConferenceStatus.HELD
    world.conference.save()
    with pytest.raises(agenda.AgendaError):
        agenda.build_agenda(actor=coordinator, access=manage(world), day=world.today)


# --- attendance, confidentiality, conflicts ------------------------------------------------


def test_attendees_come_from_member_organisations_with_case_roles(world):
    coordinator = actor(world, world.coordinator)
    candidates = attendance.candidate_memberships(world.partnership, world.today)
    users = {m.user_id for m in candidates}
    assert world.absent.pk in users and world.member_worker.pk in users
    assert world.coordinator.pk in users
    assert world.leaver.pk not in users  # left the partnership
    assert world.outsider.pk not in users
    assert world.dpo.pk not in users  # no case content role
    attendee = attendance.add_attendee(
        actor=coordinator,
        access=manage(world),
        user=world.absent,
        organisation=world.health,
        day=world.today,
    )
    assert attendee.status == AttendanceStatus.EXPECTED
    before = Attendee.objects.count()
    for user, organisation in ((world.leaver, world.nav), (world.outsider, world.outside)):
        with pytest.raises(attendance.AttendanceError):
            attendance.add_attendee(
                actor=coordinator,
                access=manage(world),
                user=user,
                organisation=organisation,
                day=world.today,
            )
    with pytest.raises(attendance.AttendanceError):
        attendance.add_attendee(
            actor=coordinator,
            access=manage(world),
            user=world.absent,
            organisation=world.health,
            day=world.today,
        )
    assert Attendee.objects.count() == before


def test_present_apologies_and_a_named_substitute(world):
    coordinator = actor(world, world.coordinator)
    row = world.attendees["participant"]
    attendance.set_attendance(
        actor=coordinator, access=manage(world), attendee=row, status=AttendanceStatus.APOLOGIES
    )
    with pytest.raises(attendance.AttendanceError):
        attendance.set_attendance(
            actor=coordinator,
            access=manage(world),
            attendee=row,
            status=AttendanceStatus.SUBSTITUTE,
        )
    row.refresh_from_db()
    assert row.status == AttendanceStatus.APOLOGIES
    attendance.set_attendance(
        actor=coordinator,
        access=manage(world),
        attendee=row,
        status=AttendanceStatus.SUBSTITUTE,
        substitute_for="Petter Smart",
    )
    row.refresh_from_db()
    assert (row.status, row.substitute_for) == (AttendanceStatus.SUBSTITUTE, "Petter Smart")
    assert actions().count("conference.attendance.changed") == 2


def test_the_first_confirmation_fixes_the_statement_version(world):
    referrer = actor(world, world.referrer)
    attendance.confirm_statement(actor=referrer, access=view(world, world.referrer))
    world.conference.refresh_from_db()
    assert world.conference.statement == world.statement
    # A new version is written; the next attendee confirms the meeting's version 1.
    v2 = attendance.write_statement(
        actor=actor(world, world.coordinator), partnership=world.partnership, text="Ny tekst."
    )
    assert v2.version == 2
    attendance.confirm_statement(
        actor=actor(world, world.participant), access=view(world, world.participant)
    )
    row = Attendee.objects.get(pk=world.attendees["participant"].pk)
    assert row.confirmed_statement == world.statement and row.confirmed_at is not None
    event = AuditEvent.objects.filter(action="conference.attendance.confirmed").last()
    assert event.detail["version"] == 1
    with pytest.raises(attendance.AttendanceError):
        attendance.confirm_statement(actor=referrer, access=view(world, world.referrer))


def test_someone_not_attending_cannot_confirm(world):
    before = AuditEvent.objects.count()
    with pytest.raises(attendance.AttendanceError):
        attendance.confirm_statement(
            actor=actor(world, world.absent), access=view(world, world.absent)
        )
    world.conference.refresh_from_db()
    assert world.conference.statement is None
    assert AuditEvent.objects.count() == before


def test_without_a_statement_nobody_confirms(world):
    world.past.statement = None
    world.past.save()
    ConfidentialityStatement.objects.all().delete()
    with pytest.raises(attendance.AttendanceError):
        attendance.confirm_statement(
            actor=actor(world, world.referrer), access=view(world, world.referrer)
        )


def test_only_the_coordinator_writes_the_statement(world):
    with pytest.raises(attendance.AttendanceError):
        attendance.write_statement(
            actor=actor(world, world.referrer), partnership=world.partnership, text="Ny."
        )
    assert world.partnership.confidentiality_statements.count() == 1


def test_declaring_a_conflict(world):
    (item,) = put_on_agenda(world, world.case_a)
    conflicted = actor(world, world.conflicted)
    found = access_agenda_item(conflicted, item.pk, ItemNeed.REFERENCE, day=world.today)
    with pytest.raises(attendance.AttendanceError):
        attendance.declare_conflict(actor=conflicted, item=found, reason="  ")
    attendance.declare_conflict(actor=conflicted, item=found, reason="Kjenner familien.")
    found = access_agenda_item(conflicted, item.pk, ItemNeed.REFERENCE, day=world.today)
    assert found.conflicted and not found.meeting
    with pytest.raises(attendance.AttendanceError):
        attendance.declare_conflict(actor=conflicted, item=found, reason="Igjen.")
    assert ConflictOfInterest.objects.count() == 1
    event = AuditEvent.objects.get(action="conference.conflict.declared")
    assert event.detail["case"] == str(world.case_a.pk)


# --- holding and bringing back -------------------------------------------------------------


def test_holding_moves_waiting_cases_to_heard(world):
    coordinator = actor(world, world.coordinator)
    world.conference.date = world.today
    world.conference.save()
    put_on_agenda(world, world.case_a, world.case_review)
    result = schedule.hold_conference(actor=coordinator, access=manage(world), day=world.today)
    assert [case.pk for case in result.heard] == [world.case_a.pk]
    assert [case.pk for case in result.reviewed] == [world.case_review.pk]
    assert result.not_moved == []
    world.case_a.refresh_from_db()
    world.case_review.refresh_from_db()
    assert world.case_a.state == CaseState.HEARD
    assert world.case_review.state == CaseState.ACTIONS_IN_PROGRESS
    world.conference.refresh_from_db()
    assert world.conference.status == ConferenceStatus.HELD
    assert world.conference.held_at is not None
    assert world.conference.statement == world.statement
    assert not world.conference.items.filter(heard_at__isnull=True).exists()
    change = StateChange.objects.get(case=world.case_a)
    assert change.to_state == CaseState.HEARD
    codes = actions()
    assert "cases.case.state_changed" in codes and codes[-1] == "conference.schedule.held"


def test_a_case_the_grant_cannot_move_is_reported(world, monkeypatch):
    coordinator = actor(world, world.coordinator)
    world.conference.date = world.today
    world.conference.save()
    put_on_agenda(world, world.case_a, world.case_b)
    from samvern.cases.services import referral

    # The coordinator's grant no longer allows awaiting → heard (a rule change, say).
    monkeypatch.setattr(
        referral,
        "COORDINATOR_TRANSITIONS",
        frozenset(),
    )
    result = schedule.hold_conference(actor=coordinator, access=manage(world), day=world.today)
    assert {row.reference for row in result.not_moved} == {
        world.case_a.reference,
        world.case_b.reference,
    }
    world.case_a.refresh_from_db()
    assert world.case_a.state == CaseState.AWAITING_CONFERENCE


def test_a_conference_is_not_held_before_its_date(world):
    before = AuditEvent.objects.count()
    with pytest.raises(schedule.ScheduleError):
        schedule.hold_conference(
            actor=actor(world, world.coordinator), access=manage(world), day=world.today
        )
    world.conference.refresh_from_db()
    assert world.conference.status == ConferenceStatus.PLANNED
    assert AuditEvent.objects.count() == before


def test_bring_back_then_the_next_agenda_gives_the_reason(world):
    coordinator = actor(world, world.coordinator)
    found = access_case(coordinator, world.case_review.pk, Need.CONFERENCE)
    schedule.bring_back(
        actor=coordinator,
        access=found,
        reason=ReturnReason.NEW_INCIDENT,
        note="Ny anmeldelse i helgen.",
    )
    world.case_review.refresh_from_db()
    assert world.case_review.state == CaseState.AWAITING_CONFERENCE
    assert world.case_review.closed_on is None
    change = StateChange.objects.filter(case=world.case_review).last()
    assert change.from_state == CaseState.ACTIONS_IN_PROGRESS
    assert "Ny anmeldelse i helgen." in change.note
    assert str(ReturnReason.NEW_INCIDENT.label) in change.note
    items = agenda.build_agenda(actor=coordinator, access=manage(world), day=world.today)
    reasons = {item.case_id: item.reason for item in items}
    assert reasons[world.case_review.pk] == AgendaReason.NEW_INCIDENT
    row = ConferenceReturn.objects.get()
    assert row.item.case_id == world.case_review.pk
    # Removed from the agenda, the bring-back waits for the next agenda again.
    item = world.conference.items.get(case=world.case_review)
    agenda.remove_item(actor=coordinator, access=manage(world), item=item)
    row.refresh_from_db()
    assert row.item is None


def test_only_cases_in_actions_or_monitoring_come_back(world):
    coordinator = actor(world, world.coordinator)
    found = access_case(coordinator, world.case_a.pk, Need.CONFERENCE)
    before = AuditEvent.objects.count()
    with pytest.raises(schedule.ScheduleError):
        schedule.bring_back(actor=coordinator, access=found, reason=ReturnReason.REVIEW)
    world.case_a.refresh_from_db()
    assert world.case_a.state == CaseState.AWAITING_CONFERENCE
    assert AuditEvent.objects.count() == before
    assert not ConferenceReturn.objects.exists()
