import ipaddress
from contextvars import ContextVar, Token
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

_current_request: ContextVar[HttpRequest | None] = ContextVar("samvern_request", default=None)


def set_request(request: HttpRequest) -> Token[HttpRequest | None]:
    return _current_request.set(request)


def reset(token: Token[HttpRequest | None]) -> None:
    _current_request.reset(token)


def current_request() -> HttpRequest | None:
    return _current_request.get()


def mark_credential(request: HttpRequest, detail: dict[str, str]) -> None:
    """Record how the request authenticated (e.g. an API token), for its audit events."""
    request._samvern_credential = dict(detail)  # type: ignore[attr-defined]


def credential_detail() -> dict[str, str]:
    """What `mark_credential` recorded for the current request; empty when nothing was."""
    request = current_request()
    if request is None:
        return {}
    return dict(getattr(request, "_samvern_credential", {}))


@lru_cache(maxsize=8)
def _trusted_networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    networks = _trusted_networks(tuple(getattr(settings, "SAMVERN_TRUSTED_PROXIES", ())))
    return any(ip in network for network in networks)


def address_of(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is one of SAMVERN_TRUSTED_PROXIES;
    then the last address in X-Forwarded-For that is not a trusted proxy (each proxy appends
    the address it was reached from, so anything left of the first untrusted hop may be
    made up by the client). A forwarded header from any other address is ignored. The
    login lock-out (AXES_CLIENT_IP_CALLABLE), the API throttles and the audit trail all
    take the address from here."""
    remote: str | None = request.META.get("REMOTE_ADDR") or None
    if remote is None or not _is_trusted_proxy(remote):
        return remote
    forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return remote  # a malformed header: the proxy itself is all we know
        if not _is_trusted_proxy(hop):
            return hop
    return hops[0] if hops else remote


def client_address() -> str | None:
    request = current_request()
    if request is None:
        return None
    return address_of(request)
