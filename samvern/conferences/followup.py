"""Outcome follow-up: when a case is followed up after its first conference, and by whom.

- A case's first conference is the first day it was heard: the date of a held conference
  whose agenda has it, or the day it was marked heard at one not marked held; cancelled
  conferences do not count (as the statistics count hearings).
- The follow-ups fall due the partnership's `FollowUpSettings.first_months` and
  `second_months` after that day (6 and 12 unless the partnership chose otherwise); a
  month later than the month has days ends on its last day (31 August + 6 months is
  28 or 29 February).
- The case's lead organisation is the partnership's coordinating organisation, the one
  that runs its conferences (`samvern.conferences.access`): its conference coordinators
  are asked for the follow-ups and record them. Those with the case's conference grant
  (the organisations taking part, and the coordinators) read what was recorded.

Everything here takes the day as a parameter; nothing reads the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Min, Q, When
from django.db.models.functions import TruncDate

from samvern.cases.models import Case
from samvern.conferences.models import (
    AgendaItem,
    ConferenceStatus,
    FollowUp,
    FollowUpCheckpoint,
    FollowUpSettings,
)

DEFAULT_MONTHS = (6, 12)
# How far ahead the list of follow-ups shows those coming up.
COMING_WITHIN_DAYS = 30


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _hearing_day() -> models.Case:
    return models.Case(
        When(conference__status=ConferenceStatus.HELD, then=F("conference__date")),
        default=TruncDate("heard_at"),
        output_field=models.DateField(),
    )


def first_hearings(case_filter: Q) -> dict[uuid.UUID, dt.date]:
    """The day each case matching `case_filter` (a filter on `AgendaItem.case`) was first
    heard. One query."""
    rows = (
        AgendaItem.objects.filter(case_filter)
        .exclude(conference__status=ConferenceStatus.CANCELLED)
        .filter(Q(conference__status=ConferenceStatus.HELD) | Q(heard_at__isnull=False))
        .annotate(day=_hearing_day())
        .values("case_id")
        .annotate(first=Min("day"))
        .order_by()
    )
    found: dict[uuid.UUID, dt.date] = {}
    for row in rows:
        first = row["first"]
        if isinstance(first, dt.datetime):
            first = first.date()
        if isinstance(first, dt.date):
            found[row["case_id"]] = first
    return found


def months_for(partnership_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, tuple[int, int]]:
    """Each partnership's two follow-up months (the defaults where none are set). One
    query."""
    chosen = {
        row.partnership_id: (row.first_months, row.second_months)
        for row in FollowUpSettings.objects.filter(partnership_id__in=list(partnership_ids))
    }
    return {pk: chosen.get(pk, DEFAULT_MONTHS) for pk in partnership_ids}


@dataclass(frozen=True)
class Due:
    """One follow-up of one case: when it falls due, and what was recorded."""

    case: Case
    checkpoint: int
    months: int
    first_conference: dt.date
    due_on: dt.date
    record: FollowUp | None

    @property
    def recorded(self) -> bool:
        return self.record is not None

    def is_due(self, today: dt.date) -> bool:
        return self.record is None and self.due_on <= today

    def days_overdue(self, today: dt.date) -> int:
        return max(0, (today - self.due_on).days)

    @property
    def checkpoint_label(self) -> str:
        return str(FollowUpCheckpoint(self.checkpoint).label)


def schedule(
    cases: Sequence[Case],
    *,
    firsts: dict[uuid.UUID, dt.date],
    months: dict[uuid.UUID, tuple[int, int]],
    records: Iterable[FollowUp],
) -> list[Due]:
    """Both follow-ups of every case that has had its first conference, in the order of
    their due dates. No query."""
    recorded = {(r.case_id, r.checkpoint): r for r in records}
    found: list[Due] = []
    for case in cases:
        first = firsts.get(case.pk)
        if first is None:
            continue
        for checkpoint, count in zip(
            (FollowUpCheckpoint.FIRST, FollowUpCheckpoint.SECOND),
            months.get(case.partnership_id, DEFAULT_MONTHS),
            strict=True,
        ):
            record = recorded.get((case.pk, int(checkpoint)))
            found.append(
                Due(
                    case=case,
                    checkpoint=int(checkpoint),
                    months=record.months if record is not None else count,
                    first_conference=first,
                    due_on=record.due_on if record is not None else add_months(first, count),
                    record=record,
                )
            )
    return sorted(found, key=lambda due: (due.due_on, due.case.reference, due.checkpoint))


def case_schedule(case: Case) -> list[Due]:
    """One case's two follow-ups (three queries)."""
    return schedule(
        [case],
        firsts=first_hearings(Q(case=case)),
        months=months_for([case.partnership_id]),
        records=FollowUp.objects.filter(case=case).select_related("organisation", "recorded_by"),
    )


def due_for_partnerships(
    partnership_ids: Sequence[uuid.UUID], *, today: dt.date, within_days: int = COMING_WITHIN_DAYS
) -> list[Due]:
    """Follow-ups not yet recorded in these partnerships' cases that are due by `today`
    or within `within_days` after it, oldest first. Four queries however many cases."""
    if not partnership_ids:
        return []
    firsts = first_hearings(Q(case__partnership_id__in=list(partnership_ids)))
    if not firsts:
        return []
    cases = list(Case.objects.filter(pk__in=list(firsts)).select_related("partnership").order_by())
    records = FollowUp.objects.filter(case_id__in=list(firsts)).only(
        "case_id", "checkpoint", "months", "due_on"
    )
    horizon = today + dt.timedelta(days=within_days)
    return [
        due
        for due in schedule(
            cases, firsts=firsts, months=months_for(partnership_ids), records=records
        )
        if due.record is None and due.due_on <= horizon
    ]
