"""PDF documents from HTML with WeasyPrint, tagged: the structure tree (headings, tables,
lists) and the document language from `<html lang>`, so a screen reader can read a council
report or minutes as it reads the page (PDF/UA's first requirement). The templates give
the title (`<title>`), page numbers (`@page` counters) and the rows that must not split
(`break-inside: avoid`)."""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf(pdf_tags=True)
    return pdf
