"""Co-owning a plan is an invitation the other municipality answers: until one of its own
plan editors accepts, it is no owner — no rights, no part in the national figures."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from samvern.accounts.models import Role
from samvern.accounts.testing import make_member
from samvern.audit.models import AuditEvent
from samvern.overview.selectors import coverage
from samvern.plans.models import CoOwnerInvitation, InvitationStatus, Plan
from samvern.plans.services.data import AdoptionData

CREATE = reverse("plans:create")
NOW = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)


@pytest.fixture
def ask_reader(askoy_org):
    return make_member(askoy_org, Role.PLAN_READER, username="ask_reader")


@pytest.fixture
def invited_plan(client, alice, bergen, askoy, per):
    client.force_login(alice)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            CREATE,
            {"title": "Felles plan", "municipalities": [bergen.pk, askoy.pk], "framework": ""},
            follow=True,
        )
    assert response.status_code == 200
    assert "Askøy er invitert" in response.content.decode()
    client.logout()
    return Plan.objects.get()


def invitation_url(plan):
    return reverse("plans:invitation", args=[plan.invitations.get().pk])


def state(plan):
    plan.refresh_from_db()
    return (
        set(plan.municipalities.values_list("code", flat=True)),
        list(plan.invitations.values_list("status", flat=True)),
        AuditEvent.objects.filter(action__startswith="plans.plan.co_owner").count(),
    )


def test_the_creator_owns_the_plan_and_the_other_municipality_is_only_invited(
    invited_plan, bergen, askoy, alice
):
    assert set(invited_plan.municipalities.all()) == {bergen}
    invitation = invited_plan.invitations.get()
    assert (invitation.municipality, invitation.status) == (askoy, InvitationStatus.PENDING)
    assert invitation.invited_by == alice
    created = AuditEvent.objects.get(action="plans.plan.created")
    assert created.detail["municipalities"] == ["4601"] and created.detail["invited"] == ["4627"]
    assert AuditEvent.objects.filter(action="plans.plan.co_owner_invited").count() == 1


def test_the_inviter_sees_the_pending_invitation_but_cannot_answer_it(client, invited_plan, alice):
    client.force_login(alice)
    detail = client.get(reverse("plans:detail", args=[invited_plan.pk])).content.decode()
    assert 'data-testid="pending-invitations"' in detail and "Askøy" in detail
    before = state(invited_plan)
    assert client.get(invitation_url(invited_plan)).status_code == 404
    assert client.post(invitation_url(invited_plan), {"answer": "accept"}).status_code == 404
    assert state(invited_plan) == before


def test_until_it_accepts_the_invited_municipality_has_no_part_in_the_plan(
    client, invited_plan, per, askoy
):
    client.force_login(per)
    version = invited_plan.versions.get()
    assert client.get(reverse("plans:detail", args=[invited_plan.pk])).status_code == 404
    assert (
        client.get(reverse("plans:version", args=[invited_plan.pk, version.pk])).status_code == 404
    )
    # The national overview does not count the plan as Askøy's (it is Bergen's draft).
    rows = coverage(as_of=NOW.date(), structure=2024).by_code
    assert rows["4601"].status == "preparing"
    assert rows["4627"].status != "preparing"
    # Nor can Askøy's people be made responsible for the plan's measures yet.
    from samvern.plans.forms import MeasureForm

    form = MeasureForm(version=version)
    assert per not in form.fields["responsible_user"].queryset


def test_the_invited_editor_is_told_on_the_start_page_and_accepts(
    client, invited_plan, per, bergen, askoy
):
    client.force_login(per)
    start = client.get("/").content.decode()
    assert "Invitasjoner til å eie en plan sammen" in start
    assert invitation_url(invited_plan) in start
    page = client.get(invitation_url(invited_plan))
    assert page.status_code == 200 and "Felles plan" in page.content.decode()
    with time_machine.travel(NOW, tick=False):
        response = client.post(invitation_url(invited_plan), {"answer": "accept"})
    assert response.status_code == 302
    assert set(invited_plan.municipalities.all()) == {bergen, askoy}
    invitation = invited_plan.invitations.get()
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.answered_by == per
    event = AuditEvent.objects.get(action="plans.plan.co_owner_accepted")
    assert event.actor_id == str(per.pk) and event.detail["municipality"] == "4627"
    assert client.get(reverse("plans:detail", args=[invited_plan.pk])).status_code == 200
    assert invitation_url(invited_plan) not in client.get("/").content.decode()
    # An answered invitation cannot be answered again.
    client.post(invitation_url(invited_plan), {"answer": "decline"})
    assert invited_plan.invitations.get().status == InvitationStatus.ACCEPTED
    assert rows_status(askoy) == "preparing"


def rows_status(municipality):
    return coverage(as_of=NOW.date(), structure=2024).by_code[municipality.code].status


def test_declining_changes_nothing_about_the_plan(client, invited_plan, per, bergen):
    client.force_login(per)
    owners, _statuses, events = state(invited_plan)
    response = client.post(invitation_url(invited_plan), {"answer": "decline"})
    assert response.status_code == 302
    assert state(invited_plan) == (owners, ["declined"], events + 1)
    assert AuditEvent.objects.filter(action="plans.plan.co_owner_declined").count() == 1
    assert set(invited_plan.municipalities.all()) == {bergen}
    assert client.get(reverse("plans:detail", args=[invited_plan.pk])).status_code == 404


def test_a_reader_of_the_invited_municipality_may_not_answer(client, invited_plan, ask_reader):
    client.force_login(ask_reader)
    before = state(invited_plan)
    assert client.get(invitation_url(invited_plan)).status_code == 404
    assert client.post(invitation_url(invited_plan), {"answer": "accept"}).status_code == 404
    assert state(invited_plan) == before
    assert "Invitasjoner til å eie" not in client.get("/").content.decode()


def test_an_outsider_gets_not_found(client, invited_plan, charlie):
    client.force_login(charlie)
    before = state(invited_plan)
    assert client.get(invitation_url(invited_plan)).status_code == 404
    assert client.post(invitation_url(invited_plan), {"answer": "accept"}).status_code == 404
    missing = reverse("plans:invitation", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(missing).status_code == 404
    assert state(invited_plan) == before
    client.logout()
    assert client.get(invitation_url(invited_plan)).status_code == 302  # to the login page


def test_a_plan_of_the_creators_own_municipalities_has_no_invitations(client, alice, bergen):
    client.force_login(alice)
    client.post(CREATE, {"title": "Egen plan", "municipalities": [bergen.pk], "framework": ""})
    assert not CoOwnerInvitation.objects.exists()
    assert set(Plan.objects.get().municipalities.all()) == {bergen}


def test_an_owner_invites_another_municipality_from_the_plan_page(
    client, alice, bob, charlie, bergen, stavanger
):
    from samvern.plans.tests.helpers import new_plan

    plan = new_plan(alice, [bergen])
    url = reverse("plans:invite_co_owner", args=[plan.pk])
    for outsider in (bob, charlie):  # a reader of the plan, an editor elsewhere
        client.force_login(outsider)
        assert client.post(url, {"municipality": stavanger.pk}).status_code == 404
    assert not plan.invitations.exists()
    client.force_login(alice)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert 'data-testid="invite-co-owner"' in page
    assert client.post(url, {"municipality": stavanger.pk}).status_code == 302
    invitation = plan.invitations.get()
    assert (invitation.municipality, invitation.status) == (stavanger, "pending")
    assert set(plan.municipalities.all()) == {bergen}
    # Inviting again is refused; an owner cannot be invited.
    client.post(url, {"municipality": stavanger.pk})
    client.post(url, {"municipality": bergen.pk})
    assert plan.invitations.count() == 1


def test_a_council_cannot_adopt_before_its_municipality_exists(alice, bergen):
    from django.core.exceptions import ValidationError

    from samvern.places.models import Municipality
    from samvern.plans import services
    from samvern.plans.tests.helpers import START, as_actor, editor_of, new_plan, quality_checked

    haram = Municipality.objects.get(year=2024, code="1580")
    plan = new_plan(alice, [bergen, haram])
    version = quality_checked(alice, plan)
    with pytest.raises(ValidationError) as refused:
        services.record_adoption(
            actor=as_actor(editor_of(haram)),
            version=version,
            data=AdoptionData(
                municipality=haram,
                body="Kommunestyret",
                decided_on=dt.date(2023, 12, 14),
                period_start=dt.date(2023, 12, 14),
                period_end=START.replace(year=START.year + 3),
            ),
        )
    assert "1580 Haram" in refused.value.messages[0]
    assert not version.adoptions.exists()
