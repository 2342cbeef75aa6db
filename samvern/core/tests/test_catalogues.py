"""The catalogue kit on a catalogue of its own: a schema, a build function with one rule
the schema cannot state, and files with each kind of mistake. What a new catalogue
(checklists, legal duties, indicator definitions) gets for a schema and a few lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from samvern.core.catalogues import (
    TEXT_SCHEMA,
    Catalogue,
    Document,
    InvalidCatalogueFile,
    Report,
    check_text,
    text_in,
)

SCHEMA = {
    "type": "object",
    "required": ["key", "version", "title"],
    "additionalProperties": False,
    "properties": {
        "key": {"type": "string"},
        "version": {"type": "string"},
        "title": TEXT_SCHEMA,
        "steps": {"type": "array", "items": {"type": "string"}},
    },
}


class Checklist:
    def __init__(self, key: str, version: str, title: dict[str, str]) -> None:
        self.key = key
        self.version = version
        self.title = title


def _build(document: Document, report: Report) -> Checklist | None:
    data = document.data
    title = data["title"]
    assert isinstance(title, dict)
    check_text(title, ("title",), report)  # type: ignore[arg-type]
    steps = data.get("steps", [])
    assert isinstance(steps, list)
    if len(set(steps)) != len(steps):
        report.add(("steps",), "A step is listed twice.")
    if report.problems:
        return None
    return Checklist(str(data["key"]), str(data["version"]), {k: str(v) for k, v in title.items()})


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _catalogue(directory: Path) -> Catalogue[Checklist]:
    return Catalogue(schema=SCHEMA, build=_build, directories=[directory], label="Checklist")


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


VALID = """key: housing
version: "1"
title:
  nb: Bolig
  en: Housing
steps:
  - Ask
  - Refer
"""


def _problems(catalogue: Catalogue[Checklist], path: Path) -> list[str]:
    with pytest.raises(InvalidCatalogueFile) as caught:
        catalogue.load_file(path)
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_file_is_built(tmp_path):
    checklist = _catalogue(tmp_path).load_file(_write(tmp_path, "housing.yaml", VALID))
    assert (checklist.key, checklist.version) == ("housing", "1")
    assert text_in(checklist.title, "en") == "Housing"
    assert text_in(checklist.title, "nn") == "Bolig"  # nynorsk falls back to bokmål


def test_a_yaml_syntax_error_names_the_line(tmp_path):
    path = _write(tmp_path, "broken.yaml", "key: housing\ntitle: [unclosed\n")
    (problem,) = _problems(_catalogue(tmp_path), path)
    assert problem.startswith(f"{path}: line 3, column 1: The file is not valid YAML: ")


def test_a_schema_violation_names_the_line_and_the_path(tmp_path):
    path = _write(tmp_path, "wrong.yaml", VALID.replace("  - Refer\n", "  - 12\n"))
    problems = _problems(_catalogue(tmp_path), path)
    assert problems == [f"{path}: line 8, $.steps[1]: Expected text, found a whole number (12)."]


def test_an_unknown_field_and_a_field_written_twice_are_refused(tmp_path):
    catalogue = _catalogue(tmp_path)
    path = _write(tmp_path, "unknown.yaml", VALID + "colour: red\n")
    assert _problems(catalogue, path) == [
        f"{path}: line 9, $.colour: Unknown field “colour”; check the spelling against the format."
    ]
    twice = _problems(catalogue, _write(tmp_path, "twice.yaml", VALID + "key: again\n"))
    assert len(twice) == 1 and "line 9" in twice[0] and "key" in twice[0], twice


def test_a_missing_translation_is_named(tmp_path):
    path = _write(tmp_path, "half.yaml", VALID.replace("  en: Housing\n", ""))
    assert _problems(_catalogue(tmp_path), path) == [
        f"{path}: line 3, $.title: The required field “en” is missing."
    ]


def test_a_rule_of_the_build_is_reported_at_its_line(tmp_path):
    path = _write(tmp_path, "twice.yaml", VALID.replace("  - Refer\n", "  - Ask\n"))
    assert _problems(_catalogue(tmp_path), path) == [
        f"{path}: line 6, $.steps: A step is listed twice."
    ]


def test_a_scan_keeps_the_valid_files_and_reports_the_others(tmp_path):
    _write(tmp_path, "housing.yaml", VALID)
    _write(tmp_path, "broken.yaml", "key: [\n")
    scan = _catalogue(tmp_path).scan()
    assert [entry.key for entry in scan.entries] == ["housing"]
    assert len(scan.problems) >= 1
    assert all("broken.yaml" in str(problem) for problem in scan.problems)
