"""Action points over the API, under /api/v1/conferences/actions/: the acting
organisation's points (with the page's filters), one point, and its outcome. The same
access rules, services and audit events as the pages (samvern.conferences.access,
services/actions.py), and the same session-with-second-factor rule as the case API.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from samvern.accounts.actor import actor_of
from samvern.api.pagination import BoundedLimitOffsetPagination
from samvern.cases.access import today
from samvern.cases.api_base import CaseAPIView
from samvern.conferences.access import ActionPointAccess, PointNeed, access_action_point
from samvern.conferences.forms_actions import PointFilterForm
from samvern.conferences.models import ActionPoint, Outcome
from samvern.conferences.services import actions, calendar
from samvern.core import limits


class ActionPointSerializer(serializers.Serializer[ActionPoint]):
    id = serializers.UUIDField()
    case_id = serializers.UUIDField()
    case_reference = serializers.CharField(source="case.reference")
    organisation_id = serializers.UUIDField()
    assignee = serializers.SerializerMethodField(
        help_text="The responsible person's name, or null when the organisation is."
    )
    description = serializers.CharField()
    due_on = serializers.DateField()
    overdue = serializers.SerializerMethodField(help_text="Open and past the due date, today.")
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    outcome_label = serializers.CharField(source="get_outcome_display")
    outcome_reason = serializers.CharField()
    outcome_on = serializers.DateField(allow_null=True)
    agreed_on = serializers.DateField(
        source="item.conference.date", help_text="The date of the conference that agreed it."
    )

    def get_assignee(self, point: ActionPoint) -> str | None:
        user = point.assignee
        return (user.get_full_name() or user.username) if user is not None else None

    def get_overdue(self, point: ActionPoint) -> bool:
        return point.is_overdue(today())


class OutcomeInputSerializer(serializers.Serializer[dict[str, str]]):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=limits.COMMENT,
        help_text="Required for not_done and not_possible, and when reopening.",
    )


FILTER_PARAMETERS = [
    OpenApiParameter("outcome", OpenApiTypes.STR, enum=Outcome.values),
    OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Open and past the due date."),
    OpenApiParameter("due_within", OpenApiTypes.INT, description="Open, due within N days."),
    OpenApiParameter("mine", OpenApiTypes.BOOL, description="Assigned to you."),
    OpenApiParameter("reference", OpenApiTypes.STR, description="Part of the case reference."),
]


TRUE_WORDS = frozenset({"1", "true", "on", "yes"})


def _filters(request: Request) -> actions.PointFilters:
    """The list's filters from the query string, read by the page's filter form (a
    yes/no filter is on for 1, true, on or yes)."""
    data: dict[str, str] = {}
    for key in ("outcome", "due_within", "reference"):
        value = request.query_params.get(key, "")
        if value:
            data[key] = str(value)
    for key in ("overdue", "mine"):
        if str(request.query_params.get(key, "")).lower() in TRUE_WORDS:
            data[key] = "on"
    return PointFilterForm(data).filters()


class ActionPointListAPI(CaseAPIView):
    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses=ActionPointSerializer(many=True),
        summary="Your organisation's action points",
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        if not calendar.may_have_feed(actor):
            raise Http404
        day = today()
        with transaction.atomic():
            filters = _filters(request)
            points = actions.organisation_points(actor, day=day, filters=filters)
            paginator = BoundedLimitOffsetPagination()
            page = paginator.paginate_queryset(points, request, view=self) or []
            rows = actions.read_point_rows(actor=actor, points=list(page), day=day, via="api")
            data = [ActionPointSerializer(row.point).data for row in rows]
            return paginator.get_paginated_response(data)


def _record(request: Request, access: ActionPointAccess) -> Response:
    payload = OutcomeInputSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    point = actions.record_outcome(
        actor=actor_of(request),
        access=access,
        outcome=payload.validated_data["outcome"],
        reason=payload.validated_data["reason"],
        day=today(),
    )
    point.item = access.point.item
    point.case = access.point.case
    point.assignee = access.point.assignee
    return Response(ActionPointSerializer(point).data)


class ActionPointAPI(CaseAPIView):
    @extend_schema(responses=ActionPointSerializer, summary="One action point")
    def get(self, request: Request, point_id: uuid.UUID) -> Response:
        with transaction.atomic():
            access = actions.read_action_point(actor_of(request), point_id, day=today(), via="api")
            return Response(ActionPointSerializer(access.point).data)

    @extend_schema(
        request=OutcomeInputSerializer,
        responses=ActionPointSerializer,
        summary="Record the outcome (responsible organisation only)",
    )
    def patch(self, request: Request, point_id: uuid.UUID) -> Response:
        with transaction.atomic():
            access = access_action_point(
                actor_of(request), point_id, PointNeed.OUTCOME, day=today()
            )
            return _record(request, access)


class ActionPointOutcomeAPI(CaseAPIView):
    @extend_schema(
        request=OutcomeInputSerializer,
        responses=ActionPointSerializer,
        summary="Record the outcome (responsible organisation only)",
    )
    def post(self, request: Request, point_id: uuid.UUID) -> Response:
        with transaction.atomic():
            access = access_action_point(
                actor_of(request), point_id, PointNeed.OUTCOME, day=today()
            )
            return _record(request, access)


api_urlpatterns = [
    path(
        "conferences/actions/",
        ActionPointListAPI.as_view(),
        name="api-conferences-actions",
    ),
    path(
        "conferences/actions/<uuid:point_id>/",
        ActionPointAPI.as_view(),
        name="api-conferences-action",
    ),
    path(
        "conferences/actions/<uuid:point_id>/outcome/",
        ActionPointOutcomeAPI.as_view(),
        name="api-conferences-action-outcome",
    ),
]
