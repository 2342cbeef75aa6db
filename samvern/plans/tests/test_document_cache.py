"""Plan documents and council reports are rendered once for each state of what they show:
a repeated download is the same bytes without rendering again, any change to what the
document shows gives a new document, and who may download stays as it was."""

import io

import pytest
from django.urls import reverse
from docx import Document

from samvern.plans import documents, services
from samvern.plans.models import Measure, MeasureStatus
from samvern.plans.tests.helpers import START, adopted, as_actor, new_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_dir(settings, tmp_path):
    settings.SAMVERN_DOCUMENT_CACHE_DIR = tmp_path / "documents"
    return settings.SAMVERN_DOCUMENT_CACHE_DIR


@pytest.fixture
def renders(monkeypatch):
    """How many times each document was actually built."""
    counts = {"plan_docx": 0, "council_report_docx": 0, "pdf": 0}

    def counting(name, real):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(documents, "plan_docx", counting("plan_docx", documents.plan_docx))
    monkeypatch.setattr(
        documents,
        "council_report_docx",
        counting("council_report_docx", documents.council_report_docx),
    )
    monkeypatch.setattr(documents, "_pdf", counting("pdf", documents._pdf))
    return counts


@pytest.fixture
def version(alice, bergen):
    return adopted(alice, new_plan(alice, [bergen], title="Trygg hjemme"), measures=3)


@pytest.fixture
def round_(alice, version):
    round_ = services.create_reporting_round(
        actor=as_actor(alice), version=version, title="Høst", due_date=START
    )
    services.open_reporting_round(actor=as_actor(alice), round=round_)
    return round_


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _plan_url(version, fmt="docx"):
    return reverse("plans:document", args=[version.plan_id, version.pk, fmt])


def _report_url(version, round_, fmt="docx"):
    return reverse("plans:council_report_file", args=[version.plan_id, version.pk, round_.pk, fmt])


def test_a_repeated_download_is_the_same_bytes_rendered_once(
    client, login_as, alice, version, renders
):
    login_as(alice)
    first = client.get(_plan_url(version))
    second = client.get(_plan_url(version))
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert renders["plan_docx"] == 1
    assert second["Content-Disposition"] == first["Content-Disposition"]


def test_a_changed_measure_changes_the_plan_document(client, login_as, alice, version, renders):
    login_as(alice)
    before = client.get(_plan_url(version)).content
    measure = version.measures.order_by("number").first()
    # Any write, even one that goes around the services, changes what is shown.
    Measure.objects.filter(pk=measure.pk).update(description="Ny beskrivelse av tiltaket")
    after = client.get(_plan_url(version)).content
    assert after != before
    assert "Ny beskrivelse av tiltaket" in _text(after)
    assert renders["plan_docx"] == 2


def test_public_and_internal_documents_are_kept_apart(client, login_as, alice, version):
    version.working_group.create(name="Hemmelig Navn", publish_name=False)
    login_as(alice)
    internal = client.get(_plan_url(version)).content
    client.logout()
    public = client.get(reverse("plans:public_document", args=[version.plan_id, "docx"])).content
    assert "Hemmelig Navn" in _text(internal)
    assert "Hemmelig Navn" not in _text(public)


def test_a_status_report_changes_the_council_report(
    client, login_as, alice, bob, version, round_, renders
):
    login_as(bob)  # a reader of the plan
    empty = client.get(_report_url(version, round_))
    again = client.get(_report_url(version, round_))
    assert empty.status_code == 200 and empty.content == again.content
    assert renders["council_report_docx"] == 1
    services.report_status(
        actor=as_actor(alice),
        round=round_,
        measure=version.measures.order_by("number").first(),
        status=MeasureStatus.DELAYED,
        comment="Mangler vikar",
    )
    reported = client.get(_report_url(version, round_))
    assert reported.content != empty.content
    assert "Mangler vikar" in _text(reported.content)
    assert renders["council_report_docx"] == 2


def test_the_council_report_pdf_is_rendered_once(client, login_as, bob, version, round_, renders):
    login_as(bob)
    first = client.get(_report_url(version, round_, "pdf"))
    second = client.get(_report_url(version, round_, "pdf"))
    assert first.content[:4] == b"%PDF" and first.content == second.content
    assert renders["pdf"] == 1


def test_who_may_download_is_unchanged_once_a_document_is_kept(
    client, login_as, alice, charlie, version, round_
):
    login_as(alice)
    assert client.get(_report_url(version, round_)).status_code == 200
    assert client.get(_plan_url(version)).status_code == 200
    login_as(charlie)  # a plan editor of another municipality
    assert client.get(_report_url(version, round_)).status_code == 404
    assert client.get(_plan_url(version)).status_code == 404
    client.logout()
    for url in (_report_url(version, round_), _plan_url(version)):
        response = client.get(url)
        assert response.status_code == 404
        assert not response.content.startswith(b"PK")


def test_an_unknown_format_is_not_found(client, login_as, alice, version):
    login_as(alice)
    assert client.get(_plan_url(version, "odt")).status_code == 404


class _Slotted:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def test_the_fingerprint_reads_every_kind_of_holder():
    from samvern.plans import document_cache

    def key(value):
        return document_cache.fingerprint("test", "pdf", value)

    assert key(_Slotted(1)) == key(_Slotted(1)) != key(_Slotted(2))
    assert key({"outline": [[1, 2]]}) != key({"outline": [[1, 3]]})
