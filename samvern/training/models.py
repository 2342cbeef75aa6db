"""Training and competence in a partnership: the courses held (topic from the training
catalogue), who of each member organisation's staff took part, each person's competence
(course done, when, refresh due), the roles in each organisation that should be trained,
and the partnership's training plan per year.

Staff are recorded by name and role only, as far as training needs it; nothing here is
about people exposed to violence.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.models import BaseModel


class TrainingEvent(BaseModel):
    """A course, seminar or session held for (part of) a partnership's staff."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="training_events",
        verbose_name=_("partnership"),
    )
    topic_key = models.CharField(_("topic"), max_length=60)
    catalogue_version = models.PositiveIntegerField(_("catalogue version"), default=1)
    title = models.CharField(_("title"), max_length=200, blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    organiser = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser"),
    )
    notes = limits.bounded_text(_("notes"), limits.COMMENT, blank=True)

    class Meta:
        ordering = ["-held_on", "topic_key"]
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        indexes = [models.Index(fields=["partnership", "held_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="training_event_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.topic_key} · {self.held_on:%Y-%m-%d}"

    @property
    def topic_title(self) -> str:
        from samvern.training.catalogue import topic_title

        return topic_title(self.topic_key)


class TargetRole(BaseModel):
    """A role in a member organisation whose staff should have certain training (for
    example "child welfare case workers: recognising violence, talking to children"), with
    how many staff hold it."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="training_target_roles",
        verbose_name=_("partnership"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="training_target_roles",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("role"), max_length=120)
    staff_count = models.PositiveIntegerField(
        _("staff in the role"),
        null=True,
        blank=True,
        help_text=_("Leave empty to count the staff registered in the role."),
    )
    required_topics = models.JSONField(_("required training"), default=list, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("target role")
        verbose_name_plural = _("target roles")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation", "name"], name="training_one_target_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.organisation}"

    @property
    def required_topic_titles(self) -> list[str]:
        from samvern.training.catalogue import topic_title

        return [topic_title(key) for key in self.required_topics]


class StaffMember(BaseModel):
    """One person on a member organisation's staff whose training is recorded."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="training_staff",
        verbose_name=_("partnership"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="training_staff",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.ForeignKey(
        TargetRole,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("role"),
    )
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_staff_records",
        verbose_name=_("user in Samvern"),
    )
    is_active = models.BooleanField(_("still on the staff"), default=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        indexes = [models.Index(fields=["partnership", "organisation", "is_active"])]

    def __str__(self) -> str:
        return self.name


class CompetenceRecord(BaseModel):
    """A course a staff member has done: which topic, when, and when it needs refreshing."""

    person = models.ForeignKey(
        StaffMember,
        on_delete=models.CASCADE,
        related_name="competences",
        verbose_name=_("staff member"),
    )
    topic_key = models.CharField(_("topic"), max_length=60)
    completed_on = models.DateField(_("completed on"))
    refresh_due = models.DateField(_("refresh due"), null=True, blank=True)
    event = models.ForeignKey(
        TrainingEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competences",
        verbose_name=_("training event"),
    )

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("competence record")
        verbose_name_plural = _("competence records")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(refresh_due__isnull=True)
                | models.Q(refresh_due__gt=models.F("completed_on")),
                name="training_refresh_after_completion",
            ),
            # Taking part in one event gives one record per person.
            models.UniqueConstraint(
                fields=["person", "event"],
                condition=models.Q(event__isnull=False),
                name="training_one_record_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.topic_key} · {self.completed_on:%Y-%m-%d}"

    @property
    def topic_title(self) -> str:
        from samvern.training.catalogue import topic_title

        return topic_title(self.topic_key)


class TrainingPlan(BaseModel):
    """What a partnership means to offer in training in one year."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="training_plans",
        verbose_name=_("partnership"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    goals = limits.bounded_text(_("goals"), limits.COMMENT, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="training_one_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} · {self.year}"


class PlannedCourse(BaseModel):
    """One line of a training plan: a topic, for whom, how many sessions and people."""

    plan = models.ForeignKey(
        TrainingPlan, on_delete=models.CASCADE, related_name="courses", verbose_name=_("plan")
    )
    topic_key = models.CharField(_("topic"), max_length=60)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    sessions = models.PositiveSmallIntegerField(_("sessions"), default=1)
    participants = models.PositiveIntegerField(_("planned participants"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "topic_key"]
        verbose_name = _("planned course")
        verbose_name_plural = _("planned courses")

    def __str__(self) -> str:
        return f"{self.plan} · {self.topic_key}"
