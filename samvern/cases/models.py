"""The case layer: referrals, the persons in them, which organisations take part, the
information each organisation records and to whom it is shared, consent, and assessments.

Access is never decided here: every read for a user goes through `cases.access` or
`cases.selectors`, and every output of a person goes through `cases.presenters`, which
masks a protected address. Models only hold data and single-row rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samvern.core import limits
from samvern.core.models import BaseModel


class CaseState(models.TextChoices):
    REFERRED = "referred", _("Referred")
    SCREENED = "screened", _("Screened")
    AWAITING_CONFERENCE = "awaiting_conference", _("Awaiting conference")
    HEARD = "heard", _("Heard at conference")
    ACTIONS_IN_PROGRESS = "actions_in_progress", _("Actions in progress")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class ReferralSource(models.TextChoices):
    POLICE_INCIDENT = "police_incident", _("Police incident")
    HEALTH_SERVICE = "health_service", _("Health service")
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    CRISIS_CENTRE = "crisis_centre", _("Crisis centre")
    SELF_REFERRAL = "self_referral", _("Self-referral")
    NGO = "ngo", _("Voluntary organisation (NGO)")
    OTHER = "other", _("Other")


class PersonRole(models.TextChoices):
    EXPOSED = "exposed", _("Person exposed to violence")
    USING_VIOLENCE = "using_violence", _("Person using violence")
    CHILD = "child", _("Child")
    HOUSEHOLD = "household", _("Other household member")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class Case(BaseModel):
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("partnership"),
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    state = models.CharField(
        _("state"), max_length=32, choices=CaseState.choices, default=CaseState.REFERRED
    )
    source = models.CharField(_("source"), max_length=32, choices=ReferralSource.choices)
    reason = limits.bounded_text(_("reason for referral"), limits.COMMENT)
    referred_on = models.DateField(_("referral date"))
    referring_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="referred_cases",
        verbose_name=_("referring organisation"),
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referred_cases",
        verbose_name=_("referred by"),
    )
    # A new referral for the same person exposed within 12 months of a closure.
    is_repeat = models.BooleanField(_("repeat referral"), default=False)
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name=_("repeat of"),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # The band of the latest assessment: a conference-preparation fact, kept on the case
    # so that the coordinator can see it without seeing the assessment itself.
    risk_band = models.CharField(_("risk band"), max_length=40, blank=True)

    class Meta:
        ordering = ["-referred_on", "-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # The case list's sort (`cases.listing.CASE_LIST_ORDER`), walked from a
            # keyset cursor so a page reads one page of cases, not all visible ones.
            models.Index(
                models.F("referred_on").desc(),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="case_list_order_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="closed") | models.Q(closed_on__isnull=False),
                name="case_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ReferralStatus(models.TextChoices):
    """Where a participation stands: a referral to an organisation is pending until the
    organisation accepts it; only an accepted participation gives access to the case."""

    PENDING = "pending", _("Awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReferralUrgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    SOON = "soon", _("Within a few days")
    URGENT = "urgent", _("Urgent")


class CaseParticipant(BaseModel):
    """An organisation's part in a case, which starts as a referral to it.

    A referral is *pending* until a case worker of the receiving organisation accepts or
    declines it (by `respond_by`). Only an *accepted* participation takes part in the case,
    from `added_on` (the day it was accepted; empty while pending, declined or withdrawn)
    until `removed_on`. A declined or withdrawn referral is closed with `removed_on` set
    to the day of the answer, so that the organisation can be referred again later.
    `added_by` is the person who referred, `referring_organisation` the organisation they
    referred for, `reason`, `urgency` and `contact_rules` what the receiving organisation
    sees before it accepts — and nothing more.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="case_participations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReferralStatus.choices,
        default=ReferralStatus.ACCEPTED,
    )
    added_on = models.DateField(_("added on"), null=True, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referred by"),
    )
    reason = limits.bounded_text(_("reason"), limits.COMMENT, blank=True)
    # Empty only on rows written without the referral services (older data is filled
    # by the migration from `added_on`).
    referred_on = models.DateField(_("referred on"), null=True, blank=True)
    referring_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("referring organisation"),
    )
    urgency = models.CharField(
        _("urgency"),
        max_length=16,
        choices=ReferralUrgency.choices,
        default=ReferralUrgency.ROUTINE,
    )
    contact_rules = limits.bounded_text(
        _("contact rules"),
        limits.COMMENT,
        blank=True,
        help_text=_("How and when the person may be contacted, and what must not be said."),
    )
    respond_by = models.DateField(_("answer by"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decline_reason = limits.bounded_text(_("reason for declining"), limits.COMMENT, blank=True)

    class Meta:
        ordering = ["referred_on", "organisation__name"]
        verbose_name = _("case participant")
        verbose_name_plural = _("case participants")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=models.Q(removed_on__isnull=True),
                name="caseparticipant_one_open_participation",
            ),
            models.CheckConstraint(
                condition=models.Q(removed_on__isnull=True)
                | models.Q(added_on__isnull=True)
                | models.Q(removed_on__gte=models.F("added_on")),
                name="caseparticipant_removed_after_added",
            ),
            # Only an accepted participation has a start date: a pending, declined or
            # withdrawn referral can never match "takes part on this day".
            models.CheckConstraint(
                condition=models.Q(status="accepted", added_on__isnull=False)
                | (~models.Q(status="accepted") & models.Q(added_on__isnull=True)),
                name="caseparticipant_only_accepted_has_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="caseparticipant_declined_has_reason",
            ),
        ]
        # Every case list and access check asks "does this organisation take part in this
        # case?" once per case: answered from this index, not by reading all of the
        # organisation's participations each time.
        indexes = [
            models.Index(fields=["organisation", "case"], name="caseparticipant_org_case_idx"),
            models.Index(fields=["organisation", "status"], name="caseparticipant_org_status_idx"),
            models.Index(
                fields=["referring_organisation", "referred_on"],
                name="caseparticipant_referrer_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.case}"

    @property
    def is_pending(self) -> bool:
        return self.status == ReferralStatus.PENDING

    def is_overdue(self, day: dt.date) -> bool:
        """A pending referral not answered by its deadline."""
        return self.is_pending and self.respond_by is not None and day > self.respond_by


DEFAULT_RESPONSE_WORKING_DAYS = 5


class ReferralSettings(BaseModel):
    """A partnership's rules for referrals between its members: how many working days
    (Monday to Friday) a receiving organisation has to answer. A partnership without a
    row uses `DEFAULT_RESPONSE_WORKING_DAYS`."""

    partnership = models.OneToOneField(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        related_name="referral_settings",
        verbose_name=_("partnership"),
    )
    response_working_days = models.PositiveSmallIntegerField(
        _("working days to answer a referral"), default=DEFAULT_RESPONSE_WORKING_DAYS
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("referral settings")
        verbose_name_plural = _("referral settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(response_working_days__gte=1)
                & models.Q(response_working_days__lte=30),
                name="referralsettings_days_in_range",
            ),
        ]


class FeedbackKind(models.TextChoices):
    ACCEPTED = "accepted", _("Referral accepted")
    DECLINED = "declined", _("Referral declined")
    HEARD = "heard", _("Heard at a conference")
    ACTION_POINTS = "action_points", _("Action points for your organisation")
    CLOSED = "closed", _("Case closed")


class ReferralFeedback(BaseModel):
    """A short structured update to the organisation that made a referral (and to the
    person who made it): what became of it. Written when the step happens, so that "my
    referrals" only reads rows. It holds no case content: a kind, a date, who answered,
    a count or an outcome category."""

    referral = models.ForeignKey(CaseParticipant, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(_("update"), max_length=16, choices=FeedbackKind.choices)
    on = models.DateField(_("date"))
    by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, blank=True)
    # What the update is about, when it is about one thing (the agenda item of a
    # conference, say), so that it is written once.
    source_key = models.CharField(max_length=64, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["on", "created_at"]
        verbose_name = _("referral update")
        verbose_name_plural = _("referral updates")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "kind", "source_key"],
                condition=~models.Q(source_key=""),
                name="referralfeedback_once_per_source",
            ),
        ]

    @property
    def outcome_label(self) -> str:
        return str(dict(CloseOutcome.choices).get(self.outcome, "")) if self.outcome else ""


class Person(BaseModel):
    """A person as recorded in one case. The same human in several cases has several
    records, tied together by `identity` once matched (by identity number, or confirmed
    by a person). Address fields are only ever output through `cases.presenters`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("role"), max_length=32, choices=PersonRole.choices)
    role_uncertain = models.BooleanField(_("role is uncertain"), default=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=16, choices=Gender.choices, default=Gender.UNKNOWN
    )
    language = models.CharField(_("language"), max_length=60, blank=True)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    safe_contact = limits.bounded_text(
        _("safe-contact instructions"),
        limits.COMMENT,
        blank=True,
        help_text=_("When and how it is safe to make contact, and what must not be said."),
    )
    no_case_content_in_messages = models.BooleanField(
        _("no case content in text messages"), default=True
    )
    protected_address = models.BooleanField(_("protected address"), default=False)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    # National identity number: encrypted (Fernet) and a keyed hash for exact matching.
    nin_encrypted = models.TextField(blank=True, editable=False)
    nin_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Birth-date part followed by asterisks, for lists (never the personal number).
    nin_masked = models.CharField(_("identity number"), max_length=11, blank=True, editable=False)
    # Records of the same human share this value (a person's own id until matched).
    identity = models.UUIDField(_("identity"), db_index=True, editable=False)

    class Meta:
        ordering = ["role", "last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(
        self,
        *,
        force_insert: bool | tuple[models.base.ModelBase, ...] = False,
        force_update: bool = False,
        using: str | None = None,
        update_fields: Iterable[str] | None = None,
    ) -> None:
        if self.identity is None:
            self.identity = self.id
        super().save(
            force_insert=force_insert,
            force_update=force_update,
            using=using,
            update_fields=update_fields,
        )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class PersonMatch(BaseModel):
    """A confirmed decision that two person records are the same human."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(
        _("method"),
        max_length=16,
        choices=[("nin", _("Identity number")), ("confirmed", _("Confirmed by a person"))],
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("person match")
        verbose_name_plural = _("person matches")


class CloseOutcome(models.TextChoices):
    """Why a case was closed, as a category the referrer may be told (no case content)."""

    SAFER = "safer", _("Risk reduced, the person is safer")
    SERVICES = "services", _("Followed up by ordinary services")
    MOVED = "moved", _("The person moved away")
    DECLINED_HELP = "declined_help", _("The person declined further help")
    NO_CONTACT = "no_contact", _("No contact could be made")
    OTHER = "other", _("Other reason")


class StateChange(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(max_length=32, choices=CaseState.choices)
    to_state = models.CharField(max_length=32, choices=CaseState.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    note = limits.bounded_text(_("note"), limits.COMMENT, blank=True)
    # On a closure: the outcome category (told to the referrer); empty otherwise.
    outcome = models.CharField(
        _("outcome"), max_length=32, choices=CloseOutcome.choices, blank=True
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")


class Consent(BaseModel):
    """A person's consent to share information, with its scope, until withdrawn."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    scope = limits.bounded_text(
        _("scope"), limits.COMMENT, help_text=_("What may be shared, with whom, and why.")
    )
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_on"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.person} · {self.given_on}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ItemKind(models.TextChoices):
    NOTE = "note", _("Note")
    ASSESSMENT = "assessment", _("Assessment")
    DOCUMENT = "document", _("Document")


class InformationItem(BaseModel):
    """One piece of case information, owned by the organisation that wrote it. Others see
    it only through an effective `Share`."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = limits.bounded_text(_("text"), limits.LONG_TEXT, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author organisation"),
    )
    # Uploaded file: a name inside the private case-file storage, never a public URL.
    file_name = models.CharField(max_length=255, blank=True)
    file_original_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_content_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("information item")
        verbose_name_plural = _("information items")

    def __str__(self) -> str:
        return self.title


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent of the person")
    AVERT_CRIME = "avert_crime", _("Duty to avert a crime (Penal Code § 196)")
    CHILD_WELFARE = "child_welfare", _("Duty to inform child welfare (Child Welfare Act)")
    OTHER_STATUTORY = "other_statutory", _("Other statutory basis")


class ShareScope(models.TextChoices):
    NAMED = "named", _("Named organisations")
    ALL_PARTICIPANTS = "all", _("All organisations taking part in the case")


class ShareQuerySet(models.QuerySet["Share"]):
    def effective(self, day: dt.date) -> ShareQuerySet:
        """Shares that give access on `day`: not revoked, not expired, and if based on
        consent, that consent is not withdrawn."""
        return (
            self.filter(
                revoked_at__isnull=True,
            )
            .filter(models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=day))
            .exclude(legal_basis=LegalBasis.CONSENT, consent__withdrawn_at__isnull=False)
        )


class Share(BaseModel):
    """Sharing one item beyond its author organisation, on a recorded legal basis."""

    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="shares")
    scope = models.CharField(_("shared with"), max_length=8, choices=ShareScope.choices)
    recipients = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="+", verbose_name=_("recipients")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    statutory_basis = models.CharField(_("name of the statutory basis"), max_length=200, blank=True)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shares",
        verbose_name=_("consent"),
    )
    purpose = limits.bounded_text(_("purpose"), limits.COMMENT)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = pgettext_lazy("information share", "share")
        verbose_name_plural = _("shares")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(legal_basis="consent") | models.Q(consent__isnull=False),
                name="share_consent_basis_has_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(legal_basis="other_statutory") | ~models.Q(statutory_basis=""),
                name="share_other_basis_is_named",
            ),
        ]


class Assessment(BaseModel):
    """A structured risk assessment, stored with the instrument key and version it was
    made with. Its visibility is that of its information item."""

    item = models.OneToOneField(
        InformationItem, on_delete=models.CASCADE, related_name="assessment"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    instrument_key = models.CharField(_("instrument"), max_length=80)
    instrument_version = models.CharField(_("instrument version"), max_length=20)
    answers = models.JSONField(_("answers"), default=dict)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    band = models.CharField(_("band"), max_length=40)
    override_band = models.CharField(_("professional judgement band"), max_length=40, blank=True)
    override_reason = limits.bounded_text(
        _("reason for professional judgement"), limits.COMMENT, blank=True
    )
    qualifies_for_conference = models.BooleanField(_("qualifies for conference"), default=False)
    qualification_reasons = models.JSONField(default=list, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"))

    class Meta:
        ordering = ["assessed_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(override_band="") | ~models.Q(override_reason=""),
                name="assessment_override_has_reason",
            ),
        ]

    @property
    def effective_band(self) -> str:
        return self.override_band or self.band
