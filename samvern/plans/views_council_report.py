"""The council report of a reporting round (page, PDF, Word), for the whole plan or for
one owning municipality (`?municipality=<number>`), and the coordinator's summary and
recommendation written on the round page. The plan's readers read the reports; only its
editors write the summary; anyone else gets 404."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from samvern.accounts.actor import actor_of
from samvern.core.forms import submit
from samvern.plans import council_report as reports
from samvern.plans import documents, forms, services
from samvern.plans.access import can_read_drafts
from samvern.plans.models import ReportingRound
from samvern.plans.views import INVALID, _render, _round, _round_page, _round_rows


def _report_round(
    request: HttpRequest, plan_id: Any, version_id: Any, round_id: Any
) -> tuple[ReportingRound, dict[str, Any]]:
    round_, ctx = _round(request, plan_id, version_id, round_id)
    if not can_read_drafts(actor_of(request), ctx["plan"]):
        raise Http404
    return round_, ctx


def _municipality_code(request: HttpRequest) -> str | None:
    code = request.GET.get("municipality")
    return code.strip() if code is not None else None


@require_safe
def council_report(
    request: HttpRequest, plan_id: Any, version_id: Any, round_id: Any
) -> HttpResponse:
    round_, ctx = _report_round(request, plan_id, version_id, round_id)
    municipality = reports.owner_by_code(round_, _municipality_code(request))
    report = reports.build(round_, municipality)
    ctx.update(
        report=report,
        owners=report.owners,
        on_report=True,
        municipality_query=f"?{urlencode({'municipality': municipality.code})}"
        if municipality
        else "",
    )
    return _render(request, "council_report.html", ctx, "rounds")


@require_safe
def council_report_file(
    request: HttpRequest, plan_id: Any, version_id: Any, round_id: Any, fmt: str
) -> HttpResponse:
    round_, _ctx = _report_round(request, plan_id, version_id, round_id)
    municipality = reports.owner_by_code(round_, _municipality_code(request))
    return documents.council_report_response(round_, fmt, municipality=municipality)


@require_POST
def round_narrative(
    request: HttpRequest, plan_id: Any, version_id: Any, round_id: Any
) -> HttpResponse:
    round_, ctx = _round(request, plan_id, version_id, round_id)
    if not ctx["can_edit"]:
        raise Http404
    form = forms.RoundNarrativeForm(request.POST)

    def save() -> None:
        services.save_round_narrative(
            actor=actor_of(request),
            round=round_,
            narrative=form.cleaned_data["narrative"],
            recommendation=form.cleaned_data["recommendation"],
        )

    if submit(form, save):
        messages.success(request, _("The summary for the council was saved."))
        return redirect("plans:round", ctx["plan"].pk, round_.version_id, round_.pk)
    ctx["narrative_form"] = form
    rows = _round_rows(request, round_, ctx["plan"])
    return _round_page(request, round_, ctx, rows, status=INVALID)
