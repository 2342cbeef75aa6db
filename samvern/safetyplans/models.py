"""Safety plans: one plan per person exposed (or child) in a case, and its versions.

A plan is never edited in place: every change is a new `SafetyPlanVersion` with its
number, who wrote it for which organisation, when, and why (the change note). The content
of a version is the JSON form of `samvern.safetyplans.content.PlanContent`, checked against
its schema. Access is decided in `samvern.safetyplans.access`, never here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.models import BaseModel
from samvern.safetyplans.content import PlanContent, from_json


class SafetyPlan(BaseModel):
    person = models.OneToOneField(
        "cases.Person",
        on_delete=models.CASCADE,
        related_name="safety_plan",
        verbose_name=_("person"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="safety_plans",
        verbose_name=_("case"),
    )
    # The number of the newest version (0 before the first is saved).
    current_number = models.PositiveIntegerField(_("current version"), default=0)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")

    def __str__(self) -> str:
        return str(_("Safety plan"))


class SafetyPlanVersion(BaseModel):
    plan = models.ForeignKey(
        SafetyPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    # The day the version was made: a domain date (statistics count plans by it).
    made_on = models.DateField(_("made on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    note = limits.bounded_text(_("change note"), limits.COMMENT, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("safety plan version")
        verbose_name_plural = _("safety plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="safetyplanversion_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="safetyplanversion_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Safety plan')} v{self.number}"

    @cached_property
    def plan_content(self) -> PlanContent:
        return from_json(self.content)
