"""Request-wide account rules: which organisation the user acts for, the second factor
for case roles, idle expiry, and "log out everywhere"."""

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor, actor_of

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

# The last-seen time is written to the session at most this often: writing it on every
# request would save the session on every request, and idle limits are measured in minutes.
LAST_SEEN_RESOLUTION = timedelta(seconds=60)


def _chosen(request: HttpRequest) -> uuid.UUID | None:
    """The organisation chosen in this session, if the stored value is an id at all."""
    raw = request.session.get(ACTIVE_ORG_SESSION_KEY)
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None


class ActiveOrganisationMiddleware:
    """Sets request.actor (see samvern.accounts.actor): the user, the organisation they act
    for in this session, and their current memberships.

    A user with memberships in several organisations chooses one; it must be one of their
    own active memberships, checked on every request. One query loads the memberships;
    request.memberships, request.organisations and request.requires_second_factor are
    derived from it so that later middleware, menus and start panels need no queries.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            actor = Actor.load(user, organisation=_chosen(request))
        else:
            actor = Actor.anonymous()
        request.actor = actor  # type: ignore[attr-defined]
        # Derived for templates and context processors (no further queries).
        request.memberships = list(actor.memberships)  # type: ignore[attr-defined]
        request.organisations = list(actor.organisations)  # type: ignore[attr-defined]
        request.organisation = actor.organisation  # type: ignore[attr-defined]
        request.requires_second_factor = (  # type: ignore[attr-defined]
            actor.requires_second_factor if user.is_authenticated else None
        )
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """A user holding a case role reaches nothing but enrolment/verification until the
    session is verified with a second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        pending = (
            user.is_authenticated
            and actor_of(request).requires_second_factor
            and not user.is_verified()  # type: ignore[attr-defined]
        )
        # Lets the page shell hide menus that lead nowhere until the factor is verified.
        request.second_factor_pending = pending  # type: ignore[attr-defined]
        if pending and not request.path.startswith(SECOND_FACTOR_OPEN_PREFIXES):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("A second factor is required for this account.")}, status=403
                )
            target = resolve_url("accounts:two_factor")
            if request.method == "GET":
                target = f"{target}?{urlencode({'next': request.get_full_path()})}"
            return redirect(target)
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
                # Sessions are stamped at login (see signals); this covers older ones.
                request.session[GENERATION_SESSION_KEY] = user.session_generation
            elif generation != user.session_generation:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Session ended.")}, status=401)
                return redirect(settings.LOGIN_URL)
            last_seen_raw = request.session.get(LAST_SEEN_SESSION_KEY)
            last_seen = datetime.fromisoformat(last_seen_raw) if last_seen_raw else None
            if last_seen is not None:
                limit = (
                    settings.CASE_ROLE_IDLE_TIMEOUT
                    if actor_of(request).requires_second_factor
                    else settings.GENERAL_IDLE_TIMEOUT
                )
                if now - last_seen > limit:
                    from samvern.accounts.services import session_expired

                    actor = actor_of(request)
                    session_expired(
                        actor=actor,
                        organisation=actor.organisation,
                        idle_minutes=int((now - last_seen).total_seconds() // 60),
                    )
                    logout(request)
                    if request.path.startswith("/api/"):
                        return JsonResponse({"detail": _("Session expired.")}, status=401)
                    return redirect(f"{resolve_url(settings.LOGIN_URL)}?expired=1")
            if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_SESSION_KEY] = now.isoformat()
        return self.get_response(request)
