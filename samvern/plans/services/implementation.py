"""Following an adopted plan through: reporting rounds, status reports on measures and the
mid-term and final evaluations."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.plans.access import can_edit_plan, reports_on_measure
from samvern.plans.models import (
    ADOPTED_STATUSES,
    AreaAttainment,
    Evaluation,
    EvaluationDetail,
    EvaluationKind,
    Measure,
    MeasureEvaluation,
    MeasureStatus,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    StatusReport,
    VersionStatus,
)
from samvern.plans.services.common import audit_change, require_editor, set_status


@transaction.atomic
def create_reporting_round(
    *, actor: Actor, version: PlanVersion, title: str, due_date: dt.date
) -> ReportingRound:
    require_editor(actor, version.plan)
    if version.status not in {VersionStatus.ADOPTED, VersionStatus.IMPLEMENTATION}:
        raise ValidationError(_("Reporting rounds start once the plan has been adopted."))
    round_ = ReportingRound.objects.create(version=version, title=title, due_date=due_date)
    audit_change(actor, "plans.round.created", round_, version, due_date=due_date)
    return round_


@transaction.atomic
def open_reporting_round(*, actor: Actor, round: ReportingRound) -> ReportingRound:
    version = round.version
    require_editor(actor, version.plan)
    if round.status != RoundStatus.PLANNED:
        raise ValidationError(_("Only a planned round can be opened."))
    round.status = RoundStatus.OPEN
    round.save(update_fields=["status", "updated_at"])
    audit_change(actor, "plans.round.opened", round, version)
    if version.status == VersionStatus.ADOPTED:
        set_status(actor=actor, version=version, to=VersionStatus.IMPLEMENTATION)
    return round


@transaction.atomic
def close_reporting_round(*, actor: Actor, round: ReportingRound) -> ReportingRound:
    version = round.version
    require_editor(actor, version.plan)
    if round.status != RoundStatus.OPEN:
        raise ValidationError(_("Only an open round can be closed."))
    round.status = RoundStatus.CLOSED
    round.closed_on = timezone.localdate()
    round.save(update_fields=["status", "closed_on", "updated_at"])
    missing = version.measures.exclude(status_reports__round=round).count()
    audit_change(actor, "plans.round.closed", round, version, measures_without_report=missing)
    return round


def can_report_on(actor: Actor, measure: Measure) -> bool:
    """The plan's editors, the measure's named responsible and, for a measure owned by a
    partner organisation, that organisation's plan editors (see plans.access)."""
    return reports_on_measure(actor, measure) or can_edit_plan(actor, measure.version.plan)


@transaction.atomic
def report_status(
    *,
    actor: Actor,
    round: ReportingRound,
    measure: Measure,
    status: str,
    comment: str = "",
    spent_nok: Decimal | None = None,
    spent_hours: Decimal | None = None,
    comment_public: bool = False,
) -> StatusReport:
    """`comment_public`: the reporter allows the comment on the public plan page (only
    the status is shown there otherwise)."""
    if measure.version_id != round.version_id:
        raise ValidationError(_("The measure does not belong to this round's plan version."))
    if not can_report_on(actor, measure):
        raise ValidationError(_("You may not report on this measure."))
    if round.status != RoundStatus.OPEN:
        raise ValidationError(_("The round is not open for reporting."))
    if status in {MeasureStatus.DELAYED, MeasureStatus.DROPPED} and not comment.strip():
        raise ValidationError(_("Explain why the measure is delayed or dropped."))
    if (spent_nok is not None and spent_nok < 0) or (spent_hours is not None and spent_hours < 0):
        raise ValidationError(_("Resources cannot be negative."))
    report, created = StatusReport.objects.update_or_create(
        round=round,
        measure=measure,
        defaults={
            "status": status,
            "comment": comment,
            "comment_public": comment_public and bool(comment.strip()),
            "spent_nok": spent_nok,
            "spent_hours": spent_hours,
            "reported_by": actor.user,
        },
    )
    audit_change(
        actor,
        "plans.status_report.created" if created else "plans.status_report.updated",
        report,
        round.version,
        measure=str(measure.pk),
        status=status,
        comment_public=report.comment_public,
        **(
            {"responsible_organisation": str(measure.responsible_organisation_id)}
            if measure.responsible_organisation_id
            else {}
        ),
    )
    return report


@transaction.atomic
def save_evaluation(
    *,
    actor: Actor,
    version: PlanVersion,
    kind: str,
    evaluator: str = "",
    summary: str = "",
    partner_feedback: str = "",
    council_feedback: str = "",
    duties_met: str = "",
    outcome: str = "",
    measure_findings: dict[uuid.UUID, tuple[bool, str]] | None = None,
    area_findings: dict[str, tuple[str, str]] | None = None,
    complete_on: dt.date | None = None,
) -> Evaluation:
    """Record an evaluation; `complete_on` marks it completed (a final evaluation then
    moves the version to *evaluated*)."""
    require_editor(actor, version.plan)
    if version.status not in ADOPTED_STATUSES:
        raise ValidationError(_("Only an adopted plan can be evaluated."))
    evaluation, _is_new = Evaluation.objects.get_or_create(version=version, kind=kind)
    if evaluation.completed_on and complete_on is None:
        complete_on = evaluation.completed_on
    detail, _created = EvaluationDetail.objects.get_or_create(evaluation=evaluation)
    for name, value in {
        "evaluator": evaluator,
        "summary": summary,
        "partner_feedback": partner_feedback,
        "council_feedback": council_feedback,
        "duties_met": duties_met,
        "outcome": outcome,
    }.items():
        setattr(detail, name, value)
    if complete_on and kind == EvaluationKind.FINAL and not outcome:
        raise ValidationError(_("A completed final evaluation needs an outcome: renew or revise."))
    detail.save()
    measures = {m.pk: m for m in version.measures.all()}
    for measure_id, (done, why) in (measure_findings or {}).items():
        if measure_id not in measures:
            raise ValidationError(_("The measure does not belong to this plan version."))
        MeasureEvaluation.objects.update_or_create(
            evaluation=evaluation, measure=measures[measure_id], defaults={"done": done, "why": why}
        )
    for area_key, (attainment, comment) in (area_findings or {}).items():
        AreaAttainment.objects.update_or_create(
            evaluation=evaluation,
            area_key=area_key,
            defaults={"attainment": attainment, "comment": comment},
        )
    newly_completed = complete_on is not None and evaluation.completed_on is None
    if complete_on is not None:
        evaluation.completed_on = complete_on
        evaluation.save(update_fields=["completed_on", "updated_at"])
    audit_change(
        actor,
        "plans.evaluation.completed" if newly_completed else "plans.evaluation.updated",
        evaluation,
        version,
        kind=kind,
        outcome=outcome,
    )
    if (
        newly_completed
        and kind == EvaluationKind.FINAL
        and version.status in {VersionStatus.ADOPTED, VersionStatus.IMPLEMENTATION}
    ):
        set_status(actor=actor, version=version, to=VersionStatus.EVALUATED)
    return evaluation
