"""How the API trusts a token, and what "verified" means for a request.

A token is accepted only while it is unexpired, its user is active, and the assurance it
was issued with still suffices: a token issued without a second factor stops working the
moment its user holds a role that needs one. Role changes revoke tokens outright (see
services.revoke_user_api_tokens); a membership that ends on a date does so without any
write, so a token issued before such an end date is refused from that day on.

The case layer (cases, conferences, checklists, safety plans) takes a browser session
with a verified second factor, or a token with the scope "case data"
(`CASE_LAYER_AUTHENTICATION`, `CaseLayerUser`). Such a token acts only for the
organisation it was issued for, and only while its user holds a case role there; any
other token is not looked at there, so the case layer answers it exactly as it answers a
request without credentials. Every audit event written while a token is in use names it
(`detail.credential` "api_token", `detail.token` its first eight characters).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from samvern.accounts.models import CASE_ROLES, ApiToken, Membership, User
from samvern.api.authentication import SessionAuthentication
from samvern.core import request_context

if TYPE_CHECKING:
    # Only a type: importing DRF's views here, while DRF reads its settings, is circular.
    from rest_framework.views import APIView

# last_used_at is written at most this often, so that a busy program does not turn every
# read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, checked against the stored digest of the key."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        found = super().authenticate(request)
        if found is not None:
            _accepted(request, found[1])
        return found

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        from samvern.accounts.services import api_token_digest

        token = (
            ApiToken.objects.select_related("user").filter(key_digest=api_token_digest(key)).first()
        )
        # One message for every refusal: a caller learns nothing about which check failed.
        refused = AuthenticationFailed(_("Invalid or expired token."))
        if token is None:
            raise refused
        user = token.user
        if token.expires_at <= timezone.now() or not user.is_active:
            raise refused
        if user.requires_second_factor and not token.second_factor_verified:
            raise refused
        if _a_membership_ended_since(token, today=timezone.localdate()):
            raise refused
        if token.opens_case_data and not _holds_case_role(token):
            raise refused
        return user, token


class CaseDataTokenAuthentication(ApiTokenAuthentication):
    """The case layer's token check: only a valid token with the scope "case data" counts.
    Any other token — general, unknown, expired, revoked — is passed over, so the answer is
    the one a request without credentials gets (401, `Session realm="api"`)."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        try:
            found = TokenAuthentication.authenticate(self, request)
        except AuthenticationFailed:
            return None
        if found is None or not found[1].opens_case_data:
            return None
        _accepted(request, found[1])
        return found


def _accepted(request: Request, token: ApiToken) -> None:
    """The token is in use for this request: note when, and name it in the request's
    audit events."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    request_context.mark_credential(
        getattr(request, "_request", request), {"credential": "api_token", "token": token.prefix}
    )


def _holds_case_role(token: ApiToken) -> bool:
    """Whether the user still holds a case role, today, in the organisation a case-data
    token was issued for."""
    if token.organisation_id is None:
        return False
    return (
        Membership.objects.current(timezone.localdate())
        .filter(user_id=token.user_id, organisation_id=token.organisation_id, role__in=CASE_ROLES)
        .exists()
    )


def _a_membership_ended_since(token: ApiToken, *, today: dt.date) -> bool:
    """Whether one of the user's memberships reached its end date after the token was
    issued: the roles the token was issued under are no longer the user's."""
    issued_on = timezone.localdate(token.created_at)
    return Membership.objects.filter(
        user_id=token.user_id, ends_on__gt=issued_on, ends_on__lte=today
    ).exists()


def request_is_verified(request: Request) -> bool:
    """Whether this API request carries a verified second factor: a session that passed
    it, or a token issued from such a session."""
    if isinstance(request.auth, ApiToken):
        return request.auth.second_factor_verified
    return bool(getattr(request.user, "is_verified", lambda: False)())


class SecondFactorVerified(BasePermission):
    """The same rule as the pages: a user whose roles need a second factor must have
    verified it (in the session, or when the token was issued)."""

    message = _("A verified second factor is required for this account.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request_is_verified(request) or not user.requires_second_factor


class CaseLayerUser(BasePermission):
    """Who may reach the case layer's API at all (the access functions decide the rest):
    a session with a verified second factor, or a token with the scope "case data". Users
    without a case role owe no second factor and go on to the access functions, which
    show them nothing (404), exactly as the pages do."""

    message = "A signed-in session with a verified second factor is required."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        token = request.auth
        if isinstance(token, ApiToken):
            return token.opens_case_data and token.second_factor_verified
        return bool(getattr(user, "is_verified", lambda: False)()) or not (
            user.requires_second_factor
        )


# The case layer's API views take these (samvern.cases.api.CaseAPIView). The session
# comes first: its scheme is what a 401 names, as before tokens opened the case layer.
CASE_LAYER_AUTHENTICATION = [SessionAuthentication, CaseDataTokenAuthentication]
CASE_LAYER_PERMISSIONS = [CaseLayerUser]
