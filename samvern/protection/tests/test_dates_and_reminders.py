"""Dates with the day passed in, never the real clock: "ending within 14 days" includes
the fourteenth day and not the fifteenth, an ended measure stays "recently ended" for 30
days, and each reminder goes once per recipient and date, naming nothing of the case."""

from __future__ import annotations

import datetime as dt
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.audit.models import AuditEvent
from samvern.cases.models import CaseParticipant
from samvern.protection import reminders, selectors
from samvern.protection.models import (
    MeasureStatus,
    ProtectiveMeasure,
    Reassessment,
    ReminderKind,
    SentProtectionReminder,
    status_on,
)
from samvern.protection.selectors import MeasureFilter
from samvern.protection.tests.conftest import add_measure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("locmem_mail")]

DAY = dt.date(2031, 5, 12)


@pytest.mark.parametrize(
    ("last", "status"),
    [
        (None, MeasureStatus.ACTIVE),
        (DAY + dt.timedelta(days=15), MeasureStatus.ACTIVE),
        (DAY + dt.timedelta(days=14), MeasureStatus.ENDING_SOON),
        (DAY, MeasureStatus.ENDING_SOON),
        (DAY - dt.timedelta(days=1), MeasureStatus.ENDED),
    ],
)
def test_a_measure_is_ending_soon_from_fourteen_days_before_its_last_day(last, status):
    assert status_on(DAY - dt.timedelta(days=100), last, DAY) == status


@pytest.mark.parametrize(
    ("ended_on", "status"),
    [
        (DAY, MeasureStatus.ENDED),
        (DAY - dt.timedelta(days=3), MeasureStatus.ENDED),
        (DAY + dt.timedelta(days=2), MeasureStatus.ENDING_SOON),
    ],
)
def test_a_measure_recorded_as_ended_has_ended_from_that_day(ended_on, status):
    # An alarm returned today is no longer "ending in 0 days", whatever its planned end.
    start = DAY - dt.timedelta(days=100)
    planned = DAY + dt.timedelta(days=60)
    assert status_on(start, ended_on, DAY, ended_on=ended_on) == status
    assert status_on(start, planned, DAY, ended_on=ended_on) in {status, MeasureStatus.ACTIVE}


def test_a_measure_that_has_not_started_is_planned():
    assert status_on(DAY + dt.timedelta(days=1), None, DAY) == MeasureStatus.PLANNED


def _ids(which: MeasureFilter, day: dt.date) -> set[object]:
    return set(
        selectors.filter_measures(ProtectiveMeasure.objects.all(), which, day).values_list(
            "pk", flat=True
        )
    )


def test_the_filters_take_their_boundaries_from_the_day_passed_in(pw):
    day = pw.day
    ProtectiveMeasure.objects.all().delete()
    start = day - dt.timedelta(days=60)

    def measure(**dates):
        return add_measure(pw.base, starts_on=start, **{"ends_on": None, **dates}).pk

    open_ended = measure()
    in_14 = measure(ends_on=day + dt.timedelta(days=14))
    in_15 = measure(ends_on=day + dt.timedelta(days=15))
    today_last = measure(ends_on=day)
    yesterday = measure(ends_on=day - dt.timedelta(days=1))
    ended_30 = measure(ends_on=day - dt.timedelta(days=30))
    ended_31 = measure(ends_on=day - dt.timedelta(days=31))
    returned = measure(ends_on=day + dt.timedelta(days=40))
    ProtectiveMeasure.objects.filter(pk=returned).update(ended_on=day - dt.timedelta(days=2))

    assert _ids(MeasureFilter.ENDING_SOON, day) == {in_14, today_last}
    assert _ids(MeasureFilter.ACTIVE, day) == {open_ended, in_14, in_15, today_last}
    assert _ids(MeasureFilter.ENDED, day) == {yesterday, ended_30, ended_31, returned}
    assert _ids(MeasureFilter.RECENTLY_ENDED, day) == {yesterday, ended_30, returned}
    assert _ids(MeasureFilter.CURRENT, day) == _ids(MeasureFilter.ALL, day) - {ended_31}
    # A day later, the fifteenth day is the fourteenth.
    assert in_15 in _ids(MeasureFilter.ENDING_SOON, day + dt.timedelta(days=1))


def _only(pw, kind: str) -> None:
    """Keep only the fixture's item of one kind due for a reminder (and forget the mail
    the case layer sent while the world was built)."""
    mail.outbox.clear()
    if kind != ReminderKind.MEASURE_ENDING:
        ProtectiveMeasure.objects.update(ended_on=pw.day - dt.timedelta(days=1))
    if kind != ReminderKind.RELEASE_COMING:
        pw.release.informed_on = pw.day
        pw.release.save()
    if kind != ReminderKind.REASSESSMENT_DUE:
        Reassessment.objects.update(closed_at=pw.release.created_at)


def test_a_measure_ending_is_reminded_once_to_the_responsible_case_workers(pw):
    _only(pw, ReminderKind.MEASURE_ENDING)
    ends = pw.measure.ends_on  # in 10 days
    assert reminders.send_due_reminders(ends - dt.timedelta(days=15)) == 0
    assert reminders.send_due_reminders(ends - dt.timedelta(days=14)) == 1
    assert [m.to for m in mail.outbox] == [[pw.referrer.email]]
    assert reminders.send_due_reminders(ends - dt.timedelta(days=13)) == 0
    assert reminders.send_due_reminders(ends) == 0
    message = mail.outbox[0]
    text = message.subject + message.body
    for secret in ("Tiril", "Fjellstad", pw.case.reference, "alarm", "Testpolitiet"):
        assert secret.lower() not in text.lower()
    assert f"/protection/measure/{pw.measure.pk}/" in message.body
    assert AuditEvent.objects.filter(action=reminders.REMINDER_SENT).count() == 1
    # A new end date is a new reminder.
    ProtectiveMeasure.objects.filter(pk=pw.measure.pk).update(ends_on=ends + dt.timedelta(days=7))
    assert reminders.send_due_reminders(ends) == 1
    assert SentProtectionReminder.objects.count() == 2


def test_an_ended_measure_or_a_departed_organisation_is_not_reminded(pw):
    _only(pw, ReminderKind.MEASURE_ENDING)
    day = pw.measure.ends_on - dt.timedelta(days=3)
    CaseParticipant.objects.filter(case=pw.case, organisation=pw.police).update(
        removed_on=day - dt.timedelta(days=1)
    )
    assert reminders.send_due_reminders(day) == 0
    CaseParticipant.objects.filter(case=pw.case, organisation=pw.police).update(removed_on=None)
    ProtectiveMeasure.objects.filter(pk=pw.measure.pk).update(ended_on=day - dt.timedelta(days=1))
    assert reminders.send_due_reminders(day) == 0


def test_a_release_is_reminded_until_the_person_exposed_is_informed(pw):
    _only(pw, ReminderKind.RELEASE_COMING)
    colleague = make_member(pw.police, Role.CASE_WORKER, email="kollega@politiet.test")
    make_member(pw.police, Role.DATA_PROTECTION_OFFICER, email="personvern@politiet.test")
    release_on = pw.release.release_on
    assert reminders.send_due_reminders(release_on - dt.timedelta(days=15)) == 0
    assert reminders.send_due_reminders(release_on - dt.timedelta(days=14)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([pw.referrer.email, colleague.email])
    assert "inform the person exposed" in mail.outbox[0].subject.lower() or (
        "varsle" in mail.outbox[0].subject.lower()
    )
    assert reminders.send_due_reminders(release_on - dt.timedelta(days=2)) == 0
    assert {s.kind for s in SentProtectionReminder.objects.all()} == {ReminderKind.RELEASE_COMING}


def test_an_informed_release_is_not_reminded(pw):
    _only(pw, ReminderKind.RELEASE_COMING)
    pw.release.informed_on = pw.day
    pw.release.save()
    assert reminders.send_due_reminders(pw.release.release_on - dt.timedelta(days=3)) == 0


def test_a_reassessment_is_reminded_a_week_before_and_once(pw):
    _only(pw, ReminderKind.REASSESSMENT_DUE)
    due = pw.reassessment.due_on
    assert reminders.send_due_reminders(due - dt.timedelta(days=8)) == 0
    assert reminders.send_due_reminders(due - dt.timedelta(days=7)) == 1
    assert reminders.send_due_reminders(due + dt.timedelta(days=3)) == 0
    assert len(mail.outbox) == 1


def test_the_command_takes_a_date_and_sends_once(pw):
    _only(pw, ReminderKind.MEASURE_ENDING)
    out = StringIO()
    day = pw.measure.ends_on - dt.timedelta(days=2)
    call_command("send_protection_reminders", date=day.isoformat(), stdout=out)
    call_command("send_protection_reminders", date=day.isoformat(), stdout=out)
    assert out.getvalue().splitlines() == [
        "Sent 1 protection reminder(s).",
        "Sent 0 protection reminder(s).",
    ]


def test_the_org_lists_take_their_day(pw):
    actor = Actor.load(pw.referrer, organisation=pw.police)
    soon = selectors.organisation_measures(actor, day=pw.day, which=MeasureFilter.ENDING_SOON)
    assert list(soon) == [pw.measure]
    later = pw.day - dt.timedelta(days=10)
    assert (
        list(selectors.organisation_measures(actor, day=later, which=MeasureFilter.ENDING_SOON))
        == []
    )


def test_a_reminder_the_mail_server_refuses_is_sent_on_the_next_run(pw, monkeypatch):
    _only(pw, ReminderKind.RELEASE_COMING)
    colleague = make_member(pw.police, Role.CASE_WORKER, email="kollega@politiet.test")
    day = pw.release.release_on - dt.timedelta(days=5)
    real_send = reminders.send_mail

    def refuse_for_the_colleague(subject, body, sender, to):
        if to == [colleague.email]:
            raise smtplib.SMTPRecipientsRefused({colleague.email: (451, b"Try again later")})
        return real_send(subject, body, sender, to)

    monkeypatch.setattr(reminders, "send_mail", refuse_for_the_colleague)
    # The refusal does not stop the run: the referrer's reminder goes.
    assert reminders.send_due_reminders(day) == 1
    assert [m.to for m in mail.outbox] == [[pw.referrer.email]]
    assert SentProtectionReminder.objects.get().recipient == pw.referrer
    assert AuditEvent.objects.filter(action=reminders.REMINDER_SENT).count() == 1
    monkeypatch.undo()
    # The next day's run sends the one that was refused, and only it.
    assert reminders.send_due_reminders(day + dt.timedelta(days=1)) == 1
    assert [m.to for m in mail.outbox] == [[pw.referrer.email], [colleague.email]]
    assert AuditEvent.objects.filter(action=reminders.REMINDER_SENT).count() == 2
