"""The partnership's indicators for a year: page, CSV, JSON and the annual report (PDF,
DOCX). Read-only, for the partnership's members (partnerships.access)."""

from __future__ import annotations

import csv
import io
import json
import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from samvern.accounts.actor import actor_of
from samvern.governance import annual_report, indicators
from samvern.partnerships.access import Need, access_partnership
from samvern.partnerships.models import Partnership

YEARS_BACK = 6
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _figures(
    request: HttpRequest, partnership_id: uuid.UUID
) -> tuple[Partnership, indicators.Indicators]:
    actor = actor_of(request)
    partnership = access_partnership(actor, partnership_id, Need.VIEW)
    today = timezone.localdate()
    year = indicators.requested_year(request.GET.get("year"), today=today)
    return partnership, indicators.indicators(partnership, year=year, today=today)


def _safe_cell(value: str) -> str:
    # A spreadsheet would run a cell that starts with these as a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _filename(figures: indicators.Indicators, extension: str) -> str:
    return f"samvern-indicators-{figures.year}.{extension}"


@login_required
@require_GET
def indicators_page(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    partnership, figures = _figures(request, partnership_id)
    today_year = timezone.localdate().year
    report = annual_report.annual_report(actor_of(request), figures, today=timezone.localdate())
    return render(
        request,
        "governance/indicators/indicators.html",
        {
            "partnership": partnership,
            "figures": figures,
            "report": report,
            "years": list(range(today_year, today_year - YEARS_BACK, -1)),
        },
    )


@login_required
@require_GET
def indicators_csv(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    _partnership, figures = _figures(request, partnership_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["year", "section", "subject", "measure", "value"])
    for section, subject, measure, value in indicators.as_rows(figures):
        writer.writerow([figures.year, section, _safe_cell(subject), measure, value])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(figures, "csv")}"'
    return response


@login_required
@require_GET
def indicators_json(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    _partnership, figures = _figures(request, partnership_id)
    return HttpResponse(
        json.dumps(indicators.as_json(figures), ensure_ascii=False, indent=2),
        content_type="application/json",
    )


@login_required
@require_GET
def annual_report_pdf(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    _partnership, figures = _figures(request, partnership_id)
    report = annual_report.annual_report(actor_of(request), figures, today=timezone.localdate())
    response = HttpResponse(annual_report.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="samvern-annual-report-{figures.year}.pdf"'
    )
    return response


@login_required
@require_GET
def annual_report_docx(request: HttpRequest, partnership_id: uuid.UUID) -> HttpResponse:
    _partnership, figures = _figures(request, partnership_id)
    report = annual_report.annual_report(actor_of(request), figures, today=timezone.localdate())
    response = HttpResponse(annual_report.report_docx(report), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="samvern-annual-report-{figures.year}.docx"'
    )
    return response
