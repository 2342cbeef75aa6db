"""Weak points of the case layer found by the attack suite, each through the paths users
take: refused access leaves a trace, a coordinator adding her own organisation is
flagged, the repeat flag tells no one about a case they may not see, and a consent is
withdrawn by another organisation only with a reason."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import login, make_member
from samvern.audit.models import AuditEvent
from samvern.audit.services import keyed_reference
from samvern.cases import services
from samvern.cases.access import Need, access_case
from samvern.cases.models import CaseParticipant, CaseState, PersonRole, ReferralSource, Share
from samvern.cases.services import (
    CONSENT_WITHDRAWN_FOR_OTHER_ACTION,
    OWN_ORGANISATION_ADDED_ACTION,
    REFUSED_ACTION,
    PersonData,
)
from samvern.cases.tests.conftest import accept_referral, valid_nin
from samvern.core.testing import choose_language

pytestmark = pytest.mark.django_db


def refused_events(user):
    return AuditEvent.objects.filter(action=REFUSED_ACTION, actor_id=str(user.pk))


# --- refused access leaves a trace --------------------------------------------------------


def test_a_refused_case_page_is_recorded_without_saying_whether_the_case_exists(world):
    client = login(Client(), world.member_worker)
    forbidden = client.get(f"/cases/{world.case.pk}/")
    missing_id = uuid.uuid4()
    missing = client.get(f"/cases/{missing_id}/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content  # the requester learns nothing new

    events = list(refused_events(world.member_worker).order_by("id"))
    assert len(events) == 2
    first, second = events
    for event in events:
        assert event.target_type == "" and event.target_id == ""
        assert event.organisation_id == str(world.child_welfare.pk)
        assert "case" not in event.detail and "reference" not in event.detail
        assert event.detail["route"] == "cases:detail" and event.detail["via"] == "page"
        # Apart from the keyed reference, the two events are alike.
        assert {k: v for k, v in event.detail.items() if k != "case_id"} == {
            "route": "cases:detail",
            "method": "GET",
            "via": "page",
        }
    assert first.detail["case_id"] == keyed_reference(str(world.case.pk))
    assert second.detail["case_id"] == keyed_reference(str(missing_id))
    stored = " ".join(str(e.detail) for e in events)
    assert str(world.case.pk) not in stored and world.case.reference not in stored


def test_refusals_on_person_item_and_api_routes_are_recorded(world):
    client = login(Client(), world.outsider)
    assert client.get(f"/cases/persons/{world.exposed.pk}/").status_code == 404
    assert client.get(f"/cases/items/{world.note_all.pk}/").status_code == 404
    assert client.post(f"/cases/consents/{world.consent.pk}/withdraw/").status_code == 404
    assert client.get(f"/api/v1/cases/{world.case.pk}/").status_code == 404
    routes = [e.detail["route"] for e in refused_events(world.outsider).order_by("id")]
    assert len(routes) == 4
    assert routes[-1].endswith("api-cases-detail")
    assert [e.detail["via"] for e in refused_events(world.outsider).order_by("id")] == [
        "page",
        "page",
        "page",
        "api",
    ]


def test_allowed_reads_leave_no_refusal(world):
    client = login(Client(), world.participant)
    assert client.get(f"/cases/{world.case.pk}/").status_code == 200
    assert client.get(f"/api/v1/cases/{world.case.pk}/").status_code == 200
    assert not AuditEvent.objects.filter(action=REFUSED_ACTION).exists()


def test_the_data_protection_officer_sees_refusals_counted_per_user(world):
    prober = login(Client(), world.org_admin)  # the police's own administrator
    for _attempt in range(3):
        prober.get(f"/cases/{uuid.uuid4()}/")
    colleague = make_member(world.police, Role.CASE_WORKER, username="colleague")
    login(Client(), colleague).get(f"/cases/{uuid.uuid4()}/")
    login(Client(), world.member_worker).get(f"/cases/{world.case.pk}/")  # another agency

    start = choose_language(login(Client(), world.dpo), "en").get("/").content.decode()
    assert "Refused case access" in start
    assert "orgadmin: 3" in start and "colleague: 1" in start
    assert "memberworker" not in start  # child welfare's refusals are its own officer's
    trail = login(Client(), world.dpo).get("/audit/", {"action_prefix": REFUSED_ACTION})
    assert trail.status_code == 200

    # The case worker, who is not a data protection officer, sees no such panel.
    page = choose_language(login(Client(), world.referrer), "en").get("/").content.decode()
    assert "Refused case access" not in page


# --- a coordinator adding her own organisation -------------------------------------------


def _add_own(world, reason="Kommunen følger opp familien."):
    client = login(Client(), world.coordinator)
    return client.post(
        f"/cases/{world.case.pk}/participants/add/",
        {"organisation": str(world.municipality.pk), "reason": reason},
    )


def test_a_coordinator_adding_her_own_organisation_is_flagged(world):
    response = _add_own(world)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=OWN_ORGANISATION_ADDED_ACTION)
    assert event.actor_id == str(world.coordinator.pk)
    assert event.organisation_id == str(world.municipality.pk)
    assert event.detail["reason"] == "Kommunen følger opp familien."
    assert event.detail["case"] == str(world.case.pk)
    # The case's own data protection officer sees it in "who has seen this case".
    log = login(Client(), world.dpo).get(f"/cases/{world.case.pk}/access-log/")
    assert log.status_code == 200


def test_without_a_reason_her_organisation_is_not_added(world):
    # The newest event so far: ids keep counting across tests on PostgreSQL.
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = _add_own(world, reason="  ")
    assert response.status_code == 200
    assert not CaseParticipant.objects.filter(
        case=world.case, organisation=world.municipality
    ).exists()
    assert not AuditEvent.objects.filter(
        pk__gt=before, action__in=[OWN_ORGANISATION_ADDED_ACTION, "cases.participant.added"]
    ).exists()
    assert login(Client(), world.coordinator).get(f"/cases/{world.case.pk}/").status_code == 404


def test_adding_another_organisation_is_not_a_security_event(world):
    client = login(Client(), world.referrer)
    response = client.post(
        f"/cases/{world.case.pk}/participants/add/",
        {"organisation": str(world.child_welfare.pk), "reason": "Barn i familien."},
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=OWN_ORGANISATION_ADDED_ACTION).exists()


def test_outsiders_cannot_add_their_organisation(world):
    response = login(Client(), world.outsider).post(
        f"/cases/{world.case.pk}/participants/add/",
        {"organisation": str(world.outsider_org.pk), "reason": "Vi vil se saken."},
    )
    assert response.status_code == 404
    assert not CaseParticipant.objects.filter(organisation=world.outsider_org).exists()


# --- the repeat-referral flag -------------------------------------------------------------


@pytest.fixture
def repeat(world):
    """The police case is closed; child welfare, which never took part in it, refers the
    same person again: a repeat within 12 months, of a case child welfare may not see."""
    case = access_case(
        Actor.load(world.referrer, organisation=world.police), world.case.pk, Need.VIEW
    )
    services.transition_case(
        actor=Actor.load(world.referrer, organisation=world.police),
        access=case,
        to_state=CaseState.CLOSED,
        note="Avsluttet",
    )
    new = services.refer_case(
        actor=Actor.load(world.member_worker, organisation=world.child_welfare),
        partnership=world.partnership,
        source=ReferralSource.OTHER,
        reason="Bekymringsmelding",
        referred_on=timezone.localdate(),
        person=PersonData(
            role=PersonRole.EXPOSED,
            first_name="Tiril",
            last_name="Fjellstad",
            identity_number=valid_nin(),
        ),
    )
    assert new.is_repeat and new.repeat_of == world.case
    return new


REPEAT_TAG = "Repeat referral within 12 months"


def _en(user):
    return choose_language(login(Client(), user), "en")


def test_the_referrer_who_cannot_see_the_earlier_case_is_not_told(world, repeat):
    client = _en(world.member_worker)
    page = client.get(f"/cases/{repeat.pk}/").content.decode()
    assert REPEAT_TAG not in page
    assert client.get(f"/api/v1/cases/{repeat.pk}/").json()["is_repeat"] is False
    listed = client.get("/cases/", {"tab": "repeats"}).content.decode()
    assert repeat.reference not in listed
    organisation_tab = client.get("/cases/").content.decode()
    assert repeat.reference in organisation_tab and ">Repeat<" not in organisation_tab


def test_the_coordinator_sees_the_flag(world, repeat):
    client = _en(world.coordinator)
    summary = client.get(f"/cases/{repeat.pk}/summary/")
    assert summary.status_code == 200
    assert REPEAT_TAG in summary.content.decode()
    assert client.get(f"/api/v1/cases/{repeat.pk}/summary/").json()["is_repeat"] is True
    assert repeat.reference in client.get("/cases/", {"tab": "repeats"}).content.decode()


def test_an_organisation_that_sees_the_earlier_case_sees_the_flag(world, repeat):
    referral = services.add_participant(
        actor=Actor.load(world.member_worker, organisation=world.child_welfare),
        case=access_case(
            Actor.load(world.member_worker, organisation=world.child_welfare), repeat.pk, Need.VIEW
        ).case,
        participant=world.police,
        reason="Politiet hadde forrige sak.",
    )
    # Until the police accept the referral, they see nothing of the new case.
    assert _en(world.referrer).get(f"/cases/{repeat.pk}/").status_code == 404
    accept_referral(referral, world.referrer)
    client = _en(world.referrer)
    assert REPEAT_TAG in client.get(f"/cases/{repeat.pk}/").content.decode()
    assert client.get(f"/api/v1/cases/{repeat.pk}/").json()["is_repeat"] is True
    # Child welfare still does not see the earlier case, so still not the flag.
    assert REPEAT_TAG not in _en(world.member_worker).get(f"/cases/{repeat.pk}/").content.decode()


def test_outsiders_see_neither_case(world, repeat):
    client = _en(world.outsider)
    assert client.get(f"/cases/{repeat.pk}/").status_code == 404
    assert repeat.reference not in client.get("/cases/", {"tab": "repeats"}).content.decode()


# --- withdrawing a consent another organisation recorded ---------------------------------


def _withdraw(user, consent, **data):
    return login(Client(), user).post(
        f"/cases/consents/{consent.pk}/withdraw/", {"confirm": "on", **data}
    )


def _share_effective(world) -> bool:
    share = world.note_consent.shares.get()
    return Share.objects.effective(timezone.localdate()).filter(pk=share.pk).exists()


def test_another_organisation_cannot_withdraw_without_a_reason(world):
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = _withdraw(world.participant, world.consent)
    assert response.status_code == 200
    world.consent.refresh_from_db()
    assert world.consent.withdrawn_at is None
    assert _share_effective(world)
    assert not AuditEvent.objects.filter(pk__gt=before, action="cases.consent.withdrawn").exists()


def test_another_organisation_withdraws_with_a_recorded_reason(world):
    reason = "Hun trakk samtykket i samtale på krisesenteret 1. desember."
    response = _withdraw(world.participant, world.consent, reason=reason)
    assert response.status_code == 302
    world.consent.refresh_from_db()
    assert world.consent.withdrawn_at is not None
    assert not _share_effective(world)
    withdrawn = AuditEvent.objects.get(action="cases.consent.withdrawn")
    assert withdrawn.detail["reason"] == reason
    flagged = AuditEvent.objects.get(action=CONSENT_WITHDRAWN_FOR_OTHER_ACTION)
    assert flagged.organisation_id == str(world.crisis.pk)
    assert flagged.detail["recorded_by_organisation"] == str(world.police.pk)


def test_the_recording_organisation_withdraws_without_a_reason(world):
    response = _withdraw(world.referrer, world.consent)
    assert response.status_code == 302
    world.consent.refresh_from_db()
    assert world.consent.withdrawn_at is not None
    assert not AuditEvent.objects.filter(action=CONSENT_WITHDRAWN_FOR_OTHER_ACTION).exists()


def test_outsiders_cannot_withdraw_a_consent(world):
    response = _withdraw(world.outsider, world.consent, reason="Jeg vil.")
    assert response.status_code == 404
    world.consent.refresh_from_db()
    assert world.consent.withdrawn_at is None
