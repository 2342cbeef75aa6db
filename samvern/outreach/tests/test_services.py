"""Registering a notice, routing it to the designated services, skipping people already
followed, attempts and their outcome, and turning a notice into a case referral — each
write with its audit event, each refusal leaving nothing behind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.audit.models import AuditEvent
from samvern.cases.identity import hash_nin
from samvern.cases.models import Case, CaseParticipant, CaseState, PersonRole
from samvern.cases.tests.conftest import valid_nin
from samvern.directory.models import Service, ServiceKind
from samvern.outreach import services
from samvern.outreach.access import access_notice
from samvern.outreach.models import (
    Attempt,
    AttemptResult,
    EntryStatus,
    Notice,
    NoticeBasis,
    NoticePerson,
    PersonKind,
    QueueEntry,
)
from samvern.outreach.services import AttemptData, NoticePersonData, OutreachRuleError
from samvern.outreach.tests.conftest import EXPOSED, FOLLOWED, notice_data, register

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2029, 3, 2, 15, 0))  # a Friday afternoon


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


def test_a_notice_goes_to_the_service_designated_for_each_kind_of_person(world):
    notice = register(world, now=NOW)
    entries = {e.organisation: e for e in notice.entries.all()}
    assert set(entries) == {world.crisis, world.child_welfare}
    assert entries[world.crisis].person_kinds == [PersonKind.EXPOSED_ADULT]
    assert entries[world.child_welfare].person_kinds == [PersonKind.CHILD]
    assert entries[world.crisis].deadline == NOW + dt.timedelta(hours=48)
    assert {e.status for e in entries.values()} == {EntryStatus.OPEN}
    assert notice.persons.count() == 3
    assert notice.registered_by == world.officer
    event = AuditEvent.objects.get(action="outreach.notice.registered")
    assert event.target_id == str(notice.pk)
    assert event.detail["receivers"] == ["Testbarnevernet", "Testkrisesenteret"]


def test_working_days_move_the_deadline_past_the_weekend(world):
    settings = world.partnership.outreach_settings
    settings.working_days_only = True
    settings.save()
    notice = register(world, now=NOW)
    entry = notice.entries.get(organisation=world.crisis)
    assert entry.deadline == timezone.make_aware(dt.datetime(2029, 3, 6, 15, 0))


def test_a_person_followed_in_an_open_case_is_skipped_and_the_queue_says_so(world):
    notice = register(
        world,
        now=NOW,
        persons=(
            NoticePersonData(
                kind=PersonKind.EXPOSED_ADULT,
                first_name=FOLLOWED[0].upper(),
                last_name=FOLLOWED[1],
                birth_date=FOLLOWED[2],
            ),
        ),
    )
    person = notice.persons.get()
    assert person.followed_in_open_case
    entry = notice.entries.get()
    assert entry.organisation == world.crisis
    assert entry.status == EntryStatus.ALREADY_FOLLOWED
    # The event names no case: the officer may not see it.
    detail = AuditEvent.objects.get(action="outreach.notice.registered").detail
    assert detail["followed"] == 1
    assert str(world.open_case.pk) not in str(detail)


def test_a_notice_about_a_person_followed_in_an_open_case_prompts_reassessment_there(world):
    """A new incident for someone the partnership already follows: the case's risk is
    assessed again now (samvern/protection), and the notice says nothing of the case."""
    from samvern.protection.models import PromptReason, ReassessmentPrompt
    from samvern.protection.services import REASSESSMENT_PROMPTED

    followed = NoticePersonData(
        kind=PersonKind.EXPOSED_ADULT,
        first_name=FOLLOWED[0].lower(),
        last_name=FOLLOWED[1].upper(),
        birth_date=FOLLOWED[2],
    )
    register(world, now=NOW)  # about others: no prompt
    assert not ReassessmentPrompt.objects.exists()
    notice = register(world, now=NOW, persons=(followed,))
    prompt = ReassessmentPrompt.objects.get()
    assert (prompt.case, prompt.reason) == (world.open_case, PromptReason.NEW_INCIDENT)
    assert (prompt.source_type, prompt.source_id) == ("outreach.notice", str(notice.pk))
    assert prompt.occurred_on == timezone.localdate(notice.occurred_at)
    event = AuditEvent.objects.get(action=REASSESSMENT_PROMPTED)
    assert event.detail["case"] == str(world.open_case.pk)
    # A closed case follows nobody: nothing is prompted there.
    Case.objects.filter(pk=world.open_case.pk).update(state=CaseState.CLOSED, closed_on=NOW.date())
    register(world, now=NOW, persons=(followed,))
    assert ReassessmentPrompt.objects.count() == 1


def test_matching_by_identity_number_and_not_in_a_closed_case(world):
    number = valid_nin("150292123")
    world.followed_person.nin_hash = hash_nin(number)
    world.followed_person.save()
    by_number = NoticePersonData(
        kind=PersonKind.EXPOSED_ADULT, first_name="Annet", last_name="Navn", identity_number=number
    )
    assert register(world, now=NOW, persons=(by_number,)).persons.get().followed_in_open_case
    Case.objects.filter(pk=world.open_case.pk).update(state=CaseState.CLOSED, closed_on=NOW.date())
    assert not register(world, now=NOW, persons=(by_number,)).persons.get().followed_in_open_case


def test_the_same_name_with_another_birth_date_is_not_a_match(world):
    other = NoticePersonData(
        kind=PersonKind.EXPOSED_ADULT,
        first_name=FOLLOWED[0],
        last_name=FOLLOWED[1],
        birth_date=dt.date(1991, 1, 1),
    )
    notice = register(world, now=NOW, persons=(other,))
    assert not notice.persons.get().followed_in_open_case
    assert notice.entries.get().status == EntryStatus.OPEN


def test_only_the_police_register_notices_and_a_refusal_saves_nothing(world):
    before = _actions()
    for user, organisation in (
        (world.adviser, world.crisis),
        (world.stranger, world.outsider_org),
        (world.coord, world.municipality),
    ):
        with pytest.raises(OutreachRuleError):
            services.register_notice(
                actor=Actor.load(user, organisation=organisation),
                data=notice_data(world, occurred_at=NOW - dt.timedelta(hours=1)),
                now=NOW,
            )
    assert not Notice.objects.exists() and not NoticePerson.objects.exists()
    assert _actions() == before


@pytest.mark.parametrize(
    "change",
    ["future", "other_basis_unnamed", "no_persons", "nobody_designated", "bad_number"],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(world, change):
    officer = Actor.load(world.officer, organisation=world.police)
    data = notice_data(world, occurred_at=NOW - dt.timedelta(hours=1))
    if change == "future":
        data = notice_data(world, occurred_at=NOW + dt.timedelta(hours=1))
    elif change == "other_basis_unnamed":
        data = notice_data(
            world, occurred_at=NOW - dt.timedelta(hours=1), legal_basis=NoticeBasis.OTHER_STATUTORY
        )
    elif change == "no_persons":
        data = dataclass_replace(data, persons=())
    elif change == "nobody_designated":
        data = dataclass_replace(
            data,
            persons=(
                NoticePersonData(kind=PersonKind.USING_VIOLENCE, first_name="A", last_name="B"),
            ),
        )
    elif change == "bad_number":
        data = dataclass_replace(
            data,
            persons=(
                NoticePersonData(
                    kind=PersonKind.EXPOSED_ADULT,
                    first_name="A",
                    last_name="B",
                    identity_number="12345678901",
                ),
            ),
        )
    before = _actions()
    with pytest.raises(Exception) as raised:
        services.register_notice(actor=officer, data=data, now=NOW)
    assert raised.value.messages  # type: ignore[attr-defined]
    assert not Notice.objects.exists() and not QueueEntry.objects.exists()
    assert _actions() == before


def dataclass_replace(data, **changes):
    import dataclasses

    return dataclasses.replace(data, **changes)


def _crisis_access(world, notice):
    actor = Actor.load(world.adviser, organisation=world.crisis)
    return actor, access_notice(actor, notice.pk)


def test_after_n_unanswered_attempts_the_notice_closes_as_not_reached(world):
    notice = register(world, now=NOW)
    actor, access = _crisis_access(world, notice)
    for hour in range(2):
        services.record_attempt(
            actor=actor,
            access=access,
            data=AttemptData(result=AttemptResult.NO_ANSWER),
            now=NOW + dt.timedelta(hours=hour + 1),
        )
        assert QueueEntry.objects.get(pk=access.entry.pk).status == EntryStatus.OPEN
    services.record_attempt(
        actor=actor,
        access=access,
        data=AttemptData(result=AttemptResult.NO_ANSWER, note="Tredje forsøk."),
        now=NOW + dt.timedelta(hours=5),
    )
    entry = QueueEntry.objects.get(pk=access.entry.pk)
    assert entry.status == EntryStatus.NOT_REACHED
    assert entry.closed_at == NOW + dt.timedelta(hours=5)
    assert _actions().count("outreach.attempt.recorded") == 3
    with pytest.raises(OutreachRuleError):
        services.record_attempt(
            actor=actor, access=access, data=AttemptData(result=AttemptResult.REACHED), now=NOW
        )
    assert Attempt.objects.count() == 3


@pytest.mark.parametrize(
    ("result", "status"),
    [
        (AttemptResult.REACHED, EntryStatus.REACHED),
        (AttemptResult.DECLINED, EntryStatus.DECLINED),
    ],
)
def test_reached_and_declined_are_outcomes(world, result, status):
    notice = register(world, now=NOW)
    actor, access = _crisis_access(world, notice)
    services.record_attempt(actor=actor, access=access, data=AttemptData(result=result), now=NOW)
    assert QueueEntry.objects.get(pk=access.entry.pk).status == status


def test_referred_on_names_a_service_from_the_directory_or_in_words(world):
    notice = register(world, now=NOW)
    actor, access = _crisis_access(world, notice)
    with pytest.raises(OutreachRuleError):
        services.record_attempt(
            actor=actor, access=access, data=AttemptData(result=AttemptResult.REFERRED_ON), now=NOW
        )
    assert not Attempt.objects.exists()
    service = Service.objects.create(
        partnership=world.partnership, name="Familievernkontoret", kind=ServiceKind.COUNSELLING
    )
    attempt = services.record_attempt(
        actor=actor,
        access=access,
        data=AttemptData(result=AttemptResult.REFERRED_ON, referred_to_service=service),
        now=NOW,
    )
    assert attempt.referred_to == "Familievernkontoret"
    assert QueueEntry.objects.get(pk=access.entry.pk).status == EntryStatus.REFERRED_ON


def test_the_police_cannot_record_attempts(world):
    notice = register(world, now=NOW)
    officer = Actor.load(world.officer, organisation=world.police)
    access = access_notice(officer, notice.pk)
    with pytest.raises(OutreachRuleError):
        services.record_attempt(
            actor=officer, access=access, data=AttemptData(result=AttemptResult.REACHED), now=NOW
        )
    assert not Attempt.objects.exists()


def test_turning_a_notice_into_a_case_referral(world):
    notice = register(world, now=NOW)
    actor, access = _crisis_access(world, notice)
    services.record_attempt(
        actor=actor, access=access, data=AttemptData(result=AttemptResult.REACHED), now=NOW
    )
    access = access_notice(actor, notice.pk)
    referral = services.refer_notice(actor=actor, access=access, reason="Høy risiko.", now=NOW)
    case = referral.case
    assert case.referring_organisation == world.police
    assert case.referred_by == world.officer
    assert case.partnership == world.partnership
    assert set(
        CaseParticipant.objects.filter(case=case).values_list("organisation", flat=True)
    ) == {world.police.pk, world.crisis.pk}
    roles = sorted(case.persons.values_list("role", "first_name"))
    assert roles == sorted(
        [
            (PersonRole.EXPOSED, EXPOSED[0]),
            (PersonRole.CHILD, "Oskar"),
            (PersonRole.USING_VIOLENCE, "Frode"),
        ]
    )
    entry = QueueEntry.objects.get(pk=access.entry.pk)
    assert entry.status == EntryStatus.REFERRAL_MADE and entry.case == case
    events = AuditEvent.objects.filter(
        action__in=["cases.case.referred", "outreach.notice.referred"]
    )
    assert {e.actor_id for e in events} == {str(world.adviser.pk)}
    assert AuditEvent.objects.get(action="cases.case.referred").detail["on_behalf_of"] == str(
        world.police.pk
    )
    with pytest.raises(OutreachRuleError):
        services.refer_notice(
            actor=actor, access=access_notice(actor, notice.pk), reason="Igjen", now=NOW
        )
    assert Case.objects.filter(referring_organisation=world.police).count() == 1


def test_settings_name_only_current_members(world):
    from samvern.outreach.services import SettingsData

    with pytest.raises(OutreachRuleError):
        services.save_settings(
            actor=Actor.load(world.coord, organisation=world.municipality),
            partnership=world.partnership,
            data=SettingsData(
                deadline_hours=24,
                working_days_only=True,
                attempts_before_not_reached=2,
                designations={PersonKind.EXPOSED_ADULT: [world.outsider_org]},
            ),
        )
    settings = world.partnership.outreach_settings
    settings.refresh_from_db()
    assert settings.deadline_hours == 48
