"""Outreach API under /api/v1/outreach/: the receiving service's queue and its notices,
registering a notice (police) and recording an attempt. The same access functions,
services and audit events as the pages, and the case layer's authentication (a session
with a verified second factor, or a token with the scope "case data" acting for its one
organisation)."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samvern.accounts.actor import actor_of
from samvern.accounts.authentication import CASE_LAYER_AUTHENTICATION, CASE_LAYER_PERMISSIONS
from samvern.accounts.models import Organisation
from samvern.api.pagination import BoundedLimitOffsetPagination
from samvern.audit.services import audited_atomic
from samvern.directory.models import Service
from samvern.outreach import selectors, services
from samvern.outreach.access import (
    Need,
    NoticeAccess,
    access_notice,
    may_register,
    works_with_notices,
)
from samvern.outreach.models import (
    Attempt,
    AttemptResult,
    IncidentType,
    NoticeBasis,
    NoticePerson,
    PersonKind,
    QueueEntry,
)
from samvern.partnerships.models import Partnership


class OutreachAPIView(APIView):
    authentication_classes = CASE_LAYER_AUTHENTICATION
    permission_classes = CASE_LAYER_PERMISSIONS

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, Http404 | NotFound) and self.request.user.is_authenticated:
            services.refused(
                actor_of(self.request),
                route=getattr(self.request.resolver_match, "view_name", type(self).__name__),
                method=self.request.method or "",
                identifiers=self.kwargs,
                via="api",
            )
        return super().handle_exception(exc)


# --- serializers ---------------------------------------------------------------------------


def _one_of(choices: type[models.TextChoices]) -> str:
    return "One of: " + ", ".join(choices.values) + "."


def _check(value: str, choices: type[models.TextChoices]) -> str:
    if value not in choices.values:
        raise serializers.ValidationError(str(services.NOT_A_CHOICE))
    return value


# Choice fields are plain strings naming their values, so that the schema's enum names
# cannot collide with other apps' fields of the same name.
class OutreachPersonSerializer(serializers.Serializer[NoticePerson]):
    id = serializers.UUIDField()
    kind = serializers.CharField(help_text=_one_of(PersonKind))
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    birth_year = serializers.IntegerField(allow_null=True)
    phone = serializers.CharField()
    identity_number = serializers.CharField(source="nin_masked", help_text="Masked.")
    followed_in_open_case = serializers.BooleanField()


class OutreachEntrySerializer(serializers.Serializer[QueueEntry]):
    organisation = serializers.CharField(source="organisation.name")
    deadline = serializers.DateTimeField()
    status = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    case_reference = serializers.CharField(source="case.reference", allow_null=True, default=None)


class OutreachAttemptSerializer(serializers.Serializer[Attempt]):
    id = serializers.UUIDField()
    made_at = serializers.DateTimeField()
    result = serializers.CharField()
    note = serializers.CharField()
    referred_to = serializers.CharField()


class OutreachNoticeSerializer(serializers.Serializer[dict[str, object]]):
    id = serializers.UUIDField(source="notice.pk")
    partnership = serializers.CharField(source="notice.partnership.name")
    police_organisation = serializers.CharField(source="notice.police_organisation.name")
    registered_at = serializers.DateTimeField(source="notice.registered_at")
    occurred_at = serializers.DateTimeField(source="notice.occurred_at")
    incident_type = serializers.CharField(source="notice.incident_type")
    children_present = serializers.BooleanField(source="notice.children_present")
    legal_basis = serializers.CharField(source="notice.legal_basis")
    statutory_basis = serializers.CharField(source="notice.statutory_basis")
    summary = serializers.CharField(source="notice.summary")
    deadline = serializers.DateTimeField(
        source="entry.deadline", allow_null=True, default=None, help_text="Your service's."
    )
    status = serializers.CharField(
        source="entry.status", allow_null=True, default=None, help_text="Your service's."
    )
    persons = OutreachPersonSerializer(many=True)
    attempts = OutreachAttemptSerializer(many=True, help_text="Your service's attempts.")
    entries = OutreachEntrySerializer(
        many=True, help_text="Every receiving service's outcome (for the notifying police)."
    )


class OutreachQueueRowSerializer(serializers.Serializer[selectors.QueueRow]):
    id = serializers.UUIDField(source="notice.pk")
    deadline = serializers.DateTimeField(source="entry.deadline")
    status = serializers.CharField(source="entry.status")
    overdue = serializers.BooleanField()
    incident_type = serializers.CharField(source="notice.incident_type")
    occurred_at = serializers.DateTimeField(source="notice.occurred_at")
    police_organisation = serializers.CharField(source="notice.police_organisation.name")
    unanswered_attempts = serializers.IntegerField(source="unanswered")
    attempts = serializers.IntegerField()
    persons = OutreachPersonSerializer(many=True)


class OutreachPersonInputSerializer(serializers.Serializer[object]):
    kind = serializers.CharField(help_text=_one_of(PersonKind))
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, max_value=2100
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    identity_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )

    def validate_kind(self, value: str) -> str:
        return _check(value, PersonKind)


class OutreachNoticeInputSerializer(serializers.Serializer[object]):
    partnership = serializers.UUIDField()
    occurred_at = serializers.DateTimeField()
    incident_type = serializers.CharField(help_text=_one_of(IncidentType))
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    children_present = serializers.BooleanField(default=False)
    legal_basis = serializers.CharField(help_text=_one_of(NoticeBasis))
    statutory_basis = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    persons = OutreachPersonInputSerializer(many=True)

    def validate_incident_type(self, value: str) -> str:
        return _check(value, IncidentType)

    def validate_legal_basis(self, value: str) -> str:
        return _check(value, NoticeBasis)


class OutreachAttemptInputSerializer(serializers.Serializer[object]):
    result = serializers.CharField(help_text=_one_of(AttemptResult))
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    referred_to_service = serializers.UUIDField(required=False, allow_null=True)
    referred_to_organisation = serializers.UUIDField(required=False, allow_null=True)
    referred_to_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )

    def validate_result(self, value: str) -> str:
        return _check(value, AttemptResult)


def _notice_payload(access: NoticeAccess) -> dict[str, object]:
    holder: dict[str, object] = {
        "notice": access.notice,
        "entry": access.entry,
        "persons": selectors.visible_persons(access),
        "attempts": selectors.attempts_for(access),
        "entries": selectors.entries_for_notifier(access),
    }
    return dict(OutreachNoticeSerializer(holder).data)


# --- views ---------------------------------------------------------------------------------


class OutreachQueueAPI(OutreachAPIView):
    @extend_schema(
        responses=OutreachQueueRowSerializer(many=True),
        summary="Your service's outreach queue",
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        if not works_with_notices(actor):
            raise Http404
        with audited_atomic():
            now = timezone.now()
            tab = request.query_params.get("tab", selectors.QueueTab.OPEN)
            if tab not in selectors.QueueTab.ALL:
                tab = selectors.QueueTab.OPEN
            paginator = BoundedLimitOffsetPagination()
            entries = paginator.paginate_queryset(
                selectors.queue_entries(actor=actor, tab=tab, now=now), request, view=self
            )
            rows = selectors.queue_rows(entries=list(entries or []), now=now)
            services.record_list_read(
                actor=actor,
                action="outreach.queue.viewed",
                notices=[row.notice for row in rows],
                via="api",
                view=tab,
            )
            data = serializers.ListSerializer[list[selectors.QueueRow]](
                rows, child=OutreachQueueRowSerializer()
            ).data
            return paginator.get_paginated_response(data)

    @extend_schema(
        request=OutreachNoticeInputSerializer,
        responses={201: OutreachNoticeSerializer},
        summary="Register an incident notice (police)",
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        if not may_register(actor):
            raise Http404
        incoming = OutreachNoticeInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        partnership = Partnership.objects.filter(pk=data["partnership"]).first()
        if partnership is None:
            raise ValidationError({"partnership": services.UNKNOWN_PARTNERSHIP})
        with audited_atomic():
            notice = services.register_notice(
                actor=actor,
                data=services.NoticeData(
                    partnership=partnership,
                    occurred_at=data["occurred_at"],
                    incident_type=data["incident_type"],
                    summary=data["summary"],
                    children_present=data["children_present"],
                    legal_basis=data["legal_basis"],
                    statutory_basis=data["statutory_basis"],
                    persons=tuple(
                        services.NoticePersonData(
                            kind=person["kind"],
                            first_name=person["first_name"],
                            last_name=person["last_name"],
                            birth_date=person.get("birth_date"),
                            birth_year=person.get("birth_year"),
                            phone=person.get("phone", ""),
                            identity_number=person.get("identity_number", ""),
                        )
                        for person in data["persons"]
                    ),
                ),
                now=timezone.now(),
            )
            access = access_notice(actor, notice.pk)
            return Response(_notice_payload(access), status=201)


class OutreachNoticeAPI(OutreachAPIView):
    @extend_schema(responses=OutreachNoticeSerializer, summary="One incident notice")
    def get(self, request: Request, notice_id: uuid.UUID) -> Response:
        with audited_atomic():
            access = services.read_notice(actor_of(request), notice_id, via="api")
            return Response(_notice_payload(access))


class OutreachAttemptAPI(OutreachAPIView):
    @extend_schema(
        request=OutreachAttemptInputSerializer,
        responses={201: OutreachAttemptSerializer},
        summary="Record a contact attempt (receiving service)",
    )
    def post(self, request: Request, notice_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with audited_atomic():
            access = access_notice(actor, notice_id, Need.CONTACT)
            incoming = OutreachAttemptInputSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            data = dict(incoming.validated_data)
            service = organisation = None
            if data.get("referred_to_service"):
                service = Service.objects.filter(
                    pk=data["referred_to_service"], partnership=access.notice.partnership_id
                ).first()
                if service is None:
                    raise ValidationError({"referred_to_service": services.UNKNOWN_SERVICE})
            if data.get("referred_to_organisation"):
                organisation = Organisation.objects.filter(
                    pk=data["referred_to_organisation"]
                ).first()
                if organisation is None:
                    raise ValidationError(
                        {"referred_to_organisation": services.UNKNOWN_ORGANISATION}
                    )
            attempt = services.record_attempt(
                actor=actor,
                access=access,
                data=services.AttemptData(
                    result=data["result"],
                    note=data["note"],
                    referred_to_service=service,
                    referred_to_organisation=organisation,
                    referred_to_name=data["referred_to_name"],
                ),
                now=timezone.now(),
            )
            return Response(OutreachAttemptSerializer(attempt).data, status=201)


api_urlpatterns = [
    path("outreach/notices/", OutreachQueueAPI.as_view(), name="api-outreach-notices"),
    path(
        "outreach/notices/<uuid:notice_id>/",
        OutreachNoticeAPI.as_view(),
        name="api-outreach-notice",
    ),
    path(
        "outreach/notices/<uuid:notice_id>/attempts/",
        OutreachAttemptAPI.as_view(),
        name="api-outreach-attempts",
    ),
]
