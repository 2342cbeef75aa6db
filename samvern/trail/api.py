"""Read-only API over the audit trail for data protection officers; every request is itself
recorded. Same scope and filters as the audit page. Routes are collected by
samvern/api/urls.py."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import BasePagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from samvern.accounts.actor import actor_of
from samvern.accounts.authentication import SecondFactorVerified
from samvern.audit.kinds import ActionKind
from samvern.audit.labels import action_kind, action_label
from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log
from samvern.trail.access import audit_organisations
from samvern.trail.forms import AuditSearchForm
from samvern.trail.paging import keyset_page
from samvern.trail.selectors import AuditFilters, audit_events


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    action_label = serializers.SerializerMethodField(
        help_text="What the action was, in the request's language."
    )
    action_kind = serializers.SerializerMethodField(
        help_text="The group of actions it belongs to (as the `action_kind` filter)."
    )

    def get_action_label(self, event: AuditEvent) -> str:
        return action_label(event.action)

    def get_action_kind(self, event: AuditEvent) -> str | None:
        kind = action_kind(event.action)
        return kind.value if kind is not None else None

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor_id",
            "actor_label",
            "organisation_id",
            "organisation_label",
            "action",
            "action_label",
            "action_kind",
            "target_type",
            "target_id",
            "ip_address",
            "detail",
            "hash",
        ]


FILTER_PARAMETERS = [
    OpenApiParameter("organisation", OpenApiTypes.UUID, description="One of your organisations."),
    OpenApiParameter(
        "actor",
        OpenApiTypes.STR,
        description="User name of the actor (exact), or a part of their full name.",
    ),
    OpenApiParameter(
        "action_kind",
        OpenApiTypes.STR,
        enum=[kind.value for kind in ActionKind],
        description="A group of actions, as on the audit page.",
    ),
    OpenApiParameter(
        "case_reference",
        OpenApiTypes.STR,
        description="Events recorded about the case with this reference, e.g. S-2026-1A2B3C.",
    ),
    OpenApiParameter("action_prefix", OpenApiTypes.STR, description="Start of the action code."),
    OpenApiParameter("target_type", OpenApiTypes.STR, description="e.g. accounts.membership"),
    OpenApiParameter("target_id", OpenApiTypes.STR),
    OpenApiParameter(
        "date_from",
        OpenApiTypes.DATE,
        description="From this day (inclusive); 2026-12-01 or 1.12.2026.",
    ),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="To this day (inclusive)."),
]


class AuditKeysetPagination(BasePagination):
    """Newest first, `limit` events a page (1 to 500, default 100), cut by id: `before`
    gives the events older than an id, `after` those newer. No total is counted; `next`
    and `previous` are the links to the pages around this one (null at either end)."""

    default_limit = 100
    max_limit = 500

    def _whole(self, request: Request, name: str, low: int, high: int | None) -> int | None:
        raw = request.query_params.get(name, "").strip()
        if raw == "":
            return None
        if (
            not (raw.isascii() and raw.isdigit())
            or int(raw) < low
            or (high is not None and int(raw) > high)
        ):
            raise ValidationError({name: [f"A whole number from {low} to {high or 'any'}."]})
        return int(raw)

    def paginate_queryset(  # type: ignore[override]
        self,
        queryset: QuerySet[AuditEvent],
        request: Request,
        view: APIView | None = None,
    ) -> list[AuditEvent]:
        self.request = request
        limit = self._whole(request, "limit", 1, self.max_limit) or self.default_limit
        before = self._whole(request, "before", 1, None)
        after = self._whole(request, "after", 1, None)
        if before is not None and after is not None:
            raise ValidationError({"after": ["Give either before or after, not both."]})
        params = {"before": before, "after": after}
        self.page = keyset_page(queryset, params, per_page=limit)
        self.limit = limit
        return self.page.object_list

    def _link(self, **params: int) -> str:
        url = self.request.build_absolute_uri()
        for name in ("before", "after", "offset"):
            url = remove_query_param(url, name)
        for name, value in params.items():
            url = replace_query_param(url, name, value)
        return url

    def get_paginated_response(self, data: object) -> Response:
        page = self.page
        next_link = (
            self._link(before=page.next_before)
            if page.has_next and page.next_before is not None
            else None
        )
        previous_link = (
            self._link(after=page.previous_after)
            if page.has_previous and page.previous_after is not None
            else None
        )
        return Response({"next": next_link, "previous": previous_link, "results": data})

    def get_paginated_response_schema(self, schema: dict[str, object]) -> dict[str, object]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: object) -> list[dict[str, object]]:
        return [
            {
                "name": "limit",
                "required": False,
                "in": "query",
                "description": "Events per page: 1 to 500, default 100.",
                "schema": {"type": "integer"},
            },
            {
                "name": "before",
                "required": False,
                "in": "query",
                "description": "Only events older than this id (the next page).",
                "schema": {"type": "integer"},
            },
            {
                "name": "after",
                "required": False,
                "in": "query",
                "description": "Only events newer than this id (the previous page).",
                "schema": {"type": "integer"},
            },
        ]


class AuditEventList(generics.ListAPIView[AuditEvent]):
    serializer_class = AuditEventSerializer
    pagination_class = AuditKeysetPagination
    # As the audit pages: a data protection officer's session or token must carry a
    # verified second factor.
    permission_classes = [IsAuthenticated, SecondFactorVerified]
    filter_backends: list[type[BaseFilterBackend]] = []

    @extend_schema(
        tags=["audit"],
        summary="Search the audit trail",
        description="Events recorded for the organisations in which you are data protection "
        "officer, newest first (by id). Anyone else gets 404. Each call is recorded as "
        "`audit.events.searched`, with the number of events on the page. Pages are cut by "
        "id (`before`, `after`): follow `next` for older events; no total is counted.",
        parameters=FILTER_PARAMETERS,
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        actor = actor_of(request)
        try:
            self.organisations = audit_organisations(actor)
        except Http404:
            raise NotFound from None
        form = AuditSearchForm(request.query_params, organisations=self.organisations)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        self.filters: AuditFilters = form.filters()
        response = super().get(request, *args, **kwargs)
        data = response.data
        rows = data.get("results") if isinstance(data, dict) else data
        results = len(rows) if isinstance(rows, list) else 0
        current = actor.organisation
        audit_log(
            actor=actor,
            organisation=current if current in self.organisations else self.organisations[0],
            action="audit.events.searched",
            detail={**self.filters.as_detail(), "via": "api", "results": results},
        )
        return response

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return audit_events(actor=actor_of(self.request), filters=self.filters)


api_urlpatterns = [
    path("audit/events/", AuditEventList.as_view(), name="api-audit-events"),
]
