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
