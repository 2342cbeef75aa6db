"""The kit for catalogues kept as data files (risk instruments, focus-area frameworks,
statutory duties, target groups, and the checklists, legal duties, indicator definitions
and confidentiality statements to come).

A catalogue is a JSON Schema and a directory of YAML (or JSON) files. The kit reads each
file with the line of every JSON path, refuses fields written twice and YAML anchors,
checks the schema, and reports every problem naming the file, the line and the path
inside the document, in the active language. It also holds the localised-text type (texts
keyed by language code, with the bokmål-then-English fallback), versioned keys (a record
keeps the key and version it was made with), discovery of the files in a directory, and a
per-process cache that reads a file again when it changes.

A new catalogue is a schema and a few lines::

    CHECKLISTS = Catalogue(schema=HERE / "schema" / "checklist.schema.json",
                           directories=[HERE / "checklists"], label="Checklist")
    CHECKLISTS.scan().entries  # every valid file; CHECKLISTS.scan().problems the rest

Rules the schema cannot state go in a `build` function that receives the `Document` and the
`Report`, adds problems with `report.add(path, message)` and returns the built value.

Importing this module loads no Django (translations are looked up when a message is
made), so pure layers such as the risk engine may use its text and version helpers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeAlias, TypeVar

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

JSON: TypeAlias = "bool | int | float | str | list[JSON] | dict[str, JSON] | None"
JSONObject: TypeAlias = "dict[str, JSON]"
PathParts: TypeAlias = "tuple[str | int, ...]"
Texts: TypeAlias = "Mapping[str, str]"

# Texts are keyed by language code; every catalogue text carries at least these.
REQUIRED_LANGUAGES = ("nb", "en")
FALLBACK_LANGUAGES = ("nb", "en")
SUFFIXES = (".yaml", ".yml", ".json")
MAX_FILE_BYTES = 512 * 1024

# A schema fragment for a text in both required languages.
TEXT_SCHEMA: JSONObject = {
    "type": "object",
    "required": list(REQUIRED_LANGUAGES),
    "properties": {code: {"type": "string", "minLength": 1} for code in REQUIRED_LANGUAGES},
    "additionalProperties": False,
}


def _(message: str) -> str:
    from django.utils.translation import gettext

    return gettext(message)


def pgettext(context: str, message: str) -> str:
    from django.utils.translation import pgettext as translate

    return translate(context, message)


# --- Localised text and versioned keys ---------------------------------------------------


def text_in(texts: Texts, lang: str | None) -> str:
    """The text in `lang` ("nb", "en", "nb-no" …), falling back to bokmål, then English,
    then whatever the file has; "" when there is no text at all."""
    if not texts:
        return ""
    if lang:
        lang = lang.lower()
        for candidate in (lang, lang.split("-")[0]):
            if texts.get(candidate):
                return texts[candidate]
    for candidate in FALLBACK_LANGUAGES:
        if texts.get(candidate):
            return texts[candidate]
    return next(iter(texts.values()))


def localised(texts: Texts | None) -> str:
    """The text in the active language (see `text_in`)."""
    from django.utils.translation import get_language

    return text_in(texts or {}, get_language())


def version_key(version: str | int) -> tuple[int, ...]:
    """Sort key for "1.0" < "1.2" < "1.10" < "2.0" (and 1 < 2 for whole-number versions)."""
    return tuple(int(part) for part in str(version).split("."))


class Versioned(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def version(self) -> str | int: ...


V = TypeVar("V", bound=Versioned)


@dataclass(frozen=True)
class VersionedKey:
    """What a stored record names: a catalogue entry's key and the version it was made
    with. A later version of the file does not change what the record meant."""

    key: str
    version: str

    @classmethod
    def of(cls, entry: Versioned) -> VersionedKey:
        return cls(entry.key, str(entry.version))

    def __str__(self) -> str:
        return f"{self.key} {self.version}"


def by_key_newest_first(entries: Iterable[V]) -> list[V]:
    """Ordered by key, and within a key the newest version first."""
    ordered = sorted(entries, key=lambda entry: version_key(entry.version), reverse=True)
    ordered.sort(key=lambda entry: entry.key)
    return ordered


def newest(entries: Iterable[V]) -> list[V]:
    """The newest version of each key, ordered by key."""
    latest: dict[str, V] = {}
    for entry in by_key_newest_first(entries):
        latest.setdefault(entry.key, entry)
    return list(latest.values())


def find(entries: Iterable[V], key: str, version: str | int | None = None) -> V | None:
    """The entry with `key` (the newest version unless `version` is given), or None."""
    for entry in by_key_newest_first(entries):
        if entry.key == key and (version is None or str(entry.version) == str(version)):
            return entry
    return None


# --- Problems ----------------------------------------------------------------------------


def format_path(parts: PathParts, root: str = "$") -> str:
    """$.items[2].key for ("items", 2, "key"); root="" gives items[2].key."""
    text = root
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def location_text(line: int | None, path: str) -> str:
    if line is not None and path:
        return _("line %(line)d, %(path)s") % {"line": line, "path": path}
    if line is not None:
        return _("line %(line)d") % {"line": line}
    return path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file. `location` is "line N, $.json.path", or the JSON
    path alone when no line is known; `line`, `path` and `parts` hold the parts."""

    file: str
    location: str
    message: str
    line: int | None = None
    path: str = ""
    parts: PathParts = ()

    def __str__(self) -> str:
        if self.location:
            return f"{self.file}: {self.location}: {self.message}"
        return f"{self.file}: {self.message}"


class InvalidCatalogueFile(Exception):
    """A file that cannot be used, with every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class Report:
    """Collects the problems of one file and knows where each JSON path sits in it."""

    def __init__(self, file: str, lines: Mapping[PathParts, int] | None = None) -> None:
        self.file = file
        self.lines: Mapping[PathParts, int] = lines or {}
        self.problems: list[Problem] = []

    def line_of(self, path: PathParts) -> int | None:
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def add(self, path: PathParts, message: str, *, line: int | None = None) -> None:
        json_path = format_path(path)
        if line is None:
            line = self.line_of(path)
        problem = Problem(
            self.file,
            location_text(line, json_path),
            message,
            line=line,
            path=json_path,
            parts=path,
        )
        if problem not in self.problems:
            self.problems.append(problem)

    def add_at_line(self, line: int | None, column: int | None, message: str) -> None:
        if line is not None and column is not None:
            location = _("line %(line)d, column %(column)d") % {"line": line, "column": column}
        else:
            location = location_text(line, "")
        self.problems.append(Problem(self.file, location, message, line=line))

    def raise_if_any(
        self, error: Callable[[list[Problem]], Exception] = InvalidCatalogueFile
    ) -> None:
        if self.problems:
            raise error(self.problems)


# --- Reading files -----------------------------------------------------------------------


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _walk_nodes(node: yaml.Node, report: Report) -> dict[PathParts, int]:
    """Line number (1-based) of every JSON path in a composed YAML document; reports keys
    written twice in one mapping, which YAML loaders otherwise silently collapse."""
    lines: dict[PathParts, int] = {}
    seen: set[int] = set()

    def walk(current: yaml.Node, path: PathParts) -> None:
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
                key = str(key_node.value)
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


def _parse_yaml(text: str, report: Report) -> JSON:
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
                _("Anchors and aliases (& and *) are not supported in catalogue files."),
            )
            return None
        data: JSON = loader.construct_document(node)
        return data
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if isinstance(error, yaml.composer.ComposerError) and error.problem == (
            "but found another document"
        ):
            report.add_at_line(
                mark.line + 1 if mark else None,
                None,
                _("The file holds more than one YAML document; keep one document per file."),
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


def _parse_json(text: str, report: Report) -> JSON:
    try:
        data: JSON = json.loads(text, parse_constant=_reject_constant)
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


def read_file(path: Path, report: Report, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[JSON, bytes]:
    """The parsed content of a YAML or JSON file (by its suffix) and its bytes. Problems
    (unreadable, too large, not UTF-8, not valid YAML/JSON, fields written twice, anchors)
    go to `report`, with the line map set for later messages."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            report.add_at_line(
                None,
                None,
                _("The file is too large (%(size)d bytes; at most %(limit)d).")
                % {"size": size, "limit": max_bytes},
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
        report.add_at_line(None, None, _("The file is nested too deeply to be read."))
        return None, raw


def catalogue_files(directory: Path, suffixes: Sequence[str] = SUFFIXES) -> list[Path]:
    """The catalogue files in `directory`, by name; hidden files and other suffixes are
    left alone. Raises OSError when the directory cannot be listed."""
    return sorted(
        entry
        for entry in directory.iterdir()
        if entry.is_file() and not entry.name.startswith(".") and entry.suffix.lower() in suffixes
    )


# --- Schema ------------------------------------------------------------------------------


def type_name(value: object) -> str:
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


def short(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


PatternHint = Callable[[str], str]
Describe = Callable[[ValidationError, Report], None]


def describe_schema_error(
    error: ValidationError, report: Report, pattern_hint: PatternHint | None = None
) -> None:
    """Add one schema error to `report` in words a catalogue's author understands.
    `pattern_hint` turns a schema pattern into a description of the form it asks for."""
    path: PathParts = tuple(error.absolute_path)
    kind = error.validator
    instance = error.instance
    value: object = error.validator_value
    subschema = error.schema if isinstance(error.schema, Mapping) else {}
    if kind == "required" and isinstance(instance, dict) and isinstance(value, list):
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
        if (
            path
            and path[-1] == "version"
            and value == "string"
            and isinstance(instance, int | float)
        ):
            report.add(
                path,
                _(
                    'The version must be text in quotes, e.g. "1.0"; without quotes '
                    "%(value)s is read as a number."
                )
                % {"value": short(instance)},
            )
        else:
            expected = value if isinstance(value, list) else [value]
            report.add(
                path,
                _("Expected %(expected)s, found %(found)s (%(value)s).")
                % {
                    "expected": _(" or ").join(_expected_name(str(name)) for name in expected),
                    "found": type_name(instance),
                    "value": short(instance),
                },
            )
    elif kind in ("enum", "const"):
        choices = value if kind == "enum" and isinstance(value, list) else [value]
        report.add(
            path,
            _("“%(value)s” is not allowed here; use one of: %(choices)s.")
            % {"value": short(instance), "choices": ", ".join(str(c) for c in choices)},
        )
    elif kind == "pattern":
        if "propertyNames" in error.absolute_schema_path:
            report.add(
                (*path, str(instance)),
                _("“%(value)s” is not a language code (two or three lower-case letters, e.g. nb).")
                % {"value": short(instance)},
            )
        else:
            hint = pattern_hint(str(value)) if pattern_hint else str(value)
            report.add(
                path,
                _("“%(value)s” has the wrong form; write %(hint)s.")
                % {"value": short(instance), "hint": hint},
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
            % {"value": short(instance), "limit": value},
        )
    elif kind in ("maximum", "exclusiveMaximum"):
        report.add(
            path,
            _("%(value)s is above the largest allowed value, %(limit)s.")
            % {"value": short(instance), "limit": value},
        )
    else:
        report.add(path, _("Invalid value: %(detail)s") % {"detail": error.message})


def check_schema(
    data: JSON,
    validator: Draft202012Validator,
    report: Report,
    describe: Describe = describe_schema_error,
) -> None:
    """Every schema error in `data`, in path order, described into `report`."""
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        describe(error, report)


# --- Rules beyond the schema -------------------------------------------------------------


def language_name(code: str) -> str:
    names = {
        "nb": pgettext("language name inside a sentence", "Norwegian bokmål"),
        "en": pgettext("language name inside a sentence", "English"),
    }
    return names.get(code, code)


def check_text(
    texts: Texts | None,
    path: PathParts,
    report: Report,
    languages: Sequence[str] = REQUIRED_LANGUAGES,
) -> dict[str, str]:
    """Report a text missing (or blank) in a required language; the texts, stripped."""
    if texts is None:
        return {}
    for code in languages:
        if code not in texts:
            report.add(
                path,
                _("The %(language)s text (“%(code)s”) is missing.")
                % {"language": language_name(code), "code": code},
            )
        elif not texts[code].strip():
            report.add(
                (*path, code),
                _("The %(language)s text (“%(code)s”) is empty.")
                % {"language": language_name(code), "code": code},
            )
    return {code: text.strip() for code, text in texts.items()}


def check_unique(
    entries: Sequence[Mapping[str, object]],
    base: PathParts,
    report: Report,
    message: str | None = None,
    field_name: str = "key",
) -> None:
    """Report each entry whose `field_name` an earlier entry already uses. `message` takes
    %(key)s and %(where)s (the first use: its line, or its path)."""
    if message is None:
        message = _("The key “%(key)s” is used more than once (first at %(where)s).")
    first_index: dict[object, int] = {}
    for index, entry in enumerate(entries):
        key = entry.get(field_name)
        if key is None:
            continue
        if key in first_index:
            first: PathParts = (*base, first_index[key], field_name)
            first_line = report.line_of(first)
            where = (
                _("line %(line)d") % {"line": first_line}
                if first_line is not None
                else format_path(first)
            )
            report.add((*base, index, field_name), message % {"key": key, "where": where})
        else:
            first_index[key] = index


# --- One catalogue -----------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """A file's content that passed the schema, with where it came from."""

    data: JSONObject
    file: str
    source_path: Path | None
    # SHA-256 of the file's bytes (or of the canonical JSON for data given directly): lets
    # a stored record notice that a file was edited in place.
    fingerprint: str


@dataclass(frozen=True)
class Entry:
    """What a catalogue without its own `build` holds: the key, version and data."""

    key: str
    version: str
    data: JSONObject
    source_path: Path | None = None
    fingerprint: str = ""


def build_entry(document: Document, report: Report) -> Entry:
    return Entry(
        key=str(document.data.get("key", "")),
        version=str(document.data.get("version", "")),
        data=document.data,
        source_path=document.source_path,
        fingerprint=document.fingerprint,
    )


T = TypeVar("T", bound=Versioned)


@dataclass
class Scan(Generic[T]):
    entries: list[T] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


class Catalogue(Generic[T]):
    """One kind of catalogue file: its schema, how an entry is built, where the files are.

    `load_file` and `parse` raise `error` (an InvalidCatalogueFile) listing every problem;
    `scan` reads directories, skips and logs invalid files, and reports a key and version
    defined twice. Files are cached per process until their modification time or size
    changes.
    """

    def __init__(
        self,
        *,
        schema: Path | Mapping[str, object],
        build: Callable[[Document, Report], T | None],
        directories: Sequence[Path] | Callable[[], Sequence[Path]] = (),
        suffixes: Sequence[str] = SUFFIXES,
        max_bytes: int = MAX_FILE_BYTES,
        describe: Describe = describe_schema_error,
        error: Callable[[list[Problem]], InvalidCatalogueFile] = InvalidCatalogueFile,
        label: str = "Catalogue file",
        logger: logging.Logger | None = None,
        duplicate_message: Callable[[], str] | None = None,
        directory_message: Callable[[], str] | None = None,
    ) -> None:
        self.schema = schema
        self.build = build
        self.directories = directories
        self.suffixes = tuple(suffixes)
        self.max_bytes = max_bytes
        self.describe = describe
        self.error = error
        self.label = label
        self.logger = logger or logging.getLogger("samvern.catalogues")
        self.duplicate_message = duplicate_message
        self.directory_message = directory_message
        self._validator: Draft202012Validator | None = None
        self._cache: dict[Path, tuple[tuple[int, int], T | InvalidCatalogueFile]] = {}
        self._lock = threading.Lock()

    # Validation

    @property
    def validator(self) -> Draft202012Validator:
        if self._validator is None:
            schema = self.schema
            if isinstance(schema, Path):
                schema = json.loads(schema.read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
            self._validator = Draft202012Validator(schema)
        return self._validator

    def _validate(
        self, data: JSON, report: Report, *, source_path: Path | None, fingerprint: str
    ) -> T:
        report.raise_if_any(self.error)
        if not isinstance(data, dict):
            report.add(
                (),
                _(
                    "The file must hold a mapping of fields (key: value) at the top level, "
                    "found %(found)s."
                )
                % {"found": type_name(data)},
            )
            report.raise_if_any(self.error)
            raise AssertionError("unreachable")
        check_schema(data, self.validator, report, self.describe)
        report.raise_if_any(self.error)
        built = self.build(Document(data, report.file, source_path, fingerprint), report)
        report.raise_if_any(self.error)
        if built is None:
            raise AssertionError("build returned nothing without reporting a problem")
        return built

    def load_file(self, path: Path | str) -> T:
        """Read, validate and build one file. Raises `error` listing every problem found,
        each with file, line and/or JSON path, and a translated message."""
        path = Path(path)
        report = Report(str(path))
        data, raw = read_file(path, report, max_bytes=self.max_bytes)
        fingerprint = hashlib.sha256(raw).hexdigest()
        return self._validate(data, report, source_path=path, fingerprint=fingerprint)

    def parse(self, data: JSON, *, file: str = "<data>") -> T:
        """Validate and build from already-parsed data (paths, but no line numbers)."""
        canonical = json.dumps(data, sort_keys=True, default=str).encode()
        fingerprint = hashlib.sha256(canonical).hexdigest()
        return self._validate(data, Report(file), source_path=None, fingerprint=fingerprint)

    # Directories and the cache

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def load_cached(self, path: Path, load: Callable[[Path], T] | None = None) -> T:
        """`load_file` (or `load`), kept until the file's modification time or size
        changes. An unexpected failure becomes a reported (and cached) problem so that
        one odd file cannot take the pages that use the catalogue down."""
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._cache.get(path)
        if cached is not None and cached[0] == signature:
            outcome = cached[1]
        else:
            outcome = self._load_reporting(path, load or self.load_file)
            with self._lock:
                self._cache[path] = (signature, outcome)
        if isinstance(outcome, InvalidCatalogueFile):
            # A fresh exception each time: re-raising the cached one would grow its traceback.
            raise self.error(outcome.problems)
        return outcome

    def _load_reporting(self, path: Path, load: Callable[[Path], T]) -> T | InvalidCatalogueFile:
        try:
            return load(path)
        except InvalidCatalogueFile as error:
            for problem in error.problems:
                self.logger.error("%s skipped: %s", self.label, problem)
            return error
        except OSError:
            raise
        except Exception as error:
            self.logger.exception("%s %s could not be checked", self.label, path)
            message = _(
                "The file could not be checked because of an unexpected error (%(error)s)."
            ) % {"error": type(error).__name__}
            return self.error([Problem(str(path), "", message)])

    def default_directories(self) -> list[Path]:
        directories = self.directories
        return list(directories() if callable(directories) else directories)

    def scan(
        self, directories: Sequence[Path] | None = None, *, load: Callable[[Path], T] | None = None
    ) -> Scan[T]:
        """Every valid entry and every problem in the given (default: the catalogue's)
        directories. A key and version defined by two files keeps the first and reports
        the second, since a stored record must name exactly one entry."""
        scan: Scan[T] = Scan()
        defined: dict[tuple[str, str], Path] = {}
        for directory in directories if directories is not None else self.default_directories():
            try:
                files = catalogue_files(directory, self.suffixes)
            except OSError:
                message = (
                    self.directory_message()
                    if self.directory_message
                    else _("The catalogue directory does not exist or cannot be read.")
                )
                problem = Problem(str(directory), "", message)
                self.logger.error("%s directory skipped: %s", self.label, problem)
                scan.problems.append(problem)
                continue
            for path in files:
                scan.files += 1
                try:
                    entry = self.load_cached(path, load)
                except InvalidCatalogueFile as error:
                    scan.problems.extend(error.problems)
                    continue
                except OSError:
                    continue  # removed between listing and reading
                identity = (entry.key, str(entry.version))
                if identity in defined:
                    message = (
                        self.duplicate_message()
                        if self.duplicate_message
                        else _(
                            "“%(key)s” version %(version)s is already defined in %(other)s; "
                            "each version must be defined exactly once."
                        )
                    )
                    problem = Problem(
                        str(path),
                        "$.version",
                        message
                        % {"key": entry.key, "version": entry.version, "other": defined[identity]},
                        path="$.version",
                        parts=("version",),
                    )
                    self.logger.error("%s skipped: %s", self.label, problem)
                    scan.problems.append(problem)
                    continue
                defined[identity] = path
                scan.entries.append(entry)
        return scan
