"""A plan's history across its versions: which measures a version finished (and so does
not carry into its revision), the numbers its measures have used, and a goal's indicator
measurements along the chain of goals it was copied from.

A revision copies the unfinished measures and every goal, each copy pointing at its
`origin`. The origin chain is the identity: a measure keeps its number, a goal its series
of measurements, however many times the plan is revised. Nothing is copied twice: earlier
measurements are read along the chain, never duplicated into the new version.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Max

from samvern.plans.models import (
    Goal,
    IndicatorMeasurement,
    Measure,
    MeasureStatus,
    PlanVersion,
)


def finished_measures(version: PlanVersion) -> dict[Any, str]:
    """The measures of `version` a revision leaves behind, each with why: done
    (`MeasureStatus.DONE`: done in the latest status round, or found done in the latest
    completed evaluation) or dropped (`MeasureStatus.DROPPED` in the latest round and not
    found done since). Four queries at most, however many measures."""
    finished: dict[Any, str] = {}
    latest_round = version.reporting_rounds.order_by("-due_date").first()
    if latest_round is not None:
        finished.update(
            latest_round.status_reports.filter(
                status__in=[MeasureStatus.DONE, MeasureStatus.DROPPED]
            ).values_list("measure_id", "status")
        )
    evaluation = (
        version.evaluations.filter(completed_on__isnull=False).order_by("-completed_on").first()
    )
    if evaluation is not None:
        # The evaluation is the later, considered judgement: found done is done.
        for measure_id in evaluation.measure_findings.filter(done=True).values_list(
            "measure_id", flat=True
        ):
            finished[measure_id] = MeasureStatus.DONE
    return finished


def next_measure_number(version: PlanVersion) -> int:
    """The number a new measure of `version` gets: one above every number the plan's
    measures hold in any of its versions, so that a finished measure's number is never
    given to a new one. (The versions of a plan are one chain: each is revised at most
    once.) After a deliberate renumbering the count goes on from the highest number still
    held, in this version or an earlier one."""
    top = Measure.objects.filter(version__plan_id=version.plan_id).aggregate(top=Max("number"))
    return (top["top"] or 0) + 1


def with_earlier_measurements(goals: list[Goal]) -> list[Goal]:
    """`goals` with the measurements of the goals they were copied from (and those goals'
    origins, back to the first version) added to their own, in date order, so that a
    revision does not break an indicator's series. The goals' own measurements should be
    prefetched (`indicators.goals_with_measurements`). An earlier measurement keeps its
    own goal (`measurement.goal`, with its version) and can be told apart by
    `measurement.goal_id`; it is edited only in its own version.

    One query per generation of origins plus one for their measurements; none when no goal
    has an origin."""
    ancestors: dict[Any, Goal] = {}
    wanted = {goal.origin_id for goal in goals if goal.origin_id is not None}
    while wanted:
        found = list(Goal.objects.filter(pk__in=wanted).select_related("version"))
        ancestors.update((goal.pk, goal) for goal in found)
        wanted = {
            goal.origin_id
            for goal in found
            if goal.origin_id is not None and goal.origin_id not in ancestors
        }
    if not ancestors:
        return goals
    earlier: dict[Any, list[IndicatorMeasurement]] = defaultdict(list)
    for measurement in (
        IndicatorMeasurement.objects.filter(goal_id__in=list(ancestors))
        .select_related("recorded_by")
        .order_by("measured_on", "created_at")
    ):
        measurement.goal = ancestors[measurement.goal_id]
        earlier[measurement.goal_id].append(measurement)
    for goal in goals:
        chain: list[IndicatorMeasurement] = []
        origin, seen = goal.origin_id, set()
        while origin in ancestors and origin not in seen:
            seen.add(origin)
            chain += earlier[origin]
            origin = ancestors[origin].origin_id
        if not chain:
            continue
        own = goal.measurements.all()
        series = sorted([*chain, *own], key=lambda m: (m.measured_on, m.created_at))
        # The goal's prefetched measurements become the whole series, so every reader of
        # `goal.measurements.all()` (latest value, chart, round, evaluation) sees it; a new
        # query (`.filter()`, `.order_by()`) still reads the goal's own rows only.
        own._result_cache = series  # type: ignore[attr-defined]
        cache = getattr(goal, "_prefetched_objects_cache", None)
        if cache is None:
            goal._prefetched_objects_cache = cache = {}  # type: ignore[attr-defined]
        cache["measurements"] = own
    return goals
