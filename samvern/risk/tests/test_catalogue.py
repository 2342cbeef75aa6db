"""The catalogue: shipped and licensed directories, newest versions, skipping and logging
invalid files, and the per-process cache."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from samvern.risk import catalogue
from samvern.risk.catalogue import (
    InstrumentNotFound,
    all_instruments,
    available_instruments,
    get_instrument,
    scan_catalogue,
)
from samvern.risk.definitions import ItemKind, ScoringMethod, Subject
from samvern.risk.tests.builders import BASE_YAML

EXPOSED = "samvern-screening-exposed"
USING_VIOLENCE = "samvern-screening-using-violence"


def versioned(version: str, title: str = "Test form") -> str:
    return BASE_YAML.replace('version: "1.0"', f'version: "{version}"').replace(
        "en: Test form", f"en: {title}"
    )


@pytest.fixture
def licensed(tmp_path: Path) -> Path:
    directory = tmp_path / "licensed"
    directory.mkdir()
    return directory


def test_the_shipped_instruments_are_valid_and_cover_both_subjects():
    scan = scan_catalogue([catalogue.SHIPPED_DIR])
    assert scan.problems == []
    assert {(i.key, i.version) for i in scan.instruments} == {
        (EXPOSED, "1.0"),
        (EXPOSED, "1.1"),
        (USING_VIOLENCE, "1.0"),
        (USING_VIOLENCE, "1.1"),
    }
    exposed = get_instrument(EXPOSED)
    assert exposed.subject == Subject.PERSON_EXPOSED
    assert 15 <= len(exposed.items) <= 20
    assert exposed.scoring.method == ScoringMethod.COUNT_YES
    using = get_instrument(USING_VIOLENCE)
    assert using.subject == Subject.PERSON_USING_VIOLENCE
    assert using.scoring.method == ScoringMethod.WEIGHTED_SUM
    assert any(item.kind == ItemKind.SCALE for item in using.items)
    for instrument in (exposed, using):
        assert instrument.allow_override and not instrument.allow_lowering
        assert {rule.kind for rule in instrument.qualification} == {
            "band_at_least",
            "override_at_least",
            "repeat_within_12_months",
            "critical_item",
        }
    # 1.1 marks threats to kill, strangulation and weapon access as critical on their own.
    assert {item.key for item in exposed.critical_items} == {
        "threats_to_kill",
        "neck_pressure",
        "weapon_access",
    }
    assert {item.key for item in using.critical_items} == {
        "death_threats",
        "neck_pressure",
        "weapon_access",
    }
    # The published 1.0 files keep their meaning: stored assessments name them.
    assert not get_instrument(EXPOSED, "1.0").critical_items


def test_available_instruments_can_be_limited_to_one_subject():
    assert [i.key for i in available_instruments("person_exposed")] == [EXPOSED]
    assert [i.key for i in available_instruments(Subject.PERSON_USING_VIOLENCE)] == [USING_VIOLENCE]
    assert {i.key for i in available_instruments()} == {EXPOSED, USING_VIOLENCE}
    with pytest.raises(ValueError, match="unknown subject"):
        available_instruments("victim")


def test_licensed_directories_add_instruments_and_the_newest_version_wins(licensed):
    for version in ("1.0", "1.2", "1.10"):
        (licensed / f"test-{version}.yaml").write_text(versioned(version, f"Form {version}"))
    with override_settings(RISK_INSTRUMENT_DIRS=[str(licensed)]):
        assert get_instrument("test-instrument").version == "1.10"  # not "1.2"
        assert get_instrument("test-instrument", "1.2").title_in("en") == "Form 1.2"
        latest = [i for i in available_instruments() if i.key == "test-instrument"]
        assert [i.version for i in latest] == ["1.10"]
        assert [i.version for i in all_instruments() if i.key == "test-instrument"] == [
            "1.10",
            "1.2",
            "1.0",
        ]
    with pytest.raises(InstrumentNotFound):
        get_instrument("test-instrument")  # not configured any more


def test_an_unknown_key_or_version_is_a_lookup_error():
    with pytest.raises(InstrumentNotFound):
        get_instrument("no-such-instrument")
    with pytest.raises(LookupError):
        get_instrument(EXPOSED, "7.0")


def test_invalid_licensed_files_are_skipped_and_logged(licensed, caplog):
    (licensed / "good.yaml").write_text(BASE_YAML)
    (licensed / "broken.yaml").write_text(BASE_YAML.replace("    min: 2\n", "    min: 3\n"))
    (licensed / "notes.txt").write_text("not an instrument")
    with override_settings(RISK_INSTRUMENT_DIRS=[str(licensed)]), translation.override("en"):
        caplog.set_level(logging.ERROR, logger="samvern.risk")
        keys = {i.key for i in available_instruments()}
        scan = scan_catalogue()
        available_instruments()  # a second read logs nothing new: the result is cached
    assert keys == {EXPOSED, USING_VIOLENCE, "test-instrument"}
    assert scan.files == 6  # four shipped, two licensed; notes.txt is ignored
    (problem,) = scan.problems
    assert problem.file == str(licensed / "broken.yaml")
    assert "gap between the bands" in problem.message
    logged = [record.getMessage() for record in caplog.records]
    assert len(logged) == 1
    assert "broken.yaml" in logged[0] and "line 32" in logged[0]


def test_a_missing_directory_is_reported_and_the_rest_still_loads(tmp_path):
    missing = tmp_path / "nowhere"
    with override_settings(RISK_INSTRUMENT_DIRS=[str(missing)]), translation.override("en"):
        scan = scan_catalogue()
    assert {i.key for i in scan.instruments} == {EXPOSED, USING_VIOLENCE}
    (problem,) = scan.problems
    assert problem.file == str(missing)
    assert "does not exist" in problem.message


def test_a_version_defined_twice_keeps_the_first_and_reports_the_second(licensed):
    shipped = catalogue.SHIPPED_DIR / "samvern-screening-exposed-1.0.yaml"
    (licensed / "copy.yaml").write_text(shipped.read_text().replace("nb: Samvern-", "nb: Kopi "))
    with override_settings(RISK_INSTRUMENT_DIRS=[str(licensed)]), translation.override("en"):
        scan = scan_catalogue()
        instrument = get_instrument(EXPOSED, "1.0")
    assert instrument.source_path == shipped
    (problem,) = scan.problems
    assert problem.file == str(licensed / "copy.yaml")
    assert "already defined in" in problem.message and str(shipped) in problem.message


def test_loaded_files_are_cached_until_they_change(licensed):
    path = licensed / "test.yaml"
    path.write_text(BASE_YAML)
    with override_settings(RISK_INSTRUMENT_DIRS=[str(licensed)]):
        first = get_instrument("test-instrument")
        assert get_instrument("test-instrument") is first

        path.write_text(versioned("1.0", "Edited title"))
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        edited = get_instrument("test-instrument")
        assert edited is not first
        assert edited.title_in("en") == "Edited title"
        assert edited.fingerprint != first.fingerprint

        path.write_text(BASE_YAML.replace("subject: person_exposed\n", ""))
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
        with pytest.raises(InstrumentNotFound):
            get_instrument("test-instrument")

        path.unlink()
        with pytest.raises(InstrumentNotFound):
            get_instrument("test-instrument")


def test_an_unexpected_failure_on_one_file_is_reported_and_the_rest_still_loads(
    licensed, monkeypatch, caplog
):
    (licensed / "odd.yaml").write_text(BASE_YAML)
    real_load = catalogue.load_instrument_file

    def failing_load(path):
        if Path(path).name == "odd.yaml":
            raise RuntimeError("simulated failure")
        return real_load(path)

    monkeypatch.setattr(catalogue, "load_instrument_file", failing_load)
    with override_settings(RISK_INSTRUMENT_DIRS=[str(licensed)]), translation.override("en"):
        scan = scan_catalogue()
    assert {i.key for i in scan.instruments} == {EXPOSED, USING_VIOLENCE}
    (problem,) = scan.problems
    assert problem.file == str(licensed / "odd.yaml")
    assert "unexpected error (RuntimeError)" in problem.message
    assert "simulated failure" in caplog.text
