"""Feedback to the referrer from the conference work: holding a conference tells the
organisation that referred each agenda case that it was heard (with the conference's date);
agreeing action points for that organisation tells it how many. Once each, e-mailed
without case content."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.cases.models import FeedbackKind, ReferralFeedback
from samvern.conferences.access import (
    ConferenceNeed,
    ItemNeed,
    access_agenda_item,
    access_conference,
)
from samvern.conferences.services import meeting, schedule
from samvern.conferences.services.meeting import ActionPointData
from samvern.conferences.tests.meeting_world import MeetingWorld, make_meeting_world
from samvern.conferences.tests.world import make_schedule_world, put_on_agenda

pytestmark = pytest.mark.django_db


def test_holding_the_conference_tells_the_referrer_the_case_was_heard():
    world = make_schedule_world(today=timezone.localdate())
    world.conference.date = world.today
    world.conference.save()
    put_on_agenda(world, world.case_a, world.case_review)
    mail.outbox.clear()
    coordinator = Actor.load(world.coordinator, organisation=world.org_of(world.coordinator))
    access = access_conference(
        coordinator, world.conference.pk, ConferenceNeed.MANAGE, day=world.today
    )
    schedule.hold_conference(actor=coordinator, access=access, day=world.today)
    heard = ReferralFeedback.objects.filter(kind=FeedbackKind.HEARD).select_related("referral")
    assert {u.referral.case_id for u in heard} == {world.case_a.pk, world.case_review.pk}
    for update in heard:
        assert update.on == world.today
        # The case's own referral: the organisation that referred the case.
        assert update.referral.organisation_id == update.referral.case.referring_organisation_id
    assert len(mail.outbox) == heard.count()
    for message in mail.outbox:
        assert world.case_a.reference not in message.body
        assert world.case_review.reference not in message.body


@pytest.fixture
def meeting_world() -> MeetingWorld:
    return make_meeting_world()


def test_action_points_for_the_referring_organisation_are_counted_once_per_item(meeting_world):
    world = meeting_world
    police = Actor.load(world.police_worker)
    access = access_agenda_item(police, world.item_a.pk, ItemNeed.MEETING)
    for text in ("Følge opp besøksforbud.", "Vurdere voldsalarm."):
        meeting.add_action_point(
            actor=police,
            access=access,
            data=ActionPointData(
                organisation=world.police,
                assignee=None,
                description=text,
                due_on=world.conference.date,
            ),
        )
    update = ReferralFeedback.objects.get(kind=FeedbackKind.ACTION_POINTS)
    assert update.count == 2 and update.on == world.conference.date
    assert update.referral.organisation == world.police
    # A point for another organisation is not the referrer's news.
    meeting.add_action_point(
        actor=police,
        access=access,
        data=ActionPointData(
            organisation=world.welfare,
            assignee=None,
            description="Samtale med skolen.",
            due_on=world.conference.date,
        ),
    )
    assert ReferralFeedback.objects.filter(kind=FeedbackKind.ACTION_POINTS).count() == 1
