"""Secret addresses ("feeds") that a program fetches without signing in, such as a
person's calendar. The secret is shown once; only a keyed hash of it is stored, salted per
kind of feed, so that a copy of the database does not reveal a working address and the
secret of one kind of feed never opens another."""

from __future__ import annotations

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

# Longer than any secret `new_token` makes; anything longer is refused before hashing.
MAX_TOKEN_LENGTH = 200


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str, *, salt: str) -> str:
    """The keyed hash stored for a secret: without the site's key, the secret cannot be
    found from it, and two secrets never share one."""
    return salted_hmac(salt, token, algorithm="sha256").hexdigest()


def plausible_token(token: str) -> bool:
    return bool(token) and len(token) <= MAX_TOKEN_LENGTH


def same_hash(stored: str, digest: str) -> bool:
    return constant_time_compare(stored, digest)
