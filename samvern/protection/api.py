"""Protection API under /api/v1/protection/: the same access functions, selectors and
audit events as the pages, and the case layer's authentication (a session with a verified
second factor, or a token with the scope "case data" acting for its organisation)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from samvern.accounts.actor import actor_of
from samvern.accounts.models import CASE_CONTENT_ROLES
from samvern.api.pagination import BoundedLimitOffsetPagination
from samvern.audit.services import audited_atomic
from samvern.cases.access import today
from samvern.cases.api_base import CaseAPIView, _many
from samvern.protection import selectors, services
from samvern.protection.access import access_case_protection
from samvern.protection.models import CustodyRelease, ProtectiveMeasure, Reassessment
from samvern.protection.selectors import MeasureFilter, MeasureRow, ReassessmentRow, ReleaseRow


class ProtectionMeasureSerializer(serializers.Serializer[MeasureRow]):
    id = serializers.UUIDField(source="measure.pk")
    case_id = serializers.UUIDField(source="measure.case_id")
    case_reference = serializers.CharField(source="measure.case.reference")
    person_id = serializers.UUIDField(source="measure.person_id")
    person_name = serializers.CharField(source="measure.person.full_name")
    kind = serializers.CharField(source="measure.kind")
    kind_display = serializers.CharField(source="measure.get_kind_display")
    measure_type = serializers.CharField(source="measure.measure_type")
    starts_on = serializers.DateField(source="measure.starts_on")
    ends_on = serializers.DateField(source="measure.ends_on", allow_null=True)
    ended_on = serializers.DateField(source="measure.ended_on", allow_null=True)
    status = serializers.CharField()
    days_left = serializers.IntegerField(allow_null=True)
    responsible_id = serializers.UUIDField(source="measure.responsible_id")
    responsible = serializers.CharField(source="measure.responsible.name")
    conditions = serializers.CharField(source="measure.conditions")
    note = serializers.CharField(source="measure.note")


class ProtectionReleaseSerializer(serializers.Serializer[ReleaseRow]):
    id = serializers.UUIDField(source="release.pk")
    case_id = serializers.UUIDField(source="release.case_id")
    case_reference = serializers.CharField(source="release.case.reference")
    person_id = serializers.UUIDField(source="release.person_id")
    release_on = serializers.DateField(source="release.release_on")
    release_source = serializers.CharField(source="release.source")
    responsible_id = serializers.UUIDField(source="release.responsible_id")
    informed_on = serializers.DateField(source="release.informed_on", allow_null=True)
    inform_now = serializers.BooleanField()
    days_left = serializers.IntegerField()


class ProtectionReassessmentSerializer(serializers.Serializer[ReassessmentRow]):
    id = serializers.UUIDField(source="reassessment.pk")
    case_id = serializers.UUIDField(source="reassessment.case_id")
    case_reference = serializers.CharField(source="reassessment.case.reference")
    assessment_id = serializers.UUIDField(source="reassessment.assessment_id")
    band = serializers.CharField(source="reassessment.assessment.effective_band")
    due_on = serializers.DateField(source="reassessment.due_on")
    overdue = serializers.BooleanField()
    prompted_by = serializers.SerializerMethodField()
    prompted_on = serializers.SerializerMethodField()

    def get_prompted_by(self, row: ReassessmentRow) -> str | None:
        return row.prompt.reason if row.prompt is not None else None

    def get_prompted_on(self, row: ReassessmentRow) -> dt.date | None:
        return row.prompt.occurred_on if row.prompt is not None else None


def _require_list_role(request: Request) -> None:
    actor = actor_of(request)
    if not actor.case_roles & CASE_CONTENT_ROLES or actor.organisation is None:
        raise Http404


SHOW = OpenApiParameter(
    "show",
    str,
    enum=[value.value for value in MeasureFilter],
    description="Which measures: current (default), ending_soon, active, ended, all.",
)


class OurMeasuresAPI(CaseAPIView):
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(
        parameters=[SHOW],
        responses=ProtectionMeasureSerializer(many=True),
        summary="Protective measures your organisation is responsible for",
    )
    def get(self, request: Request) -> Response:
        _require_list_role(request)
        paginator = BoundedLimitOffsetPagination()
        paginator.check_parameters(request)  # 400 before anything is read
        try:
            which = MeasureFilter(request.query_params.get("show", MeasureFilter.CURRENT))
        except ValueError:
            which = MeasureFilter.CURRENT
        with audited_atomic():
            actor = actor_of(request)
            day = today()
            measures = selectors.organisation_measures(actor, day=day, which=which)
            page: list[ProtectiveMeasure] = list(
                paginator.paginate_queryset(measures, request, view=self) or []
            )
            rows = selectors.measure_rows(page, day)
            services.record_list_read(
                actor=actor, action=services.MEASURES_LISTED, rows=page, via="api"
            )
            return paginator.get_paginated_response(_many(ProtectionMeasureSerializer(), rows))


class CaseMeasuresAPI(CaseAPIView):
    @extend_schema(
        responses=ProtectionMeasureSerializer(many=True), summary="One case's protective measures"
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        with audited_atomic():
            actor = actor_of(request)
            access = access_case_protection(actor, case_id)
            rows = selectors.measure_rows(selectors.case_measures(access.case), today())
            services.record_case_read(
                actor=actor,
                access=access,
                action=services.MEASURES_VIEWED,
                detail={"via": "api", "measures": [str(row.measure.pk) for row in rows]},
            )
            return Response(_many(ProtectionMeasureSerializer(), rows))


class OurReleasesAPI(CaseAPIView):
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(
        responses=ProtectionReleaseSerializer(many=True),
        summary="Expected release dates your organisation is responsible for",
    )
    def get(self, request: Request) -> Response:
        _require_list_role(request)
        paginator = BoundedLimitOffsetPagination()
        paginator.check_parameters(request)  # 400 before anything is read
        with audited_atomic():
            actor = actor_of(request)
            day = today()
            releases: list[CustodyRelease] = list(
                paginator.paginate_queryset(
                    selectors.organisation_releases(actor, day=day), request, view=self
                )
                or []
            )
            services.record_list_read(
                actor=actor, action=services.RELEASES_LISTED, rows=releases, via="api"
            )
            rows = selectors.release_rows(releases, day)
            return paginator.get_paginated_response(_many(ProtectionReleaseSerializer(), rows))


class CaseReleasesAPI(CaseAPIView):
    @extend_schema(
        responses=ProtectionReleaseSerializer(many=True), summary="One case's release dates"
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        with audited_atomic():
            actor = actor_of(request)
            access = access_case_protection(actor, case_id)
            rows = selectors.release_rows(selectors.case_releases(access.case), today())
            services.record_case_read(
                actor=actor,
                access=access,
                action=services.MEASURES_VIEWED,
                detail={"via": "api", "releases": [str(row.release.pk) for row in rows]},
            )
            return Response(_many(ProtectionReleaseSerializer(), rows))


class DueReassessmentsAPI(CaseAPIView):
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(
        responses=ProtectionReassessmentSerializer(many=True),
        summary="Reassessments your organisation has due, overdue or prompted",
    )
    def get(self, request: Request) -> Response:
        _require_list_role(request)
        paginator = BoundedLimitOffsetPagination()
        paginator.check_parameters(request)  # 400 before anything is read
        with audited_atomic():
            actor = actor_of(request)
            day = today()
            page: list[Reassessment] = list(
                paginator.paginate_queryset(
                    selectors.organisation_reassessments(actor, day=day), request, view=self
                )
                or []
            )
            prompts = selectors.prompts_by_case(actor, {r.case_id for r in page}, day)
            rows = selectors.reassessment_rows(page, day, prompts)
            services.record_list_read(
                actor=actor, action=services.REASSESSMENTS_LISTED, rows=page, via="api"
            )
            return paginator.get_paginated_response(_many(ProtectionReassessmentSerializer(), rows))


api_urlpatterns = [
    path("protection/measures/", OurMeasuresAPI.as_view(), name="api-protection-measures"),
    path("protection/releases/", OurReleasesAPI.as_view(), name="api-protection-releases"),
    path(
        "protection/reassessments/due/",
        DueReassessmentsAPI.as_view(),
        name="api-protection-reassessments-due",
    ),
    path(
        "protection/cases/<uuid:case_id>/measures/",
        CaseMeasuresAPI.as_view(),
        name="api-protection-case-measures",
    ),
    path(
        "protection/cases/<uuid:case_id>/releases/",
        CaseReleasesAPI.as_view(),
        name="api-protection-case-releases",
    ),
]
