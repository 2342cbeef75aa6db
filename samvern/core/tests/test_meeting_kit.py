"""The pieces the meeting apps share: reminder windows, feed secrets and iCalendar text
(the recurrence rule is tested through the conference schedule's tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from samvern.core import feeds, icalendar, reminders

D = dt.date


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (D(2027, 3, 10), True),  # due today
        (D(2027, 3, 13), True),  # three days ahead
        (D(2027, 3, 14), False),  # four days ahead: not yet
        (D(2027, 3, 9), False),  # yesterday: the "after" reminder waits a day
        (D(2027, 3, 8), True),  # two days overdue
    ],
)
def test_reminder_window(due: dt.date, expected: bool) -> None:
    assert reminders.in_window(due, D(2027, 3, 10), before=3, after=2) is expected


def test_reminder_kind() -> None:
    assert reminders.reminder_kind(D(2027, 3, 10), D(2027, 3, 10)) == reminders.BEFORE
    assert reminders.reminder_kind(D(2027, 3, 9), D(2027, 3, 10)) == reminders.AFTER


def test_feed_hashes_depend_on_the_salt() -> None:
    token = feeds.new_token()
    assert feeds.plausible_token(token)
    assert not feeds.plausible_token("")
    assert not feeds.plausible_token("x" * 201)
    assert feeds.token_hash(token, salt="a") != feeds.token_hash(token, salt="b")
    assert feeds.same_hash(feeds.token_hash(token, salt="a"), feeds.token_hash(token, salt="a"))


def test_calendar_with_a_description_and_an_all_day_event() -> None:
    now = dt.datetime(2027, 1, 1, 12, tzinfo=dt.UTC)
    body = icalendar.render_calendar(
        [
            icalendar.CalendarEvent(
                uid="u@x",
                summary="Frist",
                url="https://e/",
                start=D(2027, 1, 5),
                end=D(2027, 1, 6),
                description="a, b",
            )
        ],
        now=now,
        name="Navn; med tegn",
        prodid="-//Test//NB",
    )
    assert "X-WR-CALNAME:Navn\\; med tegn\r\n" in body
    assert "DTSTART;VALUE=DATE:20270105\r\n" in body
    assert "DESCRIPTION:a\\, b\r\n" in body
    assert body.endswith("END:VCALENDAR\r\n")
