"""Events recorded inside `audited_atomic` are written at the end of the block, in the same
transaction; the verification reads plain rows and hashes exactly what the model hashes;
the case columns are copies of the hashed detail and are checked as such."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from samvern.audit import services
from samvern.audit.models import (
    CANONICAL_FIELDS,
    AuditEvent,
    ChainVersion,
    canonical_content,
    case_columns,
)
from samvern.audit.services import (
    AuditNotWrittenError,
    audit_log,
    audited_atomic,
    verify_chain,
    verify_trail,
)
from samvern.audit.tests.test_chain_rewrites import raw_table

CASE = "7d9c2c8e-1c2f-4f0e-9d1a-3b4c5d6e7f80"


def _case_event(n: int = 0) -> AuditEvent:
    return audit_log(
        actor=None,
        action="cases.case.viewed",
        target_type="cases.case",
        target_id=CASE,
        detail={"case": CASE, "reference": "S-2026-1A2B3C", "n": n},
    )


def test_canonical_content_of_a_row_is_the_models(db):
    """The verification hashes `values_list` rows; the model hashes its attributes. One
    function does both, and they agree for every kind of value an event holds."""
    legacy = AuditEvent(
        occurred_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        action="tests.legacy.created",
        ip_address="2001:db8::1",
        chain_version=ChainVersion.UNKEYED,
    )
    legacy.hash = legacy.compute_hash()
    legacy.save()
    audit_log(
        actor=None,
        action="tests.thing.created",
        detail={"nested": {"ø": ["å", 1, 2.5, None, True]}, "when": dt.date(2026, 12, 1)},
    )
    rows = AuditEvent.objects.order_by("id").values_list("id", *CANONICAL_FIELDS)
    assert len(rows) == 2
    for event_id, *fields in rows:
        stored = AuditEvent.objects.get(pk=event_id)
        assert canonical_content(*fields) == stored.canonical_content()
        assert stored.compute_hash() == stored.hash
    assert verify_chain() is None


def test_the_case_columns_are_filled_from_the_detail(db):
    event = AuditEvent.objects.get(pk=_case_event().pk)
    assert (event.case_id, event.case_reference) == (CASE, "S-2026-1A2B3C")
    assert case_columns({"case": 5, "reference": "x" * 65}) == ("", "")
    plain = audit_log(actor=None, action="tests.thing.created", detail={"other": CASE})
    assert AuditEvent.objects.get(pk=plain.pk).case_id == ""


def test_a_changed_case_column_is_a_break(db):
    """Someone hides an event from "who has seen this case" by changing only the column
    the page selects on: the detail, which is hashed, still names the case."""
    events = [_case_event(n) for n in range(3)]
    assert verify_trail().intact
    with raw_table() as cursor:
        cursor.execute("UPDATE audit_auditevent SET case_id = '' WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=f"broken at event {events[1].pk} .*case columns"):
        call_command("audit_verify")


def test_the_migration_fills_the_columns_of_stored_events(db):
    from importlib import import_module

    migration = import_module("samvern.audit.migrations.0004_case_columns_and_trail_indexes")
    events = [_case_event(n) for n in range(2)]
    with raw_table() as cursor:
        cursor.execute("UPDATE audit_auditevent SET case_id = '', case_reference = ''")
    assert not AuditEvent.objects.filter(case_id=CASE).exists()
    # What the migration's schema editor offers it: the connection and `execute`.
    editor = SimpleNamespace(
        connection=connection, execute=lambda sql: connection.cursor().execute(sql)
    )
    migration.fill_case_columns(apps, editor)
    assert set(AuditEvent.objects.filter(case_id=CASE).values_list("id", flat=True)) == {
        e.pk for e in events
    }
    assert verify_trail().intact
    if connection.vendor == "postgresql":  # the trigger is on again
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("UPDATE audit_auditevent SET case_id = 'x'")


@pytest.mark.parametrize("chunk", [1, 2, 3, 20_000])
def test_the_verification_reads_in_chunks(db, monkeypatch, chunk):
    monkeypatch.setattr(services, "VERIFY_CHUNK", chunk)
    events = [_case_event(n) for n in range(5)]
    result = verify_trail()
    assert result.intact and result.events == 5
    with raw_table() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET action = 'tests.forged' WHERE id = %s", [events[3].pk]
        )
    broken = verify_trail()
    assert broken.broken_event is not None and broken.broken_event.pk == events[3].pk
    assert broken.events == 3


def test_inside_audited_atomic_the_event_is_written_at_the_end(db):
    before = audit_log(actor=None, action="tests.thing.created")
    with audited_atomic():
        event = _case_event()
        assert event.pk is None
        assert not AuditEvent.objects.filter(action="cases.case.viewed").exists()
        with audited_atomic():  # nested: the outer block writes
            inner = audit_log(actor=None, action="tests.thing.updated")
        assert inner.pk is None
    assert event.pk is not None and inner.pk == event.pk + 1
    assert event.prev_hash == before.hash and inner.prev_hash == event.hash
    assert AuditEvent.objects.get(pk=event.pk).hash == event.hash
    assert verify_trail().intact


def test_an_error_in_the_block_leaves_no_event(db):
    with pytest.raises(ZeroDivisionError), audited_atomic():
        _case_event()
        1 / 0  # noqa: B018
    assert not AuditEvent.objects.exists()
    # and the next block is not confused by the one that failed
    with audited_atomic():
        _case_event()
    assert AuditEvent.objects.count() == 1
    assert verify_trail().intact


def test_an_event_of_an_inner_block_that_rolled_back_is_not_written(db):
    with audited_atomic():
        kept = _case_event(1)
        try:
            with transaction.atomic():
                _case_event(2)
                raise IntegrityError("the write failed")
        except IntegrityError:
            pass
        also_kept = _case_event(3)
    stored = list(AuditEvent.objects.order_by("id").values_list("detail__n", flat=True))
    assert stored == [1, 3]
    assert also_kept.prev_hash == kept.hash
    assert verify_trail().intact


def test_a_transaction_marked_for_rollback_answers_nothing(db):
    """A read whose event cannot be written must not be answered: the block raises."""
    with pytest.raises(AuditNotWrittenError), audited_atomic():
        _case_event()
        transaction.set_rollback(True)
    assert not AuditEvent.objects.exists()


def test_outside_audited_atomic_the_event_is_written_at_once(db):
    with transaction.atomic():
        event = _case_event()
        assert event.pk is not None
        assert AuditEvent.objects.filter(pk=event.pk).exists()
