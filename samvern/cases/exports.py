"""Case export as a Word document. Persons go through `present_person`, so a protected
address is masked in the document exactly as on the page; only information items
visible to the exporting organisation are included."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document

from samvern.accounts.models import Organisation
from samvern.cases import selectors
from samvern.cases.models import Case
from samvern.cases.presenters import present_person


def case_docx(*, case: Case, organisation: Organisation) -> bytes:
    document = Document()
    document.add_heading(_("Case %(reference)s") % {"reference": case.reference}, level=1)
    document.add_paragraph(
        _("Confidential. Exported for %(organisation)s.") % {"organisation": organisation.name}
    )
    facts = document.add_table(rows=0, cols=2)
    for label, value in (
        (_("Partnership"), case.partnership.name),
        (_("State"), case.get_state_display()),
        (_("Referral date"), case.referred_on.strftime("%d.%m.%Y")),
        (_("Source"), case.get_source_display()),
        (_("Referring organisation"), case.referring_organisation.name),
        (_("Repeat referral"), _("Yes") if case.is_repeat else _("No")),
        (_("Risk band"), case.risk_band or "—"),
    ):
        cells = facts.add_row().cells
        cells[0].text = str(label)
        cells[1].text = str(value)
    document.add_heading(_("Reason for referral"), level=2)
    document.add_paragraph(case.reason)
    document.add_heading(_("Persons"), level=2)
    for person in (present_person(p) for p in selectors.case_persons(case=case)):
        document.add_heading(f"{person.name} ({person.role_display})", level=3)
        for label, value in (
            (_("Birth"), person.birth_display),
            (_("Address"), person.address_display),
            (_("Phone"), person.phone),
            (_("Safe-contact instructions"), person.safe_contact),
        ):
            if value:
                document.add_paragraph(f"{label}: {value}")
    document.add_heading(_("Information"), level=2)
    for item in selectors.visible_items(case=case, organisation=organisation):
        document.add_heading(f"{item.title} — {item.author_organisation.name}", level=3)
        if item.body:
            document.add_paragraph(item.body)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
