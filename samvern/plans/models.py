"""Municipal action plans against violence in close relationships.

A Plan is owned by one or more municipalities; it has versions (the first plan, its
revision, …). Each owning municipality's council adopts a version for itself: a version is
in force for a municipality only from that council's adoption and within its period.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samvern.core import limits
from samvern.core.models import BaseModel
from samvern.core.numbers import format_number
from samvern.plans import catalogues
from samvern.plans.catalogues import IndicatorDefinition


class PlanOrigin(models.TextChoices):
    SAMVERN = "samvern", _("Made in Samvern")
    REGISTERED = "registered", _("Registered (made elsewhere)")


class VersionStatus(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    MANDATED = "mandated", _("Mandated")
    DRAFTING = "drafting", _("Drafting")
    CONSULTATION = "consultation", _("Public consultation")
    QUALITY_CHECKED = "quality_checked", _("Quality checked")
    ADOPTED = "adopted", _("Adopted")
    IMPLEMENTATION = "implementation", _("In implementation")
    EVALUATED = "evaluated", _("Evaluated")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses in which at least one council has adopted the version.
ADOPTED_STATUSES = frozenset(
    {
        VersionStatus.ADOPTED,
        VersionStatus.IMPLEMENTATION,
        VersionStatus.EVALUATED,
        VersionStatus.SUPERSEDED,
    }
)
# Statuses before adoption: the plan is being made.
DRAFT_STATUSES = frozenset(
    {
        VersionStatus.INITIATIVE,
        VersionStatus.MANDATED,
        VersionStatus.DRAFTING,
        VersionStatus.CONSULTATION,
        VersionStatus.QUALITY_CHECKED,
    }
)


class Plan(BaseModel):
    title = models.CharField(_("title"), max_length=300)
    origin = models.CharField(
        _("origin"), max_length=16, choices=PlanOrigin.choices, default=PlanOrigin.SAMVERN
    )
    municipalities = models.ManyToManyField(
        "places.Municipality", related_name="plans", verbose_name=_("owning municipalities")
    )
    # Where a registered plan's facts come from, for the public page's source line: the
    # organisation (never a person) that registered it, and the day.
    registered_by = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    # Why the plan was registered although another plan covers part of the same period for
    # one of its municipalities (the registry asks before it accepts such a plan).
    overlap_reason = limits.bounded_text(_("reason for the overlap"), limits.LINE, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.title

    @property
    def is_inter_municipal(self) -> bool:
        return self.municipalities.count() > 1


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation", "Declined")


class CoOwnerInvitation(BaseModel):
    """An owner's invitation to another municipality to co-own a plan. The municipality
    becomes an owner (edits, adopts, counts in the overview) only when a plan editor of
    its own organisation accepts; until then it has no part in the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="invitations")
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited municipality"),
    )
    invited_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("co-ownership invitation")
        verbose_name_plural = _("co-ownership invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "municipality"],
                condition=models.Q(status="pending"),
                name="coownerinvitation_one_pending_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} → {self.municipality}"


class PlanVersion(BaseModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.INITIATIVE
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    period_start = models.DateField(_("plan period from"), null=True, blank=True)
    period_end = models.DateField(_("plan period to"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    # The day work on this version began (initiative, revision or the registered start of
    # preparation). The overview counts a plan as "being prepared" from this day, so the
    # figures for a chosen date never depend on when a row happened to be written.
    started_on = models.DateField(_("work started"), null=True, blank=True)
    # The coordinator can freeze the text for adoption before the last council has
    # decided; an amendment after a council's adoption sends the plan back to it.
    frozen_at = models.DateTimeField(_("frozen for adoption"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number"),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="planversion_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class Adoption(BaseModel):
    """One council's adoption of a plan version, for its own municipality."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="adoptions")
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("municipality"),
    )
    body = models.CharField(_("deciding body"), max_length=200)
    decided_on = models.DateField(_("date of decision"))
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    decision_url = models.URLField(_("link to the decision"), blank=True)
    decision_document = models.FileField(
        _("decision document"), upload_to="plans/decisions/%Y/", blank=True
    )
    period_start = models.DateField(_("plan period from"))
    period_end = models.DateField(_("plan period to"))
    reports_per_year = models.PositiveSmallIntegerField(
        _("status reports per year"), null=True, blank=True
    )
    midterm_evaluation_on = models.DateField(_("mid-term evaluation"), null=True, blank=True)
    final_evaluation_on = models.DateField(_("final evaluation"), null=True, blank=True)
    evaluator = models.CharField(_("who evaluates"), max_length=200, blank=True)
    # The day this municipality's council adopted the next version: from then on this
    # adoption no longer puts the plan in force for the municipality. The other owning
    # municipalities keep their own adoption until their councils decide.
    superseded_on = models.DateField(_("superseded for the municipality on"), null=True, blank=True)
    # The shared text was changed after this decision: the council must adopt it again.
    amended_at = models.DateTimeField(_("text amended after the decision"), null=True, blank=True)

    class Meta:
        ordering = ["decided_on"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "municipality"], name="adoption_unique_per_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="adoption_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "period_start", "period_end"])]

    def __str__(self) -> str:
        return f"{self.municipality} · {self.body} · {self.decided_on}"


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for reporting")
    CLOSED = "closed", _("Closed")


class ReportingRound(BaseModel):
    """One round of status reporting on a version's measures (e.g. the spring round)."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="reporting_rounds"
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    narrative = limits.bounded_text(
        _("summary for the council"),
        limits.COMMENT,
        blank=True,
        help_text=_("A short account of the period, written by the coordinator."),
    )
    recommendation = limits.bounded_text(_("recommendation"), limits.COMMENT, blank=True)

    class Meta:
        ordering = ["version", "due_date"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")

    def __str__(self) -> str:
        return self.title


class EvaluationKind(models.TextChoices):
    MIDTERM = "midterm", _("Mid-term evaluation")
    FINAL = "final", _("Final evaluation")


class Evaluation(BaseModel):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(_("kind"), max_length=10, choices=EvaluationKind.choices)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["version", "kind"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="evaluation_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.get_kind_display()}"


# --- The lifecycle in detail (Samvern-made plans) -------------------------------------
# A version carries everything the working group produces; a revision copies it forward.


class Mandate(BaseModel):
    """The political mandate to make (or revise) the plan."""

    version = models.OneToOneField(PlanVersion, on_delete=models.CASCADE, related_name="mandate")
    body = models.CharField(_("deciding body"), max_length=200)
    decided_on = models.DateField(_("date of decision"))
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    text = limits.bounded_text(_("mandate text"), limits.LONG_TEXT, blank=True)
    budget_nok = models.DecimalField(
        _("budget (NOK)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    staff_hours = models.PositiveIntegerField(_("staff hours"), null=True, blank=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

    def __str__(self) -> str:
        return f"{self.body} · {self.decided_on}"


class WorkingGroupMember(BaseModel):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="working_group")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    is_leader = models.BooleanField(_("leads the working group"), default=False)
    publish_name = models.BooleanField(
        _("name may be published"),
        default=True,
        help_text=_("Shown on the public plan page and in the plan document."),
    )

    class Meta:
        ordering = ["-is_leader", "name"]
        verbose_name = _("working-group member")
        verbose_name_plural = _("working-group members")

    def __str__(self) -> str:
        return self.name


class Milestone(BaseModel):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("date"))

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class MappingTopic(models.TextChoices):
    POPULATION = "population", _("Population and age structure")
    SERVICES_EXPOSED = "services_exposed", _("Services for those exposed")
    SERVICES_PERPETRATORS = "services_perpetrators", _("Services for those who use violence")
    SERVICES_CHILDREN = "services_children", _("Services for children")
    COOPERATION = "cooperation", _("Cooperation routines")
    COMPETENCE = "competence", _("Staff competence")
    RISK_GROUPS = "risk_groups", _("Groups at particular risk")
    STRENGTHS_GAPS = "strengths_gaps", _("Strengths and gaps")
    RELATED_PLANS = "related_plans", _("Related plans")


class MappingSection(BaseModel):
    """One section of the mapping of the local situation: free text plus a checklist."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="mapping_sections"
    )
    topic = models.CharField(_("topic"), max_length=32, choices=MappingTopic.choices)
    text = limits.bounded_text(_("description"), limits.LONG_TEXT, blank=True)
    checked = models.JSONField(_("checklist"), default=list, blank=True)

    class Meta:
        ordering = ["version", "topic"]
        verbose_name = _("mapping section")
        verbose_name_plural = _("mapping sections")
        constraints = [
            models.UniqueConstraint(fields=["version", "topic"], name="mapping_unique_topic")
        ]

    def __str__(self) -> str:
        return self.get_topic_display()


class FocusAreaChoice(BaseModel):
    """The working group's ranking of one area of the version's framework."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="area_choices")
    area_key = models.CharField(_("focus area"), max_length=60)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    reason = limits.bounded_text(_("reason"), limits.COMMENT, blank=True)
    chosen = models.BooleanField(_("chosen for the period"), default=False)

    class Meta:
        ordering = ["version", "rank", "area_key"]
        verbose_name = _("focus-area choice")
        verbose_name_plural = _("focus-area choices")
        constraints = [
            models.UniqueConstraint(fields=["version", "area_key"], name="areachoice_unique_area")
        ]

    def __str__(self) -> str:
        return self.area_key


class GoalKind(models.TextChoices):
    USER = "user", _("User-oriented")
    ORGANISATIONAL = "organisational", _("Organisational")
    SOCIETY = "society", _("Society-oriented")


class Goal(BaseModel):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    area_key = models.CharField(_("focus area"), max_length=60)
    kind = models.CharField(_("kind of goal"), max_length=16, choices=GoalKind.choices)
    text = models.CharField(_("goal"), max_length=500)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    # The catalogue definition the indicator was chosen from (blank: free text), and the
    # version of the catalogue file it was chosen in.
    indicator_key = models.CharField(_("indicator definition"), max_length=60, blank=True)
    indicator_version = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline = models.CharField(_("baseline"), max_length=120, blank=True)
    target = models.CharField(_("target"), max_length=120, blank=True)
    origin = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["version", "area_key", "created_at"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text

    @property
    def is_measurable(self) -> bool:
        return bool(self.indicator and self.target)

    @property
    def indicator_definition(self) -> IndicatorDefinition | None:
        return catalogues.indicator(self.indicator_key)

    @property
    def indicator_name(self) -> str:
        """The definition's name in the active language, else the free text."""
        definition = self.indicator_definition
        return definition.title if definition else self.indicator

    @property
    def unit_label(self) -> str:
        """The unit written after a value: the definition's, or "%" when a free-text
        indicator writes both its baseline and its target as percentages."""
        definition = self.indicator_definition
        if definition is not None:
            return definition.unit_label
        return "%" if "%" in self.baseline and "%" in self.target else ""

    @property
    def latest_measurement(self) -> IndicatorMeasurement | None:
        """The most recent measurement (uses the prefetched measurements when present)."""
        measurements = list(self.measurements.all())
        return measurements[-1] if measurements else None


class IndicatorMeasurement(BaseModel):
    """One measured value of a goal's indicator."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measurements")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    measured_on = models.DateField(_("date measured"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    comment = limits.bounded_text(_("comment"), limits.COMMENT, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["goal", "measured_on", "created_at"]
        verbose_name = _("indicator measurement")
        verbose_name_plural = _("indicator measurements")
        indexes = [models.Index(fields=["goal", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.goal} · {self.measured_on}: {self.value}"

    @property
    def value_text(self) -> str:
        """The value with its goal's unit, in the active language: "32,5 %"."""
        return value_with_unit(self.value, self.goal.unit_label)


def value_with_unit(value: Decimal | None, unit: str) -> str:
    figure = format_number(value)
    if value is None or not unit:
        return figure
    # A no-break space keeps the unit with its figure at a line break.
    return f"{figure}\u00a0{unit}"


class MeasureLevel(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Knowledge for all residents")
    COMPETENCE = "competence", _("Competence for professionals")
    ROUTINES = "routines", _("Routines and procedures")
    HELP = "help", _("Help for those exposed, those who use violence and children")


class Measure(BaseModel):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("no."), default=0)
    title = models.CharField(_("measure"), max_length=300)
    description = limits.bounded_text(_("description"), limits.COMMENT, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=MeasureLevel.choices)
    area_key = models.CharField(_("focus area"), max_length=60, blank=True)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="measures", verbose_name=_("goals")
    )
    responsible_title = models.CharField(_("responsible (job title)"), max_length=200, blank=True)
    responsible_unit = models.CharField(_("service unit"), max_length=200, blank=True)
    responsible_user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_measures",
        verbose_name=_("unit manager (user)"),
        help_text=_("Receives reporting reminders and sees the measure under “My measures”."),
    )
    responsible_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_measures",
        verbose_name=_("responsible organisation"),
        help_text=_(
            "A partner agency that carries out the measure (police, crisis centre, health "
            "trust …). Its users see and report it under “My measures”."
        ),
    )
    municipalities = models.ManyToManyField(
        "places.Municipality",
        blank=True,
        related_name="plan_measures",
        verbose_name=_("municipalities"),
        help_text=_(
            "In an inter-municipal plan: the municipalities the measure belongs to. "
            "Empty means all of them."
        ),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    budget_nok = models.DecimalField(
        _("money (NOK)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    staff_hours = models.PositiveIntegerField(_("staff hours"), null=True, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    duties = models.JSONField(_("statutory duties"), default=list, blank=True)
    origin = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The measure in the previous version this one was copied from.",
    )

    class Meta:
        ordering = ["version", "number", "created_at"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(deadline__isnull=True)
                | models.Q(deadline__gte=models.F("starts_on")),
                name="measure_deadline_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_who(self) -> bool:
        return bool(self.responsible_title and self.responsible_unit)

    @property
    def responsible_short(self) -> str:
        """Who carries the measure out, for a table column: the partner organisation when
        one is responsible (the police, the crisis centre), else the municipal unit."""
        organisation = self.responsible_organisation if self.responsible_organisation_id else None
        return organisation.name if organisation is not None else self.responsible_unit

    @property
    def responsible_full(self) -> str:
        """Job title, unit and responsible organisation, as far as they are recorded."""
        organisation = self.responsible_organisation if self.responsible_organisation_id else None
        parts = [
            self.responsible_title,
            self.responsible_unit,
            organisation.name if organisation is not None else "",
        ]
        return ", ".join(p for p in parts if p)

    @property
    def has_when(self) -> bool:
        return bool(self.starts_on and self.deadline)

    @property
    def has_resources(self) -> bool:
        return self.budget_nok is not None or self.staff_hours is not None


class Consultation(BaseModel):
    version = models.OneToOneField(
        PlanVersion, on_delete=models.CASCADE, related_name="consultation"
    )
    opens_on = models.DateField(_("consultation opens"))
    closes_on = models.DateField(_("consultation closes"))
    description = limits.bounded_text(_("who was invited"), limits.COMMENT, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="consultation_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.opens_on}–{self.closes_on}"


class Weighing(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class ConsultationResponse(BaseModel):
    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="consultation_responses"
    )
    respondent = models.CharField(_("from"), max_length=200)
    received_on = models.DateField(_("received"), null=True, blank=True)
    text = limits.bounded_text(_("response"), limits.LONG_TEXT)
    weighing = models.CharField(_("weighing"), max_length=16, choices=Weighing.choices, blank=True)
    weighing_reason = limits.bounded_text(_("reason"), limits.COMMENT, blank=True)

    class Meta:
        ordering = ["version", "received_on", "created_at"]
        verbose_name = _("consultation response")
        verbose_name_plural = _("consultation responses")

    def __str__(self) -> str:
        return self.respondent


class VersionSettings(BaseModel):
    """Per version: framework, target groups, reporting rule, evaluation plan and the
    reasons recorded for accepting quality-check warnings."""

    version = models.OneToOneField(PlanVersion, on_delete=models.CASCADE, related_name="settings")
    framework_key = models.CharField(_("focus-area framework"), max_length=60, blank=True)
    framework_version = models.PositiveSmallIntegerField(null=True, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    reports_per_year = models.PositiveSmallIntegerField(
        _("status reports per year"), null=True, blank=True
    )
    midterm_evaluation_on = models.DateField(_("mid-term evaluation"), null=True, blank=True)
    final_evaluation_on = models.DateField(_("final evaluation"), null=True, blank=True)
    evaluator = models.CharField(_("who evaluates"), max_length=200, blank=True)
    warning_reasons = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("version settings")
        verbose_name_plural = _("version settings")

    def __str__(self) -> str:
        return str(self.version)


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class StatusReport(BaseModel):
    """A responsible unit's status for one measure in one reporting round."""

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="status_reports"
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="status_reports")
    status = models.CharField(_("status"), max_length=16, choices=MeasureStatus.choices)
    comment = limits.bounded_text(_("comment"), limits.COMMENT, blank=True)
    comment_public = models.BooleanField(
        _("the comment may be published"),
        default=False,
        help_text=_("Otherwise only the status is shown on the public plan page."),
    )
    spent_nok = models.DecimalField(
        _("money used (NOK)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    # Hours in halves and quarters ("12,5"); empty when the unit does not know.
    spent_hours = models.DecimalField(
        _("hours used"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    reported_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["round", "measure__number"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(fields=["round", "measure"], name="statusreport_unique")
        ]

    def __str__(self) -> str:
        return f"{self.measure} · {self.get_status_display()}"


class EvaluationOutcome(models.TextChoices):
    RENEW = "renew", _("Renew the plan as it is")
    REVISE = "revise", _("Revise the plan")


class GoalAttainment(models.TextChoices):
    REACHED = "reached", _("Reached")
    PARTLY = "partly", _("Partly reached")
    NOT_REACHED = "not_reached", _("Not reached")


class EvaluationDetail(BaseModel):
    """What an evaluation found, beyond the facts the overview reads from Evaluation."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="detail")
    evaluator = models.CharField(_("who evaluated"), max_length=200, blank=True)
    summary = limits.bounded_text(_("summary of findings"), limits.LONG_TEXT, blank=True)
    partner_feedback = limits.bounded_text(
        _("feedback from partners"), limits.LONG_TEXT, blank=True
    )
    council_feedback = limits.bounded_text(
        _("feedback from the councils"), limits.LONG_TEXT, blank=True
    )
    duties_met = limits.bounded_text(
        _("how statutory duties were met"), limits.LONG_TEXT, blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=EvaluationOutcome.choices, blank=True
    )

    class Meta:
        verbose_name = _("evaluation findings")
        verbose_name_plural = _("evaluation findings")

    def __str__(self) -> str:
        return str(self.evaluation)


class MeasureEvaluation(BaseModel):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="measure_findings"
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="evaluations")
    done = models.BooleanField(_("done"), default=False)
    why = limits.bounded_text(_("why / why not"), limits.COMMENT, blank=True)

    class Meta:
        ordering = ["evaluation", "measure__number"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "measure"], name="measureeval_unique")
        ]


class AreaAttainment(BaseModel):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="area_findings"
    )
    area_key = models.CharField(_("focus area"), max_length=60)
    attainment = models.CharField(
        _("goal attainment"), max_length=16, choices=GoalAttainment.choices
    )
    comment = limits.bounded_text(_("comment"), limits.COMMENT, blank=True)

    class Meta:
        ordering = ["evaluation", "area_key"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "area_key"], name="areaattain_unique")
        ]


class SentReminder(BaseModel):
    """What reminder was sent to whom, so that running the command again sends nothing twice."""

    key = models.CharField(max_length=200)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="sentreminder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient}"


# --- Each council on its own terms, and the guideline's remaining steps ----------------


class CouncilMandate(BaseModel):
    """One owning municipality's political mandate to make (or revise) the shared plan."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="council_mandates"
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="plan_mandates",
        verbose_name=_("municipality"),
    )
    body = models.CharField(_("deciding body"), max_length=200)
    decided_on = models.DateField(_("date of decision"))
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    text = limits.bounded_text(_("mandate text"), limits.LONG_TEXT, blank=True)

    class Meta:
        ordering = ["decided_on"]
        verbose_name = _("council mandate")
        verbose_name_plural = _("council mandates")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "municipality"], name="councilmandate_unique_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} · {self.body} · {self.decided_on}"


class Initiative(BaseModel):
    """Who proposed the plan, when and why: the problem they saw."""

    version = models.OneToOneField(PlanVersion, on_delete=models.CASCADE, related_name="initiative")
    proposed_by = models.CharField(_("proposed by"), max_length=200)
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    reason = limits.bounded_text(_("why"), limits.COMMENT, blank=True)
    problem = limits.bounded_text(_("the problem seen"), limits.COMMENT, blank=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.proposed_by


class SteeringGroupMember(BaseModel):
    """Administrative anchoring: the management-level steering group, distinct from the
    working group that writes the plan."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="steering_group"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    chairs = models.BooleanField(_("chairs the steering group"), default=False)

    class Meta:
        ordering = ["-chairs", "name"]
        verbose_name = _("steering-group member")
        verbose_name_plural = _("steering-group members")

    def __str__(self) -> str:
        return self.name


class InvolvedGroup(models.TextChoices):
    USERS = "users", _("Users of the services")
    YOUNG_PEOPLE = "young_people", _("Young people")
    CHILDREN = "children", _("Children")
    RELATIVES = "relatives", _("Relatives")
    ORGANISATIONS = "organisations", _("User and voluntary organisations")
    OTHER = "other", _("Others")


class Involvement(BaseModel):
    """Who was heard while the plan was made, how, and what it changed."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="involvements")
    group = models.CharField(_("who was heard"), max_length=20, choices=InvolvedGroup.choices)
    participants = models.CharField(
        _("participants"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the youth council, a group from the crisis centre. No names."),
    )
    method = limits.bounded_text(_("how"), limits.COMMENT, blank=True)
    heard_on = models.DateField(_("when"), null=True, blank=True)
    what_changed = limits.bounded_text(_("what it changed in the plan"), limits.COMMENT, blank=True)

    class Meta:
        ordering = ["heard_on", "created_at"]
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")

    def __str__(self) -> str:
        return self.get_group_display()


class CommunicationItem(BaseModel):
    """The implementation and communication plan: who is told what, when, and how."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="communication_items"
    )
    audience = models.CharField(_("who is told"), max_length=200)
    message = limits.bounded_text(_("what"), limits.COMMENT)
    due_on = models.DateField(_("when"), null=True, blank=True)
    channel = models.CharField(_("how"), max_length=200, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("communication item")
        verbose_name_plural = _("communication items")

    def __str__(self) -> str:
        return self.audience


class QualityReview(BaseModel):
    """A review of the draft by a named person outside the working group."""

    version = models.OneToOneField(
        PlanVersion, on_delete=models.CASCADE, related_name="quality_review"
    )
    reviewer = models.CharField(_("reviewer"), max_length=200)
    reviewer_role = models.CharField(_("position and organisation"), max_length=200, blank=True)
    reviewed_on = models.DateField(_("reviewed on"))
    findings = limits.bounded_text(_("findings"), limits.LONG_TEXT)

    class Meta:
        verbose_name = _("quality review")
        verbose_name_plural = _("quality reviews")

    def __str__(self) -> str:
        return self.reviewer


class PlanFollower(BaseModel):
    """Someone who follows a public plan by e-mail (double opt-in).

    Only a hash of each link's token is stored; the e-mail address is used for nothing
    but the plan's own notices and is deleted when its owner unsubscribes.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(max_length=10, default="nb")
    token_hash = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("plan follower")
        verbose_name_plural = _("plan followers")
        constraints = [
            models.UniqueConstraint(fields=["plan", "email"], name="planfollower_unique_email")
        ]

    def __str__(self) -> str:
        return f"{self.plan} → {self.email}"
