"""Checklist templates as data files: loading, validation with precise messages, and the
per-process catalogue of every valid template.

A template file (YAML, or JSON) is checked in two steps:
1. the JSON Schema in `schema/checklist.schema.json` (structure and types);
2. rules the schema cannot state: unique item keys and sole-holder duties, texts in every
   required language, risk bands that a risk instrument has, and a sole-holder order that
   names each agency once and includes the template's own agency.
Every problem is reported at once, naming the file, the line and the JSON path, in the
active language. Reading, the schema step, the messages and the cache are the shared
catalogue kit (`samvern.core.catalogues`).

Across files, a scan also reports two templates (different keys) for the same agency and
one sole-holder duty declared with different orders, since both would make the outcome
depend on which file happens to be read.

The catalogue reads the shipped `definitions/` directory and every directory in
`settings.CHECKLIST_TEMPLATE_DIRS`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from django.conf import settings
from django.utils.translation import gettext as _
from jsonschema.exceptions import ValidationError

from samvern.checklists.template import (
    Agency,
    Conditions,
    SoleHolder,
    Template,
    TemplateItem,
)
from samvern.core.catalogues import (
    JSON,
    REQUIRED_LANGUAGES,
    Catalogue,
    Document,
    InvalidCatalogueFile,
    JSONObject,
    PathParts,
    Problem,
    Report,
    by_key_newest_first,
    check_text,
    check_unique,
    describe_schema_error,
    find,
    newest,
    read_file,
)

logger = logging.getLogger("samvern.checklists")

HERE = Path(__file__).resolve().parent
SHIPPED_DIR = HERE / "definitions"
SCHEMA_PATH = HERE / "schema" / "checklist.schema.json"
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json")
MAX_FILE_BYTES = 256 * 1024


class TemplateError(InvalidCatalogueFile):
    """A template file that cannot be used; `problems` lists every problem in it."""


class TemplateNotFound(LookupError):
    pass


# --- Schema ------------------------------------------------------------------------------


def _schema_pattern(*names: str) -> str:
    node: object = TEMPLATES.validator.schema
    for name in names:
        node = cast(Mapping[str, object], node)[name]
    return str(node)


def _pattern_hint(pattern: str) -> str:
    if pattern == _schema_pattern("properties", "version", "pattern"):
        return _('two whole numbers separated by a full stop, in quotes, e.g. "1.0"')
    if pattern == _schema_pattern("$defs", "template_key", "pattern"):
        return _("lower-case letters a–z, digits, hyphens and underscores, starting with a letter")
    if pattern == _schema_pattern("$defs", "key", "pattern"):
        return _("lower-case letters a–z, digits and underscores, starting with a letter")
    return pattern


def _describe(error: ValidationError, report: Report) -> None:
    path: PathParts = tuple(error.absolute_path)
    if error.validator == "minProperties" and path and path[-1] == "when":
        report.add(path, _("Give at least one condition, or leave out “when”."))
        return
    describe_schema_error(error, report, _pattern_hint)


# --- Rules beyond the schema -------------------------------------------------------------


def known_bands() -> frozenset[str]:
    """The band keys of every valid risk instrument: what a risk_band condition may name
    (the case holds the band of its latest assessment)."""
    from samvern.risk.catalogue import all_instruments

    return frozenset(band.key for instrument in all_instruments() for band in instrument.bands)


def _text(value: JSON, path: PathParts, report: Report) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    texts = {code: text for code, text in value.items() if isinstance(text, str)}
    return check_text(texts, path, report, REQUIRED_LANGUAGES)


def _conditions(raw: JSON, path: PathParts, report: Report, bands: frozenset[str]) -> Conditions:
    if not isinstance(raw, dict):
        return Conditions()

    def flag(name: str) -> bool | None:
        value = raw.get(name)
        return value if isinstance(value, bool) else None

    risk_band: tuple[str, ...] | None = None
    raw_bands = raw.get("risk_band")
    if isinstance(raw_bands, list):
        seen: set[str] = set()
        for index, band in enumerate(raw_bands):
            band_path: PathParts = (*path, "risk_band", index)
            if not isinstance(band, str):
                continue
            if band in seen:
                report.add(
                    band_path,
                    _("The risk band “%(band)s” is named twice in this condition.")
                    % {"band": band},
                )
            elif band not in bands:
                report.add(
                    band_path,
                    _(
                        "The risk band “%(band)s” is not a band of any risk instrument "
                        "(the bands: %(bands)s)."
                    )
                    % {"band": band, "bands": ", ".join(sorted(bands)) or "–"},
                )
            seen.add(band)
        risk_band = tuple(band for band in raw_bands if isinstance(band, str))
    return Conditions(
        children=flag("children"),
        risk_band=risk_band,
        custody_release=flag("custody_release"),
        shelter_needed=flag("shelter_needed"),
        consent_victim_support=flag("consent_victim_support"),
    )


def _sole_holder(raw: JSON, path: PathParts, report: Report, agency: Agency) -> SoleHolder | None:
    if not isinstance(raw, dict):
        return None
    duty = raw.get("duty")
    order_raw = raw.get("order")
    order = (
        [Agency(value) for value in order_raw if isinstance(value, str)]
        if isinstance(order_raw, list)
        else []
    )
    seen: set[Agency] = set()
    for index, value in enumerate(order):
        if value in seen:
            report.add(
                (*path, "order", index),
                _("The agency “%(agency)s” is listed twice in the order.") % {"agency": value},
            )
        seen.add(value)
    if agency not in seen:
        report.add(
            (*path, "order"),
            _(
                "The order must include this template's own agency, “%(agency)s”: "
                "otherwise the duty could never fall to it."
            )
            % {"agency": agency},
        )
    return SoleHolder(duty=str(duty), order=tuple(order))


def _items(
    raw_items: list[JSON], report: Report, agency: Agency, bands: frozenset[str]
) -> list[TemplateItem]:
    items: list[TemplateItem] = []
    for index, raw in enumerate(raw_items):
        if not isinstance(raw, dict):
            continue
        path: PathParts = ("items", index)
        text = _text(raw.get("text"), (*path, "text"), report)
        help_text = _text(raw.get("help"), (*path, "help"), report)
        when = _conditions(raw.get("when"), (*path, "when"), report, bands)
        sole = _sole_holder(raw.get("sole_holder"), (*path, "sole_holder"), report, agency)
        items.append(
            TemplateItem(
                key=str(raw.get("key")),
                text=text,
                help=help_text,
                when=when,
                sole_holder=sole,
            )
        )
    entries = [cast(dict[str, object], raw) for raw in raw_items if isinstance(raw, dict)]
    check_unique(
        entries,
        ("items",),
        report,
        _("The checklist item key “%(key)s” is used more than once (first at %(where)s)."),
    )
    duties = [
        cast(dict[str, object], raw["sole_holder"])
        if isinstance(raw.get("sole_holder"), dict)
        else {}
        for raw in entries
    ]
    _check_unique_duties(duties, report)
    return items


def _check_unique_duties(duties: Sequence[Mapping[str, object]], report: Report) -> None:
    first: dict[object, int] = {}
    for index, sole in enumerate(duties):
        duty = sole.get("duty")
        if duty is None:
            continue
        if duty in first:
            line = report.line_of(("items", first[duty], "sole_holder", "duty"))
            report.add(
                ("items", index, "sole_holder", "duty"),
                _(
                    "The duty “%(duty)s” is already held by another item (line %(line)s); "
                    "a template holds each duty once."
                )
                % {"duty": duty, "line": line if line is not None else "?"},
            )
        else:
            first[duty] = index


def _build(document: Document, report: Report) -> Template | None:
    data: JSONObject = document.data
    agency = Agency(str(data["agency"]))
    title = _text(data["title"], ("title",), report)
    description = _text(data.get("description"), ("description",), report)
    raw_items = data["items"]
    items = _items(raw_items if isinstance(raw_items, list) else [], report, agency, known_bands())
    if report.problems:
        return None
    return Template(
        key=str(data["key"]),
        version=str(data["version"]),
        agency=agency,
        title=title,
        items=tuple(items),
        description=description,
        source_path=document.source_path,
        fingerprint=document.fingerprint,
    )


def template_directories() -> list[Path]:
    """The shipped templates first, then the configured directories in order."""
    extra = [Path(entry) for entry in getattr(settings, "CHECKLIST_TEMPLATE_DIRS", None) or []]
    return [SHIPPED_DIR, *extra]


TEMPLATES: Catalogue[Template] = Catalogue(
    schema=SCHEMA_PATH,
    build=_build,
    directories=template_directories,
    suffixes=TEMPLATE_SUFFIXES,
    max_bytes=MAX_FILE_BYTES,
    describe=_describe,
    error=TemplateError,
    label="Checklist template",
    logger=logger,
    duplicate_message=lambda: _(
        "The checklist template “%(key)s” version %(version)s is already defined in "
        "%(other)s; each version must be defined exactly once."
    ),
    directory_message=lambda: _("The template directory does not exist or cannot be read."),
)


def load_template_file(path: Path | str) -> Template:
    """Read, validate and build one template file; raises TemplateError listing every
    problem, each with file, line and JSON path."""
    return TEMPLATES.load_file(path)


def parse_template(data: JSON, *, file: str = "<data>") -> Template:
    """Validate and build a template from already-parsed data (no line numbers)."""
    return TEMPLATES.parse(data, file=file)


# --- The catalogue -----------------------------------------------------------------------


@dataclass
class TemplateScan:
    templates: list[Template] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def clear_cache() -> None:
    TEMPLATES.clear_cache()


def _problem_in(template: Template, parts: PathParts, message: str) -> Problem:
    """A problem between files, located in `template`'s file by line and path."""
    file = str(template.source_path or template.key)
    report = Report(file)
    if template.source_path is not None:
        try:
            read_file(template.source_path, report)
        except OSError:
            report.lines = {}
    report.problems.clear()
    report.add(parts, message)
    return report.problems[0]


def cross_file_problems(templates: Sequence[Template]) -> list[Problem]:
    """Problems between files: one agency served by two template keys, and one
    sole-holder duty with different orders (the newest version of each key counts)."""
    problems: list[Problem] = []
    by_agency: dict[Agency, Template] = {}
    orders: dict[str, tuple[Template, tuple[Agency, ...]]] = {}
    for template in newest(templates):
        other = by_agency.get(template.agency)
        if other is not None:
            problems.append(
                _problem_in(
                    template,
                    ("agency",),
                    _(
                        "The agency “%(agency)s” already has the template “%(other)s” "
                        "(%(file)s); give each agency one template key and publish new "
                        "versions of it."
                    )
                    % {
                        "agency": template.agency,
                        "other": other.key,
                        "file": other.source_path or other.key,
                    },
                )
            )
            continue
        by_agency[template.agency] = template
        for index, item in enumerate(template.items):
            if item.sole_holder is None:
                continue
            seen = orders.get(item.sole_holder.duty)
            if seen is None:
                orders[item.sole_holder.duty] = (template, item.sole_holder.order)
            elif seen[1] != item.sole_holder.order:
                problems.append(
                    _problem_in(
                        template,
                        ("items", index, "sole_holder", "order"),
                        _(
                            "The duty “%(duty)s” has another order in “%(other)s” "
                            "(%(order)s); every template must list the same order."
                        )
                        % {
                            "duty": item.sole_holder.duty,
                            "other": seen[0].key,
                            "order": ", ".join(seen[1]),
                        },
                    )
                )
    problems.extend(_orders_naming_agencies_without_the_duty(by_agency))
    return problems


def _orders_naming_agencies_without_the_duty(by_agency: Mapping[Agency, Template]) -> list[Problem]:
    """A duty that falls to an agency whose template does not hold it would be held by
    nobody in a case where that agency takes part."""
    problems: list[Problem] = []
    for template in by_agency.values():
        for index, item in enumerate(template.items):
            if item.sole_holder is None:
                continue
            for position, agency in enumerate(item.sole_holder.order):
                other = by_agency.get(agency)
                if other is None or other is template:
                    continue
                if any(
                    candidate.sole_holder is not None
                    and candidate.sole_holder.duty == item.sole_holder.duty
                    for candidate in other.items
                ):
                    continue
                problems.append(
                    _problem_in(
                        template,
                        ("items", index, "sole_holder", "order", position),
                        _(
                            "The order names “%(agency)s”, but its template “%(other)s” does "
                            "not hold the duty “%(duty)s”: in a case where it takes part, "
                            "nobody would."
                        )
                        % {"agency": agency, "other": other.key, "duty": item.sole_holder.duty},
                    )
                )
    return problems


def scan_templates(directories: Sequence[Path] | None = None) -> TemplateScan:
    """Every valid template and every problem in the given (default: configured)
    directories, including the problems between files."""
    scan = TEMPLATES.scan(directories, load=lambda path: load_template_file(path))
    return TemplateScan(
        templates=scan.entries,
        problems=[*scan.problems, *cross_file_problems(scan.entries)],
        files=scan.files,
    )


def all_templates() -> list[Template]:
    """Every valid version of every template, by key and then newest version first."""
    return by_key_newest_first(scan_templates().templates)


def get_template(key: str, version: str | None = None) -> Template:
    """One template by key (the newest valid version unless `version` is given)."""
    template = find(all_templates(), key, version)
    if template is None:
        raise TemplateNotFound(f"no valid checklist template {key!r} version {version!r}")
    return template


def template_for(agency: Agency) -> Template:
    """The newest template for `agency`, falling back to the generic template."""
    latest = newest(all_templates())
    for wanted in (agency, Agency.GENERIC):
        for template in latest:
            if template.agency == wanted:
                return template
    raise TemplateNotFound(f"no valid checklist template for {agency!r} and no generic one")
