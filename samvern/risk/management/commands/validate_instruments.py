"""Check risk instrument files and print every problem; exits non-zero when any is found.

manage.py validate_instruments                      # shipped + RISK_INSTRUMENT_DIRS
manage.py validate_instruments path/to/file.yaml    # files or directories
manage.py validate_instruments --language en
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samvern.core.catalogue_command import CatalogueCommand
from samvern.core.catalogues import Scan
from samvern.risk.catalogue import (
    INSTRUMENT_SUFFIXES,
    InstrumentError,
    clear_cache,
    instrument_directories,
    load_instrument_file,
    scan_catalogue,
)
from samvern.risk.definitions import Instrument


class Command(CatalogueCommand[Instrument]):
    help = "Validate risk instrument files and list every problem with file, line and path."
    suffixes = INSTRUMENT_SUFFIXES
    error = InstrumentError

    def clear_cache(self) -> None:
        clear_cache()

    def directories(self) -> list[Path]:
        return instrument_directories()

    def scan(self, directories: Sequence[Path] | None) -> Scan[Instrument]:
        scan = scan_catalogue(directories)
        return Scan(entries=scan.instruments, problems=scan.problems, files=scan.files)

    def load_file(self, path: Path) -> Instrument:
        return load_instrument_file(path)

    def describe(self, entry: Instrument) -> str:
        return ngettext(
            "%(file)s: %(key)s version %(version)s, %(items)d question",
            "%(file)s: %(key)s version %(version)s, %(items)d questions",
            len(entry.items),
        ) % {
            "file": entry.source_path,
            "key": entry.key,
            "version": entry.version,
            "items": len(entry.items),
        }

    def summary(self, *, files: int, valid: int, problems: int) -> str:
        return _(
            "Files checked: %(files)d. Valid instruments: %(valid)d. Problems: %(problems)d."
        ) % {"files": files, "valid": valid, "problems": problems}

    def not_a_catalogue_file(self) -> str:
        return _("Not an instrument file or directory (expected %(suffixes)s).")

    def defined_twice(self) -> str:
        return _(
            "The instrument “%(key)s” version %(version)s is already "
            "defined in %(other)s; each version must be defined exactly "
            "once."
        )
