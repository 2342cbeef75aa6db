"""Correcting and removing a training event: only the partnership's coordinator may, through
the pages, audited; the participants' competence follows the event (a new date or topic
moves their records, removing the event removes the records it gave and nothing else). A
member organisation's administrator, a reader and an outsider get the same 404 as for
nothing at all, and nothing changes."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.training import services
from samvern.training.models import CompetenceRecord, StaffMember, TargetRole, TrainingEvent

pytestmark = pytest.mark.django_db

HELD = dt.date(2025, 10, 1)
FORM = {
    "topic_key": "duty-to-avert",
    "title": "Avvergingsplikten i praksis",
    "held_on": "2025-11-12",
    "hours": "3,5",
    "audience": "Rådgivere",
    "trainer": "RVTS Vest",
    "organiser": "",
    "notes": "",
}


@pytest.fixture
def event(partnership, coord):
    return services.create_event(
        actor=Actor.load(coord),
        partnership=partnership,
        topic_key="risk-assessment",
        held_on=HELD,
        hours=Decimal("6"),
        trainer="RVTS Vest",
    )


@pytest.fixture
def staff(partnership, shelter):
    role = TargetRole.objects.create(
        partnership=partnership,
        organisation=shelter,
        name="Rådgiver",
        required_topics=["risk-assessment"],
    )
    return StaffMember.objects.create(
        partnership=partnership, organisation=shelter, name="Kari Nordmann", role=role
    )


@pytest.fixture
def participant(event, staff, coord):
    return services.add_participant(actor=Actor.load(coord), event=event, person=staff)


@pytest.fixture
def by_hand(staff, coord):
    return services.add_record(
        actor=Actor.load(coord),
        person=staff,
        topic_key="talking-to-children",
        completed_on=dt.date(2024, 5, 2),
        today=dt.date(2025, 1, 1),
    )


def _urls(partnership, event):
    args = [partnership.pk, event.pk]
    return reverse("training:event_edit", args=args), reverse("training:event_delete", args=args)


def _state():
    return (
        list(TrainingEvent.objects.values_list("pk", "topic_key", "held_on", "hours", "title")),
        list(
            CompetenceRecord.objects.values_list("pk", "topic_key", "completed_on", "refresh_due")
        ),
        AuditEvent.objects.count(),
    )


def test_the_coordinator_corrects_an_event_and_its_records_follow(
    client, coord, partnership, event, participant
):
    edit, _delete = _urls(partnership, event)
    login(client, coord)
    page = client.get(reverse("training:event", args=[partnership.pk, event.pk])).content.decode()
    assert f'href="{edit}"' in page
    form = client.get(edit)
    assert form.status_code == 200
    assert 'value="RVTS Vest"' in form.content.decode()
    response = client.post(edit, FORM)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.topic_key, event.held_on, event.hours) == (
        "duty-to-avert",
        dt.date(2025, 11, 12),
        Decimal("3.5"),
    )
    assert event.title == "Avvergingsplikten i praksis"
    participant.refresh_from_db()
    # The duty to avert is refreshed every 36 months.
    assert (participant.topic_key, participant.completed_on, participant.refresh_due) == (
        "duty-to-avert",
        dt.date(2025, 11, 12),
        dt.date(2028, 11, 12),
    )
    audit = AuditEvent.objects.get(action="training.event.updated")
    assert audit.target_id == str(event.pk)
    assert audit.detail["records_moved"] == 1
    assert audit.detail["changes"]["topic_key"] == {
        "from": "risk-assessment",
        "to": "duty-to-avert",
    }


def test_saving_an_unchanged_event_writes_nothing(client, coord, partnership, event):
    edit, _delete = _urls(partnership, event)
    login(client, coord)
    before = _state()
    response = client.post(
        edit,
        {
            **FORM,
            "topic_key": "risk-assessment",
            "title": "",
            "held_on": "2025-10-01",
            "hours": "6",
            "audience": "",
        },
    )
    assert response.status_code == 302
    assert _state() == before


def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, coord, partnership, event):
    edit, _delete = _urls(partnership, event)
    login(client, coord)
    before = _state()
    response = client.post(edit, {**FORM, "topic_key": "not-a-topic", "hours": "0"})
    assert response.status_code == 400
    assert _state() == before


def test_the_coordinator_removes_an_event_with_the_records_it_gave(
    client, coord, partnership, event, participant, by_hand
):
    _edit, delete = _urls(partnership, event)
    login(client, coord)
    assert client.get(delete).status_code == 405
    response = client.post(delete)
    assert response.status_code == 302
    assert response["Location"] == reverse("training:overview", args=[partnership.pk])
    assert not TrainingEvent.objects.exists()
    # The course done elsewhere stays; the one from the removed event is gone.
    assert list(CompetenceRecord.objects.values_list("pk", flat=True)) == [by_hand.pk]
    audit = AuditEvent.objects.get(action="training.event.deleted")
    assert audit.target_id == str(event.pk)
    assert audit.detail["records_removed"] == 1
    assert audit.detail["topic_key"] == "risk-assessment"


@pytest.mark.parametrize("persona", ["admin", "member", "outsider"])
def test_others_get_404_and_nothing_changes(
    client, request, partnership, event, participant, persona
):
    edit, delete = _urls(partnership, event)
    login(client, request.getfixturevalue(persona))
    before = _state()
    assert client.get(edit).status_code == 404
    assert client.post(edit, FORM).status_code == 404
    assert client.post(delete).status_code == 404
    assert _state() == before
    if persona != "outsider":
        page = client.get(reverse("training:event", args=[partnership.pk, event.pk]))
        assert edit not in page.content.decode()
        assert delete not in page.content.decode()


def test_an_outsider_gets_the_same_404_as_for_a_missing_event(client, outsider, partnership, event):
    edit, _delete = _urls(partnership, event)
    login(client, outsider)
    seen = client.get(edit)
    missing = client.get(reverse("training:event_edit", args=[uuid.uuid4(), uuid.uuid4()]))
    assert seen.status_code == missing.status_code == 404
    assert seen.content == missing.content


def test_the_services_refuse_a_reader_and_change_nothing(member, event):
    before = _state()
    actor = Actor.load(member)
    with pytest.raises(ValidationError) as refused:
        services.update_event(
            actor=actor, event=event, topic_key="duty-to-avert", held_on=HELD, hours=Decimal("2")
        )
    assert refused.value.code == "not_manager"
    with pytest.raises(ValidationError):
        services.delete_event(actor=actor, event=event)
    assert _state() == before


# --- the API -----------------------------------------------------------------------------


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_reads_corrects_and_removes_an_event(coord, partnership, event, participant):
    url = f"/api/v1/training/{partnership.pk}/events/{event.pk}/"
    client = _api(coord)
    read = client.get(url)
    assert read.status_code == 200
    assert read.json()["participants"] == 1
    response = client.put(
        url, {"topic": "risk-assessment", "held_on": "2025-10-08", "hours": "6"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["held_on"] == "2025-10-08"
    event.refresh_from_db()
    assert event.trainer == ""  # a PUT gives the whole event but its organiser and notes
    participant.refresh_from_db()
    assert participant.completed_on == dt.date(2025, 10, 8)
    assert client.delete(url).status_code == 204
    assert not TrainingEvent.objects.exists()
    assert not CompetenceRecord.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"training.event.updated", "training.event.deleted"} <= actions


@pytest.mark.parametrize(("persona", "read"), [("admin", 200), ("member", 200), ("outsider", 404)])
def test_the_api_lets_only_the_coordinator_write(request, partnership, event, persona, read):
    url = f"/api/v1/training/{partnership.pk}/events/{event.pk}/"
    client = _api(request.getfixturevalue(persona))
    before = _state()
    assert client.get(url).status_code == read
    put = client.put(url, {"topic": "duty-to-avert", "held_on": "2025-01-01", "hours": "1"})
    assert put.status_code == 404
    assert client.delete(url).status_code == 404
    assert _state() == before
