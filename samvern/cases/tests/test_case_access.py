"""The seams of the case layer: access returns its decision (nothing is stamped on the
model), `read_*` fetches and records the read in one step, `access_cases` decides for many
cases at once in a fixed number of queries, and the assessment service is the one place
that scores and qualifies."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases import demo, services
from samvern.cases.access import (
    CaseAccess,
    Need,
    access_case,
    access_cases,
    access_person,
    grant_for_cases,
)
from samvern.cases.models import Assessment, Case, CaseState, PersonRole, ReferralSource
from samvern.cases.services import CaseRead, PersonData
from samvern.risk import catalogue

KEY = "samvern-screening-exposed"


def _actor(user, organisation):
    return Actor.load(user, organisation=organisation)


def _newest_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _events_after(start: int, action: str):
    return AuditEvent.objects.filter(id__gt=start, action=action)


# --- access returns what it decided -----------------------------------------------------------


@pytest.mark.django_db
def test_access_returns_the_case_and_its_grant_and_stamps_nothing(world):
    access = access_case(_actor(world.referrer, world.police), world.case.pk, Need.VIEW)
    assert isinstance(access, CaseAccess)
    assert access.case.pk == world.case.pk
    assert access.grant.content and access.grant.reveal_address
    assert not hasattr(access.case, "grant")
    with pytest.raises(dataclasses.FrozenInstanceError):
        access.grant = None  # type: ignore[misc]


@pytest.mark.django_db
def test_the_coordinator_gets_conference_facts_only(world):
    actor = _actor(world.coordinator, world.municipality)
    access = access_case(actor, world.case.pk, Need.CONFERENCE)
    assert access.grant.conference and access.grant.coordinator_only
    with pytest.raises(Http404):
        access_case(actor, world.case.pk, Need.VIEW)


@pytest.mark.django_db
def test_a_person_comes_with_the_grant_of_its_case(world):
    access = access_person(_actor(world.participant, world.crisis), world.exposed.pk, Need.VIEW)
    assert access.person.pk == world.exposed.pk and access.case.pk == world.case.pk
    assert access.grant.content and not access.grant.reveal_address  # not the referrer


# --- read_* records exactly one read ---------------------------------------------------------


@pytest.mark.django_db
def test_read_case_records_exactly_one_read(world):
    start = _newest_id()
    access = services.read_case(_actor(world.participant, world.crisis), world.case.pk)
    assert access.case.pk == world.case.pk
    events = list(_events_after(start, "cases.case.viewed"))
    assert len(events) == 1
    assert events[0].detail["case"] == str(world.case.pk)
    assert events[0].organisation_id == str(world.crisis.pk)
    assert AuditEvent.objects.filter(id__gt=start).count() == 1


@pytest.mark.django_db
def test_read_case_refuses_an_outsider_without_a_read_event(world):
    start = _newest_id()
    for read in CaseRead:
        with pytest.raises(Http404):
            services.read_case(_actor(world.outsider, world.outsider_org), world.case.pk, read)
    assert not AuditEvent.objects.filter(id__gt=start).exists()


@pytest.mark.django_db
def test_the_case_page_refuses_an_outsider_and_records_the_refusal_only(world):
    start = _newest_id()
    response = login(Client(), world.outsider).get(f"/cases/{world.case.pk}/")
    assert response.status_code == 404
    assert not _events_after(start, "cases.case.viewed").exists()
    refused = list(_events_after(start, services.REFUSED_ACTION))
    assert len(refused) == 1 and "case" not in refused[0].detail
    assert refused[0].detail["via"] == "page"


@pytest.mark.django_db
def test_the_case_page_records_one_read_for_an_allowed_reader(world):
    start = _newest_id()
    assert login(Client(), world.participant).get(f"/cases/{world.case.pk}/").status_code == 200
    assert _events_after(start, "cases.case.viewed").count() == 1


@pytest.mark.django_db
def test_read_person_and_item_record_their_reads(world):
    actor = _actor(world.participant, world.crisis)
    start = _newest_id()
    services.read_person(actor, world.exposed.pk, via="api")
    services.read_item(actor, world.note_all.pk)
    person_read = _events_after(start, "cases.person.viewed").get()
    assert person_read.target_id == str(world.exposed.pk) and person_read.detail["via"] == "api"
    assert _events_after(start, "cases.item.viewed").get().target_id == str(world.note_all.pk)
    with pytest.raises(Http404):  # a police-only note
        services.read_item(actor, world.note_private.pk)
    assert AuditEvent.objects.filter(id__gt=start).count() == 2


@pytest.mark.django_db
def test_the_access_log_does_not_list_its_own_read(world):
    actor = _actor(world.dpo, world.police)
    start = _newest_id()
    _access, events = services.read_access_log(actor, world.case.pk)
    own = _events_after(start, "cases.access_log.viewed").get()
    assert own.pk not in {event.pk for event in events}
    assert events.exists()  # the referral and everything before this read
    with pytest.raises(Http404):
        services.read_access_log(_actor(world.participant, world.crisis), world.case.pk)


# --- many cases at once ------------------------------------------------------------------------


def _refer(world, n: int) -> list[Case]:
    actor = _actor(world.referrer, world.police)
    cases = []
    for i in range(n):
        cases.append(
            services.refer_case(
                actor=actor,
                partnership=world.partnership,
                source=ReferralSource.POLICE_INCIDENT,
                reason=f"Sak {i}",
                referred_on=dt.date.today() - dt.timedelta(days=1),
                person=PersonData(
                    role=PersonRole.EXPOSED, first_name=f"Person{i}", last_name="Testesen"
                ),
            )
        )
    return cases


def _queries(actor, cases) -> int:
    fresh = list(Case.objects.filter(pk__in=[c.pk for c in cases]))
    with CaptureQueriesContext(connection) as captured:
        grant_for_cases(actor, fresh)
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["referrer", "coordinator", "dpo"])
def test_grants_for_many_cases_take_a_fixed_number_of_queries(
    world, persona, django_assert_max_num_queries
):
    organisation = {"referrer": world.police, "coordinator": world.municipality}.get(
        persona, world.police
    )
    actor = _actor(getattr(world, persona), organisation)
    few = _queries(actor, [world.case, *_refer(world, 1)])
    cases = [world.case, *_refer(world, 8)]
    assert _queries(actor, cases) == few
    fresh = list(Case.objects.filter(pk__in=[c.pk for c in cases]))
    with django_assert_max_num_queries(5):
        grants = grant_for_cases(actor, fresh)
    assert set(grants) == {c.pk for c in cases}


@pytest.mark.django_db
def test_grants_for_many_cases_match_the_grant_of_each(world, django_assert_num_queries):
    cases = [world.case, *_refer(world, 3)]
    actor = _actor(world.referrer, world.police)
    fresh = list(Case.objects.select_related("partnership").filter(pk__in=[c.pk for c in cases]))
    # One query: which cases the police take part in. A case worker has no access-log or
    # coordinator rule to ask about, and none of these cases is a repeat.
    with django_assert_num_queries(1):
        grants = grant_for_cases(actor, fresh)
    for case in cases:
        assert grants[case.pk] == access_case(actor, case.pk, Need.VIEW).grant
    assert grant_for_cases(_actor(world.outsider, world.outsider_org), fresh) == {}


@pytest.mark.django_db
def test_a_conference_moves_its_agenda_to_heard_without_a_view(world):
    cases = [world.case, *_refer(world, 2)]
    referrer = _actor(world.referrer, world.police)
    for case in cases:
        access = access_case(referrer, case.pk, Need.EDIT)
        for state in (CaseState.SCREENED, CaseState.AWAITING_CONFERENCE):
            services.transition_case(actor=referrer, access=access, to_state=state)
    fresh = list(Case.objects.filter(pk__in=[c.pk for c in cases]))

    # Nobody outside the partnership gets anything to act on; nothing changes.
    assert access_cases(_actor(world.outsider, world.outsider_org), fresh, Need.CONFERENCE) == []

    coordinator = _actor(world.coordinator, world.municipality)
    agenda = access_cases(coordinator, fresh, Need.CONFERENCE)
    assert {a.case.pk for a in agenda} == {c.pk for c in cases}
    assert access_cases(coordinator, fresh, Need.VIEW) == []  # no content for her
    for access in agenda:
        services.transition_case(actor=coordinator, access=access, to_state=CaseState.HEARD)
    assert set(
        Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("state", flat=True)
    ) == {CaseState.HEARD}


# --- scoring in one place ----------------------------------------------------------------------


def _answers(value: str) -> dict[str, str]:
    return {item.key: value for item in catalogue.get_instrument(KEY).items}


def _as_scored(assessment: Assessment) -> services.AssessmentScore:
    return services.AssessmentScore(
        score=assessment.score,
        band=assessment.band,
        qualifies=assessment.qualifies_for_conference,
        qualification_reasons=tuple(assessment.qualification_reasons),
    )


@pytest.mark.django_db
def test_the_assessment_page_stores_what_the_service_decides(world):
    answers = _answers("yes")
    response = login(Client(), world.referrer).post(
        f"/cases/{world.case.pk}/assessments/add/",
        {
            "instrument": KEY,
            "person": str(world.exposed.pk),
            **answers,
            "share-visibility": "author",
        },
    )
    assert response.status_code == 302
    stored = Assessment.objects.get(case=world.case)
    expected = services.score_assessment(catalogue.get_instrument(KEY), answers)
    assert _as_scored(stored) == expected
    assert expected.band == "high" and expected.qualifies


@pytest.mark.django_db
def test_the_demo_stores_what_the_service_decides(world):
    answers = {"escalation": "yes", "threats_to_kill": "no", "separation": "yes"}
    actor = _actor(world.referrer, world.police)
    demo._assess(world.case, actor, world.exposed, answers, None)
    stored = Assessment.objects.get(case=world.case)
    grant = access_case(actor, world.case.pk, Need.EDIT).grant
    expected = services.score_assessment(
        catalogue.get_instrument(demo.INSTRUMENT),
        answers,
        repeat_within_12_months=grant.repeat,
    )
    assert _as_scored(stored) == expected
    assert stored.item.title == catalogue.get_instrument(demo.INSTRUMENT).title_in("nb")


@pytest.mark.django_db
def test_an_assessment_is_refused_to_a_reader_without_content_and_nothing_is_stored(world):
    coordinator = _actor(world.coordinator, world.municipality)
    access = access_case(coordinator, world.case.pk, Need.CONFERENCE)
    with pytest.raises(services.CaseRuleError):
        services.assess(
            actor=coordinator,
            access=access,
            data=services.AssessmentData(
                instrument=catalogue.get_instrument(KEY), answers=_answers("no")
            ),
        )
    assert not Assessment.objects.exists()
    world.case.refresh_from_db()
    assert world.case.risk_band == ""
