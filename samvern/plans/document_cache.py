"""Rendered plan documents and council reports, kept on disk keyed on what they show.

Rendering a plan with 48 measures takes seconds (WeasyPrint for the PDF, python-docx for
the DOCX), while reading what it shows takes a fraction of that. So a download first
reads the document's context as usual, takes a fingerprint of it — every value the
document is built from, down to the fields of each row and the rows it was fetched with
— and looks for a file rendered from the same fingerprint, in the same language and
format. A change to anything the document shows (a measure, a status report, an adoption,
a name in the working group) changes the fingerprint, so there is nothing to invalidate
and no write path can forget to; an unchanged document is served as the same bytes.

The files are shared by every worker on the server (`SAMVERN_DOCUMENT_CACHE_DIR`);
several people downloading the council report before a meeting cost one rendering, as
the others wait for it behind a file lock instead of rendering it again. Files not read
for `MAX_AGE` are removed when a new one is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import decimal
import enum
import fcntl
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils.translation import get_language

# Bump when the way documents are built changes without their context changing.
RENDERING_VERSION = "2"
MAX_AGE = dt.timedelta(days=14)
_MAX_DEPTH = 12


def cache_dir() -> Path:
    return Path(
        getattr(settings, "SAMVERN_DOCUMENT_CACHE_DIR", Path(settings.VAR_DIR) / "document-cache")
    )


def _feed(digest: Any, value: Any, depth: int, seen: set[int]) -> None:
    """Feed a canonical form of `value` to `digest`."""
    if depth > _MAX_DEPTH:
        digest.update(b"<deep>")
        return
    if value is None or isinstance(value, (bool, int, float, str, bytes, decimal.Decimal)):
        digest.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, (dt.date, dt.datetime, dt.time, uuid.UUID, enum.Enum)):
        digest.update(f"{type(value).__name__}:{value};".encode())
    elif isinstance(value, Model):
        if id(value) in seen:
            digest.update(f"<{value._meta.label}:{value.pk}>".encode())
            return
        seen.add(id(value))
        digest.update(f"<{value._meta.label}".encode())
        for field in value._meta.concrete_fields:
            if getattr(field, "auto_now", False):
                continue  # when a row was last saved is not something a document shows
            digest.update(field.attname.encode())
            stored = field.value_from_object(value)
            if isinstance(stored, (dict, list)):
                # A JSON field (an area's outline can hold thousands of points): its text
                # in one piece, not value by value.
                digest.update(json.dumps(stored, sort_keys=True, default=str).encode())
            else:
                _feed(digest, stored, depth + 1, seen)
        # Rows fetched with it (select_related, prefetch_related) are part of what
        # the document can show of it.
        for name, related in sorted(value._state.fields_cache.items()):
            digest.update(f"fk:{name}".encode())
            _feed(digest, related, depth + 1, seen)
        for name, related in sorted(getattr(value, "_prefetched_objects_cache", {}).items()):
            digest.update(f"many:{name}".encode())
            _feed(digest, list(related), depth + 1, seen)
        for name, extra in sorted(vars(value).items()):
            if not name.startswith("_") and name not in {f.attname for f in value._meta.fields}:
                digest.update(f"attr:{name}".encode())
                _feed(digest, extra, depth + 1, seen)
        digest.update(b">")
    elif isinstance(value, dict):
        digest.update(b"{")
        for key in sorted(value, key=repr):
            _feed(digest, key, depth + 1, seen)
            _feed(digest, value[key], depth + 1, seen)
        digest.update(b"}")
    elif isinstance(value, (list, tuple)):
        digest.update(b"[")
        for item in value:
            _feed(digest, item, depth + 1, seen)
        digest.update(b"]")
    elif isinstance(value, (set, frozenset)):
        _feed(digest, sorted(value, key=repr), depth, seen)
    elif isinstance(value, QuerySet):
        _feed(digest, list(value), depth, seen)
    elif dataclasses.is_dataclass(value) or hasattr(value, "__slots__"):
        # Dataclasses and other plain holders of the selectors' answers.
        digest.update(f"<{type(value).__qualname__}".encode())
        found = (
            getattr(value, "__dataclass_fields__", None)
            or getattr(value, "__dict__", None)
            or getattr(value, "__slots__", ())
        )
        names: list[str] = [found] if isinstance(found, str) else [str(n) for n in found or ()]
        for name in sorted(names):
            if not name.startswith("_"):
                digest.update(name.encode())
                _feed(digest, getattr(value, name, None), depth + 1, seen)
        digest.update(b">")
    else:
        # A related manager by its rows; anything else by its text.
        if hasattr(value, "all") and callable(value.all):
            _feed(digest, list(value.all()), depth, seen)
        else:
            digest.update(f"{type(value).__qualname__}:{value};".encode())


def fingerprint(kind: str, fmt: str, context: Any) -> str:
    """The key of one document: what it is, its format and language, and its context."""
    digest = hashlib.sha256()
    digest.update(f"{RENDERING_VERSION}|{kind}|{fmt}|{get_language() or ''}|".encode())
    _feed(digest, context, 0, set())
    return digest.hexdigest()


def _prune(directory: Path, newest: Path) -> None:
    # Measured against the file just written, so that the file system's clock decides.
    cutoff = newest.stat().st_mtime - MAX_AGE.total_seconds()
    for path in [*directory.glob("*.bin"), *directory.glob("*.lock")]:
        with contextlib.suppress(OSError):
            if max(path.stat().st_atime, path.stat().st_mtime) < cutoff:
                path.unlink()


def rendered(key: str, render: Callable[[], bytes]) -> bytes:
    """The bytes stored under `key`, rendering and storing them first if need be."""
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{key}.bin"
    try:
        return target.read_bytes()
    except FileNotFoundError:
        pass
    with open(directory / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one rendering; the others wait and read it
        try:
            try:
                return target.read_bytes()
            except FileNotFoundError:
                pass
            content = render()
            handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(temporary, target)
            _prune(directory, target)
            return content
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
