"""The command that checks a catalogue's files (`validate_instruments`,
`validate_checklists`): with no arguments every configured directory, otherwise the files
and directories named; every valid entry and every problem printed with file, line and
path, a summary, and a non-zero exit when there is any problem.

A catalogue's command is a subclass that says how its files are read and what its entries
are called; the reading, the checks across the named files and the output are here, so
that every catalogue reports the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from samvern.core.catalogues import SUFFIXES, InvalidCatalogueFile, Problem, Scan


class CatalogueEntry(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def version(self) -> str | int: ...

    @property
    def source_path(self) -> Path | None: ...


E = TypeVar("E", bound=CatalogueEntry)


class CatalogueCommand(BaseCommand, Generic[E]):
    """Subclasses set `suffixes` and `error` and give the catalogue's loaders and
    messages; `cross_file_problems` is for rules between files (none by default)."""

    suffixes: Sequence[str] = SUFFIXES
    error: type[InvalidCatalogueFile] = InvalidCatalogueFile

    # --- what a catalogue gives -------------------------------------------------------------

    def clear_cache(self) -> None:
        raise NotImplementedError

    def directories(self) -> list[Path]:
        """The configured directories, printed when no path is named."""
        raise NotImplementedError

    def scan(self, directories: Sequence[Path] | None) -> Scan[E]:
        """The catalogue's own scan of directories (None: the configured ones)."""
        raise NotImplementedError

    def load_file(self, path: Path) -> E:
        raise NotImplementedError

    def cross_file_problems(self, entries: Sequence[E]) -> list[Problem]:
        return []

    def describe(self, entry: E) -> str:
        """The line after "OK" for a valid entry."""
        raise NotImplementedError

    def summary(self, *, files: int, valid: int, problems: int) -> str:
        raise NotImplementedError

    def not_a_catalogue_file(self) -> str:
        """The message for a named path that is neither a directory nor a catalogue file;
        `%(suffixes)s` is replaced by the accepted endings."""
        raise NotImplementedError

    def defined_twice(self) -> str:
        """The message for a key and version defined by two named files, with `%(key)s`,
        `%(version)s` and `%(other)s` (the first file)."""
        raise NotImplementedError

    # --- the command ------------------------------------------------------------------------

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            help="Files or directories to check (default: every configured directory).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the messages (default: the site's default language).",
        )

    def handle(self, *args: object, **options: object) -> None:
        language = options.get("language")
        paths = options.get("paths")
        with translation.override(str(language) if language else settings.LANGUAGE_CODE):
            self._run([Path(str(path)) for path in paths] if isinstance(paths, list) else [])

    def _run(self, paths: list[Path]) -> None:
        # Messages are produced while loading; a fresh load gives them in this language.
        self.clear_cache()
        if paths:
            scan = self._scan_paths(paths)
        else:
            scan = self.scan(None)
            for directory in self.directories():
                self.stdout.write(_("Directory: %(path)s") % {"path": directory})
        for entry in scan.entries:
            self.stdout.write(self.style.SUCCESS(_("OK")) + "  " + self.describe(entry))
        for problem in scan.problems:
            self.stdout.write(self.style.ERROR(_("ERROR")) + "  " + str(problem))
        summary = self.summary(
            files=scan.files, valid=len(scan.entries), problems=len(scan.problems)
        )
        if scan.problems:
            raise CommandError(summary)
        self.stdout.write(summary)

    def _scan_paths(self, paths: list[Path]) -> Scan[E]:
        scan: Scan[E] = Scan()
        seen: dict[tuple[str, str], Path] = {}
        for path in paths:
            if path.is_dir():
                part = self.scan([path])
                scan.files += part.files
                # The directory's own cross-file problems are recomputed below, once,
                # over everything named on the command line.
                cross = set(map(str, self.cross_file_problems(part.entries)))
                scan.problems.extend(p for p in part.problems if str(p) not in cross)
                candidates = part.entries
            elif path.is_file() and path.suffix.lower() in self.suffixes:
                scan.files += 1
                try:
                    candidates = [self.load_file(path)]
                except self.error as error:
                    scan.problems.extend(error.problems)
                    continue
            else:
                message = self.not_a_catalogue_file() % {"suffixes": ", ".join(self.suffixes)}
                scan.problems.append(Problem(str(path), "", message))
                continue
            for entry in candidates:
                identity = (entry.key, str(entry.version))
                if identity in seen:
                    message = self.defined_twice() % {
                        "key": entry.key,
                        "version": entry.version,
                        "other": seen[identity],
                    }
                    scan.problems.append(
                        Problem(str(entry.source_path), "$.version", message, path="$.version")
                    )
                    continue
                if entry.source_path is not None:
                    seen[identity] = entry.source_path
                scan.entries.append(entry)
        scan.problems.extend(self.cross_file_problems(scan.entries))
        return scan
