"""Action points after the meeting: the owning organisation records each point's outcome,
and its people list the points their organisation is responsible for.

Reading an action point is reading case content, so the reads here record their audit
event in the same call (as `samvern.cases.services.reads` does): one event per list page
naming the points and cases shown on it, one per point page.

An outcome is open, done, not done or not possible. "Not done" (the agency could have,
and did not) and "not possible" (it could not, e.g. the person moved away) are kept
apart, because the partnership reports them apart; both need a reason. A closed point
can be reopened, with a note saying why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samvern.accounts.actor import Actor
from samvern.audit.services import audit_log
from samvern.cases.access import content_cases_q
from samvern.cases.models import Case
from samvern.cases.services import CaseRuleError, record_read
from samvern.cases.services.common import audit_case_event, require_content_role
from samvern.conferences.access import (
    ActionPointAccess,
    PointNeed,
    access_action_point,
    conflicted_points_q,
)
from samvern.conferences.models import (
    OUTCOMES_WITH_REASON,
    ActionPoint,
    ConflictOfInterest,
    Outcome,
    OutcomeRecord,
)

OUTCOME_RECORDED = "conference.actions.outcome_recorded"
POINT_VIEWED = "conference.actions.point_viewed"
POINTS_LISTED = "conference.actions.listed"

# The longest look-ahead the "due within" filter takes (a year).
MAX_DUE_WITHIN_DAYS = 366


class ActionRuleError(CaseRuleError):
    """A rule about action points refused the operation; the message is for the user."""


# --- outcomes ------------------------------------------------------------------------------


@transaction.atomic
def record_outcome(
    *,
    actor: Actor,
    access: ActionPointAccess,
    outcome: str,
    reason: str,
    day: dt.date,
) -> ActionPoint:
    """Record the outcome of an action point for its owning organisation, as of `day`.

    `reason` is required for "not done" and "not possible", and for reopening a closed
    point (the note saying why); for "done" it is an optional comment. Nothing is
    changed when a rule refuses."""
    organisation = require_content_role(actor)
    if not access.owner or access.point.organisation_id != organisation.pk:
        raise ActionRuleError(_("Only the responsible organisation records the outcome."))
    if outcome not in Outcome.values:
        raise ActionRuleError({"outcome": _("Choose an outcome.")})
    reason = reason.strip()
    # Read the row again under a lock: two people of the organisation may record at once.
    point = ActionPoint.objects.select_for_update().get(pk=access.point.pk)
    previous = point.outcome
    if outcome in OUTCOMES_WITH_REASON and not reason:
        raise ActionRuleError(
            {"reason": _("Give the reason why the action was not done or was not possible.")}
        )
    if outcome == Outcome.OPEN:
        if previous == Outcome.OPEN:
            raise ActionRuleError({"outcome": _("The action point is already open.")})
        if not reason:
            raise ActionRuleError({"reason": _("Say why the action point is opened again.")})
    elif outcome == previous and reason == point.outcome_reason:
        raise ActionRuleError({"outcome": _("This outcome is already recorded.")})
    agreed_on = access.point.item.conference.date
    if day < agreed_on:
        raise ActionRuleError(
            _("An outcome cannot be dated before the conference that agreed the action (%(date)s).")
            % {"date": date_format(agreed_on)}
        )
    point.outcome = outcome
    point.outcome_reason = reason
    point.outcome_on = day
    point.outcome_by = actor.user
    point.save(
        update_fields=["outcome", "outcome_reason", "outcome_on", "outcome_by", "updated_at"]
    )
    assert actor.user is not None  # a content role is held by a person
    OutcomeRecord.objects.create(
        point=point,
        previous=previous,
        outcome=outcome,
        reason=reason,
        recorded_on=day,
        recorded_by=actor.user,
        organisation=organisation,
    )
    audit_case_event(
        actor=actor,
        action=OUTCOME_RECORDED,
        case=access.case.case,
        target=point,
        detail={
            "from": previous,
            "to": outcome,
            "on": day.isoformat(),
            "reason_given": bool(reason),
        },
    )
    return point


@dataclass(frozen=True)
class OutcomeChange:
    """One outcome recorded for a point: when, by whom (full name), for which
    organisation, from what to what, and the reason or note given then."""

    at: dt.datetime
    on: dt.date
    by: str
    organisation: str
    previous: str
    outcome: str
    reason: str

    @property
    def previous_label(self) -> str:
        return _outcome_label(self.previous)

    @property
    def outcome_label(self) -> str:
        return _outcome_label(self.outcome)

    @property
    def reason_label(self) -> str:
        """What the text given with this outcome is called."""
        if self.outcome == Outcome.OPEN:
            return _("Note on reopening")
        if self.outcome == Outcome.DONE:
            return pgettext("action points", "Comment")
        return pgettext("action points", "Reason")


def _outcome_label(value: str) -> str:
    return str(dict(Outcome.choices).get(value, value))


def outcome_history(point: ActionPoint) -> list[OutcomeChange]:
    """Every outcome recorded for `point`, oldest first, with the reasons given then. The
    caller has read the point through access and recorded that read."""
    records = OutcomeRecord.objects.filter(point=point).select_related(
        "recorded_by", "organisation"
    )
    return [
        OutcomeChange(
            at=record.created_at,
            on=record.recorded_on,
            by=record.recorded_by.get_full_name() or record.recorded_by.get_username(),
            organisation=record.organisation.name,
            previous=record.previous,
            outcome=record.outcome,
            reason=record.reason,
        )
        for record in records
    ]


# --- my organisation's actions ---------------------------------------------------------------


@dataclass(frozen=True)
class PointFilters:
    """What "my organisation's actions" is narrowed to. Empty means everything."""

    outcome: str = ""  # one of Outcome, or "" for any
    overdue: bool = False  # open and past the due date
    due_within: int | None = None  # open, due from today to this many days ahead
    mine: bool = False  # assigned to the acting user
    reference: str = ""  # part of the case reference


def organisation_points(
    actor: Actor, *, day: dt.date, filters: PointFilters | None = None
) -> QuerySet[ActionPoint]:
    """The action points the acting organisation is responsible for, in the cases it
    takes part in on `day` (the case content rule), by due date. One query to evaluate."""
    filters = filters or PointFilters()
    organisation = actor.organisation
    if organisation is None:
        return ActionPoint.objects.none()
    cases = Case.objects.filter(content_cases_q(actor.case_roles, organisation, day))
    points = ActionPoint.objects.filter(organisation=organisation, case__in=cases.values("pk"))
    # Not the points of a case the actor declared a conflict for (samvern.conferences.access).
    # Most people have declared none; asking first spares every page and count the join to
    # each point's conference that the rule needs.
    if actor.user_id is None or (
        ConflictOfInterest.objects.filter(attendee__user_id=actor.user_id).exists()
    ):
        points = points.exclude(conflicted_points_q(actor))
    if filters.outcome:
        points = points.filter(outcome=filters.outcome)
    if filters.overdue:
        points = points.filter(outcome=Outcome.OPEN, due_on__lt=day)
    if filters.due_within is not None:
        ahead = max(0, min(filters.due_within, MAX_DUE_WITHIN_DAYS))
        points = points.filter(
            outcome=Outcome.OPEN, due_on__gte=day, due_on__lte=day + dt.timedelta(days=ahead)
        )
    if filters.mine:
        points = points.filter(assignee_id=actor.user_id)
    if filters.reference.strip():
        points = points.filter(case__reference__icontains=filters.reference.strip())
    return points.select_related(*POINT_ROW_RELATIONS).order_by("due_on", "created_at", "pk")


# What a row of the list shows besides the point.
POINT_ROW_RELATIONS = ("case", "assignee", "item__conference")


def points_in_order(ids: Sequence[object]) -> list[ActionPoint]:
    """The points `ids`, already chosen through `organisation_points` (a page of its ids),
    with what a list row shows, in the order given. Paging the ids first lets the database
    sort the bare points and join the rest for one page only."""
    by_id = ActionPoint.objects.select_related(*POINT_ROW_RELATIONS).in_bulk(list(ids))
    return [by_id[pk] for pk in ids if pk in by_id]


@dataclass(frozen=True)
class PointRow:
    """One line of the list: the point and how it stands on the day of the page."""

    point: ActionPoint
    overdue: bool
    days_overdue: int


@transaction.atomic
def read_point_rows(
    *, actor: Actor, points: Sequence[ActionPoint], day: dt.date, via: str = "page"
) -> list[PointRow]:
    """The rows of one list page, with one audit event naming the points (and their
    cases) shown on it, as the case list does."""
    rows = [
        PointRow(
            point=point,
            overdue=point.is_overdue(day),
            days_overdue=(day - point.due_on).days if point.is_overdue(day) else 0,
        )
        for point in points
    ]
    audit_log(
        actor=actor,
        action=POINTS_LISTED,
        organisation=actor.organisation,
        target_type=ActionPoint._meta.label_lower,
        detail={
            "via": via,
            "points": [str(row.point.pk) for row in rows],
            "cases": sorted({str(row.point.case_id) for row in rows}),
        },
    )
    return rows


@transaction.atomic
def read_action_point(
    actor: Actor, point_id: object, *, day: dt.date, via: str = "page"
) -> ActionPointAccess:
    """One action point, with the read recorded in the case's access log (404 when the
    actor may not see it)."""
    access = access_action_point(actor, point_id, PointNeed.VIEW, day=day)
    record_point_read(actor=actor, access=access, via=via)
    return access


def record_point_read(*, actor: Actor, access: ActionPointAccess, via: str = "page") -> None:
    """Audit one read of a point (for a page that also shows a form, when it shows it)."""
    record_read(
        actor=actor,
        case=access.case.case,
        action=POINT_VIEWED,
        target=access.point,
        detail={"via": via},
    )
