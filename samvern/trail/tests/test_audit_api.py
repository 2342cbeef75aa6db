"""The audit API follows the audit page's scope and is itself audited."""

import pytest

from samvern.accounts.models import Role
from samvern.accounts.testing import login, make_member
from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log


@pytest.fixture
def dpo(bergen_org):
    return make_member(bergen_org, Role.DATA_PROTECTION_OFFICER, username="dpo")


def test_a_dpo_lists_their_organisations_events(
    client, dpo, alice, charlie, bergen_org, stavanger_org
):
    mine = audit_log(actor=alice, organisation=bergen_org, action="plans.measure.updated")
    theirs = audit_log(actor=charlie, organisation=stavanger_org, action="plans.measure.updated")
    login(client, dpo)
    response = client.get("/api/v1/audit/events/?action_prefix=plans.")
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == [mine.pk]
    assert theirs.pk not in ids
    event = AuditEvent.objects.get(action="audit.events.searched")
    assert event.detail["via"] == "api"
    assert event.detail["results"] == 1


def test_others_get_404(client, alice):
    login(client, alice)
    assert client.get("/api/v1/audit/events/").status_code == 404


def test_bad_filters_get_400_with_the_field(client, dpo):
    login(client, dpo)
    response = client.get("/api/v1/audit/events/?date_from=2026-02-02&date_to=2026-01-01")
    assert response.status_code == 400
    assert "date_to" in response.json()


def test_the_api_filters_by_kind_and_names_each_action(client, dpo, alice, bergen_org):
    audit_log(actor=alice, organisation=bergen_org, action="plans.measure.updated")
    audit_log(actor=alice, organisation=bergen_org, action="accounts.user.logged_in")
    login(client, dpo)
    response = client.get("/api/v1/audit/events/?action_kind=plans", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["action"], row["action_kind"]) for row in rows] == [
        ("plans.measure.updated", "plans")
    ]
    assert rows[0]["action_label"] in ("Changed a measure", "Endret et tiltak")
    assert client.get("/api/v1/audit/events/?action_kind=nonsense").status_code == 400
    assert client.get("/api/v1/audit/events/?date_from=1.12.2026").status_code == 200
