"""Catalogues as data files: focus-area frameworks, statutory duties and target groups.

Each file carries a schema name, a schema version, its own key and version. Adding a
national framework means adding a YAML file under catalogues/frameworks/; a file that does
not match the schema is refused with the file, the path inside it and the problem.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"
FRAMEWORK_DIR = CATALOGUE_DIR / "frameworks"

_TEXT = {
    "type": "object",
    "required": ["nb", "en"],
    "properties": {
        "nb": {"type": "string", "minLength": 1},
        "en": {"type": "string", "minLength": 1},
    },
    "additionalProperties": False,
}
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


def _item_catalogue_schema(name: str, extra: dict[str, Any]) -> dict[str, Any]:
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
                    "required": ["key", "title"],
                    "additionalProperties": False,
                    "properties": {"key": _KEY, "title": _TEXT, **extra},
                },
            },
        },
    }


DUTY_SCHEMA = _item_catalogue_schema("samvern.duty-catalogue", {"summary": _TEXT})
TARGET_GROUP_SCHEMA = _item_catalogue_schema("samvern.target-group-catalogue", {})


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; the message names file, path and problem."""

    def __init__(self, file: Path | str, path: str, problem: str) -> None:
        self.file = str(file)
        self.path = path
        self.problem = problem
        where = path or _("(top level)")
        super().__init__(f"{Path(self.file).name}: {where}: {problem}")


def _path_text(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]  # type: ignore[union-attr, operator]
        return _("required field “%(name)s” is missing") % {"name": ", ".join(missing)}
    if error.validator == "additionalProperties":
        return _("unknown field (allowed: %(allowed)s)") % {
            "allowed": ", ".join(sorted(error.schema.get("properties", {})))  # type: ignore[union-attr]
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
    if error.validator in {"minimum", "maximum"}:
        return _("%(value)r is out of range") % {"value": error.instance}
    return error.message


def validate_document(data: Any, schema: dict[str, Any], file: Path | str) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        raise CatalogueError(file, _path_text(first.absolute_path), _describe(first))
    items = data.get("areas") or data.get("items") or []
    seen: set[str] = set()
    field = "areas" if "areas" in data else "items"
    for index, item in enumerate(items):
        if item["key"] in seen:
            raise CatalogueError(
                file, f"{field}[{index}].key", _("duplicate key “%(key)s”") % {"key": item["key"]}
            )
        seen.add(item["key"])
    period = data.get("period")
    if period and period["end"] < period["start"]:
        raise CatalogueError(file, "period.end", _("the period ends before it starts"))


def parse_file(file: Path, schema: dict[str, Any]) -> dict[str, Any]:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = _("line %(line)s") % {"line": mark.line + 1} if mark else ""
        raise CatalogueError(file, where, _("not valid YAML")) from error
    except OSError as error:
        raise CatalogueError(file, "", _("cannot be read")) from error
    validate_document(data, schema, file)
    return data


def localised(text: dict[str, str]) -> str:
    language = (get_language() or "nb")[:2]
    return text.get("en" if language == "en" else "nb") or text["nb"]


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


def load_frameworks(directory: Path = FRAMEWORK_DIR) -> dict[str, Framework]:
    frameworks: dict[str, Framework] = {}
    for file in sorted(directory.glob("*.yaml")):
        framework = framework_from_data(parse_file(file, FRAMEWORK_SCHEMA))
        if framework.key in frameworks:
            raise CatalogueError(file, "key", _("duplicate key “%(key)s”") % {"key": framework.key})
        frameworks[framework.key] = framework
    return frameworks


def _load_items(file: Path, schema: dict[str, Any]) -> tuple[CatalogueItem, ...]:
    data = parse_file(file, schema)
    return tuple(
        CatalogueItem(key=i["key"], title_text=i["title"], summary_text=i.get("summary"))
        for i in data["items"]
    )


@functools.cache
def frameworks() -> dict[str, Framework]:
    return load_frameworks()


@functools.cache
def duties() -> tuple[CatalogueItem, ...]:
    return _load_items(CATALOGUE_DIR / "duties.yaml", DUTY_SCHEMA)


@functools.cache
def target_groups() -> tuple[CatalogueItem, ...]:
    return _load_items(CATALOGUE_DIR / "target_groups.yaml", TARGET_GROUP_SCHEMA)


def framework(key: str) -> Framework | None:
    return frameworks().get(key)


def duty_titles() -> dict[str, str]:
    return {item.key: item.title for item in duties()}


def target_group_titles() -> dict[str, str]:
    return {item.key: item.title for item in target_groups()}
