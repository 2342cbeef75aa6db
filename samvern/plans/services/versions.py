"""Plans and their versions: creation, co-ownership, the lifecycle's transitions, the plan
period, accepted quality warnings, a council's adoption and the revision into a next
version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

import samvern.plans.services.councils as councils
from samvern.accounts.actor import Actor
from samvern.audit.services import audit_log
from samvern.places.lifetime import lifetime
from samvern.places.models import CURRENT_STRUCTURE, Municipality
from samvern.plans import catalogues
from samvern.plans.access import editable_municipality_ids
from samvern.plans.lineage import finished_measures
from samvern.plans.models import (
    ADOPTED_STATUSES,
    Adoption,
    Consultation,
    CoOwnerInvitation,
    EvaluationKind,
    FocusAreaChoice,
    Goal,
    InvitationStatus,
    Mandate,
    MappingSection,
    MappingTopic,
    Measure,
    Plan,
    PlanVersion,
    VersionSettings,
    VersionStatus,
    WorkingGroupMember,
)
from samvern.plans.quality import run_quality_check
from samvern.plans.services.common import (
    apply_changes,
    audit_change,
    require_editor,
    require_open_content,
    set_status,
    version_settings,
)
from samvern.plans.services.data import AdoptionData

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


@transaction.atomic
def invite_co_owner(*, actor: Actor, plan: Plan, municipality: Municipality) -> CoOwnerInvitation:
    """Invite a municipality to co-own the plan; it has no part in it until it accepts."""
    require_editor(actor, plan)
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


def _has_mandate(version: PlanVersion) -> bool:
    """The shared mandate, or (for a plan of several municipalities) a mandate from each
    owning municipality's own council."""
    if Mandate.objects.filter(version=version).exists():
        return True
    owners = {m.pk for m in version.plan.municipalities.all()}
    given = set(version.council_mandates.values_list("municipality_id", flat=True))
    return len(owners) > 1 and owners <= given


def missing_step(version: PlanVersion, to: str) -> MissingStep | None:
    """The work still missing before `version` can move to `to`, or None. The overview's
    "next step" links there instead of offering a transition that would be refused."""
    if to == VersionStatus.MANDATED and not _has_mandate(version):
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
    require_editor(actor, version.plan)
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
    set_status(actor=actor, version=version, to=to, reason=reason)
    return version


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
    require_editor(actor, version.plan)
    require_open_content(version, actor)
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
    changed = apply_changes(version, {"period_start": period_start, "period_end": period_end})
    if changed:
        version.save(update_fields=[*changed, "updated_at"])
    settings = version_settings(version)
    changed += apply_changes(
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
    audit_change(actor, "plans.version.settings_updated", version, version, fields=changed)
    return version


@transaction.atomic
def record_warning_reason(*, actor: Actor, version: PlanVersion, check: str, reason: str) -> None:
    require_editor(actor, version.plan)
    require_open_content(version, actor)
    if check not in {"duties", "levels"}:
        raise ValidationError(_("Only warnings can be accepted with a reason."))
    if not reason.strip():
        raise ValidationError(_("The reason cannot be empty."))
    settings = version_settings(version)
    settings.warning_reasons = {**settings.warning_reasons, check: reason.strip()}
    settings.save(update_fields=["warning_reasons", "updated_at"])
    audit_change(actor, "plans.quality.warning_accepted", version, version, check=check)


@transaction.atomic
def record_adoption(*, actor: Actor, version: PlanVersion, data: AdoptionData) -> Adoption:
    """One owning municipality's council adopts the version for itself."""
    municipality, decided_on = data.municipality, data.decided_on
    period_start, period_end = data.period_start, data.period_end
    plan = version.plan
    require_editor(actor, plan)
    if municipality not in plan.municipalities.all():
        raise ValidationError(_("Only an owning municipality's council can adopt the plan."))
    if version.status not in {
        VersionStatus.QUALITY_CHECKED,
        VersionStatus.ADOPTED,
        VersionStatus.IMPLEMENTATION,
    }:
        raise ValidationError(_("The version must pass the quality check before adoption."))
    # The check is run again when the text may have changed since it passed: before the
    # first council's decision, and after an amendment that sends it back to a council.
    amended = Adoption.objects.filter(version=version, amended_at__isnull=False).exists()
    if version.status == VersionStatus.QUALITY_CHECKED or amended:
        report = run_quality_check(version)
        if not report.passes:
            raise ValidationError(_("The quality check no longer passes; fix it before adoption."))
    existing = Adoption.objects.filter(version=version, municipality=municipality).first()
    if existing is not None and existing.amended_at is None:
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
    for day in (data.midterm_evaluation_on, data.final_evaluation_on):
        if day and not period_start <= day <= period_end + dt.timedelta(days=366):
            raise ValidationError(
                _("Evaluation dates must lie within the plan period (or the year after it).")
            )
    settings = version_settings(version)
    # Follow-up the decision leaves blank is the version's.
    follow_up = {
        "reports_per_year": data.reports_per_year or settings.reports_per_year,
        "midterm_evaluation_on": data.midterm_evaluation_on or settings.midterm_evaluation_on,
        "final_evaluation_on": data.final_evaluation_on or settings.final_evaluation_on,
        "evaluator": data.evaluator or settings.evaluator,
    }
    if existing is not None:
        # The council adopts the text again after it was amended.
        return councils.readopt(actor=actor, adoption=existing, data=data, follow_up=follow_up)
    adoption = Adoption.objects.create(version=version, **(data.as_fields() | follow_up))
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
        set_status(actor=actor, version=version, to=VersionStatus.ADOPTED)
    # The revision replaces the earlier version for this municipality only.
    councils.supersede_for_municipality(
        actor=actor, version=version, municipality=municipality, decided_on=decided_on
    )
    return adoption


@transaction.atomic
def revise_version(*, actor: Actor, version: PlanVersion) -> PlanVersion:
    """The next version: a copy of this one's group, mapping, areas, goals and the measures
    that are not finished, with the latest evaluation's findings carried into the mapping.

    Each copied goal and measure points at its `origin`; a measure keeps its number, dates,
    owner, municipalities, resources, target groups, duties and goals (see
    `samvern.plans.lineage`)."""
    require_editor(actor, version.plan)
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
            indicator_key=goal.indicator_key,
            indicator_version=goal.indicator_version,
            baseline=goal.baseline,
            target=goal.target,
            origin=goal,
        )
    finished = finished_measures(version)
    carried = _carry_measures(version, new, goal_map, finished)
    from samvern.plans.services.guideline import copy_guideline_steps

    copy_guideline_steps(version, new)
    audit_change(
        actor,
        "plans.version.revised",
        new,
        new,
        previous=str(version.pk),
        measures_carried=carried,
        measures_finished=len(finished),
    )
    return new


def _carry_measures(
    version: PlanVersion,
    new: PlanVersion,
    goal_map: dict[Any, Goal],
    finished: Mapping[Any, str],
) -> int:
    """Copy `version`'s unfinished measures into `new` as they are, number included;
    renumbering is a deliberate act of its own (`renumber_measures`)."""
    carried = 0
    for measure in version.measures.prefetch_related("goals", "municipalities"):
        if measure.pk in finished:
            continue
        carried += 1
        copy = Measure.objects.create(
            version=new,
            number=measure.number,
            title=measure.title,
            description=measure.description,
            level=measure.level,
            area_key=measure.area_key,
            responsible_title=measure.responsible_title,
            responsible_unit=measure.responsible_unit,
            responsible_user_id=measure.responsible_user_id,
            responsible_organisation_id=measure.responsible_organisation_id,
            starts_on=measure.starts_on,
            deadline=measure.deadline,
            budget_nok=measure.budget_nok,
            staff_hours=measure.staff_hours,
            target_groups=measure.target_groups,
            duties=measure.duties,
            origin=measure,
        )
        copy.goals.set([goal_map[g.pk] for g in measure.goals.all() if g.pk in goal_map])
        copy.municipalities.set(list(measure.municipalities.all()))
    return carried
