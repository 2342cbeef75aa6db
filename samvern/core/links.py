"""Absolute links for what leaves the site (e-mail, calendar feeds): the configured
address of the site (`SAMVERN_SITE_URL`) before a path from `reverse()`."""

from __future__ import annotations

from django.conf import settings


def site_url(path: str) -> str:
    return str(getattr(settings, "SAMVERN_SITE_URL", "")).rstrip("/") + path
