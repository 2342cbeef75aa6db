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
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from samvern.accounts.actor import actor_of
from samvern.accounts.authentication import SecondFactorVerified
from samvern.audit.labels import ActionKind, action_kind, action_label
from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log
from samvern.trail.access import audit_organisations
from samvern.trail.forms import AuditSearchForm
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


class AuditEventList(generics.ListAPIView[AuditEvent]):
    serializer_class = AuditEventSerializer
    # As the audit pages: a data protection officer's session or token must carry a
    # verified second factor.
    permission_classes = [IsAuthenticated, SecondFactorVerified]
    filter_backends: list[type[BaseFilterBackend]] = []

    @extend_schema(
        tags=["audit"],
        summary="Search the audit trail",
        description="Events recorded for the organisations in which you are data protection "
        "officer, newest first. Anyone else gets 404. Each call is recorded as "
        "`audit.events.searched`.",
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
        results = data.get("count") if isinstance(data, dict) else len(data)
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
