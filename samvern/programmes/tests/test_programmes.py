"""Perpetrator programmes: a referral of the case's person using violence to a programme
from the partnership's service directory, its intake, the sessions attended or missed and
its completion or drop-out, each reported back (an update) to the referrer and to the
case's participants, through the case grant; pages and API, refusals as missing, query
counts constant."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.access import Need
from samvern.cases.models import PersonRole
from samvern.cases.tests.factories import CaseFactory, CaseParticipantFactory, PersonFactory
from samvern.directory.models import Service, ServiceKind
from samvern.programmes import services
from samvern.programmes.access import access_case_programmes, access_referral
from samvern.programmes.models import (
    EndResult,
    ProgrammeReferral,
    ProgrammeSession,
    ProgrammeStatus,
    ProgrammeUpdate,
    UpdateKind,
)
from samvern.programmes.services import ProgrammeRuleError, ReferralData
from samvern.voice.tests.world import VoiceWorld, build_voice_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> VoiceWorld:
    return build_voice_world(today=timezone.localdate())


def _programme(world: VoiceWorld, **fields: object) -> Service:
    values: dict[str, object] = {
        "partnership": world.partnership,
        "name": "Sinnemestring Vest",
        "kind": ServiceKind.VIOLENCE_PROGRAMME,
        "provider_name": "Alternativ til Vold",
    }
    values.update(fields)
    return Service.objects.create(**values)


def _state() -> tuple[object, ...]:
    return (
        list(
            ProgrammeReferral.objects.order_by("pk").values_list(
                "pk", "intake_result", "end_result"
            )
        ),
        ProgrammeSession.objects.count(),
        ProgrammeUpdate.objects.count(),
        AuditEvent.objects.filter(action__startswith="programmes.")
        .exclude(action__endswith="viewed")
        .count(),
    )


def _client(user: object) -> Client:
    client = Client(raise_request_exception=False)
    login(client, user)  # type: ignore[arg-type]
    return client


def _refer(world: VoiceWorld, service: Service | None = None) -> ProgrammeReferral:
    actor = Actor.load(world.police_worker)
    return services.refer(
        actor=actor,
        access=access_case_programmes(actor, world.case.pk, Need.EDIT),
        data=ReferralData(
            person=world.using_violence,
            service=service or _programme(world),
            referred_on=world.today - dt.timedelta(days=60),
            reason="Dømt for vold, samtykker til program.",
        ),
        today=world.today,
    )


def test_a_referral_goes_through_intake_sessions_and_completion_each_reported_back(world):
    referral = _refer(world)
    adviser = Actor.load(world.adviser)  # the crisis centre hears it from the programme
    access = access_referral(adviser, referral.pk, Need.EDIT)
    day = world.today
    services.record_intake(
        actor=adviser,
        access=access,
        accepted=True,
        intake_on=day - dt.timedelta(days=50),
        today=day,
    )
    for days, attended in ((40, True), (33, False), (26, True)):
        services.record_session(
            actor=adviser,
            access=access_referral(adviser, referral.pk, Need.EDIT),
            held_on=day - dt.timedelta(days=days),
            attended=attended,
            today=day,
        )
    services.record_end(
        actor=adviser,
        access=access_referral(adviser, referral.pk, Need.EDIT),
        result=EndResult.COMPLETED,
        ended_on=day - dt.timedelta(days=20),
        today=day,
    )
    referral.refresh_from_db()
    assert referral.status == ProgrammeStatus.COMPLETED
    assert list(referral.updates.order_by("on").values_list("kind", flat=True)) == [
        UpdateKind.REFERRED,
        UpdateKind.ACCEPTED,
        UpdateKind.ATTENDED,
        UpdateKind.MISSED,
        UpdateKind.ATTENDED,
        UpdateKind.COMPLETED,
    ]
    actions = list(
        AuditEvent.objects.filter(action__startswith="programmes.").values_list("action", flat=True)
    )
    assert actions.count(services.SESSION_RECORDED) == 3
    assert services.REFERRED in actions and services.ENDED in actions
    # The referrer (police) sees what became of it.
    body = _client(world.police_worker).get(reverse("programmes:list")).content.decode()
    assert "STM-100001" in body and "Fullført" in body


def test_rules_refuse_with_a_message_and_change_nothing(world):
    actor = Actor.load(world.police_worker)
    access = access_case_programmes(actor, world.case.pk, Need.EDIT)
    other = _programme(world, name="Krisesenter", kind=ServiceKind.SHELTER)
    before = _state()
    for person, service in ((world.exposed, _programme(world)), (world.using_violence, other)):
        with pytest.raises(ProgrammeRuleError):
            services.refer(
                actor=actor,
                access=access,
                data=ReferralData(person=person, service=service, referred_on=world.today),
                today=world.today,
            )
    assert _state() == before
    referral = _refer(world)
    before = _state()
    with pytest.raises(ProgrammeRuleError):  # no session before he is accepted
        services.record_session(
            actor=actor,
            access=access_referral(actor, referral.pk, Need.EDIT),
            held_on=world.today,
            attended=True,
            today=world.today,
        )
    with pytest.raises(ProgrammeRuleError):  # not in the future
        services.record_intake(
            actor=actor,
            access=access_referral(actor, referral.pk, Need.EDIT),
            accepted=True,
            intake_on=world.today + dt.timedelta(days=1),
            today=world.today,
        )
    assert _state() == before


@pytest.mark.parametrize("persona", ["coordinator", "dpo", "outsider"])
def test_others_get_the_404_of_a_missing_referral_and_their_post_changes_nothing(world, persona):
    referral = _refer(world)
    client = _client(getattr(world, persona))
    pages = [
        (
            reverse("programmes:detail", args=[referral.pk]),
            reverse("programmes:detail", args=[uuid.uuid4()]),
        ),
        (
            reverse("programmes:intake", args=[referral.pk]),
            reverse("programmes:intake", args=[uuid.uuid4()]),
        ),
        (
            reverse("programmes:refer", args=[world.case.pk]),
            reverse("programmes:refer", args=[uuid.uuid4()]),
        ),
        (f"/api/v1/programmes/{referral.pk}/", f"/api/v1/programmes/{uuid.uuid4()}/"),
    ]
    for url, missing in pages:
        got, absent = client.get(url), client.get(missing)
        assert got.status_code == absent.status_code == 404, url
        assert got.content == absent.content
        before = _state()
        assert client.post(url, {"accepted": "yes", "intake_on": "2026-01-01"}).status_code in (
            404,
            405,
        )
        assert _state() == before


def test_the_participants_see_the_referral_and_the_case_panel(world):
    referral = _refer(world)
    crisis = _client(world.adviser)
    detail = crisis.get(reverse("programmes:detail", args=[referral.pk]))
    assert detail.status_code == 200
    assert "Sinnemestring Vest" in detail.content.decode()
    case_page = crisis.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert reverse("programmes:detail", args=[referral.pk]) in case_page
    assert reverse("programmes:refer", args=[world.case.pk]) in case_page


def test_the_pages_record_intake_and_sessions(world):
    referral = _refer(world)
    client = _client(world.adviser)
    day = world.today
    intake = client.post(
        reverse("programmes:intake", args=[referral.pk]),
        {"accepted": "yes", "intake_on": (day - dt.timedelta(days=10)).isoformat()},
    )
    assert intake.status_code == 302
    missed = client.post(
        reverse("programmes:session", args=[referral.pk]),
        {"held_on": (day - dt.timedelta(days=3)).isoformat(), "attended": "no"},
    )
    assert missed.status_code == 302
    bad = client.post(
        reverse("programmes:session", args=[referral.pk]),
        {"held_on": "", "attended": "maybe"},
    )
    assert bad.status_code == 200 and "ds-error-summary" in bad.content.decode()
    assert ProgrammeSession.objects.filter(referral=referral, attended=False).count() == 1


def test_api_refers_and_reads(world):
    service = _programme(world)
    client = _client(world.police_worker)
    created = client.post(
        f"/api/v1/programmes/cases/{world.case.pk}/",
        {
            "person_id": str(world.using_violence.pk),
            "service_id": str(service.pk),
            "referred_on": world.today.isoformat(),
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    referral_id = created.json()["id"]
    intake = client.post(
        f"/api/v1/programmes/{referral_id}/intake/",
        {"accepted": True, "intake_on": world.today.isoformat()},
        content_type="application/json",
    )
    assert intake.status_code == 200, intake.content
    assert intake.json()["status"] == "in_programme"
    listed = client.get("/api/v1/programmes/").json()
    assert listed["count"] == 1
    assert [row["id"] for row in listed["results"]] == [referral_id]


def _more_referrals(world: VoiceWorld, n: int, service: Service) -> None:
    for i in range(n):
        case = CaseFactory(
            partnership=world.partnership,
            referring_organisation=world.police,
            referred_by=world.police_worker,
            referred_on=world.today - dt.timedelta(days=100),
        )
        CaseParticipantFactory(
            case=case,
            organisation=world.police,
            added_on=case.referred_on,
            added_by=world.police_worker,
        )
        person = PersonFactory(case=case, role=PersonRole.USING_VIOLENCE)
        referral = ProgrammeReferral.objects.create(
            case=case,
            person=person,
            service=service,
            programme_name=service.name,
            referred_on=world.today - dt.timedelta(days=50),
            referred_by=world.police_worker,
            referring_organisation=world.police,
        )
        ProgrammeSession.objects.create(
            referral=referral,
            held_on=world.today - dt.timedelta(days=i + 1),
            attended=i % 2 == 0,
            recorded_by=world.police_worker,
            organisation=world.police,
        )


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("programmes:list"))
    assert response.status_code == 200
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_for_2_and_20_referrals(world):
    service = _programme(world)
    client = _client(world.police_worker)
    _more_referrals(world, 2, service)
    two = _list_queries(client)
    _more_referrals(world, 18, service)
    twenty = _list_queries(client)
    assert two == twenty
    assert client.get(reverse("programmes:list")).content.decode().count("<tr>") == 21


def test_the_list_pages_instead_of_stopping_and_records_only_what_it_shows(world):
    """30 referrals: the first page shows 25, the second the other 5; each read records
    the cases of its own page only. The API pages the same way with limit and offset."""
    service = _programme(world)
    client = _client(world.police_worker)
    _more_referrals(world, 30, service)
    first = client.get(reverse("programmes:list"))
    second = client.get(reverse("programmes:list"), {"page": "2"})
    assert first.content.decode().count("<tr>") == 1 + 25
    assert second.content.decode().count("<tr>") == 1 + 5
    events = list(AuditEvent.objects.filter(action=services.LIST_VIEWED).order_by("id"))
    assert [e.detail["referrals"] for e in events[-2:]] == [25, 5]
    assert not set(events[-1].detail["cases"]) & set(events[-2].detail["cases"])
    api = client.get("/api/v1/programmes/", {"limit": "10", "offset": "25"}).json()
    assert api["count"] == 30 and len(api["results"]) == 5
    before = AuditEvent.objects.count()
    assert client.get("/api/v1/programmes/", {"limit": "many"}).status_code == 400
    assert AuditEvent.objects.count() == before
