"""The shape of a loaded risk instrument: plain, immutable values with no Django in them.

The catalogue builds these from validated files; the engine computes with them; forms and
pages display them. Keeping them free of Django lets the scoring engine stay pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

# Texts, their languages and version order are the catalogue kit's (which loads no Django).
from samvern.core.catalogues import FALLBACK_LANGUAGES as FALLBACK_LANGUAGES
from samvern.core.catalogues import REQUIRED_LANGUAGES as REQUIRED_LANGUAGES
from samvern.core.catalogues import text_in
from samvern.core.catalogues import version_key as version_key

YES = "yes"
NO = "no"
UNKNOWN = "unknown"


class Subject(StrEnum):
    PERSON_EXPOSED = "person_exposed"
    PERSON_USING_VIOLENCE = "person_using_violence"


class ItemKind(StrEnum):
    YES_NO_UNKNOWN = "yes_no_unknown"
    SCALE = "scale"


class ScoringMethod(StrEnum):
    COUNT_YES = "count_yes"
    WEIGHTED_SUM = "weighted_sum"


class RuleKind(StrEnum):
    BAND_AT_LEAST = "band_at_least"
    OVERRIDE_AT_LEAST = "override_at_least"
    REPEAT_WITHIN_12_MONTHS = "repeat_within_12_months"
    CRITICAL_ITEM = "critical_item"


@dataclass(frozen=True)
class ScaleLabel:
    value: int
    text: Mapping[str, str]

    def text_in(self, lang: str | None) -> str:
        return text_in(self.text, lang)


@dataclass(frozen=True)
class Item:
    key: str
    kind: ItemKind
    text: Mapping[str, str]
    help: Mapping[str, str] = field(default_factory=dict)
    # Only weighted_sum instruments use weights; count_yes items keep the neutral 1.
    weight: Decimal = Decimal(1)
    scale_min: int | None = None
    scale_max: int | None = None
    scale_labels: tuple[ScaleLabel, ...] = ()
    # A "yes" that practitioners treat as serious on its own (strangulation, threats to
    # kill, weapon access): a critical_item rule lets it qualify whatever the score.
    critical: bool = False

    def text_in(self, lang: str | None) -> str:
        return text_in(self.text, lang)

    def help_in(self, lang: str | None) -> str:
        return text_in(self.help, lang)

    @property
    def scale_values(self) -> tuple[int, ...]:
        if self.kind != ItemKind.SCALE or self.scale_min is None or self.scale_max is None:
            return ()
        return tuple(range(self.scale_min, self.scale_max + 1))

    @property
    def scale_options(self) -> tuple[tuple[int, Mapping[str, str]], ...]:
        """Every scale value with its label texts ({} where the file gives none)."""
        labels = {label.value: label.text for label in self.scale_labels}
        return tuple((value, labels.get(value, {})) for value in self.scale_values)

    def scale_label_in(self, value: int, lang: str | None) -> str:
        for label in self.scale_labels:
            if label.value == value:
                return label.text_in(lang)
        return ""

    def contributions(self) -> tuple[Decimal, ...]:
        """Every amount this item can add to a weighted sum, including the 0 that a "no",
        an "unknown" or a missing answer adds."""
        if self.kind == ItemKind.YES_NO_UNKNOWN:
            return (Decimal(0), self.weight)
        return (Decimal(0), *(value * self.weight for value in self.scale_values))


@dataclass(frozen=True)
class Band:
    """A score range with inclusive limits: a score s is in the band when min <= s <= max.

    `rank` orders bands from the lowest scores (0) upwards; "at or above" compares ranks.
    """

    key: str
    min: Decimal
    max: Decimal
    label: Mapping[str, str]
    description: Mapping[str, str] = field(default_factory=dict)
    rank: int = 0
    # Default days from an assessment in this band to its reassessment; None: no default.
    reassess_after_days: int | None = None

    def label_in(self, lang: str | None) -> str:
        return text_in(self.label, lang)

    def description_in(self, lang: str | None) -> str:
        return text_in(self.description, lang)

    def contains(self, score: Decimal | int) -> bool:
        return self.min <= Decimal(score) <= self.max


@dataclass(frozen=True)
class Scoring:
    """How answers become a score, and what scores are possible.

    Every possible score is a whole multiple of `step` between `min_score` and
    `max_score` (both inclusive). For count_yes the step is 1; for weighted_sum it is the
    greatest common divisor of the weights.
    """

    method: ScoringMethod
    step: Decimal
    min_score: Decimal
    max_score: Decimal


@dataclass(frozen=True)
class QualificationRule:
    key: str
    kind: RuleKind
    band: str | None
    text: Mapping[str, str]

    def text_in(self, lang: str | None) -> str:
        return text_in(self.text, lang)


@dataclass(frozen=True)
class Instrument:
    key: str
    version: str
    title: Mapping[str, str]
    subject: Subject
    items: tuple[Item, ...]
    scoring: Scoring
    bands: tuple[Band, ...]  # ordered by rank, lowest scores first
    allow_override: bool
    allow_lowering: bool = False
    qualification: tuple[QualificationRule, ...] = ()
    description: Mapping[str, str] = field(default_factory=dict)
    source_path: Path | None = None
    # SHA-256 of the file's bytes: lets a stored assessment detect a file edited in place.
    fingerprint: str = ""

    # Texts are dicts, so the generated hash would fail; a key and version name exactly
    # one instrument in the catalogue.
    def __hash__(self) -> int:
        return hash((self.key, self.version))

    def __str__(self) -> str:
        return f"{self.key} {self.version}"

    def title_in(self, lang: str | None) -> str:
        return text_in(self.title, lang)

    def description_in(self, lang: str | None) -> str:
        return text_in(self.description, lang)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def band(self, key: str) -> Band:
        for band in self.bands:
            if band.key == key:
                return band
        raise KeyError(key)

    def has_band(self, key: str) -> bool:
        return any(band.key == key for band in self.bands)

    @property
    def critical_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.critical)

    def rule(self, key: str) -> QualificationRule:
        for rule in self.qualification:
            if rule.key == key:
                return rule
        raise KeyError(key)
