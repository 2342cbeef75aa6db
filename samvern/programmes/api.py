"""Programme referrals over the API, under /api/v1/programmes/: the same access rules
(samvern.programmes.access), services and audit events as the pages, and the case layer's
authentication."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from samvern.accounts.actor import actor_of
from samvern.accounts.models import CASE_CONTENT_ROLES
from samvern.api.errors import as_api_error
from samvern.api.pagination import BoundedLimitOffsetPagination
from samvern.audit.services import audited_atomic
from samvern.cases.access import Need, today
from samvern.cases.api_base import CaseAPIView, _many
from samvern.core import limits
from samvern.programmes import selectors, services
from samvern.programmes.access import access_case_programmes, access_referral
from samvern.programmes.models import (
    EndResult,
    IntakeResult,
    ProgrammeReferral,
    ProgrammeSession,
    ProgrammeUpdate,
    UpdateKind,
)


class ProgrammesAPIView(CaseAPIView):
    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoValidationError):
            exc = as_api_error(exc)
        return super().handle_exception(exc)


class ProgrammesSessionSerializer(serializers.Serializer[ProgrammeSession]):
    id = serializers.UUIDField()
    held_on = serializers.DateField()
    attended = serializers.BooleanField()
    note = serializers.CharField()


class ProgrammesUpdateSerializer(serializers.Serializer[ProgrammeUpdate]):
    kind = serializers.ChoiceField(choices=UpdateKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    on = serializers.DateField()
    organisation = serializers.CharField(source="organisation.name")


class ProgrammesReferralSerializer(serializers.Serializer[ProgrammeReferral]):
    id = serializers.UUIDField()
    case_id = serializers.UUIDField()
    case_reference = serializers.CharField(source="case.reference")
    person_id = serializers.UUIDField()
    service_id = serializers.UUIDField(help_text="The programme's entry in the service directory.")
    programme = serializers.CharField(source="programme_name")
    provider = serializers.CharField()
    referred_on = serializers.DateField()
    referring_organisation = serializers.CharField(source="referring_organisation.name")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    intake_result = serializers.ChoiceField(choices=IntakeResult.choices)
    intake_on = serializers.DateField(allow_null=True)
    end_result = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)
    attended = serializers.SerializerMethodField()
    missed = serializers.SerializerMethodField()

    def get_attended(self, referral: ProgrammeReferral) -> int:
        value = getattr(referral, "attended_count", None)
        if value is None:
            value = referral.sessions.filter(attended=True).count()
        return int(value)

    def get_missed(self, referral: ProgrammeReferral) -> int:
        value = getattr(referral, "missed_count", None)
        if value is None:
            value = referral.sessions.filter(attended=False).count()
        return int(value)


class ProgrammesReferralDetailSerializer(ProgrammesReferralSerializer):
    sessions = ProgrammesSessionSerializer(many=True)
    updates = ProgrammesUpdateSerializer(many=True)


class ProgrammesReferInputSerializer(serializers.Serializer[dict[str, object]]):
    person_id = serializers.UUIDField()
    service_id = serializers.UUIDField()
    referred_on = serializers.DateField()
    reason = serializers.CharField(
        max_length=limits.COMMENT, required=False, allow_blank=True, default=""
    )


class ProgrammesIntakeInputSerializer(serializers.Serializer[dict[str, object]]):
    accepted = serializers.BooleanField()
    intake_on = serializers.DateField()
    note = serializers.CharField(
        max_length=limits.COMMENT, required=False, allow_blank=True, default=""
    )


class ProgrammesSessionInputSerializer(serializers.Serializer[dict[str, object]]):
    held_on = serializers.DateField()
    attended = serializers.BooleanField()
    note = serializers.CharField(
        max_length=limits.COMMENT, required=False, allow_blank=True, default=""
    )


class ProgrammesEndInputSerializer(serializers.Serializer[dict[str, object]]):
    result = serializers.ChoiceField(choices=EndResult.choices)
    ended_on = serializers.DateField()
    note = serializers.CharField(
        max_length=limits.COMMENT, required=False, allow_blank=True, default=""
    )


def _valid(
    serializer_class: type[serializers.Serializer[dict[str, object]]], request: Request
) -> dict[str, object]:
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    data = payload.validated_data
    assert isinstance(data, dict)
    return data


def _detail(referral_id: uuid.UUID, request: Request) -> dict[str, object]:
    page = services.read_referral(actor_of(request), referral_id, via="api")
    referral = page.access.referral
    data = dict(ProgrammesReferralSerializer(referral).data)
    data["sessions"] = _many(ProgrammesSessionSerializer(), page.sessions)
    data["updates"] = _many(ProgrammesUpdateSerializer(), page.updates)
    return data


class ProgrammeListAPI(ProgrammesAPIView):
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(
        responses=ProgrammesReferralSerializer(many=True),
        summary="Referrals your organisation made or whose programme it runs",
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        if not actor.case_roles & CASE_CONTENT_ROLES:
            raise Http404
        paginator = BoundedLimitOffsetPagination()
        paginator.check_parameters(request)  # 400 before anything is read

        def take(referrals: QuerySet[ProgrammeReferral]) -> list[ProgrammeReferral]:
            return list(paginator.paginate_queryset(referrals, request, view=self) or [])

        with audited_atomic():
            rows = services.read_organisation_referrals(actor, day=today(), take=take, via="api")
            return paginator.get_paginated_response(
                _many(ProgrammesReferralSerializer(), [row.referral for row in rows])
            )


class CaseProgrammesAPI(ProgrammesAPIView):
    @extend_schema(
        responses=ProgrammesReferralSerializer(many=True), summary="The case's programme referrals"
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        with audited_atomic():
            _access, referrals = services.read_case_referrals(actor_of(request), case_id, via="api")
            return Response(_many(ProgrammesReferralSerializer(), referrals))

    @extend_schema(
        request=ProgrammesReferInputSerializer,
        responses={201: ProgrammesReferralSerializer},
        summary="Refer the case's person using violence to a programme",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with audited_atomic():
            access = access_case_programmes(actor, case_id, Need.EDIT)
            data = _valid(ProgrammesReferInputSerializer, request)
            person = (
                selectors.persons_using_violence(access.case)
                .filter(pk=str(data["person_id"]))
                .first()
            )
            service = (
                selectors.programme_services(access.case).filter(pk=str(data["service_id"])).first()
            )
            if person is None:
                raise services.ProgrammeRuleError(
                    {"person_id": _("Choose a person using violence in this case.")}
                )
            if service is None:
                raise services.ProgrammeRuleError(
                    {
                        "service_id": _(
                            "Choose a programme from the partnership's service directory."
                        )
                    }
                )
            referral = services.refer(
                actor=actor,
                access=access,
                data=services.ReferralData(
                    person=person,
                    service=service,
                    referred_on=data["referred_on"],  # type: ignore[arg-type]
                    reason=str(data["reason"]),
                ),
                today=today(),
            )
            return Response(ProgrammesReferralSerializer(referral).data, status=201)


class ReferralAPI(ProgrammesAPIView):
    @extend_schema(
        responses=ProgrammesReferralDetailSerializer,
        summary="One referral with its sessions and what was reported back",
    )
    def get(self, request: Request, referral_id: uuid.UUID) -> Response:
        with audited_atomic():
            return Response(_detail(referral_id, request))


class IntakeAPI(ProgrammesAPIView):
    @extend_schema(
        request=ProgrammesIntakeInputSerializer,
        responses=ProgrammesReferralDetailSerializer,
        summary="Record the intake",
    )
    def post(self, request: Request, referral_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with audited_atomic():
            access = access_referral(actor, referral_id, Need.EDIT)
            data = _valid(ProgrammesIntakeInputSerializer, request)
            services.record_intake(
                actor=actor,
                access=access,
                accepted=bool(data["accepted"]),
                intake_on=data["intake_on"],  # type: ignore[arg-type]
                note=str(data["note"]),
                today=today(),
            )
            return Response(_detail(referral_id, request))


class SessionAPI(ProgrammesAPIView):
    @extend_schema(
        request=ProgrammesSessionInputSerializer,
        responses={201: ProgrammesReferralDetailSerializer},
        summary="Record a session attended or missed",
    )
    def post(self, request: Request, referral_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with audited_atomic():
            access = access_referral(actor, referral_id, Need.EDIT)
            data = _valid(ProgrammesSessionInputSerializer, request)
            services.record_session(
                actor=actor,
                access=access,
                held_on=data["held_on"],  # type: ignore[arg-type]
                attended=bool(data["attended"]),
                note=str(data["note"]),
                today=today(),
            )
            return Response(_detail(referral_id, request), status=201)


class EndAPI(ProgrammesAPIView):
    @extend_schema(
        request=ProgrammesEndInputSerializer,
        responses=ProgrammesReferralDetailSerializer,
        summary="Record completion or drop-out",
    )
    def post(self, request: Request, referral_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with audited_atomic():
            access = access_referral(actor, referral_id, Need.EDIT)
            data = _valid(ProgrammesEndInputSerializer, request)
            services.record_end(
                actor=actor,
                access=access,
                result=str(data["result"]),
                ended_on=data["ended_on"],  # type: ignore[arg-type]
                note=str(data["note"]),
                today=today(),
            )
            return Response(_detail(referral_id, request))


api_urlpatterns = [
    path("programmes/", ProgrammeListAPI.as_view(), name="api-programmes-list"),
    path(
        "programmes/cases/<uuid:case_id>/",
        CaseProgrammesAPI.as_view(),
        name="api-programmes-case",
    ),
    path("programmes/<uuid:referral_id>/", ReferralAPI.as_view(), name="api-programmes-referral"),
    path(
        "programmes/<uuid:referral_id>/intake/",
        IntakeAPI.as_view(),
        name="api-programmes-intake",
    ),
    path(
        "programmes/<uuid:referral_id>/sessions/",
        SessionAPI.as_view(),
        name="api-programmes-sessions",
    ),
    path("programmes/<uuid:referral_id>/end/", EndAPI.as_view(), name="api-programmes-end"),
]
