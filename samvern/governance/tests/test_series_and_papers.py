"""Recurring meetings and the papers of an agenda item, through the pages: the coordinator
plans a monthly series (the same weekday of each month, hand-counted) and uploads a paper
that a member downloads; a reader of a member organisation and an outsider are refused
with 404 and nothing changes; a file that is not what it says is refused with a message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.governance.models import AgendaItem, Meeting, MeetingSeries, Paper
from samvern.governance.tests.world import World, make_world

DAY = dt.date(2027, 3, 10)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tmp_path, settings) -> World:
    settings.SAMVERN_GOVERNANCE_FILES_DIR = str(tmp_path / "papers")
    return make_world(day=DAY)


@pytest.fixture
def item(world: World) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=world.meetings[1],
        position=5,
        title="Nødbolig etter utrykning",
        created_by=world.people["coordinator"],
    )


def _client(world: World, persona: str) -> Client:
    return login(Client(), world.people[persona])


def _series_form() -> dict[str, str]:
    return {
        "recurrence": "monthly",
        "interval": "",
        "date": "2027-04-14",  # the second Wednesday of April
        "until": "2027-06-30",
        "starts_at": "09:00",
        "duration_minutes": "90",
        "location": "Rådhuset",
    }


def _state() -> tuple[int, int, int, int]:
    return (
        Meeting.objects.count(),
        MeetingSeries.objects.count(),
        Paper.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_coordinator_plans_a_monthly_series(world: World) -> None:
    assert world.body is not None
    url = reverse("governance:series_create", args=[world.body.pk])
    client = _client(world, "coordinator")
    assert client.get(url).status_code == 200
    before = set(Meeting.objects.values_list("pk", flat=True))
    response = client.post(url, _series_form())
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:body", args=[world.body.pk])
    series = MeetingSeries.objects.get()
    new = Meeting.objects.exclude(pk__in=before).order_by("date")
    # The second Wednesday of April, May and June 2027.
    assert [m.date for m in new] == [
        dt.date(2027, 4, 14),
        dt.date(2027, 5, 12),
        dt.date(2027, 6, 9),
    ]
    assert {(m.series_id, m.duration_minutes, m.location) for m in new} == {
        (series.pk, 90, "Rådhuset")
    }
    event = AuditEvent.objects.get(action="governance.series.created")
    assert event.detail["meetings"] == 3


def test_a_series_that_ends_before_it_starts_is_refused(world: World) -> None:
    assert world.body is not None
    url = reverse("governance:series_create", args=[world.body.pk])
    before = _state()
    response = _client(world, "coordinator").post(url, {**_series_form(), "until": "2027-04-01"})
    assert response.status_code == 200
    assert "Siste dato kan ikke være før den første." in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("persona", ["reader", "relay", "outsider"])
def test_others_cannot_plan_a_series(world: World, persona: str) -> None:
    assert world.body is not None
    url = reverse("governance:series_create", args=[world.body.pk])
    client = _client(world, persona)
    before = _state()
    assert client.get(url).status_code == 404
    assert client.post(url, _series_form()).status_code == 404
    assert _state() == before


def test_the_coordinator_uploads_a_paper_and_a_member_downloads_it(
    world: World, item: AgendaItem
) -> None:
    meeting = world.meetings[1]
    url = reverse("governance:paper_upload", args=[meeting.pk, item.pk])
    upload = SimpleUploadedFile("notat.pdf", PDF, content_type="application/pdf")
    response = _client(world, "coordinator").post(
        url, {f"paper-{item.pk}-title": "Notat fra NAV", f"paper-{item.pk}-file": upload}
    )
    assert response.status_code == 302
    paper = Paper.objects.get()
    assert (paper.title, paper.file_original_name, paper.file_size) == (
        "Notat fra NAV",
        "notat.pdf",
        len(PDF),
    )
    assert AuditEvent.objects.filter(action="governance.paper.uploaded").count() == 1
    page = _client(world, "reader").get(reverse("governance:meeting", args=[meeting.pk]))
    download = reverse("governance:paper", args=[paper.pk])
    assert download in page.content.decode()
    answer = _client(world, "reader").get(download)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF
    assert 'filename="notat.pdf"' in answer["Content-Disposition"]
    outsider = _client(world, "outsider").get(download)
    assert outsider.status_code == 404


def test_a_file_that_is_not_what_it_says_is_refused(world: World, item: AgendaItem) -> None:
    meeting = world.meetings[1]
    url = reverse("governance:paper_upload", args=[meeting.pk, item.pk])
    before = _state()
    upload = SimpleUploadedFile(
        "notat.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    client = _client(world, "coordinator")
    response = client.post(
        url,
        {f"paper-{item.pk}-title": "Notat", f"paper-{item.pk}-file": upload},
        follow=True,
    )
    assert response.status_code == 200
    assert "Innholdet i filen stemmer ikke med filtypen." in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("persona", ["reader", "outsider"])
def test_others_cannot_upload_and_nothing_changes(
    world: World, item: AgendaItem, persona: str
) -> None:
    meeting = world.meetings[1]
    url = reverse("governance:paper_upload", args=[meeting.pk, item.pk])
    before = _state()
    upload = SimpleUploadedFile("notat.pdf", PDF, content_type="application/pdf")
    response = _client(world, persona).post(
        url, {f"paper-{item.pk}-title": "Notat", f"paper-{item.pk}-file": upload}
    )
    assert response.status_code == 404
    assert _state() == before
