"""When reminders about a due date are due: one from `before` days ahead until the due
date, one from `after` days past it on. Shared by the apps that remind people of what they
promised (conference action points, commitments made in the partnership's bodies); each
keeps its own record of what was sent, so that nothing is sent twice."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

BEFORE = "before"
AFTER = "after"


def window_q(day: dt.date, *, before: int, after: int, field: str = "due_on") -> Q:
    """A filter on `field` for the due dates that have a reminder in force on `day`."""
    return Q(**{f"{field}__gte": day, f"{field}__lte": day + dt.timedelta(days=before)}) | Q(
        **{f"{field}__lte": day - dt.timedelta(days=after)}
    )


def in_window(due_on: dt.date, day: dt.date, *, before: int, after: int) -> bool:
    return day <= due_on <= day + dt.timedelta(days=before) or due_on <= day - dt.timedelta(
        days=after
    )


def reminder_kind(due_on: dt.date, day: dt.date) -> str:
    """Which reminder a due date in the window gets on `day`."""
    return BEFORE if due_on >= day else AFTER
