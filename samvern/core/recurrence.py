"""The dates of a recurring meeting, shared by every app that schedules meetings (risk
conferences, the partnership's steering bodies). Pure: no database, no clock.

Two rules: every `interval` weeks on the weekday of the first date, or monthly on the same
weekday of the month as the first date ("the second Tuesday"); a first date on the fifth
weekday of its month means the last such weekday of every month.
"""

from __future__ import annotations

import datetime as dt

WEEKLY = "weekly"
MONTHLY = "monthly"
# A series never yields more dates than this at once (weekly for 3½ years).
MAX_DATES = 180


def weekday_ordinal(day: dt.date) -> int:
    """Which occurrence of its weekday `day` is in its month: 1 to 5."""
    return (day.day - 1) // 7 + 1


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> dt.date:
    """The `ordinal`-th `weekday` (0 = Monday) of the month; the 5th is the last one,
    so a series on "the fifth Tuesday" meets on the last Tuesday of a month with four."""
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
    if day.month != month:  # a fifth weekday this month does not have
        day -= dt.timedelta(days=7)
    return day


def series_dates(
    *,
    recurrence: str,
    interval: int,
    first_date: dt.date,
    until: dt.date | None,
    start: dt.date,
    end: dt.date,
    limit: int = MAX_DATES,
) -> list[dt.date]:
    """The dates of a series from `start` to `end` (both included), never before
    `first_date` nor after `until`, at most `limit` of them.

    Weekly: every `interval` weeks from `first_date`. Monthly: in every month, the same
    weekday of the month as `first_date`; `interval` is not used."""
    if interval < 1:
        raise ValueError("interval must be at least 1")
    last = min(end, until) if until is not None else end
    first = max(start, first_date)
    if first > last:
        return []
    dates: list[dt.date] = []
    if recurrence == WEEKLY:
        step = dt.timedelta(weeks=interval)
        skipped = (first - first_date).days // step.days
        day = first_date + skipped * step
        if day < first:
            day += step
        while day <= last and len(dates) < limit:
            dates.append(day)
            day += step
        return dates
    if recurrence != MONTHLY:
        raise ValueError(f"unknown recurrence {recurrence!r}")
    ordinal = weekday_ordinal(first_date)
    weekday = first_date.weekday()
    year, month = first.year, first.month
    while len(dates) < limit:
        day = nth_weekday(year, month, weekday, ordinal)
        if day > last:
            break
        if day >= first:
            dates.append(day)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return dates
