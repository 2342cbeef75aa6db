"""manage.py validate_checklists: every problem with file, line and path; non-zero exit
when there is any."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from samvern.checklists.catalogue import SHIPPED_DIR
from samvern.checklists.tests.builders import BASE_YAML, mutate


def run(*args: str) -> str:
    out = StringIO()
    call_command("validate_checklists", *args, stdout=out)
    return out.getvalue()


def fails(*args: str) -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("validate_checklists", *args, stdout=out)
    return out.getvalue(), str(caught.value)


def test_the_shipped_templates_pass():
    output = run("--language", "en")
    assert "samvern-duties-police version 1.0 for police, 14 items" in output
    assert "samvern-duties-generic version 1.0 for generic, 13 items" in output
    assert "Files checked: 6. Valid templates: 6. Problems: 0." in output


def test_every_problem_in_a_configured_directory_is_printed(tmp_path: Path):
    (tmp_path / "band.yaml").write_text(
        mutate(
            ("      risk_band: [high]\n", "      risk_band: [severe]\n"),
            ("key: test-duties", "key: test-band"),
        ),
        encoding="utf-8",
    )
    (tmp_path / "untranslated.yaml").write_text(
        mutate(("      en: Second duty\n", ""), ("key: test-duties", "key: test-text")),
        encoding="utf-8",
    )
    with override_settings(CHECKLIST_TEMPLATE_DIRS=[str(tmp_path)]):
        output, summary = fails("--language", "en")
    assert (
        f"{tmp_path / 'band.yaml'}: line 18, $.items[1].when.risk_band[0]: The risk band "
        "“severe” is not a band of any risk instrument" in output
    )
    assert (
        f"{tmp_path / 'untranslated.yaml'}: line 19, $.items[1].text: "
        "The English text (“en”) is missing." in output
    )
    assert summary == "Files checked: 8. Valid templates: 6. Problems: 2."


def test_files_named_on_the_command_line_are_checked_with_problems_between_them(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(BASE_YAML, encoding="utf-8")
    # A second template for the police, and an order for the same duty that differs.
    rival = tmp_path / "rival.yaml"
    rival.write_text(
        mutate(
            ("key: test-duties", "key: rival-duties"),
        ),
        encoding="utf-8",
    )
    crisis = tmp_path / "crisis.yaml"
    crisis.write_text(
        mutate(
            ("key: test-duties", "key: crisis-duties"),
            ("agency: police", "agency: crisis_centre"),
            ("order: [crisis_centre, police]", "order: [police, crisis_centre]"),
        ),
        encoding="utf-8",
    )
    output, summary = fails(str(crisis), str(good), str(rival), "--language", "en")
    # Within an agency, the first key in alphabetical order is kept.
    assert (
        f"{good}: line 3, $.agency: The agency “police” already has the template "
        f"“rival-duties” ({rival}); give each agency one template key and publish new "
        "versions of it." in output
    )
    assert (
        f"{rival}: line 28, $.items[2].sole_holder.order: The duty “third_duty” has another "
        "order in “crisis-duties” (police, crisis_centre); every template must list the same "
        "order." in output
    )
    assert summary == "Files checked: 3. Valid templates: 3. Problems: 2."


def test_an_order_naming_an_agency_whose_template_lacks_the_duty_is_reported(tmp_path):
    police = tmp_path / "police.yaml"
    police.write_text(BASE_YAML, encoding="utf-8")
    crisis = tmp_path / "crisis.yaml"
    crisis.write_text(
        mutate(
            ("key: test-duties", "key: crisis-duties"),
            ("agency: police", "agency: crisis_centre"),
            (
                "    sole_holder:\n      duty: third_duty\n      order: [crisis_centre, police]\n",
                "",
            ),
        ),
        encoding="utf-8",
    )
    output, _summary = fails(str(tmp_path), "--language", "en")
    assert (
        f"{police}: line 28, $.items[2].sole_holder.order[0]: The order names “crisis_centre”, "
        "but its template “crisis-duties” does not hold the duty “third_duty”: in a case where "
        "it takes part, nobody would." in output
    )


def test_messages_are_in_bokmal_by_default(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(mutate(("agency: police\n", "")), encoding="utf-8")
    output, summary = fails(str(broken))
    assert f"{broken}: linje 1, $: Det påkrevde feltet «agency» mangler." in output
    assert "Filer kontrollert: 1" in summary


def test_something_that_is_not_a_template_is_reported(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("x", encoding="utf-8")
    output, _summary = fails(str(other), "--language", "en")
    assert "Not a checklist template file or directory (expected .yaml, .yml, .json)." in output


def test_the_shipped_directory_can_be_named(tmp_path):
    assert "Problems: 0." in run(str(SHIPPED_DIR), "--language", "en")
