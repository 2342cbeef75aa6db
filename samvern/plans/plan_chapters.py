"""The plan document's closing chapters, shared by the Word and the PDF document: how the
plan is followed up (status reports per year, the reporting rounds, mid-term and final
evaluation and who evaluates, as each council adopted them) and what the public
consultation gave (who responded, how many, how their responses were weighed).

The public document gives the consultation's figures without the respondents' names: a
response may come from a private person, and nothing in the record says that its sender
agreed to be named on the public page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from samvern.plans.models import (
    Adoption,
    Consultation,
    ConsultationResponse,
    Evaluation,
    PlanVersion,
    ReportingRound,
    VersionSettings,
    Weighing,
)


@dataclass
class FollowUpRule:
    """The reporting and evaluation one council decided (or the plan proposes)."""

    applies_to: str
    reports_per_year: int | None
    midterm_evaluation_on: dt.date | None
    final_evaluation_on: dt.date | None
    evaluator: str

    @property
    def is_empty(self) -> bool:
        return not (
            self.reports_per_year
            or self.midterm_evaluation_on
            or self.final_evaluation_on
            or self.evaluator
        )


@dataclass
class FollowUp:
    rules: list[FollowUpRule]
    rounds: list[ReportingRound]
    completed: list[Evaluation]


@dataclass
class ConsultationSummary:
    consultation: Consultation | None
    # Empty in the public document: the figures only.
    responses: list[ConsultationResponse]
    total: int
    # (label, count) for each weighing, and the responses not weighed yet last.
    by_weighing: list[tuple[str, int]]

    @property
    def is_empty(self) -> bool:
        return self.consultation is None and not self.total


def follow_up(
    version: PlanVersion, settings: VersionSettings | None, adoptions: list[Adoption]
) -> FollowUp:
    """Each adopting council's rule; before any adoption, the plan's own proposal."""
    if adoptions:
        rules = [
            FollowUpRule(
                a.municipality.name,
                a.reports_per_year,
                a.midterm_evaluation_on,
                a.final_evaluation_on,
                a.evaluator,
            )
            for a in adoptions
        ]
    elif settings is not None:
        rules = [
            FollowUpRule(
                _("The plan"),
                settings.reports_per_year,
                settings.midterm_evaluation_on,
                settings.final_evaluation_on,
                settings.evaluator,
            )
        ]
    else:
        rules = []
    return FollowUp(
        rules=[r for r in rules if not r.is_empty],
        rounds=list(version.reporting_rounds.order_by("due_date")),
        completed=[e for e in version.evaluations.all() if e.completed_on],
    )


def consultation_summary(version: PlanVersion, *, public: bool) -> ConsultationSummary:
    consultation = (
        getattr(version, "consultation", None) if hasattr(version, "consultation") else None
    )
    responses = list(version.consultation_responses.all())
    counts = {value: 0 for value in Weighing.values}
    unweighed = 0
    for response in responses:
        if response.weighing in counts:
            counts[response.weighing] += 1
        else:
            unweighed += 1
    by_weighing: list[tuple[str, int]] = [
        (str(Weighing(value).label), count) for value, count in counts.items()
    ]
    if unweighed:
        by_weighing.append((_("Not weighed yet"), unweighed))
    return ConsultationSummary(
        consultation=consultation,
        responses=[] if public else responses,
        total=len(responses),
        by_weighing=by_weighing,
    )


def chapters(
    version: PlanVersion,
    settings: VersionSettings | None,
    adoptions: list[Adoption],
    *,
    public: bool,
) -> dict[str, Any]:
    """The chapters' part of the document's context."""
    return {
        "follow_up": follow_up(version, settings, adoptions),
        "consultation_summary": consultation_summary(version, public=public),
    }
