"""Leaving staff: the organisation's administrator gives a membership an end date on the
members page, and from that day the membership no longer counts anywhere — checked over
every route of the case layer, with the clock frozen on fixed days."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from samvern.accounts.models import Membership, Role
from samvern.accounts.testing import login, make_member
from samvern.accounts.tests.factories import MembershipFactory, api_token_for
from samvern.audit.models import AuditEvent
from samvern.cases.tests.conftest import make_world
from samvern.cases.tests.test_access_matrix import EXPECTED, _fill, _ids, case_layer_routes

ISSUED = dt.date(2026, 12, 1)
LAST_DAY = dt.date(2026, 12, 9)
ENDS_ON = dt.date(2026, 12, 10)
# A refused token: 401 with WWW-Authenticate (403 where the session scheme answers).
REFUSED = (401, 403)


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0))


def _edit_url(membership: Membership) -> str:
    return f"/accounts/organisations/{membership.organisation_id}/members/{membership.pk}/"


def _end(client: Client, membership: Membership, ends_on: str) -> object:
    return client.post(
        _edit_url(membership),
        {"role": membership.role, "title": membership.title, "ends_on": ends_on},
    )


@pytest.fixture
def world(db):
    """The case layer's fixture world (as the access matrix uses it), made on ISSUED."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from samvern.cases import services
    from samvern.cases.models import LegalBasis, ShareScope
    from samvern.cases.services import AssessmentRecord, ShareData

    with time_machine.travel(_noon(ISSUED), tick=False):
        world = make_world(today=ISSUED)
        share = ShareData(
            scope=ShareScope.ALL_PARTICIPANTS,
            legal_basis=LegalBasis.AVERT_CRIME,
            purpose="Avverge ny vold",
            recipients=[],
        )
        from samvern.accounts.actor import Actor

        common = {
            "actor": Actor.load(world.referrer, organisation=world.police),
            "case": world.case,
        }
        world.document = services.upload_document(
            **common,
            title="Anmeldelse",
            upload=SimpleUploadedFile("anmeldelse.pdf", b"%PDF-1.4 test", "application/pdf"),
            share=share,
        )
        world.assessment = services.record_assessment(
            **common,
            record=AssessmentRecord(
                person=world.exposed,
                instrument_key="samvern-screening-exposed",
                instrument_version="1.0",
                answers={"escalation": "yes"},
                score=1,
                band="standard",
                share=share,
            ),
        )
        return world


def _statuses(user, world) -> dict[str, int]:
    client = login(Client(), user)
    ids = _ids(world)
    return {route: client.get(_fill(route, ids)).status_code for route in case_layer_routes()}


def test_access_to_every_case_route_ends_on_the_end_date(world):
    membership = world.referrer.memberships.get()
    with time_machine.travel(_noon(ISSUED), tick=False):
        admin = login(Client(), world.org_admin)
        response = _end(admin, membership, ENDS_ON.isoformat())
        assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == ENDS_ON and membership.is_active
    event = AuditEvent.objects.get(
        action="accounts.membership.updated", target_id=str(membership.pk)
    )
    assert event.actor_id == str(world.org_admin.pk)
    assert event.detail["ends_on"] == "2026-12-10"

    with time_machine.travel(_noon(LAST_DAY), tick=False):
        assert _statuses(world.referrer, world) == {
            route: EXPECTED[route]["referrer"] for route in case_layer_routes()
        }
    with time_machine.travel(_noon(ENDS_ON), tick=False):
        # From the end date the former case worker is like anyone without a case role.
        assert _statuses(world.referrer, world) == {
            route: EXPECTED[route]["org_admin"] for route in case_layer_routes()
        }
        assert world.referrer.requires_second_factor is False
        # Colleagues are untouched.
        participant = login(Client(), world.participant)
        assert participant.get(f"/cases/{world.case.pk}/").status_code == 200
        # The members page shows the membership as ended.
        page = login(Client(), world.org_admin).get(
            f"/accounts/organisations/{world.police.pk}/members/"
        )
        assert "Ended" in page.content.decode() or "Avsluttet" in page.content.decode()


def test_the_end_date_is_not_in_the_past_and_the_last_administrator_stays(world):
    membership = world.referrer.memberships.get()
    with time_machine.travel(_noon(ISSUED), tick=False):
        admin = login(Client(), world.org_admin)
        response = _end(admin, membership, "2026-11-30")
        assert response.status_code == 200
        membership.refresh_from_db()
        assert membership.ends_on is None
        own = world.org_admin.memberships.get(role=Role.ORG_ADMIN)
        response = _end(admin, own, ENDS_ON.isoformat())
        assert response.status_code == 200
        errors = response.context["form"].non_field_errors().as_data()
        assert [error.code for error in errors] == ["last_admin"]
        own.refresh_from_db()
        assert own.ends_on is None
        # With a second administrator who stays, the first may leave.
        make_member(world.police, Role.ORG_ADMIN, username="orgadmin2")
        assert _end(admin, own, ENDS_ON.isoformat()).status_code == 302
        own.refresh_from_db()
        assert own.ends_on == ENDS_ON


@pytest.mark.parametrize("who", ["referrer", "dpo", "participant"])
def test_only_the_organisations_administrator_sets_an_end_date(world, who):
    """The member themself and the DPO (read-only here) and an outsider get 404."""
    membership = world.referrer.memberships.get()
    with time_machine.travel(_noon(ISSUED), tick=False):
        client = login(Client(), getattr(world, who))
        assert client.get(_edit_url(membership)).status_code == 404
        assert _end(client, membership, ENDS_ON.isoformat()).status_code == 404
    membership.refresh_from_db()
    assert membership.ends_on is None
    assert not AuditEvent.objects.filter(action="accounts.membership.updated").exists()


def test_an_ended_membership_can_be_reactivated_until_further_notice(world):
    membership = world.referrer.memberships.get()
    Membership.objects.filter(pk=membership.pk).update(ends_on=ENDS_ON)
    with time_machine.travel(_noon(ENDS_ON), tick=False):
        admin = login(Client(), world.org_admin)
        url = _edit_url(membership) + "reactivate/"
        assert admin.post(url).status_code == 302
        membership.refresh_from_db()
        assert membership.ends_on is None
        referrer = login(Client(), world.referrer)
        assert referrer.get(f"/cases/{world.case.pk}/").status_code == 200


def test_a_token_issued_before_an_end_date_stops_on_that_date(bergen_org):
    with time_machine.travel(_noon(ISSUED), tick=False):
        reader = make_member(bergen_org, Role.PLAN_READER, username="reader")
        MembershipFactory(user=reader, organisation=bergen_org, role=Role.PLAN_EDITOR)
        Membership.objects.filter(user=reader, role=Role.PLAN_EDITOR).update(ends_on=ENDS_ON)
        key = api_token_for(reader)
    program = Client(HTTP_AUTHORIZATION=f"Token {key}")
    with time_machine.travel(_noon(LAST_DAY), tick=False):
        assert program.get("/api/v1/me/").status_code == 200
    with time_machine.travel(_noon(ENDS_ON), tick=False):
        assert program.get("/api/v1/me/").status_code in REFUSED
