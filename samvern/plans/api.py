"""Plans API: plans, versions, measures, status reports, evaluations and the goals'
indicator measurements.

The same rules as the pages: anonymous users and outsiders see adopted versions only;
readers of the owning municipalities see drafts, status reports and evaluations; editors
change measures; a unit manager reports on their own measures. Missing and forbidden are
both 404.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from samvern.accounts.actor import actor_of
from samvern.plans import services
from samvern.plans.access import (
    Need,
    access_plan,
    access_version,
    can_read_drafts,
    followed_measures_q,
    visible_plans,
    visible_versions,
)
from samvern.plans.models import (
    Adoption,
    Evaluation,
    Goal,
    IndicatorMeasurement,
    Measure,
    MeasureEvaluation,
    Plan,
    PlanVersion,
    ReportingRound,
    StatusReport,
)
from samvern.plans.services.data import (
    ADOPTION_FIELDS,
    MEASURE_FIELDS,
    MEASUREMENT_FIELDS,
    MeasureData,
    MeasurementData,
)

TAGS = ["plans"]


def _service_error(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError({"detail": error.messages})


class AdoptionSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)

    class Meta:
        model = Adoption
        # Who evaluates is a working detail, not part of the published decision.
        fields = [
            "municipality",
            "municipality_name",
            *(name for name in ADOPTION_FIELDS if name not in {"municipality", "evaluator"}),
        ]


class VersionSerializer(serializers.ModelSerializer):
    adoptions = AdoptionSerializer(many=True, read_only=True)

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "plan",
            "number",
            "title",
            "status",
            "previous",
            "period_start",
            "period_end",
            "status_changed_at",
            "adoptions",
        ]


class PlanSerializer(serializers.ModelSerializer):
    municipalities = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "title", "origin", "municipalities"]

    def get_municipalities(self, plan: Plan) -> list[str]:
        return [m.code for m in plan.municipalities.all()]


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Measure
        # The responsible person is named on the pages only, never in the API.
        fields = [
            "id",
            "version",
            "number",
            *(name for name in MEASURE_FIELDS if name != "responsible_user"),
        ]
        read_only_fields = ["id", "version", "number"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        deadline = attrs.get("deadline", getattr(self.instance, "deadline", None))
        if start and deadline and deadline < start:
            from django.utils.translation import gettext as _

            raise serializers.ValidationError(
                {"deadline": _("The deadline cannot be before the start.")}
            )
        return attrs


class StatusReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusReport
        fields = [
            "id",
            "round",
            "measure",
            "status",
            "comment",
            "comment_public",
            "spent_nok",
            "spent_hours",
            "updated_at",
        ]
        read_only_fields = ["id", "round", "updated_at"]


class MeasureFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeasureEvaluation
        fields = ["measure", "done", "why"]


class EvaluationSerializer(serializers.ModelSerializer):
    summary = serializers.CharField(source="detail.summary", default="", read_only=True)
    outcome = serializers.CharField(source="detail.outcome", default="", read_only=True)
    evaluator = serializers.CharField(source="detail.evaluator", default="", read_only=True)
    measure_findings = MeasureFindingSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "version",
            "kind",
            "completed_on",
            "evaluator",
            "summary",
            "outcome",
            "measure_findings",
        ]


class MeasurementSerializer(serializers.ModelSerializer):
    # Who recorded a value is shown on the pages only, never in the API.
    class Meta:
        model = IndicatorMeasurement
        fields = ["id", "goal", *MEASUREMENT_FIELDS, "updated_at"]
        read_only_fields = ["id", "goal", "updated_at"]


@extend_schema(tags=TAGS)
class PlanList(generics.ListAPIView):
    """Plans the caller may see: every plan with an adopted version, and the caller's own
    municipalities' plans in any state."""

    serializer_class = PlanSerializer
    permission_classes = [AllowAny]

    def get_queryset(self) -> QuerySet[Plan]:
        return (
            visible_plans(actor_of(self.request))
            .prefetch_related("municipalities")
            .order_by("title")
        )


@extend_schema(tags=TAGS)
class PlanDetail(generics.RetrieveAPIView):
    serializer_class = PlanSerializer
    permission_classes = [AllowAny]

    def get_object(self) -> Plan:
        return access_plan(actor_of(self.request), self.kwargs["plan_id"], Need.VIEW)


@extend_schema(tags=TAGS)
class VersionList(generics.ListAPIView):
    queryset = PlanVersion.objects.none()  # for the schema; get_queryset applies access
    serializer_class = VersionSerializer
    permission_classes = [AllowAny]

    def get_queryset(self) -> QuerySet[PlanVersion]:
        plan = access_plan(actor_of(self.request), self.kwargs["plan_id"], Need.VIEW)
        return visible_versions(actor_of(self.request), plan).prefetch_related(
            Prefetch("adoptions", queryset=Adoption.objects.select_related("municipality"))
        )


@extend_schema(tags=TAGS)
class VersionDetail(generics.RetrieveAPIView):
    serializer_class = VersionSerializer
    permission_classes = [AllowAny]

    def get_object(self) -> PlanVersion:
        return access_version(actor_of(self.request), self.kwargs["version_id"], Need.VIEW)


@extend_schema(tags=TAGS)
class MeasureList(generics.ListCreateAPIView):
    """Measures of a version; editors of the plan add measures (audited)."""

    queryset = Measure.objects.none()  # for the schema; get_queryset applies access
    serializer_class = MeasureSerializer
    permission_classes = [AllowAny]

    def version(self, need: Need) -> PlanVersion:
        return access_version(actor_of(self.request), self.kwargs["version_id"], need)

    def get_queryset(self) -> QuerySet[Measure]:
        return self.version(Need.VIEW).measures.order_by("number")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.is_authenticated:
            raise Http404
        version = self.version(Need.EDIT)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            measure = services.save_measure(
                actor=actor_of(request),
                version=version,
                data=MeasureData(**serializer.validated_data),
            )
        except DjangoValidationError as error:
            raise _service_error(error) from error
        return Response(MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class MeasureDetail(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = MeasureSerializer
    permission_classes = [AllowAny]
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def measure(self, need: Need) -> Measure:
        measure = Measure.objects.filter(pk=self.kwargs["measure_id"]).first()
        if measure is None:
            raise Http404
        measure.version = access_version(actor_of(self.request), measure.version_id, need)
        return measure

    def get_object(self) -> Measure:
        return self.measure(Need.VIEW)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        measure = self.measure(Need.EDIT)
        serializer = self.get_serializer(measure, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            measure = services.save_measure(
                actor=actor_of(request),
                version=measure.version,
                measure=measure,
                data=dataclasses.replace(MeasureData.of(measure), **serializer.validated_data),
            )
        except DjangoValidationError as error:
            raise _service_error(error) from error
        return Response(MeasureSerializer(measure).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        measure = self.measure(Need.EDIT)
        try:
            services.delete_measure(actor=actor_of(request), measure=measure)
        except DjangoValidationError as error:
            raise _service_error(error) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


def _round_for(request: Request, round_id: Any) -> ReportingRound:
    round_ = ReportingRound.objects.select_related("version__plan").filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    plan = round_.version.plan
    if can_read_drafts(actor_of(request), plan):
        return round_
    if (
        actor_of(request).is_authenticated
        and round_.version.measures.filter(followed_measures_q(actor_of(request))).exists()
    ):
        return round_
    raise Http404


@extend_schema(tags=TAGS)
class StatusReportList(generics.ListCreateAPIView):
    """Status reports in a reporting round. Readers of the plan see them all; a unit manager
    or a partner organisation's people see the reports on the measures they answer for,
    and file them where they may report (plans.access)."""

    queryset = StatusReport.objects.none()  # for the schema; get_queryset applies access
    serializer_class = StatusReportSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[StatusReport]:
        round_ = _round_for(self.request, self.kwargs["round_id"])
        reports = round_.status_reports.select_related("measure")
        if not can_read_drafts(actor_of(self.request), round_.version.plan):
            reports = reports.filter(followed_measures_q(actor_of(self.request), "measure__"))
        return reports

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        round_ = _round_for(request, self.kwargs["round_id"])
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        measure = serializer.validated_data.pop("measure")
        if measure.version_id != round_.version_id or not services.can_report_on(
            actor_of(request), measure
        ):
            raise Http404
        try:
            report = services.report_status(
                actor=actor_of(request), round=round_, measure=measure, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _service_error(error) from error
        return Response(StatusReportSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class EvaluationList(generics.ListAPIView):
    queryset = Evaluation.objects.none()  # for the schema; get_queryset applies access
    serializer_class = EvaluationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[Evaluation]:
        version = access_version(actor_of(self.request), self.kwargs["version_id"], Need.VIEW)
        if not can_read_drafts(actor_of(self.request), version.plan):
            raise Http404
        return version.evaluations.select_related("detail").prefetch_related("measure_findings")


def _goal_for(request: Request, goal_id: Any, need: Need) -> Goal:
    """A goal of a version the caller reads the drafts of (or, for `Need.EDIT`, edits)."""
    goal = Goal.objects.filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    goal.version = access_version(actor_of(request), goal.version_id, need)
    if not can_read_drafts(actor_of(request), goal.version.plan):
        raise Http404
    return goal


@extend_schema(tags=TAGS)
class MeasurementList(generics.ListCreateAPIView):
    """A goal's indicator measurements in date order. The plan's readers see them; its
    editors record new ones (audited)."""

    queryset = IndicatorMeasurement.objects.none()  # for the schema; get_queryset applies access
    serializer_class = MeasurementSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self) -> QuerySet[IndicatorMeasurement]:
        goal = _goal_for(self.request, self.kwargs["goal_id"], Need.VIEW)
        return goal.measurements.order_by("measured_on", "created_at")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        goal = _goal_for(request, self.kwargs["goal_id"], Need.EDIT)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            measurement = services.save_measurement(
                actor=actor_of(request),
                goal=goal,
                data=MeasurementData(**serializer.validated_data),
            )
        except DjangoValidationError as error:
            raise _service_error(error) from error
        return Response(MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class MeasurementDetail(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = MeasurementSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def measurement(self, need: Need) -> IndicatorMeasurement:
        measurement = IndicatorMeasurement.objects.filter(pk=self.kwargs["measurement_id"]).first()
        if measurement is None:
            raise Http404
        measurement.goal = _goal_for(self.request, measurement.goal_id, need)
        return measurement

    def get_object(self) -> IndicatorMeasurement:
        return self.measurement(Need.VIEW)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        measurement = self.measurement(Need.EDIT)
        serializer = self.get_serializer(measurement, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            measurement = services.save_measurement(
                actor=actor_of(request),
                goal=measurement.goal,
                measurement=measurement,
                data=dataclasses.replace(
                    MeasurementData.of(measurement), **serializer.validated_data
                ),
            )
        except DjangoValidationError as error:
            raise _service_error(error) from error
        return Response(MeasurementSerializer(measurement).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        measurement = self.measurement(Need.EDIT)
        try:
            services.delete_measurement(actor=actor_of(request), measurement=measurement)
        except DjangoValidationError as error:
            raise _service_error(error) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


api_urlpatterns = [
    path("plans/", PlanList.as_view(), name="plans-api-plan-list"),
    path("plans/<uuid:plan_id>/", PlanDetail.as_view(), name="plans-api-plan-detail"),
    path("plans/<uuid:plan_id>/versions/", VersionList.as_view(), name="plans-api-version-list"),
    path(
        "plan-versions/<uuid:version_id>/", VersionDetail.as_view(), name="plans-api-version-detail"
    ),
    path(
        "plan-versions/<uuid:version_id>/measures/",
        MeasureList.as_view(),
        name="plans-api-measure-list",
    ),
    path(
        "plan-versions/<uuid:version_id>/evaluations/",
        EvaluationList.as_view(),
        name="plans-api-evaluation-list",
    ),
    path(
        "plan-measures/<uuid:measure_id>/", MeasureDetail.as_view(), name="plans-api-measure-detail"
    ),
    path(
        "plan-goals/<uuid:goal_id>/measurements/",
        MeasurementList.as_view(),
        name="plans-api-measurement-list",
    ),
    path(
        "plan-measurements/<uuid:measurement_id>/",
        MeasurementDetail.as_view(),
        name="plans-api-measurement-detail",
    ),
    path(
        "plan-rounds/<uuid:round_id>/status-reports/",
        StatusReportList.as_view(),
        name="plans-api-status-report-list",
    ),
]
