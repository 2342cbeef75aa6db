"""Open data: the overview's figures as JSON and CSV, public and cacheable.

Nothing here is personal: figures per country, county and municipality, derived from the
plan registry and reference data, published under the licence named in settings
OPEN_DATA_LICENCE (a `Link: <…>; rel="license"` header on every response). Responses carry
ETag and Last-Modified computed from the plan and reference tables (one query), so clients
and proxies can revalidate cheaply; the chosen date, the language and the CSV separator are
part of the ETag, so "today" changes at midnight even when no plan changed. Dates outside
`samvern.overview.dates.date_range` are refused with 400 before anything is computed.

CSV is UTF-8 with a byte-order mark (so that Excel reads æøå), comma-separated; with
`sep=semicolon` it uses semicolons and decimal commas, as Excel set to Norwegian expects.
Every CSV file has `as_of` and `structure` columns; booleans are `true`/`false`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
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
from rest_framework.views import APIView

from samvern.api.public import PUBLIC_CACHE_CONTROL, OpenDataMixin
from samvern.api.throttling import ClientAddressAnonThrottle
from samvern.overview.dates import HISTORY_MAX_POINTS, check_date
from samvern.overview.http import data_state_of, release_digest
from samvern.overview.selectors import (
    Coverage,
    Figures,
    MunicipalityCoverage,
    coverage,
    history,
)
from samvern.places.models import CURRENT_STRUCTURE, Municipality, StructureYear

SEPARATORS = {"comma": ",", "semicolon": ";"}


def _csv_value(value: Any, *, decimal_comma: bool) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float) and decimal_comma:
        return str(value).replace(".", ",")
    return value


def _error_rows(data: Any, prefix: str = "") -> list[tuple[str, str]]:
    """An error body as (parameter, message) pairs, whatever its nesting: messages only."""
    if isinstance(data, dict):
        return [
            row
            for key, value in data.items()
            for row in _error_rows(value, f"{prefix}.{key}" if prefix else str(key))
        ]
    if isinstance(data, list | tuple):
        return [row for value in data for row in _error_rows(value, prefix)]
    return [(prefix, str(data))]


class CSVRenderer(BaseRenderer):
    """Renders a list of flat dicts (the view puts them under `rows`) as CSV."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> bytes:
        request = (renderer_context or {}).get("request")
        sep = request.query_params.get("sep", "") if request is not None else ""
        delimiter = SEPARATORS.get(sep, ",")
        decimal_comma = delimiter == ";"
        out = io.StringIO()
        out.write("\ufeff")
        rows = data.get("rows") if isinstance(data, dict) else None
        if rows is None:  # an error body
            writer = csv.writer(out, delimiter=delimiter)
            writer.writerow(["parameter", "message"])
            writer.writerows(_error_rows(data or {}))
            return out.getvalue().encode()
        if rows:
            table = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
            table.writeheader()
            for row in rows:
                table.writerow(
                    {
                        key: _csv_value(value, decimal_comma=decimal_comma)
                        for key, value in row.items()
                    }
                )
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
    sep = serializers.ChoiceField(
        choices=list(SEPARATORS),
        required=False,
        default="comma",
        help_text="CSV separator: comma (default) or semicolon (with decimal comma).",
    )

    def validate_as_of(self, value: dt.date) -> dt.date:
        try:
            return check_date(value)
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from error


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


def _valid_selection(request: Any) -> tuple[dt.date, int] | None:
    try:
        return _selection(request)
    except ValidationError:
        return None


PARAMETERS = [
    OpenApiParameter(
        "as_of",
        OpenApiTypes.DATE,
        description=(
            "Status on this date (default today), from 2000-01-01 to 31 December of the fifth "
            "year after this one; other dates are refused with 400."
        ),
    ),
    OpenApiParameter(
        "structure", OpenApiTypes.INT, enum=[2019, 2024], description="Municipality structure."
    ),
    OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", "csv"],
        description="Response format; anything else is refused with 400.",
    ),
    OpenApiParameter(
        "sep",
        OpenApiTypes.STR,
        enum=list(SEPARATORS),
        description=(
            "CSV only: `comma` (default) or `semicolon`, which also writes decimal commas, for "
            "spreadsheet programs set to Norwegian. CSV is UTF-8 with a byte-order mark."
        ),
    ),
]


# --- Caching validators -----------------------------------------------------------------


def _data_state(request: Any) -> tuple[dt.datetime | None, str]:
    """Latest change and digest of the plan and reference tables (one query, once per
    request); the same state keys the precomputed figures."""
    state = data_state_of(request)
    return state.latest, state.digest


def _etag(request: Any, *args: Any, **kwargs: Any) -> str | None:
    selection = _valid_selection(request)
    if selection is None:
        return None
    as_of, structure = selection
    _, digest = _data_state(request)
    fmt = request.GET.get("format", "") or request.headers.get("Accept", "")
    raw = "|".join(
        str(part)
        for part in (
            request.path,
            as_of,
            structure,
            fmt,
            request.GET.get("sep", ""),
            translation.get_language(),
            digest,
            release_digest(),
        )
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _last_modified(request: Any, *args: Any, **kwargs: Any) -> dt.datetime | None:
    if _valid_selection(request) is None:
        return None  # refused below, without a query
    latest, _digest = _data_state(request)
    if "as_of" not in request.GET:
        # "Today" changes at midnight even when no plan changed.
        midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
        return max(latest, midnight) if latest else midnight
    return latest


cacheable = method_decorator(
    condition(etag_func=_etag, last_modified_func=_last_modified), name="get"
)


class OverviewAPIView(OpenDataMixin, APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ClientAddressAnonThrottle]
    renderer_classes = [JSONRenderer, CSVRenderer]

    def is_csv(self, request: Request) -> bool:
        return getattr(request.accepted_renderer, "format", "") == "csv"

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code < 400:
            # Nothing here is personal (no authentication is even read), so shared caches
            # may keep it; the language and the format are chosen by request headers.
            response["Cache-Control"] = PUBLIC_CACHE_CONTROL
            patch_vary_headers(response, ["Accept", "Accept-Language"])
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


def _municipality(row: MunicipalityCoverage) -> dict[str, Any]:
    return {
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


AS_OF_HELP = "The date the figures describe."
STRUCTURE_HELP = "Municipality structure the figures are given in: 2019 or 2024."


class FiguresSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="County number; empty for the whole country.")
    name = serializers.CharField(help_text="Name of the county, or of the country.")
    municipalities = serializers.IntegerField(help_text="Number of municipalities.")
    with_plan_in_force = serializers.IntegerField(
        help_text="Municipalities fully covered by a plan in force (own or through succession)."
    )
    with_plan_in_force_share = serializers.FloatField(
        help_text="with_plan_in_force divided by municipalities (0 to 1, four decimals)."
    )
    partly_covered = serializers.IntegerField(
        help_text="Municipalities only partly covered, through a merger or split."
    )
    preparing = serializers.IntegerField(
        help_text="Municipalities without a plan in force that are preparing one."
    )
    expired = serializers.IntegerField(
        help_text="Municipalities whose last plan expired, none in force or in preparation."
    )
    never_had_plan = serializers.IntegerField(
        help_text="Municipalities with no plan recorded up to the date."
    )
    covered_by_inter_municipal_plan = serializers.IntegerField(
        help_text="Covered municipalities whose plan in force is shared with other municipalities."
    )
    in_force_without_report = serializers.IntegerField(
        help_text="Covered municipalities whose plan in force has no completed reporting round."
    )
    ended_without_evaluation = serializers.IntegerField(
        help_text="Municipalities with a plan whose period ended without an evaluation."
    )
    population = serializers.IntegerField(help_text="Registered population (reference data).")
    population_covered = serializers.IntegerField(
        help_text="Population living in covered municipalities (partly covered ones in proportion)."
    )
    population_covered_share = serializers.FloatField(
        help_text="population_covered divided by population (0 to 1, four decimals)."
    )


class PlanFiguresSerializer(serializers.Serializer):
    in_force = serializers.IntegerField(help_text="Plans in force on the date.")
    inter_municipal = serializers.IntegerField(
        help_text="Plans in force that were adopted by more than one municipality."
    )
    inter_municipal_share = serializers.FloatField(
        help_text="inter_municipal divided by in_force (0 to 1, four decimals)."
    )
    expired_without_adopted_successor = serializers.IntegerField(
        help_text="Plans that have expired with no later plan adopted for their municipalities."
    )
    in_force_without_reporting_round = serializers.IntegerField(
        help_text="Plans in force with no completed reporting round."
    )
    ended_without_evaluation = serializers.IntegerField(
        help_text="Plans whose period ended without an evaluation."
    )


class SummarySerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text=AS_OF_HELP)
    structure = serializers.IntegerField(help_text=STRUCTURE_HELP)
    national = FiguresSerializer(help_text="Figures for the whole country.")
    plans = PlanFiguresSerializer(
        help_text="Figures counted per plan rather than per municipality."
    )
    counties = FiguresSerializer(many=True, help_text="Figures for each county, by county number.")


class MunicipalityStatusSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Four-digit municipality number in the structure.")
    name = serializers.CharField(help_text="Name of the municipality.")
    county_code = serializers.CharField(help_text="Two-digit number of its county.")
    county_name = serializers.CharField(help_text="Name of its county.")
    status = serializers.ChoiceField(
        choices=["in_force", "partly", "preparing", "expired", "none"],
        help_text=(
            "in_force: fully covered by a plan in force; partly: partly covered through a "
            "merger or split; preparing: a plan is being prepared; expired: the last plan "
            "expired; none: never had a plan."
        ),
    )
    covered_fraction = serializers.FloatField(
        help_text="Part of the municipality covered by a plan in force (0 to 1)."
    )
    population = serializers.IntegerField(help_text="Registered population (reference data).")
    population_covered = serializers.IntegerField(
        help_text="population times covered_fraction, rounded."
    )
    via_succession = serializers.BooleanField(
        help_text="Covered through a predecessor's or successor's plan, not its own adoption."
    )
    inter_municipal = serializers.BooleanField(
        help_text="The plan in force is shared with other municipalities."
    )
    in_force_without_report = serializers.BooleanField(
        help_text="The plan in force has no completed reporting round."
    )
    ended_without_evaluation = serializers.BooleanField(
        help_text="A plan of the municipality ended without an evaluation."
    )
    plan_id = serializers.UUIDField(
        allow_null=True,
        help_text="Identifier of the plan in force (or of the latest plan); null when none.",
    )


class MunicipalitiesSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text=AS_OF_HELP)
    structure = serializers.IntegerField(help_text=STRUCTURE_HELP)
    municipalities = MunicipalityStatusSerializer(
        many=True, help_text="Every municipality of the structure, by number."
    )


class MunicipalityOnDateSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text=AS_OF_HELP)
    structure = serializers.IntegerField(help_text=STRUCTURE_HELP)
    municipality = MunicipalityStatusSerializer(help_text="The municipality's status.")


class HistoryPointSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The day this point describes.")
    municipalities = serializers.IntegerField(help_text="Number of municipalities.")
    with_plan_in_force = serializers.IntegerField(
        help_text="Municipalities fully covered by a plan in force on that day."
    )
    with_plan_in_force_share = serializers.FloatField(
        help_text="with_plan_in_force divided by municipalities (0 to 1, four decimals)."
    )
    population = serializers.IntegerField(help_text="Registered population (reference data).")
    population_covered = serializers.IntegerField(
        help_text="Population living in covered municipalities (partly covered ones in proportion)."
    )
    population_covered_share = serializers.FloatField(
        help_text="population_covered divided by population (0 to 1, four decimals)."
    )


class HistorySerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text=AS_OF_HELP)
    structure = serializers.IntegerField(help_text=STRUCTURE_HELP)
    points = HistoryPointSerializer(
        many=True,
        help_text=(
            f"One point a year, oldest first, ending on as_of; at most {HISTORY_MAX_POINTS}."
        ),
    )


def _responses(serializer: Any) -> dict[Any, Any]:
    return {
        (200, "application/json"): serializer,
        (200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR,
            description=(
                "The same figures as CSV, one row per line, with as_of and structure columns "
                "(UTF-8 with byte-order mark; see the sep parameter)."
            ),
        ),
        400: OpenApiResponse(description="Invalid date, structure, separator or format."),
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
        summary = _summary(coverage(as_of=as_of, structure=structure, state=data_state_of(request)))
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
        result = coverage(as_of=as_of, structure=structure, state=data_state_of(request))
        rows = [_municipality(row) for row in result.municipalities]
        if self.is_csv(request):
            return Response(
                {
                    "rows": [
                        {"as_of": as_of.isoformat(), "structure": structure, **row} for row in rows
                    ]
                }
            )
        return Response(
            {"as_of": as_of.isoformat(), "structure": structure, "municipalities": rows}
        )


@cacheable
class MunicipalityView(OverviewAPIView):
    @extend_schema(
        operation_id="overview_municipality",
        summary="Plan status of one municipality",
        description="The structure is the one in the address; a structure parameter is ignored.",
        parameters=[
            OpenApiParameter(
                "year",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                enum=StructureYear.values,
                description="Structure year.",
            ),
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description="Four-digit municipality number of that structure.",
            ),
            *(parameter for parameter in PARAMETERS if parameter.name != "structure"),
        ],
        responses={
            **_responses(MunicipalityOnDateSerializer),
            404: OpenApiResponse(description="No such municipality in that structure."),
        },
        tags=["overview"],
    )
    def get(self, request: Request, year: int, code: str) -> Response:
        as_of, _structure = _selection(request)
        if year not in StructureYear.values:
            raise Http404
        if not Municipality.objects.filter(year=year, code=code).exists():
            raise Http404
        row = _municipality(
            coverage(as_of=as_of, structure=year, state=data_state_of(request)).by_code[code]
        )
        if self.is_csv(request):
            return Response({"rows": [{"as_of": as_of.isoformat(), "structure": year, **row}]})
        return Response({"as_of": as_of.isoformat(), "structure": year, "municipality": row})


@cacheable
class HistoryView(OverviewAPIView):
    @extend_schema(
        operation_id="overview_history",
        summary="Coverage on the same day of each year since 2010",
        description=f"At most {HISTORY_MAX_POINTS} points, the latest on as_of.",
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
            for point in history(as_of=as_of, structure=structure, state=data_state_of(request))
        ]
        if self.is_csv(request):
            return Response(
                {
                    "rows": [
                        {"as_of": as_of.isoformat(), "structure": structure, **point}
                        for point in points
                    ]
                }
            )
        return Response({"as_of": as_of.isoformat(), "structure": structure, "points": points})


api_urlpatterns = [
    path("overview/summary/", SummaryView.as_view(), name="api-overview-summary"),
    path(
        "overview/municipalities/", MunicipalitiesView.as_view(), name="api-overview-municipalities"
    ),
    path(
        "overview/municipalities/<int:year>/<str:code>/",
        MunicipalityView.as_view(),
        name="api-overview-municipality",
    ),
    path("overview/history/", HistoryView.as_view(), name="api-overview-history"),
]
