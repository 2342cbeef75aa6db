"""The synthetic data generator, at its tiny scale: the same seed gives the same data, a
database with real data in it or production settings are refused, and the command
writes the logins file (the data itself: test_generated_data.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from samvern.accounts.models import Organisation, User
from samvern.accounts.tests.factories import UserFactory
from samvern.audit.models import AuditEvent
from samvern.cases.models import Case
from samvern.plans.models import Measure, StatusReport
from samvern.synthetic.generate import RefusedError, generate
from samvern.synthetic.scales import SCALES

pytestmark = [pytest.mark.synthetic, pytest.mark.django_db]

TINY = SCALES["tiny"]


def _today() -> dt.date:
    # Yesterday: every generated event then lies in the past, whatever the time of day,
    # so two runs give the same trail.
    return timezone.localdate() - dt.timedelta(days=1)


class _Undo(Exception):
    pass


def _fingerprint() -> dict[str, object]:
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    return {
        "cases": sorted(Case.objects.values_list("reference", flat=True)),
        "case_ids": sorted(str(pk) for pk in Case.objects.values_list("id", flat=True)),
        "measures": Measure.objects.count(),
        "reports": StatusReport.objects.count(),
        "events": AuditEvent.objects.count(),
        "last_hash": last,
    }


def test_the_same_seed_gives_the_same_data():
    runs = []
    for _ in range(2):
        with pytest.raises(_Undo), transaction.atomic():
            result = generate(scale=TINY, seed=7, today=_today())
            runs.append((result.counts, result.logins, _fingerprint()))
            raise _Undo
    assert runs[0] == runs[1]
    assert runs[0][2]["events"] == TINY.audit_events
    with transaction.atomic():
        other = generate(scale=TINY, seed=8, today=_today())
    assert other.logins["ids"] != runs[0][1]["ids"]


def test_a_database_with_real_data_is_refused_and_left_as_it_was():
    UserFactory(username="kari")
    with pytest.raises(RefusedError, match="not synthetic"):
        generate(scale=TINY, seed=7, today=_today())
    assert list(User.objects.values_list("username", flat=True)) == ["kari"]
    assert not Organisation.objects.exists() and not AuditEvent.objects.exists()
    # Unless the operator says so.
    result = generate(scale=TINY, seed=7, today=_today(), force=True)
    assert result.counts["cases"] == TINY.cases


def test_synthetic_data_is_generated_only_once_and_never_with_production_settings():
    with override_settings(PRODUCTION=True), pytest.raises(RefusedError, match="production"):
        generate(scale=TINY, seed=7, today=_today())
    assert not User.objects.exists()
    generate(scale=TINY, seed=7, today=_today())
    with pytest.raises(RefusedError, match="already holds synthetic"):
        generate(scale=TINY, seed=7, today=_today())


def test_the_command_writes_the_logins_file(tmp_path, capsys):
    path = tmp_path / "bench" / "logins.json"
    call_command(
        "generate_synthetic", "--scale", "tiny", "--seed", "3", "--today",
        _today().isoformat(), "--password", "pw-for-bench", "--logins", str(path),
    )  # fmt: skip
    logins = json.loads(path.read_text())
    assert logins["format"] == 1 and logins["scale"] == "tiny" and logins["seed"] == 3
    assert logins["roles"]["case_worker"]["password"] == "pw-for-bench"
    assert "audit_events" in capsys.readouterr().out
