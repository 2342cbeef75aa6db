"""Perpetrator programmes: the referral of a person using violence to a programme from
the partnership's service directory, its intake, the sessions attended or missed, and
its completion or drop-out. Each step is an update the referrer and the organisations
taking part in the case see (through the case grant, `samvern.programmes.access`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.models import BaseModel


class IntakeResult(models.TextChoices):
    PENDING = "pending", _("Waiting for intake")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class EndResult(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class ProgrammeStatus(models.TextChoices):
    """What a referral's dates say (never stored: derived from intake and end)."""

    REFERRED = "referred", _("Referred, waiting for intake")
    NOT_ACCEPTED = "not_accepted", _("Not accepted at intake")
    IN_PROGRAMME = "in_programme", _("In the programme")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class ProgrammeReferral(BaseModel):
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="programme_referrals",
        verbose_name=_("case"),
    )
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.PROTECT,
        related_name="programme_referrals",
        verbose_name=_("person using violence"),
    )
    # The programme, from the partnership's service directory.
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.PROTECT,
        related_name="programme_referrals",
        verbose_name=_("programme"),
    )
    # As the directory named them on the day of referral (an entry may change later).
    programme_name = models.CharField(_("programme"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    reason = limits.bounded_text(_("reason for referral"), limits.COMMENT, blank=True)
    referred_on = models.DateField(_("referral date"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="programme_referrals",
        verbose_name=_("referred by"),
    )
    referring_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="programme_referrals",
        verbose_name=_("referring organisation"),
    )
    intake_result = models.CharField(
        _("intake"), max_length=16, choices=IntakeResult.choices, default=IntakeResult.PENDING
    )
    intake_on = models.DateField(_("intake date"), null=True, blank=True)
    intake_note = limits.bounded_text(_("about the intake"), limits.COMMENT, blank=True)
    end_result = models.CharField(_("ending"), max_length=16, choices=EndResult.choices, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_note = limits.bounded_text(_("about the ending"), limits.COMMENT, blank=True)

    class Meta:
        ordering = ["-referred_on", "-created_at"]
        verbose_name = _("programme referral")
        verbose_name_plural = _("programme referrals")
        indexes = [models.Index(fields=["referring_organisation", "referred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intake_result="pending", intake_on__isnull=True)
                | (~models.Q(intake_result="pending") & models.Q(intake_on__isnull=False)),
                name="programmereferral_intake_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(end_result="", ended_on__isnull=True)
                | (~models.Q(end_result="") & models.Q(ended_on__isnull=False)),
                name="programmereferral_end_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_name} · {self.case}"

    @property
    def status(self) -> str:
        if self.end_result == EndResult.COMPLETED:
            return ProgrammeStatus.COMPLETED
        if self.end_result == EndResult.DROPPED_OUT:
            return ProgrammeStatus.DROPPED_OUT
        if self.intake_result == IntakeResult.NOT_ACCEPTED:
            return ProgrammeStatus.NOT_ACCEPTED
        if self.intake_result == IntakeResult.ACCEPTED:
            return ProgrammeStatus.IN_PROGRAMME
        return ProgrammeStatus.REFERRED

    def get_status_display(self) -> str:
        return str(ProgrammeStatus(self.status).label)


class ProgrammeSession(BaseModel):
    referral = models.ForeignKey(
        ProgrammeReferral, on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("session date"))
    attended = models.BooleanField(_("attended"))
    note = limits.bounded_text(_("note"), limits.COMMENT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "created_at"]
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        constraints = [
            models.UniqueConstraint(fields=["referral", "held_on"], name="programmesession_once"),
        ]


class UpdateKind(models.TextChoices):
    REFERRED = "referred", _("Referred to the programme")
    ACCEPTED = "accepted", _("Accepted at intake")
    NOT_ACCEPTED = "not_accepted", _("Not accepted at intake")
    ATTENDED = "attended", _("Attended a session")
    MISSED = "missed", _("Missed a session")
    COMPLETED = "completed", _("Completed the programme")
    DROPPED_OUT = "dropped_out", _("Dropped out of the programme")


class ProgrammeUpdate(BaseModel):
    """One step reported back: what the referrer's list and the case show, in order."""

    referral = models.ForeignKey(
        ProgrammeReferral, on_delete=models.CASCADE, related_name="updates"
    )
    kind = models.CharField(_("step"), max_length=16, choices=UpdateKind.choices)
    on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["on", "created_at"]
        indexes = [models.Index(fields=["referral", "on"])]
        verbose_name = _("programme update")
        verbose_name_plural = _("programme updates")
