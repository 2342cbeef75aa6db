"""Broken template files are rejected with a message naming the file, the line and the
JSON path, and the problem, in the user's language: forty kinds of mistake, each with its
message in full."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from samvern.checklists.catalogue import TemplateError, load_template_file
from samvern.checklists.template import Agency
from samvern.checklists.tests.builders import BASE_YAML, mutate
from samvern.core.catalogues import Problem


@dataclass(frozen=True)
class Broken:
    content: str | bytes
    message: str  # the English message, in full unless it quotes a parser's own words
    line: int | None
    path: str | None = None
    name: str = "template.yaml"


SECOND_WHEN = "    when:\n      children: true\n      risk_band: [high]\n"
ORDER = "      order: [crisis_centre, police]\n"

BROKEN_FILES: dict[str, Broken] = {
    # The file itself
    "bad_yaml_syntax": Broken(
        mutate(("  nb: Prøveliste", "  nb: [Prøveliste")),
        "The file is not valid YAML: expected ',' or ']', but got ':'. The unfinished part "
        "begins on line 5.",
        6,
    ),
    "two_documents_in_one_file": Broken(
        BASE_YAML + "---\nkey: another\n",
        "The file holds more than one YAML document; keep one document per file.",
        32,
    ),
    "anchors_and_aliases": Broken(
        mutate(
            (
                "    text:\n      nb: Første plikt\n      en: First duty\n",
                "    text: &same\n      nb: Første plikt\n      en: First duty\n",
            ),
            ("    text:\n      nb: Tredje plikt\n      en: Third duty\n", "    text: *same\n"),
        ),
        "Anchors and aliases (& and *) are not supported in catalogue files.",
        12,
    ),
    "field_written_twice": Broken(
        mutate(("agency: police\n", "agency: police\nagency: health\n")),
        "The field “agency” is written twice (first on line 3).",
        4,
        "$.agency",
    ),
    "empty_file": Broken(
        "",
        "The file must hold a mapping of fields (key: value) at the top level, found nothing.",
        None,
        "$",
    ),
    "list_at_the_top_level": Broken(
        "- key: x\n",
        "The file must hold a mapping of fields (key: value) at the top level, found a list.",
        1,
        "$",
    ),
    "not_utf8": Broken(b"key: caf\xe9\n", "The file is not UTF-8 text (byte 8).", None),
    "too_large": Broken(
        "#" + "x" * 300_000 + "\n",
        "The file is too large (300002 bytes; at most 262144).",
        None,
    ),
    "json_syntax_error": Broken(
        '{\n  "key": "test-duties",\n  "version": "1.0"\n  "agency": "police"\n}\n',
        "The file is not valid JSON: Expecting ',' delimiter.",
        4,
        name="template.json",
    ),
    # Required fields and types
    "missing_key": Broken(
        mutate(("key: test-duties\n", "")), "The required field “key” is missing.", 1, "$"
    ),
    "missing_version": Broken(
        mutate(('version: "1.0"\n', "")), "The required field “version” is missing.", 1, "$"
    ),
    "missing_agency": Broken(
        mutate(("agency: police\n", "")), "The required field “agency” is missing.", 1, "$"
    ),
    "missing_title": Broken(
        mutate(("title:\n  nb: Prøveliste\n  en: Test list\n", "")),
        "The required field “title” is missing.",
        1,
        "$",
    ),
    "missing_items": Broken(
        BASE_YAML.split("items:\n")[0],
        "The required field “items” is missing.",
        1,
        "$",
    ),
    "no_items": Broken(
        BASE_YAML.split("items:\n")[0] + "items: []\n",
        "The list needs at least 1 entries.",
        10,
        "$.items",
    ),
    "items_not_a_list": Broken(
        BASE_YAML.split("items:\n")[0] + "items: first\n",
        "Expected a list, found text (first).",
        10,
        "$.items",
    ),
    "title_not_a_mapping": Broken(
        mutate(("title:\n  nb: Prøveliste\n  en: Test list\n", "title: Prøveliste\n")),
        "Expected a mapping of fields, found text (Prøveliste).",
        4,
        "$.title",
    ),
    "item_without_text": Broken(
        mutate(("    text:\n      nb: Første plikt\n      en: First duty\n", "")),
        "The required field “text” is missing.",
        11,
        "$.items[0]",
    ),
    "item_key_that_is_a_number": Broken(
        mutate(("  - key: first\n", "  - key: 12\n")),
        "Expected text, found a whole number (12).",
        11,
        "$.items[0].key",
    ),
    # Values of the wrong form
    "unknown_agency": Broken(
        mutate(("agency: police\n", "agency: fire_brigade\n")),
        "“fire_brigade” is not allowed here; use one of: police, health, child_welfare, "
        "social_services, crisis_centre, generic.",
        3,
        "$.agency",
    ),
    "version_written_as_a_number": Broken(
        mutate(('version: "1.0"', "version: 1.0")),
        'The version must be text in quotes, e.g. "1.0"; without quotes 1.0 is read as a number.',
        2,
        "$.version",
    ),
    "version_of_the_wrong_form": Broken(
        mutate(('version: "1.0"', 'version: "v1"')),
        "“v1” has the wrong form; write two whole numbers separated by a full stop, in quotes, "
        'e.g. "1.0".',
        2,
        "$.version",
    ),
    "template_key_of_the_wrong_form": Broken(
        mutate(("key: test-duties", "key: Test Duties")),
        "“Test Duties” has the wrong form; write lower-case letters a–z, digits, hyphens and "
        "underscores, starting with a letter.",
        1,
        "$.key",
    ),
    "item_key_of_the_wrong_form": Broken(
        mutate(("  - key: first\n", "  - key: First-Duty\n")),
        "“First-Duty” has the wrong form; write lower-case letters a–z, digits and "
        "underscores, starting with a letter.",
        11,
        "$.items[0].key",
    ),
    "duty_key_of_the_wrong_form": Broken(
        mutate(("      duty: third_duty\n", "      duty: third duty\n")),
        "“third duty” has the wrong form; write lower-case letters a–z, digits and "
        "underscores, starting with a letter.",
        27,
        "$.items[2].sole_holder.duty",
    ),
    "text_too_long": Broken(
        mutate(("      en: First duty\n", "      en: " + "x" * 1001 + "\n")),
        "The text is longer than 1000 characters.",
        14,
        "$.items[0].text.en",
    ),
    # Texts and translations
    "missing_translation": Broken(
        mutate(("      en: Second duty\n", "")),
        "The English text (“en”) is missing.",
        19,
        "$.items[1].text",
    ),
    "missing_bokmal_help": Broken(
        mutate(("      nb: Hjelp\n", "")),
        "The Norwegian bokmål text (“nb”) is missing.",
        22,
        "$.items[1].help",
    ),
    "missing_title_translation": Broken(
        mutate(("  en: Test list\n", "")),
        "The English text (“en”) is missing.",
        4,
        "$.title",
    ),
    "blank_translation": Broken(
        mutate(("      en: Third duty", "      en: '   '")),
        "The English text (“en”) is empty.",
        31,
        "$.items[2].text.en",
    ),
    "empty_text": Broken(
        mutate(("      nb: Andre plikt", '      nb: ""')),
        "The text is empty.",
        20,
        "$.items[1].text.nb",
    ),
    "language_code_that_is_not_one": Broken(
        mutate(("      en: Third duty", "      english: Third duty")),
        "“english” is not a language code (two or three lower-case letters, e.g. nb).",
        31,
        "$.items[2].text.english",
    ),
    # Unknown fields
    "misspelt_top_level_field": Broken(
        mutate(("agency: police\n", "agency: police\nagnecy: health\n")),
        "Unknown field “agnecy”; check the spelling against the format.",
        4,
        "$.agnecy",
    ),
    "misspelt_item_field": Broken(
        mutate(("  - key: first\n", "  - key: first\n    hlep: {nb: Hjelp, en: Help}\n")),
        "Unknown field “hlep”; check the spelling against the format.",
        12,
        "$.items[0].hlep",
    ),
    # Conditions
    "unknown_condition": Broken(
        mutate(("      children: true\n", "      children_present: true\n")),
        "Unknown field “children_present”; check the spelling against the format.",
        17,
        "$.items[1].when.children_present",
    ),
    "condition_that_is_not_true_or_false": Broken(
        mutate(("      children: true\n", "      children: maybe\n")),
        "Expected true or false, found text (maybe).",
        17,
        "$.items[1].when.children",
    ),
    "custody_condition_written_as_text": Broken(
        mutate((SECOND_WHEN, '    when:\n      custody_release: "true"\n')),
        "Expected true or false, found text (true).",
        17,
        "$.items[1].when.custody_release",
    ),
    "empty_conditions": Broken(
        mutate((SECOND_WHEN, "    when: {}\n")),
        "Give at least one condition, or leave out “when”.",
        16,
        "$.items[1].when",
    ),
    "risk_band_that_is_not_a_list": Broken(
        mutate(("      risk_band: [high]\n", "      risk_band: high\n")),
        "Expected a list, found text (high).",
        18,
        "$.items[1].when.risk_band",
    ),
    "risk_band_list_that_is_empty": Broken(
        mutate(("      risk_band: [high]\n", "      risk_band: []\n")),
        "The list needs at least 1 entries.",
        18,
        "$.items[1].when.risk_band",
    ),
    "risk_band_that_no_instrument_has": Broken(
        mutate(("      risk_band: [high]\n", "      risk_band: [severe]\n")),
        "The risk band “severe” is not a band of any risk instrument (the bands: high, "
        "low, medium, moderate, standard).",
        18,
        "$.items[1].when.risk_band[0]",
    ),
    "risk_band_named_twice": Broken(
        mutate(("      risk_band: [high]\n", "      risk_band: [high, medium, high]\n")),
        "The risk band “high” is named twice in this condition.",
        18,
        "$.items[1].when.risk_band[2]",
    ),
    # Sole holders
    "sole_holder_without_a_duty": Broken(
        mutate(("      duty: third_duty\n", "")),
        "The required field “duty” is missing.",
        26,
        "$.items[2].sole_holder",
    ),
    "sole_holder_without_an_order": Broken(
        mutate((ORDER, "")),
        "The required field “order” is missing.",
        26,
        "$.items[2].sole_holder",
    ),
    "order_with_one_agency": Broken(
        mutate((ORDER, "      order: [police]\n")),
        "The list needs at least 2 entries.",
        28,
        "$.items[2].sole_holder.order",
    ),
    "order_naming_an_unknown_agency": Broken(
        mutate((ORDER, "      order: [police, fire_brigade]\n")),
        "“fire_brigade” is not allowed here; use one of: police, health, child_welfare, "
        "social_services, crisis_centre, generic.",
        28,
        "$.items[2].sole_holder.order[1]",
    ),
    "order_naming_an_agency_twice": Broken(
        mutate((ORDER, "      order: [police, crisis_centre, police]\n")),
        "The agency “police” is listed twice in the order.",
        28,
        "$.items[2].sole_holder.order[2]",
    ),
    "order_without_the_templates_own_agency": Broken(
        mutate((ORDER, "      order: [crisis_centre, health]\n")),
        "The order must include this template's own agency, “police”: otherwise the duty "
        "could never fall to it.",
        28,
        "$.items[2].sole_holder.order",
    ),
    # Keys used twice
    "item_key_used_twice": Broken(
        mutate(("  - key: third", "  - key: first")),
        "The checklist item key “first” is used more than once (first at line 11).",
        25,
        "$.items[2].key",
    ),
    "duty_held_by_two_items": Broken(
        mutate(
            (
                "  - key: first\n",
                "  - key: first\n    sole_holder: {duty: third_duty, order: [police, health]}\n",
            )
        ),
        "The duty “third_duty” is already held by another item (line 12); a template holds "
        "each duty once.",
        28,
        "$.items[2].sole_holder.duty",
    ),
}


def test_there_are_at_least_forty_kinds_of_broken_file():
    assert len(BROKEN_FILES) >= 40


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    def _write(content: str | bytes = BASE_YAML, *, name: str = "template.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def _problems(path: Path, language: str = "en") -> list[Problem]:
    with translation.override(language), pytest.raises(TemplateError) as caught:
        load_template_file(path)
    return caught.value.problems


@pytest.mark.parametrize("case_name", list(BROKEN_FILES))
def test_it_rejects_a_broken_file_naming_file_line_path_and_problem(case_name, write_file):
    case = BROKEN_FILES[case_name]
    path = write_file(case.content, name=case.name)
    problems = _problems(path)
    matching = [problem for problem in problems if problem.message == case.message]
    assert matching, f"no problem says {case.message!r}; got {[str(p) for p in problems]}"
    problem = matching[0]
    assert problem.file == str(path)
    assert str(problem).startswith(f"{path}: ")
    if case.line is not None:
        assert problem.line == case.line, str(problem)
        assert f"line {case.line}" in problem.location
    else:
        assert problem.line is None, str(problem)
    if case.path is not None:
        assert problem.path == case.path, str(problem)
        assert problem.location.endswith(case.path)


def test_it_reports_every_problem_in_a_file_at_once(write_file):
    content = mutate(
        ("  - key: third", "  - key: first"),
        ("      en: Second duty\n", ""),
        ("      risk_band: [high]\n", "      risk_band: [severe]\n"),
        (ORDER, "      order: [crisis_centre, health]\n"),
    )
    problems = _problems(write_file(content))
    assert [(problem.line, problem.path) for problem in problems] == [
        (19, "$.items[1].text"),
        (18, "$.items[1].when.risk_band[0]"),
        (27, "$.items[2].sole_holder.order"),
        (24, "$.items[2].key"),
    ]


@pytest.mark.parametrize(
    ("case_name", "message"),
    [
        ("missing_translation", "Teksten på engelsk («en») mangler."),
        ("missing_agency", "Det påkrevde feltet «agency» mangler."),
        ("risk_band_that_no_instrument_has", "Risikonivået «severe» finnes ikke"),
        ("order_without_the_templates_own_agency", "Rekkefølgen må ta med malens egen"),
        ("item_key_used_twice", "Sjekklistepunktet «first» er brukt mer enn én gang"),
        ("bad_yaml_syntax", "Filen er ikke gyldig YAML"),
    ],
)
def test_it_gives_messages_in_norwegian_bokmal(case_name, message, write_file):
    case = BROKEN_FILES[case_name]
    problems = _problems(write_file(case.content, name=case.name), "nb")
    assert any(message in problem.message for problem in problems), [str(p) for p in problems]
    if case.line is not None:
        assert any(f"linje {case.line}" in problem.location for problem in problems)


def test_it_loads_the_valid_base_file_with_its_parts(write_file):
    template = load_template_file(write_file())
    assert (template.key, template.version, template.agency) == ("test-duties", "1.0", "police")
    assert [item.key for item in template.items] == ["first", "second", "third"]
    second, third = template.items[1], template.items[2]
    assert second.when.children is True
    assert second.when.risk_band == ("high",)
    assert second.help_in("en") == "Help"
    assert third.sole_holder is not None
    assert third.sole_holder.order == (Agency.CRISIS_CENTRE, Agency.POLICE)
    assert template.title_in("nb-no") == "Prøveliste"
    assert template.title_in("se") == "Prøveliste"  # falls back to bokmål
    assert len(template.fingerprint) == 64


def test_it_accepts_the_same_template_as_json(write_file):
    content = json.dumps(yaml.safe_load(BASE_YAML), ensure_ascii=False, indent=2)
    from_json = load_template_file(write_file(content, name="template.json"))
    from_yaml = load_template_file(write_file(BASE_YAML))
    assert from_json.items == from_yaml.items


def test_json_files_get_lines_for_their_problems(write_file):
    data = yaml.safe_load(mutate(("      risk_band: [high]\n", "      risk_band: [severe]\n")))
    content = json.dumps(data, indent=2)
    (problem,) = _problems(write_file(content, name="template.json"))
    expected = next(n for n, line in enumerate(content.splitlines(), 1) if '"severe"' in line)
    assert problem.line == expected
    assert problem.location == f"line {expected}, $.items[1].when.risk_band[0]"
