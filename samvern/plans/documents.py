"""Plan documents and council status reports as DOCX (editable in Word) and PDF.

The PDF is WeasyPrint's rendering of an HTML template with a system font (DejaVu Sans);
the DOCX is built with python-docx in the structure municipalities expect: front page,
foreword with mandate and participants, summary table, local situation, areas with goals
and measures.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from samvern.core.numbers import format_amount, format_number
from samvern.core.pdf import html_to_pdf
from samvern.places.models import Municipality
from samvern.plans import catalogues, document_cache, guideline_chapter, plan_chapters, selectors
from samvern.plans import council_report as council_reports
from samvern.plans.models import MappingTopic, PlanVersion, ReportingRound

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The language tag Word uses for spelling and hyphenation, per interface language.
DOCUMENT_LANGUAGES = {"nb": "nb-NO", "en": "en-GB"}

# Letters that Unicode does not decompose to ASCII, spelled as Norwegians do without them.
_ASCII_SPELLING = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A"})


def _date(value: Any) -> str:
    return formats.date_format(value) if value else "—"


def plan_context(version: PlanVersion, *, public: bool) -> dict[str, Any]:
    data = selectors.version_page_data(version)
    members = version.working_group.all()
    if public:
        members = members.filter(publish_name=True)
    sections = {s.topic: s for s in version.mapping_sections.all()}
    shown = [m for area in data["areas"] for m in area.measures]
    adoptions = list(version.adoptions.select_related("municipality"))
    return {
        "version": version,
        "plan": version.plan,
        "mandate": getattr(version, "mandate", None) if hasattr(version, "mandate") else None,
        "members": list(members),
        "adoptions": adoptions,
        **plan_chapters.chapters(version, data["settings"], adoptions, public=public),
        **guideline_chapter.context(version, public=public),
        "mapping": [
            (label, sections[topic].text)
            for topic, label in MappingTopic.choices
            if topic in sections and sections[topic].text
        ],
        "duty_titles": catalogues.duty_titles(),
        "target_group_titles": catalogues.target_group_titles(),
        # What the measures the document shows cost together; unknown amounts count as none.
        "total_budget_nok": sum(
            (m.budget_nok for m in shown if m.budget_nok is not None), Decimal(0)
        ),
        "total_staff_hours": sum(m.staff_hours or 0 for m in shown),
        "shown_measures": len(shown),
        **data,
    }


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string(template, context))


def _table(document: Any, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)


def document_language() -> str:
    """The document's language tag, from the language the person reads Samvern in."""
    code = (get_language() or "nb").split("-")[0]
    return DOCUMENT_LANGUAGES.get(code, DOCUMENT_LANGUAGES["nb"])


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin/instruction/separate/result/end runs; Word and
    LibreOffice recompute the result when they lay the pages out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    paragraph.add_run()._r.append(char("begin"))
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} \\* MERGEFORMAT "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run("1")
    paragraph.add_run()._r.append(char("end"))


def _finish(document: Any, *, title: str, authors: Iterable[str]) -> None:
    """What makes a generated DOCX look finished in Word: its title and authors under
    File → Info, spelling checked in the reader's language, and "Page X of Y" in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    language = document_language()
    now = timezone.now()
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = ", ".join(authors)
    properties.language = language
    properties.created = properties.modified = now
    properties.revision = 1

    run_defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    run_properties = run_defaults.find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), language)
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), language)

    for section in document.sections:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # The translation may put the numbers in any order; the text between stays text.
        for part in re.split(r"(%\((?:number|total)\)s)", _("Page %(number)s of %(total)s")):
            if part == "%(number)s":
                _field(paragraph, "PAGE")
            elif part == "%(total)s":
                _field(paragraph, "NUMPAGES")
            elif part:
                paragraph.add_run(part)


def total_resources(ctx: dict[str, Any]) -> str:
    return _("Total budget for the measures: %(money)s and %(hours)s staff hours") % {
        "money": format_amount(ctx["total_budget_nok"]),
        "hours": format_number(ctx["total_staff_hours"]),
    }


def plan_docx(version: PlanVersion, *, public: bool) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    ctx = plan_context(version, public=public)
    document = Document()
    municipalities = [m.name for m in version.plan.municipalities.all()]
    _finish(document, title=version.title, authors=municipalities)
    document.add_heading(version.title, 0)
    document.add_paragraph(", ".join(municipalities))
    document.add_paragraph(
        _("Plan period: %(start)s – %(end)s")
        % {"start": _date(version.period_start), "end": _date(version.period_end)}
    )
    for adoption in ctx["adoptions"]:
        document.add_paragraph(
            _("Adopted by %(body)s in %(municipality)s on %(date)s (case %(case)s)")
            % {
                "body": adoption.body,
                "municipality": adoption.municipality.name,
                "date": _date(adoption.decided_on),
                "case": adoption.case_number or "—",
            }
        )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading(_("Foreword"), 1)
    mandate = ctx["mandate"]
    if mandate:
        document.add_paragraph(
            _("%(body)s gave the mandate on %(date)s (case %(case)s).")
            % {
                "body": mandate.body,
                "date": _date(mandate.decided_on),
                "case": mandate.case_number or "—",
            }
        )
        if mandate.text:
            document.add_paragraph(mandate.text)
    if ctx["members"]:
        document.add_heading(_("Working group"), 2)
        for member in ctx["members"]:
            parts = [member.name, member.position, member.organisation]
            line = ", ".join(p for p in parts if p)
            if member.is_leader:
                line += f" ({_('leader')})"
            document.add_paragraph(line, style="List Bullet")
    guideline_chapter.add_to_docx(document, ctx)

    document.add_heading(_("Summary of focus areas and measures"), 1)
    rows = []
    for area in ctx["areas"]:
        for measure in area.measures:
            rows.append(
                [
                    area.title,
                    f"{measure.number}. {measure.title}",
                    measure.get_level_display(),
                    measure.responsible_short or "—",
                    _date(measure.deadline),
                ]
            )
    _table(
        document, [_("Focus area"), _("Measure"), _("Level"), _("Responsible"), _("Deadline")], rows
    )
    if ctx["shown_measures"]:
        document.add_paragraph().add_run(total_resources(ctx)).bold = True

    if ctx["mapping"]:
        document.add_heading(_("The local situation"), 1)
        for label, text in ctx["mapping"]:
            document.add_heading(str(label), 2)
            for paragraph in text.split("\n\n"):
                document.add_paragraph(paragraph)

    for area in ctx["areas"]:
        document.add_heading(area.title, 1)
        if area.reason:
            document.add_paragraph(area.reason)
        if area.goals:
            document.add_heading(_("Goals"), 2)
            _table(
                document,
                [_("Goal"), _("Kind"), _("Indicator"), _("Baseline"), _("Target")],
                [
                    [g.text, g.get_kind_display(), g.indicator, g.baseline, g.target]
                    for g in area.goals
                ],
            )
        if area.measures:
            document.add_heading(_("Measures"), 2)
            for measure in area.measures:
                document.add_heading(f"{measure.number}. {measure.title}", 3)
                if measure.description:
                    document.add_paragraph(measure.description)
                facts = [
                    (_("Level"), measure.get_level_display()),
                    (
                        _("Responsible"),
                        measure.responsible_full or "—",
                    ),
                    (_("Period"), f"{_date(measure.starts_on)} – {_date(measure.deadline)}"),
                    (
                        _("Resources"),
                        _("%(money)s, %(hours)s hours")
                        % {
                            "money": format_amount(measure.budget_nok),
                            "hours": format_number(measure.staff_hours),
                        },
                    ),
                ]
                if measure.duties:
                    facts.append(
                        (
                            _("Statutory duties"),
                            ", ".join(ctx["duty_titles"].get(k, k) for k in measure.duties),
                        )
                    )
                for label, value in facts:
                    paragraph = document.add_paragraph()
                    paragraph.add_run(f"{label}: ").bold = True
                    paragraph.add_run(str(value))
    _follow_up_chapter(document, ctx["follow_up"])
    _consultation_chapter(document, ctx["consultation_summary"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _follow_up_chapter(document: Any, follow_up: plan_chapters.FollowUp) -> None:
    document.add_heading(_("Follow-up, reporting and evaluation"), 1)
    if follow_up.rules:
        _table(
            document,
            [
                _("Applies to"),
                _("Status reports per year"),
                _("Mid-term evaluation"),
                _("Final evaluation"),
                _("Who evaluates"),
            ],
            [
                [
                    rule.applies_to,
                    format_number(rule.reports_per_year),
                    _date(rule.midterm_evaluation_on),
                    _date(rule.final_evaluation_on),
                    rule.evaluator or "—",
                ]
                for rule in follow_up.rules
            ],
        )
    else:
        document.add_paragraph(_("Reporting and evaluation have not been decided yet."))
    document.add_heading(_("Reporting rounds"), 2)
    if follow_up.rounds:
        _table(
            document,
            [_("Reporting round"), _("Due date"), _("Status")],
            [[r.title, _date(r.due_date), r.get_status_display()] for r in follow_up.rounds],
        )
    else:
        document.add_paragraph(_("No reporting rounds yet."))
    for evaluation in follow_up.completed:
        document.add_paragraph(
            _("%(kind)s completed on %(date)s.")
            % {"kind": evaluation.get_kind_display(), "date": _date(evaluation.completed_on)}
        )


def _consultation_chapter(document: Any, summary: plan_chapters.ConsultationSummary) -> None:
    document.add_heading(_("Consultation summary"), 1)
    consultation = summary.consultation
    if summary.is_empty:
        document.add_paragraph(_("No public consultation has been recorded."))
        return
    if consultation is not None:
        document.add_paragraph(
            _("The draft was on public consultation from %(start)s to %(end)s.")
            % {"start": _date(consultation.opens_on), "end": _date(consultation.closes_on)}
        )
        if consultation.description:
            document.add_paragraph(f"{_('Who was invited')}: {consultation.description}")
    document.add_paragraph(consultation_count(summary.total))
    if summary.total:
        _table(
            document,
            [_("Weighing"), pgettext("consultation", "Responses")],
            [[label, str(count)] for label, count in summary.by_weighing],
        )
    if summary.responses:
        document.add_heading(_("Who responded"), 2)
        _table(
            document,
            [
                pgettext("consultation", "From"),
                pgettext("consultation", "Received"),
                _("Weighing"),
                _("Reason"),
            ],
            [
                [
                    r.respondent,
                    _date(r.received_on),
                    r.get_weighing_display() or _("Not weighed yet"),
                    r.weighing_reason or "—",
                ]
                for r in summary.responses
            ],
        )


def consultation_count(total: int) -> str:
    return ngettext(
        "%(counter)s response was received.", "%(counter)s responses were received.", total
    ) % {"counter": total}


def plan_pdf(version: PlanVersion, *, public: bool) -> bytes:
    return _pdf("plans/documents/plan_pdf.html", plan_context(version, public=public))


def attachment_header(stem: str, extension: str, *, default: str) -> str:
    """Content-Disposition for a download named after `stem`, keeping æøå (RFC 6266 and
    5987 `filename*`) with an ASCII spelling for clients that do not read it."""
    name = slugify(stem, allow_unicode=True) or default
    fallback = slugify(stem.translate(_ASCII_SPELLING)) or default
    header = f'attachment; filename="{fallback}.{extension}"'
    if name != fallback:
        header += f"; filename*=UTF-8''{quote(f'{name}.{extension}', safe='')}"
    return header


def _file_response(content: bytes, content_type: str, disposition: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition
    return response


def plan_document_response(version: PlanVersion, fmt: str, *, public: bool) -> HttpResponse:
    """The plan document, rendered once for each state of what it shows (document_cache)."""
    stem = f"{version.title}-v{version.number}"
    if fmt not in ("docx", "pdf"):
        raise Http404
    shown = {
        "context": plan_context(version, public=public),
        "municipalities": list(version.plan.municipalities.all()),
    }
    key = document_cache.fingerprint(f"plan:{'public' if public else 'internal'}", fmt, shown)
    if fmt == "docx":
        content = document_cache.rendered(key, lambda: plan_docx(version, public=public))
        return _file_response(content, DOCX_TYPE, attachment_header(stem, fmt, default="plan"))
    content = document_cache.rendered(key, lambda: plan_pdf(version, public=public))
    return _file_response(content, "application/pdf", attachment_header(stem, fmt, default="plan"))


def _council_report_heading(document: Any, report: council_reports.CouncilReport) -> None:
    round = report.round
    document.add_heading(report.title, 0)
    document.add_paragraph(
        _("Reporting round “%(round)s”, due %(date)s. %(reported)s of %(total)s measures reported.")
        % {
            "round": round.title,
            "date": _date(round.due_date),
            "reported": report.reported,
            "total": report.totals.total,
        }
    )
    document.add_paragraph(report.owners_text)
    if round.narrative or round.recommendation:
        document.add_heading(_("Summary from the coordinator"), 1)
        for paragraph in round.narrative.split("\n\n") if round.narrative else []:
            document.add_paragraph(paragraph)
        if round.recommendation:
            document.add_heading(_("Recommendation"), 2)
            for paragraph in round.recommendation.split("\n\n"):
                document.add_paragraph(paragraph)
    if report.municipality is not None:
        document.add_paragraph(
            _(
                "The measures that belong to %(m)s: those naming %(m)s and those that belong "
                "to all the plan's municipalities, with their full figures."
            )
            % {"m": report.municipality.name}
        )


def council_report_docx(round: ReportingRound, municipality: Municipality | None = None) -> bytes:
    from docx import Document

    report = council_reports.build(round, municipality)
    document = Document()
    _finish(document, title=report.title, authors=report.owners_text.split(", "))
    _council_report_heading(document, report)
    document.add_heading(_("Progress by focus area"), 1)
    _table(
        document,
        [_("Focus area"), _("Measures"), *report.status_headers],
        [
            [a.title, str(a.total), *(str(n) for n in a.columns)]
            for a in [*report.areas, report.totals]
        ],
    )
    document.add_paragraph(
        _("%(done)s of %(total)s measures done (%(percent)s %%).")
        % {
            "done": report.totals.done,
            "total": report.totals.total,
            "percent": report.totals.percent_done,
        }
    )
    document.add_heading(_("Planned and used resources"), 1)
    _table(
        document,
        [
            _("Measure"),
            _("Status"),
            pgettext("council report", "Money planned"),
            pgettext("council report", "Hours planned"),
            pgettext("council report", "Money used"),
            pgettext("council report", "Hours used"),
        ],
        [
            [
                f"{line.measure.number}. {line.measure.title}",
                line.status_label,
                format_amount(line.measure.budget_nok),
                format_number(line.measure.staff_hours),
                format_amount(line.spent_nok),
                format_number(line.spent_hours),
            ]
            for line in report.lines
        ]
        + [
            [
                _("Total"),
                "",
                format_amount(report.totals.planned_nok),
                format_number(report.totals.planned_hours),
                format_amount(report.totals.spent_nok),
                format_number(report.totals.spent_hours),
            ]
        ],
    )
    for heading, lines in (
        (_("Delayed measures"), report.late),
        (_("Dropped measures"), report.dropped),
    ):
        document.add_heading(heading, 1)
        if not lines:
            document.add_paragraph(_("None."))
        for line in lines:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{line.measure.number}. {line.measure.title}: ").bold = True
            paragraph.add_run(line.report.comment if line.report else "")
    if report.unreported:
        document.add_heading(_("Measures without a report"), 1)
        for line in report.unreported:
            measure = line.measure
            document.add_paragraph(
                f"{measure.number}. {measure.title} ({measure.responsible_short or '—'})",
                style="List Bullet",
            )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def council_report_pdf(round: ReportingRound, municipality: Municipality | None = None) -> bytes:
    return _pdf(
        "plans/documents/council_report_pdf.html",
        {"report": council_reports.build(round, municipality)},
    )


def council_report_response(
    round: ReportingRound, fmt: str, *, municipality: Municipality | None = None
) -> HttpResponse:
    """The council report, for the whole plan or one municipality, rendered once for each
    state of what it shows."""
    stem = f"{round.version.title}-{round.title}"
    if municipality is not None:
        stem += f"-{municipality.name}"
    if fmt not in ("docx", "pdf"):
        raise Http404
    shown = {"round": round, "report": council_reports.build(round, municipality)}
    key = document_cache.fingerprint("council_report", fmt, shown)
    if fmt == "docx":
        content = document_cache.rendered(key, lambda: council_report_docx(round, municipality))
        return _file_response(content, DOCX_TYPE, attachment_header(stem, fmt, default="report"))
    content = document_cache.rendered(key, lambda: council_report_pdf(round, municipality))
    return _file_response(
        content, "application/pdf", attachment_header(stem, fmt, default="report")
    )
