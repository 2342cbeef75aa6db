"""Test helpers that need no app of ours (the member and login helpers are in
samvern.accounts.testing)."""

from __future__ import annotations

from django.test import Client

__all__ = ["choose_language"]


def choose_language(client: Client, language: str) -> Client:
    """Choose the page language as the header's language switch does (a cookie): pages do
    not follow the browser's Accept-Language header."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
