"""Multi-agency risk conferences: a partnership's schedule, each conference's agenda of
cases, who attended and confirmed confidentiality, declared conflicts, each agency's
research, the minutes per case and the action points each agency leaves with.

Access is never decided here: every read for a user goes through `conferences.access`,
which builds on the case layer's rules (`samvern.cases.access`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.cases.models import LegalBasis
from samvern.core import limits
from samvern.core.models import BaseModel


class ConfidentialityStatement(BaseModel):
    """The partnership's confidentiality statement; each new text is a new version, and
    the version in force is the one with the highest number."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="confidentiality_statements",
        verbose_name=_("partnership"),
    )
    version = models.PositiveIntegerField(_("version"))
    text = limits.bounded_text(_("statement"), limits.LONG_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "-version"]
        verbose_name = _("confidentiality statement")
        verbose_name_plural = _("confidentiality statements")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version"], name="confidentialitystatement_one_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} · {self.version}"


class Recurrence(models.TextChoices):
    WEEKLY = "weekly", _("Every week or every few weeks, on the same weekday")
    MONTHLY = "monthly", _("Monthly, on the same weekday of the month (e.g. the second Tuesday)")


class ConferenceSeries(BaseModel):
    """A recurring schedule of conferences: every `interval` weeks on the weekday of
    `first_date`, or monthly on the same weekday of the month as `first_date`."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="conference_series",
        verbose_name=_("partnership"),
    )
    title = models.CharField(_("title"), max_length=200)
    recurrence = models.CharField(_("recurrence"), max_length=16, choices=Recurrence.choices)
    interval = models.PositiveSmallIntegerField(_("every how many weeks"), default=2)
    first_date = models.DateField(_("first conference"))
    until = models.DateField(_("last possible date"), null=True, blank=True)
    starts_at = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    location = models.CharField(_("location"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "first_date"]
        verbose_name = _("conference series")
        verbose_name_plural = _("conference series")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval__gte=1) & models.Q(interval__lte=8),
                name="conferenceseries_interval_1_to_8",
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True)
                | models.Q(until__gte=models.F("first_date")),
                name="conferenceseries_until_after_first",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Conference(BaseModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="conferences",
        verbose_name=_("partnership"),
    )
    series = models.ForeignKey(
        ConferenceSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conferences",
        verbose_name=_("series"),
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    location = models.CharField(_("location"), max_length=200, blank=True)
    # Scheduled at short notice for an urgent case, outside the series.
    is_extra = models.BooleanField(_("extra conference"), default=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConferenceStatus.choices,
        default=ConferenceStatus.PLANNED,
    )
    # The statement attendees confirm for this meeting: the version in force when the
    # first attendee confirmed it (or when the conference was held), then fixed.
    statement = models.ForeignKey(
        ConfidentialityStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confidentiality statement"),
    )
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        indexes = [models.Index(fields=["partnership", "date"])]

    def __str__(self) -> str:
        return f"{self.partnership} · {self.date:%Y-%m-%d}"

    def starts(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.starts_at)


class AgendaReason(models.TextChoices):
    """Why a case is on the agenda."""

    NEW = "new", _("Awaiting conference")
    REVIEW = "review", _("Review of open action points")
    NEW_INCIDENT = "new_incident", _("New incident")
    REPEAT_REFERRAL = "repeat_referral", _("Repeat referral")
    CARRIED_OVER = "carried_over", _("Carried over from an earlier conference")


class AgendaItem(BaseModel):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="items", verbose_name=_("conference")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("case")
    )
    position = models.PositiveIntegerField(_("position"))
    reason = models.CharField(_("reason"), max_length=20, choices=AgendaReason.choices)
    urgent = models.BooleanField(_("urgent"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    heard_at = models.DateTimeField(_("heard at"), null=True, blank=True)

    class Meta:
        ordering = ["conference", "-urgent", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["conference", "case"], name="agendaitem_case_once"),
        ]

    def __str__(self) -> str:
        return f"{self.conference} · {self.position}"


class AttendanceStatus(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")
    SUBSTITUTE = "substitute", _("Attends as substitute")


# Statuses of someone taking part in the meeting (and so entitled to its case information
# once they have confirmed confidentiality).
ATTENDING_STATUSES = frozenset(
    {AttendanceStatus.EXPECTED, AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE}
)


class Attendee(BaseModel):
    """One person at one conference, for one organisation."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("conference")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conference_attendances",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="conference_attendances",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("attendance"),
        max_length=16,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.EXPECTED,
    )
    # For a substitute: the person they attend for (by name, who may have no account).
    substitute_for = models.CharField(_("substitute for"), max_length=200, blank=True)
    confirmed_statement = models.ForeignKey(
        ConfidentialityStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed statement"),
    )
    confirmed_at = models.DateTimeField(_("confidentiality confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["conference", "organisation__name", "user__last_name"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.UniqueConstraint(fields=["conference", "user"], name="attendee_once"),
            models.CheckConstraint(
                condition=~models.Q(status="substitute") | ~models.Q(substitute_for=""),
                name="attendee_substitute_is_named",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True)
                | models.Q(confirmed_statement__isnull=False),
                name="attendee_confirmation_names_statement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.conference}"

    @property
    def is_attending(self) -> bool:
        return self.status in ATTENDING_STATUSES

    @property
    def has_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ConflictOfInterest(BaseModel):
    """An attendee's declared conflict for one agenda case: from then on they see nothing
    of that case's research, discussion and minutes at this conference."""

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="conflicts")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="conflicts")
    reason = limits.bounded_text(_("reason"), limits.COMMENT, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["attendee", "item"], name="conflict_once"),
        ]


class Research(BaseModel):
    """What one organisation taking part in the case knows that is relevant and
    proportionate for the conference, and the legal basis it shares it under."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="research")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    body = limits.bounded_text(_("research"), limits.LONG_TEXT)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    statutory_basis = models.CharField(_("name of the statutory basis"), max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("research")
        verbose_name_plural = _("research")
        constraints = [
            models.UniqueConstraint(fields=["item", "organisation"], name="research_once_per_org"),
            models.CheckConstraint(
                condition=~models.Q(legal_basis="other_statutory") | ~models.Q(statutory_basis=""),
                name="research_other_basis_is_named",
            ),
        ]


class Minutes(BaseModel):
    """The minutes of one agenda case: the risks as summarised, the discussion and the
    decisions. Action points are separate rows."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minutes")
    risk_summary = limits.bounded_text(_("summary of risks"), limits.LONG_TEXT, blank=True)
    discussion = limits.bounded_text(_("discussion"), limits.LONG_TEXT, blank=True)
    decisions = limits.bounded_text(_("decisions"), limits.LONG_TEXT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")


class Outcome(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    NOT_POSSIBLE = "not_possible", _("Not possible")


# Outcomes that need a written reason.
OUTCOMES_WITH_REASON = frozenset({Outcome.NOT_DONE, Outcome.NOT_POSSIBLE})


class ActionPoint(BaseModel):
    """What one agency agreed to do for a case at a conference. Responsibility stays with
    the owning organisation; an open point is carried over to the case's next conference."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="action_points", verbose_name=_("case")
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="action_points",
        verbose_name=_("agreed at"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="action_points",
        verbose_name=_("responsible organisation"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_points",
        verbose_name=_("responsible person"),
    )
    description = limits.bounded_text(_("action"), limits.COMMENT)
    due_on = models.DateField(_("due date"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.OPEN
    )
    outcome_reason = limits.bounded_text(_("reason"), limits.COMMENT, blank=True)
    outcome_on = models.DateField(_("outcome recorded on"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("action point")
        verbose_name_plural = _("action points")
        indexes = [
            models.Index(fields=["organisation", "outcome", "due_on"]),
            models.Index(fields=["case", "outcome"]),
            # "My organisation's actions" in its order: the first page is read from the
            # index instead of sorting every point of the organisation.
            models.Index(
                fields=["organisation", "due_on", "created_at", "id"],
                name="actionpoint_org_order_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome__in=["not_done", "not_possible"])
                | ~models.Q(outcome_reason=""),
                name="actionpoint_reason_for_not_done",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="open") | models.Q(outcome_on__isnull=False),
                name="actionpoint_outcome_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.organisation} · {self.due_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.outcome == Outcome.OPEN

    def is_overdue(self, day: dt.date) -> bool:
        return self.is_open and self.due_on < day

    @property
    def done_in_time(self) -> bool:
        return (
            self.outcome == Outcome.DONE
            and self.outcome_on is not None
            and self.outcome_on <= self.due_on
        )


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the due date")
    AFTER = "after", _("After the due date")


class SentActionReminder(BaseModel):
    """One reminder e-mail about one action point to one person, so none is sent twice."""

    action_point = models.ForeignKey(ActionPoint, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("sent action-point reminder")
        verbose_name_plural = _("sent action-point reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["action_point", "kind", "recipient"], name="sentactionreminder_once"
            ),
        ]


class CalendarFeed(BaseModel):
    """A person's secret calendar address. Only a keyed hash of the secret is stored; a
    revoked feed answers like an unknown one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendarfeed_one_live_per_user",
            ),
        ]


class ReturnReason(models.TextChoices):
    """Why a case in actions in progress or monitoring goes back to a conference."""

    REVIEW = "review", _("Review")
    NEW_INCIDENT = "new_incident", _("New incident")
    REPEAT_REFERRAL = "repeat_referral", _("Repeat referral")


class ConferenceReturn(BaseModel):
    """A case brought back to a conference without a closure: the reason is recorded in
    the state change's note and becomes the reason of its next agenda item (`item`, set
    when the agenda that takes it up is built; cleared again if that item is removed)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="conference_returns"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReturnReason.choices)
    note = limits.bounded_text(_("note"), limits.COMMENT, blank=True)
    from_state = models.CharField(max_length=32)
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="returns",
        verbose_name=_("agenda item"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("return to a conference")
        verbose_name_plural = _("returns to a conference")


class OutcomeRecord(BaseModel):
    """One outcome recorded for an action point, with the reason or note given then: the
    point itself holds only the latest, and the partnership's follow-up needs the earlier
    reasons too (why it was not possible, why it was opened again)."""

    point = models.ForeignKey(ActionPoint, on_delete=models.CASCADE, related_name="outcome_records")
    previous = models.CharField(_("previous outcome"), max_length=16, choices=Outcome.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason = limits.bounded_text(_("reason"), limits.COMMENT, blank=True)
    recorded_on = models.DateField(_("outcome recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("recorded outcome")
        verbose_name_plural = _("recorded outcomes")


class WishesHeard(BaseModel):
    """Whether the person exposed's wishes were heard when her case was discussed at this
    conference (her wishes themselves are `samvern.voice`'s)."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="wishes_heard")
    heard = models.BooleanField(_("her wishes were heard"))
    note = limits.bounded_text(_("note"), limits.COMMENT, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("wishes heard")
        verbose_name_plural = _("wishes heard")


class FollowUpSettings(BaseModel):
    """When a partnership's lead organisation follows up a case: so many months after
    its first conference, twice."""

    partnership = models.OneToOneField(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="follow_up_settings",
        verbose_name=_("partnership"),
    )
    first_months = models.PositiveSmallIntegerField(_("first follow-up (months)"), default=6)
    second_months = models.PositiveSmallIntegerField(_("second follow-up (months)"), default=12)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_months__gte=1)
                & models.Q(second_months__gt=models.F("first_months"))
                & models.Q(second_months__lte=36),
                name="followupsettings_months_in_order",
            ),
        ]


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")


class FollowUpCheckpoint(models.IntegerChoices):
    FIRST = 1, _("First follow-up")
    SECOND = 2, _("Second follow-up")


class FollowUp(BaseModel):
    """What the lead organisation knows of a case at one follow-up after its first
    conference. The months and the due date are kept as they were on the day."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("case")
    )
    checkpoint = models.PositiveSmallIntegerField(
        _("follow-up"), choices=FollowUpCheckpoint.choices
    )
    months = models.PositiveSmallIntegerField(_("months after the first conference"))
    due_on = models.DateField(_("due on"))
    new_incident = models.CharField(_("new incidents known"), max_length=8, choices=Answer.choices)
    checked_police_records = models.BooleanField(_("checked against police records"), default=False)
    new_referral = models.BooleanField(_("new referral"))
    safe_housing = models.CharField(_("safe housing"), max_length=8, choices=Answer.choices)
    in_contact = models.CharField(
        _("in contact with services"), max_length=8, choices=Answer.choices
    )
    note = limits.bounded_text(_("note"), limits.COMMENT, blank=True)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case", "checkpoint"]
        verbose_name = _("outcome follow-up")
        verbose_name_plural = _("outcome follow-ups")
        indexes = [models.Index(fields=["due_on"])]
        constraints = [
            models.UniqueConstraint(fields=["case", "checkpoint"], name="followup_once"),
        ]
