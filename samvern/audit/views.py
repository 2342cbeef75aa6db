"""The audit trail for data protection officers: search, page through, export as CSV.

Reading the trail is itself recorded (audit.events.searched / audit.events.exported)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from samvern.audit.access import audit_organisations
from samvern.audit.forms import AuditSearchForm
from samvern.audit.selectors import AuditFilters, audit_events
from samvern.audit.services import audit_log

EVENTS_PER_PAGE = 50
CSV_COLUMNS = [
    "time",
    "actor",
    "actor_id",
    "organisation",
    "organisation_id",
    "action",
    "target_type",
    "target_id",
    "address",
    "detail",
]


def _acting_organisation(request: HttpRequest, organisations: list[Any]) -> Any:
    current = getattr(request, "organisation", None)
    return current if current in organisations else organisations[0]


def _search(request: HttpRequest) -> tuple[list[Any], AuditSearchForm, AuditFilters | None]:
    organisations = audit_organisations(request.user)
    form = AuditSearchForm(request.GET or None, organisations=organisations)
    if not form.is_bound:
        return organisations, form, AuditFilters()
    if form.is_valid():
        return organisations, form, form.filters()
    return organisations, form, None


@require_GET
@login_required
@never_cache
def events(request: HttpRequest) -> HttpResponse:
    organisations, form, filters = _search(request)
    context: dict[str, Any] = {"form": form, "page": None}
    if filters is not None:
        page = Paginator(audit_events(actor=request.user, filters=filters), EVENTS_PER_PAGE)
        page_obj = page.get_page(request.GET.get("page"))
        # Read the rows before recording the search, so the record is not among them.
        page_obj.object_list = list(page_obj.object_list)
        for event in page_obj.object_list:
            event.detail_json = _detail_json(event.detail)  # type: ignore[attr-defined]
        audit_log(
            actor=request.user,
            organisation=_acting_organisation(request, organisations),
            action="audit.events.searched",
            detail={**filters.as_detail(), "page": page_obj.number, "results": page.count},
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "page": page_obj,
                "query_prefix": f"{query.urlencode()}&" if query else "",
                "export_query": query.urlencode(),
            }
        )
    status = 400 if filters is None else 200
    return render(request, "audit/events.html", context, status=status)


def _detail_json(detail: Any) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else ""


def _safe_cell(value: Any) -> str:
    """Spreadsheet programs run cells that start with these characters as formulas."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(events: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                _safe_cell(timezone.localtime(event.occurred_at).isoformat()),
                _safe_cell(event.actor_label),
                _safe_cell(event.actor_id),
                _safe_cell(event.organisation_label),
                _safe_cell(event.organisation_id),
                _safe_cell(event.action),
                _safe_cell(event.target_type),
                _safe_cell(event.target_id),
                _safe_cell(event.ip_address),
                _safe_cell(_detail_json(event.detail)),
            ]
        )


@require_GET
@login_required
@never_cache
def export_csv(request: HttpRequest) -> HttpResponseBase:
    organisations, form, filters = _search(request)
    if filters is None:
        return render(request, "audit/events.html", {"form": form, "page": None}, status=400)
    selected = audit_events(actor=request.user, filters=filters)
    audit_log(
        actor=request.user,
        organisation=_acting_organisation(request, organisations),
        action="audit.events.exported",
        detail={**filters.as_detail(), "format": "csv", "rows": selected.count()},
    )
    response = StreamingHttpResponse(_csv_rows(selected), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="samvern-audit-{stamp}.csv"'
    return response
