"""The dates the overview answers for, in one place: its pages and its open data use them.

The registry holds no plan and the reference data no structure before 2000, and plans are
adopted at most a few years ahead; a date outside that range is refused (400) before
anything is computed, so that a far-away date cannot make a request run for minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = dt.date(2000, 1, 1)
YEARS_AHEAD = 5
# The history has one point per year; this caps its length whatever the chosen date.
HISTORY_MAX_POINTS = 30


def date_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last date the overview answers for: 1 January 2000 to 31 December of the
    fifth year after `today`."""
    today = today or timezone.localdate()
    return EARLIEST_DATE, dt.date(today.year + YEARS_AHEAD, 12, 31)


def check_date(
    value: dt.date,
    *,
    today: dt.date | None = None,
    show: Callable[[dt.date], str] = dt.date.isoformat,
) -> dt.date:
    """`value` when it lies within `date_range`; otherwise a translated ValidationError that
    names the range (dates written by `show`)."""
    first, last = date_range(today)
    if not first <= value <= last:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s.")
            % {"first": show(first), "last": show(last)},
            code="out_of_range",
        )
    return value
