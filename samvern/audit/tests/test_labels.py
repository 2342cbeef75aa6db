"""Every action code the product writes has a translated label and a kind."""

import ast
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.utils import translation

from samvern.audit.labels import ACTIONS, ActionKind, action_info, action_label, kind_q
from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log
from samvern.core.layers import LAYERS

SOURCE = Path(__file__).resolve().parents[2]
APP_PREFIXES = (*LAYERS, "security")
CODE = re.compile(rf"^({'|'.join(APP_PREFIXES)})(\.[a-z0-9_]+){{2,3}}$")


def codes_in_source() -> dict[str, str]:
    """Every string in the product's code (not its tests or migrations) shaped like an
    action code: `action="..."` arguments and codes chosen in variables alike."""
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        parts = path.relative_to(SOURCE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and CODE.match(node.value):
                found.setdefault(node.value, str(path.relative_to(SOURCE)))
    return found


def test_the_scan_finds_the_codes_it_should():
    found = codes_in_source()
    assert len(found) > 90
    assert {"cases.case.viewed", "plans.version.status_changed", "audit.events.exported"} <= set(
        found
    )


def test_every_action_code_in_the_source_has_a_label():
    unlabelled = {code: path for code, path in codes_in_source().items() if code not in ACTIONS}
    where = "samvern/audit/labels.py or the app's audit_labels.py"
    assert not unlabelled, f"Label these in {where}: {unlabelled}"


@pytest.mark.parametrize("verb", ["created", "changed", "deleted"])
def test_every_model_changed_in_the_django_admin_has_a_label(verb):
    for model in admin.site._registry:
        code = f"{model._meta.app_label}.{model._meta.model_name}.admin_{verb}"
        info = action_info(code)
        assert info is not None and info.kind == ActionKind.ADMIN, code
        assert str(model._meta.verbose_name) in str(info.label)


def test_labels_are_translated_into_bokmal():
    untranslated = []
    for code, info in ACTIONS.items():
        with translation.override("en"):
            english = str(info.label)
        with translation.override("nb"):
            norwegian = str(info.label)
        if english == norwegian:
            untranslated.append(code)
    assert not untranslated
    for kind in ActionKind:
        with translation.override("nb"):
            norwegian = str(kind.label)
        with translation.override("en"):
            assert str(kind.label) != norwegian


def test_labels_follow_the_language():
    with translation.override("en"):
        assert action_label("cases.case.viewed") == "Viewed a case"
        assert action_label("accounts.user.admin_created") == "Created in the Django admin: user"
    with translation.override("nb"):
        assert action_label("cases.case.viewed") == "Åpnet en sak"


def test_an_unknown_code_is_shown_as_it_is():
    assert action_label("tests.thing.made") == "tests.thing.made"
    assert action_info("tests.thing.made") is None


@pytest.mark.django_db
def test_kinds_select_their_own_codes(alice, bergen_org):
    for code in ("cases.case.viewed", "cases.case.referred", "accounts.user.admin_changed"):
        audit_log(actor=alice, organisation=bergen_org, action=code)
    assert list(
        AuditEvent.objects.filter(kind_q(ActionKind.CASE_READS)).values_list("action", flat=True)
    ) == ["cases.case.viewed"]
    assert list(AuditEvent.objects.filter(kind_q("admin")).values_list("action", flat=True)) == [
        "accounts.user.admin_changed"
    ]
