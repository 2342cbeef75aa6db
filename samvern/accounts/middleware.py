"""Request-wide account rules: which organisation the user acts for, the second factor
for case roles, idle expiry, and "log out everywhere"."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.models import Organisation

ACTIVE_ORG_SESSION_KEY = "samvern_active_organisation"
LAST_SEEN_SESSION_KEY = "samvern_last_seen"
GENERATION_SESSION_KEY = "samvern_session_generation"

# Paths a user who still owes a second factor may reach.
SECOND_FACTOR_OPEN_PREFIXES = (
    "/accounts/two-factor/",
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/healthz",
)


class ActiveOrganisationMiddleware:
    """Sets request.organisation: the organisation the user acts for in this session.

    A user with memberships in several organisations chooses one; it must be one of their
    own active memberships, checked on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organisation = None  # type: ignore[attr-defined]
        user = request.user
        if user.is_authenticated:
            organisations = Organisation.objects.filter(
                memberships__user=user, memberships__is_active=True, is_active=True
            ).distinct()
            chosen = request.session.get(ACTIVE_ORG_SESSION_KEY)
            organisation = None
            if chosen:
                organisation = organisations.filter(pk=chosen).first()
            if organisation is None:
                organisation = organisations.order_by("name").first()
            request.organisation = organisation  # type: ignore[attr-defined]
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """A user holding a case role reaches nothing but enrolment/verification until the
    session is verified with a second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(SECOND_FACTOR_OPEN_PREFIXES)
            and user.requires_second_factor
            and not user.is_verified()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("A second factor is required for this account.")}, status=403
                )
            return redirect("accounts:two_factor")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Ends sessions idle for too long (30 minutes for case roles) and sessions created
    before the user chose "log out everywhere"."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = timezone.now()
            generation = request.session.get(GENERATION_SESSION_KEY)
            if generation is None:
                request.session[GENERATION_SESSION_KEY] = user.session_generation
            elif generation != user.session_generation:
                logout(request)
                return redirect(settings.LOGIN_URL)
            last_seen_raw = request.session.get(LAST_SEEN_SESSION_KEY)
            if last_seen_raw:
                last_seen = datetime.fromisoformat(last_seen_raw)
                limit = (
                    settings.CASE_ROLE_IDLE_TIMEOUT
                    if user.requires_second_factor
                    else settings.GENERAL_IDLE_TIMEOUT
                )
                if now - last_seen > limit:
                    logout(request)
                    if request.path.startswith("/api/"):
                        return JsonResponse({"detail": _("Session expired.")}, status=401)
                    return redirect(f"{redirect(settings.LOGIN_URL).url}?expired=1")
            request.session[LAST_SEEN_SESSION_KEY] = now.isoformat()
        return self.get_response(request)
