"""Training over the API, under the same rules as the pages: members of the partnership
read the events and the coverage figures; the coordinator's managers register events.
Staff names are not in the API. Anything else is 404.

Routes are collected by samvern/api/urls.py from `api_urlpatterns`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samvern.accounts.actor import Actor, actor_of
from samvern.accounts.models import Organisation
from samvern.api.errors import as_api_error
from samvern.partnerships.access import can_manage
from samvern.partnerships.models import Partnership
from samvern.training import selectors, services
from samvern.training.access import access_event, training_partnership
from samvern.training.catalogue import catalogue
from samvern.training.models import TrainingEvent

TAGS = ["training"]


class TrainingEventSerializer(serializers.ModelSerializer[TrainingEvent]):
    topic = serializers.CharField(source="topic_key", read_only=True)
    topic_title = serializers.CharField(read_only=True)
    organiser = serializers.PrimaryKeyRelatedField[Organisation](read_only=True, allow_null=True)
    participants = serializers.SerializerMethodField()

    class Meta:
        model = TrainingEvent
        fields = [
            "id",
            "topic",
            "topic_title",
            "catalogue_version",
            "title",
            "audience",
            "trainer",
            "held_on",
            "hours",
            "organiser",
            "participants",
        ]

    def get_participants(self, event: TrainingEvent) -> int:
        return getattr(event, "participant_count", 0)


class TrainingEventWriteSerializer(serializers.Serializer[object]):
    topic = serializers.ChoiceField(choices=[t.key for t in catalogue().topics])
    held_on = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    audience = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    trainer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TrainingRoleCoverageSerializer(serializers.Serializer[object]):
    role = serializers.CharField(source="role.name")
    required_topics = serializers.ListField(
        source="role.required_topics", child=serializers.CharField()
    )
    staff = serializers.IntegerField()
    trained = serializers.IntegerField()
    due = serializers.IntegerField()
    trained_share = serializers.FloatField(allow_null=True)
    due_share = serializers.FloatField(allow_null=True)


class TrainingOrganisationCoverageSerializer(serializers.Serializer[object]):
    organisation = serializers.UUIDField(source="organisation.pk")
    organisation_name = serializers.CharField(source="organisation.name")
    staff = serializers.IntegerField()
    trained = serializers.IntegerField()
    due = serializers.IntegerField()
    trained_share = serializers.FloatField(allow_null=True)
    due_share = serializers.FloatField(allow_null=True)
    roles = TrainingRoleCoverageSerializer(many=True)


PARTNERSHIP_ID = OpenApiParameter(
    "partnership_id", str, OpenApiParameter.PATH, description="Partnership id (UUID)."
)
ON_DATE = OpenApiParameter(
    "on",
    dt.date,
    OpenApiParameter.QUERY,
    required=False,
    description="The day the figures are for (YYYY-MM-DD); today without it.",
)


class TrainingCoverageView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Share of staff trained, per organisation and target role",
        description="Trained: has every required course, none past its refresh date. Due: "
        "a required course to refresh within 90 days, or already past it.",
        parameters=[PARTNERSHIP_ID, ON_DATE],
        responses=TrainingOrganisationCoverageSerializer(many=True),
    )
    def get(self, request: Request, partnership_id: uuid.UUID) -> Response:
        partnership = training_partnership(actor_of(request), partnership_id)
        day = timezone.localdate()
        if "on" in request.query_params:
            day = serializers.DateField().to_internal_value(request.query_params["on"])
        figures = selectors.coverage(partnership, day)
        return Response(TrainingOrganisationCoverageSerializer(figures, many=True).data)


class TrainingEventListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Training events of a partnership",
        parameters=[PARTNERSHIP_ID],
        responses=TrainingEventSerializer(many=True),
    )
    def get(self, request: Request, partnership_id: uuid.UUID) -> Response:
        from django.db.models import Count

        partnership = training_partnership(actor_of(request), partnership_id)
        events = selectors.events(partnership).annotate(participant_count=Count("competences"))
        return Response(TrainingEventSerializer(events, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Register a training event",
        parameters=[PARTNERSHIP_ID],
        request=TrainingEventWriteSerializer,
        responses={201: TrainingEventSerializer},
    )
    @transaction.atomic
    def post(self, request: Request, partnership_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        partnership = training_partnership(actor, partnership_id)
        if not can_manage(actor, partnership):
            raise Http404
        body = TrainingEventWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        try:
            event = services.create_event(
                actor=actor, partnership=partnership, topic_key=values.pop("topic"), **values
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        return Response(TrainingEventSerializer(event).data, status=status.HTTP_201_CREATED)


EVENT_ID = OpenApiParameter(
    "event_id", str, OpenApiParameter.PATH, description="Training event id (UUID)."
)


class TrainingEventView(APIView):
    """One event: members read it; the partnership's managers correct or remove it."""

    def _event(
        self, request: Request, partnership_id: uuid.UUID, event_id: uuid.UUID
    ) -> tuple[Actor, Partnership, TrainingEvent]:
        actor = actor_of(request)
        partnership = training_partnership(actor, partnership_id)
        return actor, partnership, access_event(actor, partnership, event_id)

    @extend_schema(
        tags=TAGS,
        summary="A training event",
        parameters=[PARTNERSHIP_ID, EVENT_ID],
        responses=TrainingEventSerializer,
    )
    def get(self, request: Request, partnership_id: uuid.UUID, event_id: uuid.UUID) -> Response:
        _actor, _partnership, event = self._event(request, partnership_id, event_id)
        event.participant_count = event.competences.count()  # type: ignore[attr-defined]
        return Response(TrainingEventSerializer(event).data)

    @extend_schema(
        tags=TAGS,
        summary="Correct a training event (organiser and notes are kept)",
        parameters=[PARTNERSHIP_ID, EVENT_ID],
        request=TrainingEventWriteSerializer,
        responses=TrainingEventSerializer,
    )
    @transaction.atomic
    def put(self, request: Request, partnership_id: uuid.UUID, event_id: uuid.UUID) -> Response:
        actor, partnership, event = self._event(request, partnership_id, event_id)
        if not can_manage(actor, partnership):
            raise Http404
        body = TrainingEventWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        try:
            event = services.update_event(
                actor=actor,
                event=event,
                topic_key=values.pop("topic"),
                organiser=event.organiser,
                notes=event.notes,
                **values,
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        event.participant_count = event.competences.count()  # type: ignore[attr-defined]
        return Response(TrainingEventSerializer(event).data)

    @extend_schema(
        tags=TAGS,
        summary="Remove a training event with the course records it gave",
        parameters=[PARTNERSHIP_ID, EVENT_ID],
        responses={204: None},
    )
    @transaction.atomic
    def delete(self, request: Request, partnership_id: uuid.UUID, event_id: uuid.UUID) -> Response:
        actor, partnership, event = self._event(request, partnership_id, event_id)
        if not can_manage(actor, partnership):
            raise Http404
        services.delete_event(actor=actor, event=event)
        return Response(status=status.HTTP_204_NO_CONTENT)


api_urlpatterns = [
    path(
        "training/<uuid:partnership_id>/coverage/",
        TrainingCoverageView.as_view(),
        name="api-training-coverage",
    ),
    path(
        "training/<uuid:partnership_id>/events/",
        TrainingEventListView.as_view(),
        name="api-training-events",
    ),
    path(
        "training/<uuid:partnership_id>/events/<uuid:event_id>/",
        TrainingEventView.as_view(),
        name="api-training-event",
    ),
]
