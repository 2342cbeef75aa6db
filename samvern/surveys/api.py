"""Partner survey over the API: the rounds of a partnership and the results of a closed
round (questions with fewer than five answers suppressed), for the partnership's members."""

from __future__ import annotations

import uuid

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from samvern.accounts.actor import actor_of
from samvern.surveys import access, selectors
from samvern.surveys.models import SurveyRound

TAGS = ["surveys"]
PARTNERSHIP_ID = OpenApiParameter("partnership_id", uuid.UUID, OpenApiParameter.PATH)
ROUND_ID = OpenApiParameter("round_id", uuid.UUID, OpenApiParameter.PATH)


class SurveysRoundSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField()
    year = serializers.IntegerField()
    status = serializers.CharField(help_text="open or closed")
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    questions_version = serializers.CharField()


class SurveysScoreSerializer(serializers.Serializer[object]):
    score = serializers.IntegerField()
    count = serializers.IntegerField()


class SurveysQuestionResultSerializer(serializers.Serializer[object]):
    key = serializers.CharField()
    text = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="Fewer than five answers: no figures.")
    answers = serializers.IntegerField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    distribution = serializers.SerializerMethodField()

    @extend_schema_field(SurveysScoreSerializer(many=True))
    def get_distribution(self, result: selectors.QuestionResult) -> list[dict[str, int]]:
        return [{"score": score, "count": count} for score, count in result.distribution]


class SurveysResultsSerializer(serializers.Serializer[object]):
    round = SurveysRoundSerializer()
    responses = serializers.IntegerField()
    questions = SurveysQuestionResultSerializer(many=True)
    comments = serializers.ListField(child=serializers.CharField())
    comments_suppressed = serializers.BooleanField()


class RoundListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="A partnership's survey rounds",
        parameters=[PARTNERSHIP_ID],
        responses=SurveysRoundSerializer(many=True),
    )
    def get(self, request: Request, partnership_id: uuid.UUID) -> ApiResponse:
        partnership = access.partnership_for(actor_of(request), partnership_id)
        rounds = SurveyRound.objects.filter(partnership=partnership).order_by("-year")
        return ApiResponse(SurveysRoundSerializer(rounds, many=True).data)


class RoundResultsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Results of a closed survey round",
        description="404 while the round is open: no result is shown before it closes.",
        parameters=[PARTNERSHIP_ID, ROUND_ID],
        responses=SurveysResultsSerializer,
    )
    def get(self, request: Request, partnership_id: uuid.UUID, round_id: uuid.UUID) -> ApiResponse:
        actor = actor_of(request)
        partnership = access.partnership_for(actor, partnership_id)
        survey_round = access.access_round(actor, partnership, round_id)
        results = selectors.results(survey_round)
        if results is None:
            raise Http404
        return ApiResponse(SurveysResultsSerializer(results).data)


api_urlpatterns = [
    path("surveys/<uuid:partnership_id>/", RoundListView.as_view(), name="api-surveys-rounds"),
    path(
        "surveys/<uuid:partnership_id>/<uuid:round_id>/results/",
        RoundResultsView.as_view(),
        name="api-surveys-results",
    ),
]
