"""E-mail reminders about open action points: one a set number of days before the due
date (`SAMVERN_ACTION_REMINDER_DAYS_BEFORE`, 3 by default) and one a set number of days
after it (`SAMVERN_ACTION_REMINDER_DAYS_AFTER`, 1), each once per recipient.

Who gets them: the person the point is assigned to, while they are a case worker or
conference coordinator of the responsible organisation; otherwise the organisation's case
workers. Only points of cases the organisation takes part in on the day, while it is a
member of the case's partnership, are reminded of (the same rule as the pages).

E-mail leaves the system, so a reminder says only that an action point of the
recipient's organisation is due (or overdue), the due date and a link that needs signing
in: no names, no case reference, no case content.

Each (point, kind, recipient) is recorded in `SentActionReminder` together with the send,
so running again — or a missed day caught up — sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from samvern.accounts.models import CASE_CONTENT_ROLES, Membership, Role, User
from samvern.audit.services import audit_log
from samvern.cases.models import CaseParticipant
from samvern.conferences.models import ActionPoint, Outcome, ReminderKind, SentActionReminder
from samvern.core import reminders as reminder_windows
from samvern.core.links import site_url
from samvern.partnerships.models import PartnershipMember

REMINDER_SENT = "conference.actions.reminder_sent"


def days_before() -> int:
    return int(getattr(settings, "SAMVERN_ACTION_REMINDER_DAYS_BEFORE", 3))


def days_after() -> int:
    return int(getattr(settings, "SAMVERN_ACTION_REMINDER_DAYS_AFTER", 1))


@dataclass(frozen=True)
class DueReminder:
    point: ActionPoint
    kind: str
    recipient: User


def _points_in_force(day: dt.date) -> list[ActionPoint]:
    """Open points whose reminder falls on or before `day` and is still worth sending:
    "before" from N days ahead until the due date, "after" from M days past it on."""
    before = days_before()
    after = days_after()
    window = reminder_windows.window_q(day, before=before, after=after)
    # The responsible organisation takes part in the case and is a partnership member
    # on `day` (cases.access.participating_q, written for the point's organisation).
    takes_part = CaseParticipant.objects.filter(
        case=OuterRef("case"), organisation=OuterRef("organisation"), added_on__lte=day
    ).filter(Q(removed_on__isnull=True) | Q(removed_on__gt=day))
    member = PartnershipMember.objects.active_on(day).filter(
        partnership=OuterRef("case__partnership"), organisation=OuterRef("organisation")
    )
    return list(
        ActionPoint.objects.filter(outcome=Outcome.OPEN)
        .filter(window)
        .filter(Exists(takes_part), Exists(member))
        .select_related("assignee", "organisation")
        .order_by("due_on", "pk")
    )


def _content_people(
    organisation_ids: set[uuid.UUID], day: dt.date
) -> dict[uuid.UUID, dict[int, tuple[User, frozenset[str]]]]:
    """Per organisation: its active people with a case content role on `day`, with
    their roles there."""
    roles: dict[uuid.UUID, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    users: dict[int, User] = {}
    memberships = (
        Membership.objects.current(day)
        .filter(
            organisation_id__in=organisation_ids, role__in=CASE_CONTENT_ROLES, user__is_active=True
        )
        .select_related("user")
    )
    for membership in memberships:
        users[membership.user_id] = membership.user
        roles[membership.organisation_id][membership.user_id].add(membership.role)
    return {
        org: {uid: (users[uid], frozenset(held)) for uid, held in people.items()}
        for org, people in roles.items()
    }


def due_reminders(day: dt.date) -> list[DueReminder]:
    """Every reminder due on `day`, whether sent before or not."""
    points = _points_in_force(day)
    people = _content_people({point.organisation_id for point in points}, day)
    due: list[DueReminder] = []
    for point in points:
        kind = ReminderKind(reminder_windows.reminder_kind(point.due_on, day))
        staff = people.get(point.organisation_id, {})
        if point.assignee_id is not None and point.assignee_id in staff:
            recipients = [staff[point.assignee_id][0]]
        else:
            recipients = [user for user, held in staff.values() if Role.CASE_WORKER in held]
        due.extend(
            DueReminder(point=point, kind=kind, recipient=user)
            for user in sorted(recipients, key=lambda user: user.pk)
            if user.email
        )
    return due


def _subject(reminder: DueReminder) -> str:
    if reminder.kind == ReminderKind.BEFORE:
        return _("An action point for your organisation is due on %(date)s") % {
            "date": date_format(reminder.point.due_on)
        }
    return _("An action point for your organisation is overdue")


def _url(point: ActionPoint) -> str:
    path = reverse("conferences:action", args=[point.pk])
    return site_url(path)


def send_due_reminders(day: dt.date) -> int:
    """Send every reminder due on `day` not sent before; how many e-mails went out."""
    sent = 0
    reminders = due_reminders(day)
    already = set(
        SentActionReminder.objects.filter(
            action_point__in=[r.point.pk for r in reminders]
        ).values_list("action_point_id", "kind", "recipient_id")
    )
    for reminder in reminders:
        if (reminder.point.pk, reminder.kind, reminder.recipient.pk) in already:
            continue
        user = reminder.recipient
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = _subject(reminder)
            body = render_to_string(
                "conferences/actions/email/reminder.txt",
                {
                    "kind": reminder.kind,
                    "due_on": reminder.point.due_on,
                    "url": _url(reminder.point),
                },
            )
        try:
            with transaction.atomic():
                SentActionReminder.objects.create(
                    action_point=reminder.point, kind=reminder.kind, recipient=user
                )
                audit_log(
                    actor=None,
                    action=REMINDER_SENT,
                    target=reminder.point,
                    organisation=reminder.point.organisation,
                    detail={"kind": reminder.kind, "recipient": str(user.pk)},
                )
                send_mail(subject, body, None, [user.email])
        except IntegrityError:
            continue  # another run got there first
        sent += 1
    return sent


@task()
def send_action_reminders_task(day: str) -> int:
    return send_due_reminders(dt.date.fromisoformat(day))
