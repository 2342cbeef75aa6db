"""Referral API under /api/v1/cases/referrals/: "referrals to us", "my referrals", one
referral, accepting and declining. The same access functions, audit events and
case-layer authentication as the rest of the case API (`cases.api.CaseAPIView`); until a
referral is accepted its answers hold the referral's own fields only — no case reference,
no persons, no case content."""

from __future__ import annotations

import uuid
from typing import Literal

from django.db.models import QuerySet
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from samvern.accounts.actor import actor_of
from samvern.api.pagination import BoundedLimitOffsetPagination
from samvern.audit.services import audited_atomic
from samvern.cases import services
from samvern.cases.access import today
from samvern.cases.api_base import CaseAPIView, _many
from samvern.cases.models import CaseParticipant, ReferralFeedback
from samvern.cases.referrals import (
    ReferralAccess,
    ReferralNeed,
    ReferralRow,
    access_referral,
    referral_rows,
)
from samvern.cases.services import CaseRuleError, referral_reads
from samvern.core import limits


class ReferralFeedbackSerializer(serializers.Serializer[ReferralFeedback]):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    on = serializers.DateField()
    by_organisation = serializers.CharField(
        source="by_organisation.name", allow_null=True, default=None
    )
    count = serializers.IntegerField(allow_null=True)
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()


class ReferralFieldsSerializer(serializers.Serializer[CaseParticipant]):
    """The referral's own fields: what the receiving organisation may see before it
    accepts."""

    id = serializers.UUIDField()
    status = serializers.CharField()
    partnership = serializers.CharField(source="case.partnership.name")
    organisation = serializers.CharField(source="organisation.name")
    referring_organisation = serializers.CharField(
        source="referring_organisation.name", allow_null=True, default=None
    )
    referred_by = serializers.SerializerMethodField()
    referred_on = serializers.DateField(allow_null=True)
    respond_by = serializers.DateField(allow_null=True)
    urgency = serializers.CharField()
    reason = serializers.CharField()
    contact_rules = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField()

    def get_referred_by(self, referral: CaseParticipant) -> str:
        user = referral.added_by
        return user.get_full_name() or user.username


class ReferralRowSerializer(serializers.Serializer[ReferralRow]):
    referral = ReferralFieldsSerializer()
    overdue = serializers.BooleanField()
    case_id = serializers.UUIDField(
        allow_null=True, help_text="Only when you may open the case (otherwise null)."
    )
    case_reference = serializers.CharField(
        source="reference", help_text="Only when you may open the case (otherwise empty)."
    )


class MyReferralRowSerializer(ReferralRowSerializer):
    updates = ReferralFeedbackSerializer(many=True, source="feedback")


def _row(actor_access: ReferralAccess, request: Request) -> dict[str, object]:
    rows = referral_rows(actor_of(request), [actor_access.referral], day=today())
    serializer = MyReferralRowSerializer if actor_access.referring else ReferralRowSerializer
    return dict(serializer(rows[0]).data)


def _page(
    view: CaseAPIView,
    request: Request,
    which: Literal["to_us", "mine"],
    serializer: ReferralRowSerializer,
) -> Response:
    """One `?limit=&offset=` page of a referral list; only its referrals are recorded."""
    paginator = BoundedLimitOffsetPagination()
    paginator.check_parameters(request)  # 400 before anything is read

    def take(referrals: QuerySet[CaseParticipant]) -> list[CaseParticipant]:
        return list(paginator.paginate_queryset(referrals, request, view=view) or [])

    with audited_atomic():
        rows = referral_reads.read_referral_slice(actor_of(request), which, take, via="api")
        return paginator.get_paginated_response(_many(serializer, rows))


class ReferralsToUsAPI(CaseAPIView):
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(
        responses=ReferralRowSerializer(many=True),
        summary="Referrals to your organisation awaiting its answer",
        description="Earliest answer deadline first, a page at a time.",
    )
    def get(self, request: Request) -> Response:
        return _page(self, request, "to_us", ReferralRowSerializer())


class MyReferralsAPI(CaseAPIView):
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(
        responses=MyReferralRowSerializer(many=True),
        summary="Your organisation's referrals and what became of them",
        description="Newest referral first, a page at a time.",
    )
    def get(self, request: Request) -> Response:
        return _page(self, request, "mine", MyReferralRowSerializer())


class ReferralAPI(CaseAPIView):
    @extend_schema(
        responses=MyReferralRowSerializer,
        summary="One referral (updates only for the referring organisation)",
    )
    def get(self, request: Request, referral_id: uuid.UUID) -> Response:
        with audited_atomic():
            found = referral_reads.read_referral(actor_of(request), referral_id, via="api")
            return Response(_row(found, request))


class ReferralAcceptAPI(CaseAPIView):
    @extend_schema(
        request=None, responses=ReferralRowSerializer, summary="Accept a referral to you"
    )
    def post(self, request: Request, referral_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with audited_atomic():
            found = access_referral(actor, referral_id, ReferralNeed.ANSWER)
            try:
                services.accept_referral(actor=actor, access=found)
            except CaseRuleError as error:
                return Response({"detail": error.messages}, status=status.HTTP_400_BAD_REQUEST)
            return Response(_row(found, request))


class ReferralDeclineAPI(CaseAPIView):
    @extend_schema(
        request=inline_serializer(
            "CasesReferralDeclineRequest",
            {"reason": serializers.CharField(max_length=limits.COMMENT)},
        ),
        responses=ReferralRowSerializer,
        summary="Decline a referral to you, with a reason",
    )
    def post(self, request: Request, referral_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with audited_atomic():
            found = access_referral(actor, referral_id, ReferralNeed.ANSWER)
            reason = request.data.get("reason", "") if hasattr(request.data, "get") else ""
            try:
                services.decline_referral(actor=actor, access=found, reason=str(reason or ""))
            except CaseRuleError as error:
                return Response({"detail": error.messages}, status=status.HTTP_400_BAD_REQUEST)
            return Response(_row(found, request))


urlpatterns: list[URLPattern] = [
    path("cases/referrals/", ReferralsToUsAPI.as_view(), name="api-cases-referrals-to-us"),
    path("cases/referrals/mine/", MyReferralsAPI.as_view(), name="api-cases-referrals-mine"),
    path("cases/referrals/<uuid:referral_id>/", ReferralAPI.as_view(), name="api-cases-referral"),
    path(
        "cases/referrals/<uuid:referral_id>/accept/",
        ReferralAcceptAPI.as_view(),
        name="api-cases-referral-accept",
    ),
    path(
        "cases/referrals/<uuid:referral_id>/decline/",
        ReferralDeclineAPI.as_view(),
        name="api-cases-referral-decline",
    ),
]
