"""Protective measures around a case, the custody release dates of the person using
violence, and the next reassessment of risk.

A measure protects one person in a case (the person exposed, or a child): a personal alarm,
a restraining order (besøksforbud, also in the person's own home, or a contact ban as a
sentence), a reverse violence alarm, a shelter stay, or a blocked address / new identity.
Each has its start, its planned end, the day it actually ended (an alarm returned, an order
lifted), and the organisation taking part in the case that is responsible for it.

A measure's last day in force is `ended_on` when it ended, else `ends_on`; it is "ending
soon" while that day is from today to `ENDING_SOON_DAYS` ahead, and "ended" after it.

Access is never decided here (see `samvern.protection.access`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samvern.core import limits
from samvern.core.models import BaseModel

# A measure whose last day in force is at most this many days ahead is "ending soon".
ENDING_SOON_DAYS = 14
# Ended measures are shown on the case and in the lists for this many days.
RECENTLY_ENDED_DAYS = 30
# A reassessment is listed as due this many days before its date.
REASSESSMENT_DUE_SOON_DAYS = 7


class MeasureKind(models.TextChoices):
    PERSONAL_ALARM = "personal_alarm", _("Personal alarm (voldsalarm)")
    RESTRAINING_ORDER = "restraining_order", _("Restraining order (besøksforbud)")
    REVERSE_ALARM = "reverse_alarm", _("Reverse violence alarm (omvendt voldsalarm)")
    SHELTER_STAY = "shelter_stay", _("Stay at a crisis shelter")
    ADDRESS_PROTECTION = "address_protection", _("Blocked address or new identity")


class MeasureType(models.TextChoices):
    """The kind of order or of address protection; other measures have none."""

    VISITING_BAN = "visiting_ban", _("Restraining order (besøksforbud)")
    VISITING_BAN_HOME = "visiting_ban_home", _("Restraining order in own home")
    AREA_BAN = "area_ban", _("Restraining order for a given area")
    CONTACT_BAN_SENTENCE = "contact_ban_sentence", _("Contact ban as part of a sentence")
    CONFIDENTIAL = "confidential", _("Confidential address (fortrolig adresse)")
    STRICTLY_CONFIDENTIAL = (
        "strictly_confidential",
        _("Strictly confidential address (strengt fortrolig adresse)"),
    )
    NEW_IDENTITY = "new_identity", _("New identity (fiktive personopplysninger)")
    NEW_ADDRESS = "new_address", _("Moved to a new address, not blocked")


TYPES_BY_KIND: dict[str, tuple[str, ...]] = {
    MeasureKind.RESTRAINING_ORDER: (
        MeasureType.VISITING_BAN,
        MeasureType.VISITING_BAN_HOME,
        MeasureType.AREA_BAN,
        MeasureType.CONTACT_BAN_SENTENCE,
    ),
    MeasureKind.ADDRESS_PROTECTION: (
        MeasureType.CONFIDENTIAL,
        MeasureType.STRICTLY_CONFIDENTIAL,
        MeasureType.NEW_IDENTITY,
        MeasureType.NEW_ADDRESS,
    ),
}


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Not yet in force")
    ACTIVE = "active", _("In force")
    ENDING_SOON = "ending_soon", _("Ending soon")
    ENDED = "ended", pgettext_lazy("protective measure", "Ended")


def status_on(
    starts_on: dt.date, last_day: dt.date | None, day: dt.date, *, ended_on: dt.date | None = None
) -> str:
    """How a measure (or any dated duty) stands on `day`, from its first and last day; one
    recorded as ended (an alarm returned, a stay ended) has ended from that day on."""
    if ended_on is not None and ended_on <= day:
        return MeasureStatus.ENDED
    if last_day is not None and last_day < day:
        return MeasureStatus.ENDED
    if starts_on > day:
        return MeasureStatus.PLANNED
    if last_day is not None and last_day <= day + dt.timedelta(days=ENDING_SOON_DAYS):
        return MeasureStatus.ENDING_SOON
    return MeasureStatus.ACTIVE


class ProtectiveMeasure(BaseModel):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="protective_measures"
    )
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.CASCADE,
        related_name="protective_measures",
        verbose_name=_("person protected"),
    )
    kind = models.CharField(_("measure"), max_length=24, choices=MeasureKind.choices)
    measure_type = models.CharField(
        _("type"), max_length=24, choices=MeasureType.choices, blank=True
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    responsible = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="protective_measures",
        verbose_name=_("responsible organisation"),
    )
    conditions = limits.bounded_text(_("conditions"), limits.COMMENT, blank=True)
    note = limits.bounded_text(_("note"), limits.COMMENT, blank=True)
    end_note = limits.bounded_text(_("why it ended"), limits.COMMENT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by organisation"),
    )

    class Meta:
        ordering = ["starts_on", "created_at"]
        verbose_name = _("protective measure")
        verbose_name_plural = _("protective measures")
        indexes = [
            models.Index(fields=["responsible", "ends_on"], name="protection_measure_resp_idx"),
            models.Index(fields=["case", "starts_on"], name="protection_measure_case_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="protection_measure_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("starts_on")),
                name="protection_measure_ended_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def last_day(self) -> dt.date | None:
        return self.ended_on or self.ends_on

    def status(self, day: dt.date) -> str:
        return status_on(self.starts_on, self.last_day, day, ended_on=self.ended_on)


class ReleaseSource(models.TextChoices):
    PRISON = "prison", _("The correctional service (kriminalomsorgen)")
    POLICE_CUSTODY = "police_custody", _("Police custody")
    COURT = "court", _("Court decision")
    HEALTH = "health", _("Discharge from compulsory mental health care")
    OTHER = "other", _("Other")


class CustodyRelease(BaseModel):
    """When the person using violence is expected to be released, so that the person
    exposed can be told beforehand (a duty of the police)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.CASCADE,
        related_name="custody_releases",
        verbose_name=_("person in custody"),
    )
    release_on = models.DateField(_("expected release date"))
    source = models.CharField(_("source"), max_length=20, choices=ReleaseSource.choices)
    responsible = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="custody_releases",
        verbose_name=_("responsible organisation"),
    )
    note = limits.bounded_text(_("note"), limits.COMMENT, blank=True)
    informed_on = models.DateField(_("person exposed informed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["release_on", "created_at"]
        verbose_name = _("custody release date")
        verbose_name_plural = _("custody release dates")
        indexes = [
            models.Index(fields=["responsible", "release_on"], name="protection_release_resp_idx")
        ]


class Reassessment(BaseModel):
    """When an assessment's risk is to be assessed again, and by whom (the organisation
    that made the assessment). Closed by the next assessment of the same person."""

    assessment = models.OneToOneField(
        "cases.Assessment", on_delete=models.CASCADE, related_name="reassessment"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    due_on = models.DateField(_("reassess by"))
    # The instrument's default for the band when the date was proposed; None: none known.
    default_days = models.PositiveSmallIntegerField(null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("date set by"),
    )
    closed_by = models.ForeignKey(
        "cases.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reassessed in"),
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("reassessment")
        verbose_name_plural = _("reassessments")
        indexes = [
            models.Index(fields=["organisation", "due_on"], name="protection_reassess_org_idx")
        ]


class PromptReason(models.TextChoices):
    NEW_INCIDENT = "new_incident", _("New incident")
    REPEAT_REFERRAL = "repeat_referral", _("Repeat referral")
    CONFERENCE_RETURN = "conference_return", _("New incident brought back to conference")


class ReassessmentPrompt(BaseModel):
    """Something that calls for assessing the risk again now, whatever the date: open
    until an assessment is made in the case after it was recorded."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=24, choices=PromptReason.choices)
    occurred_on = models.DateField(_("date"))
    # What raised it (a model label and id), so the same event prompts once.
    source_type = models.CharField(max_length=100)
    source_id = models.CharField(max_length=64)
    # The assessment made after it, which answers it.
    resolved_by = models.ForeignKey(
        "cases.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name = _("reassessment prompt")
        verbose_name_plural = _("reassessment prompts")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "source_type", "source_id"], name="protection_prompt_once"
            )
        ]


class ReminderKind(models.TextChoices):
    MEASURE_ENDING = "measure_ending", _("Measure ending")
    RELEASE_COMING = "release_coming", _("Release coming")
    REASSESSMENT_DUE = "reassessment_due", _("Reassessment due")


class SentProtectionReminder(BaseModel):
    """One reminder e-mail sent, so that it is never sent twice."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    target_id = models.UUIDField()
    # The date the reminder was about (a new end date is a new reminder).
    about_date = models.DateField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("sent protection reminder")
        verbose_name_plural = _("sent protection reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_id", "about_date", "recipient"],
                name="protection_reminder_once",
            )
        ]
