"""Assessments read in words everywhere: the assessment page, the case timeline, the
earlier-assessments list, the Word export and the API's display fields show the instrument's
title and version, the questions, the answers, the band labels and the person assessed,
in the reader's language, and never the keys and raw values that are stored."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation
from docx import Document

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.cases import services
from samvern.cases.models import LegalBasis, PersonRole, ShareScope
from samvern.cases.services import AssessmentRecord, ShareData
from samvern.core.testing import choose_language
from samvern.risk import catalogue

KEY = "samvern-screening-exposed"
# Raw forms that must never reach a reader.
RAW = (
    "threats_to_kill",
    "neck_pressure",
    f"{KEY} 1.1",
    "samvern-screening",
    "Nivå: high",
    "Band: high",
    "Risikonivå: medium",
    ": medium",
    "override_band",
)


@pytest.fixture
def assessed(world):
    """An assessment by the police of the person exposed, shared with all participants:
    three yes answers (one of them critical), one "don't know", judgement raising to high."""
    instrument = catalogue.get_instrument(KEY)
    answers = {item.key: "no" for item in instrument.items} | {
        "escalation": "yes",
        "threats_to_kill": "yes",
        "stalking": "yes",
        "isolation": "unknown",
    }
    world.assessment = services.record_assessment(
        actor=Actor.load(world.referrer, organisation=world.police),
        case=world.case,
        record=AssessmentRecord(
            person=world.exposed,
            instrument_key=KEY,
            instrument_version=instrument.version,
            answers=answers,
            score=Decimal(3),
            band="standard",
            override_band="medium",
            override_reason="Hun er svært redd.",
            qualifies=True,
            qualification_reasons=["critical_item"],
            title=instrument.title_in("nb"),
            share=ShareData(
                scope=ShareScope.ALL_PARTICIPANTS,
                legal_basis=LegalBasis.AVERT_CRIME,
                purpose="Avverge ny vold",
                recipients=[],
            ),
        ),
    )
    world.instrument = instrument
    return world


def assert_in_words(body: str, world, language: str) -> None:
    instrument = world.instrument
    assert instrument.title[language] in body
    assert instrument.item("threats_to_kill").text[language] in body
    assert instrument.band("medium").label[language] in body
    assert "Tiril Fjellstad" in body
    for raw in RAW:
        assert raw not in body, raw


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nb", ("versjon 1.1", "Ja", "Vet ikke", "Standard", "Middels")),
        ("en", ("version 1.1", "Yes", "Don&#x27;t know", "Standard", "Medium")),
    ],
)
def test_the_assessment_page_shows_questions_answers_and_bands_in_the_readers_language(
    assessed, language, words
):
    client = choose_language(login(Client(), assessed.referrer), language)
    body = client.get(f"/cases/items/{assessed.assessment.item_id}/").content.decode()
    assert_in_words(body, assessed, language)
    for word in words:
        assert word in body, word
    with translation.override(language):
        assert f"Tiril Fjellstad ({PersonRole.EXPOSED.label})" in body
    # The reason the case qualifies is the rule's own text, and the critical question is named.
    assert assessed.instrument.rule("critical_item").text[language] in body
    assert body.count(assessed.instrument.item("threats_to_kill").text[language]) == 2


@pytest.mark.django_db
def test_a_participant_reads_the_shared_assessment_in_words_and_an_outsider_gets_404(assessed):
    participant = choose_language(login(Client(), assessed.participant), "en")
    body = participant.get(f"/cases/items/{assessed.assessment.item_id}/").content.decode()
    assert_in_words(body, assessed, "en")
    outsider = login(Client(), assessed.outsider)
    assert outsider.get(f"/cases/items/{assessed.assessment.item_id}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_timeline_names_instrument_person_and_band(assessed, language):
    client = choose_language(login(Client(), assessed.referrer), language)
    body = client.get(f"/cases/{assessed.case.pk}/").content.decode()
    timeline = body[body.index('id="timeline-heading"') :]
    assert assessed.instrument.title[language] in timeline
    assert assessed.instrument.band("medium").label[language] in timeline
    assert "Tiril Fjellstad" in timeline
    for raw in RAW:
        assert raw not in timeline, raw


@pytest.mark.django_db
def test_earlier_assessments_on_the_form_page_are_in_words(assessed):
    client = choose_language(login(Client(), assessed.referrer), "en")
    body = client.get(f"/cases/{assessed.case.pk}/assessments/add/").content.decode()
    earlier = body[body.index("Earlier assessments") :]
    assert "Samvern screening – the person exposed to violence, version 1.1" in earlier
    assert "Medium" in earlier and "Tiril Fjellstad" in earlier
    assert f"{KEY} 1.1" not in earlier and ": medium" not in earlier


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_word_export_shows_the_assessment_in_words(assessed, language):
    client = choose_language(login(Client(), assessed.referrer), language)
    response = client.get(f"/cases/{assessed.case.pk}/export.docx")
    assert response.status_code == 200
    text = docx_text(response.content)
    assert_in_words(text, assessed, language)
    # The case's risk band row uses the label too.
    assert assessed.instrument.band("medium").label[language] in text
    assert "medium" not in text.replace("Medium", "")


@pytest.mark.django_db
def test_the_api_gives_display_fields_beside_the_keys(assessed):
    client = choose_language(login(Client(), assessed.participant), "en")
    (data,) = client.get(f"/api/v1/cases/{assessed.case.pk}/assessments/").json()
    # Keys and raw values stay for programs ...
    assert data["instrument_key"] == KEY and data["override_band"] == "medium"
    assert data["answers"]["threats_to_kill"] == "yes"
    # ... and the display fields are in the reader's language.
    assert data["instrument_title"] == (
        "Samvern screening – the person exposed to violence, version 1.1"
    )
    assert data["person"] == "Tiril Fjellstad (Person exposed to violence)"
    assert data["band_label"] == "Standard" and data["override_band_label"] == "Medium"
    answers = {row["item"]: row for row in data["answers_display"]}
    assert (
        answers["threats_to_kill"]["question"]
        == (assessed.instrument.item("threats_to_kill").text["en"])
    )
    assert answers["threats_to_kill"]["answer"] == "Yes"
    assert answers["isolation"]["answer"] == "Don't know"
    assert data["qualification_reasons"] == ["critical_item"]
    assert data["qualification_reasons_display"] == [
        assessed.instrument.rule("critical_item").text["en"]
    ]
    case = client.get(f"/api/v1/cases/{assessed.case.pk}/").json()
    assert case["risk_band"] == "medium" and case["risk_band_label"] == "Medium"
    nb = choose_language(login(Client(), assessed.participant), "nb")
    (data_nb,) = nb.get(f"/api/v1/cases/{assessed.case.pk}/assessments/").json()
    assert data_nb["override_band_label"] == "Middels"
    assert {row["item"]: row for row in data_nb["answers_display"]}["escalation"]["answer"] == "Ja"


@pytest.mark.django_db
def test_an_assessment_made_with_a_scale_item_shows_the_scale_label(world):
    instrument = catalogue.get_instrument("samvern-screening-using-violence")
    assessment = services.record_assessment(
        actor=Actor.load(world.referrer, organisation=world.police),
        case=world.case,
        record=AssessmentRecord(
            person=None,
            instrument_key=instrument.key,
            instrument_version=instrument.version,
            answers={"recent_frequency": 2, "earlier_partner_violence": "yes"},
            score=Decimal(4),
            band="low",
        ),
    )
    client = choose_language(login(Client(), world.referrer), "en")
    body = client.get(f"/cases/items/{assessment.item_id}/").content.decode()
    assert "2 – A few times" in body
    assert "recent_frequency" not in body


@pytest.mark.django_db
def test_an_assessment_of_a_retired_instrument_still_shows_its_keys(world):
    assessment = services.record_assessment(
        actor=Actor.load(world.referrer, organisation=world.police),
        case=world.case,
        record=AssessmentRecord(
            person=None,
            instrument_key="retired-instrument",
            instrument_version="0.9",
            answers={"old_question": "yes"},
            score=Decimal(1),
            band="old_band",
        ),
    )
    client = choose_language(login(Client(), world.referrer), "en")
    body = client.get(f"/cases/items/{assessment.item_id}/").content.decode()
    assert "retired-instrument, version 0.9" in body
    assert "old_question" in body and "old_band" in body
