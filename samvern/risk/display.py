"""Stored assessments in words: the question texts, answer labels, band labels, rule texts
and the instrument's title, in the reader's language, taken from the instrument files.

A stored assessment keeps only keys and raw values ("threats_to_kill": "yes", band
"high"). Everything a person reads goes through these functions, so pages, exports and
the API show the same words. When an instrument file is no longer in the catalogue (a
retired version), the keys are shown as they are rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samvern.risk import catalogue
from samvern.risk.definitions import NO, UNKNOWN, YES, Instrument, Item, ItemKind


@dataclass(frozen=True)
class AnswerText:
    key: str
    question: str
    answer: str
    value: str


@dataclass(frozen=True)
class AssessmentText:
    instrument_key: str
    instrument_version: str
    instrument_known: bool
    title: str  # the instrument's title, or its key when the file is gone
    title_with_version: str
    band_label: str
    override_band_label: str
    effective_band_label: str
    answers: tuple[AnswerText, ...]
    qualification_reasons: tuple[str, ...]
    critical_items: tuple[str, ...]  # question texts of critical items answered yes


def find_instrument(key: str, version: str) -> Instrument | None:
    try:
        return catalogue.get_instrument(key, str(version))
    except catalogue.InstrumentNotFound:
        return None


def answer_label(item: Item | None, value: Any) -> str:
    """An answer as the form offered it: "Yes", "No", "Don't know", or a scale value with
    its label ("2 – A few times")."""
    if value in (YES, NO, UNKNOWN):
        return {YES: _("Yes"), NO: _("No"), UNKNOWN: _("Don't know")}[value]
    if item is not None and item.kind == ItemKind.SCALE:
        try:
            number = int(value)
        except (TypeError, ValueError):
            return str(value)
        label = item.scale_label_in(number, get_language())
        return f"{number} – {label}" if label else str(number)
    return str(value)


def band_label(instrument: Instrument | None, band_key: str) -> str:
    if not band_key:
        return ""
    if instrument is not None and instrument.has_band(band_key):
        return instrument.band(band_key).label_in(get_language())
    return any_band_label(band_key)


def any_band_label(band_key: str) -> str:
    """The label of a band known only by its key (the case's risk band): from the first
    instrument that has such a band, the key itself when none has."""
    if not band_key:
        return ""
    for instrument in catalogue.all_instruments():
        if instrument.has_band(band_key):
            return instrument.band(band_key).label_in(get_language())
    return band_key


def title_with_version(title: str, version: str) -> str:
    return _("%(title)s, version %(version)s") % {"title": title, "version": version}


def describe(
    *,
    instrument_key: str,
    instrument_version: str,
    answers: Mapping[str, Any],
    band: str,
    override_band: str = "",
    qualification_reasons: tuple[str, ...] | list[str] = (),
) -> AssessmentText:
    """The words for one stored assessment, in the active language."""
    instrument = find_instrument(instrument_key, instrument_version)
    lang = get_language()
    answer_texts: list[AnswerText] = []
    critical: list[str] = []
    if instrument is not None:
        title = instrument.title_in(lang)
        for item in instrument.items:
            if item.key not in answers:
                continue
            value = answers[item.key]
            question = item.text_in(lang)
            answer_texts.append(
                AnswerText(item.key, question, answer_label(item, value), str(value))
            )
            if item.critical and value == YES:
                critical.append(question)
        known = {item.key for item in instrument.items}
    else:
        title = instrument_key
        known = set()
    for key, value in answers.items():
        if key not in known:
            answer_texts.append(AnswerText(key, key, answer_label(None, value), str(value)))
    reasons: list[str] = []
    for reason in qualification_reasons:
        try:
            reasons.append(instrument.rule(reason).text_in(lang) if instrument else reason)
        except KeyError:
            reasons.append(reason)
    return AssessmentText(
        instrument_key=instrument_key,
        instrument_version=str(instrument_version),
        instrument_known=instrument is not None,
        title=title,
        title_with_version=title_with_version(title, str(instrument_version)),
        band_label=band_label(instrument, band),
        override_band_label=band_label(instrument, override_band),
        effective_band_label=band_label(instrument, override_band or band),
        answers=tuple(answer_texts),
        qualification_reasons=tuple(reasons),
        critical_items=tuple(critical),
    )


def score_text(score: Decimal | int | str) -> str:
    """A score as the reader writes numbers, without a meaningless ".00" ("7", "7,5")."""
    number = Decimal(str(score))
    if number == number.to_integral_value():
        return number_format(number.quantize(Decimal(1)), decimal_pos=0)
    return number_format(number.normalize())
