"""Writes about accounts: sign-in events, second factors, sessions, API tokens and
memberships. Every function is keyword-only, atomic, takes the acting user and appends
an audit event in the same transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.functional import Promise
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samvern.accounts.actor import Actor
from samvern.accounts.models import (
    CASE_ROLES,
    ApiToken,
    ApiTokenScope,
    Membership,
    Organisation,
    Role,
    User,
)
from samvern.accounts.selectors import organisation_contacts_for_oversight
from samvern.audit.services import audit_log

StrOrPromise = str | Promise

BACKUP_CODE_COUNT = 10
AUTHENTICATOR_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"


def _person(actor: Actor) -> User:
    """The acting person's account; these writes are never made for nobody."""
    if actor.user is None:
        raise PermissionDenied
    return actor.user


# --- Sign-in and sessions --------------------------------------------------------------


@transaction.atomic
def record_login(*, actor: User, organisation: Organisation | None) -> None:
    audit_log(actor=actor, organisation=organisation, action="accounts.user.logged_in")


@transaction.atomic
def record_logout(*, actor: Actor, organisation: Organisation | None) -> None:
    audit_log(actor=actor, organisation=organisation, action="accounts.user.logged_out")


@transaction.atomic
def session_expired(*, actor: Actor, organisation: Organisation | None, idle_minutes: int) -> None:
    audit_log(
        actor=actor,
        organisation=organisation,
        action="accounts.session.expired",
        detail={"idle_minutes": idle_minutes},
    )


@transaction.atomic
def record_lockout(*, username: str, reasons: list[str]) -> None:
    """A refused login because of too many failures. The actor is unknown (nobody has
    proved who they are); the event goes to the named account's organisation, if the
    account exists, so its data protection officer sees attacks on their people."""
    user = User.objects.filter(username=username).first() if username else None
    organisation = None
    if user is not None:
        from samvern.accounts.selectors import default_organisation

        organisation = default_organisation(user=user)
    audit_log(
        actor=None,
        organisation=organisation,
        action="accounts.login.locked_out",
        target=user,
        detail={"username": username[:150], "reasons": reasons},
    )


@transaction.atomic
def switch_organisation(*, actor: Actor, organisation: Organisation) -> None:
    """Recorded so that the trail shows on whose behalf later actions were taken; the
    caller stores the choice in the session after checking it is one of the actor's."""
    audit_log(
        actor=actor,
        organisation=organisation,
        action="accounts.organisation.switched",
        target=organisation,
    )


@transaction.atomic
def logout_everywhere(*, actor: Actor, organisation: Organisation | None) -> None:
    """Ends every session of the actor (each session carries the generation it was made
    in; the middleware rejects older ones) and revokes their API tokens."""
    person = _person(actor)
    User.objects.filter(pk=person.pk).update(session_generation=F("session_generation") + 1)
    person.refresh_from_db(fields=["session_generation"])
    revoked = ApiToken.objects.filter(user=person).delete()[0]
    audit_log(
        actor=actor,
        organisation=organisation,
        action="accounts.user.logged_out_everywhere",
        target=person,
        detail={"api_token_revoked": bool(revoked)},
    )


@transaction.atomic
def update_profile(
    *,
    actor: Actor,
    organisation: Organisation | None,
    first_name: str,
    last_name: str,
    phone: str,
    preferred_language: str,
) -> list[str]:
    person = _person(actor)
    new_values = {
        "first_name": first_name,
        "last_name": last_name,
        "phone": phone,
        "preferred_language": preferred_language,
    }
    changed = [name for name, value in new_values.items() if getattr(person, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(person, name, new_values[name])
    person.save(update_fields=changed)
    audit_log(
        actor=actor,
        organisation=organisation,
        action="accounts.user.updated",
        target=person,
        detail={"fields": changed},
    )
    return changed


@transaction.atomic
def record_password_change(*, actor: Actor, organisation: Organisation | None) -> None:
    person = _person(actor)
    audit_log(
        actor=actor, organisation=organisation, action="accounts.password.changed", target=person
    )


@transaction.atomic
def record_password_set(*, user: User, via_invitation: bool) -> None:
    """A password chosen through an e-mailed link: the person proved control of the
    mailbox, so they are the actor."""
    from samvern.accounts.selectors import default_organisation

    audit_log(
        actor=user,
        organisation=default_organisation(user=user),
        action="accounts.invitation.accepted" if via_invitation else "accounts.password.reset",
        target=user,
    )


# --- Second factor --------------------------------------------------------------------


@transaction.atomic
def start_enrolment(*, actor: Actor) -> TOTPDevice:
    """The unconfirmed authenticator the actor is enrolling; reused across page loads so
    the QR code stays the same until it is confirmed."""
    person = _person(actor)
    device = TOTPDevice.objects.filter(user=person, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=person, name=AUTHENTICATOR_DEVICE_NAME, confirmed=False
        )
    return device


def _new_backup_codes(actor: User) -> list[str]:
    StaticDevice.objects.filter(user=actor).delete()
    device = StaticDevice.objects.create(user=actor, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    backup_codes: list[str]


@transaction.atomic
def confirm_enrolment(
    *, actor: Actor, organisation: Organisation | None, device: TOTPDevice, token: str
) -> Enrolment | None:
    """Confirms the authenticator if `token` is a current code from it, replacing any
    earlier authenticator, and issues fresh backup codes. None if the code is wrong."""
    person = _person(actor)
    if device.user_id != person.pk or device.confirmed:
        return None
    if not device.verify_token(token):
        audit_log(
            actor=actor,
            organisation=organisation,
            action="accounts.second_factor.failed",
            detail={"step": "enrolment"},
        )
        return None
    TOTPDevice.objects.filter(user=person).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(person)
    audit_log(
        actor=actor,
        organisation=organisation,
        action="accounts.second_factor.enrolled",
        target_type="otp_totp.totpdevice",
        target_id=str(device.pk),
        detail={"backup_codes_issued": len(codes)},
    )
    return Enrolment(device=device, backup_codes=codes)


@transaction.atomic
def verify_second_factor(
    *, actor: Actor, organisation: Organisation | None, token: str
) -> Device | None:
    """The device that accepts `token` (an authenticator code, or a backup code, which is
    used up), or None. Each device throttles repeated failures by itself."""
    person = _person(actor)
    token = "".join(token.split()).lower()
    device: Device | None = None
    # Authenticator codes are six digits; backup codes are eight letters and digits.
    if token.isdigit() and len(token) == 6:
        for candidate in TOTPDevice.objects.filter(user=person, confirmed=True):
            if candidate.verify_token(token):
                device = candidate
                break
    else:
        for static in StaticDevice.objects.filter(user=person, confirmed=True):
            if static.verify_token(token):
                device = static
                break
    if device is None:
        audit_log(
            actor=actor,
            organisation=organisation,
            action="accounts.second_factor.failed",
            detail={"step": "verification"},
        )
        return None
    backup = isinstance(device, StaticDevice)
    audit_log(
        actor=actor,
        organisation=organisation,
        action=(
            "accounts.second_factor.backup_code_used"
            if backup
            else "accounts.second_factor.verified"
        ),
        detail=(
            {"backup_codes_left": StaticToken.objects.filter(device=device).count()}
            if backup
            else {}
        ),
    )
    return device


@transaction.atomic
def regenerate_backup_codes(*, actor: Actor, organisation: Organisation | None) -> list[str]:
    person = _person(actor)
    codes = _new_backup_codes(person)
    audit_log(
        actor=actor,
        organisation=organisation,
        action="accounts.second_factor.backup_codes_generated",
        target=person,
        detail={"count": len(codes)},
    )
    return codes


@transaction.atomic
def remove_authenticator(*, actor: Actor, organisation: Organisation | None) -> None:
    """Removes the actor's authenticator (and backup codes) so they enrol a new one; a
    user with a case role is sent straight to enrolment by the middleware."""
    person = _person(actor)
    removed = TOTPDevice.objects.filter(user=person).delete()[0]
    StaticDevice.objects.filter(user=person).delete()
    audit_log(
        actor=actor,
        organisation=organisation,
        action="accounts.second_factor.removed",
        target=person,
        detail={"devices": removed},
    )
    # Tokens issued with the removed factor must not outlive it.
    revoke_user_api_tokens(
        actor=actor, user=person, organisation=organisation, reason="second_factor_removed"
    )


# --- API tokens -----------------------------------------------------------------------


class ApiTokenError(ValidationError):
    """A token the rules do not allow to be issued; the message is for the user."""


def api_token_digest(key: str) -> str:
    """What is stored of a key: a plain SHA-256 suffices, since keys are long and random."""
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    # The key itself, shown to its owner once and stored nowhere.
    key: str


@transaction.atomic
def issue_api_token(
    *,
    actor: Actor,
    organisation: Organisation | None,
    second_factor_verified: bool,
    name: str = "",
    scope: str = ApiTokenScope.GENERAL,
) -> IssuedToken:
    """A new API token for the actor, valid for SAMVERN_API_TOKEN_DAYS days.

    The token records whether the session that asked for it passed the second factor. A
    user whose roles need a second factor gets a token only from such a session, so a
    token is never easier to get than a verified login.

    A token with the scope "case data" also opens the case layer, acting for
    `organisation` only (the organisation the session acts for). It needs a session that
    passed the second factor and a case role in that organisation, and lasts
    SAMVERN_CASE_API_TOKEN_HOURS hours."""
    person = _person(actor)
    if person.requires_second_factor and not second_factor_verified:
        raise ApiTokenError(
            _("Verify your second factor before you create an API token."),
            code="second_factor_required",
        )
    now = timezone.now()
    bound_to: Organisation | None = None
    if scope == ApiTokenScope.CASE_DATA:
        if not second_factor_verified:
            raise ApiTokenError(
                _("Verify your second factor before you create a token for case data."),
                code="second_factor_required",
            )
        if (
            organisation is None
            or actor.organisation is None
            or actor.organisation.pk != organisation.pk
            or actor.is_superuser
            or not actor.holds(*CASE_ROLES, organisation=organisation)
        ):
            raise ApiTokenError(
                _(
                    "Only a case role in the organisation you act for can have a token for "
                    "case data."
                ),
                code="no_case_role",
            )
        bound_to = organisation
        expires_at = now + dt.timedelta(hours=settings.SAMVERN_CASE_API_TOKEN_HOURS)
    elif scope == ApiTokenScope.GENERAL:
        expires_at = now + dt.timedelta(days=settings.SAMVERN_API_TOKEN_DAYS)
    else:
        raise ApiTokenError(_("Choose the scope of the token."), code="scope")
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=person,
        name=name.strip()[:100],
        key_digest=api_token_digest(key),
        prefix=key[:8],
        second_factor_verified=second_factor_verified,
        scope=scope,
        organisation=bound_to,
        expires_at=expires_at,
    )
    audit_log(
        actor=actor,
        organisation=organisation,
        action="accounts.api_token.issued",
        target=person,
        detail={
            "token": token.prefix,
            "second_factor_verified": second_factor_verified,
            "expires_at": token.expires_at.isoformat(),
            "scope": str(scope),
            **({"token_organisation": str(bound_to.pk)} if bound_to is not None else {}),
        },
    )
    return IssuedToken(token=token, key=key)


@transaction.atomic
def revoke_api_token(*, actor: Actor, organisation: Organisation | None, token: ApiToken) -> None:
    """Revokes one of the actor's own tokens (the caller fetched it through the actor)."""
    person = _person(actor)
    if token.user_id != person.pk:
        raise ApiTokenError(_("This is not your token."), code="not_owner")
    prefix = token.prefix
    token.delete()
    audit_log(
        actor=actor,
        organisation=organisation,
        action="accounts.api_token.revoked",
        target=person,
        detail={"token": prefix, "reason": "by_owner"},
    )


@transaction.atomic
def revoke_user_api_tokens(
    *, actor: Actor, user: User, organisation: Organisation | None, reason: str
) -> int:
    """Revokes every token of `user`. Called on every change of what the user may do
    (membership added, changed, ended or reactivated): a token must not carry access or
    an assurance decided under the old roles."""
    revoked = ApiToken.objects.filter(user=user).delete()[0]
    if revoked:
        audit_log(
            actor=actor,
            organisation=organisation,
            action="accounts.api_token.revoked",
            target=user,
            detail={"reason": reason, "tokens": revoked, "user": user.username},
        )
    return revoked


# --- Memberships ----------------------------------------------------------------------


class MembershipError(ValidationError):
    """A membership change the rules do not allow; the message is for the user."""


def _other_active_admins(
    organisation: Organisation, excluding: Membership, *, still_on: dt.date | None = None
) -> bool:
    """Whether someone else administers the organisation today (and, with `still_on`,
    will still do so on that day)."""
    admins = (
        Membership.objects.current()
        .filter(organisation=organisation, role=Role.ORG_ADMIN, user__is_active=True)
        .exclude(pk=excluding.pk)
    )
    if still_on is not None:
        admins = admins.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=still_on))
    return admins.exists()


def _roles_changed(*, actor: Actor, membership: Membership) -> None:
    """What the member may do has changed: their API tokens were issued under the old
    roles and stop working."""
    revoke_user_api_tokens(
        actor=actor,
        user=membership.user,
        organisation=membership.organisation,
        reason="role_change",
    )


class _Keep:
    """Marks an argument the caller leaves as it is."""


KEEP = _Keep()


def _invitation_link(user: User, base_url: str) -> str:
    path = reverse(
        "accounts:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def _send_invitation(*, user: User, organisation: Organisation, actor: User, link: str) -> None:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {"user": user, "organisation": organisation, "actor": actor, "link": link}
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    send_mail(subject, body, None, [user.email])


def _notify_self_change(
    *, actor: User, organisation: Organisation, description: StrOrPromise, roles: list[StrOrPromise]
) -> None:
    """Tells the organisation's other administrators and data protection officers when an
    administrator changes their own access, so nobody can grant themselves more quietly."""
    recipients = organisation_contacts_for_oversight(organisation=organisation, exclude=actor)
    if not recipients:
        return
    context = {
        "actor": actor,
        "organisation": organisation,
        "description": description,
        "roles": roles,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/self_change_subject.txt", context).strip()
        body = render_to_string("accounts/email/self_change_body.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


@dataclass(frozen=True)
class MemberAdded:
    membership: Membership
    invited: bool
    reactivated: bool


@transaction.atomic
def add_member(
    *,
    actor: Actor,
    organisation: Organisation,
    email: str,
    role: str,
    title: str = "",
    first_name: str = "",
    last_name: str = "",
    base_url: str,
) -> MemberAdded:
    """Gives the person with `email` `role` in `organisation`. Someone without an account
    gets one without a password and an e-mail with a link to choose it (an invitation).
    A previously deactivated membership with the same role is reactivated."""
    person = _person(actor)
    email = User.objects.normalize_email(email.strip())
    role = Role(role)
    user = User.objects.filter(email__iexact=email).first()
    invited = False
    if user is None:
        username = email.lower()[:150]
        if User.objects.filter(username__iexact=username).exists():
            raise MembershipError(
                _("An account with this e-mail address as user name already exists."),
                code="username_taken",
            )
        user = User(
            username=username,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        user.set_unusable_password()
        user.save()
        invited = True
    elif not user.is_active:
        raise MembershipError(
            _("This account is deactivated. Ask the system administrator to reactivate it."),
            code="inactive_user",
        )
    existing = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    reactivated = False
    if existing is not None:
        if existing.is_current():
            raise MembershipError(
                _("This person already has the role %(role)s here.") % {"role": role.label},
                code="duplicate",
            )
        # A deactivated or ended membership starts again, until further notice.
        existing.is_active = True
        existing.ends_on = None
        existing.title = title or existing.title
        existing.save(update_fields=["is_active", "ends_on", "title", "updated_at"])
        membership = existing
        reactivated = True
    else:
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=role, title=title
        )
    if invited:
        audit_log(
            actor=actor,
            organisation=organisation,
            action="accounts.user.invited",
            target=user,
            detail={"email": email},
        )
        link = _invitation_link(user, base_url)
        invitee = user
        transaction.on_commit(
            lambda: _send_invitation(
                user=invitee, organisation=organisation, actor=person, link=link
            )
        )
    self_change = user.pk == person.pk
    audit_log(
        actor=actor,
        organisation=organisation,
        action=(
            "accounts.membership.reactivated" if reactivated else "accounts.membership.created"
        ),
        target=membership,
        detail={
            "user": user.username,
            "role": role.value,
            "case_role": role in CASE_ROLES,
            "self_change": self_change,
        },
    )
    if self_change:
        _notify_self_change(
            actor=person,
            organisation=organisation,
            description=_("added a role to their own account"),
            roles=[role.label],
        )
    _roles_changed(actor=actor, membership=membership)
    return MemberAdded(membership=membership, invited=invited, reactivated=reactivated)


@transaction.atomic
def change_membership(
    *,
    actor: Actor,
    membership: Membership,
    role: str,
    title: str,
    ends_on: dt.date | _Keep | None = KEEP,
    today: dt.date | None = None,
) -> list[str]:
    """Changes the role, job title and end date of one membership; returns the changed
    fields. The membership gives its role up to the day before `ends_on` (None: until
    further notice); an end date is today or later, never in the past."""
    person = _person(actor)
    today = today or timezone.localdate()
    membership = (
        Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    )
    if not membership.is_current(today):
        raise MembershipError(_("Reactivate the membership before changing it."), code="inactive")
    new_role = Role(role)
    old_role = Role(membership.role)
    changed = []
    if new_role != old_role:
        if Membership.objects.filter(
            user_id=membership.user_id, organisation_id=membership.organisation_id, role=new_role
        ).exists():
            raise MembershipError(
                _("This person already has the role %(role)s here.") % {"role": new_role.label},
                code="duplicate",
            )
        if old_role == Role.ORG_ADMIN and not _other_active_admins(
            membership.organisation, membership
        ):
            raise MembershipError(
                _("The organisation must keep at least one active administrator."),
                code="last_admin",
            )
        membership.role = new_role
        changed.append("role")
    if title != membership.title:
        membership.title = title
        changed.append("title")
    old_ends_on = membership.ends_on
    if not isinstance(ends_on, _Keep) and ends_on != old_ends_on:
        if ends_on is not None and ends_on < today:
            raise MembershipError(
                _("The end date cannot be in the past. To end the role now, choose today."),
                code="end_in_past",
            )
        if (
            ends_on is not None
            and old_role == Role.ORG_ADMIN
            and not _other_active_admins(membership.organisation, membership, still_on=ends_on)
        ):
            raise MembershipError(
                _(
                    "The organisation must keep at least one active administrator. Give "
                    "someone else the role first."
                ),
                code="last_admin",
            )
        membership.ends_on = ends_on
        changed.append("ends_on")
    if not changed:
        return []
    membership.save(update_fields=[*changed, "updated_at"])
    self_change = membership.user_id == person.pk
    audit_log(
        actor=actor,
        organisation=membership.organisation,
        action=(
            "accounts.membership.role_changed"
            if "role" in changed
            else "accounts.membership.updated"
        ),
        target=membership,
        detail={
            "user": membership.user.username,
            "from_role": old_role.value,
            "to_role": new_role.value,
            "case_role": new_role in CASE_ROLES,
            "fields": changed,
            "ends_on": membership.ends_on.isoformat() if membership.ends_on else None,
            "self_change": self_change,
        },
    )
    if "role" in changed or "ends_on" in changed:
        _roles_changed(actor=actor, membership=membership)
    if self_change and "role" in changed:
        _notify_self_change(
            actor=person,
            organisation=membership.organisation,
            description=_("changed the role of their own account"),
            roles=[old_role.label, new_role.label],
        )
    return changed


@transaction.atomic
def deactivate_membership(*, actor: Actor, membership: Membership) -> None:
    person = _person(actor)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        return
    if (
        membership.role == Role.ORG_ADMIN
        and membership.is_current()
        and not _other_active_admins(membership.organisation, membership)
    ):
        raise MembershipError(
            _("The organisation must keep at least one active administrator."),
            code="last_admin",
        )
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    audit_log(
        actor=actor,
        organisation=membership.organisation,
        action="accounts.membership.deactivated",
        target=membership,
        detail={
            "user": membership.user.username,
            "role": membership.role,
            "self_change": membership.user_id == person.pk,
        },
    )
    _roles_changed(actor=actor, membership=membership)


@transaction.atomic
def reactivate_membership(*, actor: Actor, membership: Membership) -> None:
    person = _person(actor)
    membership = (
        Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    )
    if membership.is_current():
        return
    # Reactivating gives the role again until further notice, also after an end date.
    membership.is_active = True
    membership.ends_on = None
    membership.save(update_fields=["is_active", "ends_on", "updated_at"])
    self_change = membership.user_id == person.pk
    audit_log(
        actor=actor,
        organisation=membership.organisation,
        action="accounts.membership.reactivated",
        target=membership,
        detail={
            "user": membership.user.username,
            "role": membership.role,
            "case_role": membership.role in CASE_ROLES,
            "self_change": self_change,
        },
    )
    _roles_changed(actor=actor, membership=membership)
    if self_change:
        _notify_self_change(
            actor=person,
            organisation=membership.organisation,
            description=_("reactivated a role on their own account"),
            roles=[Role(membership.role).label],
        )


@transaction.atomic
def resend_invitation(*, actor: Actor, membership: Membership, base_url: str) -> None:
    """A new set-password link for a member who has not chosen a password yet."""
    person = _person(actor)
    user = membership.user
    if user.has_usable_password() or not membership.is_current():
        raise MembershipError(_("This person has already chosen a password."), code="not_pending")
    link = _invitation_link(user, base_url)
    organisation = membership.organisation
    audit_log(
        actor=actor,
        organisation=organisation,
        action="accounts.user.invitation_resent",
        target=user,
        detail={"email": user.email},
    )
    transaction.on_commit(
        lambda: _send_invitation(user=user, organisation=organisation, actor=person, link=link)
    )
