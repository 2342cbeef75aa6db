"""Sign-in, second factor, "my account" and the organisation administrator's member pages.

Views stay thin: access → form → service → render/redirect.
"""

from __future__ import annotations

import math
import uuid
from typing import cast

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samvern.accounts import selectors, services
from samvern.accounts.access import (
    OrganisationNeed,
    access_api_token,
    access_membership,
    access_organisation,
)
from samvern.accounts.actor import actor_of
from samvern.accounts.forms import (
    ApiTokenForm,
    EnrolmentCodeForm,
    LoginForm,
    MemberAddForm,
    MembershipForm,
    OneTimeCodeForm,
    OrganisationSwitchForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SetPasswordForm,
)
from samvern.accounts.lockout import lockout_state
from samvern.accounts.models import CASE_ROLES, Organisation, Role, User

BACKUP_CODES_SESSION_KEY = "samvern_new_backup_codes"
API_TOKEN_SESSION_KEY = "samvern_new_api_token"  # noqa: S105 - a session key name
MEMBERS_PER_PAGE = 50


def _safe_next(request: HttpRequest, fallback: str = settings.LOGIN_REDIRECT_URL) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback)


def _organisation(request: HttpRequest) -> Organisation | None:
    return actor_of(request).organisation


def _user(request: HttpRequest) -> User:
    """The signed-in user; every view that calls this is behind login_required."""
    return cast(User, request.user)


def _verified(request: HttpRequest) -> bool:
    """Whether this session passed the second factor (set up by django-otp's middleware)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


# --- Sign in and out ------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["session_expired"] = self.request.GET.get("expired") == "1"
        return context

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        user = form.get_user()
        services.record_login(actor=user, organisation=selectors.default_organisation(user=user))
        if user.requires_second_factor:
            target = reverse("accounts:two_factor")
            return redirect(f"{target}?{_next_query(self.get_success_url())}")
        return response


def _next_query(next_url: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": next_url})


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.is_authenticated:
            services.record_logout(actor=actor_of(request), organisation=_organisation(request))
        return super().post(request, *args, **kwargs)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, object] | None = None,
    *args: object,
    **kwargs: object,
) -> HttpResponse:
    """What a person sees when logins are blocked by too many failures (called by
    django-axes instead of its own response): which block applies and for how long."""
    from axes.helpers import get_client_username

    username = (get_client_username(request, credentials) or "").strip()
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "")
    state = lockout_state(username=username, ip_address=address, request=request)
    services.record_lockout(username=username, reasons=state.reasons)
    minutes = max(1, math.ceil((state.until - timezone.now()).total_seconds() / 60))
    context = {
        "by_account": state.by_account,
        "by_address": state.by_address,
        "minutes": minutes,
        "until": timezone.localtime(state.until),
    }
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


# --- Second factor --------------------------------------------------------------------


def _qr_svg(device: TOTPDevice, title: str) -> str:
    qr = segno.make(device.config_url, micro=False, error="m")
    # omitsize: a viewBox instead of fixed width/height, so CSS can scale it whole.
    svg = qr.svg_inline(
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        title=title,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def _grouped(secret: str, size: int = 4) -> str:
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


def _demo_code(user: User) -> str | None:
    """The demo user's current code, in demo mode only (a convenience for trying the
    product; never computed when real accounts could exist)."""
    if not settings.DEMO_MODE:
        return None
    from samvern.accounts.demo import demo_totp_key

    key = demo_totp_key(user.get_username())
    if not TOTPDevice.objects.filter(user=user, confirmed=True, key=key).exists():
        return None
    return f"{totp(bytes.fromhex(key)):06d}"


@login_required
@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrolment when the user has no authenticator yet, verification otherwise."""
    actor = actor_of(request)
    user = _user(request)
    next_url = _safe_next(request)
    if not actor.requires_second_factor:
        messages.info(request, _("Your roles do not require a second factor."))
        return redirect(next_url)
    if _verified(request):
        return redirect(next_url)
    if not selectors.has_confirmed_authenticator(actor=actor):
        return _enrol(request, next_url)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(
            actor=actor, organisation=_organisation(request), token=form.cleaned_data["code"]
        )
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()
            left = selectors.remaining_backup_codes(actor=actor)
            if device.name == services.BACKUP_DEVICE_NAME:
                messages.warning(
                    request,
                    _(
                        "You used a backup code. %(left)d are left; make new ones on your "
                        "account page when you run low."
                    )
                    % {"left": left},
                )
            return redirect(next_url)
        form.add_error(
            "code",
            _(
                "The code is not valid. Use the newest code; after several wrong codes you "
                "must wait a little before the next try."
            ),
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url, "demo_code": _demo_code(user)},
    )


def _enrol(request: HttpRequest, next_url: str) -> HttpResponse:
    actor = actor_of(request)
    device = services.start_enrolment(actor=actor)
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolment = services.confirm_enrolment(
            actor=actor,
            organisation=_organisation(request),
            device=device,
            token=form.cleaned_data["code"],
        )
        if enrolment is not None:
            otp_login(request, enrolment.device)
            request.session.cycle_key()
            request.session[BACKUP_CODES_SESSION_KEY] = enrolment.backup_codes
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(f"{reverse('accounts:backup_codes')}?{_next_query(next_url)}")
        form.add_error(
            "code",
            _(
                "The code does not match. Check that the clock on your phone is right and "
                "enter the newest code."
            ),
        )
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": _qr_svg(device, _("QR code for your authenticator app")),
            "secret": _grouped(secret),
        },
    )


def _require_verified_case_user(request: HttpRequest) -> None:
    if not (actor_of(request).requires_second_factor and _verified(request)):
        raise Http404


@login_required
@never_cache
def backup_codes(request: HttpRequest) -> HttpResponse:
    """Shows newly made backup codes once; they are not stored in readable form anywhere
    the user can reach again."""
    _require_verified_case_user(request)
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:account")
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next": _safe_next(request, "accounts:account")},
    )


@login_required
@require_POST
def backup_codes_regenerate(request: HttpRequest) -> HttpResponse:
    _require_verified_case_user(request)
    codes = services.regenerate_backup_codes(
        actor=actor_of(request), organisation=_organisation(request)
    )
    request.session[BACKUP_CODES_SESSION_KEY] = codes
    return redirect("accounts:backup_codes")


@login_required
@require_POST
def authenticator_replace(request: HttpRequest) -> HttpResponse:
    _require_verified_case_user(request)
    services.remove_authenticator(actor=actor_of(request), organisation=_organisation(request))
    messages.info(request, _("Your old authenticator is removed. Set up the new one now."))
    return redirect("accounts:two_factor")


# --- My account -----------------------------------------------------------------------


@login_required
@never_cache
def account(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    user = _user(request)
    # A model form writes into its instance while validating: give it a copy, so the
    # service can tell what changed and a rejected form leaves the signed-in user as is.
    profile = User.objects.get(pk=user.pk) if request.method == "POST" else user
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = services.update_profile(
            actor=actor,
            organisation=_organisation(request),
            first_name=data["first_name"],
            last_name=data["last_name"],
            phone=data["phone"],
            preferred_language=data["preferred_language"],
        )
        if changed:
            messages.success(request, _("Your details are saved."))
        return redirect("accounts:account")
    case_user = actor.requires_second_factor
    context = {
        "form": form,
        "memberships": selectors.user_memberships(actor=actor),
        "case_user": case_user,
        "has_authenticator": case_user and selectors.has_confirmed_authenticator(actor=actor),
        "backup_codes_left": selectors.remaining_backup_codes(actor=actor) if case_user else 0,
        "new_api_token": request.session.pop(API_TOKEN_SESSION_KEY, None),
        "api_tokens": selectors.user_api_tokens(actor=actor),
        "api_token_form": _api_token_form(request),
        "api_token_days": settings.SAMVERN_API_TOKEN_DAYS,
        "case_idle_minutes": int(settings.CASE_ROLE_IDLE_TIMEOUT.total_seconds() // 60),
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    services.logout_everywhere(actor=actor_of(request), organisation=_organisation(request))
    logout(request)
    messages.success(request, _("You are logged out on every device and browser."))
    return redirect("accounts:login")


def _api_token_form(request: HttpRequest, data: object = None) -> ApiTokenForm:
    """The token form; the "case data" scope is offered to a case role in the acting
    organisation only."""
    actor = actor_of(request)
    return ApiTokenForm(
        data,
        case_scope=actor.organisation is not None
        and actor.holds(*CASE_ROLES, organisation=actor.organisation)
        and not actor.is_superuser,
        hours=settings.SAMVERN_CASE_API_TOKEN_HOURS,
    )


@login_required
@require_POST
def api_token_issue(request: HttpRequest) -> HttpResponse:
    form = _api_token_form(request, data=request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a shorter name and choose what it may reach."))
        return redirect(f"{reverse('accounts:account')}#api-token")
    try:
        issued = services.issue_api_token(
            actor=actor_of(request),
            organisation=_organisation(request),
            second_factor_verified=_verified(request),
            name=form.cleaned_data["name"],
            scope=form.chosen_scope(),
        )
    except services.ApiTokenError as error:
        messages.error(request, error.messages[0])
    else:
        request.session[API_TOKEN_SESSION_KEY] = issued.key
    return redirect(f"{reverse('accounts:account')}#api-token")


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: uuid.UUID) -> HttpResponse:
    token = access_api_token(actor_of(request), token_id)
    services.revoke_api_token(
        actor=actor_of(request), organisation=_organisation(request), token=token
    )
    messages.success(request, _("The API token no longer works."))
    return redirect(f"{reverse('accounts:account')}#api-token")


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    from samvern.accounts.middleware import ACTIVE_ORG_SESSION_KEY

    form = OrganisationSwitchForm(
        request.POST, organisations=selectors.user_organisations(actor=actor_of(request))
    )
    next_url = _safe_next(request)
    if not form.is_valid():
        messages.error(request, _("Choose one of your own organisations."))
        return redirect(next_url)
    organisation = form.cleaned_data["organisation"]
    services.switch_organisation(actor=actor_of(request), organisation=organisation)
    request.session[ACTIVE_ORG_SESSION_KEY] = str(organisation.pk)
    messages.success(request, _("You now act for %(name)s.") % {"name": organisation.name})
    return redirect(next_url)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        services.record_password_change(
            actor=actor_of(self.request), organisation=_organisation(self.request)
        )
        messages.success(
            self.request,
            _("Your password is changed. Other sessions with the old password have ended."),
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:login")
    via_invitation = False

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        services.record_password_set(user=form.user, via_invitation=self.via_invitation)
        messages.success(self.request, _("Your password is set. You can log in now."))
        return response


class InvitationView(PasswordResetConfirmView):
    template_name = "accounts/invitation_confirm.html"
    via_invitation = True


# --- Organisation administrators ------------------------------------------------------


@login_required
def members(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = access_organisation(
        actor_of(request), organisation_id, OrganisationNeed.MANAGE_MEMBERS
    )
    rows = selectors.organisation_members(actor=actor_of(request), organisation=organisation)
    page = Paginator(rows, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/members.html",
        {
            "organisation": organisation,
            "page": page,
            "case_roles": {str(role) for role in CASE_ROLES},
        },
    )


@login_required
def member_add(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = access_organisation(
        actor_of(request), organisation_id, OrganisationNeed.MANAGE_MEMBERS
    )
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.add_member(
                actor=actor_of(request),
                organisation=organisation,
                email=data["email"],
                role=data["role"],
                title=data["title"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                base_url=request.build_absolute_uri("/"),
            )
        except services.MembershipError as error:
            form.add_error(None, error)
        else:
            _announce_added(request, added)
            return redirect("accounts:members", organisation_id=organisation.pk)
    return render(request, "accounts/member_add.html", {"organisation": organisation, "form": form})


def _announce_added(request: HttpRequest, added: services.MemberAdded) -> None:
    membership = added.membership
    values = {"person": membership.user.email, "role": membership.get_role_display()}
    if added.invited:
        text = _("%(person)s is invited as %(role)s and gets an e-mail to choose a password.")
    elif added.reactivated:
        text = _("%(person)s is again %(role)s.")
    else:
        text = _("%(person)s is now %(role)s.")
    messages.success(request, text % values)
    if membership.user_id == request.user.pk:
        messages.warning(
            request,
            _(
                "You changed your own access. This is recorded in the audit trail and the "
                "organisation's other administrators and data protection officers are told."
            ),
        )


@login_required
def membership_edit(
    request: HttpRequest, organisation_id: uuid.UUID, membership_id: uuid.UUID
) -> HttpResponse:
    membership = access_membership(
        actor_of(request), organisation_id, membership_id, OrganisationNeed.MANAGE_MEMBERS
    )
    form = MembershipForm(
        request.POST or None,
        initial={"role": membership.role, "title": membership.title, "ends_on": membership.ends_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.change_membership(
                actor=actor_of(request),
                membership=membership,
                role=form.cleaned_data["role"],
                title=form.cleaned_data["title"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except services.MembershipError as error:
            form.add_error(None, error)
        else:
            if changed:
                messages.success(request, _("The membership is changed."))
                if membership.user_id == request.user.pk and "role" in changed:
                    messages.warning(
                        request,
                        _(
                            "You changed your own access. This is recorded in the audit trail "
                            "and the organisation's other administrators and data protection "
                            "officers are told."
                        ),
                    )
            return redirect("accounts:members", organisation_id=membership.organisation_id)
    return render(
        request,
        "accounts/membership_edit.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "form": form,
            "case_roles": [Role(role).label for role in sorted(CASE_ROLES)],
        },
    )


@login_required
@require_POST
def membership_deactivate(
    request: HttpRequest, organisation_id: uuid.UUID, membership_id: uuid.UUID
) -> HttpResponseBase:
    membership = access_membership(
        actor_of(request), organisation_id, membership_id, OrganisationNeed.MANAGE_MEMBERS
    )
    try:
        services.deactivate_membership(actor=actor_of(request), membership=membership)
    except services.MembershipError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(person)s is no longer %(role)s.")
            % {"person": membership.user, "role": membership.get_role_display()},
        )
    return redirect("accounts:members", organisation_id=membership.organisation_id)


@login_required
@require_POST
def membership_reactivate(
    request: HttpRequest, organisation_id: uuid.UUID, membership_id: uuid.UUID
) -> HttpResponseBase:
    membership = access_membership(
        actor_of(request), organisation_id, membership_id, OrganisationNeed.MANAGE_MEMBERS
    )
    services.reactivate_membership(actor=actor_of(request), membership=membership)
    messages.success(
        request,
        _("%(person)s is again %(role)s.")
        % {"person": membership.user, "role": membership.get_role_display()},
    )
    return redirect("accounts:members", organisation_id=membership.organisation_id)


@login_required
@require_POST
def invitation_resend(
    request: HttpRequest, organisation_id: uuid.UUID, membership_id: uuid.UUID
) -> HttpResponseBase:
    membership = access_membership(
        actor_of(request), organisation_id, membership_id, OrganisationNeed.MANAGE_MEMBERS
    )
    try:
        services.resend_invitation(
            actor=actor_of(request), membership=membership, base_url=request.build_absolute_uri("/")
        )
    except services.MembershipError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("A new invitation is sent to %(email)s.") % {"email": membership.user.email}
        )
    return redirect("accounts:members", organisation_id=membership.organisation_id)
