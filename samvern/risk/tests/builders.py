"""Instrument files and data for tests: a small valid YAML file whose line numbers the
validation tests rely on, and hypothesis strategies for generated valid instruments."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

# Line numbers matter: the broken-file tests point at them.
BASE_YAML = """\
key: test-instrument
version: "1.0"
subject: person_exposed
title:
  nb: Prøveskjema
  en: Test form
scoring:
  method: count_yes
allow_override: true
items:
  - key: first
    kind: yes_no_unknown
    text:
      nb: Første spørsmål
      en: First question
  - key: second
    kind: yes_no_unknown
    text:
      nb: Andre spørsmål
      en: Second question
  - key: third
    kind: yes_no_unknown
    text:
      nb: Tredje spørsmål
      en: Third question
bands:
  - key: standard
    min: 0
    max: 1
    label: {nb: Standard, en: Standard}
  - key: high
    min: 2
    max: 3
    label: {nb: Høy, en: High}
qualification:
  - key: high_score
    kind: band_at_least
    band: high
    text: {nb: Høy risiko, en: High risk}
  - key: judgement
    kind: override_at_least
    band: high
    text: {nb: Faglig skjønn, en: Professional judgement}
  - key: repeat
    kind: repeat_within_12_months
    text: {nb: Ny melding, en: Repeat referral}
"""


def text(label: str) -> dict[str, str]:
    return {"nb": f"{label} (nb)", "en": f"{label} (en)"}


# Quarter steps are exact in binary floating point, as YAML and JSON numbers are.
WEIGHTS = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5]


def contributions(item: dict[str, Any], method: str) -> list[Decimal]:
    """Independently of the catalogue: the amounts an item can add to the score."""
    if method == "count_yes":
        return [Decimal(0), Decimal(1)]
    weight = Decimal(repr(item.get("weight", 1)))
    if item["kind"] == "yes_no_unknown":
        return [Decimal(0), weight]
    low, high = item["scale"]["min"], item["scale"]["max"]
    return [Decimal(0), *(value * weight for value in range(low, high + 1))]


def score_lattice(data: dict[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    """(lowest, highest, step) of the possible scores, computed from the data alone."""
    method = data["scoring"]["method"]
    amounts = [contributions(item, method) for item in data["items"]]
    lowest = sum((min(values) for values in amounts), Decimal(0))
    highest = sum((max(values) for values in amounts), Decimal(0))
    if method == "count_yes":
        return lowest, highest, Decimal(1)
    hundredths = [
        int(abs(Decimal(repr(item.get("weight", 1)))) * 100)
        for item in data["items"]
        if item.get("weight", 1)
    ]
    return lowest, highest, Decimal(math.gcd(*hundredths)) / 100


def reachable_scores(data: dict[str, Any]) -> set[Decimal]:
    """Every score some combination of answers gives (small instruments only)."""
    method = data["scoring"]["method"]
    totals = {Decimal(0)}
    for item in data["items"]:
        totals = {total + amount for total in totals for amount in contributions(item, method)}
    return totals


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@st.composite
def item_data(draw: st.DrawFn, index: int, method: str) -> dict[str, Any]:
    kind = "yes_no_unknown"
    if method == "weighted_sum" and draw(st.booleans()):
        kind = "scale"
    item: dict[str, Any] = {"key": f"item_{index}", "kind": kind, "text": text(f"Item {index}")}
    if method == "weighted_sum":
        item["weight"] = draw(st.sampled_from(WEIGHTS))
    if kind == "yes_no_unknown" and draw(st.integers(0, 3)) == 0:
        item["critical"] = True
    if kind == "scale":
        low = draw(st.integers(0, 2))
        high = draw(st.integers(low + 1, low + 3))
        item["scale"] = {
            "min": low,
            "max": high,
            "labels": [{"value": low, "text": text("lowest")}],
        }
    return item


@st.composite
def instrument_data(draw: st.DrawFn, method: str | None = None) -> dict[str, Any]:
    """A valid instrument: bands partition the possible scores at random cut points."""
    method = method or draw(st.sampled_from(["count_yes", "weighted_sum"]))
    count = draw(st.integers(1, 6))
    items = [draw(item_data(index, method)) for index in range(count)]
    if method == "weighted_sum" and all(item["weight"] == 0 for item in items):
        items[0]["weight"] = 1
    data: dict[str, Any] = {
        "key": "generated",
        "version": "1.0",
        "subject": draw(st.sampled_from(["person_exposed", "person_using_violence"])),
        "title": text("Generated"),
        "scoring": {"method": method},
        "allow_override": draw(st.booleans()),
        "items": items,
    }
    data["allow_lowering"] = data["allow_override"] and draw(st.booleans())
    lowest, highest, step = score_lattice(data)
    points = int((highest - lowest) / step)  # lattice points above the lowest
    cut_count = draw(st.integers(0, min(points, 4)))
    cuts = sorted(
        draw(st.lists(st.integers(1, points), min_size=cut_count, max_size=cut_count, unique=True))
        if points
        else []
    )
    starts = [lowest, *(lowest + cut * step for cut in cuts)]
    ends = [start - step for start in starts[1:]] + [highest]
    data["bands"] = [
        {"key": f"band_{rank}", "min": number(start), "max": number(end), "label": text("Band")}
        for rank, (start, end) in enumerate(zip(starts, ends, strict=True))
    ]
    draw(st.randoms()).shuffle(data["bands"])  # the file order must not matter
    band_keys = [band["key"] for band in data["bands"]]
    rules = [
        {
            "key": "score",
            "kind": "band_at_least",
            "band": draw(st.sampled_from(band_keys)),
            "text": text("score"),
        },
        {"key": "repeat", "kind": "repeat_within_12_months", "text": text("repeat")},
    ]
    if data["allow_override"]:
        rules.append(
            {
                "key": "judgement",
                "kind": "override_at_least",
                "band": draw(st.sampled_from(band_keys)),
                "text": text("judgement"),
            }
        )
    if any(item.get("critical") for item in items):
        rules.append({"key": "critical", "kind": "critical_item", "text": text("critical")})
    data["qualification"] = rules
    return data
