"""Municipal action plans against violence in close relationships.

A Plan is owned by one or more municipalities; it has versions (the first plan, its
revision, …). Each owning municipality's council adopts a version for itself: a version is
in force for a municipality only from that council's adoption and within its period.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.core.models import BaseModel


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

    class Meta:
        ordering = ["title"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.title

    @property
    def is_inter_municipal(self) -> bool:
        return self.municipalities.count() > 1


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
