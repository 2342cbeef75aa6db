"""What every case-layer API view shares: the case-layer authentication and the
refusal record (see `cases.api`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.http import Http404
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnList
from rest_framework.views import APIView

from samvern.accounts.actor import actor_of
from samvern.accounts.authentication import CASE_LAYER_AUTHENTICATION, CASE_LAYER_PERMISSIONS
from samvern.cases import services


class CaseAPIView(APIView):
    # A session with a verified second factor, or a token with the scope "case data"
    # acting for its one organisation: the same classes for every case-layer API.
    authentication_classes = CASE_LAYER_AUTHENTICATION
    permission_classes = CASE_LAYER_PERMISSIONS

    def handle_exception(self, exc: Exception) -> Response:
        # The view's transaction has rolled back by now; the 404 answer is unchanged.
        if isinstance(exc, Http404 | NotFound) and self.request.user.is_authenticated:
            services.record_refused(
                actor=actor_of(self.request),
                route=getattr(self.request.resolver_match, "view_name", type(self).__name__),
                method=self.request.method or "",
                identifiers=self.kwargs,
                via="api",
            )
        return super().handle_exception(exc)


T = TypeVar("T")


def _many(child: serializers.Serializer[T], objects: Iterable[T]) -> ReturnList[object]:
    """`Serializer(objects, many=True).data`, typed: the list of `child`'s output."""
    return serializers.ListSerializer[list[T]](list(objects), child=child).data
