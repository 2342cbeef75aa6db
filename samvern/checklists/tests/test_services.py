"""Making, ticking, marking not applicable and reopening: what is stored, who and when,
the history, and the audit event written in the same transaction as every write and
read."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.http import Http404

from samvern.audit.models import AuditEvent
from samvern.cases.access import Need, today
from samvern.cases.models import Case, PersonRole
from samvern.cases.services import CaseRuleError
from samvern.cases.tests.factories import PersonFactory
from samvern.checklists import services
from samvern.checklists.access import access_checklist_item
from samvern.checklists.models import Checklist, ChecklistItem, ItemStatus
from samvern.checklists.tests.conftest import crisis_actor, make_checklist, police_actor

pytestmark = pytest.mark.django_db


def _item(checklist: Checklist, key: str) -> ChecklistItem:
    return checklist.items.get(item_key=key)


def _remove_crisis_centre(world) -> None:
    """The crisis centre leaves the case today (from today it no longer takes part)."""
    world.case.participants.filter(organisation=world.crisis).update(removed_on=today())


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_it_makes_the_checklist_from_the_template_for_the_organisations_kind(world):
    checklist = make_checklist(police_actor(world), world)
    assert (checklist.template_key, checklist.template_version) == ("samvern-duties-police", "1.0")
    assert checklist.organisation == world.police
    assert checklist.created_by == world.referrer
    assert checklist.is_current
    keys = list(checklist.items.values_list("item_key", flat=True))
    # No children, no band; the crisis centre takes part, so it holds the main contact.
    assert keys == [
        "record_incident",
        "risk_assessment",
        "secure_evidence",
        "safety_talk",
        "inform_rights",
    ]
    first = _item(checklist, "record_incident")
    assert first.text["nb"].startswith("Registrer hendelsen")
    assert first.text["en"].startswith("Record the incident")
    assert first.status == ItemStatus.OPEN and first.ticked_by is None


def test_children_and_the_risk_band_come_from_the_case_and_the_rest_is_asked(world):
    PersonFactory(case=world.case, role=PersonRole.CHILD)
    Case.objects.filter(pk=world.case.pk).update(risk_band="high")
    world.case.refresh_from_db()
    checklist = make_checklist(
        police_actor(world),
        world,
        services.AskedFacts(custody_release=True, consent_victim_support=True),
    )
    assert checklist.facts == {
        "children": True,
        "risk_band": "high",
        "custody_release": True,
        "shelter_needed": False,
        "consent_victim_support": True,
    }
    keys = set(checklist.items.values_list("item_key", flat=True))
    assert {
        "inform_child_welfare",
        "children_interview",
        "personal_alarm",
        "restraining_order",
        "custody_release_notice",
        "victim_support_referral",
    } <= keys
    assert "shelter_referral" not in keys


def test_a_duty_falls_back_when_the_agency_first_in_the_order_leaves_the_case(world):
    facts = services.AskedFacts(shelter_needed=True)
    # The crisis centre takes part: it offers the shelter, the police do not refer.
    police = make_checklist(police_actor(world), world, facts)
    crisis = make_checklist(crisis_actor(world), world, facts)
    assert not police.items.filter(item_key="shelter_referral").exists()
    assert crisis.items.filter(item_key="shelter_referral").exists()
    # Without a crisis centre in the case, the police help the person to a shelter.
    _remove_crisis_centre(world)
    police_again = make_checklist(police_actor(world), world, facts)
    assert police_again.items.filter(item_key="shelter_referral").exists()


def test_a_new_checklist_replaces_the_current_one_and_keeps_what_was_recorded(world):
    actor = police_actor(world)
    first = make_checklist(actor, world)
    access = access_checklist_item(actor, _item(first, "record_incident").pk, Need.EDIT)
    services.tick_item(actor=actor, access=access)
    access = access_checklist_item(actor, _item(first, "secure_evidence").pk, Need.EDIT)
    services.mark_not_applicable(actor=actor, access=access, reason="Ingen bevis å sikre.")
    second = make_checklist(actor, world, services.AskedFacts(custody_release=True))
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert Checklist.objects.filter(case=world.case, organisation=world.police).count() == 2
    assert (
        Checklist.objects.current().filter(case=world.case, organisation=world.police).get()
        == second
    )
    done = _item(second, "record_incident")
    assert (done.status, done.ticked_by) == (ItemStatus.DONE, world.referrer)
    skipped = _item(second, "secure_evidence")
    assert (skipped.status, skipped.reason) == (ItemStatus.NOT_APPLICABLE, "Ingen bevis å sikre.")
    assert _item(second, "custody_release_notice").status == ItemStatus.OPEN
    # The earlier checklist is history: its items cannot be ticked any more.
    with pytest.raises(Http404):
        access_checklist_item(actor, _item(first, "risk_assessment").pk, Need.EDIT)
    (event,) = _events(services.CREATED)[-1:]
    assert event.detail["replaces"] == str(first.pk)
    assert event.detail["carried_over"] == 2
    # The form for the next checklist starts from what the current one says.
    assert services.asked_facts_of(second) == services.AskedFacts(custody_release=True)


def test_the_database_allows_only_one_current_checklist_per_case_and_organisation(world):
    checklist = make_checklist(police_actor(world), world)
    with pytest.raises(IntegrityError):
        Checklist.objects.create(
            case=world.case,
            organisation=world.police,
            template_key=checklist.template_key,
            template_version="1.0",
            created_by=world.referrer,
        )


def test_a_checklist_keeps_the_wording_of_the_version_it_was_made_with(world, settings, tmp_path):
    from samvern.checklists.catalogue import SHIPPED_DIR

    actor = police_actor(world)
    old = make_checklist(actor, world)
    newer = (SHIPPED_DIR / "samvern-duties-police-1.0.yaml").read_text(encoding="utf-8")
    newer = newer.replace('version: "1.0"', 'version: "1.1"').replace(
        "Registrer hendelsen som vold i nære relasjoner",
        "Registrer hendelsen med kode for vold i nære relasjoner",
    )
    (tmp_path / "police-1.1.yaml").write_text(newer, encoding="utf-8")
    settings.CHECKLIST_TEMPLATE_DIRS = [str(tmp_path)]
    new = make_checklist(actor, world)
    assert new.template_version == "1.1"
    assert _item(new, "record_incident").text["nb"].startswith("Registrer hendelsen med kode")
    old_item = ChecklistItem.objects.get(checklist=old, item_key="record_incident")
    assert old_item.text["nb"].startswith("Registrer hendelsen som vold")
    assert (old.template_key, old.template_version) == ("samvern-duties-police", "1.0")
    # The changed wording is a new duty: its tick is not carried over.
    assert _item(new, "record_incident").status == ItemStatus.OPEN


def test_ticking_records_who_and_when_and_refuses_a_second_tick(world, police_checklist):
    actor = police_actor(world)
    item = _item(police_checklist, "safety_talk")
    access = access_checklist_item(actor, item.pk, Need.EDIT)
    ticked = services.tick_item(actor=actor, access=access)
    assert ticked.status == ItemStatus.DONE
    assert ticked.ticked_by == world.referrer and ticked.ticked_at is not None
    with pytest.raises(CaseRuleError):
        services.tick_item(actor=actor, access=access_checklist_item(actor, item.pk, Need.EDIT))
    (event,) = _events(services.TICKED)
    assert event.detail["case"] == str(world.case.pk)
    assert event.detail["item"] == "safety_talk"
    assert event.target_id == str(item.pk)


def test_not_applicable_needs_a_reason(world, police_checklist):
    actor = police_actor(world)
    item = _item(police_checklist, "inform_rights")
    access = access_checklist_item(actor, item.pk, Need.EDIT)
    with pytest.raises(CaseRuleError) as refused:
        services.mark_not_applicable(actor=actor, access=access, reason="   ")
    assert "reason" in refused.value.message_dict
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    assert _events(services.NOT_APPLICABLE) == []
    marked = services.mark_not_applicable(
        actor=actor, access=access, reason=" Bistandsadvokat er allerede oppnevnt. "
    )
    assert (marked.status, marked.reason) == (
        ItemStatus.NOT_APPLICABLE,
        "Bistandsadvokat er allerede oppnevnt.",
    )
    assert len(_events(services.NOT_APPLICABLE)) == 1


def test_reopening_clears_the_mark_and_keeps_what_it_was_in_the_audit(world, police_checklist):
    actor = police_actor(world)
    item = _item(police_checklist, "inform_rights")
    services.mark_not_applicable(
        actor=actor, access=access_checklist_item(actor, item.pk, Need.EDIT), reason="Gjort."
    )
    reopened = services.reopen_item(
        actor=actor, access=access_checklist_item(actor, item.pk, Need.EDIT)
    )
    assert (reopened.status, reopened.reason, reopened.ticked_by, reopened.ticked_at) == (
        ItemStatus.OPEN,
        "",
        None,
        None,
    )
    (event,) = _events(services.REOPENED)
    assert event.detail["previous_status"] == "not_applicable"
    with pytest.raises(CaseRuleError):
        services.reopen_item(actor=actor, access=access_checklist_item(actor, item.pk, Need.EDIT))


def test_an_organisation_cannot_reach_another_organisations_items(world, police_checklist):
    item = _item(police_checklist, "safety_talk")
    with pytest.raises(Http404):
        access_checklist_item(crisis_actor(world), item.pk, Need.EDIT)
    with pytest.raises(Http404):
        services.read_one_checklist(crisis_actor(world), police_checklist.pk)


def test_an_organisation_that_no_longer_takes_part_loses_its_checklist(world, crisis_checklist):
    _remove_crisis_centre(world)
    with pytest.raises(Http404):
        services.read_checklist(crisis_actor(world), world.case.pk)
    with pytest.raises(Http404):
        access_checklist_item(crisis_actor(world), crisis_checklist.items.first().pk, Need.EDIT)


# --- Audit in the same transaction ---------------------------------------------------------


class AuditDown(Exception):
    pass


@pytest.fixture
def audit_fails(monkeypatch):
    """The audit writer fails: a write or read that records its event in the same
    transaction leaves nothing behind and shows nothing."""

    def fail(**kwargs: object) -> None:
        raise AuditDown

    monkeypatch.setattr("samvern.cases.services.common.audit_log", fail)
    monkeypatch.setattr("samvern.cases.services.reads.audit_log", fail)
    monkeypatch.setattr("samvern.checklists.services.audit_log", fail)


def _counts() -> tuple[int, int, int, int]:
    return (
        Checklist.objects.count(),
        ChecklistItem.objects.count(),
        ChecklistItem.objects.exclude(status=ItemStatus.OPEN).count(),
        AuditEvent.objects.count(),
    )


def test_every_write_and_its_event_are_one_transaction(world, police_checklist, audit_fails):
    actor = police_actor(world)
    item = _item(police_checklist, "safety_talk")
    before = _counts()
    with pytest.raises(AuditDown):
        make_checklist(actor, world)
    with pytest.raises(AuditDown):
        services.tick_item(actor=actor, access=access_checklist_item(actor, item.pk, Need.EDIT))
    with pytest.raises(AuditDown):
        services.mark_not_applicable(
            actor=actor, access=access_checklist_item(actor, item.pk, Need.EDIT), reason="x"
        )
    assert _counts() == before
    police_checklist.refresh_from_db()
    assert police_checklist.is_current


def test_reopen_and_its_event_are_one_transaction(world, police_checklist, monkeypatch):
    actor = police_actor(world)
    item = _item(police_checklist, "safety_talk")
    services.tick_item(actor=actor, access=access_checklist_item(actor, item.pk, Need.EDIT))

    def fail(**kwargs: object) -> None:
        raise AuditDown

    monkeypatch.setattr("samvern.cases.services.common.audit_log", fail)
    with pytest.raises(AuditDown):
        services.reopen_item(actor=actor, access=access_checklist_item(actor, item.pk, Need.EDIT))
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_every_read_records_its_event_or_shows_nothing(world, police_checklist, audit_fails):
    actor = police_actor(world)
    with pytest.raises(AuditDown):
        services.read_checklist(actor, world.case.pk)
    with pytest.raises(AuditDown):
        services.read_one_checklist(actor, police_checklist.pk)
    with pytest.raises(AuditDown):
        services.read_history(actor, world.case.pk)
    with pytest.raises(AuditDown):
        services.read_open_items(actor, day=world.case.referred_on)


def test_every_read_names_the_case_for_its_access_log(world, police_checklist):
    actor = police_actor(world)
    services.read_checklist(actor, world.case.pk, via="api")
    services.read_one_checklist(actor, police_checklist.pk)
    services.read_history(actor, world.case.pk)
    viewed = _events(services.VIEWED)
    assert [event.detail["checklist"] for event in viewed] == [str(police_checklist.pk)] * 2
    assert viewed[0].detail["via"] == "api"
    assert all(event.detail["case"] == str(world.case.pk) for event in viewed)
    (history,) = _events(services.HISTORY_VIEWED)
    assert history.detail["checklists"] == [str(police_checklist.pk)]
