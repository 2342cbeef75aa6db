"""The victim's voice: what the person exposed wants, recorded in the case (or at a
conference) as dated versions with who recorded them, and the advocate who speaks for her
at conferences.

Which agencies may see which kinds of information is recorded here as her *wish*; the
legal basis for sharing stays the case layer's `Consent`, which the pages show beside it.
Access is never decided here: see `samvern.voice.access`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.models import BaseModel


class WishSource(models.TextChoices):
    CASE = "case", _("Recorded in the case")
    CONFERENCE = "conference", _("Recorded at a conference")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting in person")
    THROUGH_ADVOCATE = "advocate", _("Through her advocate")
    NO_CONTACT = "none", _("No contact")


class InformationKind(models.TextChoices):
    CONTACT_DETAILS = "contact", _("Contact details and address")
    NOTES = "notes", _("Case notes")
    ASSESSMENTS = "assessments", _("Risk assessments")
    HEALTH = "health", _("Health information")
    CHILDREN = "children", _("Information about the children")
    CONFERENCE = "conference", _("What is said at the conference")


class Wishes(BaseModel):
    """One version of the person's wishes. A new entry never changes an earlier one; the
    current wishes are the highest version."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="wishes", verbose_name=_("case")
    )
    person = models.ForeignKey(
        "cases.Person", on_delete=models.CASCADE, related_name="wishes", verbose_name=_("person")
    )
    version = models.PositiveIntegerField(_("version"))
    wants = limits.bounded_text(_("what she wants"), limits.COMMENT)
    contact_channel = models.CharField(
        _("how she wants to be contacted"), max_length=16, choices=ContactChannel.choices
    )
    contact_note = limits.bounded_text(_("about contact"), limits.COMMENT, blank=True)
    sharing_note = limits.bounded_text(_("about sharing"), limits.COMMENT, blank=True)
    source = models.CharField(
        _("recorded"), max_length=16, choices=WishSource.choices, default=WishSource.CASE
    )
    # The day of the conference the wishes were heard at (for a conference entry).
    conference_date = models.DateField(_("conference date"), null=True, blank=True)
    recorded_on = models.DateField(_("recorded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["person", "-version"]
        verbose_name = _("wishes")
        verbose_name_plural = _("wishes")
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="wishes_one_version"),
            models.CheckConstraint(
                condition=~models.Q(source="conference") | models.Q(conference_date__isnull=False),
                name="wishes_conference_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.version}"


class SharingWish(BaseModel):
    """One agency she agrees may see one kind of information (as part of one version)."""

    wishes = models.ForeignKey(Wishes, on_delete=models.CASCADE, related_name="sharing")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("information"), max_length=16, choices=InformationKind.choices)

    class Meta:
        ordering = ["organisation__name", "kind"]
        verbose_name = _("sharing wish")
        verbose_name_plural = _("sharing wishes")
        constraints = [
            models.UniqueConstraint(
                fields=["wishes", "organisation", "kind"], name="sharingwish_once"
            ),
        ]


class Advocate(BaseModel):
    """A named person of a support service taking part in the case who represents the
    person exposed at conferences, from `started_on` until `ended_on`."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="advocates", verbose_name=_("case")
    )
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.CASCADE,
        related_name="advocates",
        verbose_name=_("person exposed"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("support service"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="advocacies",
        verbose_name=_("advocate"),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-created_at"]
        verbose_name = _("advocate")
        verbose_name_plural = _("advocates")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(ended_on__isnull=True),
                name="advocate_one_current_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="advocate_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.person}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None
