"""The shape of a conference API route: find through an access function, call a service,
answer — in one transaction. A route is declared, not written::

    post = extend_schema(...)(
        service_route(find=managed_item, perform=_move, input=MoveInSerializer)
    )

`find` is an access function of the actor and the route's identifier, so a missing and a
forbidden object give the same 404 (recorded as a refusal by `CaseAPIView`); a service's
refusal (a Django `ValidationError`) is a 400 with its messages. `perform` does the work
and returns the answer's body (None for no content).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Protocol, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from samvern.accounts.actor import Actor, actor_of
from samvern.api.errors import as_api_error
from samvern.cases.api_base import CaseAPIView

Found = TypeVar("Found")
In = TypeVar("In")
Data = dict[str, object]


class Handler(Protocol):
    def __call__(
        self, view: CaseAPIView, request: Request, **kwargs: uuid.UUID
    ) -> Response | HttpResponse: ...


class ServiceAPIView(CaseAPIView):
    # A service's refusal is a 400 with its messages. (No docstring: drf-spectacular would
    # make it the description of every route.)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoValidationError):
            exc = as_api_error(exc)
        return super().handle_exception(exc)


def validated(serializer_class: type[serializers.Serializer[In]], request: Request) -> Data:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    assert isinstance(data, dict)
    return data


def service_route(
    *,
    find: Callable[[Actor, uuid.UUID], Found],
    perform: Callable[[Actor, Found, Data], object],
    input: type[serializers.Serializer[In]] | None = None,
    status: int = 200,
    key_field: str | None = None,
    input_after_access: bool = False,
) -> Handler:
    """A view method: `find(actor, identifier)`, then `perform(actor, found, data)`.

    The identifier is the route's one URL parameter, or the input field `key_field` for a
    route without one. The input is checked before the lookup, or after it with
    `input_after_access` (then a caller refused the object learns nothing of the input's
    rules). A body that is already an HTTP response (JSON null) is returned as it is.
    """

    def method(view: CaseAPIView, request: Request, **kwargs: uuid.UUID) -> Response | HttpResponse:
        actor = actor_of(request)
        data: Data = {}
        if input is not None and not input_after_access:
            data = validated(input, request)
        with transaction.atomic():
            if key_field is not None:
                key = uuid.UUID(str(data[key_field]))
            else:
                (key,) = kwargs.values()
            found = find(actor, key)
            if input is not None and input_after_access:
                data = validated(input, request)
            body = perform(actor, found, data)
            if isinstance(body, HttpResponse):
                return body
            return Response(body, status=status)

    return method
