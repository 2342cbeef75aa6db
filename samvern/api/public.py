"""Building blocks for the public, read-only part of the API (reference data, open data).

Public endpoints need no login, are throttled per client (rates in settings
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) and paginate with a bounded page size. They take
their filters as validated query parameters, not through django-filter.
"""

from __future__ import annotations

from rest_framework import generics
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`?limit=&offset=` paging; a client may ask for at most `max_limit` rows at once."""

    default_limit = 100
    max_limit = 500


class PublicListAPIView(generics.ListAPIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]
    pagination_class = BoundedLimitOffsetPagination
    filter_backends = []


class PublicRetrieveAPIView(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]
    filter_backends = []
