"""Risk instruments as data files: loading, validation with precise messages, and the
per-process catalogue of every valid instrument.

An instrument file (YAML, or JSON) is checked in two steps:
1. the JSON Schema in `schema/instrument.schema.json` (structure and types);
2. rules the schema cannot state: unique keys, texts in every required language, scoring
   that fits the item kinds, bands that give every possible score exactly one band, and
   qualification rules that name existing bands.
Every problem found is reported at once, each naming the file, the line (for YAML, and
for JSON where it can be mapped) and the JSON path, in the active language.

The catalogue reads the shipped `instruments/` directory and every directory in
`settings.RISK_INSTRUMENT_DIRS`. Invalid files are skipped and logged (the
`validate_instruments` command lists them). Loaded files are kept per process and read
again when their modification time or size changes.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from samvern.risk.definitions import (
    REQUIRED_LANGUAGES,
    Band,
    Instrument,
    Item,
    ItemKind,
    QualificationRule,
    RuleKind,
    ScaleLabel,
    Scoring,
    ScoringMethod,
    Subject,
    version_key,
)

__all__ = [
    "INSTRUMENT_SUFFIXES",
    "SCHEMA_PATH",
    "SHIPPED_DIR",
    "Band",
    "CatalogueScan",
    "Instrument",
    "InstrumentError",
    "InstrumentNotFound",
    "Item",
    "Problem",
    "QualificationRule",
    "Scoring",
    "Subject",
    "all_instruments",
    "available_instruments",
    "clear_cache",
    "get_instrument",
    "instrument_directories",
    "load_instrument_file",
    "parse_instrument",
    "scan_catalogue",
]

logger = logging.getLogger("samvern.risk")

HERE = Path(__file__).resolve().parent
SHIPPED_DIR = HERE / "instruments"
SCHEMA_PATH = HERE / "schema" / "instrument.schema.json"
INSTRUMENT_SUFFIXES = (".yaml", ".yml", ".json")
MAX_FILE_BYTES = 512 * 1024
# Item keys become form field names; these are taken by the professional-judgement fields.
RESERVED_ITEM_KEYS = frozenset({"override_band", "override_reason"})
# Scores are stored with two decimals in at most eight digits.
SCORE_DECIMAL_PLACES = 2
SCORE_LIMIT = Decimal(1_000_000)
HUNDREDTH = Decimal("0.01")

Path_ = tuple[str | int, ...]


# --- Problems --------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file. `location` is "line N, $.json.path", or the JSON
    path alone when no line is known; `line` and `path` hold the parts."""

    file: str
    location: str
    message: str
    line: int | None = None
    path: str = ""

    def __str__(self) -> str:
        if self.location:
            return f"{self.file}: {self.location}: {self.message}"
        return f"{self.file}: {self.message}"


class InstrumentError(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class InstrumentNotFound(LookupError):
    pass


def format_path(path: Path_) -> str:
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


class _Report:
    """Collects problems for one file and knows where each JSON path sits in it."""

    def __init__(self, file: str, lines: Mapping[Path_, int] | None = None) -> None:
        self.file = file
        self.lines = lines or {}
        self.problems: list[Problem] = []

    def line_of(self, path: Path_) -> int | None:
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def add(self, path: Path_, message: str, *, line: int | None = None) -> None:
        json_path = format_path(path)
        if line is None:
            line = self.line_of(path)
        if line is not None:
            location = _("line %(line)d, %(path)s") % {"line": line, "path": json_path}
        else:
            location = json_path
        problem = Problem(self.file, location, message, line=line, path=json_path)
        if problem not in self.problems:
            self.problems.append(problem)

    def add_at_line(self, line: int | None, column: int | None, message: str) -> None:
        if line is None:
            location = ""
        elif column is None:
            location = _("line %(line)d") % {"line": line}
        else:
            location = _("line %(line)d, column %(column)d") % {"line": line, "column": column}
        self.problems.append(Problem(self.file, location, message, line=line))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InstrumentError(self.problems)


# --- Reading files ---------------------------------------------------------------------


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _walk_nodes(node: yaml.Node, report: _Report) -> dict[Path_, int]:
    """Line number (1-based) of every JSON path in a composed YAML document; reports keys
    written twice in one mapping, which YAML loaders otherwise silently collapse."""
    lines: dict[Path_, int] = {}
    seen: set[int] = set()

    def walk(current: yaml.Node, path: Path_) -> None:
        # The composer hands back the very same node for an alias; refusing aliases keeps
        # a small file from expanding into an enormous document.
        if id(current) in seen:
            raise _AliasFound(current.start_mark.line + 1)
        seen.add(id(current))
        lines.setdefault(path, current.start_mark.line + 1)
        if isinstance(current, yaml.MappingNode):
            first_line: dict[str, int] = {}
            for key_node, value_node in current.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = key_node.value
                key_line = key_node.start_mark.line + 1
                child = (*path, key)
                if key in first_line:
                    report.add(
                        child,
                        _("The field “%(field)s” is written twice (first on line %(first)d).")
                        % {"field": key, "first": first_line[key]},
                        line=key_line,
                    )
                else:
                    first_line[key] = key_line
                lines.setdefault(child, key_line)
                walk(value_node, child)
        elif isinstance(current, yaml.SequenceNode):
            for index, child_node in enumerate(current.value):
                walk(child_node, (*path, index))

    walk(node, ())
    return lines


def _parse_yaml(text: str, report: _Report) -> Any:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            report.lines = _walk_nodes(node, report)
        except _AliasFound as alias:
            report.add_at_line(
                alias.line,
                None,
                _("Anchors and aliases (& and *) are not supported in instrument files."),
            )
            return None
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if isinstance(error, yaml.composer.ComposerError) and error.problem == (
            "but found another document"
        ):
            report.add_at_line(
                mark.line + 1 if mark else None,
                None,
                _("The file holds more than one YAML document; keep one instrument per file."),
            )
            return None
        detail = error.problem or error.context or ""
        message = _("The file is not valid YAML: %(detail)s.") % {"detail": detail}
        # The reader notices some mistakes only lines later; name where the construct began.
        if error.context_mark and mark and error.context_mark.line != mark.line:
            message += " " + _("The unfinished part begins on line %(line)d.") % {
                "line": error.context_mark.line + 1
            }
        report.add_at_line(
            mark.line + 1 if mark else None, mark.column + 1 if mark else None, message
        )
        return None
    except yaml.YAMLError as error:
        report.add_at_line(
            None, None, _("The file is not valid YAML: %(detail)s.") % {"detail": error}
        )
        return None
    finally:
        loader.dispose()


def _reject_constant(name: str) -> None:
    raise ValueError(name)


def _parse_json(text: str, report: _Report) -> Any:
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        report.add_at_line(
            error.lineno,
            error.colno,
            _("The file is not valid JSON: %(detail)s.") % {"detail": error.msg},
        )
        return None
    except ValueError as error:
        report.add_at_line(
            None, None, _("The file is not valid JSON: %(detail)s.") % {"detail": error}
        )
        return None
    # JSON is (nearly) a subset of YAML: composing it again yields line numbers and catches
    # duplicate keys. Where the YAML reader disagrees, paths without lines still help.
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            report.lines = _walk_nodes(node, report)
    except (yaml.YAMLError, _AliasFound):
        report.lines = {}
    finally:
        loader.dispose()
    return data


def _read(path: Path, report: _Report) -> tuple[Any, bytes]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.add_at_line(
                None,
                None,
                _("The file is too large (%(size)d bytes; at most %(limit)d).")
                % {"size": size, "limit": MAX_FILE_BYTES},
            )
            return None, b""
        raw = path.read_bytes()
    except OSError as error:
        report.add_at_line(
            None, None, _("The file cannot be read: %(detail)s.") % {"detail": error.strerror}
        )
        return None, b""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        report.add_at_line(
            None,
            None,
            _("The file is not UTF-8 text (byte %(position)d).") % {"position": error.start},
        )
        return None, raw
    try:
        if path.suffix.lower() == ".json":
            return _parse_json(text, report), raw
        return _parse_yaml(text, report), raw
    except RecursionError:
        report.problems.clear()
        report.add_at_line(None, None, _("The file is nested too deeply to be an instrument."))
        return None, raw


# --- Schema ----------------------------------------------------------------------------


@cache
def _schema_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _type_name(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int):
        return _("a whole number")
    if isinstance(value, float):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping of fields")
    return _("a %(type)s value") % {"type": type(value).__name__}


def _expected_name(expected: str) -> str:
    names = {
        "string": _("text"),
        "number": _("a number"),
        "integer": _("a whole number"),
        "boolean": _("true or false"),
        "array": _("a list"),
        "object": _("a mapping of fields"),
        "null": _("nothing"),
    }
    return names.get(expected, expected)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _pattern_hint(pattern: str) -> str:
    schema: Any = _schema_validator().schema
    if pattern == schema["properties"]["version"]["pattern"]:
        return _('two whole numbers separated by a full stop, in quotes, e.g. "1.0"')
    if pattern == schema["$defs"]["instrument_key"]["pattern"]:
        return _("lower-case letters a–z, digits, hyphens and underscores, starting with a letter")
    if pattern == schema["$defs"]["key"]["pattern"]:
        return _("lower-case letters a–z, digits and underscores, starting with a letter")
    return pattern


def _schema_problems(data: Any, report: _Report) -> None:
    validator = _schema_validator()
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        _report_schema_error(error, report)


def _report_schema_error(error: ValidationError, report: _Report) -> None:
    path: Path_ = tuple(error.absolute_path)
    kind = error.validator
    instance = error.instance
    value: Any = error.validator_value
    subschema: Any = error.schema
    if kind == "required" and isinstance(instance, dict):
        for name in value:
            if name not in instance:
                report.add(path, _("The required field “%(field)s” is missing.") % {"field": name})
    elif kind == "additionalProperties" and isinstance(instance, dict):
        known = set(subschema.get("properties", {}))
        for name in instance:
            if name not in known:
                report.add(
                    (*path, name),
                    _("Unknown field “%(field)s”; check the spelling against the format.")
                    % {"field": name},
                )
    elif kind == "type":
        if path and path[-1] == "version" and isinstance(instance, int | float):
            report.add(
                path,
                _(
                    'The version must be text in quotes, e.g. "1.0"; without quotes '
                    "%(value)s is read as a number."
                )
                % {"value": _short(instance)},
            )
        else:
            expected = value if isinstance(value, list) else [value]
            report.add(
                path,
                _("Expected %(expected)s, found %(found)s (%(value)s).")
                % {
                    "expected": _(" or ").join(_expected_name(name) for name in expected),
                    "found": _type_name(instance),
                    "value": _short(instance),
                },
            )
    elif kind in ("enum", "const"):
        choices = value if kind == "enum" else [value]
        report.add(
            path,
            _("“%(value)s” is not allowed here; use one of: %(choices)s.")
            % {"value": _short(instance), "choices": ", ".join(str(c) for c in choices)},
        )
    elif kind == "pattern":
        if "propertyNames" in error.absolute_schema_path:
            report.add(
                (*path, str(instance)),
                _("“%(value)s” is not a language code (two or three lower-case letters, e.g. nb).")
                % {"value": _short(instance)},
            )
        else:
            report.add(
                path,
                _("“%(value)s” has the wrong form; write %(hint)s.")
                % {"value": _short(instance), "hint": _pattern_hint(value)},
            )
    elif kind == "minLength":
        report.add(path, _("The text is empty."))
    elif kind == "maxLength":
        report.add(path, _("The text is longer than %(limit)d characters.") % {"limit": value})
    elif kind == "minItems":
        report.add(path, _("The list needs at least %(count)d entries.") % {"count": value})
    elif kind == "maxItems":
        report.add(path, _("The list has more than %(count)d entries.") % {"count": value})
    elif kind == "minProperties":
        report.add(path, _("At least one text is needed."))
    elif kind in ("minimum", "exclusiveMinimum"):
        report.add(
            path,
            _("%(value)s is below the smallest allowed value, %(limit)s.")
            % {"value": _short(instance), "limit": value},
        )
    elif kind in ("maximum", "exclusiveMaximum"):
        report.add(
            path,
            _("%(value)s is above the largest allowed value, %(limit)s.")
            % {"value": _short(instance), "limit": value},
        )
    else:
        report.add(path, _("Invalid value: %(detail)s") % {"detail": error.message})


# --- Rules beyond the schema -----------------------------------------------------------


def _language_name(code: str) -> str:
    names = {
        "nb": pgettext("language name inside a sentence", "Norwegian bokmål"),
        "en": pgettext("language name inside a sentence", "English"),
    }
    return names.get(code, code)


def _decimal(value: int | float, path: Path_, report: _Report) -> Decimal | None:
    if isinstance(value, float) and not math.isfinite(value):
        report.add(path, _("The number must be finite."))
        return None
    try:
        number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    except InvalidOperation:
        report.add(path, _("Expected a number."))
        return None
    if number != number.quantize(HUNDREDTH):
        report.add(
            path,
            _("%(value)s has more than %(places)d decimals.")
            % {"value": value, "places": SCORE_DECIMAL_PLACES},
        )
        return None
    return number


def _check_text(texts: Mapping[str, str] | None, path: Path_, report: _Report) -> dict[str, str]:
    if texts is None:
        return {}
    for code in REQUIRED_LANGUAGES:
        if code not in texts:
            report.add(
                path,
                _("The %(language)s text (“%(code)s”) is missing.")
                % {"language": _language_name(code), "code": code},
            )
        elif not texts[code].strip():
            report.add(
                (*path, code),
                _("The %(language)s text (“%(code)s”) is empty.")
                % {"language": _language_name(code), "code": code},
            )
    return {code: text.strip() for code, text in texts.items()}


def _check_unique(
    entries: Sequence[Mapping[str, Any]], base: Path_, message: str, report: _Report
) -> None:
    """`message` takes %(key)s and %(where)s (the first use)."""
    first_index: dict[str, int] = {}
    for index, entry in enumerate(entries):
        key = entry["key"]
        if key in first_index:
            first = (*base, first_index[key], "key")
            first_line = report.line_of(first)
            where = (
                _("line %(line)d") % {"line": first_line}
                if first_line is not None
                else format_path(first)
            )
            report.add(
                (*base, index, "key"),
                message % {"key": key, "where": where},
            )
        else:
            first_index[key] = index


def _gcd(values: Iterable[Decimal]) -> Decimal:
    hundredths = [int((abs(value) / HUNDREDTH).to_integral_value()) for value in values if value]
    if not hundredths:
        return Decimal(1)
    return _tidy(Decimal(math.gcd(*hundredths)) * HUNDREDTH)


def _next_multiple_above(value: Decimal, step: Decimal) -> Decimal:
    return (math.floor(value / step) + 1) * step


def _first_multiple_from(value: Decimal, step: Decimal) -> Decimal:
    return math.ceil(value / step) * step


def _tidy(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _build_items(
    data: Mapping[str, Any], method: ScoringMethod, report: _Report
) -> tuple[list[Item], bool]:
    """The items, and whether their weights and scales are sound enough to compute the
    possible scores (other problems, such as a missing text, do not prevent that)."""
    items: list[Item] = []
    sound = True
    for index, raw in enumerate(data["items"]):
        path: Path_ = ("items", index)
        kind = ItemKind(raw["kind"])
        if raw["key"] in RESERVED_ITEM_KEYS:
            report.add(
                (*path, "key"),
                _("The item key “%(key)s” is reserved; choose another.") % {"key": raw["key"]},
            )
        text = _check_text(raw["text"], (*path, "text"), report)
        help_text = _check_text(raw.get("help"), (*path, "help"), report)
        weight = Decimal(1)
        if "weight" in raw:
            if method == ScoringMethod.COUNT_YES:
                report.add(
                    (*path, "weight"),
                    _(
                        "Weights are used only by the weighted_sum scoring method; remove "
                        "the weight or change the method."
                    ),
                )
            else:
                parsed = _decimal(raw["weight"], (*path, "weight"), report)
                sound = sound and parsed is not None
                weight = parsed if parsed is not None else Decimal(0)
        scale_min = scale_max = None
        labels: list[ScaleLabel] = []
        if kind == ItemKind.SCALE:
            if method == ScoringMethod.COUNT_YES:
                sound = False
                report.add(
                    (*path, "kind"),
                    _(
                        "Scale items need the weighted_sum scoring method; count_yes counts "
                        "yes answers only."
                    ),
                )
            scale = raw["scale"]
            scale_min, scale_max = scale["min"], scale["max"]
            if scale_min >= scale_max:
                sound = False
                report.add(
                    (*path, "scale"),
                    _("The scale minimum (%(min)d) must be below its maximum (%(max)d).")
                    % {"min": scale_min, "max": scale_max},
                )
            seen_values: set[int] = set()
            for label_index, label in enumerate(scale.get("labels", [])):
                label_path: Path_ = (*path, "scale", "labels", label_index)
                if not scale_min <= label["value"] <= scale_max:
                    report.add(
                        (*label_path, "value"),
                        _("The label value %(value)d is outside the scale %(min)d–%(max)d.")
                        % {"value": label["value"], "min": scale_min, "max": scale_max},
                    )
                if label["value"] in seen_values:
                    report.add(
                        (*label_path, "value"),
                        _("The scale value %(value)d has more than one label.")
                        % {"value": label["value"]},
                    )
                seen_values.add(label["value"])
                labels.append(
                    ScaleLabel(
                        label["value"], _check_text(label["text"], (*label_path, "text"), report)
                    )
                )
        elif "scale" in raw:
            report.add(
                (*path, "scale"),
                _("Only items of kind “scale” have a scale; this item is yes/no/unknown."),
            )
        critical = bool(raw.get("critical", False))
        if critical and kind != ItemKind.YES_NO_UNKNOWN:
            report.add(
                (*path, "critical"),
                _(
                    "Only yes/no/unknown items can be critical: a critical item qualifies "
                    "the case when it is answered yes."
                ),
            )
        items.append(
            Item(
                key=raw["key"],
                kind=kind,
                text=text,
                help=help_text,
                weight=weight,
                scale_min=scale_min,
                scale_max=scale_max,
                scale_labels=tuple(sorted(labels, key=lambda label: label.value)),
                critical=critical,
            )
        )
    _check_unique(
        data["items"],
        ("items",),
        _("The item key “%(key)s” is used more than once (first at %(where)s)."),
        report,
    )
    return items, sound


def _scoring(method: ScoringMethod, items: Sequence[Item], report: _Report) -> Scoring:
    if method == ScoringMethod.COUNT_YES:
        return Scoring(method, Decimal(1), Decimal(0), Decimal(len(items)))
    if all(item.weight == 0 for item in items):
        report.add(("items",), _("At least one item needs a weight other than 0."))
    contributions = [item.contributions() for item in items]
    low = sum((min(values) for values in contributions), Decimal(0))
    high = sum((max(values) for values in contributions), Decimal(0))
    if high >= SCORE_LIMIT or low <= -SCORE_LIMIT:
        report.add(
            ("items",),
            _("The possible scores (%(low)s to %(high)s) must stay within ±%(limit)s.")
            % {"low": _tidy(low), "high": _tidy(high), "limit": SCORE_LIMIT},
        )
    return Scoring(method, _gcd(item.weight for item in items), _tidy(low), _tidy(high))


def _build_bands(data: Mapping[str, Any], scoring: Scoring | None, report: _Report) -> list[Band]:
    entries: list[tuple[int, Band]] = []
    for index, raw in enumerate(data["bands"]):
        path: Path_ = ("bands", index)
        low = _decimal(raw["min"], (*path, "min"), report)
        high = _decimal(raw["max"], (*path, "max"), report)
        label = _check_text(raw["label"], (*path, "label"), report)
        description = _check_text(raw.get("description"), (*path, "description"), report)
        if low is None or high is None:
            continue
        if low > high:
            report.add(
                path,
                _("The band “%(band)s” starts at %(min)s, above its end at %(max)s.")
                % {"band": raw["key"], "min": low, "max": high},
            )
            continue
        entries.append((index, Band(raw["key"], low, high, label, description)))
    _check_unique(
        data["bands"],
        ("bands",),
        _("The band key “%(key)s” is used more than once (first at %(where)s)."),
        report,
    )
    entries.sort(key=lambda entry: (entry[1].min, entry[1].max))
    bands = [replace(band, rank=rank) for rank, (_index, band) in enumerate(entries)]
    if scoring is None or not entries or len(entries) != len(data["bands"]):
        return bands

    step, lowest, highest = scoring.step, scoring.min_score, scoring.max_score
    first_index, first = entries[0]
    if first.min > lowest:
        report.add(
            ("bands", first_index, "min"),
            _("No band holds the score %(score)s; the lowest possible score is %(lowest)s.")
            % {"score": _tidy(lowest), "lowest": _tidy(lowest)},
        )
    for (_index_a, band_a), (index_b, band_b) in itertools.pairwise(entries):
        if band_b.min <= band_a.max:
            shared_low, shared_high = _tidy(band_b.min), _tidy(min(band_a.max, band_b.max))
            if shared_low == shared_high:
                message = _(
                    "The bands “%(first)s” and “%(second)s” overlap: the score %(low)s would "
                    "be in both."
                )
            else:
                message = _(
                    "The bands “%(first)s” and “%(second)s” overlap: scores from %(low)s to "
                    "%(high)s would be in both."
                )
            report.add(
                ("bands", index_b, "min"),
                message
                % {
                    "first": band_a.key,
                    "second": band_b.key,
                    "low": shared_low,
                    "high": shared_high,
                },
            )
            continue
        missing = _next_multiple_above(band_a.max, step)
        if missing < band_b.min and lowest <= missing <= highest:
            report.add(
                ("bands", index_b, "min"),
                _(
                    "There is a gap between the bands “%(first)s” and “%(second)s”: the "
                    "score %(score)s is in no band."
                )
                % {"first": band_a.key, "second": band_b.key, "score": _tidy(missing)},
            )
    last_index, last = entries[-1]
    if last.max < highest:
        report.add(
            ("bands", last_index, "max"),
            _("No band holds the score %(score)s; the highest possible score is %(highest)s.")
            % {"score": _tidy(_next_multiple_above(last.max, step)), "highest": _tidy(highest)},
        )
    for index, band in entries:
        reachable = _first_multiple_from(max(band.min, lowest), step)
        if reachable > min(band.max, highest):
            report.add(
                ("bands", index),
                _(
                    "The band “%(band)s” can never be reached: the possible scores run from "
                    "%(lowest)s to %(highest)s in steps of %(step)s."
                )
                % {
                    "band": band.key,
                    "lowest": _tidy(lowest),
                    "highest": _tidy(highest),
                    "step": _tidy(step),
                },
            )
    return bands


def _build_rules(
    data: Mapping[str, Any],
    band_keys: set[str],
    allow_override: bool,
    items: Sequence[Item],
    report: _Report,
) -> list[QualificationRule]:
    rules: list[QualificationRule] = []
    raw_rules = data.get("qualification", [])
    for index, raw in enumerate(raw_rules):
        path: Path_ = ("qualification", index)
        kind = RuleKind(raw["kind"])
        band = raw.get("band")
        if band is not None and band not in band_keys:
            report.add(
                (*path, "band"),
                _(
                    "The rule “%(rule)s” names the band “%(band)s”, which this instrument "
                    "does not have (its bands: %(bands)s)."
                )
                % {"rule": raw["key"], "band": band, "bands": ", ".join(sorted(band_keys))},
            )
        if kind == RuleKind.OVERRIDE_AT_LEAST and not allow_override:
            report.add(
                (*path, "kind"),
                _(
                    "The rule “%(rule)s” depends on professional judgement, but the "
                    "instrument does not allow it (allow_override is not true)."
                )
                % {"rule": raw["key"]},
            )
        if kind == RuleKind.CRITICAL_ITEM:
            if band is not None:
                report.add(
                    (*path, "band"),
                    _(
                        "The rule “%(rule)s” is met by a yes to a critical item whatever the "
                        "band; remove the band."
                    )
                    % {"rule": raw["key"]},
                )
            if not any(item.critical for item in items):
                report.add(
                    (*path, "kind"),
                    _("The rule “%(rule)s” needs at least one item marked “critical: true”.")
                    % {"rule": raw["key"]},
                )
        text = _check_text(raw["text"], (*path, "text"), report)
        rules.append(QualificationRule(raw["key"], kind, band, text))
    _check_unique(
        raw_rules,
        ("qualification",),
        _("The rule key “%(key)s” is used more than once (first at %(where)s)."),
        report,
    )
    return rules


def _build(
    data: Mapping[str, Any], report: _Report, *, source_path: Path | None, fingerprint: str
) -> Instrument | None:
    title = _check_text(data["title"], ("title",), report)
    description = _check_text(data.get("description"), ("description",), report)
    method = ScoringMethod(data["scoring"]["method"])
    items, sound = _build_items(data, method, report)
    scoring = _scoring(method, items, report) if sound else None
    bands = _build_bands(data, scoring, report)
    allow_override = bool(data.get("allow_override", False))
    allow_lowering = bool(data.get("allow_lowering", False))
    if allow_lowering and not allow_override:
        report.add(
            ("allow_lowering",),
            _("allow_lowering needs allow_override: professional judgement must be allowed."),
        )
    rules = _build_rules(data, {band.key for band in bands}, allow_override, items, report)
    if any(item.critical for item in items) and not any(
        rule.kind == RuleKind.CRITICAL_ITEM for rule in rules
    ):
        first = next(index for index, item in enumerate(items) if item.critical)
        report.add(
            ("items", first, "critical"),
            _(
                "Items are marked critical, but no qualification rule of kind "
                "“critical_item” uses them; add one or remove “critical”."
            ),
        )
    if report.problems or scoring is None:
        return None
    return Instrument(
        key=data["key"],
        version=data["version"],
        title=title,
        subject=Subject(data["subject"]),
        items=tuple(items),
        scoring=scoring,
        bands=tuple(bands),
        allow_override=allow_override,
        allow_lowering=allow_lowering,
        qualification=tuple(rules),
        description=description,
        source_path=source_path,
        fingerprint=fingerprint,
    )


def _validate(
    data: Any, report: _Report, *, source_path: Path | None, fingerprint: str
) -> Instrument:
    report.raise_if_any()
    if not isinstance(data, dict):
        report.add(
            (),
            _(
                "The file must hold a mapping of fields (key: value) at the top level, "
                "found %(found)s."
            )
            % {"found": _type_name(data)},
        )
        report.raise_if_any()
    _schema_problems(data, report)
    report.raise_if_any()
    instrument = _build(data, report, source_path=source_path, fingerprint=fingerprint)
    report.raise_if_any()
    assert instrument is not None
    return instrument


def load_instrument_file(path: Path | str) -> Instrument:
    """Read, validate and build one instrument file. Raises InstrumentError listing every
    problem found, each with file, line and/or JSON path, and a translated message."""
    path = Path(path)
    report = _Report(str(path))
    data, raw = _read(path, report)
    return _validate(data, report, source_path=path, fingerprint=hashlib.sha256(raw).hexdigest())


def parse_instrument(data: Any, *, file: str = "<data>") -> Instrument:
    """Validate and build an instrument from already-parsed data (no line numbers)."""
    canonical = json.dumps(data, sort_keys=True, default=str).encode()
    return _validate(
        data, _Report(file), source_path=None, fingerprint=hashlib.sha256(canonical).hexdigest()
    )


# --- The catalogue ---------------------------------------------------------------------


@dataclass
class CatalogueScan:
    instruments: list[Instrument] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


_CacheEntry = tuple[tuple[int, int], Instrument | InstrumentError]
_cache: dict[Path, _CacheEntry] = {}
_cache_lock = threading.Lock()


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def instrument_directories() -> list[Path]:
    """The shipped instruments first, then the configured licence directories in order."""
    extra = [Path(entry) for entry in getattr(settings, "RISK_INSTRUMENT_DIRS", None) or []]
    return [SHIPPED_DIR, *extra]


def _instrument_files(directory: Path) -> list[Path]:
    return sorted(
        entry
        for entry in directory.iterdir()
        if entry.is_file()
        and not entry.name.startswith(".")
        and entry.suffix.lower() in INSTRUMENT_SUFFIXES
    )


def _load_cached(path: Path) -> Instrument:
    stat = path.stat()
    signature = (stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        entry = _cache.get(path)
    if entry is not None and entry[0] == signature:
        outcome = entry[1]
    else:
        try:
            outcome = load_instrument_file(path)
        except InstrumentError as error:
            outcome = error
            for problem in error.problems:
                logger.error("Risk instrument skipped: %s", problem)
        except OSError:
            raise
        except Exception as error:
            # One odd licensed file must not take the instrument pages, or assessments in
            # cases, down for everyone: it becomes a reported (and cached) problem.
            logger.exception("Risk instrument %s could not be checked", path)
            outcome = InstrumentError(
                [
                    Problem(
                        str(path),
                        "",
                        _(
                            "The file could not be checked because of an unexpected error "
                            "(%(error)s)."
                        )
                        % {"error": type(error).__name__},
                    )
                ]
            )
        with _cache_lock:
            _cache[path] = (signature, outcome)
    if isinstance(outcome, InstrumentError):
        # A fresh exception each time: re-raising the cached one would grow its traceback.
        raise InstrumentError(outcome.problems)
    return outcome


def scan_catalogue(directories: Sequence[Path] | None = None) -> CatalogueScan:
    """Every valid instrument and every problem in the given (default: configured)
    directories. A key and version defined by two files keeps the first and reports the
    second, since a stored assessment must name exactly one instrument."""
    scan = CatalogueScan()
    defined: dict[tuple[str, str], Path | None] = {}
    for directory in directories if directories is not None else instrument_directories():
        try:
            files = _instrument_files(directory)
        except OSError:
            problem = Problem(
                str(directory), "", _("The instrument directory does not exist or cannot be read.")
            )
            logger.error("Risk instrument directory skipped: %s", problem)
            scan.problems.append(problem)
            continue
        for path in files:
            scan.files += 1
            try:
                instrument = _load_cached(path)
            except InstrumentError as error:
                scan.problems.extend(error.problems)
                continue
            except OSError:
                continue  # removed between listing and reading
            identity = (instrument.key, instrument.version)
            if identity in defined:
                problem = Problem(
                    str(path),
                    "$.version",
                    _(
                        "The instrument “%(key)s” version %(version)s is already defined in "
                        "%(other)s; each version must be defined exactly once."
                    )
                    % {
                        "key": instrument.key,
                        "version": instrument.version,
                        "other": defined[identity],
                    },
                    path="$.version",
                )
                logger.error("Risk instrument skipped: %s", problem)
                scan.problems.append(problem)
                continue
            defined[identity] = path
            scan.instruments.append(instrument)
    return scan


def all_instruments() -> list[Instrument]:
    """Every valid version of every instrument, by key and then newest version first."""
    instruments = scan_catalogue().instruments
    instruments.sort(key=lambda instrument: version_key(instrument.version), reverse=True)
    instruments.sort(key=lambda instrument: instrument.key)
    return instruments


def available_instruments(subject: str | None = None) -> list[Instrument]:
    """The newest valid version of each instrument, optionally only those for `subject`
    ("person_exposed" or "person_using_violence"), ordered by key."""
    if subject is not None and subject not in set(Subject):
        raise ValueError(f"unknown subject {subject!r}; use one of {[s.value for s in Subject]}")
    latest: dict[str, Instrument] = {}
    for instrument in all_instruments():
        if subject is not None and instrument.subject != subject:
            continue
        latest.setdefault(instrument.key, instrument)
    return list(latest.values())


def get_instrument(key: str, version: str | None = None) -> Instrument:
    """One instrument by key, the newest valid version unless `version` is given. Raises
    InstrumentNotFound (a LookupError) when there is no such valid instrument."""
    for instrument in all_instruments():
        if instrument.key == key and (version is None or instrument.version == version):
            return instrument
    if version is None:
        raise InstrumentNotFound(f"no valid risk instrument {key!r}")
    raise InstrumentNotFound(f"no valid risk instrument {key!r} version {version!r}")
