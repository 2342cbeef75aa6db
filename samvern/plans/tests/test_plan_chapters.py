"""The plan document's closing chapters, in Word and PDF: how the plan is followed up
(reports per year, the reporting rounds, mid-term and final evaluation, who evaluates, as
each council adopted it) and what the public consultation gave (who responded, how many,
how they were weighed — the public document without the respondents' names)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import formats
from docx import Document
from pypdf import PdfReader

from samvern.plans import services
from samvern.plans.models import VersionStatus, Weighing
from samvern.plans.tests.helpers import (
    START,
    adopted,
    as_actor,
    new_plan,
    ready_for_consultation,
)

pytestmark = pytest.mark.django_db

FOLLOW_UP = "Oppfølging, rapportering og evaluering"
CONSULTATION = "Høringsoppsummering"


@pytest.fixture(autouse=True)
def cache_dir(settings, tmp_path):
    settings.SAMVERN_DOCUMENT_CACHE_DIR = tmp_path / "documents"


@pytest.fixture
def in_consultation(alice, bergen):
    """A draft on consultation with three responses: accepted, partly, not weighed yet."""
    version = ready_for_consultation(alice, new_plan(alice, [bergen]), measures=4)
    actor = as_actor(alice)
    services.transition_version(actor=actor, version=version, to=VersionStatus.CONSULTATION)
    for respondent, weighing in (
        ("Krisesenteret", Weighing.ACCEPTED),
        ("Politiet i Vest", Weighing.PARTLY),
        ("Ungdomsrådet", None),
    ):
        response = services.add_consultation_response(
            actor=actor, version=version, respondent=respondent, text="Innspill."
        )
        if weighing:
            services.weigh_response(
                actor=actor, response=response, weighing=weighing, reason="Tatt inn i tiltak 2"
            )
    return version


def _docx(client, version):
    response = client.get(reverse("plans:document", args=[version.plan_id, version.pk, "docx"]))
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def _headings(document):
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def _tables_after(document, heading):
    """The tables that follow the heading `heading`, up to the next chapter."""
    body = document.element.body
    found, tables = False, []
    for element in body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            style = element.xpath("string(.//w:pStyle/@w:val)")
            text = "".join(element.xpath(".//w:t/text()"))
            if style == "Heading1":
                if found:
                    break
                found = text == heading
        elif tag == "tbl" and found:
            tables.append(
                [
                    ["".join(cell.xpath(".//w:t/text()")) for cell in row.xpath("./w:tc")]
                    for row in element.xpath("./w:tr")
                ]
            )
    return tables


def test_the_word_document_has_the_follow_up_and_consultation_chapters(
    client, login_as, bob, in_consultation
):
    login_as(bob)  # a reader of the draft
    document = _docx(client, in_consultation)
    headings = _headings(document)
    assert headings.index(FOLLOW_UP) < headings.index(CONSULTATION)
    rules, _rounds = [*_tables_after(document, FOLLOW_UP), None][:2]
    settings = in_consultation.settings
    assert rules[1] == [
        "Planen",
        "2",
        formats.date_format(settings.midterm_evaluation_on),
        formats.date_format(settings.final_evaluation_on),
        "Kommunalsjef",
    ]
    texts = [p.text for p in document.paragraphs]
    assert "Ingen rapporteringsrunder ennå." in texts


def test_the_consultation_chapter_counts_and_names_the_responses(
    client, login_as, bob, in_consultation
):
    login_as(bob)
    document = _docx(client, in_consultation)
    texts = [p.text for p in document.paragraphs]
    assert "3 høringsuttalelser kom inn." in texts
    weighing, responses = _tables_after(document, CONSULTATION)
    assert weighing == [
        ["Vurdering", "Uttalelser"],
        ["Tatt til følge", "1"],
        ["Delvis tatt til følge", "1"],
        ["Ikke tatt til følge", "0"],
        ["Ikke vurdert ennå", "1"],
    ]
    assert [row[0] for row in responses[1:]] == ["Krisesenteret", "Politiet i Vest", "Ungdomsrådet"]
    assert responses[2][2:] == ["Delvis tatt til følge", "Tatt inn i tiltak 2"]


def test_an_adopted_plan_gives_each_councils_follow_up_and_its_rounds(
    client, login_as, alice, bergen, askoy
):
    version = adopted(alice, new_plan(alice, [bergen, askoy]), measures=2)
    services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Vårrapport", due_date=START
    )
    login_as(alice)
    document = _docx(client, version)
    rules, rounds = _tables_after(document, FOLLOW_UP)
    assert [row[0] for row in rules[1:]] == ["Bergen", "Askøy"]
    assert all(row[1] == "2" and row[4] == "Kommunalsjef" for row in rules[1:])
    assert rounds == [
        ["Rapporteringsrunde", "Frist", "Status"],
        ["Vårrapport", formats.date_format(START), "Planlagt"],
    ]
    # The helper's plan went through a consultation with one accepted response.
    assert "1 høringsuttalelse kom inn." in [p.text for p in document.paragraphs]


def test_the_public_document_gives_the_figures_without_names(client, alice, bergen):
    version = adopted(alice, new_plan(alice, [bergen]), measures=2)
    response = client.get(reverse("plans:public_document", args=[version.plan_id, "docx"]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert CONSULTATION in _headings(document)
    assert "1 høringsuttalelse kom inn." in [p.text for p in document.paragraphs]
    everything = "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Krisesenteret" not in everything
    assert _tables_after(document, CONSULTATION) == [
        [
            ["Vurdering", "Uttalelser"],
            ["Tatt til følge", "1"],
            ["Delvis tatt til følge", "0"],
            ["Ikke tatt til følge", "0"],
        ]
    ]


def test_the_pdf_has_the_same_chapters(client, login_as, bob, in_consultation):
    login_as(bob)
    response = client.get(
        reverse("plans:document", args=[in_consultation.plan_id, in_consultation.pk, "pdf"])
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (FOLLOW_UP, CONSULTATION, "3 høringsuttalelser kom inn.", "Ungdomsrådet"):
        assert expected in " ".join(text.split()), expected
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nb"


def test_a_plan_without_consultation_says_so(client, login_as, alice, bergen):
    plan = new_plan(alice, [bergen])
    login_as(alice)
    document = _docx(client, plan.versions.get())
    texts = [p.text for p in document.paragraphs]
    assert "Ingen høring er registrert." in texts
    assert "Rapportering og evaluering er ikke bestemt ennå." in texts
