"""Working days in Norway: Monday to Friday, except the public holidays (helligdager) of
the Act on public holidays — New Year's Day, Maundy Thursday, Good Friday, Easter Monday,
1 and 17 May, Ascension Day, Whit Monday, Christmas Day and Boxing Day — as computed for
each year by the `holidays` library."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NO", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day `days` working days after `start` (`start` itself never counts)."""
    day = start
    added = 0
    while added < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            added += 1
    return day
