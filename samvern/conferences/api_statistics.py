"""Partnership statistics over the API: the same figures, rule and audit as the page.

A suppressed count, share or median is `null` with `"suppressed": true`; nothing tells a
count under 5 apart from one suppressed to protect it. No personal data, no case
reference. Open to a session or an API token (a token of someone with a case role only
when it was issued with the second factor, as everywhere).
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from django.db import transaction
from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samvern.accounts.actor import actor_of
from samvern.audit.services import audit_log
from samvern.cases.access import today
from samvern.conferences.statistics import (
    SUPPRESSION_NOTE,
    Period,
    Row,
    Statistics,
    Table,
    access_statistics,
    compute_statistics,
    statistics_partnerships,
)


class StatisticsCellSerializer(serializers.Serializer[dict[str, object]]):
    column = serializers.CharField(help_text="The column's key.")
    value = serializers.FloatField(allow_null=True, help_text="The count; null when suppressed.")
    suppressed = serializers.BooleanField()


class StatisticsRowSerializer(serializers.Serializer[dict[str, object]]):
    key = serializers.CharField(
        help_text="The row's key: a referral source, an outcome, an organisation's id, …"
    )
    label = serializers.CharField()  # type: ignore[assignment]
    cells = StatisticsCellSerializer(many=True)


class StatisticsColumnSerializer(serializers.Serializer[dict[str, object]]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class StatisticsMeasureSerializer(serializers.Serializer[dict[str, object]]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.FloatField(allow_null=True, help_text="Null when suppressed.")
    unit = serializers.ChoiceField(choices=["percent", "days"])
    suppressed = serializers.BooleanField()


class StatisticsTableSerializer(serializers.Serializer[dict[str, object]]):
    key = serializers.CharField()
    caption = serializers.CharField()
    definition = serializers.CharField(help_text="What exactly is counted.")
    row_heading = serializers.CharField()
    columns = StatisticsColumnSerializer(many=True)
    rows = StatisticsRowSerializer(many=True)
    total = StatisticsRowSerializer(allow_null=True)
    measures = StatisticsMeasureSerializer(many=True)


class StatisticsPartnershipRefSerializer(serializers.Serializer[dict[str, object]]):
    id = serializers.UUIDField()
    name = serializers.CharField()


class StatisticsPeriodSerializer(serializers.Serializer[dict[str, object]]):
    key = serializers.CharField(help_text='"2026-Q3" for a quarter, "2026" for a year.')
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(allow_null=True)
    start = serializers.DateField(help_text="The first day of the period.")
    end = serializers.DateField(help_text="The last day of the period.")


class StatisticsSerializer(serializers.Serializer[dict[str, object]]):
    partnership = StatisticsPartnershipRefSerializer()
    period = StatisticsPeriodSerializer()
    as_of = serializers.DateField(help_text="The day the figures were made.")
    suppression = serializers.CharField(help_text="The small-number rule, in words.")
    tables = StatisticsTableSerializer(many=True)


class CellData(TypedDict):
    column: str
    value: int | None
    suppressed: bool


def _row(table: Table, row: Row) -> dict[str, object]:
    cells: list[CellData] = [
        {"column": column.key, "value": value, "suppressed": value is None}
        for column, value in zip(table.columns, row.cells, strict=True)
    ]
    return {"key": row.key, "label": str(row.label), "cells": cells}


def statistics_payload(figures: Statistics) -> dict[str, object]:
    period = figures.period
    return {
        "partnership": {"id": figures.partnership.pk, "name": figures.partnership.name},
        "period": {
            "key": period.key,
            "year": period.year,
            "quarter": period.quarter,
            "start": period.start,
            "end": period.last_day,
        },
        "as_of": figures.as_of,
        "suppression": str(SUPPRESSION_NOTE),
        "tables": [
            {
                "key": table.key,
                "caption": str(table.caption),
                "definition": str(table.definition),
                "row_heading": str(table.row_heading),
                "columns": [{"key": c.key, "label": str(c.label)} for c in table.columns],
                "rows": [_row(table, row) for row in table.rows],
                "total": _row(table, table.total) if table.total else None,
                "measures": [
                    {
                        "key": m.key,
                        "label": str(m.label),
                        "value": m.value,
                        "unit": m.unit,
                        "suppressed": m.value is None,
                    }
                    for m in table.measures
                ],
            }
            for table in figures.tables
        ],
    }


def _period(request: Request, day: dt.date) -> Period:
    """The period asked for; a missing or invalid one is a 400."""
    errors: dict[str, str] = {}
    year_text = request.query_params.get("year", "")
    quarter_text = request.query_params.get("quarter", "")
    year = int(year_text) if year_text.isdigit() else None
    if year is None or not 2000 <= year <= day.year:
        errors["year"] = f"A year from 2000 to {day.year}."
    quarter = int(quarter_text) if quarter_text.isdigit() else None
    if quarter_text and (quarter is None or not 1 <= quarter <= 4):
        errors["quarter"] = "A quarter from 1 to 4, or none for the whole year."
    if errors or year is None:
        raise serializers.ValidationError(errors)
    return Period(year, quarter)


class StatisticsAPI(APIView):
    @extend_schema(
        summary="A partnership's statistics for a quarter or a year",
        parameters=[
            OpenApiParameter("partnership", OpenApiTypes.UUID, required=True),
            OpenApiParameter("year", OpenApiTypes.INT, required=True),
            OpenApiParameter(
                "quarter", OpenApiTypes.INT, description="1–4; leave out for the whole year."
            ),
        ],
        responses=StatisticsSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        day = today()
        with transaction.atomic():
            partnership_id = request.query_params.get("partnership")
            if not partnership_id:
                raise serializers.ValidationError({"partnership": "The partnership's id."})
            partnership = access_statistics(actor, partnership_id, day)
            period = _period(request, day)
            figures = compute_statistics(partnership, period, today=day)
            audit_log(
                actor=actor,
                action="conference.statistics.viewed",
                target=partnership,
                organisation=actor.organisation,
                detail={"period": period.key, "via": "api"},
            )
            payload = StatisticsSerializer(statistics_payload(figures)).data
        return Response(payload)


class StatisticsPartnershipsAPI(APIView):
    @extend_schema(
        summary="Partnerships whose statistics you may see",
        responses=StatisticsPartnershipRefSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        partnerships = statistics_partnerships(actor_of(request), today())
        return Response(
            [
                StatisticsPartnershipRefSerializer({"id": p.pk, "name": p.name}).data
                for p in partnerships
            ]
        )


api_urlpatterns: list[URLPattern] = [
    path("conferences/statistics/", StatisticsAPI.as_view(), name="api-conferences-statistics"),
    path(
        "conferences/statistics/partnerships/",
        StatisticsPartnershipsAPI.as_view(),
        name="api-conferences-statistics-partnerships",
    ),
]
