"""Helpers shared by the test suites of every app."""

from __future__ import annotations

from django.test import Client

# TEMPORARY re-export: make_member and login live in samvern.accounts.testing (core
# imports no app of ours). conftest.py and some apps' tests still import them from here;
# delete these two names once they import samvern.accounts.testing. The import-direction
# test reports this line until then.
from samvern.accounts.testing import login, make_member

__all__ = ["choose_language", "login", "make_member"]


def choose_language(client: Client, language: str) -> Client:
    """Choose the page language as the header's language switch does (a cookie): pages do
    not follow the browser's Accept-Language header."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
