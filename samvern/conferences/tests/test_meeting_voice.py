"""The person exposed's voice at the meeting (issue 12): her wishes and advocate shown
with the meeting's case information, the advocate's organisation's attendance, whether
her wishes were heard (yes/no and a note) and her wishes recorded at the conference;
written by those who write the minutes, refused to others as a missing page, audited."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.conferences.models import WishesHeard
from samvern.conferences.services import voice as services
from samvern.conferences.tests.meeting_world import MeetingWorld, make_meeting_world
from samvern.voice.models import Advocate, ContactChannel, Wishes, WishSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MeetingWorld:
    world = make_meeting_world()
    Wishes.objects.create(
        case=world.case_a,
        person=world.exposed,
        version=1,
        wants="ØNSKE-mv1: vil ikke at han får vite adressen",
        contact_channel=ContactChannel.THROUGH_ADVOCATE,
        recorded_on=world.day,
        recorded_by=world.crisis_new,
        organisation=world.crisis,
    )
    Advocate.objects.create(
        case=world.case_a,
        person=world.exposed,
        organisation=world.crisis,
        user=world.crisis_new,
        started_on=world.day,
        appointed_by=world.crisis_new,
    )
    return world


def _client(user: object) -> Client:
    client = Client(raise_request_exception=False)
    login(client, user)  # type: ignore[arg-type]
    return client


def _state() -> tuple[object, ...]:
    return (
        list(WishesHeard.objects.values_list("pk", "heard", "note")),
        Wishes.objects.count(),
        AuditEvent.objects.filter(
            action__in=[services.WISHES_HEARD_SAVED, "voice.wishes.recorded"]
        ).count(),
    )


def test_an_attendee_who_may_see_the_meeting_sees_her_wishes_and_the_advocate_s_attendance(
    world,
):
    page = _client(world.police_worker).get(reverse("conferences:item", args=[world.item_a.pk]))
    body = page.content.decode()
    assert "ØNSKE-mv1" in body
    # The advocate (crisis centre) is on the list, expected, not yet confirmed.
    assert "Forventet" in body or "Expected" in body
    assert reverse("conferences:wishes_heard_save", args=[world.item_a.pk]) in body
    assert AuditEvent.objects.filter(action=services.VOICE_VIEWED).count() == 1


def test_someone_without_the_meeting_s_information_does_not_see_her_wishes(world):
    for user in (world.crisis_new, world.welfare_worker, world.coordinator):  # unconfirmed etc.
        body = _client(user).get(reverse("conferences:item", args=[world.item_a.pk]))
        assert "ØNSKE-mv1" not in body.content.decode()


def test_wishes_heard_is_recorded_by_a_minute_writer_and_refused_to_others(world):
    url = reverse("conferences:wishes_heard_save", args=[world.item_a.pk])
    missing = reverse("conferences:wishes_heard_save", args=[uuid.uuid4()])
    before = _state()
    for user in (world.crisis_new, world.welfare_worker, world.outsider, world.dpo):
        client = _client(user)
        refused = client.post(url, {"heard": "yes"})
        assert refused.status_code == 404
        assert refused.content == client.post(missing, {"heard": "yes"}).content
    assert _state() == before
    writer = _client(world.police_worker)
    assert writer.post(url, {"heard": "no", "note": "Talspersonen var syk."}).status_code == 302
    row = WishesHeard.objects.get(item=world.item_a)
    assert (row.heard, row.note) == (False, "Talspersonen var syk.")
    assert writer.post(url, {"heard": "yes"}).status_code == 302
    assert WishesHeard.objects.get(item=world.item_a).heard is True
    assert AuditEvent.objects.filter(action=services.WISHES_HEARD_SAVED).count() == 2
    assert writer.post(url, {"heard": "maybe"}).status_code == 200  # shown again, an error


def test_her_wishes_can_be_recorded_at_the_conference(world):
    response = _client(world.police_worker).post(
        reverse("conferences:wishes_save", args=[world.item_a.pk]),
        {
            "person": str(world.exposed.pk),
            "wants": "Vil at politiet kontakter henne via krisesenteret.",
            "contact_channel": "advocate",
        },
    )
    assert response.status_code == 302
    latest = Wishes.objects.filter(person=world.exposed).order_by("-version").first()
    assert latest is not None and latest.version == 2
    assert latest.source == WishSource.CONFERENCE
    assert latest.conference_date == world.conference.date


def test_the_api_reads_her_voice_and_records_wishes_heard(world):
    client = _client(world.police_worker)
    url = f"/api/v1/conferences/items/{world.item_a.pk}/voice/"
    read = client.get(url)
    assert read.status_code == 200
    data = read.json()
    assert data["advocates"][0]["on_list"] is True
    assert data["wishes_heard"] is None
    put = client.put(url, {"heard": True, "note": ""}, content_type="application/json")
    assert put.status_code == 200, put.content
    refused = _client(world.welfare_worker).get(url)
    assert refused.status_code == 404
