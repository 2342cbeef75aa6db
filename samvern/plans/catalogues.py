"""Catalogues as data files: focus-area frameworks, statutory duties, target groups and
indicator definitions.

Each file carries a schema name, a schema version, its own key and version. Adding a
national framework means adding a YAML file under catalogues/frameworks/; a file that does
not match the schema is refused with the file, the line, the path inside it and the problem.
Reading, line numbers, the schema step and localised texts are the shared catalogue kit
(`samvern.core.catalogues`); this module holds the three schemas, the messages for their
mistakes and the checks the schemas cannot state (unique keys, a period that runs forward).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from jsonschema.exceptions import ValidationError

from samvern.core.catalogues import (
    TEXT_SCHEMA,
    Catalogue,
    Document,
    InvalidCatalogueFile,
    JSONObject,
    Problem,
    Report,
    catalogue_files,
    check_unique,
    format_path,
    localised,
    location_text,
)
from samvern.core.catalogues import Versioned as _Versioned

T = TypeVar("T", bound=_Versioned)

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"
FRAMEWORK_DIR = CATALOGUE_DIR / "frameworks"

_TEXT = TEXT_SCHEMA
_KEY = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
_HEADER = {
    "schema_version": {"const": 1},
    "key": _KEY,
    "version": {"type": "integer", "minimum": 1},
}

FRAMEWORK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["schema", "schema_version", "key", "version", "title", "period", "areas"],
    "additionalProperties": False,
    "properties": {
        "schema": {"const": "samvern.focus-area-framework"},
        **_HEADER,
        "title": _TEXT,
        "period": {
            "type": "object",
            "required": ["start", "end"],
            "additionalProperties": False,
            "properties": {
                "start": {"type": "integer", "minimum": 1990, "maximum": 2100},
                "end": {"type": "integer", "minimum": 1990, "maximum": 2100},
            },
        },
        "areas": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "title", "description"],
                "additionalProperties": False,
                "properties": {"key": _KEY, "title": _TEXT, "description": _TEXT},
            },
        },
    },
}


def _item_catalogue_schema(
    name: str, extra: dict[str, Any], required: Sequence[str] = ()
) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["schema", "schema_version", "key", "version", "items"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": name},
            **_HEADER,
            "items": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["key", "title", *required],
                    "additionalProperties": False,
                    "properties": {"key": _KEY, "title": _TEXT, **extra},
                },
            },
        },
    }


DUTY_SCHEMA = _item_catalogue_schema("samvern.duty-catalogue", {"summary": _TEXT})
TARGET_GROUP_SCHEMA = _item_catalogue_schema("samvern.target-group-catalogue", {})
INDICATOR_UNITS = ("percent", "count", "days")
INDICATOR_DIRECTIONS = ("higher", "lower")
INDICATOR_SCHEMA = _item_catalogue_schema(
    "samvern.indicator-catalogue",
    {
        "unit": {"enum": list(INDICATOR_UNITS)},
        "direction": {"enum": list(INDICATOR_DIRECTIONS)},
        "source": _TEXT,
    },
    required=("unit", "direction", "source"),
)


class CatalogueError(InvalidCatalogueFile, ValueError):
    """A catalogue file that cannot be used; the message names file, line, path and the
    (first) problem. `problems` holds every problem found."""

    def __init__(
        self,
        file: Path | str,
        path: str,
        problem: str,
        *,
        line: int | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        self.file = str(file)
        self.path = path
        self.problem = problem
        self.line = line
        where = location_text(line, path) or _("(top level)")
        self.problems = list(problems) or [Problem(self.file, where, problem, line=line)]
        ValueError.__init__(self, f"{Path(self.file).name}: {where}: {problem}")

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> CatalogueError:
        first = problems[0]
        if first.path:  # a place in the document: written as areas[0].title
            return cls(
                first.file,
                format_path(first.parts, root=""),
                first.message,
                line=first.line,
                problems=problems,
            )
        # A place in the file only (a line, or a line and column), or the whole file.
        return cls(first.file, first.location, first.message, problems=problems)


def _problem(error: ValidationError) -> str:
    if error.validator == "required":
        names: object = error.validator_value
        present: object = error.instance
        missing = [
            str(name)
            for name in (names if isinstance(names, list) else [])
            if not isinstance(present, dict) or name not in present
        ]
        return _("required field “%(name)s” is missing") % {"name": ", ".join(missing)}
    if error.validator == "additionalProperties":
        schema = error.schema if isinstance(error.schema, dict) else {}
        return _("unknown field (allowed: %(allowed)s)") % {
            "allowed": ", ".join(sorted(schema.get("properties", {})))
        }
    if error.validator == "const":
        return _("must be %(value)r") % {"value": error.validator_value}
    if error.validator == "type":
        return _("must be of type %(type)s, not %(value)r") % {
            "type": error.validator_value,
            "value": error.instance,
        }
    if error.validator == "pattern":
        return _("“%(value)s” is not a valid key (lower-case letters, digits and hyphens)") % {
            "value": error.instance
        }
    if error.validator in {"minItems", "minLength"}:
        return _("must not be empty")
    if error.validator == "enum":
        allowed: object = error.validator_value
        return _("must be one of %(values)s") % {
            "values": ", ".join(
                str(value) for value in (allowed if isinstance(allowed, list) else [])
            )
        }
    if error.validator in {"minimum", "maximum"}:
        return _("%(value)r is out of range") % {"value": error.instance}
    return error.message


def _describe(error: ValidationError, report: Report) -> None:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        unknown = [name for name in error.instance if name not in schema.get("properties", {})]
        path = (*path, *unknown[:1])  # point at the unknown field itself
    report.add(path, _problem(error))


@dataclass(frozen=True)
class Area:
    key: str
    title_text: dict[str, str]
    description_text: dict[str, str]

    @property
    def title(self) -> str:
        return localised(self.title_text)

    @property
    def description(self) -> str:
        return localised(self.description_text)


@dataclass(frozen=True)
class Framework:
    key: str
    version: int
    title_text: dict[str, str]
    period_start: int
    period_end: int
    areas: tuple[Area, ...]

    @property
    def title(self) -> str:
        return localised(self.title_text)

    def area(self, key: str) -> Area | None:
        return next((area for area in self.areas if area.key == key), None)


@dataclass(frozen=True)
class CatalogueItem:
    key: str
    title_text: dict[str, str]
    summary_text: dict[str, str] | None = None

    @property
    def title(self) -> str:
        return localised(self.title_text)

    @property
    def summary(self) -> str:
        return localised(self.summary_text) if self.summary_text else ""


def _check_keys(data: JSONObject, report: Report) -> None:
    field = "areas" if "areas" in data else "items"
    entries = data.get(field)
    if isinstance(entries, list):
        check_unique(
            [entry for entry in entries if isinstance(entry, dict)],
            (field,),
            report,
            _("duplicate key “%(key)s”"),
        )


def framework_from_data(data: dict[str, Any]) -> Framework:
    return Framework(
        key=data["key"],
        version=data["version"],
        title_text=data["title"],
        period_start=data["period"]["start"],
        period_end=data["period"]["end"],
        areas=tuple(
            Area(key=a["key"], title_text=a["title"], description_text=a["description"])
            for a in data["areas"]
        ),
    )


def _build_framework(document: Document, report: Report) -> Framework:
    data: dict[str, Any] = document.data
    _check_keys(data, report)
    if data["period"]["end"] < data["period"]["start"]:
        report.add(("period", "end"), _("the period ends before it starts"))
    return framework_from_data(data)


@dataclass(frozen=True)
class ItemList:
    """One file of a list catalogue (duties, target groups)."""

    key: str
    version: int
    items: tuple[CatalogueItem, ...]


def _build_items(document: Document, report: Report) -> ItemList:
    data: dict[str, Any] = document.data
    _check_keys(data, report)
    items = tuple(
        CatalogueItem(key=i["key"], title_text=i["title"], summary_text=i.get("summary"))
        for i in data["items"]
    )
    return ItemList(key=data["key"], version=data["version"], items=items)


def _catalogue(schema: dict[str, Any], build: Callable[[Document, Report], T]) -> Catalogue[T]:
    return Catalogue(
        schema=schema,
        build=build,
        suffixes=(".yaml",),
        describe=_describe,
        error=CatalogueError.from_problems,
    )


@dataclass(frozen=True)
class IndicatorDefinition:
    """How a goal can be measured: a stable key, the unit, whether a higher or a lower
    value is better, and where the figure comes from."""

    key: str
    version: int
    title_text: dict[str, str]
    unit: str
    direction: str
    source_text: dict[str, str]

    @property
    def title(self) -> str:
        return localised(self.title_text)

    @property
    def source(self) -> str:
        return localised(self.source_text)

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher"

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)


def unit_label(unit: str) -> str:
    """The unit as written after a figure ("%", "dager"); "" for a plain count."""
    return {
        "percent": "%",
        "count": "",
        "days": pgettext("unit after a figure", "days"),
    }.get(unit, "")


@dataclass(frozen=True)
class IndicatorList:
    key: str
    version: int
    items: tuple[IndicatorDefinition, ...]


def _build_indicators(document: Document, report: Report) -> IndicatorList:
    data: dict[str, Any] = document.data
    _check_keys(data, report)
    items = tuple(
        IndicatorDefinition(
            key=i["key"],
            version=data["version"],
            title_text=i["title"],
            unit=i["unit"],
            direction=i["direction"],
            source_text=i["source"],
        )
        for i in data["items"]
    )
    return IndicatorList(key=data["key"], version=data["version"], items=items)


FRAMEWORKS = _catalogue(FRAMEWORK_SCHEMA, _build_framework)
DUTIES = _catalogue(DUTY_SCHEMA, _build_items)
TARGET_GROUPS = _catalogue(TARGET_GROUP_SCHEMA, _build_items)
INDICATORS = _catalogue(INDICATOR_SCHEMA, _build_indicators)
INDICATOR_FILE = CATALOGUE_DIR / "indicators.yaml"


def load_frameworks(directory: Path = FRAMEWORK_DIR) -> dict[str, Framework]:
    try:
        files = catalogue_files(directory, FRAMEWORKS.suffixes)
    except FileNotFoundError:
        files = []
    frameworks: dict[str, Framework] = {}
    for file in files:
        framework = FRAMEWORKS.load_file(file)
        if framework.key in frameworks:
            raise CatalogueError(file, "key", _("duplicate key “%(key)s”") % {"key": framework.key})
        frameworks[framework.key] = framework
    return frameworks


@functools.cache
def frameworks() -> dict[str, Framework]:
    return load_frameworks()


@functools.cache
def duties() -> tuple[CatalogueItem, ...]:
    return DUTIES.load_file(CATALOGUE_DIR / "duties.yaml").items


@functools.cache
def target_groups() -> tuple[CatalogueItem, ...]:
    return TARGET_GROUPS.load_file(CATALOGUE_DIR / "target_groups.yaml").items


@functools.cache
def indicator_catalogue() -> IndicatorList:
    return INDICATORS.load_file(INDICATOR_FILE)


def indicators() -> tuple[IndicatorDefinition, ...]:
    return indicator_catalogue().items


def indicator(key: str) -> IndicatorDefinition | None:
    """The definition with `key`, or None (also for a key a later file no longer has: the
    goal then shows the indicator text it was saved with)."""
    if not key:
        return None
    return next((item for item in indicators() if item.key == key), None)


def framework(key: str) -> Framework | None:
    return frameworks().get(key)


def duty_titles() -> dict[str, str]:
    return {item.key: item.title for item in duties()}


def target_group_titles() -> dict[str, str]:
    return {item.key: item.title for item in target_groups()}
