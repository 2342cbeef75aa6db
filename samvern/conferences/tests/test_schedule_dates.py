"""The pure rule for a series' dates: weekly every N weeks, monthly on the same weekday of
the month; fifth-weekday months, year ends, the series' own first and last date."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samvern.conferences.models import Recurrence
from samvern.conferences.services.schedule import (
    nth_weekday,
    series_dates,
    weekday_ordinal,
)

D = dt.date


def weekly(first, *, interval=2, until=None, start=None, end):
    return series_dates(
        recurrence=Recurrence.WEEKLY,
        interval=interval,
        first_date=first,
        until=until,
        start=start or first,
        end=end,
    )


def monthly(first, *, until=None, start=None, end):
    return series_dates(
        recurrence=Recurrence.MONTHLY,
        interval=1,
        first_date=first,
        until=until,
        start=start or first,
        end=end,
    )


def test_every_second_week_from_the_first_date():
    assert weekly(D(2026, 12, 1), end=D(2027, 1, 15)) == [
        D(2026, 12, 1),
        D(2026, 12, 15),
        D(2026, 12, 29),
        D(2027, 1, 12),
    ]


def test_weekly_over_the_year_end_keeps_the_weekday():
    dates = weekly(D(2026, 12, 22), interval=1, end=D(2027, 1, 12))
    assert dates == [D(2026, 12, 22), D(2026, 12, 29), D(2027, 1, 5), D(2027, 1, 12)]
    assert {day.weekday() for day in dates} == {1}


def test_weekly_window_starting_later_stays_on_the_rhythm():
    # Started on 1 December; looking from 10 December finds the 15th, not the 10th.
    assert weekly(D(2026, 12, 1), start=D(2026, 12, 10), end=D(2026, 12, 31)) == [
        D(2026, 12, 15),
        D(2026, 12, 29),
    ]


def test_until_ends_the_series_and_an_empty_window_gives_nothing():
    assert weekly(D(2026, 12, 1), until=D(2026, 12, 15), end=D(2027, 6, 1)) == [
        D(2026, 12, 1),
        D(2026, 12, 15),
    ]
    assert weekly(D(2026, 12, 1), start=D(2027, 1, 1), end=D(2026, 12, 31)) == []
    assert weekly(D(2027, 3, 1), start=D(2026, 1, 1), end=D(2027, 2, 1)) == []


def test_monthly_second_tuesday_over_the_year_end():
    # 8 December 2026 is the second Tuesday.
    assert weekday_ordinal(D(2026, 12, 8)) == 2
    assert monthly(D(2026, 12, 8), end=D(2027, 3, 31)) == [
        D(2026, 12, 8),
        D(2027, 1, 12),
        D(2027, 2, 9),
        D(2027, 3, 9),
    ]


def test_monthly_on_a_fifth_weekday_takes_the_last_one_in_shorter_months():
    # 29 December 2026 is the fifth Tuesday; January and February 2027 have four
    # Tuesdays, so their last one is taken.
    assert weekday_ordinal(D(2026, 12, 29)) == 5
    assert monthly(D(2026, 12, 29), end=D(2027, 3, 31)) == [
        D(2026, 12, 29),
        D(2027, 1, 26),
        D(2027, 2, 23),
        D(2027, 3, 30),  # March 2027 has five Tuesdays
    ]


def test_monthly_fourth_weekday_is_not_the_last():
    # 22 December 2026 is the fourth Tuesday; March 2027 has five, the fourth is the 23rd.
    assert monthly(D(2026, 12, 22), start=D(2027, 3, 1), end=D(2027, 3, 31)) == [D(2027, 3, 23)]


def test_monthly_in_february_of_a_leap_year():
    # 29 February 2028 is the fifth Tuesday of February 2028.
    assert weekday_ordinal(D(2028, 2, 29)) == 5
    assert monthly(D(2028, 2, 29), end=D(2028, 4, 30)) == [
        D(2028, 2, 29),
        D(2028, 3, 28),
        D(2028, 4, 25),
    ]


def test_an_unknown_recurrence_or_interval_is_refused():
    with pytest.raises(ValueError):
        series_dates(
            recurrence="yearly",
            interval=1,
            first_date=D(2026, 1, 1),
            until=None,
            start=D(2026, 1, 1),
            end=D(2026, 2, 1),
        )
    with pytest.raises(ValueError):
        weekly(D(2026, 1, 1), interval=0, end=D(2026, 2, 1))


@given(
    first=st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)),
    span=st.integers(min_value=0, max_value=800),
)
def test_monthly_dates_keep_weekday_and_ordinal(first, span):
    dates = monthly(first, end=first + dt.timedelta(days=span))
    assert dates[0] == first
    ordinal = weekday_ordinal(first)
    for day in dates:
        assert day.weekday() == first.weekday()
        if ordinal < 5:
            assert weekday_ordinal(day) == ordinal
        else:
            assert (day + dt.timedelta(days=7)).month != day.month  # the last one
    assert len({(d.year, d.month) for d in dates}) == len(dates)


@given(
    first=st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)),
    interval=st.integers(min_value=1, max_value=8),
    offset=st.integers(min_value=0, max_value=400),
)
def test_weekly_dates_are_on_the_rhythm(first, interval, offset):
    start = first + dt.timedelta(days=offset)
    dates = weekly(first, interval=interval, start=start, end=start + dt.timedelta(days=200))
    for day in dates:
        assert start <= day
        assert (day - first).days % (7 * interval) == 0


def test_nth_weekday():
    assert nth_weekday(2027, 1, 1, 1) == D(2027, 1, 5)
    assert nth_weekday(2027, 1, 1, 5) == D(2027, 1, 26)
