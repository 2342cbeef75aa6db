"""The deadline for first contact: a number of hours from the moment the police registered
the notice, either on the calendar or counting working days only (Saturdays, Sundays and Norway's
public holidays do not count).

Pure functions of their arguments: the moment to count from is always given, never read
from the clock.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from samvern.core.workdays import is_working_day


def _is_weekend(day: dt.date) -> bool:
    """A day that does not count: a Saturday, a Sunday or a public holiday."""
    return not is_working_day(day)


def _next_working_midnight(moment: dt.datetime) -> dt.datetime:
    """The start of the next working day after `moment`'s (weekend) day."""
    day = moment.date() + dt.timedelta(days=1)
    while _is_weekend(day):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(0, 0))


def first_contact_deadline(
    registered_at: dt.datetime, *, hours: int, working_days_only: bool
) -> dt.datetime:
    """When first contact is due. Counted in local time, so that "Friday afternoon plus
    48 working hours" is Tuesday afternoon whatever the time zone offset."""
    if not working_days_only:
        return registered_at + dt.timedelta(hours=hours)
    local = timezone.localtime(registered_at).replace(tzinfo=None)
    if _is_weekend(local.date()):
        local = _next_working_midnight(local)
    remaining = dt.timedelta(hours=hours)
    while True:
        end_of_day = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0, 0))
        if local + remaining <= end_of_day:
            return timezone.make_aware(local + remaining)
        remaining -= end_of_day - local
        local = end_of_day
        if _is_weekend(local.date()):
            local = _next_working_midnight(local)
