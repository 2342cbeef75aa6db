"""One view per form: each form of the mandate, consultation, round and evaluation pages
is sent to its own URL. The plan's editor (alice) changes what the form says; its reader
(bob) and an editor of another municipality (charlie) get 404 and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from samvern.audit.models import AuditEvent
from samvern.plans import services
from samvern.plans.models import (
    Consultation,
    ConsultationResponse,
    Evaluation,
    Mandate,
    Milestone,
    RoundStatus,
    StatusReport,
    WorkingGroupMember,
)
from samvern.plans.tests.helpers import (
    START,
    adopted,
    as_actor,
    new_plan,
    ready_for_consultation,
)

pytestmark = pytest.mark.django_db


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def draft(alice, bergen):
    return ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)


@pytest.fixture
def member(alice, draft):
    return services.add_working_group_member(
        actor=as_actor(alice), version=draft, name="Kari Nilsen", is_leader=True
    )


@pytest.fixture
def response(alice, draft):
    return services.add_consultation_response(
        actor=as_actor(alice), version=draft, respondent="Krisesenteret", text="Bra."
    )


@pytest.fixture
def implemented(alice, bergen):
    return adopted(alice, new_plan(alice, [bergen]), measures=2)


@pytest.fixture
def planned_round(alice, implemented):
    return services.create_reporting_round(
        actor=as_actor(alice), version=implemented, title="Vår", due_date=START
    )


@pytest.fixture
def open_round(alice, planned_round):
    services.open_reporting_round(actor=as_actor(alice), round=planned_round)
    planned_round.refresh_from_db()
    return planned_round


def url(name, version, *extra):
    return reverse(f"plans:{name}", args=[version.plan_id, version.pk, *extra])


MANDATE = {"m-body": "Bystyret", "m-decided_on": "2025-01-15", "m-text": "Ny tekst."}


# --- Mandate page ---------------------------------------------------------------------


def test_the_editor_saves_the_mandate_at_its_own_url(client, login_as, alice, draft):
    login_as(alice)
    response = client.post(url("mandate_save", draft), MANDATE)
    assert response.status_code == 302
    assert response["Location"] == url("mandate", draft)
    mandate = Mandate.objects.get(version=draft)
    assert (mandate.body, mandate.text) == ("Bystyret", "Ny tekst.")
    assert AuditEvent.objects.filter(action="plans.mandate.updated").exists()


def test_a_refused_mandate_is_shown_on_the_mandate_page(client, login_as, alice, draft):
    login_as(alice)
    response = client.post(url("mandate_save", draft), {"m-body": "", "m-decided_on": ""})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert response.templates[0].name == "plans/version/mandate.html"


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_readers_and_outsiders_cannot_save_the_mandate(client, login_as, request, draft, who):
    before = Mandate.objects.get(version=draft).text
    mark = last_id()
    login_as(request.getfixturevalue(who))
    assert client.post(url("mandate_save", draft), MANDATE).status_code == 404
    assert Mandate.objects.get(version=draft).text == before
    assert not AuditEvent.objects.filter(id__gt=mark).exists()


def test_the_editor_adds_and_removes_a_working_group_member(client, login_as, alice, draft):
    login_as(alice)
    added = client.post(
        url("member_add", draft), {"w-name": "Ola Nordmann", "w-publish_name": "on"}
    )
    assert added.status_code == 302
    member = WorkingGroupMember.objects.get(version=draft, name="Ola Nordmann")
    removed = client.post(url("member_remove", draft, member.pk))
    assert removed.status_code == 302
    assert not WorkingGroupMember.objects.filter(pk=member.pk).exists()


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_readers_and_outsiders_cannot_change_the_working_group(
    client, login_as, request, draft, member, who
):
    login_as(request.getfixturevalue(who))
    assert client.post(url("member_add", draft), {"w-name": "Inntrenger"}).status_code == 404
    assert client.post(url("member_remove", draft, member.pk)).status_code == 404
    assert list(draft.working_group.values_list("name", flat=True)) == ["Kari Nilsen"]


def test_the_editor_adds_a_milestone(client, login_as, alice, draft):
    login_as(alice)
    response = client.post(
        url("milestone_add", draft), {"t-title": "Utkast klart", "t-due_on": "2025-03-01"}
    )
    assert response.status_code == 302
    assert Milestone.objects.get(version=draft).due_on == dt.date(2025, 3, 1)


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_readers_and_outsiders_cannot_add_a_milestone(client, login_as, request, draft, who):
    login_as(request.getfixturevalue(who))
    response = client.post(
        url("milestone_add", draft), {"t-title": "Utkast klart", "t-due_on": "2025-03-01"}
    )
    assert response.status_code == 404
    assert not Milestone.objects.filter(version=draft).exists()


def test_the_mandate_page_no_longer_takes_a_post(client, login_as, alice, bob, draft):
    before = Mandate.objects.get(version=draft).text
    login_as(alice)
    assert client.post(url("mandate", draft), {"action": "mandate", **MANDATE}).status_code == 405
    assert Mandate.objects.get(version=draft).text == before
    login_as(bob)
    assert client.get(url("mandate", draft)).status_code == 200


# --- Consultation page ----------------------------------------------------------------

PERIOD = {"c-opens_on": "2024-09-01", "c-closes_on": "2024-10-01", "c-description": "Alle"}


def test_the_editor_sets_the_consultation_period(client, login_as, alice, draft):
    login_as(alice)
    response = client.post(url("consultation_period", draft), PERIOD)
    assert response.status_code == 302
    assert response["Location"] == url("consultation", draft)
    assert Consultation.objects.get(version=draft).opens_on == dt.date(2024, 9, 1)


def test_a_period_that_closes_before_it_opens_is_refused(client, login_as, alice, draft):
    before = Consultation.objects.get(version=draft).closes_on
    login_as(alice)
    response = client.post(
        url("consultation_period", draft), {**PERIOD, "c-closes_on": "2024-08-01"}
    )
    assert response.status_code == 400
    assert response.context["period_form"].errors
    assert Consultation.objects.get(version=draft).closes_on == before


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_readers_and_outsiders_cannot_set_the_period(client, login_as, request, draft, who):
    before = Consultation.objects.get(version=draft).opens_on
    login_as(request.getfixturevalue(who))
    assert client.post(url("consultation_period", draft), PERIOD).status_code == 404
    assert Consultation.objects.get(version=draft).opens_on == before


def test_the_editor_records_and_weighs_a_response(client, login_as, alice, draft):
    login_as(alice)
    added = client.post(
        url("consultation_response", draft), {"r-respondent": "Politiet", "r-text": "Enig."}
    )
    assert added.status_code == 302
    answer = ConsultationResponse.objects.get(version=draft, respondent="Politiet")
    weighed = client.post(
        url("consultation_weigh", draft, answer.pk),
        {f"w-{answer.pk}-weighing": "partly", f"w-{answer.pk}-reason": "Delvis."},
    )
    assert weighed.status_code == 302
    answer.refresh_from_db()
    assert (answer.weighing, answer.weighing_reason) == ("partly", "Delvis.")


def test_a_weighing_without_a_reason_is_refused_on_its_own_form(
    client, login_as, alice, draft, response
):
    login_as(alice)
    page = client.post(
        url("consultation_weigh", draft, response.pk), {f"w-{response.pk}-weighing": "partly"}
    )
    assert page.status_code == 400
    assert page.context["weigh_target"] == str(response.pk)
    response.refresh_from_db()
    assert response.weighing == ""


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_readers_and_outsiders_cannot_record_or_weigh_responses(
    client, login_as, request, draft, response, who
):
    login_as(request.getfixturevalue(who))
    assert (
        client.post(
            url("consultation_response", draft), {"r-respondent": "X", "r-text": "Y"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            url("consultation_weigh", draft, response.pk),
            {f"w-{response.pk}-weighing": "accepted"},
        ).status_code
        == 404
    )
    assert list(ConsultationResponse.objects.filter(version=draft)) == [response]
    response.refresh_from_db()
    assert response.weighing == ""


# --- Reporting round page -------------------------------------------------------------


def test_the_editor_opens_and_closes_a_round(client, login_as, alice, implemented, planned_round):
    login_as(alice)
    round_page = url("round", implemented, planned_round.pk)
    opened = client.post(url("round_open", implemented, planned_round.pk))
    assert (opened.status_code, opened["Location"]) == (302, round_page)
    planned_round.refresh_from_db()
    assert planned_round.status == RoundStatus.OPEN
    closed = client.post(url("round_close", implemented, planned_round.pk))
    assert closed.status_code == 302
    planned_round.refresh_from_db()
    assert planned_round.status == RoundStatus.CLOSED


def test_closing_a_round_that_is_not_open_is_refused_with_a_message(
    client, login_as, alice, implemented, planned_round
):
    login_as(alice)
    response = client.post(url("round_close", implemented, planned_round.pk))
    assert response.status_code == 400
    assert [str(m) for m in response.context["messages"]]
    planned_round.refresh_from_db()
    assert planned_round.status == RoundStatus.PLANNED


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_readers_and_outsiders_cannot_open_or_close_a_round(
    client, login_as, request, implemented, planned_round, who
):
    login_as(request.getfixturevalue(who))
    assert client.post(url("round_open", implemented, planned_round.pk)).status_code == 404
    assert client.post(url("round_close", implemented, planned_round.pk)).status_code == 404
    planned_round.refresh_from_db()
    assert planned_round.status == RoundStatus.PLANNED


def test_the_editor_reports_a_measure_at_its_own_url(
    client, login_as, alice, implemented, open_round
):
    measure = implemented.measures.order_by("number").first()
    login_as(alice)
    response = client.post(
        url("round_report", implemented, open_round.pk, measure.pk),
        {f"{measure.pk}-status": "on_track", f"{measure.pk}-comment": "Bra"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#m-{measure.pk}")
    assert StatusReport.objects.get(round=open_round, measure=measure).comment == "Bra"


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_readers_and_outsiders_cannot_report(
    client, login_as, request, implemented, open_round, who
):
    measure = implemented.measures.order_by("number").first()
    login_as(request.getfixturevalue(who))
    response = client.post(
        url("round_report", implemented, open_round.pk, measure.pk),
        {f"{measure.pk}-status": "done"},
    )
    assert response.status_code == 404
    assert not StatusReport.objects.filter(round=open_round).exists()


def test_the_round_page_no_longer_takes_a_post(client, login_as, alice, implemented, planned_round):
    login_as(alice)
    response = client.post(url("round", implemented, planned_round.pk), {"action": "open"})
    assert response.status_code == 405
    planned_round.refresh_from_db()
    assert planned_round.status == RoundStatus.PLANNED


# --- Evaluation page ------------------------------------------------------------------


def test_the_editor_saves_an_evaluation_at_its_own_url(client, login_as, alice, implemented):
    login_as(alice)
    response = client.post(
        url("evaluation_save", implemented, "midterm"), {"summary": "Godt i gang."}
    )
    assert response.status_code == 302
    assert response["Location"] == url("evaluation", implemented, "midterm")
    assert Evaluation.objects.get(version=implemented, kind="midterm").detail.summary == (
        "Godt i gang."
    )


def test_a_final_evaluation_completed_without_an_outcome_is_refused(
    client, login_as, alice, implemented
):
    login_as(alice)
    response = client.post(
        url("evaluation_save", implemented, "final"), {"completed_on": START.isoformat()}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not Evaluation.objects.filter(version=implemented, completed_on__isnull=False).exists()


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_readers_and_outsiders_cannot_save_an_evaluation(
    client, login_as, request, implemented, who
):
    login_as(request.getfixturevalue(who))
    response = client.post(url("evaluation_save", implemented, "midterm"), {"summary": "X"})
    assert response.status_code == 404
    assert not Evaluation.objects.filter(version=implemented).exists()


def test_an_unknown_kind_of_evaluation_is_not_found(client, login_as, alice, implemented):
    login_as(alice)
    assert client.post(url("evaluation_save", implemented, "yearly"), {}).status_code == 404
