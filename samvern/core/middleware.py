from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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


class RequestSizeLimitMiddleware:
    """A request larger than Samvern accepts gets a page that says so (413), in the site's
    layout and the reader's language, instead of Django's bare 400 (or, with DEBUG, its
    debug page). It runs before any view or the CSRF check reads the body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in {"POST", "PUT", "PATCH"}:
            exceeded = _exceeded_limit(request)
            if exceeded is not None:
                return _too_large_response(request, exceeded)
        return self.get_response(request)


def _exceeded_limit(request: HttpRequest) -> int | None:
    """The limit the request's body is over, or None. Uploaded files do not count towards
    DATA_UPLOAD_MAX_MEMORY_SIZE (the text of a form); they have their own limit."""
    text_limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    multipart = request.content_type == "multipart/form-data"
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if multipart and declared > text_limit + settings.SAMVERN_UPLOAD_MAX_BYTES:
        return int(settings.SAMVERN_UPLOAD_MAX_BYTES)
    if not multipart and declared > text_limit:
        return int(text_limit)
    if request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        try:
            request.POST  # noqa: B018 - parsing is what enforces Django's own limits
        except RequestDataTooBig:
            return int(text_limit)
    return None


def _too_large_response(request: HttpRequest, limit: int) -> HttpResponse:
    size = filesizeformat(limit)
    if request.path.startswith("/api/"):
        message = _("The request is larger than the API accepts (%(size)s at most).") % {
            "size": size
        }
        return JsonResponse({"detail": message}, status=413)
    return render(request, "413.html", {"limit": size}, status=413)
