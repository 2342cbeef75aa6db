"""Throttles that key on the client address as the login lock-out determines it.

DRF's own throttles trust X-Forwarded-For from anyone (unless NUM_PROXIES is set), so a
client could get a fresh allowance with every made-up header. These use
`samvern.core.request_context.address_of`: a forwarded address counts only when the request
came from one of SAMVERN_TRUSTED_PROXIES.
"""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from samvern.core.request_context import address_of


class ClientAddressMixin:
    def get_ident(self, request: Any) -> str:
        return address_of(request) or ""


class ClientAddressAnonThrottle(ClientAddressMixin, AnonRateThrottle):
    pass


class ClientAddressUserThrottle(ClientAddressMixin, UserRateThrottle):
    pass
