"""Every training route × persona: members read the figures, the coordinator manages
events and plans, a member organisation's administrator keeps its own roles, staff and
records; outsiders get the same 404 as for nothing at all; refused writes change nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.training import services
from samvern.training.models import (
    CompetenceRecord,
    StaffMember,
    TargetRole,
    TrainingEvent,
    TrainingPlan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(partnership, coord):
    return services.create_event(
        actor=Actor.load(coord),
        partnership=partnership,
        topic_key="risk-assessment",
        held_on=dt.date(2025, 10, 1),
        hours=Decimal("6"),
        trainer="RVTS Vest",
    )


@pytest.fixture
def plan(partnership, coord):
    return services.save_plan(actor=Actor.load(coord), partnership=partnership, year=2026, goals="")


@pytest.fixture
def staff(partnership, shelter):
    role = TargetRole.objects.create(
        partnership=partnership,
        organisation=shelter,
        name="Rådgiver",
        required_topics=["risk-assessment"],
    )
    return StaffMember.objects.create(
        partnership=partnership, organisation=shelter, name="Kari Nordmann", role=role
    )


def _status(client, user, url):
    if user is not None:
        login(client, user)
    return client.get(url).status_code


@pytest.mark.parametrize(
    ("persona", "overview", "event_page", "create", "plan_page", "org_page"),
    [
        ("coord", 200, 200, 200, 200, 200),
        ("admin", 200, 200, 404, 200, 200),
        ("member", 200, 200, 404, 200, 200),
        ("outsider", 404, 404, 404, 404, 404),
        (None, 302, 302, 302, 302, 302),
    ],
)
def test_route_matrix(
    client,
    request,
    partnership,
    shelter,
    event,
    plan,
    persona,
    overview,
    event_page,
    create,
    plan_page,
    org_page,
):
    user = request.getfixturevalue(persona) if persona else None
    pk = partnership.pk
    assert _status(client, user, reverse("training:overview", args=[pk])) == overview
    assert _status(client, user, reverse("training:event", args=[pk, event.pk])) == event_page
    assert _status(client, user, reverse("training:event_create", args=[pk])) == create
    assert _status(client, user, reverse("training:plan", args=[pk, 2026])) == plan_page
    assert (
        _status(client, user, reverse("training:organisation", args=[pk, shelter.pk])) == org_page
    )


def test_outsider_404_is_the_same_as_not_found(client, outsider, partnership):
    login(client, outsider)
    seen = client.get(reverse("training:overview", args=[partnership.pk]))
    missing = client.get(reverse("training:overview", args=[uuid.uuid4()]))
    assert seen.status_code == missing.status_code == 404
    assert seen.content == missing.content


def test_staff_names_only_for_own_admin_and_coordinator(
    client, partnership, shelter, staff, coord, admin, member
):
    url = reverse("training:organisation", args=[partnership.pk, shelter.pk])
    for user, shown in ((coord, True), (admin, True), (member, False)):
        login(client, user)
        assert ("Kari Nordmann" in client.get(url).content.decode()) is shown


def test_member_writes_are_refused_and_change_nothing(
    client, member, partnership, shelter, event, staff
):
    login(client, member)
    before = (
        TrainingEvent.objects.count(),
        TrainingPlan.objects.count(),
        StaffMember.objects.count(),
        TargetRole.objects.count(),
        CompetenceRecord.objects.count(),
        AuditEvent.objects.count(),
    )
    pk = partnership.pk
    org_url = reverse("training:organisation", args=[pk, shelter.pk])
    responses = [
        client.post(
            reverse("training:event_create", args=[pk]),
            {"topic_key": "duty-to-avert", "held_on": "2025-01-01", "hours": "2"},
        ),
        client.post(reverse("training:event", args=[pk, event.pk]), {"person": str(staff.pk)}),
        client.post(reverse("training:plan", args=[pk, 2027]), {"action": "plan", "goals": "x"}),
        client.post(org_url, {"action": "staff", "staff-name": "Ola"}),
        client.post(
            org_url, {"action": "role", "name": "Ny", "required_topics": ["duty-to-avert"]}
        ),
        client.post(org_url, {"action": "left", "person": str(staff.pk)}),
    ]
    assert [r.status_code for r in responses] == [404] * 6
    after = (
        TrainingEvent.objects.count(),
        TrainingPlan.objects.count(),
        StaffMember.objects.count(),
        TargetRole.objects.count(),
        CompetenceRecord.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
    staff.refresh_from_db()
    assert staff.is_active


def test_admin_registers_own_staff_on_an_event(client, admin, partnership, event, staff):
    login(client, admin)
    response = client.post(
        reverse("training:event", args=[partnership.pk, event.pk]), {"person": str(staff.pk)}
    )
    assert response.status_code == 302
    record = CompetenceRecord.objects.get(person=staff)
    assert record.completed_on == dt.date(2025, 10, 1)
    assert record.refresh_due == dt.date(2027, 10, 1)
    assert AuditEvent.objects.filter(action="training.participant.added").count() == 1


def test_admin_cannot_write_for_another_organisation(client, admin, partnership, police):
    login(client, admin)
    url = reverse("training:organisation", args=[partnership.pk, police.pk])
    response = client.post(url, {"action": "staff", "staff-name": "Ola"})
    assert response.status_code == 404
    assert not StaffMember.objects.exists()


def test_bad_input_is_refused_with_a_message(client, coord, partnership):
    login(client, coord)
    response = client.post(
        reverse("training:event_create", args=[partnership.pk]),
        {"topic_key": "not-a-topic", "held_on": "2025-01-01", "hours": "to"},
    )
    assert response.status_code == 400
    assert not TrainingEvent.objects.exists()
