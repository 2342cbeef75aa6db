"""The plan PDF as a reader gets it: tagged with its language, page numbers in the footer,
and no table row split across two pages (a measure's row is read whole or not at all)."""

from __future__ import annotations

import io

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from samvern.plans import documents
from samvern.plans.models import Measure
from samvern.plans.tests.helpers import adopted, new_plan

pytestmark = pytest.mark.django_db

LONG_TITLE = (
    "Felles rutine for avdekking, samtale og oppfølging når ansatte i barnehage, skole, "
    "helsestasjon og NAV ser tegn på vold i familien, med faste kontaktpunkter i politiet, "
    "barnevernet og krisesenteret og en plan for opplæring av nye ansatte hvert år."
)


@pytest.fixture
def long_version(alice, bergen, askoy):
    version = adopted(alice, new_plan(alice, [bergen, askoy], title="Trygg hjemme"), measures=3)
    first = version.measures.order_by("number").first()
    assert first is not None
    Measure.objects.bulk_create(
        Measure(
            version=version,
            number=10 + n,
            title=LONG_TITLE,
            level=first.level,
            area_key=first.area_key,
            responsible_unit="Oppvekst og levekår, Bergen kommune",
        )
        for n in range(36)
    )
    return version


def _rows_by_page(html: str) -> dict[int, set[int]]:
    from weasyprint import HTML

    def walk(box):
        # A repeated table head stands on every page by design: only body rows count.
        if getattr(box, "is_header", False) or getattr(box, "is_footer", False):
            return
        yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    rows: dict[int, set[int]] = {}
    for number, page in enumerate(HTML(string=html).render().pages):
        for box in walk(page._page_box):
            if type(box).__name__ == "TableRowBox":
                rows.setdefault(id(box.element), set()).add(number)
    return rows


def test_no_measure_row_is_split_across_pages(long_version):
    html = render_to_string(
        "plans/documents/plan_pdf.html", documents.plan_context(long_version, public=False)
    )
    rows = _rows_by_page(html)
    assert len(rows) > 36
    assert max(max(pages) for pages in rows.values()) >= 2  # the table runs over pages
    assert [pages for pages in rows.values() if len(pages) > 1] == []


def test_the_pdf_is_tagged_in_bokmal_with_page_numbers(long_version):
    reader = PdfReader(io.BytesIO(documents.plan_pdf(long_version, public=False)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nb"
    pages = len(reader.pages)
    assert pages > 2
    assert f"2 / {pages}" in reader.pages[1].extract_text()
