"""Rules of the case layer tested through services and pages: identity numbers,
repeats, participation over time, state transitions, uploads, matching and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases import identity, services
from samvern.cases.access import Need, access_case
from samvern.cases.models import (
    CaseParticipant,
    CaseState,
    Person,
    PersonRole,
    ReferralSource,
    ReferralStatus,
)
from samvern.cases.services import CaseRuleError, PersonData
from samvern.cases.tests.conftest import accept_referral, valid_nin
from samvern.partnerships.models import PartnershipMember


def _refer(world, *, referred_on=None, **person):
    return services.refer_case(
        actor=Actor.load(world.referrer, organisation=world.police),
        partnership=world.partnership,
        source=ReferralSource.POLICE_INCIDENT,
        reason="Ny melding",
        referred_on=referred_on or dt.date.today(),
        person=PersonData(role=PersonRole.EXPOSED, **person),
    )


# --- identity numbers --------------------------------------------------------------------


def test_identity_number_check_digits_are_validated():
    number = valid_nin()
    assert identity.validate_nin(number[:6] + " " + number[6:]) == number
    wrong = number[:10] + str((int(number[10]) + 1) % 10)
    with pytest.raises(ValidationError):
        identity.validate_nin(wrong)
    with pytest.raises(ValidationError):
        identity.validate_nin("1234")


@pytest.mark.django_db
def test_identity_number_is_encrypted_hashed_and_masked(world):
    person = world.exposed
    number = valid_nin()
    assert number not in person.nin_encrypted
    assert identity.decrypt_nin(person.nin_encrypted) == number
    assert person.nin_hash == identity.hash_nin(number) and number not in person.nin_hash
    assert person.nin_masked == number[:6] + "*****"
    page = login(Client(), world.referrer).get(f"/cases/{world.case.pk}/").content.decode()
    assert number not in page and person.nin_masked in page


@pytest.mark.django_db
def test_referral_form_rejects_a_bad_identity_number_and_creates_nothing(world):
    client = login(Client(), world.referrer)
    before = Person.objects.count()
    response = client.post(
        "/cases/refer/",
        {
            "partnership": str(world.partnership.pk),
            "source": "police_incident",
            "referred_on": dt.date.today().isoformat(),
            "reason": "x",
            "first_name": "A",
            "last_name": "B",
            "gender": "unknown",
            "identity_number": "01019012346",
        },
    )
    assert response.status_code == 200
    assert "kontrollsifrene" in response.content.decode().lower() or "check digits" in (
        response.content.decode().lower()
    )
    assert Person.objects.count() == before


# --- referral, repeat, matching ---------------------------------------------------------------


@pytest.mark.django_db
def test_referral_through_the_page_is_audited_and_gives_the_referrer_access(world):
    client = login(Client(), world.participant)
    response = client.post(
        "/cases/refer/",
        {
            "partnership": str(world.partnership.pk),
            "source": "crisis_centre",
            "referred_on": dt.date.today().isoformat(),
            "reason": "Bor på senteret",
            "first_name": "Ola",
            "last_name": "Prøve",
            "gender": "male",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="cases.case.referred").latest("id")
    assert event.actor_label == "participant"
    assert login(Client(), world.participant).get(response["Location"]).status_code == 200
    assert login(Client(), world.member_worker).get(response["Location"]).status_code == 404


@pytest.mark.django_db
def test_non_member_cannot_refer_to_the_partnership(world):
    with pytest.raises(CaseRuleError):
        services.refer_case(
            actor=Actor.load(world.outsider, organisation=world.outsider_org),
            partnership=world.partnership,
            source="other",
            reason="x",
            referred_on=dt.date.today(),
            person=PersonData(role=PersonRole.EXPOSED, first_name="A", last_name="B"),
        )


@pytest.mark.django_db
def test_new_referral_within_twelve_months_of_closure_is_a_repeat(world):
    case = access_case(
        Actor.load(world.referrer, organisation=world.police), world.case.pk, Need.VIEW
    )
    services.transition_case(
        actor=Actor.load(world.referrer, organisation=world.police),
        access=case,
        to_state=CaseState.CLOSED,
        note="Avsluttet",
    )
    repeat = _refer(world, first_name="Tiril", last_name="Fjellstad", identity_number=valid_nin())
    assert repeat.is_repeat and repeat.repeat_of == world.case
    assert AuditEvent.objects.filter(
        action="cases.case.flagged_repeat", target_id=str(repeat.pk)
    ).exists()
    other = _refer(world, first_name="Annen", last_name="Person")
    assert not other.is_repeat


@pytest.mark.django_db
def test_name_and_birth_date_match_needs_confirmation_then_flags_repeat(world):
    case = access_case(
        Actor.load(world.referrer, organisation=world.police), world.case.pk, Need.VIEW
    )
    services.transition_case(
        actor=Actor.load(world.referrer, organisation=world.police),
        access=case,
        to_state=CaseState.CLOSED,
        note="Avsluttet",
    )
    new = _refer(world, first_name="tiril", last_name="FJELLSTAD", birth_date=dt.date(1990, 1, 1))
    assert not new.is_repeat
    person = new.persons.get()
    client = login(Client(), world.referrer)
    page = client.get(f"/cases/persons/{person.pk}/match/").content.decode()
    assert str(world.exposed.pk) in page
    response = client.post(
        f"/cases/persons/{person.pk}/match/", {"other": str(world.exposed.pk), "confirm": "on"}
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.is_repeat
    assert AuditEvent.objects.filter(
        action="cases.person.matched", detail__method="confirmed"
    ).exists()


@pytest.mark.django_db
def test_match_candidates_only_come_from_cases_the_user_may_see(world):
    """The crisis centre refers the same name; the police case is not offered to it
    unless the crisis centre takes part (here it does), and child welfare sees none."""
    services.remove_participant(
        actor=Actor.load(world.referrer, organisation=world.police),
        case=world.case,
        participation=world.case.participants.get(organisation=world.crisis),
        reason="Ferdig",
    )
    new = services.refer_case(
        actor=Actor.load(world.participant, organisation=world.crisis),
        partnership=world.partnership,
        source="crisis_centre",
        reason="x",
        referred_on=dt.date.today(),
        person=PersonData(
            role=PersonRole.EXPOSED,
            first_name="Tiril",
            last_name="Fjellstad",
            birth_date=dt.date(1990, 1, 1),
        ),
    )
    person = new.persons.get()
    page = login(Client(), world.participant).get(f"/cases/persons/{person.pk}/match/")
    assert str(world.exposed.pk) not in page.content.decode()


# --- participation over time ----------------------------------------------------------------


@pytest.mark.django_db
def test_organisation_that_leaves_the_partnership_loses_access(world):
    client = login(Client(), world.participant)
    url = f"/cases/{world.case.pk}/"
    assert client.get(url).status_code == 200
    member = PartnershipMember.objects.get(partnership=world.partnership, organisation=world.crisis)
    member.left_on = dt.date.today()
    member.save(update_fields=["left_on"])
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/cases/{world.case.pk}/").status_code == 404
    assert "Risikokonferanse" not in client.get("/cases/").content.decode() or (
        world.case.reference not in client.get("/cases/").content.decode()
    )
    # History stays.
    assert world.case.participants.filter(organisation=world.crisis).exists()


@pytest.mark.django_db
def test_removed_participant_loses_access_but_dpo_keeps_the_log(world):
    services.remove_participant(
        actor=Actor.load(world.referrer, organisation=world.police),
        case=world.case,
        participation=world.case.participants.get(organisation=world.crisis),
        reason="Ferdig",
    )
    assert login(Client(), world.participant).get(f"/cases/{world.case.pk}/").status_code == 404


@pytest.mark.django_db
def test_case_can_only_be_shared_with_current_members(world):
    case = access_case(
        Actor.load(world.referrer, organisation=world.police), world.case.pk, Need.ADD_PARTICIPANT
    )
    with pytest.raises(CaseRuleError):
        services.add_participant(
            actor=Actor.load(world.referrer, organisation=world.police),
            case=case.case,
            participant=world.outsider_org,
            reason="x",
        )
    client = login(Client(), world.coordinator)
    response = client.post(
        f"/cases/{world.case.pk}/participants/add/",
        {"organisation": str(world.child_welfare.pk), "reason": "Barn"},
    )
    assert response.status_code == 302
    # A referral: child welfare sees the case only once it accepts.
    referral = CaseParticipant.objects.get(case=world.case, organisation=world.child_welfare)
    assert referral.status == ReferralStatus.PENDING and referral.added_on is None
    assert login(Client(), world.member_worker).get(f"/cases/{world.case.pk}/").status_code == 404
    accept_referral(referral, world.member_worker)
    assert login(Client(), world.member_worker).get(f"/cases/{world.case.pk}/").status_code == 200
    assert AuditEvent.objects.filter(
        action="cases.participant.added", actor_label="coordinator"
    ).exists()


# --- states ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_state_transitions_follow_the_rules(world):
    case = access_case(
        Actor.load(world.referrer, organisation=world.police), world.case.pk, Need.VIEW
    )
    with pytest.raises(CaseRuleError):
        services.transition_case(
            actor=Actor.load(world.referrer, organisation=world.police),
            access=case,
            to_state=CaseState.HEARD,
        )
    with pytest.raises(CaseRuleError):
        services.transition_case(
            actor=Actor.load(world.referrer, organisation=world.police),
            access=case,
            to_state=CaseState.CLOSED,
        )  # a note is required
    for state in (CaseState.SCREENED, CaseState.AWAITING_CONFERENCE):
        services.transition_case(
            actor=Actor.load(world.referrer, organisation=world.police), access=case, to_state=state
        )
    assert AuditEvent.objects.filter(action="cases.case.state_changed").count() == 2


@pytest.mark.django_db
def test_coordinator_runs_the_agenda_but_cannot_close(world):
    case = access_case(
        Actor.load(world.referrer, organisation=world.police), world.case.pk, Need.VIEW
    )
    services.transition_case(
        actor=Actor.load(world.referrer, organisation=world.police),
        access=case,
        to_state=CaseState.SCREENED,
    )
    client = login(Client(), world.coordinator)
    url = f"/cases/{world.case.pk}/state/"
    assert client.post(url, {"to_state": "closed", "note": "x"}).status_code == 200
    assert client.post(url, {"to_state": "awaiting_conference"}).status_code == 302
    world.case.refresh_from_db()
    assert world.case.state == CaseState.AWAITING_CONFERENCE
    summary = client.get(f"/cases/{world.case.pk}/summary/").content.decode()
    assert world.case.reference in summary and "Tiril" not in summary


# --- uploads ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_upload_limits_and_type_checks(world, settings):
    client = login(Client(), world.referrer)
    url = f"/cases/{world.case.pk}/documents/add/"

    def post(name, content):
        return client.post(
            url, {"title": "Dok", "visibility": "author", "file": SimpleUploadedFile(name, content)}
        )

    assert post("x.exe", b"MZ...").status_code == 200
    assert post("x.pdf", b"not a pdf").status_code == 200
    settings.SAMVERN_UPLOAD_MAX_BYTES = 10
    assert post("x.pdf", b"%PDF-1.4 far too long").status_code == 200
    assert not world.case.items.filter(kind="document").exists()
    settings.SAMVERN_UPLOAD_MAX_BYTES = 1024
    assert post("x.pdf", b"%PDF-1.4 ok").status_code == 302
    item = world.case.items.get(kind="document")
    download = client.get(f"/cases/items/{item.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 ok"
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="cases.document.downloaded").exists()
    # Author only: the crisis centre does not see the private document.
    other = login(Client(), world.participant)
    assert other.get(f"/cases/items/{item.pk}/download/").status_code == 404


# --- reads are audited --------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_read_writes_an_audit_event_and_the_dpo_sees_it(world):
    client = login(Client(), world.participant)
    client.get(f"/cases/{world.case.pk}/")
    client.get(f"/cases/persons/{world.exposed.pk}/")
    client.get(f"/api/v1/cases/{world.case.pk}/")
    actions = set(
        AuditEvent.objects.filter(actor_label="participant").values_list("action", flat=True)
    )
    assert {"cases.case.viewed", "cases.person.viewed"} <= actions
    log = login(Client(), world.dpo).get(f"/cases/{world.case.pk}/access-log/")
    assert log.status_code == 200
    body = log.content.decode()
    assert world.participant.get_full_name() in body and "Åpnet en person i en sak" in body
    assert "Tiril" not in body  # the DPO sees who, not what


@pytest.mark.django_db
def test_private_note_is_invisible_to_other_participants(world):
    client = login(Client(), world.participant)
    page = client.get(f"/cases/{world.case.pk}/").content.decode()
    assert world.note_private.title not in page
    assert client.get(f"/cases/items/{world.note_private.pk}/").status_code == 404
    api = client.get(f"/api/v1/cases/{world.case.pk}/items/").json()
    assert world.note_private.title not in {item["title"] for item in api}
