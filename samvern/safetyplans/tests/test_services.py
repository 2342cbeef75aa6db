"""Services: every change a new version with who and when; the plan's rules; every write
and read recorded in the same transaction; refused writes change nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.audit.models import AuditEvent
from samvern.cases.access import Need
from samvern.cases.models import CaseParticipant, PersonRole
from samvern.cases.services import PersonData, add_person
from samvern.partnerships.models import PartnershipMember
from samvern.safetyplans import selectors, services
from samvern.safetyplans.access import access_plan
from samvern.safetyplans.content import (
    AgenciesSection,
    Commitment,
    ContactSection,
    OrganisationRef,
    PlanContent,
)
from samvern.safetyplans.models import SafetyPlan, SafetyPlanVersion
from samvern.safetyplans.tests.conftest import (
    PROTECTED_POSTCODE,
    PROTECTED_STREET,
    first_content,
    save,
    second_content,
)

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[int, int, int]:
    return (
        SafetyPlan.objects.count(),
        SafetyPlanVersion.objects.count(),
        AuditEvent.objects.filter(action__startswith="safetyplans.plan.").count(),
    )


def test_versions_are_numbered_with_who_and_when(planned):
    plan = SafetyPlan.objects.get(person=planned.exposed)
    assert plan.case == planned.case
    assert plan.current_number == 2
    v1, v2 = plan.versions.order_by("number")
    assert (v1.number, v1.organisation, v1.created_by) == (1, planned.police, planned.referrer)
    assert (v2.number, v2.organisation, v2.created_by) == (2, planned.crisis, planned.participant)
    assert v2.note == "Voldsalarm utlevert"
    assert v1.plan_content == first_content(planned)
    assert v2.plan_content.alarms.personal_alarm == "issued"
    # Version 1 is kept unchanged.
    assert v1.plan_content.alarms.personal_alarm == "not_assessed"


def test_write_events_name_case_person_version_and_sections(planned):
    created = AuditEvent.objects.get(action="safetyplans.plan.created")
    revised = AuditEvent.objects.get(action="safetyplans.plan.revised")
    assert created.detail["case"] == str(planned.case.pk)
    assert created.detail["person"] == str(planned.exposed.pk)
    assert created.detail["version"] == 1
    assert revised.detail["version"] == 2
    assert revised.detail["sections"] == ["alarms", "agencies"]
    assert revised.organisation_id == str(planned.crisis.pk)
    # The content itself never reaches the trail.
    assert "Følger opp" not in str(revised.detail)


def test_a_write_and_its_event_are_one_transaction(world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("samvern.cases.services.common.audit_log", broken)
    with pytest.raises(RuntimeError):
        save(world, world.referrer, world.police, first_content(world))
    assert _snapshot() == (0, 0, 0)


def test_a_read_and_its_event_are_one_transaction(planned, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("samvern.cases.services.reads.audit_log", broken)
    actor = Actor.load(planned.participant, organisation=planned.crisis)
    with pytest.raises(RuntimeError):
        services.read_plan(actor, planned.exposed.pk)


@pytest.mark.parametrize(
    ("read", "action"),
    [
        (lambda a, p: services.read_plan(a, p), "safetyplans.plan.viewed"),
        (lambda a, p: services.read_version(a, p, 1), "safetyplans.version.viewed"),
        (lambda a, p: services.read_versions(a, p), "safetyplans.versions.listed"),
        (lambda a, p: services.read_comparison(a, p, 1, 2), "safetyplans.versions.compared"),
        (lambda a, p: services.read_for_print(a, p), "safetyplans.plan.printed"),
    ],
)
def test_every_read_is_recorded(planned, read, action):
    actor = Actor.load(planned.participant, organisation=planned.crisis)
    before = AuditEvent.objects.filter(action=action).count()
    read(actor, planned.exposed.pk)
    event = AuditEvent.objects.filter(action=action).latest("id")
    assert AuditEvent.objects.filter(action=action).count() == before + 1
    assert event.detail["case"] == str(planned.case.pk)
    assert event.detail["person"] == str(planned.exposed.pk)
    assert event.actor_id == str(planned.participant.pk)


def test_a_participating_case_worker_of_another_organisation_reads_and_writes(planned):
    # The crisis centre did not refer the case and wrote version 2 (fixture); child
    # welfare joins and may then read and write too.
    actor = Actor.load(planned.member_worker, organisation=planned.child_welfare)
    with pytest.raises(Http404):
        access_plan(actor, planned.exposed.pk, Need.VIEW)
    CaseParticipant.objects.create(
        case=planned.case,
        organisation=planned.child_welfare,
        added_on=planned.case.referred_on,
        added_by=planned.referrer,
        reason="Barn i saken",
    )
    _access, version = services.read_plan(actor, planned.exposed.pk)
    assert version is not None and version.number == 2
    content = second_content(planned)
    content = replace(content, contact=ContactSection(how="Via barnevernet"))
    saved = save(planned, planned.member_worker, planned.child_welfare, content, note="Ny kontakt")
    assert saved.number == 3


@pytest.mark.parametrize("persona", ["member", "outsider", "coordinator", "dpo", "org_admin"])
def test_others_get_the_same_404_for_reads_and_writes(planned, persona):
    user = planned.personas()[persona]
    actor = Actor.load(user)
    before = _snapshot()
    for need in (Need.VIEW, Need.EDIT):
        with pytest.raises(Http404):
            access_plan(actor, planned.exposed.pk, need)
    with pytest.raises(Http404):
        services.read_plan(actor, planned.exposed.pk)
    assert _snapshot() == before


def test_an_organisation_that_left_the_partnership_loses_the_plan(planned):
    PartnershipMember.objects.filter(
        partnership=planned.partnership, organisation=planned.crisis
    ).update(left_on=dt.date.today())
    actor = Actor.load(planned.participant, organisation=planned.crisis)
    with pytest.raises(Http404):
        access_plan(actor, planned.exposed.pk, Need.VIEW)


def test_a_missing_person_and_a_person_without_a_plan_role_are_missing(world):
    actor = Actor.load(world.referrer, organisation=world.police)
    with pytest.raises(Http404):
        access_plan(actor, "00000000-0000-0000-0000-000000000000", Need.VIEW)
    perpetrator = add_person(
        actor=actor,
        case=world.case,
        data=PersonData(role=PersonRole.USING_VIOLENCE, first_name="Per", last_name="Utøver"),
    )
    with pytest.raises(Http404):
        access_plan(actor, perpetrator.pk, Need.VIEW)
    child = add_person(
        actor=actor,
        case=world.case,
        data=PersonData(role=PersonRole.CHILD, first_name="Lille", last_name="Barn"),
    )
    access = access_plan(actor, child.pk, Need.EDIT)
    version = services.save_version(
        actor=actor, access=access, data=services.VersionData(content=first_content(world))
    )
    assert version.plan.person == child


def _refused(world, user, organisation, content, note="", based_on=None) -> ValidationError:
    actor = Actor.load(user, organisation=organisation)
    access = access_plan(actor, world.exposed.pk, Need.EDIT)
    before = _snapshot()
    with pytest.raises(ValidationError) as caught:
        services.save_version(
            actor=actor,
            access=access,
            data=services.VersionData(content=content, note=note, based_on=based_on),
        )
    assert _snapshot() == before
    return caught.value


def test_refused_an_unchanged_version(planned):
    error = _refused(planned, planned.referrer, planned.police, second_content(planned), note="x")
    assert "Ingenting ble endret" in " ".join(error.messages)


def test_refused_a_second_version_without_a_note(planned):
    content = replace(second_content(planned), contact=ContactSection(how="Ny"))
    error = _refused(planned, planned.referrer, planned.police, content)
    assert "note" in error.error_dict


def test_refused_when_someone_saved_meanwhile(planned):
    content = replace(second_content(planned), contact=ContactSection(how="Ny"))
    error = _refused(planned, planned.referrer, planned.police, content, note="x", based_on=1)
    assert "versjon 2" in " ".join(error.messages)


def test_refused_an_organisation_not_taking_part(planned):
    content = replace(
        second_content(planned),
        agencies=AgenciesSection(
            commitments=(
                Commitment(OrganisationRef(str(planned.outsider_org.pk), "NAV Utenfor"), "Bistår"),
            )
        ),
    )
    error = _refused(planned, planned.referrer, planned.police, content, note="x")
    assert "NAV Utenfor" in " ".join(error.messages)


def test_a_commitment_kept_as_it_was_stays_after_its_organisation_leaves_the_case(planned):
    CaseParticipant.objects.filter(case=planned.case, organisation=planned.crisis).update(
        removed_on=dt.date.today()
    )
    content = replace(second_content(planned), contact=ContactSection(how="Ny"))
    version = save(planned, planned.referrer, planned.police, content, note="Ny kontakt")
    names = [c.organisation.name for c in version.plan_content.agencies.commitments]
    assert planned.crisis.name in names


@pytest.mark.parametrize("text", [PROTECTED_STREET, f"Postnummer {PROTECTED_POSTCODE}"])
def test_refused_a_plan_holding_the_protected_address(world, text):
    content = replace(first_content(world), contact=ContactSection(how=f"Bor i {text}"))
    error = _refused(world, world.referrer, world.police, content)
    assert "skjermede adresse" in " ".join(error.messages)


def test_refused_an_issued_alarm_without_who_issued_it(planned):
    content = second_content(planned)
    content = replace(content, alarms=replace(content.alarms, alarm_issued_by=None))
    error = _refused(planned, planned.referrer, planned.police, content, note="x")
    assert "utleverte voldsalarmen" in " ".join(error.messages)


def test_organisation_names_come_from_the_database(world):
    content = replace(
        first_content(world),
        agencies=AgenciesSection(
            commitments=(Commitment(OrganisationRef(str(world.police.pk), "Feil navn"), "Ring"),)
        ),
    )
    version = save(world, world.referrer, world.police, content)
    assert version.plan_content.agencies.commitments[0].organisation.name == world.police.name


def test_plans_made_counts_first_versions_in_the_period(planned):
    day = SafetyPlanVersion.objects.get(number=1).made_on
    partnership = planned.partnership.pk
    assert selectors.plans_made(partnership, day, day + dt.timedelta(days=1)) == 1
    assert (
        selectors.plans_made(partnership, day + dt.timedelta(days=1), day + dt.timedelta(days=90))
        == 0
    )
    assert selectors.plans_made(partnership, day - dt.timedelta(days=90), day) == 0
    assert selectors.plans_made(str(planned.outsider_org.pk), day, day + dt.timedelta(days=1)) == 0


def test_plans_made_takes_the_day_of_the_first_version(world):
    actor = Actor.load(world.referrer, organisation=world.police)
    day = world.case.referred_on
    services.save_version(
        actor=actor,
        access=access_plan(actor, world.exposed.pk, Need.EDIT),
        data=services.VersionData(content=first_content(world)),
        day=day,
    )
    services.save_version(
        actor=actor,
        access=access_plan(actor, world.exposed.pk, Need.EDIT),
        data=services.VersionData(content=PlanContent(), note="Tømt"),
        day=day + dt.timedelta(days=100),
    )
    partnership = world.partnership.pk
    assert selectors.plans_made(partnership, day, day + dt.timedelta(days=1)) == 1
    assert (
        selectors.plans_made(partnership, day + dt.timedelta(days=1), day + dt.timedelta(days=200))
        == 0
    )
