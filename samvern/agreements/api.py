"""Agreements over the API, under the same rules as the pages: members of the partnership
read; the people with the authority sign for their organisation. Anything else is 404."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samvern.accounts.actor import actor_of
from samvern.accounts.models import Organisation
from samvern.agreements import access, selectors, services
from samvern.agreements.models import SignOff
from samvern.agreements.selectors import DocumentRow
from samvern.agreements.texts import render_markdown
from samvern.api.errors import as_api_error

TAGS = ["agreements"]

PARTNERSHIP_ID = OpenApiParameter("partnership_id", uuid.UUID, OpenApiParameter.PATH)
DOCUMENT_ID = OpenApiParameter("document_id", uuid.UUID, OpenApiParameter.PATH)


class AgreementsOrganisationSerializer(serializers.Serializer[Organisation]):
    id = serializers.UUIDField()
    name = serializers.CharField()


class AgreementsSignOffSerializer(serializers.Serializer[object]):
    organisation = AgreementsOrganisationSerializer()
    signed_by = serializers.SerializerMethodField()
    signer_title = serializers.CharField()
    signed_on = serializers.DateField()
    version = serializers.IntegerField(source="version.number")

    def get_signed_by(self, signoff: SignOff) -> str:
        return signoff.signed_by.get_full_name() or signoff.signed_by.get_username()


class AgreementsVersionSerializer(serializers.Serializer[object]):
    number = serializers.IntegerField()
    status = serializers.CharField()
    in_force_from = serializers.DateField(allow_null=True)
    replaced_on = serializers.DateField(allow_null=True)
    change_note = serializers.CharField()


class AgreementsDocumentSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(source="document.pk")
    kind = serializers.CharField(source="document.kind", help_text="agreement, protocol or routine")
    title = serializers.CharField(source="document.title")
    owner_organisation = AgreementsOrganisationSerializer(source="document.owner_organisation")
    review_on = serializers.DateField(source="document.review_on")
    version_in_force = serializers.SerializerMethodField()
    past_review = serializers.BooleanField()
    unsigned = AgreementsOrganisationSerializer(
        many=True, help_text="Partners today that have not signed the version in force."
    )
    up_to_date = serializers.BooleanField()
    flagged = serializers.BooleanField()

    def get_version_in_force(self, row: DocumentRow) -> int | None:
        return row.in_force.number if row.in_force else None


class AgreementsDocumentDetailSerializer(AgreementsDocumentSerializer):
    versions = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField(help_text="Markdown of the version in force.")
    html = serializers.SerializerMethodField(help_text="The same text as sanitised HTML.")
    signoffs = serializers.SerializerMethodField()

    @extend_schema_field(AgreementsVersionSerializer(many=True))
    def get_versions(self, row: DocumentRow) -> list[dict[str, object]]:
        versions = row.document.versions.order_by("number")
        return list(AgreementsVersionSerializer(versions, many=True).data)

    def get_text(self, row: DocumentRow) -> str:
        return row.in_force.text if row.in_force else ""

    def get_html(self, row: DocumentRow) -> str:
        return str(render_markdown(row.in_force.text)) if row.in_force else ""

    @extend_schema_field(AgreementsSignOffSerializer(many=True))
    def get_signoffs(self, row: DocumentRow) -> list[dict[str, object]]:
        found = selectors.signoffs_of(row.in_force) if row.in_force else []
        return list(AgreementsSignOffSerializer(found, many=True).data)


class AgreementsSignRequestSerializer(serializers.Serializer[object]):
    organisation = serializers.UUIDField(help_text="The organisation you sign for.")


class DocumentListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="A partnership's agreements, protocols and routines",
        description="Each with its version in force and what is flagged: past its review "
        "date, or partners that have not signed the version in force.",
        parameters=[PARTNERSHIP_ID],
        responses=AgreementsDocumentSerializer(many=True),
    )
    def get(self, request: Request, partnership_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        partnership = access.partnership_for(actor, partnership_id)
        rows = selectors.document_rows(partnership, on=timezone.localdate())
        return Response(AgreementsDocumentSerializer(rows, many=True).data)


class DocumentDetailView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One document, its versions and the sign-off of the version in force",
        parameters=[PARTNERSHIP_ID, DOCUMENT_ID],
        responses=AgreementsDocumentDetailSerializer,
    )
    def get(self, request: Request, partnership_id: uuid.UUID, document_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        partnership = access.partnership_for(actor, partnership_id)
        document = access.access_document(actor, partnership, document_id)
        row = selectors.document_row(document, on=timezone.localdate())
        return Response(AgreementsDocumentDetailSerializer(row).data)


class SignOffView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Sign the version in force for your organisation",
        description="For the organisation's administrator or its contact person in the "
        "partnership. Recorded with your name, today's date and the version.",
        parameters=[PARTNERSHIP_ID, DOCUMENT_ID],
        request=AgreementsSignRequestSerializer,
        responses={201: AgreementsSignOffSerializer},
    )
    def post(self, request: Request, partnership_id: uuid.UUID, document_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        partnership = access.partnership_for(actor, partnership_id)
        document = access.access_document(actor, partnership, document_id)
        today = timezone.localdate()
        data = AgreementsSignRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = next(
            (
                org
                for org in access.signing_organisations(actor, partnership, on=today)
                if org.pk == data.validated_data["organisation"]
            ),
            None,
        )
        row = selectors.document_row(document, on=today)
        if organisation is None or row.in_force is None:
            raise Http404
        try:
            signoff = services.sign_off(
                actor=actor, version=row.in_force, organisation=organisation, on=today
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        return Response(AgreementsSignOffSerializer(signoff).data, status=status.HTTP_201_CREATED)


api_urlpatterns = [
    path(
        "agreements/<uuid:partnership_id>/",
        DocumentListView.as_view(),
        name="api-agreements-list",
    ),
    path(
        "agreements/<uuid:partnership_id>/<uuid:document_id>/",
        DocumentDetailView.as_view(),
        name="api-agreements-detail",
    ),
    path(
        "agreements/<uuid:partnership_id>/<uuid:document_id>/signoffs/",
        SignOffView.as_view(),
        name="api-agreements-signoff",
    ),
]
