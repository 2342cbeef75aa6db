"""Reads about users, organisations and memberships, always on behalf of an actor."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samvern.accounts.actor import Actor
from samvern.accounts.models import ApiToken, Membership, Organisation, Role, User


def user_memberships(*, actor: Actor) -> list[Membership]:
    """The actor's own current memberships, with their organisations, by organisation
    name and role."""
    if not actor.is_authenticated:
        return []
    return sorted(actor.memberships, key=lambda m: (m.organisation.name, m.role))


def user_organisations(*, actor: Actor) -> QuerySet[Organisation]:
    """Organisations the actor holds at least one current membership in."""
    if not actor.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(is_active=True, pk__in=actor.organisation_ids).order_by(
        "name"
    )


def default_organisation(*, user: User) -> Organisation | None:
    """The organisation a fresh session of `user` acts for: the middleware's rule (the
    first of their organisations by name). For sign-in events, which have only a user."""
    return Actor.load(user).organisation


def organisation_members(*, actor: Actor, organisation: Organisation) -> QuerySet[Membership]:
    """Every membership (active first) of an organisation the actor administers.

    Rows of organisations the actor does not administer are filtered out by the query
    itself, so a mistake in a caller cannot leak another organisation's members.
    Each row says whether the member has enrolled a second factor and whether they have
    chosen a password yet (an invited person has not).
    """
    administered = actor.organisation_ids_with(Role.ORG_ADMIN)
    confirmed_device = TOTPDevice.objects.filter(user=OuterRef("user_id"), confirmed=True)
    return (
        Membership.objects.filter(organisation=organisation, organisation_id__in=administered)
        .select_related("user")
        .annotate(
            has_second_factor=Exists(confirmed_device),
            invitation_pending=Case(
                When(Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-is_active", "user__last_name", "user__first_name", "user__username", "role")
    )


def organisation_contacts_for_oversight(
    *, organisation: Organisation, exclude: User | None = None
) -> list[str]:
    """E-mail addresses of the organisation's administrators and data protection officers,
    who are told when an administrator changes their own access."""
    memberships = Membership.objects.current().filter(
        organisation=organisation,
        role__in=[Role.ORG_ADMIN, Role.DATA_PROTECTION_OFFICER],
        user__is_active=True,
    )
    if exclude is not None:
        memberships = memberships.exclude(user=exclude)
    return sorted(set(memberships.values_list("user__email", flat=True)))


def remaining_backup_codes(*, actor: Actor) -> int:
    count: int = StaticToken.objects.filter(device__user=actor.user, device__confirmed=True).count()
    return count


def has_confirmed_authenticator(*, actor: Actor) -> bool:
    found: bool = TOTPDevice.objects.filter(user=actor.user, confirmed=True).exists()
    return found


def user_api_tokens(*, actor: Actor) -> QuerySet[ApiToken]:
    """The actor's own API tokens, newest first (expired ones too, marked as such)."""
    if not actor.is_authenticated:
        return ApiToken.objects.none()
    return (
        ApiToken.objects.filter(user=actor.user)
        .select_related("organisation")
        .order_by("-created_at")
    )


def organisations_without_administrator(*, on: dt.date | None = None) -> QuerySet[Organisation]:
    """Active organisations where nobody can manage the members on `on` (today): no
    current administrator membership held by an active user. For the system
    administrator, who gives such an organisation its first administrator."""
    day = on or timezone.localdate()
    administrators = (
        Membership.objects.current(day)
        .filter(organisation=OuterRef("pk"), role=Role.ORG_ADMIN, user__is_active=True)
        .values("pk")
    )
    return (
        Organisation.objects.filter(is_active=True).exclude(Exists(administrators)).order_by("name")
    )
