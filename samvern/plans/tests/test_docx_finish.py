"""The plan document as downloaded looks finished in Word: page numbers in the footer, its
title, authors and language under File → Info, spelling checked in bokmål, and a file
name that keeps æøå."""

import io
import re
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from samvern.plans import services
from samvern.plans.tests.helpers import (
    START,
    add_measures,
    adopted,
    as_actor,
    new_plan,
    ready_for_consultation,
)

pytestmark = pytest.mark.django_db

TITLE = "Handlingsplan for Askøy og Bærum"


@pytest.fixture(autouse=True)
def cache_dir(settings, tmp_path):
    settings.SAMVERN_DOCUMENT_CACHE_DIR = tmp_path / "documents"


@pytest.fixture
def version(alice, bergen, askoy):
    return adopted(alice, new_plan(alice, [bergen, askoy], title=TITLE), measures=2)


def _internal_url(version, fmt="docx"):
    return reverse("plans:document", args=[version.plan_id, version.pk, fmt])


def _public_url(version, fmt="docx"):
    return reverse("plans:public_document", args=[version.plan_id, fmt])


def _footer(document):
    """The footer's text runs and field instructions, in order."""
    footer = document.sections[0].footer._element
    texts = [t.text for t in footer.iter(qn("w:t"))]
    fields = [i.text.split()[0] for i in footer.iter(qn("w:instrText"))]
    return texts, fields


def _filenames(response):
    """The ASCII `filename` and the decoded UTF-8 `filename*` of a download."""
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    ascii_name = re.search(r'filename="([^"]+)"', header).group(1)
    extended = re.search(r"filename\*=UTF-8''(\S+)", header)
    return ascii_name, unquote(extended.group(1)) if extended else None


def test_the_downloaded_plan_has_page_x_of_y_in_the_footer(client, login_as, alice, version):
    login_as(alice)
    response = client.get(_internal_url(version))
    assert response.status_code == 200
    texts, fields = _footer(Document(io.BytesIO(response.content)))
    assert fields == ["PAGE", "NUMPAGES"]
    assert "".join(texts) == "Side 1 av 1"  # the fields' placeholders until Word lays it out


def test_the_english_document_says_page_of(client, login_as, alice, version):
    login_as(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    document = Document(io.BytesIO(client.get(_internal_url(version)).content))
    texts, fields = _footer(document)
    assert fields == ["PAGE", "NUMPAGES"]
    assert "".join(texts) == "Page 1 of 1"
    assert document.core_properties.language == "en-GB"


def test_the_document_properties_name_the_plan_and_its_municipalities(
    client, login_as, bob, version
):
    login_as(bob)  # a reader of the plan downloads it
    document = Document(io.BytesIO(client.get(_internal_url(version)).content))
    properties = document.core_properties
    assert properties.title == TITLE
    assert set(properties.author.split(", ")) == {"Bergen", "Askøy"}
    assert properties.last_modified_by == properties.author  # not the library's name
    assert properties.language == "nb-NO"
    assert properties.created.year >= START.year  # not the template's 2013


def test_word_checks_the_spelling_in_bokmal(client, version):
    document = Document(io.BytesIO(client.get(_public_url(version)).content))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "nb-NO"
    theme = document.settings.element.find(qn("w:themeFontLang"))
    assert theme.get(qn("w:val")) == "nb-NO"


def test_the_public_document_is_finished_too(client, version):
    response = client.get(_public_url(version))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert _footer(document)[1] == ["PAGE", "NUMPAGES"]
    assert document.core_properties.title == TITLE


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_file_name_keeps_the_norwegian_letters(client, login_as, alice, version, fmt):
    login_as(alice)
    for url in (_internal_url(version, fmt), _public_url(version, fmt)):
        response = client.get(url)
        assert response.status_code == 200
        ascii_name, name = _filenames(response)
        assert name == f"handlingsplan-for-askøy-og-bærum-v1.{fmt}"
        assert ascii_name == f"handlingsplan-for-askoy-og-baerum-v1.{fmt}"


def test_a_plain_ascii_title_has_one_file_name(client, login_as, alice, bergen):
    version = adopted(alice, new_plan(alice, [bergen], title="Trygg hjemme"), measures=1)
    login_as(alice)
    response = client.get(_internal_url(version))
    assert response["Content-Disposition"] == 'attachment; filename="trygg-hjemme-v1.docx"'


def test_the_council_report_is_finished_and_keeps_its_name(client, login_as, alice, bob, version):
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Høst", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    login_as(bob)
    response = client.get(
        reverse("plans:council_report_file", args=[version.plan_id, version.pk, round_.pk, "docx"])
    )
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert _footer(document)[1] == ["PAGE", "NUMPAGES"]
    assert document.core_properties.title == f"Statusrapport: {TITLE}"
    assert _filenames(response) == (
        "handlingsplan-for-askoy-og-baerum-host.docx",
        "handlingsplan-for-askøy-og-bærum-høst.docx",
    )


def test_an_outsider_gets_no_internal_document(client, login_as, charlie, version):
    login_as(charlie)
    assert client.get(_internal_url(version)).status_code == 404


def test_no_public_document_before_adoption(client, alice, bergen):
    plan = new_plan(alice, [bergen], title="Ikke vedtatt ennå")
    assert client.get(reverse("plans:public_document", args=[plan.pk, "docx"])).status_code == 404


def test_the_plan_document_gives_the_total_budget_of_its_measures(
    client, login_as, alice, bob, bergen
):
    version = ready_for_consultation(alice, new_plan(alice, [bergen]), measures=2)  # 2 × kr 10 000
    add_measures(alice, version, 1, title="Uten budsjett", budget_nok=None, staff_hours=None)
    add_measures(alice, version, 1, title="Lite", budget_nok=Decimal("2500"), staff_hours=5)
    expected = "Samlet budsjett for tiltakene: kr\u00a022\u00a0500 og 85 arbeidstimer"
    login_as(bob)  # a reader of the draft
    docx = client.get(_internal_url(version))
    assert docx.status_code == 200
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert expected in paragraphs
    pdf = client.get(_internal_url(version, "pdf"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Samlet budsjett for tiltakene" in text and "85 arbeidstimer" in text
