"""How a partnership governs itself: its profile, its steering bodies (round table,
operational groups, thematic working groups) with member organisations and named
representatives, the bodies' meetings with agenda, papers, attendance and minutes, the
decisions they take (numbered per body and year) and the commitments partners make, which
come back on the body's next agenda until they are closed.

Governance holds no case data and nothing about people exposed to violence: the people
named here are the partners' own staff, in their professional roles. Access is decided in
`samvern.governance.access`, never here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samvern.core import limits
from samvern.core.models import BaseModel

# --- the partnership's profile ------------------------------------------------------------


class PartnershipProfile(BaseModel):
    """What the partnership is for and how it is set up. One per partnership; the area
    (municipalities) is the partnership's own `municipalities`. Nothing is public unless
    `is_public` is set, and bodies and funding only with their own switches."""

    partnership = models.OneToOneField(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="governance_profile",
        verbose_name=_("partnership"),
    )
    purpose = limits.bounded_text(_("purpose"), limits.LONG_TEXT, blank=True)
    target_groups = limits.bounded_text(_("priority target groups"), limits.COMMENT, blank=True)
    police_district = models.CharField(_("police district"), max_length=200, blank=True)
    lead_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead organisation"),
    )
    secretariat = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretariat"),
    )
    # The coordinator or secretary who runs the partnership's governance day to day; they
    # may write its governance data as the coordinating organisation's managers may.
    secretariat_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinator / secretary"),
    )
    legal_basis = limits.bounded_text(_("legal basis"), limits.COMMENT, blank=True)
    policy_basis = limits.bounded_text(_("policy basis"), limits.COMMENT, blank=True)
    started_on = models.DateField(_("start date"), null=True, blank=True)
    is_public = models.BooleanField(_("public summary page"), default=False)
    public_bodies = models.BooleanField(_("show the bodies on the public page"), default=False)
    public_funding = models.BooleanField(_("show the funding on the public page"), default=False)

    class Meta:
        verbose_name = _("partnership profile")
        verbose_name_plural = _("partnership profiles")

    def __str__(self) -> str:
        return str(self.partnership_id)


class FundingSource(BaseModel):
    """One source of money for one year ("Barne-, ungdoms- og familiedirektoratet, 2027,
    kr 1 200 000")."""

    profile = models.ForeignKey(
        PartnershipProfile, on_delete=models.CASCADE, related_name="funding"
    )
    source = models.CharField(_("source"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (NOK)"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["profile", "-year", "source"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "source", "year"], name="fundingsource_once_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="fundingsource_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1990) & models.Q(year__lte=2100),
                name="fundingsource_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year}"


# --- steering structure -------------------------------------------------------------------


class BodyKind(models.TextChoices):
    PLENARY = "plenary", _("Round table (plenary)")
    OPERATIONAL = "operational", _("Operational group")
    WORKING_GROUP = "working_group", _("Thematic working group")


class Body(BaseModel):
    """A steering body of the partnership. A thematic working group may be temporary and
    then has an end date; the short code numbers its decisions ("SG 2027/04")."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="governance_bodies",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_code = models.CharField(
        _("short code"),
        max_length=12,
        help_text=_("Letters that begin its decision numbers, for example SG."),
    )
    mandate = limits.bounded_text(_("mandate"), limits.LONG_TEXT, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary"),
    )
    started_on = models.DateField(_("set up on"))
    is_temporary = models.BooleanField(_("temporary"), default=False)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "kind", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "short_code"], name="body_short_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(is_temporary=False) | models.Q(ends_on__isnull=False),
                name="body_temporary_has_end",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("started_on")),
                name="body_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ends_on is None or self.ends_on >= day)


class BodyMemberQuerySet(models.QuerySet["BodyMember"]):
    def active_on(self, day: dt.date) -> BodyMemberQuerySet:
        return self.filter(joined_on__lte=day).filter(
            models.Q(left_on__isnull=True) | models.Q(left_on__gt=day)
        )


class BodyMember(BaseModel):
    """A member organisation of a body; an advisory member may propose but not vote."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="governance_body_memberships",
        verbose_name=pgettext_lazy("governance", "organisation"),
    )
    advisory = models.BooleanField(_("advisory (may propose, not vote)"), default=False)
    joined_on = models.DateField(pgettext_lazy("governance", "joined on"))
    left_on = models.DateField(pgettext_lazy("governance", "left on"), null=True, blank=True)

    objects = BodyMemberQuerySet.as_manager()

    class Meta:
        ordering = ["body", "organisation__name"]
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organisation"],
                condition=models.Q(left_on__isnull=True),
                name="bodymember_one_open_membership",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="bodymember_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.body}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


class Representative(BaseModel):
    """A named person who represents a member organisation in a body."""

    member = models.ForeignKey(BodyMember, on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="governance_representations",
        verbose_name=_("person"),
    )
    is_deputy = models.BooleanField(_("deputy"), default=False)

    class Meta:
        ordering = ["member", "is_deputy", "user__last_name"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(fields=["member", "user"], name="representative_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.member}"


class RequiredRole(BaseModel):
    """A role a body must have at its table ("housing", "health service"). Until a member
    organisation covers it, the body shows it as a missing actor."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="required_roles")
    name = models.CharField(_("role"), max_length=120)
    filled_by = models.ForeignKey(
        BodyMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roles_filled",
        verbose_name=_("covered by"),
    )

    class Meta:
        ordering = ["body", "name"]
        verbose_name = _("required role")
        verbose_name_plural = _("required roles")
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="requiredrole_once"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_missing_on(self, day: dt.date) -> bool:
        return self.filled_by is None or not self.filled_by.is_active_on(day)


# --- meetings -----------------------------------------------------------------------------


class Recurrence(models.TextChoices):
    WEEKLY = "weekly", _("Every week or every few weeks, on the same weekday")
    MONTHLY = "monthly", _("Monthly, on the same weekday of the month (e.g. the second Tuesday)")


class MeetingSeries(BaseModel):
    """A body's recurring meetings: every `interval` weeks on the weekday of `first_date`,
    or monthly on the same weekday of the month (`samvern.core.recurrence`)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="series")
    recurrence = models.CharField(_("recurrence"), max_length=16, choices=Recurrence.choices)
    interval = models.PositiveSmallIntegerField(_("every how many weeks"), default=1)
    first_date = models.DateField(_("first meeting"))
    until = models.DateField(_("last possible date"))
    starts_at = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    location = models.CharField(_("location"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["body", "first_date"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval__gte=1) & models.Q(interval__lte=8),
                name="meetingseries_interval_1_to_8",
            ),
            models.CheckConstraint(
                condition=models.Q(until__gte=models.F("first_date")),
                name="meetingseries_until_after_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.first_date:%Y-%m-%d}"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(BaseModel):
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    # Set when a later meeting of the body approves these minutes.
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["body", "date"])]

    def __str__(self) -> str:
        return f"{self.body} · {self.date:%Y-%m-%d}"

    def starts(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.starts_at)


class ItemKind(models.TextChoices):
    REGULAR = "regular", _("Item")
    MINUTES_APPROVAL = "minutes_approval", _("Approval of the previous meeting's minutes")


class AgendaItem(BaseModel):
    """One item on a meeting's agenda, with its minutes. The follow-up of open
    commitments is not an item: it is `CommitmentFollowUp`, made for the body's next
    meeting automatically."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(pgettext_lazy("governance", "position"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.REGULAR
    )
    title = models.CharField(_("title"), max_length=200)
    description = limits.bounded_text(_("description"), limits.COMMENT, blank=True)
    minutes = limits.bounded_text(_("minutes"), limits.LONG_TEXT, blank=True)
    # For an approval item: the meeting whose minutes it approves.
    approves = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_by_items",
        verbose_name=_("minutes approved"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="governance_agendaitem_position_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Paper(BaseModel):
    """A paper for an agenda item, stored outside the web root; read only through the
    access-checked download."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(_("title"), max_length=200)
    file_name = models.CharField(max_length=255)
    file_original_name = models.CharField(_("file name"), max_length=255)
    file_content_type = models.CharField(max_length=100)
    file_size = models.PositiveIntegerField()
    file_sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["item", "created_at"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")
    SUBSTITUTE = "substitute", _("Substitute")


class Attendance(BaseModel):
    """One person at (or sending apologies for) one meeting, for one organisation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("governance", "organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="governance_attendance",
        verbose_name=_("person"),
    )
    status = models.CharField(_("attendance"), max_length=16, choices=AttendanceStatus.choices)
    substitute_for = models.CharField(
        pgettext_lazy("governance", "substitute for"), max_length=200, blank=True
    )

    class Meta:
        ordering = ["meeting", "organisation__name", "user__last_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="governance_attendance_once"),
            models.CheckConstraint(
                condition=~models.Q(status="substitute") | ~models.Q(substitute_for=""),
                name="governance_attendance_substitute_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.meeting}"


class Decision(BaseModel):
    """A decision of a body, numbered per body and year: "SG 2027/04"."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    text = limits.bounded_text(_("decision"), limits.COMMENT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["body", "year", "number"]
        verbose_name = _("decision")
        verbose_name_plural = pgettext_lazy("governance", "decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="decision_number_once_per_body_year"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.body.short_code} {self.year}/{self.number:02d}"


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    NOT_POSSIBLE = "not_possible", _("Not possible")


# Statuses that need a written reason.
STATUSES_WITH_REASON = frozenset({CommitmentStatus.NOT_DONE, CommitmentStatus.NOT_POSSIBLE})


class Commitment(BaseModel):
    """What a partner organisation promised at a meeting. While open it comes back on the
    body's next meeting for follow-up (`CommitmentFollowUp`)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="commitments")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("agreed at"),
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("agenda item"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("decision"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="governance_commitments",
        verbose_name=_("responsible organisation"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governance_commitments",
        verbose_name=_("responsible person"),
    )
    description = limits.bounded_text(_("commitment"), limits.COMMENT)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    status_reason = limits.bounded_text(_("reason"), limits.COMMENT, blank=True)
    status_on = models.DateField(_("status recorded on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"]),
            models.Index(fields=["body", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["not_done", "not_possible"])
                | ~models.Q(status_reason=""),
                name="commitment_reason_for_not_done",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(status_on__isnull=False),
                name="commitment_status_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.due_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == CommitmentStatus.OPEN

    def is_overdue(self, day: dt.date) -> bool:
        return self.is_open and self.due_on < day

    @property
    def done_in_time(self) -> bool:
        return (
            self.status == CommitmentStatus.DONE
            and self.status_on is not None
            and self.status_on <= self.due_on
        )


class CommitmentFollowUp(BaseModel):
    """An open commitment on a later meeting's agenda for follow-up. Made automatically for
    the body's next planned meeting while the commitment is open; kept once that meeting
    is held, so the record shows every meeting it came back to."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="follow_ups")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")

    class Meta:
        ordering = ["meeting__date", "commitment__due_on"]
        verbose_name = _("commitment follow-up")
        verbose_name_plural = _("commitment follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "meeting"], name="commitmentfollowup_once"
            ),
        ]


class CommitmentUpdate(BaseModel):
    """One status recorded for a commitment, with the reason or note given then (and the
    meeting, when it was recorded at one); the commitment holds only the latest."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    previous = models.CharField(
        _("previous status"), max_length=16, choices=CommitmentStatus.choices
    )
    status = models.CharField(_("status"), max_length=16, choices=CommitmentStatus.choices)
    note = limits.bounded_text(_("note"), limits.COMMENT, blank=True)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("commitment update")
        verbose_name_plural = _("commitment updates")


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the due date")
    AFTER = "after", _("After the due date")


class SentCommitmentReminder(BaseModel):
    """One reminder e-mail about one commitment to one person, so none is sent twice."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("sent commitment reminder")
        verbose_name_plural = _("sent commitment reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "kind", "recipient"], name="sentcommitmentreminder_once"
            ),
        ]


class GovernanceCalendarFeed(BaseModel):
    """A person's secret address for the meetings of the bodies they sit on and the due
    dates of their organisations' commitments. Only a keyed hash of the secret is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="governance_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("governance calendar feed")
        verbose_name_plural = _("governance calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="governancecalendarfeed_one_live_per_user",
            ),
        ]
