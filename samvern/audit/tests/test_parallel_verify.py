"""A full verification of a long trail runs in several processes, one stretch of the chain
each: it must find exactly what one walk finds — every event checked once, the first
broken event and no other — whatever stretch the damage is in, and a deleted event at a
stretch's edge as well as inside it. PostgreSQL only: the worker processes read the trail
through their own connections, which see only committed rows."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.db import connection

from samvern.audit.models import AuditEvent
from samvern.audit.services import _segments, audit_log, verify_trail
from samvern.audit.tests.test_chain_rewrites import raw_table

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes need a server"),
]

EVENTS = 40


@pytest.fixture
def long_trail() -> list[AuditEvent]:
    return [
        audit_log(actor=None, action="tests.thing.created", target_type="thing", target_id=str(n))
        for n in range(EVENTS)
    ]


def test_the_segments_cover_the_chain_once_each_starting_where_the_last_ended(long_trail):
    segments = _segments(3)
    assert len(segments) == 3
    assert segments[0].after_id == 0 and segments[0].previous_hash == ""
    assert segments[-1].last_id is None
    for before, after in itertools.pairwise(segments):
        assert before.last_id == after.after_id
        assert after.previous_hash == AuditEvent.objects.get(pk=after.after_id).hash
        assert after.keyed_seen


@pytest.mark.parametrize("workers", [2, 3, 4])
def test_an_intact_trail_is_verified_event_by_event_in_parallel(long_trail, workers):
    result = verify_trail(workers=workers)
    assert result.intact, result.problems
    assert result.events == EVENTS == verify_trail(workers=1).events


@pytest.mark.parametrize("position", [1, EVENTS // 2, EVENTS - 2])
def test_the_first_broken_event_is_the_one_a_single_walk_names(long_trail, position):
    with raw_table() as cursor:
        for index in (position, position + 1):  # two in a row: only the first is named
            cursor.execute(
                "UPDATE audit_auditevent SET action = 'tests.thing.forged' WHERE id = %s",
                [long_trail[index].pk],
            )
    single = verify_trail(workers=1)
    parallel = verify_trail(workers=3)
    assert not parallel.intact
    assert parallel.broken_event.pk == single.broken_event.pk == long_trail[position].pk
    assert parallel.events == single.events == position
    assert parallel.problems == single.problems


def test_an_event_deleted_at_a_segment_edge_breaks_the_next_link(long_trail):
    edge = _segments(2)[0].last_id
    with raw_table() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [edge])
    follower = AuditEvent.objects.filter(id__gt=edge).order_by("id").first()
    result = verify_trail(workers=2)
    assert result.broken_event.pk == follower.pk
    assert "link to the previous event" in result.problems[0]


def test_the_command_takes_the_number_of_workers(long_trail, capsys):
    call_command("audit_verify", workers=2)
    assert f"{EVENTS} events verified" in capsys.readouterr().out
