"""Writes for the plan lifecycle: keyword-only, typed, atomic, audited.

Every service takes the acting user, checks the lifecycle rule it enforces, raises
ValidationError with a translated message when the rule is broken (the transaction then
changes nothing) and writes one audit event per change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.audit.services import audit_log
from samvern.places.lifetime import lifetime
from samvern.places.models import CURRENT_STRUCTURE, Municipality
from samvern.plans import catalogues
from samvern.plans.access import can_edit_plan, editable_municipality_ids
from samvern.plans.models import (
    ADOPTED_STATUSES,
    Adoption,
    AreaAttainment,
    Consultation,
    ConsultationResponse,
    CoOwnerInvitation,
    Evaluation,
    EvaluationDetail,
    EvaluationKind,
    FocusAreaChoice,
    Goal,
    InvitationStatus,
    Mandate,
    MappingSection,
    MappingTopic,
    Measure,
    MeasureEvaluation,
    MeasureStatus,
    Milestone,
    Plan,
    PlanVersion,
    ReportingRound,
    RoundStatus,
    StatusReport,
    VersionSettings,
    VersionStatus,
    WorkingGroupMember,
)
from samvern.plans.quality import run_quality_check

# Explicit transitions a user may ask for. Adoption happens by recording a council's
# decision, supersession by adopting the next version.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    VersionStatus.INITIATIVE: {VersionStatus.MANDATED, VersionStatus.WITHDRAWN},
    VersionStatus.MANDATED: {VersionStatus.DRAFTING, VersionStatus.WITHDRAWN},
    VersionStatus.DRAFTING: {VersionStatus.CONSULTATION, VersionStatus.WITHDRAWN},
    VersionStatus.CONSULTATION: {
        VersionStatus.DRAFTING,
        VersionStatus.QUALITY_CHECKED,
        VersionStatus.WITHDRAWN,
    },
    VersionStatus.QUALITY_CHECKED: {VersionStatus.DRAFTING, VersionStatus.WITHDRAWN},
    VersionStatus.ADOPTED: {VersionStatus.IMPLEMENTATION, VersionStatus.WITHDRAWN},
    VersionStatus.IMPLEMENTATION: {VersionStatus.EVALUATED, VersionStatus.WITHDRAWN},
    VersionStatus.EVALUATED: set(),
    VersionStatus.SUPERSEDED: set(),
    VersionStatus.WITHDRAWN: set(),
}
# Content (mandate, mapping, areas, goals, measures, consultation) is frozen from adoption:
# changing an adopted plan means revising it.
CONTENT_LOCKED = frozenset(ADOPTED_STATUSES) | {VersionStatus.WITHDRAWN}


def _require_editor(actor: Actor, plan: Plan) -> None:
    if not can_edit_plan(actor, plan):
        raise ValidationError(_("You may not change this plan."))


def _require_open_content(version: PlanVersion) -> None:
    if version.status in CONTENT_LOCKED:
        raise ValidationError(
            _("This version is %(status)s and can no longer be changed; revise it instead.")
            % {"status": version.get_status_display().lower()}
        )


def _audit(actor: Actor, action: str, target: Any, version: PlanVersion, **detail: Any) -> None:
    audit_log(
        actor=actor,
        action=action,
        target=target,
        detail={"plan": str(version.plan_id), "version": str(version.pk), **detail},
    )


def version_settings(version: PlanVersion) -> VersionSettings:
    try:
        return version.settings
    except VersionSettings.DoesNotExist:
        return VersionSettings.objects.create(version=version)


def _changed(instance: Any, data: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in data.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


# --- Plans and versions ---------------------------------------------------------------


@transaction.atomic
def create_plan(
    *,
    actor: Actor,
    title: str,
    municipalities: Sequence[Municipality],
    framework_key: str = "",
) -> Plan:
    """A new plan with its first version at the initiative stage.

    The municipalities the actor edits plans for own it at once; every other municipality
    named is invited to co-own it and becomes an owner only when it accepts."""
    chosen = list(dict.fromkeys(municipalities))
    if not chosen:
        raise ValidationError(_("Choose at least one owning municipality."))
    editable = editable_municipality_ids(actor)
    owners = [m for m in chosen if m.pk in editable]
    invited = [m for m in chosen if m.pk not in editable]
    if not owners:
        raise ValidationError(_("At least one owning municipality must be one you edit plans for."))
    if framework_key and catalogues.framework(framework_key) is None:
        raise ValidationError(_("Unknown focus-area framework."))
    plan = Plan.objects.create(title=title)
    plan.municipalities.set(owners)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        title=title,
        status_changed_at=timezone.now(),
        started_on=timezone.localdate(),
    )
    fw = catalogues.framework(framework_key) if framework_key else None
    VersionSettings.objects.create(
        version=version, framework_key=framework_key, framework_version=fw.version if fw else None
    )
    audit_log(
        actor=actor,
        action="plans.plan.created",
        target=plan,
        detail={
            "title": title,
            "municipalities": [m.code for m in owners],
            "invited": [m.code for m in invited],
        },
    )
    for municipality in invited:
        invite_co_owner(actor=actor, plan=plan, municipality=municipality)
    return plan


# --- Co-ownership: an invitation the other municipality answers --------------------------


@transaction.atomic
def invite_co_owner(*, actor: Actor, plan: Plan, municipality: Municipality) -> CoOwnerInvitation:
    """Invite a municipality to co-own the plan; it has no part in it until it accepts."""
    _require_editor(actor, plan)
    if municipality.year != CURRENT_STRUCTURE:
        raise ValidationError(_("Only a municipality of the current structure can co-own a plan."))
    if plan.municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError(
            _("%(municipality)s already owns this plan.") % {"municipality": municipality}
        )
    if plan.invitations.filter(municipality=municipality, status=InvitationStatus.PENDING).exists():
        raise ValidationError(
            _("%(municipality)s is already invited.") % {"municipality": municipality}
        )
    invitation = CoOwnerInvitation.objects.create(
        plan=plan, municipality=municipality, invited_by=actor.user
    )
    audit_log(
        actor=actor,
        action="plans.plan.co_owner_invited",
        target=plan,
        detail={"invitation": str(invitation.pk), "municipality": municipality.code},
    )
    return invitation


@transaction.atomic
def answer_invitation(
    *, actor: Actor, invitation: CoOwnerInvitation, accept: bool
) -> CoOwnerInvitation:
    """A plan editor of the invited municipality accepts (the municipality becomes an
    owner) or declines (nothing about the plan changes)."""
    invitation = CoOwnerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.municipality_id not in editable_municipality_ids(actor):
        raise ValidationError(
            _("Only a plan editor of the invited municipality can answer the invitation.")
        )
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.answered_by = actor.user
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_by", "answered_at", "updated_at"])
    if accept:
        invitation.plan.municipalities.add(invitation.municipality)
    audit_log(
        actor=actor,
        action="plans.plan.co_owner_accepted" if accept else "plans.plan.co_owner_declined",
        target=invitation.plan,
        detail={
            "invitation": str(invitation.pk),
            "municipality": invitation.municipality.code,
        },
    )
    return invitation


@dataclass(frozen=True)
class MissingStep:
    """What must be done before a version can move on, and the plan section where it is
    done (a name in `plans:`; the final evaluation is `evaluation_final`)."""

    message: str
    section: str


def missing_step(version: PlanVersion, to: str) -> MissingStep | None:
    """The work still missing before `version` can move to `to`, or None. The overview's
    "next step" links there instead of offering a transition that would be refused."""
    if to == VersionStatus.MANDATED and not Mandate.objects.filter(version=version).exists():
        return MissingStep(
            _("Record the mandate before marking the version as mandated."), "mandate"
        )
    if to == VersionStatus.CONSULTATION:
        if not version.measures.exists():
            return MissingStep(
                _("A plan needs at least one measure before consultation."), "measures"
            )
        if not Consultation.objects.filter(version=version).exists():
            return MissingStep(_("Set the consultation period first."), "consultation")
    if to == VersionStatus.QUALITY_CHECKED:
        report = run_quality_check(version)
        if report.failures:
            return MissingStep(
                _("The quality check fails: %(checks)s")
                % {"checks": "; ".join(c.label for c in report.failures)},
                "quality",
            )
        if report.unexplained_warnings:
            return MissingStep(
                _("Record a reason for each warning first: %(checks)s")
                % {"checks": "; ".join(c.label for c in report.unexplained_warnings)},
                "quality",
            )
    if (
        to == VersionStatus.EVALUATED
        and not version.evaluations.filter(
            kind=EvaluationKind.FINAL, completed_on__isnull=False
        ).exists()
    ):
        return MissingStep(_("Complete the final evaluation first."), "evaluation_final")
    return None


@transaction.atomic
def transition_version(
    *, actor: Actor, version: PlanVersion, to: str, reason: str = ""
) -> PlanVersion:
    _require_editor(actor, version.plan)
    current = version.status
    if to not in ALLOWED_TRANSITIONS.get(current, set()):
        raise ValidationError(
            _("A version cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": VersionStatus(current).label,
                "to": VersionStatus(to).label if to in VersionStatus.values else to,
            }
        )
    step = missing_step(version, to)
    if step is not None:
        raise ValidationError(step.message)
    if to == VersionStatus.WITHDRAWN and not reason.strip():
        raise ValidationError(_("Give a reason for withdrawing the version."))
    _set_status(actor=actor, version=version, to=to, reason=reason)
    return version


def _set_status(*, actor: Actor, version: PlanVersion, to: str, reason: str = "") -> None:
    previous = version.status
    version.status = to
    version.status_changed_at = timezone.now()
    version.save(update_fields=["status", "status_changed_at", "updated_at"])
    _audit(
        actor,
        "plans.version.status_changed",
        version,
        version,
        **{"from": previous, "to": to, "reason": reason},
    )


@transaction.atomic
def update_version_plan_settings(
    *,
    actor: Actor,
    version: PlanVersion,
    period_start: dt.date | None,
    period_end: dt.date | None,
    reports_per_year: int | None,
    midterm_evaluation_on: dt.date | None,
    final_evaluation_on: dt.date | None,
    evaluator: str,
    target_groups: Sequence[str] = (),
) -> PlanVersion:
    _require_editor(actor, version.plan)
    _require_open_content(version)
    if period_start and period_end and period_end < period_start:
        raise ValidationError(_("The plan period cannot end before it starts."))
    for day in (midterm_evaluation_on, final_evaluation_on):
        if day and period_start and day < period_start:
            raise ValidationError(_("Evaluation dates cannot be before the plan period starts."))
    if (
        midterm_evaluation_on
        and final_evaluation_on
        and final_evaluation_on < midterm_evaluation_on
    ):
        raise ValidationError(_("The final evaluation cannot come before the mid-term evaluation."))
    known = {item.key for item in catalogues.target_groups()}
    if set(target_groups) - known:
        raise ValidationError(_("Unknown target group."))
    changed = _changed(version, {"period_start": period_start, "period_end": period_end})
    if changed:
        version.save(update_fields=[*changed, "updated_at"])
    settings = version_settings(version)
    changed += _changed(
        settings,
        {
            "reports_per_year": reports_per_year,
            "midterm_evaluation_on": midterm_evaluation_on,
            "final_evaluation_on": final_evaluation_on,
            "evaluator": evaluator,
            "target_groups": list(target_groups),
        },
    )
    settings.save()
    _audit(actor, "plans.version.settings_updated", version, version, fields=changed)
    return version


# --- Mandate --------------------------------------------------------------------------


@transaction.atomic
def save_mandate(*, actor: Actor, version: PlanVersion, **fields: Any) -> Mandate:
    _require_editor(actor, version.plan)
    _require_open_content(version)
    mandate = Mandate.objects.filter(version=version).first()
    created = mandate is None
    if mandate is None:
        mandate = Mandate(version=version)
    changed = _changed(mandate, fields)
    mandate.full_clean()
    mandate.save()
    _audit(
        actor,
        "plans.mandate.created" if created else "plans.mandate.updated",
        mandate,
        version,
        fields=changed,
    )
    return mandate


@transaction.atomic
def add_working_group_member(
    *,
    actor: Actor,
    version: PlanVersion,
    name: str,
    position: str = "",
    organisation: str = "",
    is_leader: bool = False,
    publish_name: bool = True,
) -> WorkingGroupMember:
    _require_editor(actor, version.plan)
    _require_open_content(version)
    if is_leader:
        version.working_group.filter(is_leader=True).update(is_leader=False)
    member = WorkingGroupMember.objects.create(
        version=version,
        name=name,
        position=position,
        organisation=organisation,
        is_leader=is_leader,
        publish_name=publish_name,
    )
    _audit(actor, "plans.working_group.member_added", member, version, leader=is_leader)
    return member


@transaction.atomic
def remove_working_group_member(*, actor: Actor, member: WorkingGroupMember) -> None:
    version = member.version
    _require_editor(actor, version.plan)
    _require_open_content(version)
    _audit(actor, "plans.working_group.member_removed", member, version)
    member.delete()


@transaction.atomic
def add_milestone(*, actor: Actor, version: PlanVersion, title: str, due_on: dt.date) -> Milestone:
    _require_editor(actor, version.plan)
    _require_open_content(version)
    milestone = Milestone.objects.create(version=version, title=title, due_on=due_on)
    _audit(actor, "plans.milestone.added", milestone, version, due_on=due_on)
    return milestone


# --- Mapping --------------------------------------------------------------------------


@transaction.atomic
def save_mapping(
    *, actor: Actor, version: PlanVersion, sections: dict[str, tuple[str, list[str]]]
) -> None:
    """`sections` maps topic → (text, checked checklist keys)."""
    _require_editor(actor, version.plan)
    _require_open_content(version)
    existing = {s.topic: s for s in version.mapping_sections.all()}
    changed = []
    for topic, (text, checked) in sections.items():
        if topic not in MappingTopic.values:
            raise ValidationError(_("Unknown mapping topic."))
        section = existing.get(topic) or MappingSection(version=version, topic=topic)
        if section._state.adding or section.text != text or section.checked != list(checked):
            section.text = text
            section.checked = list(checked)
            section.save()
            changed.append(topic)
    _audit(actor, "plans.mapping.updated", version, version, topics=changed)


# --- Focus areas, goals ---------------------------------------------------------------


@transaction.atomic
def save_area_choices(
    *,
    actor: Actor,
    version: PlanVersion,
    framework_key: str,
    choices: Iterable[dict[str, Any]],
) -> None:
    """Rank the framework's areas with reasons and choose the ones for the period."""
    _require_editor(actor, version.plan)
    _require_open_content(version)
    framework = catalogues.framework(framework_key)
    if framework is None:
        raise ValidationError(_("Unknown focus-area framework."))
    settings = version_settings(version)
    if (
        settings.framework_key
        and settings.framework_key != framework_key
        and (version.goals.exists() or version.measures.exclude(area_key="").exists())
    ):
        raise ValidationError(
            _("Goals or measures already refer to the current framework's areas.")
        )
    settings.framework_key = framework_key
    settings.framework_version = framework.version
    settings.save(update_fields=["framework_key", "framework_version", "updated_at"])
    valid = {area.key for area in framework.areas}
    version.area_choices.exclude(area_key__in=valid).delete()
    existing = {c.area_key: c for c in version.area_choices.all()}
    chosen = []
    for choice in choices:
        if choice["area_key"] not in valid:
            raise ValidationError(_("Unknown focus area."))
        if choice.get("chosen") and not (choice.get("reason") or "").strip():
            raise ValidationError(
                _("Give a reason for choosing “%(area)s”.")
                % {"area": framework.area(choice["area_key"]).title}  # type: ignore[union-attr]
            )
        row = existing.get(choice["area_key"]) or FocusAreaChoice(
            version=version, area_key=choice["area_key"]
        )
        row.rank = choice.get("rank")
        row.reason = choice.get("reason") or ""
        row.chosen = bool(choice.get("chosen"))
        row.save()
        if row.chosen:
            chosen.append(row.area_key)
    _audit(
        actor,
        "plans.areas.updated",
        version,
        version,
        framework=framework_key,
        chosen=chosen,
    )


def _check_area(version: PlanVersion, area_key: str) -> None:
    if not area_key:
        return
    chosen = set(version.area_choices.filter(chosen=True).values_list("area_key", flat=True))
    if area_key not in chosen:
        raise ValidationError(_("The focus area must be one chosen for this plan."))


@transaction.atomic
def save_goal(
    *, actor: Actor, version: PlanVersion, goal: Goal | None = None, **fields: Any
) -> Goal:
    _require_editor(actor, version.plan)
    _require_open_content(version)
    _check_area(version, fields.get("area_key", goal.area_key if goal else ""))
    created = goal is None
    goal = goal or Goal(version=version)
    changed = _changed(goal, fields)
    goal.save()
    _audit(
        actor,
        "plans.goal.created" if created else "plans.goal.updated",
        goal,
        version,
        fields=changed,
    )
    return goal


@transaction.atomic
def delete_goal(*, actor: Actor, goal: Goal) -> None:
    version = goal.version
    _require_editor(actor, version.plan)
    _require_open_content(version)
    _audit(actor, "plans.goal.deleted", goal, version, text=goal.text)
    goal.delete()


# --- Measures -------------------------------------------------------------------------


def _validate_measure(version: PlanVersion, fields: dict[str, Any]) -> None:
    start, deadline = fields.get("starts_on"), fields.get("deadline")
    if start and deadline and deadline < start:
        raise ValidationError(_("The deadline cannot be before the start."))
    _check_area(version, fields.get("area_key") or "")
    if set(fields.get("target_groups") or []) - {t.key for t in catalogues.target_groups()}:
        raise ValidationError(_("Unknown target group."))
    if set(fields.get("duties") or []) - {d.key for d in catalogues.duties()}:
        raise ValidationError(_("Unknown statutory duty."))
    for name in ("budget_nok", "staff_hours"):
        value = fields.get(name)
        if value is not None and value < 0:
            raise ValidationError(_("Resources cannot be negative."))


@transaction.atomic
def save_measure(
    *,
    actor: Actor,
    version: PlanVersion,
    measure: Measure | None = None,
    goals: Sequence[Goal] | None = None,
    **fields: Any,
) -> Measure:
    _require_editor(actor, version.plan)
    _require_open_content(version)
    merged = {name: getattr(measure, name) for name in fields} | fields if measure else dict(fields)
    if measure:
        for name in ("starts_on", "deadline", "area_key"):
            merged.setdefault(name, getattr(measure, name))
    _validate_measure(version, merged)
    if goals is not None and any(goal.version_id != version.pk for goal in goals):
        raise ValidationError(_("A goal from another version cannot be linked."))
    created = measure is None
    if measure is None:
        measure = Measure(version=version)
        number = version.measures.aggregate(top=Max("number"))["top"] or 0
        measure.number = number + 1
    changed = _changed(measure, fields)
    measure.save()
    if goals is not None:
        measure.goals.set(goals)
    _audit(
        actor,
        "plans.measure.created" if created else "plans.measure.updated",
        measure,
        version,
        fields=changed,
    )
    return measure


@transaction.atomic
def delete_measure(*, actor: Actor, measure: Measure) -> None:
    version = measure.version
    _require_editor(actor, version.plan)
    _require_open_content(version)
    _audit(actor, "plans.measure.deleted", measure, version, title=measure.title)
    measure.delete()


@dataclass
class ImportResult:
    created: list[Measure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@transaction.atomic
def import_measures(
    *, actor: Actor, version: PlanVersion, rows: list[dict[str, Any]], source: str
) -> ImportResult:
    """Create measures from parsed sheet rows (see imports.py). Every bad row is reported
    and, if any row is bad, nothing is created."""
    from samvern.plans.imports import validate_rows

    _require_editor(actor, version.plan)
    _require_open_content(version)
    cleaned, errors = validate_rows(version, rows)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    number = version.measures.aggregate(top=Max("number"))["top"] or 0
    for fields in cleaned:
        number += 1
        measure = Measure.objects.create(version=version, number=number, **fields)
        result.created.append(measure)
    _audit(
        actor,
        "plans.measure.imported",
        version,
        version,
        source=source,
        count=len(result.created),
    )
    return result


# --- Consultation ---------------------------------------------------------------------


@transaction.atomic
def save_consultation(
    *,
    actor: Actor,
    version: PlanVersion,
    opens_on: dt.date,
    closes_on: dt.date,
    description: str = "",
) -> Consultation:
    _require_editor(actor, version.plan)
    _require_open_content(version)
    if closes_on < opens_on:
        raise ValidationError(_("The consultation cannot close before it opens."))
    consultation, created = Consultation.objects.update_or_create(
        version=version,
        defaults={"opens_on": opens_on, "closes_on": closes_on, "description": description},
    )
    _audit(
        actor,
        "plans.consultation.created" if created else "plans.consultation.updated",
        consultation,
        version,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    return consultation


@transaction.atomic
def add_consultation_response(
    *,
    actor: Actor,
    version: PlanVersion,
    respondent: str,
    text: str,
    received_on: dt.date | None = None,
) -> ConsultationResponse:
    _require_editor(actor, version.plan)
    _require_open_content(version)
    if not Consultation.objects.filter(version=version).exists():
        raise ValidationError(_("Set the consultation period first."))
    response = ConsultationResponse.objects.create(
        version=version, respondent=respondent, text=text, received_on=received_on
    )
    _audit(actor, "plans.consultation.response_added", response, version, respondent=respondent)
    return response


@transaction.atomic
def weigh_response(
    *, actor: Actor, response: ConsultationResponse, weighing: str, reason: str
) -> ConsultationResponse:
    version = response.version
    _require_editor(actor, version.plan)
    _require_open_content(version)
    if weighing != "accepted" and not reason.strip():
        raise ValidationError(_("Explain why the response was not, or only partly, accepted."))
    response.weighing = weighing
    response.weighing_reason = reason
    response.save(update_fields=["weighing", "weighing_reason", "updated_at"])
    _audit(actor, "plans.consultation.response_weighed", response, version, weighing=weighing)
    return response


# --- Quality check --------------------------------------------------------------------


@transaction.atomic
def record_warning_reason(*, actor: Actor, version: PlanVersion, check: str, reason: str) -> None:
    _require_editor(actor, version.plan)
    _require_open_content(version)
    if check not in {"duties", "levels"}:
        raise ValidationError(_("Only warnings can be accepted with a reason."))
    if not reason.strip():
        raise ValidationError(_("The reason cannot be empty."))
    settings = version_settings(version)
    settings.warning_reasons = {**settings.warning_reasons, check: reason.strip()}
    settings.save(update_fields=["warning_reasons", "updated_at"])
    _audit(actor, "plans.quality.warning_accepted", version, version, check=check)


# --- Adoption -------------------------------------------------------------------------


@transaction.atomic
def record_adoption(
    *,
    actor: Actor,
    version: PlanVersion,
    municipality: Municipality,
    body: str,
    decided_on: dt.date,
    period_start: dt.date,
    period_end: dt.date,
    case_number: str = "",
    decision_url: str = "",
    reports_per_year: int | None = None,
    midterm_evaluation_on: dt.date | None = None,
    final_evaluation_on: dt.date | None = None,
    evaluator: str = "",
) -> Adoption:
    """One owning municipality's council adopts the version for itself."""
    plan = version.plan
    _require_editor(actor, plan)
    if municipality not in plan.municipalities.all():
        raise ValidationError(_("Only an owning municipality's council can adopt the plan."))
    if version.status not in {
        VersionStatus.QUALITY_CHECKED,
        VersionStatus.ADOPTED,
        VersionStatus.IMPLEMENTATION,
    }:
        raise ValidationError(_("The version must pass the quality check before adoption."))
    if version.status == VersionStatus.QUALITY_CHECKED:
        report = run_quality_check(version)
        if not report.passes:
            raise ValidationError(_("The quality check no longer passes; fix it before adoption."))
    if Adoption.objects.filter(version=version, municipality=municipality).exists():
        raise ValidationError(
            _("%(municipality)s has already adopted this version.") % {"municipality": municipality}
        )
    if period_end < period_start:
        raise ValidationError(_("The plan period cannot end before it starts."))
    # Councils often adopt some months before the period starts; a decision after the
    # period has ended, or more than a year before it starts, is a typing error.
    if decided_on > period_end or decided_on < period_start - dt.timedelta(days=366):
        raise ValidationError(
            _("The date of decision must lie within the plan period or the year before it.")
        )
    if decided_on > timezone.localdate():
        raise ValidationError(_("The date of decision cannot be in the future."))
    alive = lifetime(municipality)
    if not alive.contains(decided_on):
        raise ValidationError(
            _("%(municipality)s did not exist in its structure on %(date)s.")
            % {"municipality": municipality, "date": date_format(decided_on)}
        )
    for day in (midterm_evaluation_on, final_evaluation_on):
        if day and not period_start <= day <= period_end + dt.timedelta(days=366):
            raise ValidationError(
                _("Evaluation dates must lie within the plan period (or the year after it).")
            )
    settings = version_settings(version)
    adoption = Adoption.objects.create(
        version=version,
        municipality=municipality,
        body=body,
        decided_on=decided_on,
        case_number=case_number,
        decision_url=decision_url,
        period_start=period_start,
        period_end=period_end,
        reports_per_year=reports_per_year or settings.reports_per_year,
        midterm_evaluation_on=midterm_evaluation_on or settings.midterm_evaluation_on,
        final_evaluation_on=final_evaluation_on or settings.final_evaluation_on,
        evaluator=evaluator or settings.evaluator,
    )
    audit_log(
        actor=actor,
        action="plans.adoption.recorded",
        target=adoption,
        detail={
            "plan": str(plan.pk),
            "version": str(version.pk),
            "municipality": municipality.code,
            "decided_on": decided_on,
            "period": [period_start, period_end],
        },
    )
    if version.status == VersionStatus.QUALITY_CHECKED:
        _set_status(actor=actor, version=version, to=VersionStatus.ADOPTED)
        previous = version.previous
        if previous is not None and previous.status in ADOPTED_STATUSES - {
            VersionStatus.SUPERSEDED
        }:
            _set_status(actor=actor, version=previous, to=VersionStatus.SUPERSEDED)
    return adoption


# --- Implementation: reporting rounds -------------------------------------------------


@transaction.atomic
def create_reporting_round(
    *, actor: Actor, version: PlanVersion, title: str, due_date: dt.date
) -> ReportingRound:
    _require_editor(actor, version.plan)
    if version.status not in {VersionStatus.ADOPTED, VersionStatus.IMPLEMENTATION}:
        raise ValidationError(_("Reporting rounds start once the plan has been adopted."))
    round_ = ReportingRound.objects.create(version=version, title=title, due_date=due_date)
    _audit(actor, "plans.round.created", round_, version, due_date=due_date)
    return round_


@transaction.atomic
def open_reporting_round(*, actor: Actor, round: ReportingRound) -> ReportingRound:
    version = round.version
    _require_editor(actor, version.plan)
    if round.status != RoundStatus.PLANNED:
        raise ValidationError(_("Only a planned round can be opened."))
    round.status = RoundStatus.OPEN
    round.save(update_fields=["status", "updated_at"])
    _audit(actor, "plans.round.opened", round, version)
    if version.status == VersionStatus.ADOPTED:
        _set_status(actor=actor, version=version, to=VersionStatus.IMPLEMENTATION)
    return round


@transaction.atomic
def close_reporting_round(*, actor: Actor, round: ReportingRound) -> ReportingRound:
    version = round.version
    _require_editor(actor, version.plan)
    if round.status != RoundStatus.OPEN:
        raise ValidationError(_("Only an open round can be closed."))
    round.status = RoundStatus.CLOSED
    round.closed_on = timezone.localdate()
    round.save(update_fields=["status", "closed_on", "updated_at"])
    missing = version.measures.exclude(status_reports__round=round).count()
    _audit(actor, "plans.round.closed", round, version, measures_without_report=missing)
    return round


def can_report_on(actor: Actor, measure: Measure) -> bool:
    return can_edit_plan(actor, measure.version.plan) or (
        actor.is_authenticated and measure.responsible_user_id == actor.user_id
    )


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
) -> StatusReport:
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
            "spent_nok": spent_nok,
            "spent_hours": spent_hours,
            "reported_by": actor.user,
        },
    )
    _audit(
        actor,
        "plans.status_report.created" if created else "plans.status_report.updated",
        report,
        round.version,
        measure=str(measure.pk),
        status=status,
    )
    return report


# --- Evaluation and revision ----------------------------------------------------------


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
    measure_findings: dict[Any, tuple[bool, str]] | None = None,
    area_findings: dict[str, tuple[str, str]] | None = None,
    complete_on: dt.date | None = None,
) -> Evaluation:
    """Record an evaluation; `complete_on` marks it completed (a final evaluation then
    moves the version to *evaluated*)."""
    _require_editor(actor, version.plan)
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
    _audit(
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
        _set_status(actor=actor, version=version, to=VersionStatus.EVALUATED)
    return evaluation


@transaction.atomic
def revise_version(*, actor: Actor, version: PlanVersion) -> PlanVersion:
    """The next version: a copy of this one's group, mapping, areas, goals and the measures
    that are not finished, with the latest evaluation's findings carried into the mapping."""
    _require_editor(actor, version.plan)
    if version.status not in ADOPTED_STATUSES - {VersionStatus.SUPERSEDED}:
        raise ValidationError(_("Only an adopted version that is still current can be revised."))
    if PlanVersion.objects.filter(previous=version).exists():
        raise ValidationError(_("A revision of this version already exists."))
    number = (version.plan.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    new = PlanVersion.objects.create(
        plan=version.plan,
        number=number,
        title=version.title,
        previous=version,
        status=VersionStatus.INITIATIVE,
        status_changed_at=timezone.now(),
        started_on=timezone.localdate(),
    )
    old_settings = version_settings(version)
    VersionSettings.objects.create(
        version=new,
        framework_key=old_settings.framework_key,
        framework_version=old_settings.framework_version,
        target_groups=old_settings.target_groups,
        reports_per_year=old_settings.reports_per_year,
        evaluator=old_settings.evaluator,
    )
    for member in version.working_group.all():
        WorkingGroupMember.objects.create(
            version=new,
            name=member.name,
            position=member.position,
            organisation=member.organisation,
            is_leader=member.is_leader,
            publish_name=member.publish_name,
        )
    evaluation = (
        version.evaluations.filter(completed_on__isnull=False)
        .select_related("detail")
        .order_by("-completed_on")
        .first()
    )
    for section in version.mapping_sections.all():
        text = section.text
        if section.topic == MappingTopic.STRENGTHS_GAPS and evaluation is not None:
            detail = getattr(evaluation, "detail", None)
            if detail is not None and detail.summary:
                heading = _("Findings from the %(kind)s:") % {
                    "kind": evaluation.get_kind_display().lower()
                }
                text = f"{text}\n\n{heading}\n{detail.summary}".strip()
        MappingSection.objects.create(
            version=new, topic=section.topic, text=text, checked=section.checked
        )
    for choice in version.area_choices.all():
        FocusAreaChoice.objects.create(
            version=new,
            area_key=choice.area_key,
            rank=choice.rank,
            reason=choice.reason,
            chosen=choice.chosen,
        )
    goal_map = {}
    for goal in version.goals.all():
        goal_map[goal.pk] = Goal.objects.create(
            version=new,
            area_key=goal.area_key,
            kind=goal.kind,
            text=goal.text,
            indicator=goal.indicator,
            baseline=goal.baseline,
            target=goal.target,
            origin=goal,
        )
    finished = set()
    if evaluation is not None:
        finished = set(
            evaluation.measure_findings.filter(done=True).values_list("measure_id", flat=True)
        )
    latest_round = version.reporting_rounds.order_by("-due_date").first()
    if latest_round is not None:
        finished |= set(
            latest_round.status_reports.filter(
                status__in=[MeasureStatus.DONE, MeasureStatus.DROPPED]
            ).values_list("measure_id", flat=True)
        )
    carried = 0
    for measure in version.measures.prefetch_related("goals"):
        if measure.pk in finished:
            continue
        carried += 1
        copy = Measure.objects.create(
            version=new,
            number=carried,
            title=measure.title,
            description=measure.description,
            level=measure.level,
            area_key=measure.area_key,
            responsible_title=measure.responsible_title,
            responsible_unit=measure.responsible_unit,
            responsible_user=measure.responsible_user,
            budget_nok=measure.budget_nok,
            staff_hours=measure.staff_hours,
            target_groups=measure.target_groups,
            duties=measure.duties,
            origin=measure,
        )
        copy.goals.set([goal_map[g.pk] for g in measure.goals.all() if g.pk in goal_map])
    _audit(
        actor,
        "plans.version.revised",
        new,
        new,
        previous=str(version.pk),
        measures_carried=carried,
        measures_finished=len(finished),
    )
    return new
