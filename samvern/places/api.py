"""Public, read-only API for counties and municipalities (both structure years).

Routes are collected by samvern/api/urls.py from `api_urlpatterns`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from samvern.api.public import PublicListAPIView, PublicRetrieveAPIView
from samvern.places.models import CURRENT_STRUCTURE, County, Municipality, StructureYear, Succession
from samvern.places.selectors import county_list, municipality_list, with_succession

TAGS = ["places"]


class YearQuerySerializer(serializers.Serializer):
    """Query parameters of the county list."""

    year = serializers.ChoiceField(
        choices=StructureYear.choices,
        default=CURRENT_STRUCTURE.value,
        help_text="Municipality structure: 2019 (422 municipalities) or 2024 (357).",
    )


class MunicipalityQuerySerializer(YearQuerySerializer):
    """Query parameters of the municipality list."""

    county = serializers.RegexField(
        r"^\d{2}$",
        required=False,
        help_text="Two-digit county number of that structure, e.g. 46 (Vestland, 2024).",
        error_messages={"invalid": _("A county number has exactly two digits.")},
    )


class CountySerializer(serializers.ModelSerializer):
    municipality_count = serializers.IntegerField(
        read_only=True, help_text="Number of municipalities in the county."
    )
    population = serializers.IntegerField(
        read_only=True, help_text="Sum of the municipalities' population."
    )

    class Meta:
        model = County
        fields = ["year", "code", "name", "municipality_count", "population"]
        extra_kwargs = {
            "year": {"help_text": "Structure year: 2019 or 2024."},
            "code": {"help_text": "Two-digit county number in that structure."},
            "name": {"help_text": "Name of the county."},
        }


class CountyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["code", "name"]
        extra_kwargs = {
            "code": {"help_text": "Two-digit county number."},
            "name": {"help_text": "Name of the county."},
        }


class SuccessorSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="new.code", help_text="2024 municipality number.")
    name = serializers.CharField(source="new.name", help_text="Its name.")
    share = serializers.DecimalField(
        max_digits=7,
        decimal_places=6,
        coerce_to_string=False,
        help_text="Part of the 2019 municipality that went here (1 unless it was split).",
    )

    class Meta:
        model = Succession
        fields = ["code", "name", "share"]


class PredecessorSerializer(SuccessorSerializer):
    code = serializers.CharField(source="old.code", help_text="2019 municipality number.")
    name = serializers.CharField(source="old.name", help_text="Its name.")


class MunicipalitySerializer(serializers.ModelSerializer):
    county = CountyRefSerializer(help_text="The county it belongs to in the same structure.")
    area_km2 = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text="Area in square kilometres (2024 structure); null when not known.",
    )
    successors = SuccessorSerializer(
        source="successions_forward",
        many=True,
        help_text="For 2019 municipalities: what they became in 2024. Empty for 2024.",
    )
    predecessors = PredecessorSerializer(
        source="successions_backward",
        many=True,
        help_text="For 2024 municipalities: the 2019 municipalities they came from.",
    )

    class Meta:
        model = Municipality
        fields = [
            "year",
            "code",
            "name",
            "official_name",
            "county",
            "population",
            "population_date",
            "administrative_centre",
            "area_km2",
            "written_standard",
            "successors",
            "predecessors",
        ]
        extra_kwargs = {
            "year": {"help_text": "Structure year: 2019 or 2024."},
            "code": {"help_text": "Four-digit municipality number in that structure."},
            "name": {"help_text": "Name of the municipality (may be its Sámi or Kven form)."},
            "official_name": {"help_text": "Official name, where it differs; may be empty."},
            "population": {"help_text": "Registered population on population_date."},
            "population_date": {"help_text": "Date of the population figure (1 January)."},
            "administrative_centre": {
                "help_text": "Administrative centre (2024 structure); may be empty."
            },
            "written_standard": {
                "help_text": "Official written standard: bokmål, nynorsk or neutral; may be empty."
            },
        }


def _query(request: Any, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    """Validated query parameters; bad ones become a 400 that names the parameter."""
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


YEAR_PATH = OpenApiParameter(
    "year",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    enum=StructureYear.values,
    description="Structure year.",
)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List counties",
        description=(
            "Counties of one municipality structure (2019: 18, 2024: 15), with the number "
            "of municipalities and their population."
        ),
        parameters=[YearQuerySerializer],
    )
)
class CountyList(PublicListAPIView):
    serializer_class = CountySerializer

    def get_queryset(self) -> QuerySet[County]:
        query = _query(self.request, YearQuerySerializer)
        return county_list(year=query["year"]).annotate(
            municipality_count=Count("municipalities"),
            population=Sum("municipalities__population"),
        )


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="One county",
        parameters=[
            YEAR_PATH,
            OpenApiParameter(
                "code", str, OpenApiParameter.PATH, description="Two-digit county number."
            ),
        ],
    )
)
class CountyDetail(PublicRetrieveAPIView):
    serializer_class = CountySerializer

    def get_object(self) -> County:
        county = (
            county_list(year=self.kwargs["year"])
            .filter(code=self.kwargs["code"])
            .annotate(
                municipality_count=Count("municipalities"),
                population=Sum("municipalities__population"),
            )
            .first()
        )
        if county is None:
            raise Http404
        return county


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List municipalities",
        description=(
            "Municipalities of one structure (default 2024), optionally of one county, "
            "ordered by number. 2019 rows list their 2024 successors with the share of the "
            "old municipality each received; 2024 rows list their 2019 predecessors."
        ),
        parameters=[MunicipalityQuerySerializer],
    )
)
class MunicipalityList(PublicListAPIView):
    serializer_class = MunicipalitySerializer

    def get_queryset(self) -> QuerySet[Municipality]:
        query = _query(self.request, MunicipalityQuerySerializer)
        county = query.get("county")
        if county and not county_list(year=query["year"]).filter(code=county).exists():
            raise serializers.ValidationError(
                {
                    "county": [
                        _("There is no county number %(code)s in the %(year)s structure.")
                        % {"code": county, "year": query["year"]}
                    ]
                }
            )
        return with_succession(
            municipality_list(year=query["year"], county_code=county), year=query["year"]
        )


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="One municipality",
        parameters=[
            YEAR_PATH,
            OpenApiParameter(
                "code", str, OpenApiParameter.PATH, description="Four-digit municipality number."
            ),
        ],
    )
)
class MunicipalityDetail(PublicRetrieveAPIView):
    serializer_class = MunicipalitySerializer

    def get_object(self) -> Municipality:
        municipality = (
            with_succession(municipality_list(year=self.kwargs["year"]), year=self.kwargs["year"])
            .filter(code=self.kwargs["code"])
            .first()
        )
        if municipality is None:
            raise Http404
        return municipality


api_urlpatterns = [
    path("counties/", CountyList.as_view(), name="api-county-list"),
    path("counties/<int:year>/<str:code>/", CountyDetail.as_view(), name="api-county-detail"),
    path("municipalities/", MunicipalityList.as_view(), name="api-municipality-list"),
    path(
        "municipalities/<int:year>/<str:code>/",
        MunicipalityDetail.as_view(),
        name="api-municipality-detail",
    ),
]
