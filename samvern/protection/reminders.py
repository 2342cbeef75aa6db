"""E-mail reminders, each once per recipient and date:

- a protective measure ends within `ENDING_SOON_DAYS` (14) days and is not marked ended;
- the person using violence is expected to be released within `RELEASE_NOTICE_DAYS` (14)
  days and the person exposed has not been informed yet (a duty of the police);
- a reassessment is due within `REASSESSMENT_DUE_SOON_DAYS` (7) days, or overdue.

They go to the case workers of the responsible organisation (for a reassessment: the
organisation that made the assessment), while it takes part in the case and is a member
of the case's partnership on the day: the same rule as the pages.

E-mail leaves the system, so a reminder names no person, no case and no content: only what
kind of thing is due, the date and a link that needs signing in.

Each (kind, item, date, recipient) is recorded in `SentProtectionReminder` with the send,
so running again, or catching up a missed day, sends nothing twice; a changed date is a
new reminder. A reminder the mail server refused is not recorded, so the next run sends
it, and the others of the run still go.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.accounts.models import Membership, Organisation, Role, User
from samvern.audit.services import audit_log
from samvern.cases.models import CaseParticipant
from samvern.core.links import site_url
from samvern.partnerships.models import PartnershipMember
from samvern.protection.models import (
    ENDING_SOON_DAYS,
    REASSESSMENT_DUE_SOON_DAYS,
    CustodyRelease,
    ProtectiveMeasure,
    Reassessment,
    ReminderKind,
    SentProtectionReminder,
)
from samvern.protection.selectors import RELEASE_NOTICE_DAYS

REMINDER_SENT = "protection.reminder.sent"

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class DueReminder:
    kind: str
    target_id: uuid.UUID
    about_date: dt.date
    organisation: Organisation
    recipient: User
    url: str


def _in_force(queryset: QuerySet[M], organisation_field: str, day: dt.date) -> QuerySet[M]:
    """Only rows whose organisation takes part in the case and is a partnership member on
    `day` (`cases.access.participating_q`, written for the row's organisation)."""
    takes_part = CaseParticipant.objects.filter(
        case=OuterRef("case"), organisation=OuterRef(organisation_field), added_on__lte=day
    ).filter(Q(removed_on__isnull=True) | Q(removed_on__gt=day))
    member = PartnershipMember.objects.active_on(day).filter(
        partnership=OuterRef("case__partnership"), organisation=OuterRef(organisation_field)
    )
    return queryset.filter(Exists(takes_part), Exists(member))


def _case_workers(organisation_ids: set[uuid.UUID], day: dt.date) -> dict[uuid.UUID, list[User]]:
    people: dict[uuid.UUID, dict[int, User]] = defaultdict(dict)
    for membership in (
        Membership.objects.current(day)
        .filter(organisation_id__in=organisation_ids, role=Role.CASE_WORKER, user__is_active=True)
        .select_related("user")
    ):
        people[membership.organisation_id][membership.user_id] = membership.user
    return {org: sorted(users.values(), key=lambda u: u.pk) for org, users in people.items()}


def _site(path: str) -> str:
    return site_url(path)


def _candidates(day: dt.date) -> list[tuple[str, uuid.UUID, dt.date, Organisation, str]]:
    found: list[tuple[str, uuid.UUID, dt.date, Organisation, str]] = []
    soon = day + dt.timedelta(days=ENDING_SOON_DAYS)
    measures = _in_force(
        ProtectiveMeasure.objects.filter(
            ended_on__isnull=True, ends_on__gte=day, ends_on__lte=soon, starts_on__lte=day
        ),
        "responsible",
        day,
    ).select_related("responsible")
    for measure in measures.order_by("ends_on", "pk"):
        assert measure.ends_on is not None
        url = _site(reverse("protection:measure", args=[measure.pk]))
        found.append(
            (ReminderKind.MEASURE_ENDING, measure.pk, measure.ends_on, measure.responsible, url)
        )
    releases = _in_force(
        CustodyRelease.objects.filter(
            informed_on__isnull=True,
            release_on__gte=day,
            release_on__lte=day + dt.timedelta(days=RELEASE_NOTICE_DAYS),
        ),
        "responsible",
        day,
    ).select_related("responsible")
    for release in releases.order_by("release_on", "pk"):
        url = _site(reverse("protection:case", args=[release.case_id]))
        found.append(
            (ReminderKind.RELEASE_COMING, release.pk, release.release_on, release.responsible, url)
        )
    reassessments = _in_force(
        Reassessment.objects.filter(
            closed_at__isnull=True,
            due_on__lte=day + dt.timedelta(days=REASSESSMENT_DUE_SOON_DAYS),
        ),
        "organisation",
        day,
    ).select_related("organisation")
    for reassessment in reassessments.order_by("due_on", "pk"):
        url = _site(reverse("protection:reassessment", args=[reassessment.pk]))
        found.append(
            (
                ReminderKind.REASSESSMENT_DUE,
                reassessment.pk,
                reassessment.due_on,
                reassessment.organisation,
                url,
            )
        )
    return found


def due_reminders(day: dt.date) -> list[DueReminder]:
    """Every reminder due on `day`, whether sent before or not."""
    candidates = _candidates(day)
    workers = _case_workers({org.pk for *_rest, org, _url in candidates}, day)
    return [
        DueReminder(kind, target, about, org, user, url)
        for kind, target, about, org, url in candidates
        for user in workers.get(org.pk, [])
        if user.email
    ]


def _subject(reminder: DueReminder, day: dt.date) -> str:
    date = date_format(reminder.about_date)
    if reminder.kind == ReminderKind.MEASURE_ENDING:
        return _("A protective measure your organisation is responsible for ends on %(date)s") % {
            "date": date
        }
    if reminder.kind == ReminderKind.RELEASE_COMING:
        return _("A release from custody on %(date)s: inform the person exposed") % {"date": date}
    if reminder.about_date < day:
        return _("A reassessment of risk is overdue")
    return _("A reassessment of risk is due on %(date)s") % {"date": date}


def _already(reminders: Iterable[DueReminder]) -> set[tuple[str, uuid.UUID, dt.date, int]]:
    targets = {r.target_id for r in reminders}
    return set(
        SentProtectionReminder.objects.filter(target_id__in=targets).values_list(
            "kind", "target_id", "about_date", "recipient_id"
        )
    )


def send_due_reminders(day: dt.date) -> int:
    """Send every reminder due on `day` not sent before; how many e-mails went out."""
    reminders = due_reminders(day)
    already = _already(reminders)
    sent = 0
    for reminder in reminders:
        user = reminder.recipient
        key = (reminder.kind, reminder.target_id, reminder.about_date, user.pk)
        if key in already:
            continue
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = _subject(reminder, day)
            body = render_to_string(
                "protection/email/reminder.txt",
                {
                    "kind": reminder.kind,
                    "date": reminder.about_date,
                    "overdue": reminder.about_date < day,
                    "url": reminder.url,
                },
            )
        try:
            with transaction.atomic():
                SentProtectionReminder.objects.create(
                    kind=reminder.kind,
                    target_id=reminder.target_id,
                    about_date=reminder.about_date,
                    recipient=user,
                )
                audit_log(
                    actor=None,
                    action=REMINDER_SENT,
                    target_type=f"protection.{reminder.kind}",
                    target_id=str(reminder.target_id),
                    organisation=reminder.organisation,
                    detail={"kind": reminder.kind, "recipient": str(user.pk)},
                )
                send_mail(subject, body, None, [user.email])
        except IntegrityError:
            continue  # another run got there first
        except (smtplib.SMTPException, OSError):
            # Rolled back with its record: the next run sends it.
            logger.warning("Protection reminder %s to user %s not sent.", key[:3], user.pk)
            continue
        sent += 1
    return sent
