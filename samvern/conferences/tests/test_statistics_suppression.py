"""The small-number rule as a pure function: examples, and properties over any line.

The attacker of these tests knows every published cell and total, that the cells of a
line add up to its total, that a suppressed cell is a whole number, and that it is at
least 1 when zeros of its line are shown (only a wholly hidden line hides zeros). No
suppressed cell may then have only one possible value."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samvern.conferences.statistics import (
    THRESHOLD,
    SuppressedLine,
    published_median,
    published_share,
    suppress_action_points,
    suppress_line,
    suppress_lines,
)

counts = st.lists(
    st.one_of(st.integers(0, 6), st.integers(0, 60)),
    min_size=1,
    max_size=8,
)


def possible_range(line: SuppressedLine, index: int) -> tuple[int, int] | None:
    """The least and greatest value suppressed cell `index` can have given what is
    published; None when there is no upper bound (the total is hidden)."""
    hidden = [i for i, cell in enumerate(line.cells) if cell is None]
    zeros_hidden = all(cell is None for cell in line.cells)
    least = 0 if zeros_hidden else 1
    if line.total is None:
        return None
    rest = line.total - sum(cell for cell in line.cells if cell is not None)
    return least, rest - least * (len(hidden) - 1)


def assert_safe(raw: list[int], line: SuppressedLine) -> None:
    assert len(line.cells) == len(raw)
    for value, shown in zip(raw, line.cells, strict=True):
        if shown is not None:
            assert shown == value
        if 0 < value < THRESHOLD:
            assert shown is None, "a count from 1 to 4 was shown"
    if line.total is not None:
        assert line.total == sum(raw)
        assert not 0 < line.total < THRESHOLD
    for index, cell in enumerate(line.cells):
        if cell is None:
            bounds = possible_range(line, index)
            if bounds is not None:
                least, most = bounds
                assert least <= raw[index] <= most
                assert least < most, f"cell {index} of {raw} can be worked out: {line}"


@given(counts)
def test_no_suppressed_cell_can_be_worked_out_from_the_total(raw):
    assert_safe(raw, suppress_line(raw, sum(raw)))


@given(counts)
def test_a_line_whose_total_is_shown_never_has_exactly_one_cell_hidden(raw):
    line = suppress_line(raw, sum(raw))
    if line.total is not None:
        assert sum(cell is None for cell in line.cells) != 1


@given(counts)
def test_zeros_are_shown_unless_the_whole_line_is_hidden(raw):
    line = suppress_line(raw, sum(raw))
    if any(cell is not None for cell in line.cells):
        for value, shown in zip(raw, line.cells, strict=True):
            if value == 0:
                assert shown == 0


@given(counts)
def test_nothing_is_hidden_that_need_not_be(raw):
    line = suppress_line(raw, sum(raw))
    if all(value == 0 or value >= THRESHOLD for value in raw):
        assert line.cells == tuple(raw)
        assert line.total == sum(raw)


@given(
    st.integers(0, 40).flatmap(
        lambda total: st.tuples(
            st.just(total),
            st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=5), min_size=1, max_size=4),
        )
    )
)
def test_lines_sharing_a_total_show_or_hide_it_together(data):
    total, shapes = data
    # Make every line add up to the shared total: its last cell takes the rest.
    lines = []
    for shape in shapes:
        head = []
        left = total
        for value in shape[:-1]:
            taken = min(value, left)
            head.append(taken)
            left -= taken
        lines.append([*head, left])
    published = suppress_lines(lines, total)
    totals = {line.total for line in published}
    assert len(totals) == 1
    for raw, line in zip(lines, published, strict=True):
        assert_safe(raw, line)
        if line.total is None and total:
            # No line may give the hidden total back by addition.
            assert any(cell is None for cell in line.cells)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([10, 0, 7], ((10, 0, 7), 17)),
        ([3, 10, 0, 7], ((None, 10, 0, None), 20)),  # 3 hidden, 7 protects it
        ([3, 2, 10], ((None, None, 10), 15)),  # two hidden already: enough
        ([1, 1, 10, 12], ((None, None, None, 12), 24)),  # two ones alone would be known
        ([1, 1, 1, 1, 1, 0], ((None,) * 6, 5)),  # only ones: the breakdown goes
        ([1, 1, 1, 1, 1], ((None,) * 5, None)),  # ...and the total when it gives them
        ([2, 0, 1], ((None, None, None), None)),  # a total under 5 hides its line
        ([0, 0], ((0, 0), 0)),
        ([4], ((None,), None)),
        ([5], ((5,), 5)),
    ],
)
def test_examples(raw, expected):
    line = suppress_line(raw, sum(raw))
    assert (line.cells, line.total) == expected


def test_lines_that_share_a_total_hide_it_together():
    by_source = [1, 1, 1, 1, 1]
    by_repeat = [0, 5]
    published = suppress_lines([by_source, by_repeat], 5)
    assert [line.total for line in published] == [None, None]
    assert published[1].cells == (None, None)


def test_the_total_must_be_the_sum():
    with pytest.raises(ValueError):
        suppress_line([1, 2], 4)
    with pytest.raises(ValueError):
        suppress_line([-1, 6], 5)


def test_a_share_needs_both_its_figures_shown_and_five():
    assert published_share(6, 15) == 40.0
    assert published_share(None, 20) is None
    assert published_share(3, None) is None
    assert published_share(0, 4) is None


def test_a_median_needs_five():
    assert published_median([3, 1, 2, 5]) is None
    assert published_median([3, 1, 2, 5, 4]) == 3.0
    assert published_median([1, 2, 3, 4, 5, 6]) == 3.5


# --- the two action-point tables, which overlap -------------------------------------------
#
# Six kinds of action point make both tables: done by the due date, done late, not done,
# not possible, open past due, open not yet due. The outcome line is (open, done, not
# done, not possible); the timeliness line is (done by the due date, not by the due date,
# not yet due). The attacker knows this. Every way of filling the six kinds consistent
# with both published tables is enumerated; a suppressed cell must take at least two
# values among them.


def lines_of(kinds: tuple[int, ...]) -> list[list[int]]:
    in_time, late, not_done, not_possible, overdue, not_yet_due = kinds
    return [
        [overdue + not_yet_due, in_time + late, not_done, not_possible],
        [in_time, late + not_done + not_possible + overdue, not_yet_due],
    ]


def compositions(total: int, parts: int, most: int) -> Iterator[tuple[int, ...]]:
    if parts == 1:
        if total <= most:
            yield (total,)
        return
    for first in range(min(total, most) + 1):
        for rest in compositions(total - first, parts - 1, most):
            yield (first, *rest)


def consistent(candidate: list[list[int]], shown: list[SuppressedLine]) -> bool:
    for values, line in zip(candidate, shown, strict=True):
        for value, cell in zip(values, line.cells, strict=True):
            if cell is not None and cell != value:
                return False
    return True


kinds = st.tuples(*[st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 8))] * 6)


@settings(max_examples=80, deadline=None)
@given(kinds)
def test_the_two_action_point_tables_give_back_no_suppressed_cell(true_kinds):
    true_lines = lines_of(true_kinds)
    total = sum(true_kinds)
    _line, by_outcome, by_timeliness = suppress_action_points(true_kinds)
    shown = [by_outcome, by_timeliness]
    for raw, line in zip(true_lines, shown, strict=True):
        for value, cell in zip(raw, line.cells, strict=True):
            assert cell is None or cell == value
            if 0 < value < THRESHOLD:
                assert cell is None, "a count from 1 to 4 was shown"
    hidden = [(i, j) for i, line in enumerate(shown) for j, c in enumerate(line.cells) if c is None]
    if not hidden:
        return
    seen: dict[tuple[int, int], set[int]] = {cell: set() for cell in hidden}
    # The attacker tries every total the published one allows (any when it is hidden,
    # up to a bound above the true one) and every split of it into the six kinds.
    totals = [total] if by_outcome.total is not None else range(1, total + 6)
    for candidate_total in totals:
        for candidate_kinds in compositions(candidate_total, 6, max(true_kinds) + 2):
            candidate = lines_of(candidate_kinds)
            if consistent(candidate, shown):
                for i, j in hidden:
                    seen[(i, j)].add(candidate[i][j])
    for cell, values in seen.items():
        assert true_lines[cell[0]][cell[1]] in values
        assert len(values) >= 2, f"cell {cell} of {true_lines} is given back: {shown}"


@pytest.mark.parametrize(
    ("kinds", "by_outcome", "by_timeliness"),
    [
        # 10 open, 7 done in time, 1 not done: the 7 protects the 1, in both tables (had
        # "done by the due date" been shown, done ≥ 7 and done + not done = 8 would pin
        # both).
        ((7, 0, 1, 0, 10, 0), (10, None, None, 0), (None, None, 0)),
        # 2 done in time, 1 not done, 5 not possible, 1 open and not yet due.
        ((2, 0, 1, 5, 0, 1), (None, None, None, 5), (None, None, None)),
        # Not by the due date would be 8 − 0 − 5 = 3: the 5 not yet due is suppressed too.
        ((0, 0, 0, 1, 2, 5), (None, 0, 0, None), (0, None, None)),
        ((7, 2, 3, 2, 6, 0), (6, None, None, None), (7, 13, 0)),
    ],
)
def test_action_point_examples(kinds, by_outcome, by_timeliness):
    _line, outcome, timeliness = suppress_action_points(kinds)
    assert outcome.cells == by_outcome
    assert timeliness.cells == by_timeliness
