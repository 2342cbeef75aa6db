"""The small-number rule as a pure function: examples, and properties over any line.

The attacker of these tests knows every published cell and total, that the cells of a
line add up to its total, that a suppressed cell is a whole number, and that it is at
least 1 when zeros of its line are shown (only a wholly hidden line hides zeros). No
suppressed cell may then have only one possible value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samvern.conferences.statistics import (
    THRESHOLD,
    SuppressedLine,
    published_median,
    published_share,
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


def test_a_share_needs_its_whole_line_and_five():
    complete = suppress_line([6, 9], 15)
    assert published_share(6, 15, line=complete) == 40.0
    partial = suppress_line([3, 12, 5], 20)
    assert published_share(12, 20, line=partial) is None
    assert published_share(0, 4, line=suppress_line([0, 0], 0)) is None


def test_a_median_needs_five():
    assert published_median([3, 1, 2, 5]) is None
    assert published_median([3, 1, 2, 5, 4]) == 3.0
    assert published_median([1, 2, 3, 4, 5, 6]) == 3.5
