"""The service directory over the API, under the same rules as the pages: members of the
partnership read; the coordinator's managers write every entry, a member organisation's
administrator the entries of its own services. Anything else is 404.

Routes are collected by samvern/api/urls.py from `api_urlpatterns`.
"""

from __future__ import annotations

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

from samvern.accounts.actor import actor_of
from samvern.accounts.models import Organisation
from samvern.api.errors import as_api_error
from samvern.directory import selectors, services
from samvern.directory.access import access_service, can_create, directory_partnership
from samvern.directory.models import Service, ServiceKind, TargetGroup
from samvern.places.models import Municipality

TAGS = ["directory"]


class DirectoryServiceSerializer(serializers.ModelSerializer[Service]):
    organisation = serializers.PrimaryKeyRelatedField[Organisation](read_only=True, allow_null=True)
    provider = serializers.CharField(read_only=True)
    service_kind = serializers.ChoiceField(source="kind", choices=ServiceKind.choices)
    municipalities = serializers.SlugRelatedField[Municipality](
        many=True, read_only=True, slug_field="code"
    )
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices)
    )

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            "service_kind",
            "organisation",
            "provider_name",
            "provider",
            "offers",
            "target_groups",
            "languages",
            "opening_hours",
            "phone",
            "email",
            "address",
            "website",
            "appointment_needed",
            "municipalities",
            "capacity_label",
            "capacity_free",
            "capacity_updated_on",
            "checked_on",
            "is_public",
            "is_active",
        ]


class DirectoryServiceWriteSerializer(serializers.Serializer[object]):
    name = serializers.CharField(max_length=200)
    service_kind = serializers.ChoiceField(choices=ServiceKind.choices)
    organisation = serializers.PrimaryKeyRelatedField[Organisation](
        queryset=Organisation.objects.all(), allow_null=True, required=False, default=None
    )
    provider_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    offers = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), required=False, default=list
    )
    languages = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    opening_hours = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    website = serializers.URLField(max_length=400, required=False, allow_blank=True, default="")
    appointment_needed = serializers.BooleanField(required=False, default=False)
    municipalities = serializers.ListField(
        child=serializers.RegexField(r"^\d{4}$"),
        required=False,
        default=list,
        help_text="Four-digit municipality numbers in the partnership's area; none: all of it.",
    )
    capacity_label = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default=""
    )
    capacity_free = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, default=None
    )
    capacity_updated_on = serializers.DateField(required=False, allow_null=True, default=None)
    checked_on = serializers.DateField(required=False, allow_null=True, default=None)
    is_public = serializers.BooleanField(required=False, default=True)
    is_active = serializers.BooleanField(required=False, default=True)


PARTNERSHIP_ID = OpenApiParameter(
    "partnership_id", str, OpenApiParameter.PATH, description="Partnership id (UUID)."
)
SERVICE_ID = OpenApiParameter("service_id", str, OpenApiParameter.PATH, description="Entry id.")
FILTERS = [
    OpenApiParameter("q", str, required=False, description="Text in name, offer or provider."),
    OpenApiParameter(
        "target_group", str, required=False, enum=TargetGroup.values, description="Who needs help."
    ),
    OpenApiParameter(
        "municipality", str, required=False, description="Four-digit municipality number."
    ),
    OpenApiParameter("service_kind", str, required=False, enum=ServiceKind.values),
]


def _data(request: Request) -> services.ServiceData:
    body = DirectoryServiceWriteSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    values = dict(body.validated_data)
    values["kind"] = values.pop("service_kind")
    codes = values.pop("municipalities")
    chosen = list(
        Municipality.objects.filter(year=2024, code__in=codes)  # today's structure
    )
    if len(chosen) != len(set(codes)):
        raise serializers.ValidationError({"municipalities": ["Unknown municipality number."]})
    return services.ServiceData(municipalities=chosen, **values)


class DirectoryServiceListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="A partnership's service directory",
        parameters=[PARTNERSHIP_ID, *FILTERS],
        responses=DirectoryServiceSerializer(many=True),
    )
    def get(self, request: Request, partnership_id: uuid.UUID) -> Response:
        partnership = directory_partnership(actor_of(request), partnership_id)
        params = request.query_params
        municipality = None
        if params.get("municipality"):
            municipality = (
                selectors.area_municipalities(partnership)
                .filter(code=params["municipality"])
                .first()
            )
            if municipality is None:
                return Response([])
        found = selectors.search(
            partnership,
            selectors.Search(
                text=params.get("q", ""),
                target_group=params.get("target_group", ""),
                municipality=municipality,
                kind=params.get("service_kind", ""),
            ),
        )
        return Response(DirectoryServiceSerializer(found, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Add a service to the directory",
        parameters=[PARTNERSHIP_ID],
        request=DirectoryServiceWriteSerializer,
        responses={201: DirectoryServiceSerializer},
    )
    @transaction.atomic
    def post(self, request: Request, partnership_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        partnership = directory_partnership(actor, partnership_id)
        if not can_create(actor, partnership):
            raise Http404
        data = _data(request)
        try:
            service = services.create_service(
                actor=actor, partnership=partnership, data=data, today=timezone.localdate()
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        return Response(DirectoryServiceSerializer(service).data, status=status.HTTP_201_CREATED)


class DirectoryServiceDetailView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One directory entry",
        parameters=[PARTNERSHIP_ID, SERVICE_ID],
        responses=DirectoryServiceSerializer,
    )
    def get(self, request: Request, partnership_id: uuid.UUID, service_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        partnership = directory_partnership(actor, partnership_id)
        service = access_service(actor, partnership, service_id)
        return Response(DirectoryServiceSerializer(service).data)

    @extend_schema(
        tags=TAGS,
        summary="Change a directory entry",
        parameters=[PARTNERSHIP_ID, SERVICE_ID],
        request=DirectoryServiceWriteSerializer,
        responses=DirectoryServiceSerializer,
    )
    @transaction.atomic
    def put(self, request: Request, partnership_id: uuid.UUID, service_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        partnership = directory_partnership(actor, partnership_id)
        service = access_service(actor, partnership, service_id, edit=True)
        data = _data(request)
        try:
            service = services.update_service(
                actor=actor, service=service, data=data, today=timezone.localdate()
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        return Response(DirectoryServiceSerializer(service).data)


api_urlpatterns = [
    path(
        "directory/<uuid:partnership_id>/services/",
        DirectoryServiceListView.as_view(),
        name="api-directory-services",
    ),
    path(
        "directory/<uuid:partnership_id>/services/<uuid:service_id>/",
        DirectoryServiceDetailView.as_view(),
        name="api-directory-service",
    ),
]
