import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from samvern.audit.models import AuditEvent, AuditImmutableError
from samvern.audit.services import audit_log, verify_chain


@pytest.fixture
def events(db):
    return [
        audit_log(actor=None, action="tests.thing.created", target_type="thing", target_id=str(n))
        for n in range(3)
    ]


def test_each_event_links_to_the_previous_one(events):
    assert events[0].prev_hash == "" or AuditEvent.objects.filter(hash=events[0].prev_hash)
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert verify_chain() is None


def test_the_model_refuses_update(events):
    event = AuditEvent.objects.get(pk=events[1].pk)
    event.action = "tests.thing.forged"
    with pytest.raises(AuditImmutableError):
        event.save()
    assert AuditEvent.objects.get(pk=events[1].pk).action == "tests.thing.created"


def test_the_model_refuses_delete(events):
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.get(pk=events[0].pk).delete()
    assert AuditEvent.objects.filter(pk=events[0].pk).exists()


def test_the_queryset_refuses_bulk_update_and_delete(events):
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=events[0].pk).update(action="x")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'forged' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_postgresql_refuses_raw_update_and_delete(events, statement):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [events[1].pk])
    assert AuditEvent.objects.get(pk=events[1].pk).action == "tests.thing.created"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="raw changes are refused there")
def test_audit_verify_names_the_first_altered_event(events, capsys):
    call_command("audit_verify")
    assert "3 events verified" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET action = 'tests.thing.forged' WHERE id = %s",
            [events[1].pk],
        )
    with pytest.raises(CommandError, match=f"broken at event {events[1].pk} "):
        call_command("audit_verify")


def test_audit_verify_detects_a_removed_event_on_postgresql_too(events):
    """A deleted row cannot be produced through the ORM or (on PostgreSQL) SQL, so simulate
    the result of tampering below the database's rules: an event whose predecessor link
    does not match."""
    forged = AuditEvent(
        occurred_at=events[2].occurred_at,
        action="tests.thing.inserted",
        prev_hash="0" * 64,
    )
    forged.hash = forged.compute_hash()
    forged.save()
    broken = verify_chain()
    assert broken is not None and broken.pk == forged.pk
    with pytest.raises(CommandError, match=f"broken at event {forged.pk} "):
        call_command("audit_verify")


def test_audit_log_records_target_actor_and_detail(alice, bergen_org):
    event = audit_log(
        actor=alice,
        organisation=bergen_org,
        action="accounts.organisation.viewed",
        target=bergen_org,
        detail={"fields": ["name"]},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_id == str(alice.pk)
    assert stored.actor_label == "alice"
    assert stored.organisation_label == "Bergen kommune"
    assert stored.target_type == "accounts.organisation"
    assert stored.target_id == str(bergen_org.pk)
    assert stored.detail == {"fields": ["name"]}
    assert stored.compute_hash() == stored.hash
