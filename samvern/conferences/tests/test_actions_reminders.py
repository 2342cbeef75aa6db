"""E-mail reminders about open action points: before and after the due date, once each
per recipient, to the assignee or the organisation's case workers, and with nothing in
them but the due date and a link that needs signing in. Dates are passed in."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from samvern.accounts.models import Membership, Role
from samvern.accounts.testing import make_member
from samvern.audit.models import AuditEvent
from samvern.cases.access import today
from samvern.cases.models import Case
from samvern.conferences import reminders
from samvern.conferences.models import ActionPoint, Outcome, ReminderKind, SentActionReminder
from samvern.conferences.tests.actions_world import ActionsWorld, make_actions_world
from samvern.partnerships.models import PartnershipMember

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("locmem_mail"),
]


@pytest.fixture
def locmem_mail():
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield


@pytest.fixture
def world() -> ActionsWorld:
    return make_actions_world(day=today())


def _sent_to() -> list[tuple[str, ...]]:
    return sorted(tuple(message.to) for message in mail.outbox)


def test_before_the_due_date_the_assignee_is_reminded_once(world: ActionsWorld) -> None:
    soon = world.points["police_soon"]  # due in 2 days, assigned to carl
    ActionPoint.objects.exclude(pk=soon.pk).update(outcome=Outcome.DONE, outcome_on=world.day)

    assert reminders.send_due_reminders(world.day) == 1
    assert _sent_to() == [(world.carl.email,)]
    assert reminders.send_due_reminders(world.day) == 0
    assert reminders.send_due_reminders(world.day + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    sent = SentActionReminder.objects.get()
    assert (sent.action_point, sent.kind, sent.recipient) == (soon, ReminderKind.BEFORE, world.carl)


def test_nothing_is_sent_earlier_than_the_days_before(world: ActionsWorld) -> None:
    soon = world.points["police_soon"]
    ActionPoint.objects.exclude(pk=soon.pk).update(outcome=Outcome.DONE, outcome_on=world.day)
    assert reminders.send_due_reminders(soon.due_on - dt.timedelta(days=4)) == 0
    with override_settings(SAMVERN_ACTION_REMINDER_DAYS_BEFORE=5):
        assert reminders.send_due_reminders(soon.due_on - dt.timedelta(days=4)) == 1


def test_after_the_due_date_the_case_workers_are_reminded(world: ActionsWorld) -> None:
    late = world.points["police_late"]  # due yesterday, nobody assigned
    ActionPoint.objects.exclude(pk=late.pk).update(outcome=Outcome.DONE, outcome_on=world.day)

    assert reminders.send_due_reminders(world.day) == 2
    # Police's case workers; not the data protection officer.
    assert _sent_to() == sorted([(world.referrer.email,), (world.carl.email,)])
    assert set(SentActionReminder.objects.values_list("kind", flat=True)) == {ReminderKind.AFTER}
    assert reminders.send_due_reminders(world.day + dt.timedelta(days=3)) == 0


def test_the_after_reminder_waits_for_the_days_after(world: ActionsWorld) -> None:
    late = world.points["police_late"]
    ActionPoint.objects.exclude(pk=late.pk).update(outcome=Outcome.DONE, outcome_on=world.day)
    with override_settings(SAMVERN_ACTION_REMINDER_DAYS_AFTER=2):
        assert reminders.send_due_reminders(world.day) == 0
        assert reminders.send_due_reminders(world.day + dt.timedelta(days=1)) == 2


def test_one_point_gets_a_before_and_an_after_reminder(world: ActionsWorld) -> None:
    soon = world.points["police_soon"]
    ActionPoint.objects.exclude(pk=soon.pk).update(outcome=Outcome.DONE, outcome_on=world.day)
    assert reminders.send_due_reminders(world.day) == 1
    assert reminders.send_due_reminders(soon.due_on + dt.timedelta(days=1)) == 1
    assert set(SentActionReminder.objects.values_list("kind", flat=True)) == {
        ReminderKind.BEFORE,
        ReminderKind.AFTER,
    }


def test_an_assignee_who_left_the_organisation_is_replaced_by_its_case_workers(
    world: ActionsWorld,
) -> None:
    soon = world.points["police_soon"]
    ActionPoint.objects.exclude(pk=soon.pk).update(outcome=Outcome.DONE, outcome_on=world.day)
    Membership.objects.filter(user=world.carl).update(ends_on=world.day)
    reminders.send_due_reminders(world.day)
    assert _sent_to() == [(world.referrer.email,)]


def test_closed_points_and_organisations_no_longer_taking_part_get_none(
    world: ActionsWorld,
) -> None:
    # Police: all closed. Crisis centre: overdue, but it left the case. Clinic: left the
    # partnership.
    ActionPoint.objects.filter(organisation=world.police).update(
        outcome=Outcome.DONE, outcome_on=world.day
    )
    world.case_a.participants.filter(organisation=world.crisis).update(removed_on=world.day)
    assert reminders.send_due_reminders(world.day) == 0
    # Back in the case: the crisis centre's case worker is reminded.
    world.case_a.participants.filter(organisation=world.crisis).update(removed_on=None)
    assert reminders.send_due_reminders(world.day) == 1
    assert _sent_to() == [(world.participant.email,)]
    assert PartnershipMember.objects.get(organisation=world.clinic).left_on is not None


def test_the_mail_holds_no_name_reference_or_content(world: ActionsWorld) -> None:
    extra = make_member(
        world.crisis,
        Role.CASE_WORKER,
        username="krisearbeider",
        first_name="Ingebjørg",
        last_name="Tveiterås",
    )
    assert reminders.send_due_reminders(world.day) >= 3
    assert reminders.send_due_reminders(world.day + dt.timedelta(days=10)) >= 1
    words = [
        *world.all_names(),
        *Case.objects.values_list("reference", flat=True),
        *ActionPoint.objects.values_list("description", flat=True),
        *[org.name for org in (world.police, world.crisis, world.clinic)],
        world.partnership.name,
    ]
    assert extra.first_name in words
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}".lower()
        for word in words:
            assert word.lower() not in text, word
        assert reverse("conferences:my_actions") in message.body


def test_the_mail_says_due_date_and_link(world: ActionsWorld) -> None:
    soon = world.points["police_soon"]
    ActionPoint.objects.exclude(pk=soon.pk).update(outcome=Outcome.DONE, outcome_on=world.day)
    reminders.send_due_reminders(world.day)
    message = mail.outbox[0]
    assert "Et tiltak for virksomheten din har frist" in message.subject
    assert reverse("conferences:action", args=[soon.pk]) in message.body
    assert "Logg inn" in message.body


def test_the_mail_is_in_the_recipient_s_language(world: ActionsWorld) -> None:
    soon = world.points["police_soon"]
    ActionPoint.objects.exclude(pk=soon.pk).update(outcome=Outcome.DONE, outcome_on=world.day)
    world.carl.preferred_language = "en"
    world.carl.save(update_fields=["preferred_language"])
    reminders.send_due_reminders(world.day)
    assert mail.outbox[0].subject.startswith("An action point for your organisation is due on")


def test_each_reminder_is_audited_without_content(world: ActionsWorld) -> None:
    soon = world.points["police_soon"]
    ActionPoint.objects.exclude(pk=soon.pk).update(outcome=Outcome.DONE, outcome_on=world.day)
    reminders.send_due_reminders(world.day)
    event = AuditEvent.objects.get(action=reminders.REMINDER_SENT)
    assert event.target_id == str(soon.pk)
    assert event.detail == {"kind": "before", "recipient": str(world.carl.pk)}


def test_a_recipient_without_an_address_is_skipped(world: ActionsWorld) -> None:
    soon = world.points["police_soon"]
    ActionPoint.objects.exclude(pk=soon.pk).update(outcome=Outcome.DONE, outcome_on=world.day)
    world.carl.email = ""
    world.carl.save(update_fields=["email"])
    assert reminders.send_due_reminders(world.day) == 0


def test_the_command_sends_for_the_date_given(world: ActionsWorld) -> None:
    soon = world.points["police_soon"]
    ActionPoint.objects.exclude(pk=soon.pk).update(outcome=Outcome.DONE, outcome_on=world.day)
    out = StringIO()
    call_command("send_action_reminders", "--date", world.day.isoformat(), stdout=out)
    assert "Sent 1" in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_command_enqueues_the_task(world: ActionsWorld) -> None:
    """The immediate task backend of the tests runs the task at once."""
    soon = world.points["police_soon"]
    ActionPoint.objects.exclude(pk=soon.pk).update(outcome=Outcome.DONE, outcome_on=world.day)
    out = StringIO()
    call_command("send_action_reminders", "--date", world.day.isoformat(), "--enqueue", stdout=out)
    assert "Queued" in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_command_refuses_a_bad_date(world: ActionsWorld) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_action_reminders", "--date", "1.12.2026")
