import io

import pytest
from django.urls import reverse
from docx import Document

from samvern.plans import documents, services
from samvern.plans.models import MeasureStatus
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(alice, bergen, askoy):
    version = adopted(alice, new_plan(alice, [bergen, askoy], title="Trygg hjemme"), measures=3)
    version.working_group.create(
        name="Offentlig Navn", position="Leder", is_leader=True, publish_name=True
    )
    version.working_group.create(name="Hemmelig Navn", publish_name=False)
    return version


def test_the_plan_document_opens_in_word_with_the_expected_structure(version):
    document = Document(io.BytesIO(documents.plan_docx(version, public=False)))
    text = "\n".join(p.text for p in document.paragraphs)
    headings = [
        p.text
        for p in document.paragraphs
        if p.style.name.startswith("Heading") or p.style.name == "Title"
    ]
    assert headings[0] == "Trygg hjemme"
    assert "Forord" in headings or "Foreword" in headings
    assert "Forebygging og tidlig innsats" in headings
    assert "Tiltak 1" in text or any(
        "Tiltak 1" in cell.text for t in document.tables for row in t.rows for cell in row.cells
    )
    assert "Kommunestyret" in text
    assert "Hemmelig Navn" in text  # the internal document has the whole group


def test_the_public_document_leaves_out_unpublished_names(client, version):
    response = client.get(reverse("plans:public_document", args=[version.plan_id, "docx"]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Offentlig Navn" in text
    assert "Hemmelig Navn" not in text


def test_the_plan_pdf_is_a_real_pdf(client, version):
    response = client.get(reverse("plans:public_document", args=[version.plan_id, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:4] == b"%PDF"
    assert len(response.content) > 10_000


def test_the_council_report_lists_late_measures_with_reasons(alice, version, client, login_as, bob):
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Høst", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    first, second, third = version.measures.order_by("number")
    services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=first,
        status=MeasureStatus.DONE,
        spent_nok=1200,
        spent_hours=4,
    )
    services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=second,
        status=MeasureStatus.DELAYED,
        comment="Mangler vikar",
    )
    services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=third,
        status=MeasureStatus.DROPPED,
        comment="Erstattet av nasjonalt tiltak",
    )
    content = documents.council_report_docx(round_)
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Mangler vikar" in text and "Erstattet av nasjonalt tiltak" in text
    table_text = [[c.text for c in row.cells] for row in document.tables[0].rows]
    # Measures, then not started, on track, delayed, done, dropped and without a report.
    assert table_text[-1][1:] == ["3", "0", "0", "1", "1", "1", "0"]
    resources = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert resources[-1][4:6] == ["kr\u00a01\u00a0200", "4"]  # money and hours used, in bokmål
    login_as(bob)  # a councillor reads the report
    pdf = client.get(
        reverse("plans:council_report_file", args=[version.plan_id, version.pk, round_.pk, "pdf"])
    )
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
