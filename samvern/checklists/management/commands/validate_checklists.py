"""Check checklist template files and print every problem; exits non-zero when any is found.

manage.py validate_checklists                      # shipped + CHECKLIST_TEMPLATE_DIRS
manage.py validate_checklists path/to/file.yaml    # files or directories
manage.py validate_checklists --language en
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samvern.checklists.catalogue import (
    TEMPLATE_SUFFIXES,
    TemplateError,
    clear_cache,
    cross_file_problems,
    load_template_file,
    scan_templates,
    template_directories,
)
from samvern.checklists.template import Template
from samvern.core.catalogue_command import CatalogueCommand
from samvern.core.catalogues import Problem, Scan


class Command(CatalogueCommand[Template]):
    help = "Validate checklist template files and list every problem with file, line and path."
    suffixes = TEMPLATE_SUFFIXES
    error = TemplateError

    def clear_cache(self) -> None:
        clear_cache()

    def directories(self) -> list[Path]:
        return template_directories()

    def scan(self, directories: Sequence[Path] | None) -> Scan[Template]:
        scan = scan_templates(directories)
        return Scan(entries=scan.templates, problems=scan.problems, files=scan.files)

    def load_file(self, path: Path) -> Template:
        return load_template_file(path)

    def cross_file_problems(self, entries: Sequence[Template]) -> list[Problem]:
        return cross_file_problems(entries)

    def describe(self, entry: Template) -> str:
        return ngettext(
            "%(file)s: %(key)s version %(version)s for %(agency)s, %(items)d item",
            "%(file)s: %(key)s version %(version)s for %(agency)s, %(items)d items",
            len(entry.items),
        ) % {
            "file": entry.source_path,
            "key": entry.key,
            "version": entry.version,
            "agency": entry.agency,
            "items": len(entry.items),
        }

    def summary(self, *, files: int, valid: int, problems: int) -> str:
        return _(
            "Files checked: %(files)d. Valid templates: %(valid)d. Problems: %(problems)d."
        ) % {"files": files, "valid": valid, "problems": problems}

    def not_a_catalogue_file(self) -> str:
        return _("Not a checklist template file or directory (expected %(suffixes)s).")

    def defined_twice(self) -> str:
        return _(
            "The checklist template “%(key)s” version %(version)s is "
            "already defined in %(other)s; each version must be defined "
            "exactly once."
        )
