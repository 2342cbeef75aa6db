"""Checklist API under /api/v1/checklists/: an organisation's own checklists for a case,
and writing its ticks (agencies integrate their own systems). The same access functions,
services and audit events as the pages; the same authentication as the case API (a
signed-in session with a verified second factor; API tokens never open case data).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TypeVar

from django.db import transaction
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnList

from samvern.accounts.actor import actor_of
from samvern.cases.access import Need
from samvern.cases.api_base import CaseAPIView
from samvern.checklists import services
from samvern.checklists.access import access_checklist_case, access_checklist_item
from samvern.checklists.models import Checklist, ChecklistItem, ItemStatus
from samvern.checklists.selectors import ChecklistSummary
from samvern.core import limits
from samvern.core.catalogues import localised

T = TypeVar("T")


def _many(child: serializers.Serializer[T], objects: Iterable[T]) -> ReturnList[object]:
    """`Serializer(objects, many=True).data`, typed."""
    return serializers.ListSerializer[list[T]](list(objects), child=child).data


# --- serializers ---------------------------------------------------------------------------


class ChecklistItemSerializer(serializers.Serializer[ChecklistItem]):
    id = serializers.UUIDField()
    checklist_id = serializers.UUIDField()
    item_key = serializers.CharField(help_text="The item's key in the template file.")
    text = serializers.SerializerMethodField(help_text="The wording in the response's language.")
    texts = serializers.DictField(
        source="text",
        child=serializers.CharField(),
        help_text="The wording in every language of the template version it was made with.",
    )
    help = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=ItemStatus.choices)
    reason = serializers.CharField()
    ticked_by = serializers.SerializerMethodField()
    ticked_at = serializers.DateTimeField(allow_null=True)

    def get_text(self, item: ChecklistItem) -> str:
        return localised(item.text)

    def get_help(self, item: ChecklistItem) -> str:
        return localised(item.help)

    def get_ticked_by(self, item: ChecklistItem) -> str | None:
        user = item.ticked_by
        return None if user is None else (user.get_full_name() or user.username)


class FactsSerializer(serializers.Serializer[dict[str, object]]):
    children = serializers.BooleanField()
    risk_band = serializers.CharField()
    custody_release = serializers.BooleanField()
    shelter_needed = serializers.BooleanField()
    consent_victim_support = serializers.BooleanField()


class ChecklistSerializer(serializers.Serializer[Checklist]):
    id = serializers.UUIDField()
    case_id = serializers.UUIDField()
    template_key = serializers.CharField()
    template_version = serializers.CharField()
    title = serializers.SerializerMethodField()
    facts = FactsSerializer()
    is_current = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    superseded_at = serializers.DateTimeField(allow_null=True)

    def get_title(self, checklist: Checklist) -> str:
        return localised(checklist.title)


class ChecklistDetailSerializer(ChecklistSerializer):
    items = ChecklistItemSerializer(many=True, help_text="In the template's order.")


class ChecklistSummarySerializer(serializers.Serializer[ChecklistSummary]):
    id = serializers.UUIDField(source="checklist.pk")
    template_key = serializers.CharField(source="checklist.template_key")
    template_version = serializers.CharField(source="checklist.template_version")
    is_current = serializers.BooleanField(source="checklist.is_current")
    created_at = serializers.DateTimeField(source="checklist.created_at")
    superseded_at = serializers.DateTimeField(source="checklist.superseded_at", allow_null=True)
    items = serializers.IntegerField()
    done = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    open = serializers.IntegerField()


class CaseChecklistsSerializer(serializers.Serializer[dict[str, object]]):
    case_id = serializers.UUIDField()
    current = ChecklistDetailSerializer(
        allow_null=True, help_text="Your organisation's current checklist; null before one is made."
    )
    checklists = ChecklistSummarySerializer(
        many=True, help_text="Every checklist made, newest first."
    )


class GenerateSerializer(serializers.Serializer[dict[str, object]]):
    custody_release = serializers.BooleanField(default=False)
    shelter_needed = serializers.BooleanField(default=False)
    consent_victim_support = serializers.BooleanField(default=False)


class NotApplicableSerializer(serializers.Serializer[dict[str, object]]):
    reason = serializers.CharField(max_length=limits.COMMENT)


def _detail(checklist: Checklist, items: list[ChecklistItem]) -> dict[str, object]:
    data = dict(ChecklistSerializer(checklist).data)
    data["items"] = _many(ChecklistItemSerializer(), items)
    return data


# --- views -------------------------------------------------------------------------------


class CaseChecklistsAPI(CaseAPIView):
    @extend_schema(
        responses=CaseChecklistsSerializer,
        summary="Your organisation's checklists for a case",
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with transaction.atomic():
            shown = services.read_checklist(actor, case_id, via="api")
            _access, summaries = services.read_history(actor, case_id, via="api")
            current = _detail(shown.checklist, shown.items) if shown.checklist else None
            return Response(
                {
                    "case_id": str(shown.access.case.pk),
                    "current": current,
                    "checklists": _many(ChecklistSummarySerializer(), summaries),
                }
            )

    @extend_schema(
        request=GenerateSerializer,
        responses={201: ChecklistDetailSerializer},
        summary="Make (or make again) your organisation's checklist for a case",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with transaction.atomic():
            access = access_checklist_case(actor, case_id, Need.EDIT)
            body = GenerateSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            facts = services.AskedFacts(
                custody_release=bool(body.validated_data["custody_release"]),
                shelter_needed=bool(body.validated_data["shelter_needed"]),
                consent_victim_support=bool(body.validated_data["consent_victim_support"]),
            )
            checklist = services.generate_checklist(actor=actor, access=access, facts=facts)
            items = list(checklist.items.select_related("ticked_by").order_by("position"))
            return Response(_detail(checklist, items), status=status.HTTP_201_CREATED)


class ChecklistAPI(CaseAPIView):
    @extend_schema(responses=ChecklistDetailSerializer, summary="One checklist with its items")
    def get(self, request: Request, checklist_id: uuid.UUID) -> Response:
        with transaction.atomic():
            access, items = services.read_one_checklist(actor_of(request), checklist_id, via="api")
            return Response(_detail(access.checklist, items))


class TickAPI(CaseAPIView):
    @extend_schema(request=None, responses=ChecklistItemSerializer, summary="Mark an item as done")
    def post(self, request: Request, item_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with transaction.atomic():
            access = access_checklist_item(actor, item_id, Need.EDIT)
            item = services.tick_item(actor=actor, access=access)
            return Response(ChecklistItemSerializer(item).data)


class NotApplicableAPI(CaseAPIView):
    @extend_schema(
        request=NotApplicableSerializer,
        responses=ChecklistItemSerializer,
        summary="Mark an item as not applicable, with the reason",
    )
    def post(self, request: Request, item_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with transaction.atomic():
            access = access_checklist_item(actor, item_id, Need.EDIT)
            body = NotApplicableSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            item = services.mark_not_applicable(
                actor=actor, access=access, reason=str(body.validated_data["reason"])
            )
            return Response(ChecklistItemSerializer(item).data)


class ReopenAPI(CaseAPIView):
    @extend_schema(
        request=None, responses=ChecklistItemSerializer, summary="Open a marked item again"
    )
    def post(self, request: Request, item_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with transaction.atomic():
            access = access_checklist_item(actor, item_id, Need.EDIT)
            item = services.reopen_item(actor=actor, access=access)
            return Response(ChecklistItemSerializer(item).data)


api_urlpatterns = [
    path(
        "checklists/cases/<uuid:case_id>/",
        CaseChecklistsAPI.as_view(),
        name="api-checklists-case",
    ),
    path("checklists/<uuid:checklist_id>/", ChecklistAPI.as_view(), name="api-checklists-detail"),
    path("checklists/items/<uuid:item_id>/tick/", TickAPI.as_view(), name="api-checklists-tick"),
    path(
        "checklists/items/<uuid:item_id>/not-applicable/",
        NotApplicableAPI.as_view(),
        name="api-checklists-not-applicable",
    ),
    path(
        "checklists/items/<uuid:item_id>/reopen/", ReopenAPI.as_view(), name="api-checklists-reopen"
    ),
]
