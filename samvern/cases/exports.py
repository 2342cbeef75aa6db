"""Case export as a Word document. Persons go through `present_person`, so a protected
address is masked in the document exactly as on the page; only information items
visible to the exporting organisation are included."""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument

from samvern.accounts.actor import Actor
from samvern.cases import selectors
from samvern.cases.access import CaseAccess
from samvern.cases.presenters import AssessmentView, present_assessment, present_person
from samvern.risk.display import any_band_label


def case_docx(*, actor: Actor, access: CaseAccess) -> bytes:
    """The case as the actor may read it: the repeat flag as their grant says, and only
    the information items visible to their organisation."""
    case, organisation = access.case, access.grant.organisation
    document = Document()
    document.add_heading(_("Case %(reference)s") % {"reference": case.reference}, level=1)
    document.add_paragraph(
        _("Confidential. Exported for %(organisation)s.") % {"organisation": organisation.name}
    )
    facts = document.add_table(rows=0, cols=2)
    for label, value in (
        (_("Partnership"), case.partnership.name),
        (_("State"), case.get_state_display()),
        (_("Referral date"), date_format(case.referred_on, "SHORT_DATE_FORMAT")),
        (_("Source"), case.get_source_display()),
        (_("Referring organisation"), case.referring_organisation.name),
        (_("Repeat referral"), _("Yes") if access.grant.repeat else _("No")),
        (_("Risk band"), any_band_label(case.risk_band) or "—"),
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
    for item in selectors.visible_items(actor=actor, case=case):
        assessment = getattr(item, "assessment", None) if item.kind == "assessment" else None
        view = present_assessment(assessment) if assessment is not None else None
        title = view.title_with_version if view else item.title
        document.add_heading(f"{title} — {item.author_organisation.name}", level=3)
        if item.body:
            document.add_paragraph(item.body)
        if view is not None:
            _add_assessment(document, view)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_assessment(document: DocxDocument, view: AssessmentView) -> None:
    """The assessment as on its page: in words, in the exporting reader's language."""
    facts: list[tuple[str, str]] = [
        (_("Person assessed"), view.person_display or "—"),
        (_("Score"), view.score),
        (_("Risk level from the answers"), view.text.band_label),
    ]
    if view.override_band:
        facts.append(
            (
                _("Professional judgement"),
                f"{view.text.override_band_label} — {view.override_reason}",
            )
        )
    facts.append((_("Qualifies for conference"), _("Yes") if view.qualifies else _("No")))
    for reason in view.text.qualification_reasons:
        facts.append((_("Reason"), reason))
    for label, value in facts:
        document.add_paragraph(f"{label}: {value}")
    if view.text.answers:
        table = document.add_table(rows=1, cols=2)
        header = table.rows[0].cells
        header[0].text = _("Question")
        header[1].text = _("Answer")
        for answer in view.text.answers:
            cells = table.add_row().cells
            cells[0].text = answer.question
            cells[1].text = answer.answer
