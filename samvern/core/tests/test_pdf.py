"""The PDF helper writes a tagged PDF with the page's language and title."""

from __future__ import annotations

import io

from pypdf import PdfReader

from samvern.core.pdf import html_to_pdf

HTML = """<!doctype html><html lang="nb"><head><meta charset="utf-8">
<title>Handlingsplan for Askøy</title></head><body><h1>Mål og tiltak</h1>
<table><thead><tr><th>Tiltak</th><th>Ansvar</th></tr></thead>
<tbody><tr><td>Rutiner for avdekking</td><td>Barnevernet</td></tr></tbody></table>
</body></html>"""


def test_the_pdf_is_tagged_with_its_language_and_title():
    reader = PdfReader(io.BytesIO(html_to_pdf(HTML)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nb"
    assert reader.metadata is not None and reader.metadata.title == "Handlingsplan for Askøy"
    assert "Rutiner for avdekking" in reader.pages[0].extract_text()


def test_an_untagged_rendering_would_fail_the_check():
    # The check above can fail: WeasyPrint's default output has no structure tree.
    from weasyprint import HTML as WeasyHTML

    root = PdfReader(io.BytesIO(WeasyHTML(string=HTML).write_pdf())).trailer["/Root"]
    assert "/StructTreeRoot" not in root
