"""Partnerships of agencies. A partnership (for example the multi-agency risk assessment
conference for an area) has member organisations over time; a case is shared within one
partnership, so membership dates decide who may take part in a case from when."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.models import BaseModel


class AddressReveal(models.TextChoices):
    """Who in the partnership's cases may reveal a protected address (an explicit,
    audited action with a written reason)."""

    REFERRING_CASE_WORKERS = (
        "referring_case_workers",
        _("Case workers of the referring organisation"),
    )
    PARTICIPATING_CASE_WORKERS = (
        "participating_case_workers",
        _("Case workers of every organisation taking part in the case"),
    )
    NOBODY = "nobody", _("Nobody")


class Partnership(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    description = limits.bounded_text(_("purpose"), limits.COMMENT, blank=True)
    coordinator = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="coordinated_partnerships",
        verbose_name=_("coordinating organisation"),
    )
    municipalities = models.ManyToManyField(
        "places.Municipality",
        blank=True,
        related_name="partnerships",
        verbose_name=_("area (municipalities)"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    address_reveal = models.CharField(
        _("who may reveal a protected address"),
        max_length=32,
        choices=AddressReveal.choices,
        default=AddressReveal.REFERRING_CASE_WORKERS,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return self.name


class PartnershipMemberQuerySet(models.QuerySet["PartnershipMember"]):
    def active_on(self, day: dt.date) -> PartnershipMemberQuerySet:
        return self.filter(joined_on__lte=day).filter(
            models.Q(left_on__isnull=True) | models.Q(left_on__gt=day)
        )


class PartnershipMember(BaseModel):
    """An organisation's membership of a partnership, with its named contact person
    ("relay") and a deputy so that nothing stops when one person is away."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="partnership_memberships"
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    relay = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relay_for",
        verbose_name=_("contact person"),
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy_for",
        verbose_name=_("deputy contact person"),
    )
    handover_notes = limits.bounded_text(_("hand-over notes"), limits.LONG_TEXT, blank=True)
    # While the contact person is away (holiday, leave), the deputy is the one to contact.
    relay_away_until = models.DateField(_("contact person away until"), null=True, blank=True)

    objects = PartnershipMemberQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "organisation__name", "joined_on"]
        verbose_name = _("partnership member")
        verbose_name_plural = _("partnership members")
        constraints = [
            # Leaving on the joining day is allowed: it ends a membership registered by
            # mistake without ever having given access.
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="partnershipmember_left_on_or_after_joined",
            ),
            models.CheckConstraint(
                condition=models.Q(relay__isnull=True)
                | models.Q(deputy__isnull=True)
                | ~models.Q(relay=models.F("deputy")),
                name="partnershipmember_relay_is_not_deputy",
            ),
            # An organisation has at most one open membership of a partnership at a time.
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                condition=models.Q(left_on__isnull=True),
                name="partnershipmember_one_open_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.partnership}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


class ContactChange(BaseModel):
    """One change of a member's contact person or deputy, with the hand-over notes written
    at that moment, so that what the previous contact person knew stays with the
    partnership when people move on."""

    member = models.ForeignKey(
        PartnershipMember, on_delete=models.CASCADE, related_name="contact_changes"
    )
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    previous_relay = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous contact person"),
    )
    new_relay = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new contact person"),
    )
    previous_deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous deputy"),
    )
    new_deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new deputy"),
    )
    handover_notes = limits.bounded_text(_("hand-over notes"), limits.LONG_TEXT, blank=True)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("contact person change")
        verbose_name_plural = _("contact person changes")

    def __str__(self) -> str:
        return f"{self.member} · {self.changed_at:%Y-%m-%d}"

    @property
    def relay_changed(self) -> bool:
        return self.previous_relay_id != self.new_relay_id

    @property
    def deputy_changed(self) -> bool:
        return self.previous_deputy_id != self.new_deputy_id
