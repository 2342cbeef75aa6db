"""Risk instruments as data files: loading, validation with precise messages, and the
per-process catalogue of every valid instrument.

An instrument file (YAML, or JSON) is checked in two steps:
1. the JSON Schema in `schema/instrument.schema.json` (structure and types);
2. rules the schema cannot state: unique keys, texts in every required language, scoring
   that fits the item kinds, bands that give every possible score exactly one band, and
   qualification rules that name existing bands.
Every problem found is reported at once, each naming the file, the line (for YAML, and
for JSON where it can be mapped) and the JSON path, in the active language.

Reading, the schema step, the messages, texts and the cache are the shared catalogue kit
(`samvern.core.catalogues`); this module holds the instrument's own rules (step 2).

The catalogue reads the shipped `instruments/` directory and every directory in
`settings.RISK_INSTRUMENT_DIRS`. Invalid files are skipped and logged (the
`validate_instruments` command lists them). Loaded files are kept per process and read
again when their modification time or size changes.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from jsonschema.exceptions import ValidationError

from samvern.core.catalogues import (
    Catalogue,
    Document,
    InvalidCatalogueFile,
    PathParts,
    Problem,
    Report,
    by_key_newest_first,
    check_text,
    check_unique,
    describe_schema_error,
    format_path,
)
from samvern.core.catalogues import find as find_entry
from samvern.core.catalogues import newest as newest_entries
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
    "format_path",
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

Path_ = PathParts
_Report = Report


class InstrumentError(InvalidCatalogueFile):
    """An instrument file that cannot be used; `problems` lists every problem in it."""


class InstrumentNotFound(LookupError):
    pass


# --- Schema ----------------------------------------------------------------------------


def _pattern_hint(pattern: str) -> str:
    schema: Any = INSTRUMENTS.validator.schema
    if pattern == schema["properties"]["version"]["pattern"]:
        return _('two whole numbers separated by a full stop, in quotes, e.g. "1.0"')
    if pattern == schema["$defs"]["instrument_key"]["pattern"]:
        return _("lower-case letters a–z, digits, hyphens and underscores, starting with a letter")
    if pattern == schema["$defs"]["key"]["pattern"]:
        return _("lower-case letters a–z, digits and underscores, starting with a letter")
    return pattern


def _describe(error: ValidationError, report: Report) -> None:
    describe_schema_error(error, report, _pattern_hint)


# --- Rules beyond the schema -----------------------------------------------------------
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
    return check_text(texts, path, report, REQUIRED_LANGUAGES)


def _check_unique(
    entries: Sequence[Mapping[str, Any]], base: Path_, message: str, report: _Report
) -> None:
    """`message` takes %(key)s and %(where)s (the first use)."""
    check_unique(entries, base, report, message)


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
        entries.append(
            (
                index,
                Band(
                    raw["key"],
                    low,
                    high,
                    label,
                    description,
                    reassess_after_days=raw.get("reassess_after_days"),
                ),
            )
        )
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


def _build_document(document: Document, report: Report) -> Instrument | None:
    return _build(
        document.data,
        report,
        source_path=document.source_path,
        fingerprint=document.fingerprint,
    )


def instrument_directories() -> list[Path]:
    """The shipped instruments first, then the configured licence directories in order."""
    extra = [Path(entry) for entry in getattr(settings, "RISK_INSTRUMENT_DIRS", None) or []]
    return [SHIPPED_DIR, *extra]


INSTRUMENTS: Catalogue[Instrument] = Catalogue(
    schema=SCHEMA_PATH,
    build=_build_document,
    directories=instrument_directories,
    suffixes=INSTRUMENT_SUFFIXES,
    max_bytes=MAX_FILE_BYTES,
    describe=_describe,
    error=InstrumentError,
    label="Risk instrument",
    logger=logger,
    # Messages are callables: translated when a problem is reported, in its language.
    duplicate_message=lambda: _(
        "The instrument “%(key)s” version %(version)s is already defined in "
        "%(other)s; each version must be defined exactly once."
    ),
    directory_message=lambda: _("The instrument directory does not exist or cannot be read."),
)


def load_instrument_file(path: Path | str) -> Instrument:
    """Read, validate and build one instrument file. Raises InstrumentError listing every
    problem found, each with file, line and/or JSON path, and a translated message."""
    return INSTRUMENTS.load_file(path)


def parse_instrument(data: Any, *, file: str = "<data>") -> Instrument:
    """Validate and build an instrument from already-parsed data (no line numbers)."""
    return INSTRUMENTS.parse(data, file=file)


# --- The catalogue ---------------------------------------------------------------------


@dataclass
class CatalogueScan:
    instruments: list[Instrument] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def clear_cache() -> None:
    INSTRUMENTS.clear_cache()


def scan_catalogue(directories: Sequence[Path] | None = None) -> CatalogueScan:
    """Every valid instrument and every problem in the given (default: configured)
    directories. A key and version defined by two files keeps the first and reports the
    second, since a stored assessment must name exactly one instrument."""
    # Looked up at call time, so that a test can stand in for the loader.
    scan = INSTRUMENTS.scan(directories, load=lambda path: load_instrument_file(path))
    return CatalogueScan(instruments=scan.entries, problems=scan.problems, files=scan.files)


def all_instruments() -> list[Instrument]:
    """Every valid version of every instrument, by key and then newest version first."""
    return by_key_newest_first(scan_catalogue().instruments)


def available_instruments(subject: str | None = None) -> list[Instrument]:
    """The newest valid version of each instrument, optionally only those for `subject`
    ("person_exposed" or "person_using_violence"), ordered by key."""
    if subject is not None and subject not in set(Subject):
        raise ValueError(f"unknown subject {subject!r}; use one of {[s.value for s in Subject]}")
    return newest_entries(
        instrument
        for instrument in all_instruments()
        if subject is None or instrument.subject == subject
    )


def get_instrument(key: str, version: str | None = None) -> Instrument:
    """One instrument by key, the newest valid version unless `version` is given. Raises
    InstrumentNotFound (a LookupError) when there is no such valid instrument."""
    instrument = find_entry(all_instruments(), key, version)
    if instrument is not None:
        return instrument
    if version is None:
        raise InstrumentNotFound(f"no valid risk instrument {key!r}")
    raise InstrumentNotFound(f"no valid risk instrument {key!r} version {version!r}")
