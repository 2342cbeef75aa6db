"""The audit trail for data protection officers: search, page through, export as CSV.

Reading the trail is itself recorded (audit.events.searched / audit.events.exported)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Protocol, cast

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from samvern.accounts.actor import Actor, actor_of
from samvern.accounts.models import Organisation
from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log
from samvern.trail.access import audit_organisations
from samvern.trail.forms import AuditSearchForm
from samvern.trail.paging import bounded_count, keyset_page
from samvern.trail.presenters import present_events
from samvern.trail.selectors import AuditFilters, audit_events

EVENTS_PER_PAGE = 50
# Norwegian Excel opens a file as columns only when they are separated by semicolons.
CSV_SEPARATOR = ";"
CSV_CHUNK = 500
# The export records how many rows it holds, counted up to this many (one more means
# "more than"): an exact count over a large trail would cost as much as the export.
EXPORT_COUNT_LIMIT = 100_000


def csv_columns() -> list[str]:
    return [
        _("Time"),
        _("Person"),
        _("User name"),
        _("Organisation"),
        _("Action"),
        _("Kind of action"),
        _("Object"),
        _("Details"),
        _("Address"),
        _("Action code"),
        _("Object type"),
        _("Object id"),
    ]


def _acting_organisation(request: HttpRequest, organisations: list[Organisation]) -> Organisation:
    current = actor_of(request).organisation
    return current if current in organisations else organisations[0]


def _search(
    request: HttpRequest,
) -> tuple[list[Organisation], AuditSearchForm, AuditFilters | None]:
    organisations = audit_organisations(actor_of(request))
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
    actor = actor_of(request)
    organisations, form, filters = _search(request)
    context: dict[str, object] = {"form": form, "page": None}
    if filters is not None:
        page_obj = keyset_page(
            audit_events(actor=actor, filters=filters),
            request.GET,
            per_page=EVENTS_PER_PAGE,
            count=True,
        )
        # Read the rows before recording the search, so the record is not among them.
        rows = present_events(page_obj.object_list, reader=actor, organisation=actor.organisation)
        audit_log(
            actor=actor,
            organisation=_acting_organisation(request, organisations),
            action="audit.events.searched",
            detail={
                **filters.as_detail(),
                "page": page_obj.number,
                # Counted up to the limit only: "more than 1000" is recorded as 1001.
                "results": page_obj.count,
            },
        )
        query = request.GET.copy()
        for key in ("page", "before", "after"):
            query.pop(key, None)
        context.update(
            {
                "page": page_obj,
                "rows": rows,
                "query_prefix": f"{query.urlencode()}&" if query else "",
                "export_query": query.urlencode(),
            }
        )
    status = 400 if filters is None else 200
    return render(request, "audit/events.html", context, status=status)


def _safe_cell(value: object) -> str:
    """Spreadsheet programs run cells that start with these characters as formulas."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _CsvWriter(Protocol):
    def writerow(self, row: Iterable[object], /) -> str: ...


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(
    events: QuerySet[AuditEvent],
    *,
    reader: Actor,
    organisation: Organisation | None,
    language: str,
) -> Iterator[str]:
    """The file, in the reader's language also when the server streams it after the view
    has returned."""
    writer = cast(_CsvWriter, csv.writer(_Echo(), delimiter=CSV_SEPARATOR))
    with translation.override(language):
        yield "\ufeff" + writer.writerow(csv_columns())
        chunk: list[AuditEvent] = []
        for event in events.iterator(chunk_size=CSV_CHUNK):
            chunk.append(event)
            if len(chunk) == CSV_CHUNK:
                yield from _csv_chunk(writer, chunk, reader=reader, organisation=organisation)
                chunk = []
        yield from _csv_chunk(writer, chunk, reader=reader, organisation=organisation)


def _csv_chunk(
    writer: _CsvWriter,
    events: list[AuditEvent],
    *,
    reader: Actor,
    organisation: Organisation | None,
) -> Iterator[str]:
    for row in present_events(events, reader=reader, organisation=organisation):
        event = row.event
        what = " ".join(part for part in (row.what_type, row.what) if part)
        yield writer.writerow(
            [
                _safe_cell(row.when_text),
                _safe_cell(row.actor_name),
                _safe_cell(row.actor_username),
                _safe_cell(row.organisation),
                _safe_cell(row.label),
                _safe_cell(row.kind.label if row.kind else ""),
                _safe_cell(what),
                _safe_cell("; ".join(f"{key}: {value}" for key, value in row.details)),
                _safe_cell(event.ip_address),
                _safe_cell(event.action),
                _safe_cell(event.target_type),
                _safe_cell(event.target_id),
            ]
        )


@require_GET
@login_required
@never_cache
def export_csv(request: HttpRequest) -> HttpResponseBase:
    actor = actor_of(request)
    organisations, form, filters = _search(request)
    if filters is None:
        return render(request, "audit/events.html", {"form": form, "page": None}, status=400)
    selected = audit_events(actor=actor, filters=filters)
    # The export is recorded first, so the record stays even if the download breaks off;
    # the file holds the events before it.
    rows = bounded_count(selected, EXPORT_COUNT_LIMIT)
    event = audit_log(
        actor=actor,
        organisation=_acting_organisation(request, organisations),
        action="audit.events.exported",
        detail={**filters.as_detail(), "format": "csv", "separator": CSV_SEPARATOR, "rows": rows},
    )
    response = StreamingHttpResponse(
        _csv_rows(
            selected.filter(pk__lt=event.pk),
            reader=actor,
            organisation=actor.organisation,
            language=translation.get_language(),
        ),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="samvern-audit-{stamp}.csv"'
    return response
