"""When the mail server is down, a referral's answer still goes through: the referrer's
update is kept without its e-mail, "my referrals" shows it, and the daily command
`resend_referral_feedback` e-mails it once, still without case content; an update older
than a week, or for a referrer without an active account or an address, is left alone."""

from __future__ import annotations

import datetime as dt
import smtplib
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import CaseParticipant, FeedbackKind, ReferralFeedback, ReferralStatus
from samvern.cases.services import feedback
from samvern.cases.tests.conftest import accept_referral

pytestmark = pytest.mark.django_db


def _mail_server_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(feedback, "send_mail", refuse)


def _events(update: ReferralFeedback) -> list[str]:
    """The audit events about one update, oldest first."""
    rows = AuditEvent.objects.filter(target_id=str(update.pk)).order_by("pk")
    return list(rows.values_list("action", flat=True))


def _accepted_while_mail_is_down(world: Any, monkeypatch: pytest.MonkeyPatch) -> ReferralFeedback:
    _mail_server_down(monkeypatch)
    accept_referral(world.pending_referral, world.pending_worker)
    monkeypatch.undo()
    mail.outbox.clear()
    return ReferralFeedback.objects.get(referral=world.pending_referral)


def test_accepting_goes_through_when_the_mail_server_is_down(world, monkeypatch):
    _mail_server_down(monkeypatch)
    client = login(Client(), world.pending_worker)
    response = client.post(
        f"/cases/referrals/{world.pending_referral.pk}/accept/", {"confirm": "on"}
    )
    assert response.status_code == 302
    referral = CaseParticipant.objects.get(pk=world.pending_referral.pk)
    assert referral.status == ReferralStatus.ACCEPTED
    assert client.get(f"/cases/{world.case.pk}/").status_code == 200
    update = ReferralFeedback.objects.get(referral=referral)
    assert update.kind == FeedbackKind.ACCEPTED and update.emailed_at is None
    assert AuditEvent.objects.filter(action="cases.referral.accepted").exists()
    assert _events(update) == [feedback.FEEDBACK_RECORDED]  # recorded, not e-mailed
    # The referrer reads the answer on "my referrals" all the same.
    mine = login(Client(), world.referrer).get("/cases/referrals/mine/").content.decode()
    assert "Testfamilievernet" in mine


def test_the_command_sends_a_missed_update_once_without_case_content(world, monkeypatch):
    update = _accepted_while_mail_is_down(world, monkeypatch)
    out = StringIO()
    call_command("resend_referral_feedback", stdout=out)
    assert "Sent 1 " in out.getvalue()
    assert [m.to for m in mail.outbox] == [[world.referrer.email]]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "/cases/referrals/mine/" in body
    names = [
        p for person in world.case.persons.all() for p in (person.first_name, person.last_name)
    ]
    secrets = [*names, world.case.reference, world.case.reason, world.family.name]
    assert not [secret for secret in secrets if secret in body]
    update.refresh_from_db()
    assert update.emailed_at is not None
    assert _events(update) == [feedback.FEEDBACK_RECORDED, feedback.FEEDBACK_EMAILED]
    event = AuditEvent.objects.get(action=feedback.FEEDBACK_EMAILED, target_id=str(update.pk))
    assert event.detail["resent"] is True
    assert event.detail["recipient"] == str(world.referrer.pk)
    assert event.detail["case"] == str(world.case.pk)
    # Sent once: running again sends nothing.
    call_command("resend_referral_feedback", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_an_update_is_sent_again_for_a_week_and_not_after(world, monkeypatch):
    update = _accepted_while_mail_is_down(world, monkeypatch)
    written = dt.datetime(2029, 3, 2, 16, 30, tzinfo=dt.UTC)
    ReferralFeedback.objects.filter(pk=update.pk).update(created_at=written)
    late = written + feedback.RESEND_WITHIN + dt.timedelta(seconds=1)
    assert feedback.send_missed_feedback(now=late) == 0
    assert feedback.send_missed_feedback(now=written - dt.timedelta(seconds=1)) == 0
    assert mail.outbox == []
    assert feedback.send_missed_feedback(now=written + feedback.RESEND_WITHIN) == 1
    assert len(mail.outbox) == 1


def test_a_failure_again_leaves_it_for_the_next_run(world, monkeypatch):
    update = _accepted_while_mail_is_down(world, monkeypatch)
    now = update.created_at + dt.timedelta(hours=1)
    _mail_server_down(monkeypatch)
    assert feedback.send_missed_feedback(now=now) == 0
    update.refresh_from_db()
    assert update.emailed_at is None
    assert _events(update) == [feedback.FEEDBACK_RECORDED]
    monkeypatch.undo()
    assert feedback.send_missed_feedback(now=now) == 1


@pytest.mark.parametrize("change", [{"is_active": False}, {"email": ""}])
def test_a_referrer_without_an_active_account_or_an_address_gets_nothing(
    world, monkeypatch, change
):
    update = _accepted_while_mail_is_down(world, monkeypatch)
    type(world.referrer).objects.filter(pk=world.referrer.pk).update(**change)
    assert feedback.send_missed_feedback(now=update.created_at + dt.timedelta(hours=1)) == 0
    assert mail.outbox == []
