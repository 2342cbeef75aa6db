"""The outreach queue: a police organisation notifies an incident of violence in a close
relationship, and the partnership's designated support services contact the people in it
before a deadline, unless someone already follows them in an open case.

- `OutreachSettings` (one per partnership): the deadline for first contact, whether it
  runs on working days only, and how many unanswered attempts make a person "not
  reached"; `DesignatedService` names the support service(s) per kind of person.
- `Notice`: what the police registered (when, what, whether children were present, the
  basis for passing it on) with its `NoticePerson`s.
- `QueueEntry`: the notice in one receiving service's queue, with its deadline and
  outcome; `Attempt`: each try at contact and its result.

Access is decided in `outreach.access`; models hold data and single-row rules only.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.cases.models import LegalBasis
from samvern.core import limits
from samvern.core.models import BaseModel


class PersonKind(models.TextChoices):
    """The kinds of person a support service is designated for."""

    EXPOSED_ADULT = "exposed_adult", _("Adult exposed to violence")
    CHILD = "child", _("Child")
    USING_VIOLENCE = "using_violence", _("Person using violence")


class IncidentType(models.TextChoices):
    PHYSICAL = "physical", _("Physical violence")
    THREATS = "threats", _("Threats")
    PSYCHOLOGICAL = "psychological", _("Psychological violence or controlling behaviour")
    SEXUAL = "sexual", _("Sexual violence")
    PROPERTY = "property", _("Damage to property")
    ORDER_BREACH = "order_breach", _("Breach of a restraining order")
    OTHER = "other", _("Other")


# The bases on which the police pass a notice on: the person's consent to be contacted,
# or a duty that allows it without consent (the same bases as a share in a case).
NoticeBasis = LegalBasis


class EntryStatus(models.TextChoices):
    OPEN = "open", _("Awaiting contact")
    ALREADY_FOLLOWED = "already_followed", _("Already followed in an open case")
    REACHED = "reached", _("Reached")
    DECLINED = "declined", _("Declined contact")
    NOT_REACHED = "not_reached", _("Not reached")
    REFERRED_ON = "referred_on", _("Referred on to another service")
    REFERRAL_MADE = "referral_made", _("Turned into a case referral")


# Statuses that are an outcome of the outreach (the notice is no longer waiting).
OUTCOME_STATUSES = frozenset(
    {
        EntryStatus.REACHED,
        EntryStatus.DECLINED,
        EntryStatus.NOT_REACHED,
        EntryStatus.REFERRED_ON,
        EntryStatus.REFERRAL_MADE,
    }
)


class AttemptResult(models.TextChoices):
    REACHED = "reached", _("Reached")
    DECLINED = "declined", _("Declined contact")
    NO_ANSWER = "no_answer", _("Not reached this time")
    REFERRED_ON = "referred_on", _("Referred on to another service")


class OutreachSettings(BaseModel):
    partnership = models.OneToOneField(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="outreach_settings",
        verbose_name=_("partnership"),
    )
    deadline_hours = models.PositiveSmallIntegerField(
        _("deadline for first contact (hours)"), default=48
    )
    working_days_only = models.BooleanField(
        _("count working days only"),
        default=False,
        help_text=_("Saturdays and Sundays do not count towards the deadline."),
    )
    attempts_before_not_reached = models.PositiveSmallIntegerField(
        _("attempts before “not reached”"), default=3
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("outreach settings")
        verbose_name_plural = _("outreach settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline_hours__gte=1), name="outreach_deadline_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(attempts_before_not_reached__gte=1),
                name="outreach_attempts_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.partnership)


class DesignatedService(BaseModel):
    """A support service that receives the partnership's notices for one kind of person."""

    settings = models.ForeignKey(
        OutreachSettings, on_delete=models.CASCADE, related_name="designations"
    )
    person_kind = models.CharField(_("kind of person"), max_length=20, choices=PersonKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="outreach_designations",
        verbose_name=_("support service"),
    )

    class Meta:
        ordering = ["person_kind", "organisation__name"]
        verbose_name = _("designated support service")
        verbose_name_plural = _("designated support services")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "person_kind", "organisation"],
                name="outreach_designation_unique",
            )
        ]


class Notice(BaseModel):
    """An incident notified by the police."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="outreach_notices",
        verbose_name=_("partnership"),
    )
    police_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="outreach_notices",
        verbose_name=_("notifying police organisation"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="outreach_notices",
        verbose_name=_("registered by"),
    )
    # The moment the notice was registered: the deadline for first contact counts from it.
    registered_at = models.DateTimeField(_("registered at"))
    occurred_at = models.DateTimeField(_("time of the incident"))
    incident_type = models.CharField(
        _("type of incident"), max_length=20, choices=IncidentType.choices
    )
    summary = limits.bounded_text(_("short description"), limits.COMMENT, blank=True)
    children_present = models.BooleanField(_("children were present"), default=False)
    legal_basis = models.CharField(
        _("basis for passing it on"), max_length=20, choices=NoticeBasis.choices
    )
    statutory_basis = models.CharField(_("name of the statutory basis"), max_length=200, blank=True)

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("incident notice")
        verbose_name_plural = _("incident notices")
        indexes = [
            models.Index(fields=["police_organisation", "-registered_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(legal_basis="other_statutory") | ~models.Q(statutory_basis=""),
                name="outreach_notice_other_basis_is_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_incident_type_display()} · {self.occurred_at:%Y-%m-%d}"

    @property
    def has_consent(self) -> bool:
        return self.legal_basis == NoticeBasis.CONSENT


class NoticePerson(BaseModel):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="persons")
    kind = models.CharField(_("role"), max_length=20, choices=PersonKind.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # As in a case: encrypted, a keyed hash for matching, and the masked form for pages.
    nin_encrypted = models.TextField(blank=True, editable=False)
    nin_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    nin_masked = models.CharField(_("identity number"), max_length=11, blank=True, editable=False)
    # Decided when the notice was registered: the person is in an open case of the
    # partnership, so the services that already follow them need no outreach.
    followed_in_open_case = models.BooleanField(
        _("already followed in an open case"), default=False
    )

    class Meta:
        ordering = ["kind", "last_name", "first_name"]
        verbose_name = _("person in a notice")
        verbose_name_plural = _("persons in notices")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class QueueEntry(BaseModel):
    """A notice in one receiving service's queue, for the kinds of person it is designated
    for."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="entries")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="outreach_entries",
        verbose_name=_("receiving service"),
    )
    person_kinds = models.JSONField(_("kinds of person"), default=list)
    deadline = models.DateTimeField(_("deadline for first contact"))
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.OPEN
    )
    closed_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    # The case made from the notice ("turn into a case referral").
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("outreach queue entry")
        verbose_name_plural = _("outreach queue entries")
        indexes = [
            models.Index(fields=["organisation", "status", "deadline"]),
            models.Index(fields=["status", "deadline"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "organisation"], name="outreach_entry_one_per_service"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "already_followed"])
                | models.Q(closed_at__isnull=False),
                name="outreach_entry_outcome_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.notice}"

    def is_overdue(self, now: dt.datetime) -> bool:
        return self.status == EntryStatus.OPEN and self.deadline < now


class Attempt(BaseModel):
    entry = models.ForeignKey(QueueEntry, on_delete=models.CASCADE, related_name="attempts")
    made_at = models.DateTimeField(_("time of the attempt"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("result"), max_length=20, choices=AttemptResult.choices)
    note = limits.bounded_text(_("note"), limits.COMMENT, blank=True)
    # Referred on: a service of the partnership's directory, or (when it is not listed
    # there) an organisation in Samvern and/or the service's name as written.
    referred_to_service = models.ForeignKey(
        "directory.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service referred to"),
    )
    referred_to_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation referred to"),
    )
    referred_to_name = models.CharField(_("name of the service"), max_length=200, blank=True)

    class Meta:
        ordering = ["made_at"]
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(result="referred_on")
                | models.Q(referred_to_service__isnull=False)
                | models.Q(referred_to_organisation__isnull=False)
                | ~models.Q(referred_to_name=""),
                name="outreach_attempt_referral_names_service",
            ),
        ]

    @property
    def referred_to(self) -> str:
        if self.referred_to_service_id is not None and self.referred_to_service is not None:
            return self.referred_to_service.name
        parts = [
            self.referred_to_organisation.name if self.referred_to_organisation else "",
            self.referred_to_name,
        ]
        return " – ".join(part for part in parts if part)
