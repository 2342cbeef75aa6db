"""A meeting's minutes as PDF (WeasyPrint, from an HTML template) and as DOCX
(python-docx): attendance, every item with its minutes, papers, decisions and
commitments, and the follow-up of earlier commitments. Governance holds no case data, so
the minutes are the partnership's own record and carry no recipient stamp."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.core.pdf import html_to_pdf
from samvern.governance.models import AttendanceStatus
from samvern.governance.selectors import Agenda


def minutes_context(agenda: Agenda) -> dict[str, object]:
    meeting = agenda.meeting
    return {
        "agenda": agenda,
        "meeting": meeting,
        "body": meeting.body,
        "date": date_format(meeting.date),
        "present": [a for a in agenda.attendance if a.status != AttendanceStatus.APOLOGIES],
        "apologies": [a for a in agenda.attendance if a.status == AttendanceStatus.APOLOGIES],
        "general_decisions": agenda.decisions_by_item.get(None, []),
        "general_commitments": agenda.commitments_by_item.get(None, []),
    }


def minutes_pdf(agenda: Agenda) -> bytes:
    html = render_to_string("governance/minutes_pdf.html", minutes_context(agenda))
    return html_to_pdf(html)


def _person(attendance: object) -> str:
    user = attendance.user  # type: ignore[attr-defined]
    return str(user.get_full_name() or user.username)


def minutes_docx(agenda: Agenda) -> bytes:
    from docx import Document

    meeting = agenda.meeting
    document = Document()
    document.add_heading(
        _("Minutes: %(body)s, %(date)s")
        % {"body": meeting.body.name, "date": date_format(meeting.date)},
        level=1,
    )
    if meeting.location:
        document.add_paragraph(_("Place: %(place)s") % {"place": meeting.location})
    context = minutes_context(agenda)
    present = context["present"]
    apologies = context["apologies"]
    document.add_heading(_("Attendance"), level=2)
    for row in present:  # type: ignore[attr-defined]
        text = f"{_person(row)} ({row.organisation.name})"
        if row.status == AttendanceStatus.SUBSTITUTE:
            text += " – " + _("substitute for %(name)s") % {"name": row.substitute_for}
        document.add_paragraph(text, style="List Bullet")
    if apologies:
        document.add_paragraph(
            _("Apologies: %(names)s")
            % {"names": ", ".join(f"{_person(r)} ({r.organisation.name})" for r in apologies)}  # type: ignore[attr-defined]
        )
    for item in agenda.items:
        document.add_heading(f"{item.position}. {item.title}", level=2)
        if item.description:
            document.add_paragraph(item.description)
        if item.minutes:
            document.add_paragraph(item.minutes)
        for paper in item.papers.all():
            document.add_paragraph(
                _("Paper: %(title)s") % {"title": paper.title}, style="List Bullet"
            )
        for decision in agenda.decisions_by_item.get(item.pk, []):
            paragraph = document.add_paragraph()
            paragraph.add_run(_("Decision %(ref)s: ") % {"ref": decision.reference}).bold = True
            paragraph.add_run(decision.text)
        for commitment in agenda.commitments_by_item.get(item.pk, []):
            document.add_paragraph(
                _("%(organisation)s commits to: %(text)s (due %(date)s)")
                % {
                    "organisation": commitment.organisation.name,
                    "text": commitment.description,
                    "date": date_format(commitment.due_on),
                },
                style="List Bullet",
            )
    if context["general_decisions"] or context["general_commitments"]:
        document.add_heading(_("Other decisions and commitments"), level=2)
        for decision in context["general_decisions"]:  # type: ignore[attr-defined]
            document.add_paragraph(f"{decision.reference}: {decision.text}")
        for commitment in context["general_commitments"]:  # type: ignore[attr-defined]
            document.add_paragraph(
                _("%(organisation)s commits to: %(text)s (due %(date)s)")
                % {
                    "organisation": commitment.organisation.name,
                    "text": commitment.description,
                    "date": date_format(commitment.due_on),
                },
                style="List Bullet",
            )
    if agenda.follow_ups:
        document.add_heading(_("Follow-up of commitments"), level=2)
        for commitment in agenda.follow_ups:
            update = agenda.updates_here.get(commitment.pk)
            status = update.get_status_display() if update else commitment.get_status_display()
            document.add_paragraph(
                f"{commitment.organisation.name}: {commitment.description} – {status}",
                style="List Bullet",
            )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
