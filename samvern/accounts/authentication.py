"""How the API trusts a token, and what "verified" means for a request.

A token is accepted only while it is unexpired, its user is active, and the assurance it
was issued with still suffices: a token issued without a second factor stops working the
moment its user holds a role that needs one. Role changes revoke tokens outright (see
services.revoke_user_api_tokens); a membership that ends on a date does so without any
write, so a token issued before such an end date is refused from that day on.
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

from samvern.accounts.models import ApiToken, Membership, User

if TYPE_CHECKING:
    # Only a type: importing DRF's views here, while DRF reads its settings, is circular.
    from rest_framework.views import APIView

# last_used_at is written at most this often, so that a busy program does not turn every
# read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, checked against the stored digest of the key."""

    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        from samvern.accounts.services import api_token_digest

        token = (
            ApiToken.objects.select_related("user").filter(key_digest=api_token_digest(key)).first()
        )
        # One message for every refusal: a caller learns nothing about which check failed.
        refused = AuthenticationFailed(_("Invalid or expired token."))
        if token is None:
            raise refused
        now = timezone.now()
        user = token.user
        if token.expires_at <= now or not user.is_active:
            raise refused
        if user.requires_second_factor and not token.second_factor_verified:
            raise refused
        if _a_membership_ended_since(token, today=timezone.localdate()):
            raise refused
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token


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
