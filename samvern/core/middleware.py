from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from samvern.core import request_context


class RequestContextMiddleware:
    """Makes the current request's client address available to the audit service.

    Services take the actor explicitly; the address is the one thing they cannot be
    handed by every caller (management commands have none), so it travels here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_context.set_request(request)
        try:
            return self.get_response(request)
        finally:
            request_context.reset(token)
