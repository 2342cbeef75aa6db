"""Lists of measures, release dates and reassessments, each in a constant number of
queries: one case's (for those the case layer let through), and an organisation's own
(what it is responsible for, in the cases it takes part in on the day — the case content
rule of `samvern.cases.access`, written as a query filter)."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, IsNull, LessThan, LessThanOrEqual

from samvern.accounts.actor import Actor
from samvern.cases.access import content_cases_q, repeat_visible_q, visible_items_q
from samvern.cases.models import Case, InformationItem
from samvern.protection.models import (
    ENDING_SOON_DAYS,
    REASSESSMENT_DUE_SOON_DAYS,
    RECENTLY_ENDED_DAYS,
    CustodyRelease,
    MeasureStatus,
    PromptReason,
    ProtectiveMeasure,
    Reassessment,
    ReassessmentPrompt,
    status_on,
)

# A release date is listed from this many days ahead, and reminded of then.
RELEASE_NOTICE_DAYS = 14
# Past release dates stay in the lists this long.
RELEASE_PAST_DAYS = 14


class MeasureFilter(enum.StrEnum):
    CURRENT = "current"  # in force or planned, and ended within RECENTLY_ENDED_DAYS
    ENDING_SOON = "ending_soon"
    ACTIVE = "active"
    ENDED = "ended"
    RECENTLY_ENDED = "recently_ended"  # within RECENTLY_ENDED_DAYS
    ALL = "all"


def _last_in_force() -> Coalesce:
    """A measure's last day in force: the day it ended, else its planned end."""
    return Coalesce(F("ended_on"), F("ends_on"))


def filter_measures(
    measures: QuerySet[ProtectiveMeasure], which: MeasureFilter, day: dt.date
) -> QuerySet[ProtectiveMeasure]:
    last = _last_in_force()
    not_ended = Q(IsNull(last, True)) | Q(GreaterThanOrEqual(last, day))
    soon = day + dt.timedelta(days=ENDING_SOON_DAYS)
    recent = day - dt.timedelta(days=RECENTLY_ENDED_DAYS)
    if which is MeasureFilter.ENDING_SOON:
        return measures.filter(
            GreaterThanOrEqual(last, day), LessThanOrEqual(last, soon), starts_on__lte=day
        )
    if which is MeasureFilter.ACTIVE:
        return measures.filter(not_ended, starts_on__lte=day)
    if which is MeasureFilter.ENDED:
        return measures.filter(LessThan(last, day))
    if which is MeasureFilter.RECENTLY_ENDED:
        return measures.filter(LessThan(last, day), GreaterThanOrEqual(last, recent))
    if which is MeasureFilter.CURRENT:
        return measures.filter(not_ended | Q(GreaterThanOrEqual(last, recent)))
    return measures


def _rows(measures: QuerySet[ProtectiveMeasure]) -> QuerySet[ProtectiveMeasure]:
    return measures.select_related("case", "person", "responsible").order_by(
        _last_in_force().asc(nulls_last=True), "starts_on", "pk"
    )


def case_measures(case: Case) -> list[ProtectiveMeasure]:
    """All of one case's measures, by last day in force. One query."""
    return list(_rows(ProtectiveMeasure.objects.filter(case=case)))


def _organisation_cases(actor: Actor, day: dt.date) -> QuerySet[Case]:
    organisation = actor.organisation
    if organisation is None:
        return Case.objects.none()
    return Case.objects.filter(content_cases_q(actor.case_roles, organisation, day))


def organisation_measures(
    actor: Actor, *, day: dt.date, which: MeasureFilter = MeasureFilter.CURRENT
) -> QuerySet[ProtectiveMeasure]:
    """The measures the acting organisation is responsible for, in the cases it takes
    part in on `day`. One query to evaluate."""
    if actor.organisation is None:
        return ProtectiveMeasure.objects.none()
    measures = ProtectiveMeasure.objects.filter(
        responsible=actor.organisation,
        case__in=_organisation_cases(actor, day).values("pk"),
    )
    return _rows(filter_measures(measures, which, day))


def case_releases(case: Case) -> list[CustodyRelease]:
    return list(
        CustodyRelease.objects.filter(case=case)
        .select_related("person", "responsible")
        .order_by("release_on", "pk")
    )


def organisation_releases(actor: Actor, *, day: dt.date) -> QuerySet[CustodyRelease]:
    """Release dates the organisation is responsible for, from RELEASE_PAST_DAYS ago on."""
    if actor.organisation is None:
        return CustodyRelease.objects.none()
    return (
        CustodyRelease.objects.filter(
            responsible=actor.organisation,
            case__in=_organisation_cases(actor, day).values("pk"),
            release_on__gte=day - dt.timedelta(days=RELEASE_PAST_DAYS),
        )
        .select_related("case", "person", "responsible")
        .order_by("release_on", "pk")
    )


def visible_reassessments(actor: Actor, case: Case, day: dt.date) -> list[Reassessment]:
    """The open reassessments of `case` whose assessment the acting organisation may
    read. One query."""
    organisation = actor.organisation
    if organisation is None:
        return []
    items = InformationItem.objects.filter(case=case).filter(visible_items_q(organisation, day))
    return list(
        Reassessment.objects.filter(
            case=case, closed_at__isnull=True, assessment__item__in=items.values("pk")
        )
        .select_related("assessment__person", "organisation")
        .order_by("due_on", "pk")
    )


def visible_prompts_q(actor: Actor, day: dt.date) -> Q:
    """Prompts the actor may know of: a repeat referral only where the case layer lets
    them know the case is a repeat (`cases.access.repeat_visible_q`)."""
    organisation = actor.organisation
    if organisation is None:
        return Q(pk__in=[])
    repeat_visible = Case.objects.filter(repeat_visible_q(actor.case_roles, organisation, day))
    return ~Q(reason=PromptReason.REPEAT_REFERRAL) | Q(case__in=repeat_visible.values("pk"))


def open_prompts(actor: Actor, case: Case, day: dt.date) -> list[ReassessmentPrompt]:
    """The case's open prompts the actor may know of, latest first. One query."""
    return list(
        ReassessmentPrompt.objects.filter(case=case, resolved_at__isnull=True).filter(
            visible_prompts_q(actor, day)
        )
    )


def organisation_reassessments(actor: Actor, *, day: dt.date) -> QuerySet[Reassessment]:
    """Open reassessments the organisation is to make: due within
    REASSESSMENT_DUE_SOON_DAYS, overdue, or prompted by a new incident or a repeat
    referral, in the cases it takes part in. One query to evaluate."""
    if actor.organisation is None:
        return Reassessment.objects.none()
    prompted = (
        ReassessmentPrompt.objects.filter(resolved_at__isnull=True)
        .filter(visible_prompts_q(actor, day))
        .values("case")
    )
    return (
        Reassessment.objects.filter(
            organisation=actor.organisation,
            closed_at__isnull=True,
            case__in=_organisation_cases(actor, day).values("pk"),
        )
        .filter(
            Q(due_on__lte=day + dt.timedelta(days=REASSESSMENT_DUE_SOON_DAYS))
            | Q(case__in=prompted)
        )
        .select_related("case", "assessment__person")
        .order_by("due_on", "pk")
    )


def prompts_by_case(
    actor: Actor, case_ids: set[uuid.UUID], day: dt.date
) -> dict[uuid.UUID, ReassessmentPrompt]:
    """The latest open prompt of each case that the actor may know of. One query."""
    latest: dict[uuid.UUID, ReassessmentPrompt] = {}
    prompts = ReassessmentPrompt.objects.filter(case_id__in=case_ids, resolved_at__isnull=True)
    for prompt in prompts.filter(visible_prompts_q(actor, day)).order_by(
        "-occurred_on", "-created_at"
    ):
        latest.setdefault(prompt.case_id, prompt)
    return latest


@dataclass(frozen=True)
class MeasureRow:
    measure: ProtectiveMeasure
    status: str
    days_left: int | None  # to the last day in force, while it is in force

    @property
    def ending_soon(self) -> bool:
        return self.status == MeasureStatus.ENDING_SOON

    @property
    def ended(self) -> bool:
        return self.status == MeasureStatus.ENDED


def measure_rows(measures: list[ProtectiveMeasure], day: dt.date) -> list[MeasureRow]:
    rows = []
    for measure in measures:
        status = status_on(measure.starts_on, measure.last_day, day, ended_on=measure.ended_on)
        last = measure.last_day
        days_left = (last - day).days if last is not None and last >= day else None
        rows.append(MeasureRow(measure=measure, status=status, days_left=days_left))
    return rows


@dataclass(frozen=True)
class ReleaseRow:
    release: CustodyRelease
    days_left: int
    inform_now: bool  # within the notice period, and the person exposed not told yet


def release_rows(releases: list[CustodyRelease], day: dt.date) -> list[ReleaseRow]:
    return [
        ReleaseRow(
            release=release,
            days_left=(release.release_on - day).days,
            inform_now=release.informed_on is None
            and release.release_on <= day + dt.timedelta(days=RELEASE_NOTICE_DAYS),
        )
        for release in releases
    ]


@dataclass(frozen=True)
class ReassessmentRow:
    reassessment: Reassessment
    overdue: bool
    days: int  # overdue by, or due in
    prompt: ReassessmentPrompt | None


def reassessment_rows(
    reassessments: list[Reassessment], day: dt.date, prompts: dict[uuid.UUID, ReassessmentPrompt]
) -> list[ReassessmentRow]:
    return [
        ReassessmentRow(
            reassessment=r,
            overdue=r.due_on < day,
            days=abs((r.due_on - day).days),
            prompt=prompts.get(r.case_id),
        )
        for r in reassessments
    ]
