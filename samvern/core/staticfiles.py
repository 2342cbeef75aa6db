"""Static files from npm packages: only the files the pages use.

Whole package folders under node_modules hold every build of every weight, subset and
module format (Inter alone ships 250 font files and 90 stylesheets), and collecting them
made `collectstatic` hash and compress thousands of files nobody asks for. Each package
here names what is served, under its URL prefix; everything else in the package is left
where it is. `settings.VENDOR_STATIC` lists the packages; a test checks that every
`{% static %}` path in the templates is found in production settings.
"""

from __future__ import annotations

import builtins
import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal, overload

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.contrib.staticfiles.utils import matches_patterns
from django.core.checks import CheckMessage
from django.core.files.storage import FileSystemStorage


class _PrefixedStorage(FileSystemStorage):
    prefix: str | None = None


class VendorFinder(BaseFinder):
    """Finds the files listed in `settings.VENDOR_STATIC`: (prefix, folder, patterns),
    each pattern matched against the path inside the folder."""

    def __init__(self) -> None:
        super().__init__()
        self.packages: builtins.list[tuple[str, Path, Sequence[str], _PrefixedStorage]] = []
        for prefix, root, patterns in getattr(settings, "VENDOR_STATIC", []):
            storage = _PrefixedStorage(location=os.fspath(root))
            storage.prefix = prefix
            self.packages.append((prefix, Path(root), tuple(patterns), storage))

    @staticmethod
    def _served(relative: str, patterns: Sequence[str]) -> bool:
        return any(fnmatch.fnmatchcase(relative, pattern) for pattern in patterns)

    def _files(self, root: Path, patterns: Sequence[str]) -> Iterator[str]:
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and self._served(relative, patterns):
                yield relative

    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str | None: ...

    @overload
    def find(self, path: str, find_all: Literal[True]) -> builtins.list[str]: ...

    def find(self, path: str, find_all: bool = False) -> str | builtins.list[str] | None:
        found: builtins.list[str] = []
        for prefix, root, patterns, _storage in self.packages:
            if not path.startswith(prefix + "/"):
                continue
            relative = path[len(prefix) + 1 :]
            candidate = root / relative
            if self._served(relative, patterns) and candidate.is_file():
                if not find_all:
                    return os.fspath(candidate)
                found.append(os.fspath(candidate))
        return found  # [] when not found, as Django's own finders answer

    def list(
        self, ignore_patterns: Iterable[str] | None
    ) -> Iterator[tuple[str, FileSystemStorage]]:
        for _prefix, root, patterns, storage in self.packages:
            if not root.is_dir():
                continue
            for relative in self._files(root, patterns):
                if not matches_patterns(relative, builtins.list(ignore_patterns or [])):
                    yield relative, storage

    def check(self, **kwargs: object) -> builtins.list[CheckMessage]:
        return []
