"""Open data: the overview's figures as JSON and CSV, public and cacheable.

Nothing here is personal: figures per country, county and municipality, derived from the
plan registry and reference data. Responses carry ETag and Last-Modified computed from the
plan tables (one query), so clients and proxies can revalidate cheaply; the chosen date is
part of the ETag, so "today" changes at midnight even when no plan changed.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from typing import Any

from django.db import connection
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.views.decorators.http import condition
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from samvern.overview.selectors import Coverage, Figures, coverage, history
from samvern.places.models import CURRENT_STRUCTURE, StructureYear
from samvern.plans.models import Adoption, Evaluation, Plan, PlanVersion, ReportingRound


class CSVRenderer(BaseRenderer):
    """Renders a list of flat dicts (the view puts them under `rows`) as CSV."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        rows = data.get("rows") if isinstance(data, dict) else None
        out = io.StringIO()
        if rows is None:  # an error body
            writer = csv.writer(out)
            for key, value in (data or {}).items():
                writer.writerow([key, value])
            return out.getvalue().encode()
        if rows:
            table = csv.DictWriter(out, fieldnames=list(rows[0]))
            table.writeheader()
            table.writerows(rows)
        return out.getvalue().encode()


# --- Query parameters -------------------------------------------------------------------


class OverviewQuery(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="Date of the status; default today.")
    structure = serializers.ChoiceField(
        choices=StructureYear.values,
        required=False,
        default=CURRENT_STRUCTURE.value,
        help_text="Municipality structure: 2019 (422) or 2024 (357).",
    )


def _selection(request: Request) -> tuple[dt.date, int]:
    cached = getattr(request, "_overview_selection", None)
    if cached is not None:
        return cached
    query = OverviewQuery(data=request.query_params)
    if not query.is_valid():
        raise ValidationError(query.errors)
    selection = (
        query.validated_data.get("as_of") or timezone.localdate(),
        int(query.validated_data["structure"]),
    )
    request._overview_selection = selection  # type: ignore[attr-defined]
    return selection


PARAMETERS = [
    OpenApiParameter(
        "as_of", OpenApiTypes.DATE, description="Status on this date (default today)."
    ),
    OpenApiParameter(
        "structure", OpenApiTypes.INT, enum=[2019, 2024], description="Municipality structure."
    ),
    OpenApiParameter(
        "format", OpenApiTypes.STR, enum=["json", "csv"], description="Response format."
    ),
]


# --- Caching validators -----------------------------------------------------------------

_TRACKED = (Plan, PlanVersion, Adoption, ReportingRound, Evaluation)


def _data_state(request: Any) -> tuple[dt.datetime | None, str]:
    """Latest change and a digest of the plan tables, in one query (cached per request)."""
    cached = getattr(request, "_overview_state", None)
    if cached is not None:
        return cached
    columns = []
    for model in _TRACKED:
        table = connection.ops.quote_name(model._meta.db_table)
        columns.append(f"(SELECT MAX(updated_at) FROM {table})")  # noqa: S608
        columns.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        values = cursor.fetchone()
    latest = None
    for value in values[0::2]:
        if isinstance(value, str):
            value = parse_datetime(value)
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, dt.UTC)
        if value is not None and (latest is None or value > latest):
            latest = value
    state = (latest, "|".join(str(value) for value in values))
    request._overview_state = state
    return state


def _etag(request: Any, *args: Any, **kwargs: Any) -> str | None:
    try:
        as_of, structure = _selection(request)
    except ValidationError:
        return None
    _, digest = _data_state(request)
    fmt = request.GET.get("format", "") or request.headers.get("Accept", "")
    raw = f"{request.path}|{as_of}|{structure}|{fmt}|{digest}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _last_modified(request: Any, *args: Any, **kwargs: Any) -> dt.datetime | None:
    latest, _digest = _data_state(request)
    if "as_of" not in request.GET:
        # "Today" changes at midnight even when no plan changed.
        midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
        return max(latest, midnight) if latest else midnight
    return latest


cacheable = method_decorator(
    condition(etag_func=_etag, last_modified_func=_last_modified), name="get"
)


class OverviewAPIView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [AnonRateThrottle]
    renderer_classes = [JSONRenderer, CSVRenderer]

    def is_csv(self, request: Request) -> bool:
        return getattr(request.accepted_renderer, "format", "") == "csv"

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=300"
        if getattr(getattr(request, "accepted_renderer", None), "format", "") == "csv":
            name = self.__class__.__name__.removesuffix("View").lower()
            response["Content-Disposition"] = f'attachment; filename="samvern-overview-{name}.csv"'
        return response


# --- Serialised shapes ------------------------------------------------------------------


def _figures(figures: Figures) -> dict[str, Any]:
    return {
        "code": figures.code,
        "name": figures.name,
        "municipalities": figures.municipalities,
        "with_plan_in_force": figures.in_force,
        "with_plan_in_force_share": round(figures.in_force_share, 4),
        "partly_covered": figures.partly,
        "preparing": figures.preparing,
        "expired": figures.expired,
        "never_had_plan": figures.never,
        "covered_by_inter_municipal_plan": figures.inter_municipal,
        "in_force_without_report": figures.unreported,
        "ended_without_evaluation": figures.unevaluated,
        "population": figures.population,
        "population_covered": round(figures.covered_population),
        "population_covered_share": round(figures.population_share, 4),
    }


def _summary(result: Coverage) -> dict[str, Any]:
    plans = result.plans
    return {
        "as_of": result.as_of.isoformat(),
        "structure": result.structure,
        "national": _figures(result.national),
        "plans": {
            "in_force": plans.in_force,
            "inter_municipal": plans.inter_municipal,
            "inter_municipal_share": round(plans.inter_municipal_share, 4),
            "expired_without_adopted_successor": plans.expired_without_successor,
            "in_force_without_reporting_round": plans.in_force_unreported,
            "ended_without_evaluation": plans.ended_unevaluated,
        },
        "counties": [_figures(county) for county in result.counties],
    }


class FiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    municipalities = serializers.IntegerField()
    with_plan_in_force = serializers.IntegerField()
    with_plan_in_force_share = serializers.FloatField()
    partly_covered = serializers.IntegerField()
    preparing = serializers.IntegerField()
    expired = serializers.IntegerField()
    never_had_plan = serializers.IntegerField()
    covered_by_inter_municipal_plan = serializers.IntegerField()
    in_force_without_report = serializers.IntegerField()
    ended_without_evaluation = serializers.IntegerField()
    population = serializers.IntegerField()
    population_covered = serializers.IntegerField()
    population_covered_share = serializers.FloatField()


class PlanFiguresSerializer(serializers.Serializer):
    in_force = serializers.IntegerField()
    inter_municipal = serializers.IntegerField()
    inter_municipal_share = serializers.FloatField()
    expired_without_adopted_successor = serializers.IntegerField()
    in_force_without_reporting_round = serializers.IntegerField()
    ended_without_evaluation = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    as_of = serializers.DateField()
    structure = serializers.IntegerField()
    national = FiguresSerializer()
    plans = PlanFiguresSerializer()
    counties = FiguresSerializer(many=True)


class MunicipalityStatusSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    county_code = serializers.CharField()
    county_name = serializers.CharField()
    status = serializers.ChoiceField(choices=["in_force", "partly", "preparing", "expired", "none"])
    covered_fraction = serializers.FloatField()
    population = serializers.IntegerField()
    population_covered = serializers.IntegerField()
    via_succession = serializers.BooleanField()
    inter_municipal = serializers.BooleanField()
    in_force_without_report = serializers.BooleanField()
    ended_without_evaluation = serializers.BooleanField()
    plan_id = serializers.UUIDField(allow_null=True)


class MunicipalitiesSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    structure = serializers.IntegerField()
    municipalities = MunicipalityStatusSerializer(many=True)


class HistoryPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    municipalities = serializers.IntegerField()
    with_plan_in_force = serializers.IntegerField()
    with_plan_in_force_share = serializers.FloatField()
    population = serializers.IntegerField()
    population_covered = serializers.IntegerField()
    population_covered_share = serializers.FloatField()


class HistorySerializer(serializers.Serializer):
    as_of = serializers.DateField()
    structure = serializers.IntegerField()
    points = HistoryPointSerializer(many=True)


def _responses(serializer: Any) -> dict[Any, Any]:
    return {
        (200, "application/json"): serializer,
        (200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR, description="The same figures as CSV, one row per line."
        ),
        400: OpenApiResponse(description="Invalid date or structure."),
        304: OpenApiResponse(description="Not modified (ETag / Last-Modified matched)."),
    }


# --- Views ------------------------------------------------------------------------------


@cacheable
class SummaryView(OverviewAPIView):
    @extend_schema(
        operation_id="overview_summary",
        summary="Coverage figures for the country and each county",
        parameters=PARAMETERS,
        responses=_responses(SummarySerializer),
        tags=["overview"],
    )
    def get(self, request: Request) -> Response:
        as_of, structure = _selection(request)
        summary = _summary(coverage(as_of=as_of, structure=structure))
        if self.is_csv(request):
            rows = [
                {"as_of": summary["as_of"], "structure": structure, "level": level, **row}
                for level, row in [("national", summary["national"])]
                + [("county", county) for county in summary["counties"]]
            ]
            return Response({"rows": rows})
        return Response(summary)


@cacheable
class MunicipalitiesView(OverviewAPIView):
    @extend_schema(
        operation_id="overview_municipalities",
        summary="Plan status of every municipality",
        parameters=PARAMETERS,
        responses=_responses(MunicipalitiesSerializer),
        tags=["overview"],
    )
    def get(self, request: Request) -> Response:
        as_of, structure = _selection(request)
        result = coverage(as_of=as_of, structure=structure)
        rows = [
            {
                "code": row.code,
                "name": row.name,
                "county_code": row.county_code,
                "county_name": row.county_name,
                "status": row.status,
                "covered_fraction": round(row.covered_fraction, 4),
                "population": row.population,
                "population_covered": round(row.covered_population),
                "via_succession": row.via_succession,
                "inter_municipal": row.inter_municipal,
                "in_force_without_report": row.unreported,
                "ended_without_evaluation": row.unevaluated,
                "plan_id": str(row.plan_id) if row.plan_id else None,
            }
            for row in result.municipalities
        ]
        if self.is_csv(request):
            return Response({"rows": [{"as_of": as_of.isoformat(), **row} for row in rows]})
        return Response(
            {"as_of": as_of.isoformat(), "structure": structure, "municipalities": rows}
        )


@cacheable
class HistoryView(OverviewAPIView):
    @extend_schema(
        operation_id="overview_history",
        summary="Coverage on the same day of each year since 2010",
        parameters=PARAMETERS,
        responses=_responses(HistorySerializer),
        tags=["overview"],
    )
    def get(self, request: Request) -> Response:
        as_of, structure = _selection(request)
        points = [
            {
                "date": point.day.isoformat(),
                "municipalities": point.municipalities,
                "with_plan_in_force": point.in_force,
                "with_plan_in_force_share": round(point.in_force_share, 4),
                "population": point.population,
                "population_covered": round(point.covered_population),
                "population_covered_share": round(point.population_share, 4),
            }
            for point in history(as_of=as_of, structure=structure)
        ]
        if self.is_csv(request):
            return Response({"rows": points})
        return Response({"as_of": as_of.isoformat(), "structure": structure, "points": points})


api_urlpatterns = [
    path("overview/summary/", SummaryView.as_view(), name="api-overview-summary"),
    path(
        "overview/municipalities/", MunicipalitiesView.as_view(), name="api-overview-municipalities"
    ),
    path("overview/history/", HistoryView.as_view(), name="api-overview-history"),
]
