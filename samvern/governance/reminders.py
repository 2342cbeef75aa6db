"""E-mail reminders about open commitments: one a set number of days before the due date
(`SAMVERN_COMMITMENT_REMINDER_DAYS_BEFORE`, 7 by default) and one a set number of days
after it (`SAMVERN_COMMITMENT_REMINDER_DAYS_AFTER`, 1), each once per recipient
(`samvern.core.reminders` decides the windows).

Who gets them: the person responsible, while active; otherwise the responsible
organisation's contact person and deputy in the partnership. Only while that organisation
is a member of the partnership. The e-mail gives the body, the due date and a link that
needs signing in; what was promised is read on the page.

Each (commitment, kind, recipient) is recorded together with the send, so running again —
or a missed day caught up — sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.accounts.models import User
from samvern.audit.services import audit_log
from samvern.core import reminders as windows
from samvern.core.links import site_url
from samvern.governance.models import (
    Commitment,
    CommitmentStatus,
    ReminderKind,
    SentCommitmentReminder,
)
from samvern.partnerships.models import PartnershipMember

REMINDER_SENT = "governance.reminder.sent"


def days_before() -> int:
    return int(getattr(settings, "SAMVERN_COMMITMENT_REMINDER_DAYS_BEFORE", 7))


def days_after() -> int:
    return int(getattr(settings, "SAMVERN_COMMITMENT_REMINDER_DAYS_AFTER", 1))


@dataclass(frozen=True)
class DueReminder:
    commitment: Commitment
    kind: str
    recipient: User


def due_reminders(today: dt.date) -> list[DueReminder]:
    """Every reminder due on `today`, whether sent before or not."""
    member = PartnershipMember.objects.active_on(today).filter(
        partnership=OuterRef("body__partnership"), organisation=OuterRef("organisation")
    )
    commitments = list(
        Commitment.objects.filter(status=CommitmentStatus.OPEN)
        .filter(windows.window_q(today, before=days_before(), after=days_after()))
        .filter(Exists(member))
        .select_related("owner", "body", "organisation")
        .order_by("due_on", "pk")
    )
    contacts: dict[tuple[object, object], list[User]] = {}
    rows = (
        PartnershipMember.objects.active_on(today)
        .filter(
            partnership_id__in={c.body.partnership_id for c in commitments},
            organisation_id__in={c.organisation_id for c in commitments},
        )
        .select_related("relay", "deputy")
    )
    for row in rows:
        contacts[(row.partnership_id, row.organisation_id)] = [
            person for person in (row.relay, row.deputy) if person is not None
        ]
    due: list[DueReminder] = []
    for commitment in commitments:
        kind = windows.reminder_kind(commitment.due_on, today)
        if commitment.owner is not None and commitment.owner.is_active:
            recipients = [commitment.owner]
        else:
            recipients = contacts.get(
                (commitment.body.partnership_id, commitment.organisation_id), []
            )
        due.extend(
            DueReminder(commitment=commitment, kind=kind, recipient=user)
            for user in recipients
            if user.is_active and user.email
        )
    return due


def _subject(reminder: DueReminder) -> str:
    if reminder.kind == ReminderKind.BEFORE:
        return _("A commitment of your organisation is due on %(date)s") % {
            "date": date_format(reminder.commitment.due_on)
        }
    return _("A commitment of your organisation is overdue")


def send_due_reminders(today: dt.date) -> int:
    """Send every reminder due on `today` not sent before; how many e-mails went out."""
    reminders = due_reminders(today)
    already = set(
        SentCommitmentReminder.objects.filter(
            commitment__in=[r.commitment.pk for r in reminders]
        ).values_list("commitment_id", "kind", "recipient_id")
    )
    sent = 0
    for reminder in reminders:
        user = reminder.recipient
        if (reminder.commitment.pk, reminder.kind, user.pk) in already:
            continue
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = _subject(reminder)
            body = render_to_string(
                "governance/email/reminder.txt",
                {
                    "kind": reminder.kind,
                    "body_name": reminder.commitment.body.name,
                    "due_on": reminder.commitment.due_on,
                    "url": site_url(
                        reverse("governance:commitment", args=[reminder.commitment.pk])
                    ),
                },
            )
        try:
            with transaction.atomic():
                SentCommitmentReminder.objects.create(
                    commitment=reminder.commitment,
                    kind=reminder.kind,
                    recipient=user,
                    sent_on=today,
                )
                audit_log(
                    actor=None,
                    action=REMINDER_SENT,
                    target=reminder.commitment,
                    organisation=reminder.commitment.organisation,
                    detail={"kind": reminder.kind, "recipient": str(user.pk)},
                )
                send_mail(subject, body, None, [user.email])
        except IntegrityError:
            continue  # another run got there first
        sent += 1
    return sent
