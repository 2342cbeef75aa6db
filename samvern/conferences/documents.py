"""One agenda case's minutes as PDF, for the acting organisation's own records.

Only that case is in it (no other agenda case, not even its reference); persons come
through `samvern.cases.presenters`, so a protected address is masked; the recipient
(organisation and person) and the day it was printed stand in the margin of every page
(CSS `@page` margin boxes fed by `string-set`). Rendered with WeasyPrint and a system
font (DejaVu Sans), as the plan documents are."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.formats import date_format

from samvern.conferences.services.meeting import MinutesDocument
from samvern.core.pdf import html_to_pdf


def minutes_context(document: MinutesDocument) -> dict[str, object]:
    access = document.access
    user = document.recipient
    return {
        "document": document,
        "case": access.case.case,
        "grant": access.case.grant,
        "conference": access.conference.conference,
        "item": access.item,
        "minutes": document.minutes,
        "persons": document.persons,
        "participating": document.participating,
        "points": document.action_points,
        "recipient": f"{document.recipient_organisation.name} · "
        f"{user.get_full_name() or user.username}",
        "printed_on": date_format(document.printed_on),
    }


def minutes_pdf(document: MinutesDocument) -> bytes:
    html = render_to_string("conferences/meeting/minutes_pdf.html", minutes_context(document))
    return html_to_pdf(html)
