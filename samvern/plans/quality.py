"""The administrative quality check, computed from a version's data.

Each check gives pass, warning or fail with the items that fail and a link to where they
are fixed. Adoption (and the quality-checked status) is blocked while anything fails;
every warning needs a recorded reason, except the warnings for the guideline's optional
steps, which only say what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samvern.plans import catalogues
from samvern.plans.models import (
    CommunicationItem,
    ConsultationResponse,
    Goal,
    Initiative,
    InvolvedGroup,
    Involvement,
    Measure,
    MeasureLevel,
    PlanVersion,
    QualityReview,
    SteeringGroupMember,
)


class Result:
    PASS = "pass"  # noqa: S105 (a check result, not a secret)
    WARNING = "warning"
    FAIL = "fail"


RESULT_LABELS = {
    Result.PASS: gettext_lazy("Passed"),
    Result.WARNING: gettext_lazy("Warning"),
    Result.FAIL: gettext_lazy("Failed"),
}


@dataclass
class Check:
    key: str
    label: str
    result: str
    problems: list[str] = field(default_factory=list)
    url: str = ""
    reason: str = ""
    # A step the national guideline leaves optional: its warning never blocks adoption
    # and needs no reason.
    optional: bool = False

    @property
    def result_label(self) -> str:
        return str(RESULT_LABELS[self.result])


@dataclass
class QualityReport:
    checks: list[Check]

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.result == Result.FAIL]

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if c.result == Result.WARNING]

    @property
    def unexplained_warnings(self) -> list[Check]:
        return [c for c in self.warnings if not c.reason and not c.optional]

    @property
    def passes(self) -> bool:
        return not self.failures and not self.unexplained_warnings


def _url(version: PlanVersion, name: str) -> str:
    return reverse(f"plans:{name}", args=[version.plan_id, version.pk])


def run_quality_check(version: PlanVersion) -> QualityReport:
    settings = getattr(version, "settings", None)
    measures = list(version.measures.all())
    goals = list(version.goals.all())
    chosen = list(version.area_choices.filter(chosen=True))
    framework = catalogues.framework(settings.framework_key) if settings else None
    reasons = (settings.warning_reasons if settings else {}) or {}
    checks: list[Check] = []

    incomplete = []
    for measure in measures:
        missing = []
        if not measure.has_who:
            missing.append(_("who"))
        if not measure.has_when:
            missing.append(_("when"))
        if not measure.has_resources:
            missing.append(_("resources"))
        if missing:
            incomplete.append(
                _("%(measure)s: missing %(missing)s")
                % {"measure": measure.title, "missing": ", ".join(missing)}
            )
    if not measures:
        incomplete.append(_("The plan has no measures yet."))
    checks.append(
        Check(
            "measures_complete",
            _("Every measure has who, when and resources"),
            Result.FAIL if incomplete else Result.PASS,
            incomplete,
            _url(version, "measures"),
        )
    )

    checks.append(
        Check(
            "two_areas",
            _("At least two focus areas are chosen"),
            Result.PASS if len(chosen) >= 2 else Result.FAIL,
            []
            if len(chosen) >= 2
            else [_("%(count)s focus area(s) chosen.") % {"count": len(chosen)}],
            _url(version, "areas"),
        )
    )

    measurable_areas = {g.area_key for g in goals if g.is_measurable}
    without_goal = [
        (
            framework.area(c.area_key).title  # type: ignore[union-attr]
            if framework and framework.area(c.area_key)
            else c.area_key
        )
        for c in chosen
        if c.area_key not in measurable_areas
    ]
    checks.append(
        Check(
            "area_goals",
            _("Every chosen focus area has a measurable goal"),
            Result.FAIL if without_goal or not chosen else Result.PASS,
            [
                _("No measurable goal (indicator and target) for: %(area)s") % {"area": a}
                for a in without_goal
            ],
            _url(version, "goals"),
        )
    )

    routine_problems = []
    if not settings or not settings.reports_per_year:
        routine_problems.append(_("The reporting routine (reports per year) is not set."))
    if not settings or not settings.midterm_evaluation_on or not settings.final_evaluation_on:
        routine_problems.append(_("Mid-term and final evaluation dates are not both set."))
    checks.append(
        Check(
            "reporting_evaluation",
            _("Reporting routine and evaluation dates are set"),
            Result.FAIL if routine_problems else Result.PASS,
            routine_problems,
            _url(version, "period"),
        )
    )

    checks.append(
        Check(
            "period",
            _("The plan period is set"),
            Result.PASS if version.period_start and version.period_end else Result.FAIL,
            [] if version.period_start and version.period_end else [_("No plan period.")],
            _url(version, "period"),
        )
    )

    consultation = getattr(version, "consultation", None)
    responses: list[ConsultationResponse] = list(version.consultation_responses.all())
    consultation_problems = []
    if consultation is None:
        consultation_problems.append(_("No public consultation has been recorded."))
    unweighed = [r.respondent for r in responses if not r.weighing]
    if unweighed:
        consultation_problems.append(
            _("Responses not yet weighed: %(names)s") % {"names": ", ".join(unweighed)}
        )
    checks.append(
        Check(
            "consultation",
            _("Public consultation held and every response answered"),
            Result.FAIL if consultation_problems else Result.PASS,
            consultation_problems,
            _url(version, "consultation"),
        )
    )

    served = {duty for m in measures for duty in m.duties}
    unserved = [d.title for d in catalogues.duties() if d.key not in served]
    checks.append(
        Check(
            "duties",
            _("Every statutory duty is served by a measure"),
            Result.WARNING if unserved else Result.PASS,
            [_("No measure for: %(duty)s") % {"duty": d} for d in unserved],
            _url(version, "measures"),
            reasons.get("duties", "") if unserved else "",
        )
    )

    used_levels = {m.level for m in measures}
    empty_levels = [label for value, label in MeasureLevel.choices if value not in used_levels]
    checks.append(
        Check(
            "levels",
            _("Measures on all four levels"),
            Result.WARNING if empty_levels else Result.PASS,
            [_("No measure on the level: %(level)s") % {"level": lvl} for lvl in empty_levels],
            _url(version, "measures"),
            reasons.get("levels", "") if empty_levels else "",
        )
    )
    checks.extend(guideline_checks(version))
    return QualityReport(checks)


def guideline_checks(version: PlanVersion) -> list[Check]:
    """The guideline's steps beside the text (initiative, steering group, involvement,
    communication plan, external review): a warning for each one missing, none of them
    blocking, since the guideline recommends them without requiring them. One query."""
    heard = Involvement.objects.filter(version=OuterRef("pk"))
    facts = (
        PlanVersion.objects.filter(pk=version.pk)
        .annotate(
            has_initiative=Exists(Initiative.objects.filter(version=OuterRef("pk"))),
            has_steering=Exists(SteeringGroupMember.objects.filter(version=OuterRef("pk"))),
            has_users=Exists(heard.filter(group=InvolvedGroup.USERS)),
            has_children=Exists(
                heard.filter(group__in=[InvolvedGroup.CHILDREN, InvolvedGroup.YOUNG_PEOPLE])
            ),
            has_communication=Exists(CommunicationItem.objects.filter(version=OuterRef("pk"))),
            has_review=Exists(QualityReview.objects.filter(version=OuterRef("pk"))),
        )
        .values(
            "has_initiative",
            "has_steering",
            "has_users",
            "has_children",
            "has_communication",
            "has_review",
        )
        .get()
    )

    def step(key: str, label: str, problems: list[str], page: str) -> Check:
        result = Result.WARNING if problems else Result.PASS
        return Check(key, label, result, problems, _url(version, page), optional=True)

    involvement = []
    if not facts["has_users"]:
        involvement.append(_("No users of the services have been recorded as heard."))
    if not facts["has_children"]:
        involvement.append(_("No children or young people have been recorded as heard."))
    return [
        step(
            "initiative",
            _("The initiative is recorded: who proposed the plan, when and why"),
            [] if facts["has_initiative"] else [_("No initiative recorded.")],
            "initiative",
        ),
        step(
            "steering_group",
            _("A steering group at management level anchors the plan"),
            [] if facts["has_steering"] else [_("No steering group recorded.")],
            "steering_group",
        ),
        step(
            "involvement",
            _("Users, young people and children were heard"),
            involvement,
            "involvement",
        ),
        step(
            "communication",
            _("An implementation and communication plan is made"),
            [] if facts["has_communication"] else [_("No communication items yet.")],
            "communication",
        ),
        step(
            "quality_review",
            _("A named person outside the working group reviewed the draft"),
            [] if facts["has_review"] else [_("No external quality review recorded.")],
            "quality_review",
        ),
    ]


def quality_prefetch() -> list[Prefetch]:
    return [
        Prefetch("measures", queryset=Measure.objects.order_by("number")),
        Prefetch("goals", queryset=Goal.objects.all()),
    ]
