"""Building blocks for the public, read-only part of the API (reference data, open data).

Public endpoints need no login, are throttled per client address (rates in settings
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], the address as `samvern.api.throttling` takes
it) and paginate with a bounded page size. They take
their filters as validated query parameters, not through django-filter. Every response of
theirs names the open-data licence in a `Link: <…>; rel="license"` header.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request

from samvern.api.pagination import BoundedLimitOffsetPagination
from samvern.api.throttling import ClientAddressAnonThrottle, ClientAddressUserThrottle

__all__ = [
    "PUBLIC_CACHE_CONTROL",
    "BoundedLimitOffsetPagination",
    "OpenDataMixin",
    "PublicListAPIView",
    "PublicRetrieveAPIView",
    "licence_link",
]


# Open data that is the same for everyone: shared caches may keep it for a minute and serve
# it for five more while they fetch a fresh copy.
PUBLIC_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300"


def licence_link() -> str:
    return f'<{settings.OPEN_DATA_LICENCE["url"]}>; rel="license"'


class OpenDataMixin:
    """Adds the open-data licence to every response of the view, errors included."""

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["Link"] = licence_link()
        return response


class PublicListAPIView(OpenDataMixin, generics.ListAPIView):
    permission_classes = [AllowAny]
    throttle_classes = [ClientAddressAnonThrottle, ClientAddressUserThrottle]
    pagination_class = BoundedLimitOffsetPagination
    filter_backends = []

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # A bad limit or offset is refused before the list is computed.
        self.paginator.check_parameters(request)  # type: ignore[union-attr]


class PublicRetrieveAPIView(OpenDataMixin, generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    throttle_classes = [ClientAddressAnonThrottle, ClientAddressUserThrottle]
    filter_backends = []
