"""Turning a police notice into a case referral, through the pages: the referral is the
police's (referred on the day, by the officer who registered the notice), the crisis
centre gets it as a pending referral that opens nothing of the case until it accepts
it, and the officer hears of each step on "My referrals". Only the receiving service
may do it; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.models import (
    Case,
    CaseParticipant,
    FeedbackKind,
    ReferralFeedback,
    ReferralSource,
    ReferralStatus,
)
from samvern.cases.referrals import add_working_days
from samvern.cases.services.feedback import record_heard
from samvern.outreach import services
from samvern.outreach.access import access_notice
from samvern.outreach.models import AttemptResult, EntryStatus, QueueEntry
from samvern.outreach.services import AttemptData, OutreachRuleError
from samvern.outreach.tests.conftest import CHILD, EXPOSED, USING, register
from samvern.partnerships.models import PartnershipMember

pytestmark = pytest.mark.django_db

FRIDAY = timezone.make_aware(dt.datetime(2029, 3, 2, 15, 0))


def _made(world) -> bool:
    return Case.objects.filter(referring_organisation=world.police).exists()


def _reached(world, notice) -> Client:
    client = login(Client(), world.adviser)
    response = client.post(f"/outreach/notices/{notice.pk}/attempts/add/", {"result": "reached"})
    assert response.status_code == 302
    return client


def test_the_notice_becomes_the_polices_referral_which_the_service_accepts(world, mailoutbox):
    notice = register(world)
    adviser = _reached(world, notice)
    response = adviser.post(f"/outreach/notices/{notice.pk}/refer/", {"reason": "Høy risiko."})
    today = timezone.localdate()

    case = Case.objects.get(referring_organisation=world.police)
    assert (case.referring_organisation, case.referred_by) == (world.police, world.officer)
    assert (case.referred_on, case.source) == (today, ReferralSource.POLICE_INCIDENT)
    own = case.participants.get(organisation=world.police)
    assert own.status == ReferralStatus.ACCEPTED
    assert (own.referred_on, own.referring_organisation, own.added_by) == (
        today,
        world.police,
        world.officer,
    )
    referral = case.participants.get(organisation=world.crisis)
    assert response["Location"] == f"/cases/referrals/{referral.pk}/"
    assert referral.status == ReferralStatus.PENDING
    assert (referral.referring_organisation, referral.added_by) == (world.police, world.officer)
    assert referral.referred_on == today
    assert referral.respond_by == add_working_days(today, 5)
    assert sorted(case.persons.values_list("first_name", flat=True)) == sorted(
        [EXPOSED[0], CHILD[0], USING[0]]
    )
    written = AuditEvent.objects.get(action="cases.case.referred")
    assert written.actor_id == str(world.adviser.pk)
    assert written.detail["on_behalf_of"] == str(world.police.pk)
    assert written.detail["referred_by"] == str(world.officer.pk)
    assert written.detail["notice"] == str(notice.pk)
    added = AuditEvent.objects.get(action="cases.participant.added")
    assert added.detail["participant"] == str(world.crisis.pk)
    assert added.detail["status"] == ReferralStatus.PENDING

    # Pending: the referral's own fields, not the case, its reference or its persons.
    assert adviser.get(f"/cases/{case.pk}/").status_code == 404
    page = adviser.get(f"/cases/referrals/{referral.pk}/").content.decode()
    assert "Høy risiko." in page and world.police.name in page
    assert case.reference not in page and USING[0] not in page
    notice_page = adviser.get(f"/outreach/notices/{notice.pk}/").content.decode()
    assert f"/cases/referrals/{referral.pk}/" in notice_page
    assert f"/cases/{case.pk}/" not in notice_page and case.reference not in notice_page

    # The crisis centre accepts; the case opens to it and the officer is told.
    response = adviser.post(f"/cases/referrals/{referral.pk}/accept/", {"confirm": "on"})
    assert response["Location"] == f"/cases/{case.pk}/"
    assert adviser.get(f"/cases/{case.pk}/").status_code == 200
    assert f"/cases/{case.pk}/" in adviser.get(f"/outreach/notices/{notice.pk}/").content.decode()
    update = ReferralFeedback.objects.get(referral=referral)
    assert (update.kind, update.on, update.by_organisation) == (
        FeedbackKind.ACCEPTED,
        today,
        world.crisis,
    )
    assert [m.to for m in mailoutbox] == [[world.officer.email]]
    assert USING[1] not in mailoutbox[0].body and case.reference not in mailoutbox[0].body

    # Heard at a conference: the police's own referral hears it, with the date.
    heard_on = today + dt.timedelta(days=3)
    record_heard(actor=None, case=case, on=heard_on, source_key="item-1")
    mine = login(Client(), world.officer).get("/cases/referrals/mine/").content.decode()
    with translation.override("nb"):
        for kind in (FeedbackKind.ACCEPTED, FeedbackKind.HEARD):
            assert str(kind.label) in mine
    assert f'datetime="{heard_on.isoformat()}"' in mine
    assert world.crisis.name in mine and case.reference in mine


@pytest.mark.parametrize("persona", ["officer", "nurse", "childworker", "privacy", "stranger"])
def test_only_the_receiving_service_turns_it_into_a_referral(world, persona):
    notice = register(world)
    _reached(world, notice)
    client = login(Client(), getattr(world, persona))
    response = client.post(f"/outreach/notices/{notice.pk}/refer/", {"reason": "Høy risiko."})
    if persona == "childworker":  # receives the notice, for the child: its own entry
        assert response.status_code == 302
        assert CaseParticipant.objects.get(organisation=world.child_welfare).is_pending
        return
    assert response.status_code == 404
    assert not _made(world)
    entry = QueueEntry.objects.get(notice=notice, organisation=world.crisis)
    assert entry.status == EntryStatus.REACHED and entry.case is None


def test_a_second_referral_and_a_police_no_longer_member_are_refused(world):
    notice = register(world)
    adviser = _reached(world, notice)
    PartnershipMember.objects.filter(organisation=world.police).update(
        left_on=timezone.localdate() - dt.timedelta(days=1)
    )
    response = adviser.post(f"/outreach/notices/{notice.pk}/refer/", {"reason": "Høy risiko."})
    assert response.status_code == 200
    assert "Testpolitiet" in response.content.decode()
    assert not _made(world)
    assert not AuditEvent.objects.filter(action="outreach.notice.referred").exists()

    PartnershipMember.objects.filter(organisation=world.police).update(left_on=None)
    made = adviser.post(f"/outreach/notices/{notice.pk}/refer/", {"reason": "Ja."})
    assert made.status_code == 302
    again = adviser.post(f"/outreach/notices/{notice.pk}/refer/", {"reason": "Igjen."})
    assert again.status_code == 200
    assert Case.objects.filter(referring_organisation=world.police).count() == 1
    assert CaseParticipant.objects.filter(case__referring_organisation=world.police).count() == 2


def test_a_referral_made_on_a_friday_is_answered_within_five_working_days(world):
    notice = register(world, now=FRIDAY - dt.timedelta(hours=1))
    actor = Actor.load(world.adviser, organisation=world.crisis)
    access = access_notice(actor, notice.pk)
    services.record_attempt(
        actor=actor, access=access, data=AttemptData(result=AttemptResult.REACHED), now=FRIDAY
    )
    referral = services.refer_notice(
        actor=actor, access=access_notice(actor, notice.pk), reason="Høy risiko.", now=FRIDAY
    )
    # Friday 2 March 2029 + 5 working days: Friday 9 March (the weekend does not count).
    assert referral.referred_on == dt.date(2029, 3, 2)
    assert referral.respond_by == dt.date(2029, 3, 9)
    assert referral.case.referred_on == dt.date(2029, 3, 2)
    assert not referral.is_overdue(dt.date(2029, 3, 9))
    assert referral.is_overdue(dt.date(2029, 3, 10))


def test_an_empty_reason_is_refused(world):
    notice = register(world)
    actor = Actor.load(world.adviser, organisation=world.crisis)
    with pytest.raises(OutreachRuleError):
        services.refer_notice(
            actor=actor, access=access_notice(actor, notice.pk), reason=" ", now=timezone.now()
        )
    assert not _made(world)
