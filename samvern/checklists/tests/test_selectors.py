"""The open duties of an organisation, for the conferences' "my organisation's actions"
page: only its own current checklists, only cases it takes part in, in a fixed number of
queries however many cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from samvern.accounts.actor import Actor
from samvern.cases.access import Need, today
from samvern.cases.models import Case, CaseState
from samvern.cases.tests.factories import CaseFactory, CaseParticipantFactory
from samvern.checklists import services
from samvern.checklists.access import access_checklist_item
from samvern.checklists.models import Checklist, ItemStatus
from samvern.checklists.selectors import OpenChecklistItem, open_items_for_organisation
from samvern.checklists.tests.conftest import crisis_actor, make_checklist, police_actor

pytestmark = pytest.mark.django_db


def _police_case(world, n: int) -> Case:
    case = CaseFactory(
        partnership=world.partnership,
        referring_organisation=world.police,
        referred_by=world.referrer,
        referred_on=today() - dt.timedelta(days=5),
        reference=f"SJEKK-{n:04d}",
    )
    CaseParticipantFactory(case=case, organisation=world.police)
    return case


def _checklist_for(actor: Actor, case: Case) -> Checklist:
    from samvern.cases.access import access_case

    return services.generate_checklist(
        actor=actor, access=access_case(actor, case.pk, Need.EDIT), facts=services.AskedFacts()
    )


def test_it_lists_the_open_items_of_the_organisations_current_checklists(world):
    actor = police_actor(world)
    checklist = make_checklist(actor, world)
    make_checklist(crisis_actor(world), world)  # another organisation's: never listed
    first = checklist.items.get(item_key="record_incident")
    services.tick_item(actor=actor, access=access_checklist_item(actor, first.pk, Need.EDIT))
    rows = open_items_for_organisation(actor, day=today())
    assert all(isinstance(row, OpenChecklistItem) for row in rows)
    assert [row.item_id for row in rows] == list(
        checklist.items.filter(status=ItemStatus.OPEN)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    row = rows[0]
    assert (row.checklist_id, row.case_id, row.case_reference) == (
        checklist.pk,
        world.case.pk,
        world.case.reference,
    )
    assert row.text == checklist.items.get(pk=row.item_id).text["nb"]
    assert row.created_at == checklist.created_at
    with translation.override("en"):
        assert open_items_for_organisation(actor, day=today())[0].text.startswith("Carry out")


def test_a_replaced_checklist_and_a_closed_case_are_not_listed(world):
    actor = police_actor(world)
    old = make_checklist(actor, world)
    new = make_checklist(actor, world, services.AskedFacts(custody_release=True))
    ids = {row.checklist_id for row in open_items_for_organisation(actor, day=today())}
    assert ids == {new.pk} and old.pk not in ids
    Case.objects.filter(pk=world.case.pk).update(state=CaseState.CLOSED, closed_on=today())
    assert open_items_for_organisation(actor, day=today()) == []


def test_an_organisation_that_left_the_case_has_no_actions_in_it(world):
    make_checklist(crisis_actor(world), world)
    assert open_items_for_organisation(crisis_actor(world), day=today())
    world.case.participants.filter(organisation=world.crisis).update(removed_on=today())
    assert open_items_for_organisation(crisis_actor(world), day=today()) == []
    # The day counts: before the leaving day, it still took part.
    yesterday = today() - dt.timedelta(days=1)
    world.case.participants.filter(organisation=world.crisis).update(
        added_on=yesterday - dt.timedelta(days=1)
    )
    assert open_items_for_organisation(crisis_actor(world), day=yesterday)


@pytest.mark.parametrize("persona", ["coordinator", "dpo", "outsider", "member", "org_admin"])
def test_nobody_else_gets_the_organisations_actions(world, persona):
    make_checklist(police_actor(world), world)
    user = world.personas()[persona]
    assert open_items_for_organisation(Actor.load(user), day=today()) == []


def test_the_number_of_queries_does_not_grow_with_the_number_of_cases(world):
    actor = police_actor(world)

    def count_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            rows = open_items_for_organisation(actor, day=today())
        return len(queries), len({row.case_id for row in rows})

    for n in range(2):
        _checklist_for(actor, _police_case(world, n))
    few, cases_few = count_queries()
    for n in range(2, 20):
        _checklist_for(actor, _police_case(world, n))
    many, cases_many = count_queries()
    assert (cases_few, cases_many) == (2, 20)
    assert few == many == 1


def test_the_audited_read_of_the_open_items_names_the_cases(world):
    from samvern.audit.models import AuditEvent

    actor = police_actor(world)
    make_checklist(actor, world)
    rows = services.read_open_items(actor, day=today(), via="page")
    event = AuditEvent.objects.get(action=services.OPEN_ITEMS_LISTED)
    assert event.detail["cases"] == [str(world.case.pk)]
    assert event.detail["items"] == len(rows)
