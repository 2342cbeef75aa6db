"""Someone with write access to the database rewrites the audit trail; `audit_verify` must
say so. Each rewrite is done with raw SQL against the table (on PostgreSQL with the
append-only trigger switched off first, as a database owner could), and the attacker
recomputes the hashes the way they can: with the old unkeyed SHA-256, or with a guessed
key. Only the key, held outside the database, makes the real hashes; only the checkpoint
file, outside the database, remembers how far the trail reached."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from samvern.audit.models import AuditEvent, ChainVersion
from samvern.audit.services import (
    audit_log,
    keyed_reference,
    read_checkpoints,
    verify_chain,
    verify_trail,
)

GUESSED_KEY = "the attacker's guess"


@contextmanager
def raw_table() -> Iterator[object]:
    """A cursor on the audit table with the database's own protection out of the way."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


def forged_hash(event: AuditEvent, method: str) -> str:
    if method == "unkeyed":
        event.chain_version = ChainVersion.UNKEYED
        return event.compute_hash()
    with override_settings(AUDIT_CHAIN_KEY=GUESSED_KEY):
        return event.compute_hash()


def recompute_from(first_id: int, method: str) -> None:
    """Relink and rehash every event from `first_id` on, as the attacker would."""
    previous = AuditEvent.objects.filter(id__lt=first_id).order_by("-id").first()
    previous_hash = previous.hash if previous else ""
    with raw_table() as cursor:
        for event in AuditEvent.objects.filter(id__gte=first_id).order_by("id"):
            event.prev_hash = previous_hash
            event.hash = forged_hash(event, method)
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s, chain_version = %s "
                "WHERE id = %s",
                [event.prev_hash, event.hash, event.chain_version, event.pk],
            )
            previous_hash = event.hash


@pytest.fixture
def trail(db):
    events = [
        audit_log(actor=None, action="tests.thing.created", target_type="thing", target_id=str(n))
        for n in range(5)
    ]
    call_command("audit_checkpoint")
    call_command("audit_verify")
    return events


def test_a_new_event_is_keyed_and_an_unkeyed_hash_would_differ(trail):
    event = AuditEvent.objects.get(pk=trail[0].pk)
    assert event.chain_version == ChainVersion.KEYED
    assert event.compute_hash() == event.hash
    assert forged_hash(event, "guessed") != event.hash
    assert forged_hash(event, "unkeyed") != event.hash


def test_the_checkpoint_command_appends_and_prints_the_newest_event(db, checkpoint_file, capsys):
    first = audit_log(actor=None, action="tests.thing.created")
    call_command("audit_checkpoint")
    printed = capsys.readouterr().out
    second = audit_log(actor=None, action="tests.thing.created")
    call_command("audit_checkpoint")
    lines = checkpoint_file.read_text().splitlines()
    assert [json.loads(line)["sequence"] for line in lines] == [first.pk, second.pk]
    assert [json.loads(line)["hash"] for line in lines] == [first.hash, second.hash]
    assert lines[0] in printed
    assert [c.sequence for c in read_checkpoints()] == [first.pk, second.pk]


def test_the_checkpoint_command_refuses_to_anchor_a_broken_trail(trail, checkpoint_file):
    before = checkpoint_file.read_text()
    with raw_table() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET action = 'tests.thing.forged' WHERE id = %s",
            [trail[4].pk],
        )
    with pytest.raises(CommandError, match="No checkpoint written"):
        call_command("audit_checkpoint")
    assert checkpoint_file.read_text() == before


def test_deleting_the_newest_events_is_detected(trail):
    with raw_table() as cursor:
        cursor.execute(
            "DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [trail[3].pk, trail[4].pk]
        )
    # What is left is a well-formed chain: only the checkpoint knows it was longer.
    assert verify_chain() is None
    # Even when the trail grows again after the removal.
    audit_log(actor=None, action="tests.thing.created")
    with pytest.raises(CommandError, match=f"names event {trail[4].pk}, which is no longer"):
        call_command("audit_verify")


@pytest.mark.parametrize("method", ["unkeyed", "guessed"])
def test_editing_an_event_and_recomputing_the_later_hashes_is_detected(trail, method):
    with raw_table() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET action = 'tests.thing.forged' WHERE id = %s",
            [trail[1].pk],
        )
    recompute_from(trail[1].pk, method)
    with pytest.raises(CommandError, match=f"broken at event {trail[1].pk} "):
        call_command("audit_verify")
    assert verify_trail().broken_event.pk == trail[1].pk


@pytest.mark.parametrize("method", ["unkeyed", "guessed"])
def test_deleting_an_event_and_recomputing_is_detected(trail, method):
    with raw_table() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [trail[2].pk])
    recompute_from(trail[3].pk, method)
    with pytest.raises(CommandError, match=f"broken at event {trail[3].pk} "):
        call_command("audit_verify")


@pytest.mark.parametrize("method", ["unkeyed", "guessed"])
def test_appending_a_forged_event_is_detected(trail, method):
    forged = AuditEvent(
        occurred_at=trail[4].occurred_at,
        action="accounts.membership.created",
        actor_label="system",
        prev_hash=trail[4].hash,
    )
    forged.hash = forged_hash(forged, method)
    forged.save()
    with pytest.raises(CommandError, match=f"broken at event {forged.pk} "):
        call_command("audit_verify")


def test_a_rewrite_with_the_stolen_key_is_caught_by_the_checkpoint(trail):
    """Even whoever has the key cannot rewrite what a checkpoint already anchors."""
    with raw_table() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET action = 'tests.thing.forged' WHERE id = %s",
            [trail[1].pk],
        )
    previous_hash = trail[0].hash
    with raw_table() as cursor:
        for event in AuditEvent.objects.filter(id__gte=trail[1].pk).order_by("id"):
            event.prev_hash = previous_hash
            event.hash = event.compute_hash()  # the real key
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [event.prev_hash, event.hash, event.pk],
            )
            previous_hash = event.hash
    assert verify_chain() is None
    with pytest.raises(CommandError, match=f"does not match event {trail[4].pk}: the trail"):
        call_command("audit_verify")


def test_a_damaged_checkpoint_file_is_reported(trail, checkpoint_file):
    with checkpoint_file.open("a") as log:
        log.write("not a checkpoint\n")
    with pytest.raises(CommandError, match=r"checkpoint file .* is damaged"):
        call_command("audit_verify")


def test_events_from_before_the_key_stay_verifiable(db, capsys):
    """Events stored before the chain was keyed (version 1, plain SHA-256) verify, and
    keyed events continue their chain."""
    previous_hash = ""
    for n in range(3):
        legacy = AuditEvent(
            occurred_at=timezone.now(),
            action="tests.legacy.created",
            target_id=str(n),
            prev_hash=previous_hash,
            chain_version=ChainVersion.UNKEYED,
        )
        legacy.hash = legacy.compute_hash()
        legacy.save()
        previous_hash = legacy.hash
    keyed = audit_log(actor=None, action="tests.thing.created")
    assert keyed.prev_hash == previous_hash and keyed.chain_version == ChainVersion.KEYED
    call_command("audit_verify")
    assert "4 events verified" in capsys.readouterr().out


def test_an_unkeyed_event_after_the_keyed_chain_began_is_a_break(trail):
    """The downgrade: the last event rewritten with a valid plain SHA-256 hash."""
    recompute_from(trail[4].pk, "unkeyed")
    with pytest.raises(CommandError, match="unkeyed hash after the chain was keyed"):
        call_command("audit_verify")


def test_without_a_checkpoint_the_verification_warns(db, capsys):
    audit_log(actor=None, action="tests.thing.created")
    call_command("audit_verify")
    captured = capsys.readouterr()
    assert "1 events verified" in captured.out
    assert "No checkpoint" in captured.err


def test_incremental_verification_walks_only_what_is_new(trail, capsys):
    audit_log(actor=None, action="tests.thing.created")
    call_command("audit_verify", "--since-last-checkpoint")
    assert "1 events verified, 1 checkpoints matched" in capsys.readouterr().out


def test_keyed_references_are_stable_and_do_not_show_the_value(settings):
    value = "0b6f7c1e-6f3a-4c1b-9a57-1d2e3f405162"
    assert keyed_reference(value) == keyed_reference(value)
    assert keyed_reference(value) != keyed_reference(value.replace("0", "1"))
    assert value not in keyed_reference(value)
