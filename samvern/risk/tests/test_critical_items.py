"""Critical items: an instrument file may mark questions whose yes qualifies a case for a
conference on its own (rule kind critical_item). The schema and the catalogue accept the
declaration only when it can take effect, and say precisely what is wrong otherwise."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.utils import translation

from samvern.risk import engine
from samvern.risk.catalogue import InstrumentError, load_instrument_file, parse_instrument
from samvern.risk.tests.builders import BASE_YAML

CRITICAL_RULE = {
    "key": "critical",
    "kind": "critical_item",
    "text": {"nb": "Kritisk", "en": "Critical"},
}


def base() -> dict[str, Any]:
    return yaml.safe_load(BASE_YAML)


def with_critical(data: dict[str, Any], *, rule: bool = True) -> dict[str, Any]:
    data["items"][0]["critical"] = True
    if rule:
        data["qualification"].append(dict(CRITICAL_RULE))
    return data


def problems_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    with translation.override("en"), pytest.raises(InstrumentError) as caught:
        parse_instrument(data)
    return [(problem.path, problem.message) for problem in caught.value.problems]


def test_an_instrument_declares_critical_items_and_their_rule():
    instrument = parse_instrument(with_critical(base()))
    assert [item.key for item in instrument.critical_items] == ["first"]
    assert instrument.item("second").critical is False
    assert instrument.rule("critical").kind == "critical_item"
    result = engine.score(instrument, {"first": "yes"})
    assert result.band_key == "standard"
    assert engine.qualifies_for_conference(instrument, result).reasons == ("critical",)


def test_a_yaml_file_with_critical_items_loads(write_file):
    text = BASE_YAML.replace(
        "  - key: first\n    kind: yes_no_unknown\n",
        "  - key: first\n    kind: yes_no_unknown\n    critical: true\n",
    ) + ("  - key: critical\n    kind: critical_item\n    text: {nb: Kritisk, en: Critical}\n")
    instrument = load_instrument_file(write_file(text))
    assert instrument.item("first").critical


def test_critical_must_be_true_or_false():
    data = base()
    data["items"][0]["critical"] = "yes"
    assert ("$.items[0].critical", "Expected true or false, found text (yes).") in problems_of(data)


def test_a_scale_item_cannot_be_critical():
    data = base()
    data["scoring"]["method"] = "weighted_sum"
    data["items"][0] = {
        "key": "first",
        "kind": "scale",
        "text": {"nb": "Skala", "en": "Scale"},
        "scale": {"min": 0, "max": 1},
        "critical": True,
    }
    data["qualification"].append(dict(CRITICAL_RULE))
    paths = dict(problems_of(data))
    assert paths["$.items[0].critical"].startswith("Only yes/no/unknown items can be critical")


def test_critical_items_without_a_critical_item_rule_are_refused():
    paths = dict(problems_of(with_critical(base(), rule=False)))
    assert "no qualification rule of kind “critical_item”" in paths["$.items[0].critical"]


def test_a_critical_item_rule_without_critical_items_is_refused():
    data = base()
    data["qualification"].append(dict(CRITICAL_RULE))
    paths = dict(problems_of(data))
    assert paths["$.qualification[3].kind"] == (
        "The rule “critical” needs at least one item marked “critical: true”."
    )


def test_a_critical_item_rule_names_no_band():
    data = with_critical(base())
    data["qualification"][-1]["band"] = "high"
    paths = dict(problems_of(data))
    assert "whatever the band; remove the band" in paths["$.qualification[3].band"]


def test_an_unknown_rule_kind_is_still_refused_by_the_schema():
    data = base()
    data["qualification"].append({**CRITICAL_RULE, "kind": "critical_items"})
    (path, message), *_ = problems_of(data)
    assert path == "$.qualification[3].kind"
    assert "critical_item" in message and "is not allowed here" in message


def test_messages_about_critical_items_are_in_bokmal_too():
    data = with_critical(base(), rule=False)
    with translation.override("nb"), pytest.raises(InstrumentError) as caught:
        parse_instrument(data)
    message = caught.value.problems[0].message
    assert "critical_item" in message and "kritisk" in message
