import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import translation

from samvern.accounts.tests.factories import UserFactory
from samvern.plans import services
from samvern.plans.models import Measure, SentReminder
from samvern.plans.tests.helpers import END, adopted, as_actor, new_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(alice, bergen):
    version = adopted(alice, new_plan(alice, [bergen], title="Plan for Bergen"), measures=2)
    manager = UserFactory(username="enhetsleder", preferred_language="en")
    first = version.measures.order_by("number").first()
    Measure.objects.filter(pk=first.pk).update(responsible_user=manager)
    return version, manager


def test_unit_managers_are_reminded_before_the_due_date_and_only_once(alice, running, mailoutbox):
    version, manager = running
    today = dt.date.today()
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=today + dt.timedelta(days=5)
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    call_command("send_plan_reminders", date=today.isoformat())
    to_manager = [m for m in mailoutbox if m.to == [manager.email]]
    assert len(to_manager) == 1
    assert to_manager[0].subject.startswith("Status report due")  # in the manager's language
    assert "1. Tiltak 1" in to_manager[0].body
    call_command("send_plan_reminders", date=today.isoformat())
    assert len([m for m in mailoutbox if m.to == [manager.email]]) == 1
    assert SentReminder.objects.filter(recipient=manager.email).count() == 1


def test_overdue_rounds_remind_the_manager_and_the_coordinator(alice, running, mailoutbox):
    version, manager = running
    today = dt.date.today()
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vår", due_date=today - dt.timedelta(days=3)
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    call_command("send_plan_reminders", date=today.isoformat())
    subjects = {tuple(m.to): m.subject for m in mailoutbox}
    assert subjects[(manager.email,)].startswith("Status report overdue")
    with translation.override("nb"):
        assert "statusrapporter mangler" in subjects[(alice.email,)]


def test_coordinators_hear_six_months_before_the_end_and_when_the_plan_expires(
    alice, running, mailoutbox
):
    call_command("send_plan_reminders", date=(END - dt.timedelta(days=100)).isoformat())
    assert [m.to for m in mailoutbox] == [[alice.email]]
    assert "planperioden slutter" in mailoutbox[0].subject.lower()
    call_command("send_plan_reminders", date=(END + dt.timedelta(days=1)).isoformat())
    assert len(mailoutbox) == 2
    assert "utløpt" in mailoutbox[1].subject
    call_command("send_plan_reminders", date=(END + dt.timedelta(days=2)).isoformat())
    assert len(mailoutbox) == 2


def test_the_task_can_be_queued(alice, running, mailoutbox):
    from samvern.plans.reminders import send_plan_reminders_task

    result = send_plan_reminders_task.enqueue((END - dt.timedelta(days=10)).isoformat())
    assert result.return_value == 1
