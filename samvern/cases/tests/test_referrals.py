"""Referral acceptance: a referred organisation sees only the referral's own fields until it
accepts; its answer (accept, decline with a reason), withdrawal, the deadline in working
days, and the pages and API that show them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.db.models import Max
from django.http import Http404
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases import referrals, selectors, services
from samvern.cases.access import (
    Need,
    access_case,
    access_consent,
    access_item,
    access_person,
    ever_participated_q,
    grant_for,
)
from samvern.cases.models import (
    Case,
    CaseParticipant,
    FeedbackKind,
    ReferralFeedback,
    ReferralSettings,
    ReferralStatus,
)
from samvern.cases.referrals import ReferralNeed, access_referral
from samvern.cases.services import CaseRuleError
from samvern.cases.tests.conftest import (
    EXPOSED_NAME,
    PENDING_CONTACT_RULES,
    PENDING_REASON,
    PROTECTED_POSTCODE,
    PROTECTED_STREET,
    accept_referral,
)
from samvern.core.workdays import add_working_days

pytestmark = pytest.mark.django_db


def _actor(world: Any, user: Any = None) -> Actor:
    user = user or world.pending_worker
    return Actor.load(user, organisation=world.family)


def _secrets(world: Any) -> list[str]:
    """What the pending organisation must never read: persons' names, the case's
    reference, its reason, its notes and documents, the protected address."""
    names = [
        part
        for person in world.case.persons.all()
        for part in (person.first_name, person.last_name)
    ]
    return [
        *names,
        EXPOSED_NAME[0],
        EXPOSED_NAME[1],
        PROTECTED_STREET,
        PROTECTED_POSTCODE,
        world.case.reference,
        world.case.reason,
        world.note_all.title,
        world.note_private.title,
        world.note_consent.title,
        "Ring bare mellom 10 og 12",  # the person's safe-contact instructions
    ]


# --- the deadline ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (dt.date(2029, 3, 2), 5, dt.date(2029, 3, 9)),  # Friday → next Friday
        (dt.date(2029, 3, 1), 1, dt.date(2029, 3, 2)),  # Thursday → Friday
        (dt.date(2029, 3, 2), 1, dt.date(2029, 3, 5)),  # Friday → Monday
        (dt.date(2029, 3, 3), 1, dt.date(2029, 3, 5)),  # Saturday → Monday
        (dt.date(2029, 3, 4), 5, dt.date(2029, 3, 9)),  # Sunday → Friday
        (dt.date(2029, 3, 5), 10, dt.date(2029, 3, 19)),  # two weeks
        # Easter 2029: Maundy Thursday 29 March to Easter Monday 2 April are holidays.
        (dt.date(2029, 3, 28), 1, dt.date(2029, 4, 3)),
        (dt.date(2029, 3, 26), 5, dt.date(2029, 4, 5)),
        # 17 May 2029 is a Thursday; Christmas 2028: Monday 25 and Tuesday 26 December.
        (dt.date(2029, 5, 16), 1, dt.date(2029, 5, 18)),
        (dt.date(2028, 12, 22), 1, dt.date(2028, 12, 27)),
        (dt.date(2028, 12, 29), 1, dt.date(2029, 1, 2)),  # New Year's Day in between
    ],
)
def test_the_deadline_counts_working_days_and_skips_weekends_and_holidays(start, days, expected):
    assert add_working_days(start, days) == expected


def test_the_partnership_sets_its_deadline_and_five_days_is_the_default(world):
    friday = dt.date(2029, 3, 2)
    assert referrals.response_deadline(world.partnership, friday) == dt.date(2029, 3, 9)
    coordinator = Actor.load(world.coordinator, organisation=world.municipality)
    services.set_response_days(actor=coordinator, partnership=world.partnership, days=2)
    assert referrals.response_deadline(world.partnership, friday) == dt.date(2029, 3, 6)
    assert AuditEvent.objects.filter(action="cases.referral_settings.updated").exists()


def test_only_the_coordinator_sets_the_deadline_and_within_limits(world):
    police = Actor.load(world.referrer, organisation=world.police)
    with pytest.raises(CaseRuleError):
        services.set_response_days(actor=police, partnership=world.partnership, days=2)
    coordinator = Actor.load(world.coordinator, organisation=world.municipality)
    with pytest.raises(CaseRuleError):
        services.set_response_days(actor=coordinator, partnership=world.partnership, days=0)
    assert not ReferralSettings.objects.exists()


def test_the_settings_page_saves_the_days(world):
    client = login(Client(), world.coordinator)
    url = f"/cases/referrals/settings/{world.partnership.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"response_working_days": "40"}).status_code == 200
    assert not ReferralSettings.objects.exists()
    assert client.post(url, {"response_working_days": "3"}).status_code == 302
    assert ReferralSettings.objects.get().response_working_days == 3


def test_a_new_referral_is_pending_with_its_deadline_and_who_referred(world):
    referral = world.pending_referral
    assert referral.status == ReferralStatus.PENDING
    assert referral.added_on is None and referral.removed_on is None
    assert referral.referring_organisation == world.police
    assert referral.added_by == world.referrer
    assert referral.respond_by == add_working_days(referral.referred_on, 5)
    assert referral.reason == PENDING_REASON


def test_the_referring_organisation_is_accepted_from_the_start(world):
    own = CaseParticipant.objects.get(case=world.case, organisation=world.police)
    assert own.status == ReferralStatus.ACCEPTED
    assert own.added_on == world.case.referred_on
    assert own.referring_organisation == world.police


# --- a pending organisation sees nothing of the case ---------------------------------------


def test_a_pending_organisation_has_no_grant_anywhere(world):
    actor = _actor(world)
    assert grant_for(actor, world.case) is None
    for need in Need:
        with pytest.raises(Http404):
            access_case(actor, world.case.pk, need)
    with pytest.raises(Http404):
        access_person(actor, world.exposed.pk, Need.VIEW)
    with pytest.raises(Http404):
        access_item(actor, world.note_all.pk, Need.VIEW)  # shared with all participants
    with pytest.raises(Http404):
        access_consent(actor, world.consent.pk, Need.VIEW)
    assert not selectors.case_list(actor=actor).exists()
    assert world.family not in selectors.current_participant_organisations(case=world.case)
    assert not Case.objects.filter(ever_participated_q(world.family, dt.date.today())).exists()


def test_the_layers_above_cases_give_a_pending_organisation_nothing(world):
    from samvern.checklists.access import access_checklist_case
    from samvern.checklists.selectors import open_items_for_organisation
    from samvern.safetyplans.access import access_plan
    from samvern.safetyplans.selectors import participating_organisations

    actor = _actor(world)
    with pytest.raises(Http404):
        access_plan(actor, world.exposed.pk, Need.VIEW)
    with pytest.raises(Http404):
        access_checklist_case(actor, world.case.pk, Need.VIEW)
    assert open_items_for_organisation(actor, day=dt.date.today()) == []
    assert world.family not in participating_organisations(case=world.case)


def test_sharing_with_a_pending_organisation_by_name_is_refused(world):
    from samvern.cases.models import LegalBasis, ShareScope
    from samvern.cases.services import ShareData

    with pytest.raises(CaseRuleError):
        services.add_note(
            actor=Actor.load(world.referrer, organisation=world.police),
            case=world.case,
            title="Til familievernet",
            body="x",
            share=ShareData(
                scope=ShareScope.NAMED,
                legal_basis=LegalBasis.AVERT_CRIME,
                purpose="x",
                recipients=[world.family],
            ),
        )


def _walk(patterns: list[Any], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes.extend(_walk(pattern.url_patterns, route))
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


CASE_PREFIXES = (
    "cases/",
    "safety-plans/",
    "checklists/",
    "api/v1/cases",
    "api/v1/safety-plans",
    "api/v1/checklists",
)


def _fill(route: str, ids: dict[str, str]) -> str | None:
    names = re.findall(r"<\w+:(\w+)>", route)
    if any(name not in ids for name in names):
        return None
    return "/" + re.sub(r"<\w+:(\w+)>", lambda m: ids[m.group(1)], route)


def test_every_page_and_api_answer_of_a_pending_organisation_holds_no_case_content(world):
    """Acceptance: the pending organisation's case worker walks every case-layer, safety
    plan and checklist route (pages and API) with the case's identifiers; every answer —
    the referral pages included — is searched for every person's name and the case's
    secrets. Only the referral's own fields are shown."""
    from samvern.cases.tests.conftest import add_matrix_items

    add_matrix_items(world)
    ids = {
        "case_id": str(world.case.pk),
        "person_id": str(world.exposed.pk),
        "item_id": str(world.document.pk),
        "assessment_id": str(world.assessment.pk),
        "consent_id": str(world.consent.pk),
        "referral_id": str(world.pending_referral.pk),
        "partnership_id": str(world.partnership.pk),
    }
    secrets = [*_secrets(world), world.document.title]
    client = login(Client(), world.pending_worker)
    allowed = {
        "/cases/",
        "/cases/refer/",
        "/cases/referrals/",
        "/cases/referrals/mine/",
        f"/cases/referrals/{world.pending_referral.pk}/",
        f"/cases/referrals/{world.pending_referral.pk}/accept/",
        f"/cases/referrals/{world.pending_referral.pk}/decline/",
        "/api/v1/cases/",
        "/api/v1/cases/referrals/",
        "/api/v1/cases/referrals/mine/",
        f"/api/v1/cases/referrals/{world.pending_referral.pk}/",
    }
    failures = []
    walked = 0
    for route in _walk(get_resolver().url_patterns):
        if not route.startswith(CASE_PREFIXES):
            continue
        url = _fill(route, ids)
        if url is None:
            continue
        walked += 1
        response = client.get(url)
        body = response.content.decode(errors="replace")
        leaked = [s for s in secrets if s in body]
        if leaked:
            failures.append(f"{url} ({response.status_code}) shows {leaked}")
        expected = (200,) if url in allowed else (404, 405)
        if response.status_code not in expected:
            failures.append(f"{url}: {response.status_code} not in {expected}")
    assert walked > 40
    assert not failures, "\n".join(failures)
    # What it does see: the referral's own fields.
    page = client.get(f"/cases/referrals/{world.pending_referral.pk}/").content.decode()
    assert PENDING_REASON in page and PENDING_CONTACT_RULES in page
    listed = client.get("/cases/referrals/").content.decode()
    assert "Trenger samtaler" in listed
    api = client.get("/api/v1/cases/referrals/").json()["results"]
    assert [row["referral"]["reason"] for row in api] == [PENDING_REASON]
    assert api[0]["case_id"] is None and api[0]["case_reference"] == ""


def test_accepting_opens_the_case_and_tells_the_referrer(world):
    client = login(Client(), world.pending_worker)
    url = f"/cases/referrals/{world.pending_referral.pk}/accept/"
    assert client.post(url, {}).status_code == 200  # the confirmation is required
    assert CaseParticipant.objects.get(pk=world.pending_referral.pk).is_pending
    mail.outbox.clear()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    referral = CaseParticipant.objects.get(pk=world.pending_referral.pk)
    assert referral.status == ReferralStatus.ACCEPTED and referral.added_on is not None
    assert referral.responded_by == world.pending_worker
    assert client.get(f"/cases/{world.case.pk}/").status_code == 200
    update = ReferralFeedback.objects.get(referral=referral)
    assert update.kind == FeedbackKind.ACCEPTED and update.by_organisation == world.family
    assert AuditEvent.objects.filter(action="cases.referral.accepted").exists()
    # The referrer is e-mailed, without names, reference or content.
    assert [m.to for m in mail.outbox] == [[world.referrer.email]]
    body = mail.outbox[0].body + mail.outbox[0].subject
    assert "/cases/referrals/mine/" in body
    assert not [s for s in _secrets(world) if s in body]
    assert world.family.name not in body
    # And sees it on "my referrals".
    mine = login(Client(), world.referrer).get("/cases/referrals/mine/").content.decode()
    assert "Testfamilievernet" in mine


def test_declining_needs_a_reason_and_leaves_the_case_closed_to_them(world):
    client = login(Client(), world.pending_worker)
    url = f"/cases/referrals/{world.pending_referral.pk}/decline/"
    before = AuditEvent.objects.aggregate(last=Max("pk"))["last"]
    assert client.post(url, {"reason": "  "}).status_code == 200
    assert CaseParticipant.objects.get(pk=world.pending_referral.pk).is_pending
    assert not AuditEvent.objects.filter(pk__gt=before, action="cases.referral.declined").exists()
    response = client.post(url, {"reason": "Ikke vår målgruppe; prøv familiekontoret."})
    assert response.status_code == 302
    referral = CaseParticipant.objects.get(pk=world.pending_referral.pk)
    assert referral.status == ReferralStatus.DECLINED and referral.removed_on is not None
    assert referral.added_on is None
    assert client.get(f"/cases/{world.case.pk}/").status_code == 404
    assert client.get(f"/cases/referrals/{referral.pk}/decline/").status_code == 404
    # The referrer sees the decline and its reason, on the case page and on "my referrals".
    police = login(Client(), world.referrer)
    case_page = police.get(f"/cases/{world.case.pk}/").content.decode()
    assert "Ikke vår målgruppe" in case_page
    assert "Ikke vår målgruppe" in police.get(f"/cases/referrals/{referral.pk}/").content.decode()
    assert ReferralFeedback.objects.get(referral=referral).kind == FeedbackKind.DECLINED
    # The organisation can be referred again.
    services.add_participant(
        actor=Actor.load(world.referrer, organisation=world.police),
        case=world.case,
        participant=world.family,
        reason="Ny vurdering",
    )


def test_the_referrer_withdraws_a_pending_referral(world):
    client = login(Client(), world.referrer)
    url = f"/cases/referrals/{world.pending_referral.pk}/withdraw/"
    assert client.post(url, {"confirm": "on"}).status_code == 302
    referral = CaseParticipant.objects.get(pk=world.pending_referral.pk)
    assert referral.status == ReferralStatus.WITHDRAWN
    family = login(Client(), world.pending_worker)
    assert family.get(f"/cases/referrals/{referral.pk}/accept/").status_code == 404
    assert "Trenger samtaler" not in family.get("/cases/referrals/").content.decode()


def test_only_the_receiving_organisation_answers(world):
    """Everyone else gets 404 and nothing changes: the referrer, the crisis centre taking
    part, the coordinator, an outsider."""
    updates = ReferralFeedback.objects.count()
    for user in (world.referrer, world.participant, world.coordinator, world.outsider):
        client = login(Client(), user)
        for action, data in (("accept", {"confirm": "on"}), ("decline", {"reason": "x"})):
            url = f"/cases/referrals/{world.pending_referral.pk}/{action}/"
            assert client.post(url, data).status_code == 404
            api = client.post(
                f"/api/v1/cases/referrals/{world.pending_referral.pk}/{action}/", data
            )
            assert api.status_code == 404
    referral = CaseParticipant.objects.get(pk=world.pending_referral.pk)
    assert referral.is_pending and referral.updated_at == world.pending_referral.updated_at
    assert ReferralFeedback.objects.count() == updates


def test_the_api_accepts_and_declines(world):
    client = login(Client(), world.pending_worker)
    url = f"/api/v1/cases/referrals/{world.pending_referral.pk}/"
    response = client.post(f"{url}decline/", {"reason": ""}, content_type="application/json")
    assert response.status_code == 400
    assert CaseParticipant.objects.get(pk=world.pending_referral.pk).is_pending
    response = client.post(f"{url}accept/")
    assert response.status_code == 200
    assert response.json()["referral"]["status"] == "accepted"
    assert response.json()["case_reference"] == world.case.reference  # now it may know
    assert client.get(f"/api/v1/cases/{world.case.pk}/").status_code == 200


def test_an_overdue_referral_is_marked_for_both_sides(world):
    CaseParticipant.objects.filter(pk=world.pending_referral.pk).update(
        referred_on=dt.date.today() - dt.timedelta(days=20),
        respond_by=dt.date.today() - dt.timedelta(days=10),
    )
    assert CaseParticipant.objects.get(pk=world.pending_referral.pk).is_overdue(dt.date.today())
    police = login(Client(), world.referrer)
    case_page = police.get(f"/cases/{world.case.pk}/").content.decode()
    section = case_page[case_page.index('data-testid="case-referrals"') :]
    assert "Overdue" in section or "Over fristen" in section
    mine = police.get("/cases/referrals/mine/").content.decode()
    assert "Overdue" in mine or "Over fristen" in mine
    to_us = login(Client(), world.pending_worker).get("/cases/referrals/").content.decode()
    assert "is-overdue" in to_us


def test_the_case_page_shows_pending_referrals_to_those_taking_part(world):
    crisis = login(Client(), world.participant).get(f"/cases/{world.case.pk}/").content.decode()
    section = crisis[crisis.index('data-testid="case-referrals"') :]
    assert "Testfamilievernet" in section


def test_closing_tells_the_referrer_the_outcome(world):
    accept_referral(world.pending_referral, world.pending_worker)
    police = Actor.load(world.referrer, organisation=world.police)
    access = access_case(police, world.case.pk, Need.CONFERENCE)
    services.transition_case(actor=police, access=access, to_state="screened")
    mail.outbox.clear()
    access = access_case(police, world.case.pk, Need.CONFERENCE)
    services.transition_case(
        actor=police, access=access, to_state="closed", note="Flyttet.", outcome="moved"
    )
    updates = ReferralFeedback.objects.filter(kind=FeedbackKind.CLOSED)
    assert [(u.referral.organisation, u.outcome) for u in updates] == [(world.police, "moved")]
    assert len(mail.outbox) == 1 and "Flyttet" not in mail.outbox[0].body


def test_a_wrong_outcome_is_refused(world):
    police = Actor.load(world.referrer, organisation=world.police)
    access = access_case(police, world.case.pk, Need.CONFERENCE)
    with pytest.raises(CaseRuleError):
        services.transition_case(actor=police, access=access, to_state="screened", outcome="moved")
    assert Case.objects.get(pk=world.case.pk).state == "referred"


def test_feedback_for_heard_and_action_points_goes_to_the_case_referral(world):
    from samvern.cases.services import feedback

    accept_referral(world.pending_referral, world.pending_worker)
    heard = feedback.record_heard(
        actor=None, case=world.case, on=dt.date(2029, 3, 1), source_key="item-1"
    )
    assert [u.referral.organisation for u in heard] == [world.police]
    assert (
        feedback.record_heard(
            actor=None, case=world.case, on=dt.date(2029, 3, 1), source_key="item-1"
        )
        == []
    )
    first = feedback.record_action_points(
        actor=None,
        case=world.case,
        organisation=world.police,
        count=1,
        on=dt.date(2029, 3, 1),
        source_key="item-1",
    )
    again = feedback.record_action_points(
        actor=None,
        case=world.case,
        organisation=world.police,
        count=2,
        on=dt.date(2029, 3, 1),
        source_key="item-1",
    )
    assert first is not None and again is not None and first.pk == again.pk
    assert ReferralFeedback.objects.get(pk=first.pk).count == 2
    # An organisation that referred nothing hears nothing.
    assert (
        feedback.record_action_points(
            actor=None,
            case=world.case,
            organisation=world.crisis,
            count=1,
            on=dt.date(2029, 3, 1),
            source_key="item-1",
        )
        is None
    )


def test_access_referral_refuses_everyone_but_the_two_sides(world):
    for user, organisation in (
        (world.participant, world.crisis),
        (world.coordinator, world.municipality),
        (world.outsider, world.outsider_org),
        (world.dpo, world.police),
    ):
        with pytest.raises(Http404):
            access_referral(
                Actor.load(user, organisation=organisation),
                world.pending_referral.pk,
                ReferralNeed.VIEW,
            )
    found = access_referral(
        Actor.load(world.referrer, organisation=world.police),
        world.pending_referral.pk,
        ReferralNeed.VIEW,
    )
    assert found.referring and not found.receiving and found.may_withdraw


# --- a case referred for another organisation (the outreach queue) --------------------------


def _on_behalf(world: Any, *, actor: Actor, person_referring: Any) -> Any:
    from samvern.cases.models import PersonRole, ReferralSource
    from samvern.cases.services import PersonData, Referrer

    return services.refer_case(
        actor=actor,
        partnership=world.partnership,
        source=ReferralSource.POLICE_INCIDENT,
        reason="Politiets melding om vold.",
        referred_on=dt.date(2029, 3, 2),  # a Friday
        person=PersonData(role=PersonRole.EXPOSED, first_name="Hedda", last_name="Kvamme"),
        more_persons=[PersonData(role=PersonRole.CHILD, first_name="Oskar", last_name="Kvamme")],
        on_behalf_of=Referrer(organisation=world.police, user=person_referring),
        referred_to=[world.family],
        day=dt.date(2029, 3, 2),
    )


def test_a_case_referred_for_the_police_is_theirs_with_a_pending_referral(world):
    crisis = Actor.load(world.participant, organisation=world.crisis)
    case = _on_behalf(world, actor=crisis, person_referring=world.referrer)
    assert (case.referring_organisation, case.referred_by) == (world.police, world.referrer)
    assert sorted(case.persons.values_list("first_name", flat=True)) == ["Hedda", "Oskar"]
    own = case.participants.get(organisation=world.police)
    assert own.status == ReferralStatus.ACCEPTED and own.added_by == world.referrer
    pending = case.participants.get(organisation=world.family)
    assert pending.is_pending and pending.added_by == world.referrer
    assert pending.referring_organisation == world.police
    assert pending.respond_by == dt.date(2029, 3, 9)  # five working days, not the weekend
    assert not case.participants.filter(organisation=world.crisis).exists()
    event = AuditEvent.objects.get(action="cases.case.referred", detail__case=str(case.pk))
    assert event.actor_id == str(world.participant.pk)
    assert event.detail["on_behalf_of"] == str(world.police.pk)


@pytest.mark.parametrize("who", ["not_of_the_police", "outsider", "dpo"])
def test_a_case_referred_for_another_organisation_is_refused_outside_the_rules(world, who):
    actor, person = {
        # the person referring must work for the organisation referring
        "not_of_the_police": (
            Actor.load(world.participant, organisation=world.crisis),
            world.participant,
        ),
        # the acting organisation must be a member of the partnership
        "outsider": (Actor.load(world.outsider, organisation=world.outsider_org), world.referrer),
        # and the actor hold a case content role there
        "dpo": (Actor.load(world.dpo, organisation=world.police), world.referrer),
    }[who]
    before = CaseParticipant.objects.count()
    with pytest.raises(CaseRuleError):
        _on_behalf(world, actor=actor, person_referring=person)
    assert CaseParticipant.objects.count() == before
