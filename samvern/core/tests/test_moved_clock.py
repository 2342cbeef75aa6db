"""The suite can be run with the clock moved (SAMVERN_TEST_CLOCK), as `make test` does once."""

import datetime as dt
import os

import pytest
from django.utils import timezone


@pytest.mark.skipif(not os.environ.get("SAMVERN_TEST_CLOCK"), reason="clock not moved")
def test_the_moved_clock_is_what_the_code_sees():
    moved = dt.date.fromisoformat(os.environ["SAMVERN_TEST_CLOCK"])
    assert dt.date.today() == moved
    assert timezone.localdate() == moved
