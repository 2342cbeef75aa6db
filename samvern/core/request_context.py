from contextvars import ContextVar, Token

from django.http import HttpRequest

_current_request: ContextVar[HttpRequest | None] = ContextVar("samvern_request", default=None)


def set_request(request: HttpRequest) -> Token[HttpRequest | None]:
    return _current_request.set(request)


def reset(token: Token[HttpRequest | None]) -> None:
    _current_request.reset(token)


def current_request() -> HttpRequest | None:
    return _current_request.get()


def client_address() -> str | None:
    request = current_request()
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def mark_credential(request: HttpRequest, detail: dict[str, str]) -> None:
    """Record how the request authenticated (e.g. an API token), for its audit events."""
    request._samvern_credential = dict(detail)  # type: ignore[attr-defined]


def credential_detail() -> dict[str, str]:
    """What `mark_credential` recorded for the current request; empty when nothing was."""
    request = current_request()
    if request is None:
        return {}
    return dict(getattr(request, "_samvern_credential", {}))
