"""manage.py validate_instruments: lists every problem and exits non-zero when any."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from samvern.risk.tests.builders import BASE_YAML

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> str:
    out = StringIO()
    call_command("validate_instruments", *args, stdout=out)
    return out.getvalue()


def test_the_shipped_instruments_pass():
    output = run("--language", "en")
    assert "samvern-screening-exposed version 1.0, 18 questions" in output
    assert "samvern-screening-exposed version 1.1, 18 questions" in output
    assert "Files checked: 4. Valid instruments: 4. Problems: 0." in output


def test_every_problem_in_a_configured_directory_is_printed_and_the_command_fails(tmp_path):
    (tmp_path / "gap.yaml").write_text(BASE_YAML.replace("    min: 2\n", "    min: 3\n"))
    (tmp_path / "untranslated.yaml").write_text(
        BASE_YAML.replace("      en: Second question\n", "")
    )
    out = StringIO()
    with (
        override_settings(RISK_INSTRUMENT_DIRS=[str(tmp_path)]),
        pytest.raises(CommandError) as caught,
    ):
        call_command("validate_instruments", "--language", "en", stdout=out)
    output = out.getvalue()
    assert f"{tmp_path / 'gap.yaml'}: line 32, $.bands[1].min: There is a gap" in output
    assert (
        f"{tmp_path / 'untranslated.yaml'}: line 18, $.items[1].text: "
        "The English text (“en”) is missing." in output
    )
    assert "Files checked: 6. Valid instruments: 4. Problems: 2." in str(caught.value)


def test_files_named_on_the_command_line_are_checked_in_bokmal_by_default(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        BASE_YAML.replace("    band: high\n    text: {nb: Høy", "    band: x\n    text: {nb: Høy")
    )
    good = tmp_path / "good.yaml"
    good.write_text(BASE_YAML)
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("validate_instruments", str(good), str(broken), stdout=out)
    output = out.getvalue()
    assert f"{good}: test-instrument versjon 1.0, 3 spørsmål" in output
    assert f"{broken}: linje 38, $.qualification[0].band: Regelen «high_score» viser" in output
    assert "Filer kontrollert: 2. Gyldige instrumenter: 1. Problemer: 1." in str(caught.value)


def test_the_same_version_in_two_named_files_is_reported(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(BASE_YAML)
    second.write_text(BASE_YAML)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "validate_instruments", str(first), str(second), "--language", "en", stdout=out
        )
    assert f"{second}: $.version: The instrument “test-instrument” version 1.0 is already" in (
        out.getvalue()
    )


def test_it_exits_non_zero_from_the_shell(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    completed = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "validate_instruments", str(broken), "--language", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert f"{broken}: line 1, column 2: The file is not valid JSON" in completed.stdout
    assert "Files checked: 1. Valid instruments: 0. Problems: 1." in completed.stderr
