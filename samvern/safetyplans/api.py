"""Safety-plan API under /api/v1/safety-plans/: a person's current plan, its versions, one
version, and a new version. The same access (`samvern.safetyplans.access`), services and
audit events as the pages; only a session with a verified second factor opens it (the case
layer's `CaseAPIView`, which also records a refused request). The content has the shape of
`samvern.safetyplans.content` (its JSON Schema), described here for the OpenAPI schema.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import cast

from django.db import transaction
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from samvern.accounts.actor import actor_of
from samvern.cases.access import Need
from samvern.cases.api_base import CaseAPIView
from samvern.safetyplans import services
from samvern.safetyplans.access import PlanAccess, access_plan
from samvern.safetyplans.content import (
    LINE_LIMIT,
    MAX_ROWS,
    SECTIONS,
    TEXT_LIMIT,
    ContentError,
    FieldSpec,
    JSONValue,
    from_json,
    to_json,
)
from samvern.safetyplans.models import SafetyPlanVersion

# --- the content, described for the schema and checked on the way in ------------------------


class SafetyPlanOrganisationSerializer(serializers.Serializer[dict[str, str]]):
    id = serializers.CharField(max_length=64, help_text="The organisation's id.")
    name = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        help_text="Its name when the version was written (ignored on the way in).",
    )


def _api_field(
    spec: FieldSpec, *, in_row: bool
) -> serializers.Field[object, object, object, object]:
    text = str(spec.label)
    if spec.kind in ("text", "line"):
        required = in_row and spec.name in ("label", "number", "action")
        return cast(
            serializers.Field[object, object, object, object],
            serializers.CharField(
                max_length=TEXT_LIMIT if spec.kind == "text" else LINE_LIMIT,
                required=required,
                allow_blank=not required,
                default=serializers.empty if required else "",
                help_text=text,
            ),
        )
    if spec.kind == "choice":
        assert spec.choices is not None
        return cast(
            serializers.Field[object, object, object, object],
            serializers.ChoiceField(
                choices=list(spec.choices.values), required=in_row, help_text=text
            ),
        )
    if spec.kind == "date":
        return cast(
            serializers.Field[object, object, object, object],
            serializers.DateField(required=False, allow_null=True, default=None, help_text=text),
        )
    return cast(
        serializers.Field[object, object, object, object],
        SafetyPlanOrganisationSerializer(required=in_row, allow_null=not in_row, help_text=text),
    )


def _serializer(
    name: str, fields: dict[str, object]
) -> type[serializers.Serializer[dict[str, object]]]:
    return cast(
        type[serializers.Serializer[dict[str, object]]],
        type(name, (serializers.Serializer,), fields),
    )


def _content_serializer() -> type[serializers.Serializer[dict[str, object]]]:
    sections: dict[str, object] = {}
    for section in SECTIONS:
        title = section.key.title()
        fields: dict[str, object] = {f.name: _api_field(f, in_row=False) for f in section.fields}
        for row_spec in section.lists:
            row = _serializer(
                f"SafetyPlan{title}{row_spec.name.title().replace('_', '')}Serializer",
                {c.name: _api_field(c, in_row=True) for c in row_spec.columns},
            )
            fields[row_spec.name] = serializers.ListField(
                child=row(), required=False, max_length=MAX_ROWS
            )
        sections[section.key] = _serializer(f"SafetyPlan{title}Serializer", fields)(required=False)
    return _serializer("SafetyPlanContentSerializer", sections)


ContentSerializer = _content_serializer()


class SafetyPlanVersionSummarySerializer(serializers.Serializer[SafetyPlanVersion]):
    number = serializers.IntegerField()
    made_on = serializers.DateField()
    created_at = serializers.DateTimeField()
    organisation = serializers.CharField(source="organisation.name")
    written_by = serializers.SerializerMethodField()
    note = serializers.CharField()

    def get_written_by(self, version: SafetyPlanVersion) -> str:
        user = version.created_by
        return user.get_full_name() or user.get_username()


class SafetyPlanVersionSerializer(SafetyPlanVersionSummarySerializer):
    content = ContentSerializer()


class SafetyPlanSerializer(serializers.Serializer[PlanAccess]):
    person_id = serializers.UUIDField()
    person_name = serializers.CharField()
    person_role = serializers.CharField()
    case_id = serializers.UUIDField()
    case_reference = serializers.CharField()
    current_version = SafetyPlanVersionSerializer(allow_null=True)


class SafetyPlanNewVersionSerializer(serializers.Serializer[dict[str, object]]):
    content = ContentSerializer()
    note = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="What changed and why; required from the second version on.",
    )
    based_on = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "The version you started from (0 for a new plan); refused if another was saved since."
        ),
    )


def _jsonable(value: object) -> JSONValue:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | bool | float):
        return value
    return str(value)


def _version_data(version: SafetyPlanVersion) -> dict[str, object]:
    return {
        **SafetyPlanVersionSummarySerializer(version).data,
        "content": to_json(version.plan_content),
    }


def _plan_data(access: PlanAccess, version: SafetyPlanVersion | None) -> dict[str, object]:
    return {
        "person_id": str(access.person.pk),
        "person_name": access.person.full_name,
        "person_role": access.person.role,
        "case_id": str(access.case.pk),
        "case_reference": access.case.reference,
        "current_version": _version_data(version) if version else None,
    }


# --- views ---------------------------------------------------------------------------------


class PlanAPI(CaseAPIView):
    @extend_schema(
        responses=SafetyPlanSerializer,
        summary="A person's safety plan (current version)",
        tags=["safety plans"],
    )
    def get(self, request: Request, person_id: uuid.UUID) -> Response:
        with transaction.atomic():
            access, version = services.read_plan(actor_of(request), person_id, via="api")
            return Response(_plan_data(access, version))

    @extend_schema(
        request=SafetyPlanNewVersionSerializer,
        responses={201: SafetyPlanVersionSerializer},
        summary="Save a new version of a person's safety plan",
        tags=["safety plans"],
    )
    def post(self, request: Request, person_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        with transaction.atomic():
            access = access_plan(actor, person_id, Need.EDIT)
            given = SafetyPlanNewVersionSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            data = given.validated_data
            try:
                content = from_json(_jsonable(data["content"]))
            except ContentError as error:
                raise serializers.ValidationError({"content": error.messages}) from None
            version = services.save_version(
                actor=actor,
                access=access,
                data=services.VersionData(
                    content=content, note=str(data.get("note") or ""), based_on=data.get("based_on")
                ),
            )
            return Response(_version_data(version), status=status.HTTP_201_CREATED)


class VersionListAPI(CaseAPIView):
    @extend_schema(
        responses=SafetyPlanVersionSummarySerializer(many=True),
        summary="The versions of a person's safety plan, newest first",
        tags=["safety plans"],
    )
    def get(self, request: Request, person_id: uuid.UUID) -> Response:
        with transaction.atomic():
            _access, found = services.read_versions(actor_of(request), person_id, via="api")
            return Response([SafetyPlanVersionSummarySerializer(v).data for v in found])


class VersionAPI(CaseAPIView):
    @extend_schema(
        responses=SafetyPlanVersionSerializer,
        summary="One version of a person's safety plan",
        tags=["safety plans"],
    )
    def get(self, request: Request, person_id: uuid.UUID, number: int) -> Response:
        with transaction.atomic():
            _access, version = services.read_version(
                actor_of(request), person_id, number, via="api"
            )
            return Response(_version_data(version))


api_urlpatterns = [
    path("safety-plans/persons/<uuid:person_id>/", PlanAPI.as_view(), name="api-safetyplans-plan"),
    path(
        "safety-plans/persons/<uuid:person_id>/versions/",
        VersionListAPI.as_view(),
        name="api-safetyplans-versions",
    ),
    path(
        "safety-plans/persons/<uuid:person_id>/versions/<int:number>/",
        VersionAPI.as_view(),
        name="api-safetyplans-version",
    ),
]
