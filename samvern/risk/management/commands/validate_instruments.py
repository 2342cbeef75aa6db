"""Check risk instrument files and print every problem; exits non-zero when any is found.

manage.py validate_instruments                      # shipped + RISK_INSTRUMENT_DIRS
manage.py validate_instruments path/to/file.yaml    # files or directories
manage.py validate_instruments --language en
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samvern.risk.catalogue import (
    INSTRUMENT_SUFFIXES,
    CatalogueScan,
    InstrumentError,
    Problem,
    clear_cache,
    instrument_directories,
    load_instrument_file,
    scan_catalogue,
)


class Command(BaseCommand):
    help = "Validate risk instrument files and list every problem with file, line and path."

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

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            self._run([Path(path) for path in options["paths"]])

    def _run(self, paths: list[Path]) -> None:
        # Messages are produced while loading; a fresh load gives them in this language.
        clear_cache()
        if paths:
            scan = self._scan_paths(paths)
        else:
            scan = scan_catalogue()
            for directory in instrument_directories():
                self.stdout.write(_("Directory: %(path)s") % {"path": directory})
        for instrument in scan.instruments:
            self.stdout.write(
                self.style.SUCCESS(_("OK"))
                + "  "
                + ngettext(
                    "%(file)s: %(key)s version %(version)s, %(items)d question",
                    "%(file)s: %(key)s version %(version)s, %(items)d questions",
                    len(instrument.items),
                )
                % {
                    "file": instrument.source_path,
                    "key": instrument.key,
                    "version": instrument.version,
                    "items": len(instrument.items),
                }
            )
        for problem in scan.problems:
            self.stdout.write(self.style.ERROR(_("ERROR")) + "  " + str(problem))
        summary = _(
            "Files checked: %(files)d. Valid instruments: %(valid)d. Problems: %(problems)d."
        ) % {
            "files": scan.files,
            "valid": len(scan.instruments),
            "problems": len(scan.problems),
        }
        if scan.problems:
            raise CommandError(summary)
        self.stdout.write(summary)

    def _scan_paths(self, paths: list[Path]) -> CatalogueScan:
        scan = CatalogueScan()
        seen: dict[tuple[str, str], Path] = {}
        for path in paths:
            if path.is_dir():
                part = scan_catalogue([path])
                scan.files += part.files
                scan.problems.extend(part.problems)
                candidates = part.instruments
            elif path.is_file() and path.suffix.lower() in INSTRUMENT_SUFFIXES:
                scan.files += 1
                try:
                    candidates = [load_instrument_file(path)]
                except InstrumentError as error:
                    scan.problems.extend(error.problems)
                    continue
            else:
                scan.problems.append(
                    Problem(
                        str(path),
                        "",
                        _("Not an instrument file or directory (expected %(suffixes)s).")
                        % {"suffixes": ", ".join(INSTRUMENT_SUFFIXES)},
                    )
                )
                continue
            for instrument in candidates:
                identity = (instrument.key, instrument.version)
                if identity in seen:
                    scan.problems.append(
                        Problem(
                            str(instrument.source_path),
                            "$.version",
                            _(
                                "The instrument “%(key)s” version %(version)s is already "
                                "defined in %(other)s; each version must be defined exactly "
                                "once."
                            )
                            % {
                                "key": instrument.key,
                                "version": instrument.version,
                                "other": seen[identity],
                            },
                            path="$.version",
                        )
                    )
                    continue
                if instrument.source_path is not None:
                    seen[identity] = instrument.source_path
                scan.instruments.append(instrument)
        return scan
