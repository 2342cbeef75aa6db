"""Check checklist template files and print every problem; exits non-zero when any is found.

manage.py validate_checklists                      # shipped + CHECKLIST_TEMPLATE_DIRS
manage.py validate_checklists path/to/file.yaml    # files or directories
manage.py validate_checklists --language en
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samvern.checklists.catalogue import (
    TEMPLATE_SUFFIXES,
    TemplateError,
    TemplateScan,
    clear_cache,
    cross_file_problems,
    load_template_file,
    scan_templates,
    template_directories,
)
from samvern.core.catalogues import Problem


class Command(BaseCommand):
    help = "Validate checklist template files and list every problem with file, line and path."

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
        clear_cache()
        if paths:
            scan = self._scan_paths(paths)
        else:
            scan = scan_templates()
            for directory in template_directories():
                self.stdout.write(_("Directory: %(path)s") % {"path": directory})
        for template in scan.templates:
            self.stdout.write(
                self.style.SUCCESS(_("OK"))
                + "  "
                + ngettext(
                    "%(file)s: %(key)s version %(version)s for %(agency)s, %(items)d item",
                    "%(file)s: %(key)s version %(version)s for %(agency)s, %(items)d items",
                    len(template.items),
                )
                % {
                    "file": template.source_path,
                    "key": template.key,
                    "version": template.version,
                    "agency": template.agency,
                    "items": len(template.items),
                }
            )
        for problem in scan.problems:
            self.stdout.write(self.style.ERROR(_("ERROR")) + "  " + str(problem))
        summary = _(
            "Files checked: %(files)d. Valid templates: %(valid)d. Problems: %(problems)d."
        ) % {
            "files": scan.files,
            "valid": len(scan.templates),
            "problems": len(scan.problems),
        }
        if scan.problems:
            raise CommandError(summary)
        self.stdout.write(summary)

    def _scan_paths(self, paths: list[Path]) -> TemplateScan:
        scan = TemplateScan()
        seen: dict[tuple[str, str], Path] = {}
        for path in paths:
            if path.is_dir():
                part = scan_templates([path])
                scan.files += part.files
                # The directory's own cross-file problems are recomputed below, once,
                # over everything named on the command line.
                cross = set(map(str, cross_file_problems(part.templates)))
                scan.problems.extend(p for p in part.problems if str(p) not in cross)
                candidates = part.templates
            elif path.is_file() and path.suffix.lower() in TEMPLATE_SUFFIXES:
                scan.files += 1
                try:
                    candidates = [load_template_file(path)]
                except TemplateError as error:
                    scan.problems.extend(error.problems)
                    continue
            else:
                scan.problems.append(
                    Problem(
                        str(path),
                        "",
                        _("Not a checklist template file or directory (expected %(suffixes)s).")
                        % {"suffixes": ", ".join(TEMPLATE_SUFFIXES)},
                    )
                )
                continue
            for template in candidates:
                identity = (template.key, template.version)
                if identity in seen:
                    scan.problems.append(
                        Problem(
                            str(template.source_path),
                            "$.version",
                            _(
                                "The checklist template “%(key)s” version %(version)s is "
                                "already defined in %(other)s; each version must be defined "
                                "exactly once."
                            )
                            % {
                                "key": template.key,
                                "version": template.version,
                                "other": seen[identity],
                            },
                            path="$.version",
                        )
                    )
                    continue
                if template.source_path is not None:
                    seen[identity] = template.source_path
                scan.templates.append(template)
        scan.problems.extend(cross_file_problems(scan.templates))
        return scan
