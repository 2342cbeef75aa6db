"""The victim's voice over the API, under /api/v1/voice/: the same access rules
(samvern.voice.access), services and audit events as the pages, and the case layer's
authentication (a session with a verified second factor, or a case-data token)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from samvern.accounts.actor import actor_of
from samvern.accounts.models import Membership, Organisation
from samvern.api.errors import as_api_error
from samvern.audit.services import audited_atomic
from samvern.cases.access import Need, today
from samvern.cases.api_base import CaseAPIView, _many
from samvern.cases.selectors import current_participant_organisations
from samvern.core import limits
from samvern.voice import selectors, services
from samvern.voice.access import access_case_voice, access_exposed_person
from samvern.voice.models import Advocate, ContactChannel, InformationKind, Wishes, WishSource


class VoiceAPIView(CaseAPIView):
    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoValidationError):
            exc = as_api_error(exc)
        return super().handle_exception(exc)


class VoiceSharingSerializer(serializers.Serializer[object]):
    organisation_id = serializers.UUIDField()
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    kind = serializers.ChoiceField(choices=InformationKind.choices)


class VoiceWishesSerializer(serializers.Serializer[Wishes]):
    id = serializers.UUIDField()
    person_id = serializers.UUIDField()
    version = serializers.IntegerField()
    wants = serializers.CharField()
    contact_channel = serializers.ChoiceField(choices=ContactChannel.choices)
    contact_note = serializers.CharField()
    sharing_note = serializers.CharField()
    sharing = VoiceSharingSerializer(many=True, source="sharing.all")
    source = serializers.ChoiceField(choices=WishSource.choices)  # type: ignore[assignment]
    conference_date = serializers.DateField(allow_null=True)
    recorded_on = serializers.DateField()
    recorded_by = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name")

    def get_recorded_by(self, wishes: Wishes) -> str:
        return wishes.recorded_by.get_full_name() or wishes.recorded_by.username


class VoiceAdvocateSerializer(serializers.Serializer[Advocate]):
    id = serializers.UUIDField()
    person_id = serializers.UUIDField()
    organisation_id = serializers.UUIDField()
    organisation = serializers.CharField(source="organisation.name")
    user_id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)

    def get_name(self, advocate: Advocate) -> str:
        return advocate.user.get_full_name() or advocate.user.username


class VoiceConsentSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField()
    scope = serializers.CharField()
    given_on = serializers.DateField()
    withdrawn = serializers.BooleanField(source="is_withdrawn")


class VoicePersonSerializer(serializers.Serializer[selectors.PersonVoice]):
    person_id = serializers.UUIDField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    wishes = VoiceWishesSerializer(many=True, source="versions", help_text="Newest first.")
    advocates = VoiceAdvocateSerializer(many=True)
    consents = VoiceConsentSerializer(many=True)


class VoiceWishesInputSerializer(serializers.Serializer[dict[str, object]]):
    wants = serializers.CharField(max_length=limits.COMMENT)
    contact_channel = serializers.ChoiceField(choices=ContactChannel.choices)
    contact_note = serializers.CharField(
        max_length=limits.COMMENT, required=False, allow_blank=True, default=""
    )
    sharing_note = serializers.CharField(
        max_length=limits.COMMENT, required=False, allow_blank=True, default=""
    )
    sharing = VoiceSharingSerializer(many=True, required=False, default=list)


class VoiceAdvocateInputSerializer(serializers.Serializer[dict[str, object]]):
    person_id = serializers.UUIDField()
    organisation_id = serializers.UUIDField()
    user_id = serializers.IntegerField()
    started_on = serializers.DateField()


class CaseVoiceAPI(VoiceAPIView):
    @extend_schema(
        responses=VoicePersonSerializer(many=True),
        summary="The wishes, advocates and consents of the case's persons exposed",
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        with audited_atomic():
            page = services.read_voice(actor_of(request), case_id, via="api")
            return Response(_many(VoicePersonSerializer(), page.persons))


class PersonWishesAPI(VoiceAPIView):
    @extend_schema(
        request=VoiceWishesInputSerializer,
        responses={201: VoiceWishesSerializer},
        summary="Record a new version of her wishes",
    )
    def post(self, request: Request, person_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        day = today()
        with audited_atomic():
            access = access_exposed_person(actor, person_id, Need.EDIT)
            payload = VoiceWishesInputSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
            organisations = {
                o.pk: o for o in current_participant_organisations(case=access.case, day=day)
            }
            sharing = []
            for row in data["sharing"]:
                organisation = organisations.get(row["organisation_id"])
                if organisation is None:
                    raise services.VoiceRuleError(
                        {"sharing": _("Only organisations taking part in the case can be named.")}
                    )
                sharing.append((organisation, str(row["kind"])))
            wishes = services.record_wishes(
                actor=actor,
                access=access,
                data=services.WishesData(
                    wants=data["wants"],
                    contact_channel=data["contact_channel"],
                    contact_note=data["contact_note"],
                    sharing_note=data["sharing_note"],
                    sharing=tuple(sharing),
                ),
                today=day,
            )
            return Response(VoiceWishesSerializer(wishes).data, status=201)


class CaseAdvocatesAPI(VoiceAPIView):
    @extend_schema(
        request=VoiceAdvocateInputSerializer,
        responses={201: VoiceAdvocateSerializer},
        summary="Name her advocate (a case worker of a support service taking part)",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        day = today()
        with audited_atomic():
            access = access_case_voice(actor, case_id, Need.EDIT)
            payload = VoiceAdvocateInputSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
            person = selectors.exposed_persons(access.case).filter(pk=data["person_id"]).first()
            membership: Membership | None = next(
                (
                    m
                    for m in selectors.advocate_candidates(
                        list(current_participant_organisations(case=access.case, day=day)),
                        day=day,
                    )
                    if m.user_id == data["user_id"] and m.organisation_id == data["organisation_id"]
                ),
                None,
            )
            if person is None:
                raise services.VoiceRuleError(
                    {"person_id": _("Choose a person exposed to violence in this case.")}
                )
            if membership is None:
                raise services.VoiceRuleError(
                    {
                        "user_id": _(
                            "The advocate must be a case worker of a support service "
                            "taking part in the case."
                        )
                    }
                )
            organisation: Organisation = membership.organisation
            advocate = services.appoint_advocate(
                actor=actor,
                access=access,
                data=services.AdvocateData(
                    person=person,
                    organisation=organisation,
                    user=membership.user,
                    started_on=data["started_on"],
                ),
                today=day,
            )
            return Response(VoiceAdvocateSerializer(advocate).data, status=201)


api_urlpatterns = [
    path("voice/cases/<uuid:case_id>/", CaseVoiceAPI.as_view(), name="api-voice-case"),
    path(
        "voice/cases/<uuid:case_id>/advocates/",
        CaseAdvocatesAPI.as_view(),
        name="api-voice-advocates",
    ),
    path(
        "voice/persons/<uuid:person_id>/wishes/",
        PersonWishesAPI.as_view(),
        name="api-voice-wishes",
    ),
]
