"""CSV export of an audit search."""

import csv
import io

import pytest

from samvern.accounts.models import Role
from samvern.accounts.testing import login, make_member
from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log


@pytest.fixture
def dpo(bergen_org):
    return make_member(bergen_org, Role.DATA_PROTECTION_OFFICER, username="dpo")


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=";"))


def test_the_export_contains_the_search_result_and_is_audited(client, dpo, alice, bergen_org):
    audit_log(
        actor=alice,
        organisation=bergen_org,
        action="plans.measure.updated",
        target_type="plans.measure",
        target_id="m-1",
        detail={"field": "status"},
    )
    audit_log(actor=alice, organisation=bergen_org, action="accounts.user.logged_in")
    login(client, dpo)
    response = client.get("/audit/export.csv?action_prefix=plans.")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:5] == ["Tidspunkt", "Person", "Brukernavn", "Organisasjon", "Handling"]
    assert len(rows) == 2
    assert rows[1][2] == "alice"
    assert rows[1][4] == "Endret et tiltak"
    assert rows[1][7] == "felt: status"
    assert rows[1][9] == "plans.measure.updated"
    event = AuditEvent.objects.get(action="audit.events.exported")
    assert event.actor_id == str(dpo.pk)
    assert event.detail["rows"] == 1
    assert event.detail["action_prefix"] == "plans."


def test_cells_that_spreadsheets_would_run_as_formulas_are_neutralised(client, dpo, bergen_org):
    audit_log(
        actor=None,
        organisation=bergen_org,
        action="tests.thing.made",
        target_type="x",
        target_id='=HYPERLINK("http://evil")',
    )
    login(client, dpo)
    rows = read_csv(client.get("/audit/export.csv?action_prefix=tests."))
    assert rows[1][11].startswith("'=")


def test_others_cannot_export(client, alice, charlie, stavanger_org, bergen_org):
    audit_log(actor=alice, organisation=bergen_org, action="plans.measure.updated")
    login(client, alice)
    assert client.get("/audit/export.csv").status_code == 404
    outsider = make_member(stavanger_org, Role.DATA_PROTECTION_OFFICER, username="sdpo")
    login(client, outsider)
    rows = read_csv(client.get("/audit/export.csv"))
    assert all(row[9] != "plans.measure.updated" for row in rows[1:])


def test_a_bad_search_exports_nothing(client, dpo):
    login(client, dpo)
    response = client.get("/audit/export.csv?date_from=nonsense")
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="audit.events.exported").exists()
