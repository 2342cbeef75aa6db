"""Broken instrument files are rejected with a message naming the file, the line and/or
JSON path, and the problem, in the user's language."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from samvern.risk.catalogue import (
    InstrumentError,
    Problem,
    load_instrument_file,
    parse_instrument,
)
from samvern.risk.definitions import ItemKind, ScoringMethod, Subject
from samvern.risk.tests.builders import BASE_YAML


def mutate(*replacements: tuple[str, str], text: str = BASE_YAML) -> str:
    for old, new in replacements:
        assert text.count(old) == 1, f"ambiguous or missing: {old!r}"
        text = text.replace(old, new)
    return text


WEIGHTED = ("method: count_yes", "method: weighted_sum")


@dataclass(frozen=True)
class Broken:
    content: str | bytes
    message: str  # part of the English message that names the problem
    line: int | None
    path: str | None = None
    name: str = "instrument.yaml"


BROKEN_FILES = {
    "bad_yaml_syntax": Broken(
        mutate(("  nb: Prøveskjema", "  nb: [Prøveskjema")),
        "The file is not valid YAML: expected ',' or ']'",
        6,
    ),
    "missing_required_field": Broken(
        mutate(("subject: person_exposed\n", "")),
        "The required field “subject” is missing.",
        1,
        "$",
    ),
    "wrong_type": Broken(
        mutate(("    max: 1\n", "    max: one\n")),
        "Expected a number, found text (one).",
        29,
        "$.bands[0].max",
    ),
    "duplicate_item_key": Broken(
        mutate(("  - key: third", "  - key: first")),
        "The item key “first” is used more than once (first at line 11).",
        21,
        "$.items[2].key",
    ),
    "bands_with_gap": Broken(
        mutate(("    min: 2\n", "    min: 3\n")),
        "There is a gap between the bands “standard” and “high”: the score 2 is in no band.",
        32,
        "$.bands[1].min",
    ),
    "bands_overlapping": Broken(
        mutate(("    min: 2\n", "    min: 1\n")),
        "The bands “standard” and “high” overlap: the score 1 would be in both.",
        32,
        "$.bands[1].min",
    ),
    "bands_overlapping_over_a_range": Broken(
        mutate(("    max: 1\n", "    max: 3\n"), ("    min: 2\n", "    min: 0\n")),
        "The bands “standard” and “high” overlap: scores from 0 to 3 would be in both.",
        32,
        "$.bands[1].min",
    ),
    "bands_not_reaching_the_highest_score": Broken(
        mutate(("    max: 3\n", "    max: 2\n")),
        "No band holds the score 3; the highest possible score is 3.",
        33,
        "$.bands[1].max",
    ),
    "bands_not_starting_at_the_lowest_score": Broken(
        mutate(("    min: 0\n", "    min: 1\n")),
        "No band holds the score 0; the lowest possible score is 0.",
        28,
        "$.bands[0].min",
    ),
    "band_that_can_never_be_reached": Broken(
        mutate(
            ("    min: 2\n    max: 3\n", "    min: 4\n    max: 5\n"),
            ("    max: 1\n", "    max: 3\n"),
        ),
        "The band “high” can never be reached",
        31,
        "$.bands[1]",
    ),
    "band_starting_above_its_end": Broken(
        mutate(("    min: 2\n    max: 3\n", "    min: 3\n    max: 2\n")),
        "The band “high” starts at 3, above its end at 2.",
        31,
        "$.bands[1]",
    ),
    "rule_naming_an_unknown_band": Broken(
        mutate(("    band: high\n    text: {nb: Høy", "    band: severe\n    text: {nb: Høy")),
        "The rule “high_score” names the band “severe”, which this instrument does not have "
        "(its bands: high, standard).",
        38,
        "$.qualification[0].band",
    ),
    "missing_translation": Broken(
        mutate(("      en: Second question\n", "")),
        "The English text (“en”) is missing.",
        18,
        "$.items[1].text",
    ),
    "blank_translation": Broken(
        mutate(("      en: Third question", "      en: '   '")),
        "The English text (“en”) is empty.",
        25,
        "$.items[2].text.en",
    ),
    "empty_text": Broken(
        mutate(("      nb: Andre spørsmål", '      nb: ""')),
        "The text is empty.",
        19,
        "$.items[1].text.nb",
    ),
    "language_code_that_is_not_one": Broken(
        mutate(("      en: Third question", "      english: Third question")),
        "“english” is not a language code",
        25,
        "$.items[2].text.english",
    ),
    "version_written_as_a_number": Broken(
        mutate(('version: "1.0"', "version: 1.0")),
        'The version must be text in quotes, e.g. "1.0"',
        2,
        "$.version",
    ),
    "version_of_the_wrong_form": Broken(
        mutate(('version: "1.0"', 'version: "v1"')),
        "“v1” has the wrong form; write two whole numbers separated by a full stop",
        2,
        "$.version",
    ),
    "instrument_key_of_the_wrong_form": Broken(
        mutate(("key: test-instrument", "key: Test Instrument")),
        "“Test Instrument” has the wrong form",
        1,
        "$.key",
    ),
    "unknown_item_kind": Broken(
        mutate(("  - key: second\n    kind: yes_no_unknown", "  - key: second\n    kind: yesno")),
        "“yesno” is not allowed here; use one of: yes_no_unknown, scale.",
        17,
        "$.items[1].kind",
    ),
    "field_written_twice": Broken(
        mutate(("allow_override: true\n", "allow_override: true\nallow_override: false\n")),
        "The field “allow_override” is written twice (first on line 9).",
        10,
        "$.allow_override",
    ),
    "misspelt_field": Broken(
        mutate(("allow_override: true\n", "allow_override: true\nallow_overide: false\n")),
        "Unknown field “allow_overide”",
        10,
        "$.allow_overide",
    ),
    "scale_item_in_a_count_of_yes": Broken(
        mutate(
            (
                "  - key: first\n    kind: yes_no_unknown\n",
                "  - key: first\n    kind: scale\n    scale: {min: 0, max: 2}\n",
            )
        ),
        "Scale items need the weighted_sum scoring method",
        12,
        "$.items[0].kind",
    ),
    "scale_item_without_a_scale": Broken(
        mutate(
            WEIGHTED,
            ("  - key: first\n    kind: yes_no_unknown\n", "  - key: first\n    kind: scale\n"),
        ),
        "The required field “scale” is missing.",
        11,
        "$.items[0]",
    ),
    "scale_that_does_not_rise": Broken(
        mutate(
            WEIGHTED,
            (
                "  - key: first\n    kind: yes_no_unknown\n",
                "  - key: first\n    kind: scale\n    scale: {min: 2, max: 2}\n",
            ),
        ),
        "The scale minimum (2) must be below its maximum (2).",
        13,
        "$.items[0].scale",
    ),
    "weight_in_a_count_of_yes": Broken(
        mutate(("  - key: first\n", "  - key: first\n    weight: 2\n")),
        "Weights are used only by the weighted_sum scoring method",
        12,
        "$.items[0].weight",
    ),
    "weight_that_is_not_a_number": Broken(
        mutate(WEIGHTED, ("  - key: first\n", "  - key: first\n    weight: heavy\n")),
        "Expected a number, found text (heavy).",
        12,
        "$.items[0].weight",
    ),
    "weight_that_is_not_finite": Broken(
        mutate(WEIGHTED, ("  - key: first\n", "  - key: first\n    weight: .nan\n")),
        "The number must be finite.",
        12,
        "$.items[0].weight",
    ),
    "weight_with_too_many_decimals": Broken(
        mutate(WEIGHTED, ("  - key: first\n", "  - key: first\n    weight: 0.125\n")),
        "0.125 has more than 2 decimals.",
        12,
        "$.items[0].weight",
    ),
    "weights_all_zero": Broken(
        mutate(
            WEIGHTED,
            ("  - key: first\n", "  - key: first\n    weight: 0\n"),
            ("  - key: second\n", "  - key: second\n    weight: 0\n"),
            ("  - key: third\n", "  - key: third\n    weight: 0\n"),
        ),
        "At least one item needs a weight other than 0.",
        10,
        "$.items",
    ),
    "override_rule_without_professional_judgement": Broken(
        mutate(("allow_override: true", "allow_override: false")),
        "The rule “judgement” depends on professional judgement, but the instrument does not "
        "allow it",
        41,
        "$.qualification[1].kind",
    ),
    "lowering_without_override": Broken(
        mutate(
            ("allow_override: true", "allow_override: false\nallow_lowering: true"),
            (
                "  - key: judgement\n    kind: override_at_least\n    band: high\n",
                "  - key: judgement\n    kind: band_at_least\n    band: high\n",
            ),
        ),
        "allow_lowering needs allow_override",
        10,
        "$.allow_lowering",
    ),
    "reserved_item_key": Broken(
        mutate(("  - key: third", "  - key: override_band")),
        "The item key “override_band” is reserved",
        21,
        "$.items[2].key",
    ),
    "anchors_and_aliases": Broken(
        mutate(
            (
                "    label: {nb: Standard, en: Standard}",
                "    label: &same {nb: Standard, en: Standard}",
            ),
            ("    label: {nb: Høy, en: High}", "    label: *same"),
        ),
        "Anchors and aliases (& and *) are not supported",
        30,
    ),
    "two_documents_in_one_file": Broken(
        BASE_YAML + "---\nkey: another\n",
        "The file holds more than one YAML document",
        47,
    ),
    "empty_file": Broken(
        "",
        "The file must hold a mapping of fields (key: value) at the top level, found nothing.",
        None,
        "$",
    ),
    "list_at_the_top_level": Broken("- key: x\n", "at the top level, found a list.", 1, "$"),
    "not_utf8": Broken(b"key: caf\xe9\n", "The file is not UTF-8 text (byte 8).", None),
    "too_large": Broken("#" + "x" * 600_000 + "\n", "The file is too large", None),
    "nested_too_deeply": Broken(
        "key: " + "[" * 5000 + "]" * 5000 + "\n", "The file is nested too deeply", None
    ),
    "json_syntax_error": Broken(
        '{\n  "key": "test-instrument",\n  "version": "1.0"\n  "subject": "person_exposed"\n}\n',
        "The file is not valid JSON: Expecting ',' delimiter.",
        4,
        name="instrument.json",
    ),
    "json_duplicate_item_key": Broken(
        json.dumps(yaml.safe_load(mutate(("  - key: third", "  - key: first"))), indent=2),
        "The item key “first” is used more than once",
        None,  # asserted separately: JSON files get lines where they can be mapped
        "$.items[2].key",
        name="instrument.json",
    ),
}


@pytest.fixture
def load_broken(write_file: Callable[..., Path]) -> Callable[[Broken], tuple[Path, list[Problem]]]:
    def _load(case: Broken) -> tuple[Path, list[Problem]]:
        path = write_file(case.content, name=case.name)
        with translation.override("en"), pytest.raises(InstrumentError) as caught:
            load_instrument_file(path)
        return path, caught.value.problems

    return _load


@pytest.mark.parametrize("case_name", list(BROKEN_FILES))
def test_it_rejects_a_broken_file_naming_file_line_path_and_problem(case_name, load_broken):
    case = BROKEN_FILES[case_name]
    path, problems = load_broken(case)
    matching = [problem for problem in problems if case.message in problem.message]
    assert matching, f"no problem says {case.message!r}; got {[str(p) for p in problems]}"
    problem = matching[0]
    assert problem.file == str(path)
    assert str(path) in str(problem)
    if case.line is not None:
        assert problem.line == case.line, str(problem)
        assert f"line {case.line}" in problem.location
    if case.path is not None:
        assert problem.path == case.path
        assert case.path in problem.location


def test_it_maps_json_paths_to_lines_in_json_files(write_file):
    data = yaml.safe_load(mutate(("  - key: third", "  - key: first")))
    content = json.dumps(data, indent=2)
    path = write_file(content, name="instrument.json")
    with translation.override("en"), pytest.raises(InstrumentError) as caught:
        load_instrument_file(path)
    (problem,) = caught.value.problems
    expected_line = next(
        number
        for number, line in enumerate(content.splitlines(), start=1)
        if '"key": "first"' in line and number > 20
    )
    assert problem.line == expected_line
    assert problem.location == f"line {expected_line}, $.items[2].key"


def test_it_reports_every_problem_in_a_file_at_once(write_file):
    content = mutate(
        ("  - key: third", "  - key: first"),
        ("      en: Second question\n", ""),
        ("    min: 2\n", "    min: 3\n"),
        ("    band: high\n    text: {nb: Høy", "    band: severe\n    text: {nb: Høy"),
    )
    with translation.override("en"), pytest.raises(InstrumentError) as caught:
        load_instrument_file(write_file(content))
    messages = " | ".join(problem.message for problem in caught.value.problems)
    assert "used more than once" in messages
    assert "English text" in messages
    assert "gap between the bands" in messages
    assert "“severe”" in messages
    assert len(caught.value.problems) == 4


@pytest.mark.parametrize(
    ("case_name", "message"),
    [
        ("bands_with_gap", "Det er et hull mellom nivåene «standard» og «high»"),
        ("missing_translation", "Teksten på engelsk («en») mangler."),
        ("duplicate_item_key", "Spørsmålsnøkkelen «first» er brukt mer enn én gang"),
        ("rule_naming_an_unknown_band", "Regelen «high_score» viser til nivået «severe»"),
        ("missing_required_field", "Det påkrevde feltet «subject» mangler."),
        ("bad_yaml_syntax", "Filen er ikke gyldig YAML"),
    ],
)
def test_it_gives_messages_in_norwegian_bokmal(case_name, message, write_file):
    case = BROKEN_FILES[case_name]
    path = write_file(case.content, name=case.name)
    with translation.override("nb"), pytest.raises(InstrumentError) as caught:
        load_instrument_file(path)
    problems = caught.value.problems
    assert any(message in problem.message for problem in problems), [str(p) for p in problems]
    if case.line is not None:
        assert any(f"linje {case.line}" in problem.location for problem in problems)


def test_it_loads_the_valid_base_file_with_its_parts(write_file):
    instrument = load_instrument_file(write_file())
    assert (instrument.key, instrument.version) == ("test-instrument", "1.0")
    assert instrument.subject == Subject.PERSON_EXPOSED
    assert [item.key for item in instrument.items] == ["first", "second", "third"]
    assert all(item.kind == ItemKind.YES_NO_UNKNOWN for item in instrument.items)
    assert instrument.scoring.method == ScoringMethod.COUNT_YES
    assert (instrument.scoring.min_score, instrument.scoring.max_score) == (0, 3)
    assert [(band.key, band.rank) for band in instrument.bands] == [("standard", 0), ("high", 1)]
    assert instrument.allow_override and not instrument.allow_lowering
    assert [rule.key for rule in instrument.qualification] == ["high_score", "judgement", "repeat"]
    assert instrument.title_in("en") == "Test form"
    assert instrument.title_in("nb-no") == "Prøveskjema"
    assert instrument.title_in("se") == "Prøveskjema"  # falls back to bokmål
    assert len(instrument.fingerprint) == 64


def test_it_accepts_the_same_instrument_as_json(write_file):
    content = json.dumps(yaml.safe_load(BASE_YAML), ensure_ascii=False, indent=2)
    from_json = load_instrument_file(write_file(content, name="instrument.json"))
    from_yaml = load_instrument_file(write_file(BASE_YAML))
    assert from_json.items == from_yaml.items
    assert from_json.bands == from_yaml.bands


def test_it_orders_bands_by_score_whatever_the_file_order(write_file):
    content = mutate(
        (
            "  - key: standard\n    min: 0\n    max: 1\n    label: {nb: Standard, en: Standard}\n"
            "  - key: high\n    min: 2\n    max: 3\n    label: {nb: Høy, en: High}\n",
            "  - key: high\n    min: 2\n    max: 3\n    label: {nb: Høy, en: High}\n"
            "  - key: standard\n    min: 0\n    max: 1\n    label: {nb: Standard, en: Standard}\n",
        )
    )
    instrument = load_instrument_file(write_file(content))
    assert [band.key for band in instrument.bands] == ["standard", "high"]


def test_it_validates_already_parsed_data_with_json_paths():
    data = yaml.safe_load(mutate(("    min: 2\n", "    min: 3\n")))
    with translation.override("en"), pytest.raises(InstrumentError) as caught:
        parse_instrument(data, file="inline")
    (problem,) = caught.value.problems
    assert problem.file == "inline"
    assert problem.location == "$.bands[1].min"
    assert problem.line is None


def test_the_decimal_step_of_weighted_scores_decides_what_a_gap_is(write_file):
    content = mutate(
        WEIGHTED,
        ("  - key: first\n", "  - key: first\n    weight: 0.5\n"),
        ("    max: 1\n", "    max: 1.5\n"),
        ("    min: 2\n", "    min: 2\n"),
        ("    max: 3\n", "    max: 2.5\n"),
    )
    instrument = load_instrument_file(write_file(content))
    assert instrument.scoring.step == pytest.approx(0.5)
    assert instrument.scoring.max_score == 2.5

    # With half points possible, 1.5 → 2 is contiguous, 1 → 2 leaves 1.5 uncovered.
    gap = content.replace("    max: 1.5\n", "    max: 1\n")
    with translation.override("en"), pytest.raises(InstrumentError) as caught:
        load_instrument_file(write_file(gap, name="gap.yaml"))
    assert "the score 1.5 is in no band" in caught.value.problems[0].message
