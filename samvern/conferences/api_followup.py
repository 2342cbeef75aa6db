"""Outcome follow-up over the API, under /api/v1/conferences/follow-ups/: the follow-ups
the lead organisation is asked for, and a case's follow-ups (read with the case's
conference grant, recorded by the lead organisation's coordinators). The same rules,
services and audit events as the pages (samvern/conferences/followup.py,
services/followup.py)."""

from __future__ import annotations

import uuid

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from samvern.accounts.actor import actor_of
from samvern.audit.services import audited_atomic
from samvern.cases.access import today
from samvern.conferences import followup
from samvern.conferences.access import access_follow_up
from samvern.conferences.api_base import ServiceAPIView, validated
from samvern.conferences.models import Answer, FollowUp, FollowUpCheckpoint
from samvern.conferences.services import followup as services
from samvern.core import limits


class FollowUpRecordSerializer(serializers.Serializer[FollowUp]):
    new_incident = serializers.ChoiceField(choices=Answer.choices)
    checked_police_records = serializers.BooleanField()
    new_referral = serializers.BooleanField()
    safe_housing = serializers.ChoiceField(choices=Answer.choices)
    in_contact = serializers.ChoiceField(choices=Answer.choices)
    note = serializers.CharField()
    recorded_on = serializers.DateField()
    organisation = serializers.CharField(source="organisation.name")


class FollowUpDueSerializer(serializers.Serializer[followup.Due]):
    case_id = serializers.UUIDField(source="case.pk")
    case_reference = serializers.CharField(source="case.reference")
    checkpoint = serializers.ChoiceField(choices=FollowUpCheckpoint.choices)
    months = serializers.IntegerField()
    first_conference = serializers.DateField()
    due_on = serializers.DateField()
    record = FollowUpRecordSerializer(allow_null=True)


class FollowUpInputSerializer(serializers.Serializer[dict[str, object]]):
    checkpoint = serializers.ChoiceField(choices=FollowUpCheckpoint.choices)
    new_incident = serializers.ChoiceField(choices=Answer.choices)
    checked_police_records = serializers.BooleanField(required=False, default=False)
    new_referral = serializers.BooleanField()
    safe_housing = serializers.ChoiceField(choices=Answer.choices)
    in_contact = serializers.ChoiceField(choices=Answer.choices)
    note = serializers.CharField(
        max_length=limits.COMMENT, required=False, allow_blank=True, default=""
    )


def _many(dues: list[followup.Due]) -> list[object]:
    return [FollowUpDueSerializer(due).data for due in dues]


class FollowUpsDueAPI(ServiceAPIView):
    @extend_schema(
        responses=FollowUpDueSerializer(many=True),
        summary="Follow-ups your organisation is asked for (due, or due within 30 days)",
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        if not services.lead_partnerships(actor):
            raise Http404
        with audited_atomic():
            return Response(_many(services.read_due_list(actor, today=today(), via="api")))


class CaseFollowUpsAPI(ServiceAPIView):
    @extend_schema(
        responses=FollowUpDueSerializer(many=True), summary="A case's two outcome follow-ups"
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with audited_atomic():
            access = access_follow_up(actor, case_id, record=False)
            return Response(_many(services.read_case_follow_ups(actor, access, via="api")))

    @extend_schema(
        request=FollowUpInputSerializer,
        responses={201: FollowUpRecordSerializer},
        summary="Record a follow-up (the case's lead organisation)",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        day = today()
        with audited_atomic():
            access = access_follow_up(actor, case_id, record=True)
            data = validated(FollowUpInputSerializer, request)
            record = services.record_follow_up(
                actor=actor,
                access=access,
                checkpoint=int(str(data["checkpoint"])),
                data=services.FollowUpData(
                    new_incident=str(data["new_incident"]),
                    new_referral=bool(data["new_referral"]),
                    safe_housing=str(data["safe_housing"]),
                    in_contact=str(data["in_contact"]),
                    checked_police_records=bool(data["checked_police_records"]),
                    note=str(data["note"]),
                ),
                today=day,
            )
            return Response(FollowUpRecordSerializer(record).data, status=201)


api_urlpatterns = [
    path(
        "conferences/follow-ups/",
        FollowUpsDueAPI.as_view(),
        name="api-conferences-followups",
    ),
    path(
        "conferences/follow-ups/cases/<uuid:case_id>/",
        CaseFollowUpsAPI.as_view(),
        name="api-conferences-followup-case",
    ),
]
