"""The person exposed's voice at one agenda case over the API: her wishes and advocate
with the advocate's attendance, and whether her wishes were heard (read with the meeting's
case information; written by those who write the minutes). The same rules, services and
audit events as the page (services/voice.py)."""

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
from samvern.conferences.access import ItemNeed, access_agenda_item
from samvern.conferences.api_base import ServiceAPIView, validated
from samvern.conferences.services import meeting
from samvern.conferences.services import voice as services
from samvern.core import limits
from samvern.voice.api import VoicePersonSerializer


class ConferenceAdvocatePresenceSerializer(serializers.Serializer[services.AdvocatePresence]):
    advocate_id = serializers.UUIDField(source="advocate.pk")
    person_id = serializers.UUIDField(source="advocate.person_id")
    name = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="advocate.organisation.name")
    on_list = serializers.BooleanField(help_text="The advocate herself is on the list.")
    status = serializers.CharField(
        help_text="Her attendance, or her organisation's best; empty when neither is listed."
    )
    present = serializers.BooleanField()

    def get_name(self, presence: services.AdvocatePresence) -> str:
        user = presence.advocate.user
        return user.get_full_name() or user.username


class ConferenceWishesHeardSerializer(serializers.Serializer[object]):
    heard = serializers.BooleanField()
    note = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")


class ConferenceVoiceSerializer(serializers.Serializer[services.VoiceAtMeeting]):
    persons = VoicePersonSerializer(many=True)
    advocates = ConferenceAdvocatePresenceSerializer(many=True)
    wishes_heard = ConferenceWishesHeardSerializer(source="heard", allow_null=True)


class ConferenceWishesHeardInputSerializer(serializers.Serializer[dict[str, object]]):
    heard = serializers.BooleanField()
    note = serializers.CharField(
        max_length=limits.COMMENT, required=False, allow_blank=True, default=""
    )


class ItemVoiceAPI(ServiceAPIView):
    @extend_schema(
        responses=ConferenceVoiceSerializer,
        summary="Her wishes, her advocate's attendance and whether her wishes were heard",
    )
    def get(self, request: Request, item_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with audited_atomic():
            access = access_agenda_item(actor, item_id, ItemNeed.MEETING)
            voice = services.read_voice_at_meeting(actor, access, via="api")
            if voice is None:
                raise Http404
            return Response(ConferenceVoiceSerializer(voice).data)

    @extend_schema(
        request=ConferenceWishesHeardInputSerializer,
        responses=ConferenceWishesHeardSerializer,
        summary="Record whether her wishes were heard",
    )
    def put(self, request: Request, item_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with audited_atomic():
            access = access_agenda_item(actor, item_id, ItemNeed.MEETING)
            if not meeting.may_write_minutes(access):
                raise Http404
            data = validated(ConferenceWishesHeardInputSerializer, request)
            row = services.save_wishes_heard(
                actor=actor, access=access, heard=bool(data["heard"]), note=str(data["note"])
            )
            return Response(ConferenceWishesHeardSerializer(row).data)


api_urlpatterns = [
    path(
        "conferences/items/<uuid:item_id>/voice/",
        ItemVoiceAPI.as_view(),
        name="api-conferences-item-voice",
    ),
]
