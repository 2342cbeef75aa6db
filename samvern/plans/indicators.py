"""Reading a goal's indicator over time: the figures in its baseline and target, its latest
measurement against the target, the indicators a reporting round asks for, and the small
chart (baseline → measurements, the target as a line) drawn on the server as SVG.

The chart is geometry only; the template draws it with a text alternative and the data
table beside it, so nothing depends on JavaScript and a screen reader gets the same facts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.core.numbers import NotANumber, parse_number
from samvern.plans.lineage import with_earlier_measurements
from samvern.plans.models import (
    Goal,
    IndicatorMeasurement,
    PlanVersion,
    ReportingRound,
)
from samvern.plans.models import value_with_unit as with_unit

# The first figure written in a text such as "25 %", "28 per år" or "3 av 11".
_FIGURE = re.compile(r"[-\u2212]?\d[\d \u00a0\u202f]*(?:[.,]\d+)?")


def number_in(text: str) -> Decimal | None:
    """The first figure in a baseline or target written as text; None when there is none."""
    match = _FIGURE.search(text or "")
    if match is None:
        return None
    try:
        return parse_number(match.group().strip())
    except NotANumber:
        # "2024 45" is no single figure: take the first group only.
        return parse_number(match.group().split()[0])


def goals_with_measurements(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Goals with their measurements in date order, in one query more however many."""
    return goals.prefetch_related(
        Prefetch(
            "measurements",
            queryset=IndicatorMeasurement.objects.select_related("recorded_by").order_by(
                "measured_on", "created_at"
            ),
        )
    )


def unit_of(goal: Goal) -> str:
    return goal.unit_label


def higher_is_better(goal: Goal) -> bool | None:
    """The definition's direction; for a free-text indicator, read from baseline → target."""
    definition = goal.indicator_definition
    if definition is not None:
        return definition.higher_is_better
    baseline, target = number_in(goal.baseline), number_in(goal.target)
    if baseline is None or target is None or baseline == target:
        return None
    return target > baseline


@dataclass(frozen=True)
class Standing:
    """A goal's latest measurement against its target."""

    goal: Goal
    latest: IndicatorMeasurement | None
    latest_text: str
    target_text: str
    reached: bool | None  # None: no measurement, no figure in the target, or no direction
    progress: int | None  # per cent of the way from baseline to target

    @property
    def label(self) -> str:
        if self.latest is None:
            return _("Not measured yet")
        if self.reached is None:
            return _("Cannot be compared with the target")
        return _("Target reached") if self.reached else _("Target not reached yet")


def standing(goal: Goal) -> Standing:
    latest = goal.latest_measurement
    unit = unit_of(goal)
    target = number_in(goal.target)
    baseline = number_in(goal.baseline)
    higher = higher_is_better(goal)
    reached = progress = None
    if latest is not None and target is not None and higher is not None:
        reached = latest.value >= target if higher else latest.value <= target
        if baseline is not None and target != baseline:
            progress = round(float((latest.value - baseline) / (target - baseline)) * 100)
    return Standing(
        goal=goal,
        latest=latest,
        latest_text=with_unit(latest.value, unit) if latest else "—",
        target_text=goal.target or "—",
        reached=reached,
        progress=progress,
    )


def standings(goals: Iterable[Goal]) -> list[Standing]:
    """Every goal with an indicator, with its latest value against its target (the goals'
    measurements should be prefetched: `goals_with_measurements`)."""
    return [standing(goal) for goal in goals if goal.indicator or goal.indicator_key]


# --- The reporting round --------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorDue:
    goal: Goal
    measured: IndicatorMeasurement | None  # the latest measurement in this round's period

    @property
    def is_due(self) -> bool:
        return self.measured is None


def indicators_due(round: ReportingRound, goals: Sequence[Goal]) -> list[IndicatorDue]:
    """The goals' indicators a round asks for: each is due until it has been measured since
    the previous round's due date (or, in the first round, since the plan period began)."""
    version = round.version
    previous = (
        version.reporting_rounds.filter(due_date__lt=round.due_date)
        .order_by("-due_date")
        .values_list("due_date", flat=True)
        .first()
    )
    since = previous or version.period_start
    until = round.closed_on or max(round.due_date, timezone.localdate())
    rows = []
    for goal in goals:
        if not (goal.indicator or goal.indicator_key):
            continue
        in_period = [
            m
            for m in goal.measurements.all()
            if (since is None or m.measured_on > since) and m.measured_on <= until
        ]
        rows.append(IndicatorDue(goal=goal, measured=in_period[-1] if in_period else None))
    return rows


# --- The chart ------------------------------------------------------------------------

WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 20, 44
MAX_X_LABELS = 6


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value_text: str
    is_baseline: bool = False
    show_label: bool = True
    # On a phone only the first, the last and (from five points) the middle label fit.
    is_major_label: bool = True


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    points: tuple[Point, ...]
    ticks: tuple[Tick, ...]
    target_y: float | None
    target_text: str
    title: str
    description: str

    @property
    def line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def last(self) -> Point | None:
        return self.points[-1] if self.points and not self.points[-1].is_baseline else None


def _step(span: float) -> float:
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def chart(goal: Goal) -> Chart | None:
    """The chart of `goal`'s baseline and measurements with the target as a line; None when
    there is no figure to draw."""
    unit = unit_of(goal)
    baseline = number_in(goal.baseline)
    target = number_in(goal.target)
    measurements = list(goal.measurements.all())
    slots: list[tuple[str, Decimal, bool]] = []
    if baseline is not None:
        slots.append((_("Baseline"), baseline, True))
    slots += [
        (date_format(m.measured_on, "SHORT_DATE_FORMAT"), m.value, False) for m in measurements
    ]
    if not slots and target is None:
        return None
    values = [float(value) for _label, value, _b in slots]
    if target is not None:
        values.append(float(target))
    low, high = min(0.0, *values), max(values)
    if high == low:
        high = low + 1
    step = _step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return TOP + plot_height * (high - value) / (high - low)

    every = max(1, math.ceil(len(slots) / MAX_X_LABELS))
    points = tuple(
        Point(
            x=LEFT + (plot_width * index / (len(slots) - 1) if len(slots) > 1 else plot_width / 2),
            y=y_of(float(value)),
            label=label,
            value_text=with_unit(value, unit),
            is_baseline=is_baseline,
            show_label=index % every == 0 or index == len(slots) - 1,
            is_major_label=index in {0, len(slots) - 1}
            or (len(slots) >= 5 and index == len(slots) // 2),
        )
        for index, (label, value, is_baseline) in enumerate(slots)
    )
    count = round((high - low) / step)
    ticks = tuple(
        Tick(y=y_of(low + i * step), text=with_unit(_decimal(low + i * step), unit))
        for i in range(count + 1)
    )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        points=points,
        ticks=ticks,
        target_y=y_of(float(target)) if target is not None else None,
        target_text=with_unit(target, unit) if target is not None else "",
        title=_("%(indicator)s over time") % {"indicator": goal.indicator_name},
        description=_describe(goal, measurements, baseline, target, unit),
    )


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 6)))


def _describe(
    goal: Goal,
    measurements: list[IndicatorMeasurement],
    baseline: Decimal | None,
    target: Decimal | None,
    unit: str,
) -> str:
    parts = []
    if baseline is not None:
        parts.append(_("Baseline %(value)s.") % {"value": with_unit(baseline, unit)})
    if measurements:
        first, last = measurements[0], measurements[-1]
        parts.append(
            _("%(count)s measurements from %(first)s to %(last)s; the latest is %(value)s.")
            % {
                "count": len(measurements),
                "first": date_format(first.measured_on, "DATE_FORMAT"),
                "last": date_format(last.measured_on, "DATE_FORMAT"),
                "value": with_unit(last.value, unit),
            }
            if len(measurements) > 1
            else _("One measurement on %(date)s: %(value)s.")
            % {
                "date": date_format(first.measured_on, "DATE_FORMAT"),
                "value": with_unit(first.value, unit),
            }
        )
    else:
        parts.append(_("No measurements yet."))
    if target is not None:
        parts.append(_("Target %(value)s.") % {"value": with_unit(target, unit)})
    return " ".join(parts)


def version_goals(version: PlanVersion) -> list[Goal]:
    """The version's goals with their whole series: a revised goal's measurements include
    those of the goals it was copied from (`lineage.with_earlier_measurements`)."""
    return with_earlier_measurements(list(goals_with_measurements(version.goals.all())))
