"""The deadline for first contact, from fixed moments (never the clock), weekends included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samvern.outreach.deadlines import first_contact_deadline


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


# 2029-03-02 is a Friday, 2029-03-03 a Saturday, 2029-03-05 a Monday.
@pytest.mark.parametrize(
    ("registered", "hours", "working", "expected"),
    [
        # On the calendar, the weekend counts.
        (at(2029, 3, 2, 15), 48, False, at(2029, 3, 4, 15)),
        (at(2029, 3, 5, 9), 48, False, at(2029, 3, 7, 9)),
        # Working days only: Friday afternoon plus 48 hours is Tuesday afternoon.
        (at(2029, 3, 2, 15), 48, True, at(2029, 3, 6, 15)),
        # Registered on a Saturday: the hours start on Monday morning.
        (at(2029, 3, 3, 10), 48, True, at(2029, 3, 7, 0)),
        (at(2029, 3, 4, 23, 30), 24, True, at(2029, 3, 6, 0)),
        # Within the week nothing is skipped.
        (at(2029, 3, 5, 9), 48, True, at(2029, 3, 7, 9)),
        # Wednesday before Easter 2029: Maundy Thursday to Easter Monday do not count.
        (at(2029, 3, 28, 15), 24, True, at(2029, 4, 3, 15)),
        # 17 May 2029 (a Thursday) does not count, on the calendar it does.
        (at(2029, 5, 16, 12), 24, True, at(2029, 5, 18, 12)),
        (at(2029, 5, 16, 12), 24, False, at(2029, 5, 17, 12)),
        # Thursday 12:00 plus 40 hours: the rest of Thursday and all of Friday (36 hours),
        # then Monday until 04:00.
        (at(2029, 3, 1, 12), 40, True, at(2029, 3, 5, 4)),
        # Ending exactly at Friday midnight stays there (not pushed past the weekend).
        (at(2029, 3, 2, 0), 24, True, at(2029, 3, 3, 0)),
        # A long deadline runs over two weekends.
        (at(2029, 3, 2, 8), 24 * 6, True, at(2029, 3, 12, 8)),
    ],
)
def test_first_contact_deadline(registered, hours, working, expected):
    assert first_contact_deadline(registered, hours=hours, working_days_only=working) == expected
