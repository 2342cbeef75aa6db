"""The scoring engine: pure functions from an instrument and answers to a score, a band and
whether a case qualifies for a multi-agency conference.

No Django, no database, no clock: the same input always gives the same output, which is
what lets the property-based tests state the engine's promises exactly.

Answers are a mapping from item key to:
- yes_no_unknown items: "yes", "no" or "unknown";
- scale items: a whole number within the item's scale (an int or its decimal text, e.g.
  "2"), or "unknown".
A missing item, None or "" means "not answered". "unknown", "no" and unanswered items add
nothing to the score; "unknown" and unanswered items are reported in the result so that
the assessor sees what the score rests on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from samvern.risk.definitions import (
    NO,
    UNKNOWN,
    YES,
    Band,
    Instrument,
    Item,
    ItemKind,
    RuleKind,
    ScoringMethod,
)

Answer = str | int


class AnswerError(ValueError):
    """An answer the instrument does not allow. Forms validate before scoring, so this
    signals a programming or data error, not a user mistake."""

    def __init__(self, item_key: str, message: str) -> None:
        super().__init__(f"{item_key}: {message}")
        self.item_key = item_key


class OverrideError(ValueError):
    """A professional-judgement band the instrument does not allow."""


@dataclass(frozen=True)
class ScoreResult:
    score: Decimal
    band_key: str
    answered: int  # items with an answer, "unknown" included
    unanswered_items: tuple[str, ...]
    unknown_items: tuple[str, ...] = ()
    # Critical items answered yes, in file order.
    critical_yes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Qualification:
    qualifies: bool
    reasons: tuple[str, ...]  # keys of the rules that were met, in file order

    def __bool__(self) -> bool:
        return self.qualifies


def normalise_answer(item: Item, value: object) -> Answer | None:
    """The canonical form of one answer ("yes"/"no"/"unknown" or an int), None when the
    item is unanswered. Raises AnswerError for anything the item does not allow."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = value.strip().lower()
        if value == "":
            return None
    if item.kind == ItemKind.YES_NO_UNKNOWN:
        if value in (YES, NO, UNKNOWN):
            return value  # type: ignore[return-value]
        raise AnswerError(item.key, f"expected yes, no or unknown, got {value!r}")
    if value == UNKNOWN:
        return UNKNOWN
    if isinstance(value, bool):
        raise AnswerError(item.key, f"expected a whole number, got {value!r}")
    if isinstance(value, str):
        if not value.lstrip("-").isdigit():
            raise AnswerError(item.key, f"expected a whole number, got {value!r}")
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        raise AnswerError(item.key, f"expected a whole number, got {value!r}")
    if number not in item.scale_values:
        raise AnswerError(
            item.key, f"{number} is outside the scale {item.scale_min}..{item.scale_max}"
        )
    return number


def normalise_answers(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, Answer]:
    """Answers in canonical form, unanswered items left out. Unknown item keys are an
    error: an answer to a question the instrument does not ask cannot be scored."""
    keys = {item.key for item in instrument.items}
    for key in answers:
        if key not in keys:
            raise AnswerError(str(key), f"not an item of {instrument}")
    normalised: dict[str, Answer] = {}
    for item in instrument.items:
        value = normalise_answer(item, answers.get(item.key))
        if value is not None:
            normalised[item.key] = value
    return normalised


def contribution(instrument: Instrument, item: Item, answer: Answer | None) -> Decimal:
    if answer is None or answer in (UNKNOWN, NO):
        return Decimal(0)
    if instrument.scoring.method == ScoringMethod.COUNT_YES:
        return Decimal(1) if answer == YES else Decimal(0)
    if answer == YES:
        return item.weight
    return Decimal(answer) * item.weight


def score(instrument: Instrument, answers: Mapping[str, Answer | None]) -> ScoreResult:
    normalised = normalise_answers(instrument, answers)
    total = Decimal(0)
    unanswered: list[str] = []
    unknown: list[str] = []
    critical_yes: list[str] = []
    for item in instrument.items:
        answer = normalised.get(item.key)
        if answer is None:
            unanswered.append(item.key)
        elif answer == UNKNOWN:
            unknown.append(item.key)
        elif answer == YES and item.critical:
            critical_yes.append(item.key)
        total += contribution(instrument, item, answer)
    # Exact decimals with at most two places (the catalogue rejects finer weights); the
    # normalised form keeps "3" rather than "3.00" for count-based scores.
    total = _tidy(total)
    return ScoreResult(
        score=total,
        band_key=band_for(instrument, total).key,
        answered=len(normalised),
        unanswered_items=tuple(unanswered),
        unknown_items=tuple(unknown),
        critical_yes=tuple(critical_yes),
    )


def band_for(instrument: Instrument, score: Decimal | int) -> Band:
    """The one band whose inclusive range holds `score`. The catalogue guarantees that
    every possible score has exactly one; anything else is a ValueError."""
    value = Decimal(score)
    matches = [band for band in instrument.bands if band.contains(value)]
    if len(matches) != 1:
        raise ValueError(f"{instrument}: score {value} lies in {len(matches)} bands")
    return matches[0]


def effective_band(
    instrument: Instrument, result: ScoreResult, override_band: str | None = None
) -> Band:
    """The band that counts: the professional-judgement band when one is given, otherwise
    the scored band. Raises OverrideError when the instrument does not allow it."""
    scored = instrument.band(result.band_key)
    if not override_band:
        return scored
    if not instrument.allow_override:
        raise OverrideError(f"{instrument} does not allow professional judgement")
    if not instrument.has_band(override_band):
        raise OverrideError(f"{instrument} has no band {override_band!r}")
    chosen = instrument.band(override_band)
    if chosen.rank < scored.rank and not instrument.allow_lowering:
        raise OverrideError(f"{instrument} does not allow lowering the band")
    return chosen


def qualifies_for_conference(
    instrument: Instrument,
    result: ScoreResult,
    *,
    override_band: str | None = None,
    repeat_within_12_months: bool = False,
) -> Qualification:
    """Which of the instrument's qualification rules the assessment meets.

    - band_at_least X: the scored band is X or higher, and no professional judgement has
      lowered the band below X.
    - override_at_least X: professional judgement set the band to X or higher (whether it
      raised the band or confirmed it).
    - repeat_within_12_months [X]: the case is a repeat referral within 12 months (and, if
      the rule names a band, the band that counts is X or higher).
    - critical_item: at least one item the file marks critical is answered yes, whatever
      the score and whatever band professional judgement sets.

    Each rule, and so the outcome, is monotone: a higher scored band or a higher
    judgement band never turns a qualifying assessment into a non-qualifying one. (A rule
    that fired only when judgement *raised* the band would break this: a scored band
    rising to meet the judgement would then lose the reason.)
    """
    scored = instrument.band(result.band_key)
    effective = effective_band(instrument, result, override_band)
    reasons: list[str] = []
    for rule in instrument.qualification:
        threshold = instrument.band(rule.band).rank if rule.band else None
        if rule.kind == RuleKind.BAND_AT_LEAST:
            met = threshold is not None and min(scored.rank, effective.rank) >= threshold
        elif rule.kind == RuleKind.OVERRIDE_AT_LEAST:
            met = bool(override_band) and threshold is not None and effective.rank >= threshold
        elif rule.kind == RuleKind.REPEAT_WITHIN_12_MONTHS:
            met = repeat_within_12_months and (threshold is None or effective.rank >= threshold)
        elif rule.kind == RuleKind.CRITICAL_ITEM:
            met = bool(result.critical_yes)
        else:  # pragma: no cover - the catalogue admits no other kinds
            met = False
        if met:
            reasons.append(rule.key)
    return Qualification(qualifies=bool(reasons), reasons=tuple(reasons))


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without ever switching to exponent notation."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
