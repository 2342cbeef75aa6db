import contextlib
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samvern.accounts.actor import Actor
from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.accounts.tests.factories import OrganisationFactory
from samvern.audit.models import AuditEvent
from samvern.partnerships import services
from samvern.partnerships.models import ContactChange, Partnership, PartnershipMember
from samvern.partnerships.selectors import is_member, relay_for

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def raises_code(code):
    """Asserts the service refused with this reason; the wording is translated."""
    with pytest.raises(ValidationError) as error:
        yield error
    assert error.value.code == code, error.value


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


# --- create_partnership -------------------------------------------------------------


def test_coordinator_starts_a_partnership_and_becomes_its_first_member(
    hanne, police, bergen, askoy, today
):
    partnership = services.create_partnership(
        actor=Actor.load(hanne),
        name="  Risikokonferanse   Askøy ",
        coordinator=police,
        joined_on=today,
        municipalities=[bergen, askoy],
    )
    assert partnership.name == "Risikokonferanse Askøy"
    assert set(partnership.municipalities.all()) == {bergen, askoy}
    assert is_member(partnership, police)
    [created] = events("partnerships.partnership.created")
    assert created.actor_label == "hanne"
    assert created.target_id == str(partnership.pk)
    assert created.detail["municipalities"] == ["4601", "4627"]
    [joined] = events("partnerships.member.joined")
    assert joined.detail["organisation"] == str(police.pk)


def test_only_a_manager_of_the_coordinator_can_start_a_partnership(nina, police, today):
    with pytest.raises(ValidationError) as error:
        services.create_partnership(
            actor=Actor.load(nina), name="X", coordinator=police, joined_on=today
        )
    assert error.value.code == "not_coordinator"
    assert not Partnership.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_partnership_needs_a_name(hanne, police, today):
    with raises_code("name_required"):
        services.create_partnership(
            actor=Actor.load(hanne), name="   ", coordinator=police, joined_on=today
        )
    assert not Partnership.objects.exists()


# --- update_partnership -------------------------------------------------------------


def test_coordination_passes_only_to_a_current_member(
    hanne, partnership, shelter, resource_centre, child_welfare
):
    with raises_code("coordinator_not_member"):
        services.update_partnership(
            actor=Actor.load(hanne),
            partnership=partnership,
            name=partnership.name,
            description="",
            coordinator=resource_centre,
            municipalities=[],
            is_active=True,
        )
    services.update_partnership(
        actor=Actor.load(hanne),
        partnership=partnership,
        name="Ny konferanse",
        description="",
        coordinator=shelter,
        municipalities=[],
        is_active=True,
    )
    partnership.refresh_from_db()
    assert partnership.coordinator == shelter
    [updated] = events("partnerships.partnership.updated")
    assert set(updated.detail["changes"]) == {"name", "coordinator"}


# --- add_member ---------------------------------------------------------------------


def test_an_organisation_joins_from_its_joining_date(hanne, partnership, child_welfare, today):
    joins = today + dt.timedelta(days=7)
    member = services.add_member(
        actor=Actor.load(hanne),
        partnership=partnership,
        organisation=child_welfare,
        joined_on=joins,
    )
    assert member.joined_on == joins
    assert not is_member(partnership, child_welfare)
    assert is_member(partnership, child_welfare, on=joins)
    [joined] = events("partnerships.member.joined")
    assert joined.detail == {
        "partnership": str(partnership.pk),
        "organisation": str(child_welfare.pk),
        "organisation_name": child_welfare.name,
        "joined_on": joins.isoformat(),
    }


def test_an_organisation_cannot_join_twice(hanne, partnership, shelter, today):
    with raises_code("already_member"):
        services.add_member(
            actor=Actor.load(hanne), partnership=partnership, organisation=shelter, joined_on=today
        )
    assert partnership.members.filter(organisation=shelter).count() == 1
    assert not events("partnerships.member.joined")


def test_a_former_member_rejoins_only_after_its_leaving_date(
    hanne, partnership, resource_centre, today
):
    left_on = today - dt.timedelta(days=30)
    with raises_code("overlaps_former_membership"):
        services.add_member(
            actor=Actor.load(hanne),
            partnership=partnership,
            organisation=resource_centre,
            joined_on=left_on - dt.timedelta(days=1),
        )
    services.add_member(
        actor=Actor.load(hanne),
        partnership=partnership,
        organisation=resource_centre,
        joined_on=left_on,
    )
    assert is_member(partnership, resource_centre)
    assert partnership.members.filter(organisation=resource_centre).count() == 2


def test_no_new_members_in_a_wound_up_partnership(hanne, partnership, child_welfare, today):
    partnership.is_active = False
    partnership.save()
    with raises_code("partnership_inactive"):
        services.add_member(
            actor=Actor.load(hanne),
            partnership=partnership,
            organisation=child_welfare,
            joined_on=today,
        )


def test_an_inactive_organisation_cannot_join(hanne, partnership, today):
    closed = OrganisationFactory(name="Nedlagt", is_active=False)
    with raises_code("inactive_org"):
        services.add_member(
            actor=Actor.load(hanne), partnership=partnership, organisation=closed, joined_on=today
        )


# --- end_membership -----------------------------------------------------------------


def test_leaving_ends_membership_from_the_leaving_date_and_keeps_history(
    hanne, shelter_member, partnership, shelter, today
):
    services.end_membership(actor=Actor.load(hanne), member=shelter_member, left_on=today)
    shelter_member.refresh_from_db()
    assert shelter_member.left_on == today
    assert not is_member(partnership, shelter)
    assert is_member(partnership, shelter, on=today - dt.timedelta(days=1))
    [left] = events("partnerships.member.left")
    assert left.detail["left_on"] == today.isoformat()
    assert left.detail["organisation"] == str(shelter.pk)


def test_a_leaving_date_cannot_be_in_the_past(hanne, shelter_member, today):
    with pytest.raises(ValidationError) as error:
        services.end_membership(
            actor=Actor.load(hanne), member=shelter_member, left_on=today - dt.timedelta(days=1)
        )
    assert error.value.code == "left_in_past"
    shelter_member.refresh_from_db()
    assert shelter_member.left_on is None
    assert not events("partnerships.member.left")


def test_a_leaving_date_cannot_be_before_the_joining_date(hanne, partnership, child_welfare, today):
    member = services.add_member(
        actor=Actor.load(hanne),
        partnership=partnership,
        organisation=child_welfare,
        joined_on=today + dt.timedelta(days=10),
    )
    with pytest.raises(ValidationError) as error:
        services.end_membership(
            actor=Actor.load(hanne), member=member, left_on=today + dt.timedelta(days=9)
        )
    assert error.value.code == "left_before_joined"
    # Leaving on the joining day is allowed: the membership never gave access.
    services.end_membership(
        actor=Actor.load(hanne), member=member, left_on=today + dt.timedelta(days=10)
    )
    assert not PartnershipMember.objects.active_on(today + dt.timedelta(days=10)).filter(
        pk=member.pk
    )


def test_a_member_cannot_leave_twice(hanne, shelter_member, today):
    services.end_membership(actor=Actor.load(hanne), member=shelter_member, left_on=today)
    with raises_code("already_left"):
        services.end_membership(actor=Actor.load(hanne), member=shelter_member, left_on=today)
    assert len(events("partnerships.member.left")) == 1


def test_the_coordinator_cannot_leave(hanne, police_member, today):
    with pytest.raises(ValidationError) as error:
        services.end_membership(actor=Actor.load(hanne), member=police_member, left_on=today)
    assert error.value.code == "coordinator_leaving"


# --- set_contacts -------------------------------------------------------------------


def test_naming_contact_person_and_deputy_is_recorded_and_audited(
    hanne, shelter_member, nina, sofie, partnership, shelter
):
    change = services.set_contacts(
        actor=Actor.load(hanne), member=shelter_member, relay=nina, deputy=sofie
    )
    shelter_member.refresh_from_db()
    assert (shelter_member.relay, shelter_member.deputy) == (nina, sofie)
    assert change is not None
    assert (change.previous_relay, change.new_relay, change.new_deputy) == (None, nina, sofie)
    [relay_event] = events("partnerships.relay.changed")
    assert relay_event.detail["to"] == "nina"
    assert relay_event.organisation_id == str(shelter.pk)
    [deputy_event] = events("partnerships.deputy.changed")
    assert deputy_event.detail["to"] == "sofie"
    assert relay_for(partnership, shelter) == nina


def test_replacing_the_contact_person_requires_hand_over_notes(
    hanne, shelter_member, nina, sofie, shelter
):
    services.set_contacts(actor=Actor.load(hanne), member=shelter_member, relay=nina, deputy=None)
    newcomer = make_member(shelter, Role.CASE_WORKER, username="newcomer")
    with pytest.raises(ValidationError) as error:
        services.set_contacts(
            actor=Actor.load(hanne), member=shelter_member, relay=newcomer, deputy=sofie
        )
    assert error.value.code == "handover_notes_required"
    shelter_member.refresh_from_db()
    assert (shelter_member.relay, shelter_member.deputy) == (nina, None)

    services.set_contacts(
        actor=Actor.load(hanne),
        member=shelter_member,
        relay=newcomer,
        deputy=sofie,
        handover_notes="Meetings on Tuesdays.",
    )
    shelter_member.refresh_from_db()
    assert shelter_member.relay == newcomer
    assert shelter_member.handover_notes == "Meetings on Tuesdays."
    latest = ContactChange.objects.filter(member=shelter_member).latest("changed_at")
    assert (latest.previous_relay, latest.new_relay) == (nina, newcomer)
    assert latest.handover_notes == "Meetings on Tuesdays."
    assert events("partnerships.relay.changed")[-1].detail["handover_notes_written"] is True


def test_contact_person_and_deputy_must_differ(hanne, shelter_member, nina):
    with raises_code("relay_is_deputy"):
        services.set_contacts(
            actor=Actor.load(hanne), member=shelter_member, relay=nina, deputy=nina
        )
    shelter_member.refresh_from_db()
    assert shelter_member.relay is None


def test_contact_person_must_hold_a_role_in_the_member_organisation(
    hanne, shelter_member, otto, nina
):
    with raises_code("contact_not_in_organisation"):
        services.set_contacts(
            actor=Actor.load(hanne), member=shelter_member, relay=otto, deputy=None
        )
    nina.is_active = False
    nina.save()
    with raises_code("contact_not_in_organisation"):
        services.set_contacts(
            actor=Actor.load(hanne), member=shelter_member, relay=None, deputy=nina
        )
    assert not ContactChange.objects.exists()
    assert not events("partnerships.relay.changed")


def test_unchanged_contacts_write_nothing(hanne, shelter_member, nina):
    services.set_contacts(actor=Actor.load(hanne), member=shelter_member, relay=nina, deputy=None)
    count = AuditEvent.objects.count()
    assert (
        services.set_contacts(
            actor=Actor.load(hanne), member=shelter_member, relay=nina, deputy=None
        )
        is None
    )
    assert AuditEvent.objects.count() == count


def test_new_hand_over_notes_alone_are_kept_and_audited(hanne, shelter_member, nina):
    services.set_contacts(actor=Actor.load(hanne), member=shelter_member, relay=nina, deputy=None)
    services.set_contacts(
        actor=Actor.load(hanne),
        member=shelter_member,
        relay=nina,
        deputy=None,
        handover_notes="New routine.",
    )
    shelter_member.refresh_from_db()
    assert shelter_member.handover_notes == "New routine."
    assert len(events("partnerships.handover.updated")) == 1


def test_contacts_of_a_former_member_cannot_change(hanne, partnership, resource_centre, rolf):
    former = partnership.members.get(organisation=resource_centre)
    with raises_code("member_left"):
        services.set_contacts(actor=Actor.load(hanne), member=former, relay=rolf, deputy=None)


# --- set_relay_absence --------------------------------------------------------------


def test_while_the_contact_person_is_away_the_deputy_is_contacted(
    hanne, shelter_member, nina, sofie, partnership, shelter, today
):
    services.set_contacts(actor=Actor.load(hanne), member=shelter_member, relay=nina, deputy=sofie)
    back = today + dt.timedelta(days=14)
    services.set_relay_absence(actor=Actor.load(hanne), member=shelter_member, away_until=back)
    assert relay_for(partnership, shelter) == sofie
    assert relay_for(partnership, shelter, on=back + dt.timedelta(days=1)) == nina
    [event] = events("partnerships.relay.absence_changed")
    assert event.detail["to"] == back.isoformat()

    services.set_relay_absence(actor=Actor.load(hanne), member=shelter_member, away_until=None)
    assert relay_for(partnership, shelter) == nina


def test_absence_needs_a_deputy_and_a_future_date(hanne, shelter_member, nina, sofie, today):
    with raises_code("no_relay"):
        services.set_relay_absence(actor=Actor.load(hanne), member=shelter_member, away_until=today)
    services.set_contacts(actor=Actor.load(hanne), member=shelter_member, relay=nina, deputy=None)
    with raises_code("no_deputy"):
        services.set_relay_absence(actor=Actor.load(hanne), member=shelter_member, away_until=today)
    services.set_contacts(actor=Actor.load(hanne), member=shelter_member, relay=nina, deputy=sofie)
    with raises_code("away_in_past"):
        services.set_relay_absence(
            actor=Actor.load(hanne), member=shelter_member, away_until=today - dt.timedelta(days=1)
        )
    shelter_member.refresh_from_db()
    assert shelter_member.relay_away_until is None
    assert not events("partnerships.relay.absence_changed")


def test_a_new_contact_person_does_not_inherit_the_absence(
    hanne, shelter_member, nina, sofie, shelter, today
):
    services.set_contacts(actor=Actor.load(hanne), member=shelter_member, relay=nina, deputy=sofie)
    services.set_relay_absence(
        actor=Actor.load(hanne), member=shelter_member, away_until=today + dt.timedelta(days=5)
    )
    successor = make_member(shelter, Role.CASE_WORKER)
    services.set_contacts(
        actor=Actor.load(hanne),
        member=shelter_member,
        relay=successor,
        deputy=sofie,
        handover_notes="Over.",
    )
    shelter_member.refresh_from_db()
    assert shelter_member.relay_away_until is None


def test_refusals_are_worded_in_the_users_language(hanne, partnership, shelter, today):
    with translation.override("en"), raises_code("already_member") as error:
        services.add_member(
            actor=Actor.load(hanne), partnership=partnership, organisation=shelter, joined_on=today
        )
    assert "Bergen krisesenter is already a member" in error.value.messages[0]
    with translation.override("nb"), raises_code("already_member") as error:
        services.add_member(
            actor=Actor.load(hanne), partnership=partnership, organisation=shelter, joined_on=today
        )
    assert "Bergen krisesenter er allerede medlem" in error.value.messages[0]
