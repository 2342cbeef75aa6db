"""How the API answers a refusal from a service.

Services raise Django's `ValidationError` with a message for the user. Raised inside an
API view it becomes 400 with the messages under "detail" (a list, in the request's
language), or per field when the service named fields; the view's transaction has rolled
back, so nothing was changed. Everything else is Django REST framework's own handling.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def as_api_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """The API form of a service's refusal (for a view that catches it itself)."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                ("detail" if name == "__all__" else name): [
                    message for item in errors for message in item.messages
                ]
                for name, errors in error.error_dict.items()
            }
        )
    return exceptions.ValidationError({"detail": error.messages})


def exception_handler(exc: Exception, context: dict[str, object]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = as_api_error(exc)
    return drf_exception_handler(exc, context)
