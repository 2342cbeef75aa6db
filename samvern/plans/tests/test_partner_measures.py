"""Measures owned by partner agencies (issue 14, acceptance 4): the editor chooses any
organisation in the product and a person there; the police see the measure under "My
measures" and report it in an open round like a municipal unit manager, and gain nothing
else of the plan. Another organisation, a read-only member of the police and an outsider
cannot report (404, nothing changed)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.plans import services
from samvern.plans.models import Measure, MeasureStatus, StatusReport
from samvern.plans.tests.helpers import as_actor, new_plan, ready_for_consultation

pytestmark = pytest.mark.django_db


def round_url(round_):
    version = round_.version
    return reverse("plans:round", args=[version.plan_id, version.pk, round_.pk])


def report_url(round_, measure):
    version = round_.version
    return reverse("plans:round_report", args=[version.plan_id, version.pk, round_.pk, measure.pk])


def posted(measure, **fields):
    return {f"{measure.pk}-{name}": value for name, value in fields.items()}


# --- The measure form ------------------------------------------------------------------


@pytest.fixture
def draft(alice, bergen):
    return ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)


def measure_form(**fields):
    return {
        "title": "Varsel til krisesenteret etter utrykning",
        "level": "routines",
        "area_key": "",
        "responsible_title": "Familievoldskoordinator",
        "responsible_unit": "Vest politidistrikt",
        **fields,
    }


def test_the_editor_chooses_a_partner_agency_and_a_person_there(
    client, alice, draft, police, lars, crisis_centre
):
    login(client, alice)
    url = reverse("plans:measures", args=[draft.plan_id, draft.pk])
    page = client.get(url).content.decode()
    # Every organisation in the product, grouped by kind; people grouped by organisation.
    assert '<optgroup label="Politidistrikt">' in page
    assert '<optgroup label="Krisesenter">' in page
    assert f'<option value="{police.pk}">Vest politidistrikt</option>' in page
    assert '<optgroup label="Vest politidistrikt">' in page
    response = client.post(
        url, measure_form(responsible_organisation=police.pk, responsible_user=lars.pk)
    )
    assert response.status_code == 302
    measure = draft.measures.get(title__startswith="Varsel")
    assert (measure.responsible_organisation, measure.responsible_user) == (police, lars)
    event = AuditEvent.objects.filter(action="plans.measure.created").latest("occurred_at")
    assert "responsible_organisation" in event.detail["fields"]
    cards = client.get(url).content.decode()
    assert "Familievoldskoordinator, Vest politidistrikt · Vest politidistrikt" in cards


def test_a_person_outside_the_chosen_organisation_is_refused_with_a_message(
    client, alice, draft, police, crisis_centre, crisis_editor
):
    login(client, alice)
    before = draft.measures.count()
    response = client.post(
        reverse("plans:measures", args=[draft.plan_id, draft.pk]),
        measure_form(responsible_organisation=police.pk, responsible_user=crisis_editor.pk),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "er ikke medlem av Vest politidistrikt" in page
    assert draft.measures.count() == before


def test_the_service_refuses_a_person_outside_the_organisation_whatever_the_form(
    alice, draft, police, crisis_editor
):
    from django.core.exceptions import ValidationError

    from samvern.plans.services.data import MeasureData

    with pytest.raises(ValidationError) as refused:
        services.save_measure(
            actor=as_actor(alice),
            version=draft,
            data=MeasureData(
                title="Rutine",
                level="routines",
                responsible_organisation=police,
                responsible_user=crisis_editor,
            ),
        )
    assert "responsible_user" in refused.value.error_dict
    assert not draft.measures.filter(title="Rutine").exists()


def test_a_partner_person_without_their_organisation_is_refused(client, alice, draft, police, lars):
    login(client, alice)
    response = client.post(
        reverse("plans:measures", args=[draft.plan_id, draft.pk]),
        measure_form(responsible_user=lars.pk),
    )
    assert response.status_code == 400
    assert "velg den som ansvarlig virksomhet" in response.content.decode()


# --- My measures and reporting ---------------------------------------------------------


def test_the_police_report_their_measure_through_my_measures(client, police_round, lars):
    version, round_, measure, other = police_round
    login(client, lars)
    mine = client.get(reverse("plans:my_measures"))
    assert mine.status_code == 200
    page = mine.content.decode()
    assert "Varsel etter utrykning" in page
    assert other.title not in page
    assert f"{round_url(round_)}#m-{measure.pk}" in page
    assert "Vest politidistrikt" in page

    round_page = client.get(round_url(round_))
    assert round_page.status_code == 200
    text = round_page.content.decode()
    assert "Varsel etter utrykning" in text and other.title not in text
    # No way into the plan's drafts from the round page.
    assert reverse("plans:mandate", args=[version.plan_id, version.pk]) not in text
    assert (
        reverse("plans:council_report", args=[version.plan_id, version.pk, round_.pk]) not in text
    )

    response = client.post(
        report_url(round_, measure),
        posted(
            measure,
            status=MeasureStatus.ON_TRACK,
            comment="Rutinen er tatt i bruk i to av tre stasjoner.",
            comment_public="on",
            spent_hours="12,5",
        ),
    )
    assert response.status_code == 302
    report = StatusReport.objects.get(round=round_, measure=measure)
    assert (report.status, report.comment_public, report.reported_by) == (
        MeasureStatus.ON_TRACK,
        True,
        lars,
    )
    event = AuditEvent.objects.get(action="plans.status_report.created")
    assert event.detail["responsible_organisation"] == str(measure.responsible_organisation_id)
    assert event.detail["comment_public"] is True


def test_the_polices_plan_editor_reports_any_police_measure(client, police_round, politikontakt):
    _version, round_, measure, _other = police_round
    login(client, politikontakt)
    assert "Varsel etter utrykning" in client.get(reverse("plans:my_measures")).content.decode()
    response = client.post(report_url(round_, measure), posted(measure, status="done"))
    assert response.status_code == 302
    assert StatusReport.objects.get(round=round_, measure=measure).status == "done"


def test_the_police_gain_no_other_access_to_the_plan(client, police_round, lars, politikontakt):
    version, round_, measure, other = police_round
    for user in (lars, politikontakt):
        login(client, user)
        for name in ("version", "mandate", "measures", "goals", "rounds"):
            url = reverse(f"plans:{name}", args=[version.plan_id, version.pk])
            assert client.get(url).status_code == 404, (user, name)
        council = reverse("plans:council_report", args=[version.plan_id, version.pk, round_.pk])
        assert client.get(council).status_code == 404
        assert (
            client.post(report_url(round_, other), posted(other, status="done")).status_code == 404
        )
        edit = reverse("plans:measure_edit", args=[version.plan_id, version.pk, measure.pk])
        assert client.post(edit, {"title": "Endret"}).status_code == 404
    assert not StatusReport.objects.filter(measure=other).exists()
    measure.refresh_from_db()
    assert measure.title == "Varsel etter utrykning"


@pytest.mark.parametrize("who", ["crisis_editor", "police_reader", "bob", "charlie"])
def test_others_cannot_report_the_police_measure_and_nothing_changes(
    client, police_round, alice, who, request
):
    _version, round_, measure, _other = police_round
    services.report_status(
        actor=as_actor(alice), round=round_, measure=measure, status="on_track", comment="Ok"
    )
    login(client, request.getfixturevalue(who))
    response = client.post(
        report_url(round_, measure), posted(measure, status="dropped", comment="Nei")
    )
    assert response.status_code == 404
    report = StatusReport.objects.get(round=round_, measure=measure)
    assert (report.status, report.comment) == ("on_track", "Ok")
    assert AuditEvent.objects.filter(action="plans.status_report.updated").count() == 0


def test_a_read_only_member_of_the_police_follows_the_measure_without_forms(
    client, police_round, police_reader
):
    _version, round_, measure, _other = police_round
    login(client, police_reader)
    page = client.get(reverse("plans:my_measures")).content.decode()
    assert "Varsel etter utrykning" in page
    assert "Se runden" in page
    round_page = client.get(round_url(round_)).content.decode()
    assert "Varsel etter utrykning" in round_page
    assert report_url(round_, measure) not in round_page


def test_another_organisation_sees_neither_the_measure_nor_the_round(
    client, police_round, crisis_editor
):
    _version, round_, _measure, _other = police_round
    login(client, crisis_editor)
    assert "Varsel etter utrykning" not in client.get(reverse("plans:my_measures")).content.decode()
    assert client.get(round_url(round_)).status_code == 404


def test_a_named_person_who_left_the_police_no_longer_reports(client, police_round, lars):
    from samvern.accounts.models import Membership

    _version, round_, measure, _other = police_round
    Membership.objects.filter(user=lars).update(ends_on=dt.date(2000, 1, 1))
    login(client, lars)
    assert (
        client.post(report_url(round_, measure), posted(measure, status="done")).status_code == 404
    )
    assert not StatusReport.objects.filter(measure=measure).exists()


def test_the_api_lets_the_police_report_their_measure_only(api, police_round, lars):
    _version, round_, measure, other = police_round
    api.force_authenticate(lars)
    url = reverse("plans-api-status-report-list", args=[round_.pk])
    ok = api.post(
        url,
        {"measure": str(measure.pk), "status": "on_track", "comment_public": True},
        format="json",
    )
    assert ok.status_code == 201
    assert (
        api.post(url, {"measure": str(other.pk), "status": "done"}, format="json").status_code
        == 404
    )
    assert [r["measure"] for r in api.get(url).json()["results"]] == [str(measure.pk)]


def test_my_measures_queries_do_not_grow_with_the_measures(
    client, police_round, police, lars, politikontakt, django_assert_max_num_queries
):
    version, _round, _measure, _other = police_round
    login(client, politikontakt)
    url = reverse("plans:my_measures")

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    small = count()
    Measure.objects.bulk_create(
        Measure(
            version=version,
            number=10 + i,
            title=f"Politiets tiltak {i}",
            level="routines",
            responsible_organisation=police,
            responsible_user=lars if i % 2 else None,
        )
        for i in range(20)
    )
    with django_assert_max_num_queries(15):
        page = client.get(url)
    assert len(re.findall(r"Politiets tiltak \d+</th>", page.content.decode())) == 20
    assert count() == small


def test_the_plan_documents_name_the_partner_agency_responsible(client, police_round):
    """The Word and PDF plan (public as well) say who carries a partner-owned measure out:
    the police, not an empty unit."""
    import io

    from docx import Document
    from pypdf import PdfReader

    version, _round, _measure, _other = police_round
    docx = client.get(reverse("plans:public_document", args=[version.plan_id, "docx"]))
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    paragraphs = [p.text for p in document.paragraphs]
    assert "Vest politidistrikt" in cells
    assert any(p.startswith("Ansvarlig:") and "Vest politidistrikt" in p for p in paragraphs)

    pdf = client.get(reverse("plans:public_document", args=[version.plan_id, "pdf"]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Vest politidistrikt" in text
