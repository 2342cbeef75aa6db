"""The "who has seen this case" page reads like the audit trail: what was done in words,
who did it by name and organisation, when in local time, and only details that name no
case content."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases import services
from samvern.core.testing import choose_language


def _log(client, world, language="en"):
    choose_language(client, language)
    return client.get(f"/cases/{world.case.pk}/access-log/")


@pytest.fixture
def named(world):
    world.participant.first_name, world.participant.last_name = "Petra", "Pedersen"
    world.participant.save(update_fields=["first_name", "last_name"])
    services.record_read(
        actor=Actor.load(world.participant, organisation=world.crisis),
        action="cases.person.viewed",
        case=world.case,
        target=world.exposed,
        detail={"via": "api"},
    )
    return world


@pytest.mark.django_db
def test_the_data_protection_officer_reads_who_did_what_in_words(named):
    world = named
    response = _log(login(Client(), world.dpo), world)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Viewed a person in a case" in body
    assert "Petra Pedersen" in body and "Testkrisesenteret" in body
    assert "cases.person.viewed" not in body  # no codes
    assert re.search(r'tabindex="0" role="region" aria-label="Access log"', body)
    row = next(r for r in response.context["rows"] if r.event.action == "cases.person.viewed")
    assert row.object_type == "Person"
    assert row.summary == "via: api"
    assert "Tiril" not in body  # still who, not what


@pytest.mark.django_db
def test_the_access_log_shows_no_content_from_the_details(world):
    services.record_read(
        actor=Actor.load(world.participant, organisation=world.crisis),
        action="cases.item.viewed",
        case=world.case,
        target=world.note_all,
        detail={"title": "Trusselvurdering", "band": "high", "via": "api"},
    )
    body = _log(login(Client(), world.coordinator), world).content.decode()
    assert "Viewed an information item" in body
    assert "Trusselvurdering" not in body and "high" not in body


@pytest.mark.django_db
def test_the_access_log_in_bokmal(named):
    world = named
    body = _log(login(Client(), world.dpo), world, language="nb").content.decode()
    assert "Åpnet en person i en sak" in body and "Hvem" in body
    assert "Viewed a person in a case" not in body


@pytest.mark.django_db
def test_others_do_not_see_the_access_log(named):
    world = named
    for user in (world.participant, world.member_worker, world.outsider, world.org_admin):
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        assert _log(login(Client(), user), world).status_code == 404
        assert not AuditEvent.objects.filter(
            action="cases.access_log.viewed", pk__gt=before
        ).exists()


@pytest.mark.django_db
def test_the_access_log_costs_the_same_however_many_people_looked(world):
    client = login(Client(), world.dpo)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert _log(client, world).status_code == 200
        return len(captured)

    queries()  # the first request of a session does some setting up of its own
    few = queries()
    for reader in (world.participant, world.referrer, world.coordinator) * 15:
        services.record_read(
            actor=Actor.load(reader, organisation=reader.memberships.get().organisation),
            action="cases.case.viewed",
            case=world.case,
        )
    # Fewer kinds of objects on the page can only mean fewer look-ups, never more rows
    # meaning more queries.
    assert queries() <= few
