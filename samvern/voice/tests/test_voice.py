"""The victim's voice: her wishes as dated versions with who recorded them, the agencies
she agrees may see what, her advocate; the page, the case panel and the API, for an
allowed user, a reader with conference facts only, a data protection officer and an
outsider. Refusals look like a missing object and change nothing."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.access import Need
from samvern.cases.tests.factories import ConsentFactory
from samvern.voice import services
from samvern.voice.access import access_exposed_person
from samvern.voice.models import Advocate, ContactChannel, InformationKind, Wishes
from samvern.voice.services import AdvocateData, VoiceRuleError, WishesData
from samvern.voice.tests.world import EXPOSED, VoiceWorld, build_voice_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> VoiceWorld:
    return build_voice_world(today=timezone.localdate())


def _state() -> tuple[object, ...]:
    return (
        list(Wishes.objects.order_by("pk").values_list("pk", "version", "wants")),
        list(Advocate.objects.order_by("pk").values_list("pk", "ended_on")),
        AuditEvent.objects.filter(action__startswith="voice.").count(),
    )


def _client(user: object) -> Client:
    client = Client(raise_request_exception=False)
    login(client, user)  # type: ignore[arg-type]
    return client


def _wishes(world: VoiceWorld, wants: str = "Vil bo i egen leilighet.") -> WishesData:
    return WishesData(
        wants=wants,
        contact_channel=ContactChannel.TEXT,
        contact_note="Bare etter kl. 16.",
        sharing=((world.crisis, InformationKind.CONTACT_DETAILS),),
    )


def test_wishes_are_kept_as_dated_versions_with_who_recorded_them(world):
    actor = Actor.load(world.police_worker)
    access = access_exposed_person(actor, world.exposed.pk, Need.EDIT)
    first = services.record_wishes(
        actor=actor, access=access, data=_wishes(world), today=world.today
    )
    second = services.record_wishes(
        actor=Actor.load(world.adviser),
        access=access_exposed_person(Actor.load(world.adviser), world.exposed.pk, Need.EDIT),
        data=_wishes(world, "Vil ha kontakt via rådgiveren."),
        today=world.today,
    )
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.wants == "Vil bo i egen leilighet."  # the earlier version stays
    assert second.organisation == world.crisis and second.recorded_on == world.today
    assert list(first.sharing.values_list("organisation", "kind")) == [
        (world.crisis.pk, InformationKind.CONTACT_DETAILS)
    ]
    events = AuditEvent.objects.filter(action=services.WISHES_RECORDED)
    assert events.count() == 2
    assert {e.detail["case"] for e in events} == {str(world.case.pk)}


def test_an_agency_not_taking_part_cannot_be_named_and_nothing_changes(world):
    actor = Actor.load(world.police_worker)
    access = access_exposed_person(actor, world.exposed.pk, Need.EDIT)
    before = _state()
    with pytest.raises(VoiceRuleError):
        services.record_wishes(
            actor=actor,
            access=access,
            data=WishesData(
                wants="Noe.",
                contact_channel=ContactChannel.PHONE,
                sharing=((world.outsider_org, InformationKind.NOTES),),
            ),
            today=world.today,
        )
    assert _state() == before


def test_wishes_are_only_for_a_person_exposed(world):
    from django.http import Http404

    with pytest.raises(Http404):
        access_exposed_person(Actor.load(world.police_worker), world.using_violence.pk, Need.EDIT)


def test_the_advocate_is_a_case_worker_of_a_support_service_taking_part(world):
    actor = Actor.load(world.police_worker)
    from samvern.voice.access import access_case_voice

    access = access_case_voice(actor, world.case.pk, Need.EDIT)
    before = _state()
    with pytest.raises(VoiceRuleError):  # the police are not a support service
        services.appoint_advocate(
            actor=actor,
            access=access,
            data=AdvocateData(
                person=world.exposed,
                organisation=world.police,
                user=world.police_worker,
                started_on=world.today,
            ),
            today=world.today,
        )
    assert _state() == before
    first = services.appoint_advocate(
        actor=actor,
        access=access,
        data=AdvocateData(
            person=world.exposed,
            organisation=world.crisis,
            user=world.adviser,
            started_on=world.today,
        ),
        today=world.today,
    )
    assert first.is_current
    assert AuditEvent.objects.filter(action=services.ADVOCATE_APPOINTED).count() == 1


def test_the_page_shows_wishes_consents_and_advocate_to_the_case_s_participants(world):
    ConsentFactory(
        person=world.exposed,
        scope="Deling med krisesenteret",
        recorded_by=world.police_worker,
        organisation=world.police,
    )
    Wishes.objects.create(
        case=world.case,
        person=world.exposed,
        version=1,
        wants="ØNSKE-qz1: vil ikke møte ham",
        contact_channel=ContactChannel.TEXT,
        recorded_on=world.today,
        recorded_by=world.police_worker,
        organisation=world.police,
    )
    url = reverse("voice:case", args=[world.case.pk])
    body = _client(world.adviser).get(url).content.decode()
    assert "ØNSKE-qz1" in body and "Deling med krisesenteret" in body
    assert reverse("cases:consents", args=[world.case.pk]) in body
    assert AuditEvent.objects.filter(action=services.VOICE_VIEWED).exists()
    case_page = _client(world.police_worker).get(reverse("cases:detail", args=[world.case.pk]))
    assert "ØNSKE-qz1" in case_page.content.decode()  # the case panel


@pytest.mark.parametrize("persona", ["coordinator", "dpo", "outsider"])
def test_others_get_the_404_of_a_missing_case_and_their_post_changes_nothing(world, persona):
    client = _client(getattr(world, persona))
    missing = reverse("voice:case", args=[uuid.uuid4()])
    for url in (
        reverse("voice:case", args=[world.case.pk]),
        reverse("voice:advocate", args=[world.case.pk]),
        reverse("voice:wishes", args=[world.exposed.pk]),
    ):
        got = client.get(url)
        assert got.status_code == 404
        assert got.content == client.get(missing).content
        before = _state()
        posted = client.post(url, {"wants": "Ny.", "contact_channel": "phone"})
        assert posted.status_code == 404
        assert _state() == before


def test_recording_wishes_on_the_page_makes_a_new_version(world):
    client = _client(world.adviser)
    url = reverse("voice:wishes", args=[world.exposed.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "wants": "Vil flytte til Bergen.",
            "contact_channel": "advocate",
            f"share_{world.police.pk.hex}": ["contact", "notes"],
        },
    )
    assert response.status_code == 302
    wishes = Wishes.objects.get(person=world.exposed)
    assert wishes.version == 1 and wishes.organisation == world.crisis
    assert set(wishes.sharing.values_list("kind", flat=True)) == {"contact", "notes"}


def test_bad_input_is_refused_with_a_message_and_nothing_changes(world):
    client = _client(world.adviser)
    before = _state()
    response = client.post(
        reverse("voice:wishes", args=[world.exposed.pk]),
        {"wants": "", "contact_channel": "pigeon"},
    )
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()
    assert _state()[:2] == before[:2]


def test_api_reads_and_records_wishes_and_refuses_others_as_missing(world):
    client = _client(world.police_worker)
    url = f"/api/v1/voice/persons/{world.exposed.pk}/wishes/"
    created = client.post(
        url,
        {
            "wants": "Vil ha besøksforbud.",
            "contact_channel": "phone",
            "sharing": [{"organisation_id": str(world.crisis.pk), "kind": "notes"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    read = client.get(f"/api/v1/voice/cases/{world.case.pk}/").json()
    assert read[0]["name"] == " ".join(EXPOSED)
    assert read[0]["wishes"][0]["sharing"][0]["kind"] == "notes"
    outsider = _client(world.outsider)
    before = _state()
    refused = outsider.post(url, {}, content_type="application/json")
    missing = outsider.post(
        f"/api/v1/voice/persons/{uuid.uuid4()}/wishes/", {}, content_type="application/json"
    )
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    assert _state() == before
