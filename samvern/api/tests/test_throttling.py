"""The open data's throttle keys on the client address as the login lock-out takes it: a
forwarded address counts only when the request comes from a configured proxy."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from samvern.core.request_context import address_of

SUMMARY = reverse("api-overview-summary")
PROXY = "10.0.0.7"


@pytest.fixture(autouse=True)
def two_requests_an_hour(monkeypatch):
    cache.clear()
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "anon": "2/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    yield
    cache.clear()


def get(client, remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.get(SUMMARY, {"as_of": "2024-01-01"}, **extra)


def test_a_made_up_forwarded_address_gets_no_fresh_allowance(client, reference_data):
    assert get(client, "203.0.113.5", "198.51.100.1").status_code == 200
    assert get(client, "203.0.113.5", "198.51.100.2").status_code == 200
    refused = get(client, "203.0.113.5", "198.51.100.3")
    assert refused.status_code == 429
    assert get(client, "203.0.113.5").status_code == 429
    # Another real address has its own allowance.
    assert get(client, "203.0.113.6").status_code == 200


@override_settings(SAMVERN_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_a_configured_proxy_each_client_has_its_own_allowance(client, reference_data):
    for _ in range(2):
        assert get(client, PROXY, "198.51.100.1").status_code == 200
    assert get(client, PROXY, "198.51.100.1").status_code == 429
    # Another client behind the same proxy is counted on its own.
    assert get(client, PROXY, "198.51.100.2").status_code == 200
    # Left of the proxy's own entry anything may be made up: the proxy's entry counts.
    assert get(client, PROXY, "192.0.2.99, 198.51.100.1").status_code == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),  # not a proxy: header ignored
        (PROXY, "198.51.100.1", "198.51.100.1"),
        (PROXY, "192.0.2.99, 198.51.100.1", "198.51.100.1"),
        (PROXY, "198.51.100.1, 10.0.0.8", "198.51.100.1"),  # two proxies
        (PROXY, "not-an-address", PROXY),
        (PROXY, None, PROXY),
    ],
)
@override_settings(SAMVERN_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_client_address_rule(rf, remote, forwarded, expected):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert address_of(rf.get("/", **extra)) == expected


@override_settings(SAMVERN_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_the_login_lock_out_uses_the_same_address(rf):
    from axes.helpers import get_client_ip_address

    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert get_client_ip_address(request) == "198.51.100.1"
    spoofed = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert get_client_ip_address(spoofed) == "203.0.113.5"
