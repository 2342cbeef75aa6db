"""The figures against a world whose answers are known by hand (statistics_world.py):
before suppression, as published, and with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samvern.conferences.statistics import (
    Period,
    Statistics,
    Table,
    compute_statistics,
    raw_figures,
)
from samvern.conferences.tests.statistics_world import (
    AS_OF,
    EXPECTED_RAW,
    PERIOD,
    StatisticsWorld,
    add_cases,
    make_small_world,
    make_statistics_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_built(shared_db: object) -> Iterator[StatisticsWorld]:
    with shared_db():  # type: ignore[operator]
        yield make_statistics_world()


@pytest.fixture
def world(world_built: StatisticsWorld, db: object) -> StatisticsWorld:
    return world_built


def table(figures: Statistics, key: str) -> Table:
    return next(t for t in figures.tables if t.key == key)


def column(figures: Statistics, key: str) -> dict[str, int | None]:
    found = table(figures, key)
    values = {row.key: row.cells[0] for row in found.rows}
    if found.total is not None:
        values["total"] = found.total.cells[0]
    return values


def measure(figures: Statistics, key: str) -> float | None:
    return next(m.value for t in figures.tables for m in t.measures if m.key == key)


def test_the_counts_before_suppression_are_the_hand_made_answers(world):
    raw = raw_figures(world.partnership, PERIOD, today=AS_OF)
    assert raw.referrals == EXPECTED_RAW["referrals"]
    assert raw.repeat == EXPECTED_RAW["repeat"]
    assert raw.heard == EXPECTED_RAW["heard"]
    assert raw.first_heard == EXPECTED_RAW["first_heard"]
    assert sorted(raw.days_to_first) == [9, 12, 15, 16, 18, 19, 20, 23]
    assert raw.outcomes == EXPECTED_RAW["outcomes"]
    assert raw.done_in_time == EXPECTED_RAW["done_in_time"]
    assert raw.not_yet_due == 0
    assert raw.conferences_held == EXPECTED_RAW["conferences_held"]
    assert raw.safety_plans == EXPECTED_RAW["safety_plans"]
    by_name = {o.name: raw.attendance[o.pk] for o in raw.organisations}
    assert by_name == {
        "Statistikkbarnevernet": (5, 0),
        "Statistikkommunen": (5, 0),
        "Statistikklegevakten": (1, 0),  # left in May: a member during the quarter
        "Statistikkpolitiet": (5, 0),
        "Statistikkrisesenteret": (3, 2),  # once through a substitute
        "Statistikktolketjenesten": (0, 0),  # not a member, on one attendance list
    }


def test_referrals_by_source_suppress_under_five_and_the_cell_that_would_give_it_back(world):
    figures = compute_statistics(world.partnership, PERIOD, today=AS_OF)
    assert column(figures, "referrals_by_source") == {
        "police_incident": 7,
        "health_service": None,  # 2
        "child_welfare": 6,
        "crisis_centre": 0,
        "self_referral": 0,
        "ngo": 0,
        "other": None,  # 5: suppressed, or 20 − 13 would give the 2 back
        "total": 20,
    }


def test_repeat_referrals_and_their_share(world):
    figures = compute_statistics(world.partnership, PERIOD, today=AS_OF)
    assert column(figures, "repeat_referrals") == {"repeat": 6, "first": 14, "total": 20}
    assert measure(figures, "repeat_share") == 30.0


def test_cases_heard_with_the_median_from_eight(world):
    figures = compute_statistics(world.partnership, PERIOD, today=AS_OF)
    # 8 first heard, 1 heard again: the 1 is suppressed and so is the 8 (9 − 8 = 1).
    assert column(figures, "cases_heard") == {"first": None, "again": None, "total": 9}
    # Days 9, 12, 15, 16, 18, 19, 20, 23: the middle two are 16 and 18.
    assert measure(figures, "median_days_to_first_conference") == 17.0


def test_action_points_by_outcome_and_in_time(world):
    figures = compute_statistics(world.partnership, PERIOD, today=AS_OF)
    # The six kinds: 7 done in time, 2 done late, 3 not done, 2 not possible, 6 open
    # past due, 0 not yet due. The 2, 3 and 2 are suppressed; so is every sum of them
    # that does not follow from the cells shown.
    assert column(figures, "action_points_by_outcome") == {
        "open": 6,
        "done": None,  # 9 = 7 + the suppressed 2 done late
        "not_done": None,
        "not_possible": None,
        "total": 20,
    }
    assert column(figures, "action_points_in_time") == {
        "done_in_time": 7,  # one of them on the due date itself
        "not_in_time": 13,  # 20 − 7 − 0: it follows from the cells shown
        "not_yet_due": 0,
        "total": 20,
    }
    assert measure(figures, "done_in_time_share") == 35.0


def test_open_points_not_yet_due_are_left_out_of_the_share(world):
    raw = raw_figures(world.partnership, PERIOD, today=dt.date(2025, 3, 15))
    assert raw.not_yet_due == 2
    figures = compute_statistics(world.partnership, PERIOD, today=dt.date(2025, 3, 15))
    # 7, 2, 3, 2, 4 and 2: everything but the 7 is under 5.
    assert column(figures, "action_points_in_time") == {
        "done_in_time": 7,
        "not_in_time": None,
        "not_yet_due": None,
        "total": 20,
    }
    assert column(figures, "action_points_by_outcome")["open"] is None
    assert measure(figures, "done_in_time_share") is None


def test_attendance_by_organisation(world):
    figures = compute_statistics(world.partnership, PERIOD, today=AS_OF)
    rows = {row.label: row.cells for row in table(figures, "attendance").rows}
    assert rows == {
        "Statistikkbarnevernet": (5, 0, 0, 5),
        "Statistikkommunen": (5, 0, 0, 5),
        "Statistikklegevakten": (None, 0, None, 5),
        "Statistikkpolitiet": (5, 0, 0, 5),
        "Statistikkrisesenteret": (None, None, 0, 5),
        "Statistikktolketjenesten": (0, 0, 5, 5),
    }
    assert "NAV Statistikk utenfor" not in rows


def test_safety_plans_under_five_are_suppressed(world):
    figures = compute_statistics(world.partnership, PERIOD, today=AS_OF)
    assert table(figures, "safety_plans").rows[0].cells == (None,)


def test_a_whole_year_counts_every_quarter(world):
    figures = compute_statistics(world.partnership, Period(2025), today=AS_OF)
    referrals = column(figures, "referrals_by_source")
    assert referrals["total"] == 21  # the twenty and the one referred in April
    assert column(figures, "action_points_by_outcome")["total"] == 21


def test_another_partnership_has_nothing(world):
    figures = compute_statistics(world.other_partnership, PERIOD, today=AS_OF)
    assert column(figures, "referrals_by_source")["total"] == 0
    assert measure(figures, "median_days_to_first_conference") is None
    assert table(figures, "attendance").rows == ()


def test_periods():
    assert (Period(2025, 1).start, Period(2025, 1).end) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 4, 1),
    )
    assert Period(2025, 4).end == dt.date(2026, 1, 1)
    assert (Period(2025).start, Period(2025).end) == (dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    assert Period(2025, 2).key == "2025-Q2" and Period(2025).key == "2025"
    assert Period.last_complete_quarter(dt.date(2026, 2, 1)) == Period(2025, 4)
    assert Period.last_complete_quarter(dt.date(2026, 12, 2)) == Period(2026, 3)
    with pytest.raises(ValueError):
        Period(2025, 5)


def test_the_number_of_queries_does_not_grow_with_the_cases(db):
    small = make_small_world(2)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            compute_statistics(small.partnership, PERIOD, today=AS_OF)
        return len(captured)

    with_two = queries()
    add_cases(small, 18)
    assert len(small.cases) == 20
    assert queries() == with_two
    raw = raw_figures(small.partnership, PERIOD, today=AS_OF)
    assert (raw.heard, raw.safety_plans, sum(raw.outcomes.values())) == (20, 20, 20)
