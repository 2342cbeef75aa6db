"""Users, organisations and what a user may do in each organisation (membership × role)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.core.models import BaseModel


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    POLICE = "police", _("Police district")
    HEALTH = "health", _("Health service")
    CHILD_WELFARE = "child_welfare", _("Child welfare service")
    SOCIAL_SERVICES = "social_services", _("Social services / NAV")
    CRISIS_CENTRE = "crisis_centre", _("Crisis centre")
    NGO = "ngo", _("Voluntary organisation (NGO)")
    PROSECUTION = "prosecution", _("Prosecution authority")
    RESOURCE_CENTRE = "resource_centre", _("Regional resource centre (RVTS)")
    NATIONAL_AUTHORITY = "national_authority", _("National authority")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    PLAN_EDITOR = "plan_editor", _("Plan editor")
    PLAN_READER = "plan_reader", _("Plan reader")
    CASE_WORKER = "case_worker", _("Case worker")
    CONFERENCE_COORDINATOR = "conference_coordinator", _("Conference coordinator")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    DATA_PROTECTION_OFFICER = "dpo", _("Data protection officer")
    NATIONAL_ANALYST = "national_analyst", _("National analyst")


# Roles that can see case data. Holding any of them requires a second factor and the
# shorter idle timeout.
CASE_ROLES = frozenset(
    {Role.CASE_WORKER, Role.CONFERENCE_COORDINATOR, Role.DATA_PROTECTION_OFFICER}
)
# Roles that can open a case's content (the DPO sees who did what, not what is in it).
CASE_CONTENT_ROLES = frozenset({Role.CASE_WORKER, Role.CONFERENCE_COORDINATOR})
PLAN_ROLES = frozenset({Role.PLAN_EDITOR, Role.PLAN_READER})


class User(AbstractUser):
    """A person who logs in. What they may do comes from memberships, never from flags."""

    email = models.EmailField(_("e-mail address"), unique=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="nb",
        choices=[("nb", "Norsk bokmål"), ("en", "English")],
    )
    # Bumped by "log out everywhere": sessions carry the value they were created with.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def active_memberships(self, on: dt.date | None = None) -> MembershipQuerySet:
        """The memberships that count today (or `on`): see `MembershipQuerySet.current`."""
        return self.memberships.current(on)

    def roles_in(self, organisation: Organisation | None) -> set[str]:
        if organisation is None:
            return set()
        return set(
            self.active_memberships()
            .filter(organisation=organisation)
            .values_list("role", flat=True)
        )

    def has_role(self, *roles: str, organisation: Organisation | None = None) -> bool:
        memberships = self.active_memberships().filter(role__in=roles)
        if organisation is not None:
            memberships = memberships.filter(organisation=organisation)
        return memberships.exists()

    @property
    def requires_second_factor(self) -> bool:
        return self.has_role(*CASE_ROLES)


org_number_validator = RegexValidator(
    r"^\d{9}$", _("An organisation number has exactly nine digits.")
)


class Organisation(BaseModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    org_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[org_number_validator],
        help_text=_("Nine digits, from the Central Coordinating Register for Legal Entities."),
    )
    municipalities = models.ManyToManyField(
        "places.Municipality",
        blank=True,
        related_name="organisations",
        verbose_name=_("municipalities served"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~models.Q(org_number=""),
                name="organisation_unique_org_number",
            )
        ]

    def __str__(self) -> str:
        return self.name


def current_membership_q(day: dt.date, prefix: str = "") -> models.Q:
    """A filter for memberships that count on `day`: switched on, in an active
    organisation, and not ended (a membership no longer counts from its end date on).
    `prefix` reaches memberships through a relation, e.g. "memberships__"; used inside one
    filter() call, every condition applies to the same membership row."""
    return models.Q(**{f"{prefix}is_active": True, f"{prefix}organisation__is_active": True}) & (
        models.Q(**{f"{prefix}ends_on__isnull": True}) | models.Q(**{f"{prefix}ends_on__gt": day})
    )


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: dt.date | None = None) -> MembershipQuerySet:
        """Memberships that give their role today (or on `on`). Every place that loads
        what a person may do goes through this, so an end date takes effect everywhere
        on the day itself, without anyone having to switch the membership off."""
        return self.filter(current_membership_q(on or timezone.localdate()))


class Membership(BaseModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    ends_on = models.DateField(
        _("access ends on"),
        null=True,
        blank=True,
        help_text=_(
            "From this day on the person no longer has this role (for example the first "
            "day after their last working day). Empty: until further notice."
        ),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__last_name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    def is_current(self, on: dt.date | None = None) -> bool:
        """Whether this membership gives its role on `on` (today), as `current()` decides."""
        day = on or timezone.localdate()
        return (
            self.is_active
            and self.organisation.is_active
            and (self.ends_on is None or self.ends_on > day)
        )

    @property
    def has_ended(self) -> bool:
        return self.ends_on is not None and self.ends_on <= timezone.localdate()


class ApiTokenScope(models.TextChoices):
    # Everything the API offers outside the case layer (the default).
    GENERAL = "general", _("General")
    # In addition the case layer (cases, conferences, checklists, safety plans), for the
    # one organisation the token was issued for.
    CASE_DATA = "case_data", _("Case data")


class ApiToken(BaseModel):
    """A key a program sends as `Authorization: Token <key>` to act for its user.

    Only a digest of the key is stored (the key is shown once, when it is made). A token
    carries the assurance it was issued with: `second_factor_verified` says whether the
    browser session that asked for it had passed the second factor. A token issued
    without one stops working as soon as its user holds a role that needs a second
    factor; every role change revokes the user's tokens; every token expires.

    A token with the scope "case data" also opens the case layer. It is issued only from
    a session that passed the second factor, to a user with a case role in
    `organisation`, acts only for that organisation, and expires after
    SAMVERN_CASE_API_TOKEN_HOURS hours.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, so its owner can tell tokens apart.
    prefix = models.CharField(max_length=8, editable=False)
    second_factor_verified = models.BooleanField(_("issued with a second factor"), default=False)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    scope = models.CharField(
        _("scope"), max_length=20, choices=ApiTokenScope.choices, default=ApiTokenScope.GENERAL
    )
    # The organisation a case-data token acts for (and only for); empty for general ones.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="general")
                | models.Q(
                    scope="case_data", organisation__isnull=False, second_factor_verified=True
                ),
                name="api_token_case_scope_bound",
            )
        ]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def opens_case_data(self) -> bool:
        return self.scope == ApiTokenScope.CASE_DATA
