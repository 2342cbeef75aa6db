"""Reminders for the plan's annual cycle, sent by e-mail once each.

Who gets what:
* responsible unit managers: a reporting round is due within a week, or is overdue, and
  their measure has no status report yet;
* plan editors (coordinators) of the owning municipalities: a round is overdue (with the
  count of missing reports), the plan period ends within six months, or it has ended
  without an adopted successor (the plan has expired).

Each (reminder, recipient) pair is recorded in SentReminder, so running again sends nothing
twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from samvern.accounts.models import Membership, OrganisationKind, Role, User
from samvern.core.links import site_url
from samvern.plans.models import (
    ADOPTED_STATUSES,
    Measure,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    SentReminder,
    VersionStatus,
)

DUE_SOON_DAYS = 7
PERIOD_ENDING_DAYS = 183


@dataclass
class Reminder:
    key: str
    kind: str
    recipients: list[User]
    context: dict[str, Any] = field(default_factory=dict)


def _coordinators(version: PlanVersion, today: dt.date) -> list[User]:
    memberships = (
        Membership.objects.current(today)
        .filter(
            role=Role.PLAN_EDITOR,
            organisation__kind=OrganisationKind.MUNICIPALITY,
            organisation__municipalities__in=version.plan.municipalities.all(),
            user__is_active=True,
        )
        .select_related("user")
    )
    return list({m.user.pk: m.user for m in memberships}.values())


def _site_url(path: str) -> str:
    return site_url(path)


def due_reminders(today: dt.date) -> list[Reminder]:
    reminders: list[Reminder] = []
    rounds = ReportingRound.objects.filter(
        status__in=[RoundStatus.OPEN, RoundStatus.PLANNED],
        due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        version__status__in=[VersionStatus.ADOPTED, VersionStatus.IMPLEMENTATION],
    ).select_related("version__plan")
    for round_ in rounds:
        overdue = round_.due_date < today
        if overdue and round_.status != RoundStatus.OPEN:
            continue
        missing = list(
            Measure.objects.filter(version=round_.version)
            .exclude(status_reports__round=round_)
            .select_related("responsible_user")
        )
        url = _site_url(
            reverse("plans:round", args=[round_.version.plan_id, round_.version_id, round_.pk])
        )
        by_user: dict[Any, list[Measure]] = {}
        for measure in missing:
            if measure.responsible_user and measure.responsible_user.is_active:
                by_user.setdefault(measure.responsible_user, []).append(measure)
        kind = "round_overdue" if overdue else "round_due"
        for user, measures in by_user.items():
            reminders.append(
                Reminder(
                    key=f"round:{round_.pk}:{kind}",
                    kind=kind,
                    recipients=[user],
                    context={"round": round_, "measures": measures, "url": url},
                )
            )
        if overdue and missing:
            reminders.append(
                Reminder(
                    key=f"round:{round_.pk}:coordinator_overdue",
                    kind="coordinator_overdue",
                    recipients=_coordinators(round_.version, today),
                    context={"round": round_, "missing": len(missing), "url": url},
                )
            )
    versions = (
        PlanVersion.objects.filter(status__in=ADOPTED_STATUSES - {VersionStatus.SUPERSEDED})
        .annotate(last_day=Max("adoptions__period_end"))
        .filter(last_day__isnull=False, last_day__lte=today + dt.timedelta(days=PERIOD_ENDING_DAYS))
        .select_related("plan")
        .prefetch_related(Prefetch("plan__versions", to_attr="all_versions"))
    )
    for version in versions:
        successor_adopted = any(
            v.number > version.number and v.status in ADOPTED_STATUSES
            for v in version.plan.all_versions  # type: ignore[attr-defined]
        )
        if successor_adopted:
            continue
        expired = version.last_day < today  # type: ignore[attr-defined]
        kind = "plan_expired" if expired else "period_ending"
        reminders.append(
            Reminder(
                key=f"version:{version.pk}:{kind}",
                kind=kind,
                recipients=_coordinators(version, today),
                context={
                    "version": version,
                    "period_end": version.last_day,  # type: ignore[attr-defined]
                    "url": _site_url(reverse("plans:detail", args=[version.plan_id])),
                },
            )
        )
    return reminders


SUBJECTS = {
    "round_due": lambda c: (
        _("Status report due %(date)s: %(plan)s")
        % {"date": date_format(c["round"].due_date), "plan": c["round"].version.title}
    ),
    "round_overdue": lambda c: (
        _("Status report overdue: %(plan)s") % {"plan": c["round"].version.title}
    ),
    "coordinator_overdue": lambda c: (
        _("%(count)s status reports missing: %(plan)s")
        % {"count": c["missing"], "plan": c["round"].version.title}
    ),
    "period_ending": lambda c: (
        _("The plan period ends on %(date)s: start the revision")
        % {"date": date_format(c["period_end"])}
    ),
    "plan_expired": lambda c: (
        _("The action plan has expired: %(plan)s") % {"plan": c["version"].title}
    ),
}


def send_due_reminders(today: dt.date) -> int:
    """Send every due reminder not sent before; returns how many e-mails went out."""
    sent = 0
    for reminder in due_reminders(today):
        for user in reminder.recipients:
            if not user.email:
                continue
            if SentReminder.objects.filter(key=reminder.key, recipient=user.email).exists():
                continue
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                context = {**reminder.context, "user": user, "kind": reminder.kind}
                subject = SUBJECTS[reminder.kind](context)
                body = render_to_string("plans/email/reminder.txt", context)
            try:
                with transaction.atomic():
                    SentReminder.objects.create(key=reminder.key, recipient=user.email)
                    send_mail(subject, body, None, [user.email])
            except IntegrityError:
                continue  # another run got there first
            sent += 1
    return sent


@task()
def send_plan_reminders_task(today: str) -> int:
    return send_due_reminders(dt.date.fromisoformat(today))
