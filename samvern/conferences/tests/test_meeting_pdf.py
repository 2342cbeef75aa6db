"""Acceptance 7 for the minutes: one case's minutes as PDF, checked by its text — only that
case, the protected address absent, the recipient (organisation and person) and the day
on every page; the download recorded; refused like the page it belongs to."""

from __future__ import annotations

import io
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format
from pypdf import PdfReader

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.access import today
from samvern.conferences.models import Minutes
from samvern.conferences.services import meeting
from samvern.conferences.tests.meeting_world import (
    CASE_B_REASON,
    CASE_B_RESEARCH,
    PROTECTED_POSTCODE,
    PROTECTED_STREET,
    MeetingWorld,
    hold,
    make_meeting_world,
)

pytestmark = pytest.mark.django_db

MINUTES_B = "SAK-B-REFERAT: bare for sak B"
# Long enough for several pages, so "every page" means something.
DISCUSSION = "\n\n".join(
    f"Avsnitt {n}: politiet og krisesenteret drøftet trusselbildet og tiltakene grundig."
    for n in range(90)
)


@pytest.fixture
def world() -> MeetingWorld:
    world = make_meeting_world()
    Minutes.objects.create(
        item=world.item_a,
        risk_summary="Høy risiko for ny vold.",
        discussion=DISCUSSION,
        decisions="Voldsalarm og besøksforbud.",
        recorded_by=world.police_worker,
        organisation=world.police,
    )
    Minutes.objects.create(
        item=world.item_b,
        risk_summary=MINUTES_B,
        recorded_by=world.police_worker,
        organisation=world.police,
    )
    return world


def _pages(response: object) -> list[str]:
    reader = PdfReader(io.BytesIO(response.content))  # type: ignore[attr-defined]
    return [page.extract_text() or "" for page in reader.pages]


def test_the_minutes_pdf_holds_one_case_with_the_recipient_on_every_page(world):
    response = login(Client(), world.police_worker).get(
        reverse("conferences:minutes_pdf", args=[world.item_a.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    pages = _pages(response)
    assert len(pages) >= 3
    recipient = f"{world.police.name} · {world.police_worker.get_full_name()}"
    printed = date_format(today())
    for number, text in enumerate(pages, start=1):
        assert f"Kopi for: {recipient}" in text, f"page {number} has no recipient line"
        assert f"Skrevet ut {printed}" in text, f"page {number} has no date"
    text = "\n".join(pages)
    assert world.case_a.reference in text
    assert "Avsnitt 89" in text and "Voldsalarm og besøksforbud." in text
    assert "Skjermet adresse" in text and "Ragnhild Skjulestad" in text
    # The carried-over point is there; the one closed before this conference is not.
    assert "Barnevernet undersøker skolesituasjonen." in text
    assert "Politiet vurderer besøksforbud." not in text
    for secret in (
        PROTECTED_STREET,
        PROTECTED_POSTCODE,
        world.case_b.reference,
        CASE_B_REASON,
        CASE_B_RESEARCH,
        MINUTES_B,
        "Bodil",
    ):
        assert secret not in text


def test_the_download_is_recorded_with_what_it_prints(world):
    login(Client(), world.police_worker).get(
        reverse("conferences:minutes_pdf", args=[world.item_a.pk])
    )
    events = AuditEvent.objects.filter(actor_id=str(world.police_worker.pk)).order_by("id")
    assert [e.action for e in events] == [
        meeting.MINUTES_EXPORTED,
        meeting.ACTION_POINTS_VIEWED,
    ]
    assert events[0].target_id == str(Minutes.objects.get(item=world.item_a).pk)
    assert events[1].detail["carried_over"] == [str(world.carried.pk)]
    assert {e.detail["case"] for e in events} == {str(world.case_a.pk)}


def test_a_colleague_of_an_attending_organisation_downloads_it_once_the_meeting_is_held(world):
    client = login(Client(), world.police_colleague)
    url = reverse("conferences:minutes_pdf", args=[world.item_a.pk])
    assert client.get(url).status_code == 404
    hold(world)
    response = client.get(url)
    assert response.status_code == 200
    recipient = f"{world.police.name} · {world.police_colleague.get_full_name()}"
    assert all(f"Kopi for: {recipient}" in text for text in _pages(response))


@pytest.mark.parametrize(
    "who", ["crisis_new", "crisis_conflict", "welfare", "coordinator", "shelter", "dpo", "outsider"]
)
def test_everyone_else_gets_the_404_of_a_missing_item(world, who):
    client = login(Client(), world.users()[who])
    forbidden = client.get(reverse("conferences:minutes_pdf", args=[world.item_a.pk]))
    missing = client.get(reverse("conferences:minutes_pdf", args=[uuid.uuid4()]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    assert not AuditEvent.objects.filter(action=meeting.MINUTES_EXPORTED).exists()
