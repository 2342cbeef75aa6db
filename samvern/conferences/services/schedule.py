"""A partnership's schedule: recurring series and the planned conferences they generate,
extra conferences at short notice, holding a conference (its agenda's cases move on to
"heard") and bringing a case back to a conference without a closure.

`series_dates` is the pure rule for the dates of a series; everything else writes, takes
the `Actor`, and records its audit event in the same transaction.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.audit.services import audit_log
from samvern.cases.access import CaseAccess, Need, access_cases
from samvern.cases.models import Case, CaseState
from samvern.cases.services import CaseRuleError, transition_case
from samvern.cases.services.common import audit_case_event
from samvern.cases.services.feedback import record_heard
from samvern.conferences.access import ConferenceAccess, agenda_items, may_manage_partnership
from samvern.conferences.models import (
    Conference,
    ConferenceReturn,
    ConferenceSeries,
    ConferenceStatus,
    Recurrence,
    ReturnReason,
)
from samvern.conferences.services.attendance import current_statement
from samvern.core.recurrence import nth_weekday as nth_weekday
from samvern.core.recurrence import series_dates as recurrence_dates
from samvern.core.recurrence import weekday_ordinal as weekday_ordinal
from samvern.partnerships.models import Partnership

# How far ahead a series plans its conferences.
HORIZON_DAYS = 183
# A series never plans more than this many conferences at once (weekly for 3½ years).
MAX_GENERATED = 180
# States from which a case can be brought back to a conference.
BRING_BACK_FROM = frozenset({CaseState.ACTIONS_IN_PROGRESS, CaseState.MONITORING})


class ScheduleError(CaseRuleError):
    """A scheduling rule refused the operation; the message is for the user."""


# --- the dates of a series (pure, shared: samvern.core.recurrence) ----------------------


def series_dates(
    *,
    recurrence: str,
    interval: int,
    first_date: dt.date,
    until: dt.date | None,
    start: dt.date,
    end: dt.date,
) -> list[dt.date]:
    """The dates of a conference series from `start` to `end` (both included), at most
    `MAX_GENERATED` of them; the rule is `samvern.core.recurrence.series_dates`."""
    return recurrence_dates(
        recurrence=recurrence,
        interval=interval,
        first_date=first_date,
        until=until,
        start=start,
        end=end,
        limit=MAX_GENERATED,
    )


def describe_series(series: ConferenceSeries) -> str:
    """The rule of a series in words ("Every 2 weeks on Tuesday", "The second Tuesday of
    every month")."""
    weekday = _weekday_name(series.first_date.weekday())
    if series.recurrence == Recurrence.WEEKLY:
        if series.interval == 1:
            return _("Every week on %(weekday)s") % {"weekday": weekday}
        return _("Every %(n)s weeks on %(weekday)s") % {"n": series.interval, "weekday": weekday}
    ordinal = weekday_ordinal(series.first_date)
    ordinals = {
        1: _("The first %(weekday)s of every month"),
        2: _("The second %(weekday)s of every month"),
        3: _("The third %(weekday)s of every month"),
        4: _("The fourth %(weekday)s of every month"),
        5: _("The last %(weekday)s of every month"),
    }
    return ordinals[ordinal] % {"weekday": weekday}


def _weekday_name(weekday: int) -> str:
    names = [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]
    assert calendar.MONDAY == 0
    return names[weekday]


# --- series and extra conferences ---------------------------------------------------------


@dataclass(frozen=True)
class SeriesData:
    title: str
    recurrence: str
    interval: int
    first_date: dt.date
    until: dt.date | None
    starts_at: dt.time
    duration_minutes: int = 120
    location: str = ""


@dataclass(frozen=True)
class ExtraData:
    date: dt.date
    starts_at: dt.time
    duration_minutes: int = 120
    location: str = ""


def _require_manager(actor: Actor, partnership: Partnership) -> None:
    if not may_manage_partnership(actor, partnership.coordinator_id):
        raise ScheduleError(
            _("Only the conference coordinators of the coordinating organisation can do that.")
        )


def _audit(actor: Actor, action: str, target: object, detail: dict[str, object]) -> None:
    from django.db import models

    assert isinstance(target, models.Model)
    audit_log(
        actor=actor, action=action, target=target, organisation=actor.organisation, detail=detail
    )


@transaction.atomic
def create_series(
    *, actor: Actor, partnership: Partnership, data: SeriesData, today: dt.date
) -> ConferenceSeries:
    """Start a recurring series and plan its conferences for the coming months."""
    _require_manager(actor, partnership)
    assert actor.user is not None
    if not data.title.strip():
        raise ScheduleError({"title": _("Give the series a title.")})
    if data.recurrence not in Recurrence.values:
        raise ScheduleError({"recurrence": _("Choose how often the conference meets.")})
    if not 1 <= data.interval <= 8:
        raise ScheduleError({"interval": _("Choose between every week and every 8 weeks.")})
    if data.first_date < today:
        raise ScheduleError({"first_date": _("The first conference cannot be in the past.")})
    if data.until is not None and data.until < data.first_date:
        raise ScheduleError({"until": _("The last date cannot be before the first conference.")})
    series = ConferenceSeries.objects.create(
        partnership=partnership,
        title=data.title.strip(),
        recurrence=data.recurrence,
        interval=data.interval if data.recurrence == Recurrence.WEEKLY else 1,
        first_date=data.first_date,
        until=data.until,
        starts_at=data.starts_at,
        duration_minutes=data.duration_minutes,
        location=data.location.strip(),
        created_by=actor.user,
    )
    _audit(
        actor,
        "conference.schedule.series_created",
        series,
        {
            "partnership": str(partnership.pk),
            "recurrence": series.recurrence,
            "interval": series.interval,
            "first_date": series.first_date.isoformat(),
            "until": series.until.isoformat() if series.until else None,
        },
    )
    generate_conferences(actor=actor, series=series, today=today)
    return series


@transaction.atomic
def generate_conferences(
    *, actor: Actor, series: ConferenceSeries, today: dt.date, horizon_days: int = HORIZON_DAYS
) -> list[Conference]:
    """Plan the series' conferences from today to the horizon. Idempotent: a date that
    already has a conference of the series (planned, held or cancelled) is left alone."""
    _require_manager(actor, series.partnership)
    assert actor.user is not None
    dates = series_dates(
        recurrence=series.recurrence,
        interval=series.interval,
        first_date=series.first_date,
        until=series.until,
        start=today,
        end=today + dt.timedelta(days=horizon_days),
    )
    existing = set(
        Conference.objects.filter(series=series, date__in=dates).values_list("date", flat=True)
    )
    new = [
        Conference(
            partnership=series.partnership,
            series=series,
            date=day,
            starts_at=series.starts_at,
            duration_minutes=series.duration_minutes,
            location=series.location,
            created_by=actor.user,
        )
        for day in dates
        if day not in existing
    ]
    if not new:
        return []
    created = Conference.objects.bulk_create(new)
    _audit(
        actor,
        "conference.schedule.generated",
        series,
        {"count": len(created), "dates": [c.date.isoformat() for c in created]},
    )
    return created


@transaction.atomic
def set_series_end(
    *, actor: Actor, series: ConferenceSeries, until: dt.date | None, today: dt.date
) -> ConferenceSeries:
    """Extend a series (a later last date, or none: it goes on) and plan the conferences
    that brings, or end it: planned conferences after the new last date are cancelled
    (those already held stay)."""
    _require_manager(actor, series.partnership)
    if until is not None and until < series.first_date:
        raise ScheduleError({"until": _("The last date cannot be before the first conference.")})
    if until is not None and until < today - dt.timedelta(days=1):
        raise ScheduleError({"until": _("The series cannot end in the past.")})
    previous = series.until
    series.until = until
    series.save(update_fields=["until", "updated_at"])
    cancelled = 0
    if until is not None:
        cancelled = Conference.objects.filter(
            series=series, status=ConferenceStatus.PLANNED, date__gt=until
        ).update(status=ConferenceStatus.CANCELLED, updated_at=timezone.now())
    _audit(
        actor,
        "conference.schedule.series_end_changed",
        series,
        {
            "from": previous.isoformat() if previous else None,
            "to": until.isoformat() if until else None,
            "cancelled": cancelled,
        },
    )
    generate_conferences(actor=actor, series=series, today=today)
    return series


@transaction.atomic
def create_extra(
    *,
    actor: Actor,
    partnership: Partnership,
    data: ExtraData,
    today: dt.date,
    urgent_case: CaseAccess | None = None,
) -> Conference:
    """An extra conference at short notice, outside the series; with `urgent_case` (a
    case the actor may bring to a conference) that case is its first, urgent item."""
    _require_manager(actor, partnership)
    assert actor.user is not None
    if data.date < today:
        raise ScheduleError({"date": _("An extra conference cannot be in the past.")})
    conference = Conference.objects.create(
        partnership=partnership,
        date=data.date,
        starts_at=data.starts_at,
        duration_minutes=data.duration_minutes,
        location=data.location.strip(),
        is_extra=True,
        created_by=actor.user,
    )
    _audit(
        actor,
        "conference.schedule.extra_created",
        conference,
        {"partnership": str(partnership.pk), "date": data.date.isoformat()},
    )
    if urgent_case is not None:
        from samvern.conferences.services.agenda import add_case

        access = ConferenceAccess(
            conference=conference, manage=True, attendee=None, organisation_attends=False
        )
        item = add_case(actor=actor, access=access, case=urgent_case, day=today)
        item.urgent = True
        item.save(update_fields=["urgent", "updated_at"])
    return conference


# --- holding a conference -----------------------------------------------------------------


@dataclass(frozen=True)
class NotMoved:
    reference: str  # empty when the actor may not see the case at all
    reason: str


@dataclass
class HoldResult:
    conference: Conference
    heard: list[Case] = field(default_factory=list)  # moved from awaiting conference
    reviewed: list[Case] = field(default_factory=list)  # discussed, state unchanged
    not_moved: list[NotMoved] = field(default_factory=list)


@transaction.atomic
def hold_conference(*, actor: Actor, access: ConferenceAccess, day: dt.date) -> HoldResult:
    """Mark the conference held: every agenda case is heard; those awaiting conference
    move to "heard" through the case layer's own state change, with the grant the actor
    holds for each. A case that could not be moved is reported, never skipped silently."""
    conference = Conference.objects.select_for_update().get(pk=access.conference.pk)
    if not access.manage:
        raise ScheduleError(_("Only the coordinator can mark the conference as held."))
    if conference.status != ConferenceStatus.PLANNED:
        raise ScheduleError(_("Only a planned conference can be held."))
    if conference.date > day:
        raise ScheduleError(_("A conference can be marked as held on its date or later."))
    items = list(agenda_items(conference))
    cases = [item.case for item in items]
    granted = {
        found.case.pk: found for found in access_cases(actor, cases, Need.CONFERENCE, day=day)
    }
    result = HoldResult(conference=conference)
    now = timezone.now()
    for item in items:
        found = granted.get(item.case_id)
        if found is None:
            result.not_moved.append(
                NotMoved(reference="", reason=_("You have no access to this case."))
            )
            continue
        case = found.case
        if case.state == CaseState.AWAITING_CONFERENCE:
            try:
                transition_case(
                    actor=actor,
                    access=found,
                    to_state=CaseState.HEARD,
                    note=_("Heard at the conference on %(date)s.")
                    % {"date": conference.date.isoformat()},
                )
            except CaseRuleError as error:
                result.not_moved.append(
                    NotMoved(reference=case.reference, reason=error.messages[0])
                )
                continue
            result.heard.append(case)
        else:
            result.reviewed.append(case)
        item.heard_at = now
        item.save(update_fields=["heard_at", "updated_at"])
        # The organisations that referred the case hear that it was heard, and when.
        record_heard(actor=actor, case=case, on=conference.date, source_key=str(item.pk))
    conference.status = ConferenceStatus.HELD
    conference.held_at = now
    if conference.statement_id is None:
        conference.statement = current_statement(conference.partnership_id)
    conference.save(update_fields=["status", "held_at", "statement", "updated_at"])
    _audit(
        actor,
        "conference.schedule.held",
        conference,
        {
            "heard": [case.reference for case in result.heard],
            "reviewed": [case.reference for case in result.reviewed],
            "not_moved": len(result.not_moved),
        },
    )
    return result


@transaction.atomic
def cancel_conference(*, actor: Actor, access: ConferenceAccess) -> Conference:
    conference = access.conference
    if not access.manage:
        raise ScheduleError(_("Only the coordinator can cancel the conference."))
    if conference.status != ConferenceStatus.PLANNED:
        raise ScheduleError(_("Only a planned conference can be cancelled."))
    conference.status = ConferenceStatus.CANCELLED
    conference.save(update_fields=["status", "updated_at"])
    _audit(
        actor, "conference.schedule.cancelled", conference, {"date": conference.date.isoformat()}
    )
    return conference


# --- bringing a case back -----------------------------------------------------------------


@transaction.atomic
def bring_back(
    *, actor: Actor, access: CaseAccess, reason: str, note: str = ""
) -> ConferenceReturn:
    """Send a case in actions in progress or monitoring back to a conference, without
    closing it: the reason goes into the state change's note and, when the next agenda
    is built, becomes the reason its agenda item is there."""
    case = access.case
    if not access.grant.conference or not may_manage_partnership(
        actor, case.partnership.coordinator_id
    ):
        raise ScheduleError(_("You cannot bring this case to a conference."))
    if case.state not in BRING_BACK_FROM:
        raise ScheduleError(
            _("Only a case with actions in progress or under monitoring can be brought back.")
        )
    if reason not in ReturnReason.values:
        raise ScheduleError({"reason": _("Choose why the case goes back to a conference.")})
    assert actor.user is not None and actor.organisation is not None
    label = ReturnReason(reason).label
    text = f"{label}: {note.strip()}" if note.strip() else str(label)
    from_state = case.state
    transition_case(actor=actor, access=access, to_state=CaseState.AWAITING_CONFERENCE, note=text)
    row = ConferenceReturn.objects.create(
        case=case,
        reason=reason,
        note=note.strip(),
        from_state=from_state,
        created_by=actor.user,
        organisation=actor.organisation,
    )
    audit_case_event(
        actor=actor,
        action="conference.schedule.case_brought_back",
        case=case,
        target=row,
        detail={"reason": reason, "from": from_state},
    )
    return row
