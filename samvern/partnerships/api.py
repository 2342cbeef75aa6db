"""Partnerships and their members over the API, under the same rules as the pages:
a partnership is visible to people in its member organisations today; the coordinator's
conference coordinators and organisation administrators manage it; a member
organisation's administrator names its own contact persons. Anything else is 404.

Routes are collected by samvern/api/urls.py from `api_urlpatterns`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samvern.accounts.actor import actor_of
from samvern.accounts.models import Organisation, User
from samvern.api.errors import as_api_error
from samvern.partnerships import selectors, services
from samvern.partnerships.access import (
    Need,
    access_member,
    access_partnership,
    can_manage,
)
from samvern.partnerships.forms import contact_candidates
from samvern.partnerships.models import Partnership, PartnershipMember
from samvern.places.models import Municipality

TAGS = ["partnerships"]


class OrganisationRefSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]


class ContactSerializer(serializers.ModelSerializer[User]):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name", "email", "phone"]

    def get_name(self, user: User) -> str:
        return user.get_full_name() or user.get_username()


class MemberSerializer(serializers.ModelSerializer[PartnershipMember]):
    organisation = OrganisationRefSerializer(read_only=True)
    relay = ContactSerializer(read_only=True, allow_null=True)
    deputy = ContactSerializer(read_only=True, allow_null=True)
    is_member_today = serializers.SerializerMethodField()
    handover_notes = serializers.SerializerMethodField(
        help_text="Shown to the coordinator's managers and the member organisation's own "
        "people; null for everybody else."
    )

    class Meta:
        model = PartnershipMember
        fields = [
            "id",
            "organisation",
            "joined_on",
            "left_on",
            "is_member_today",
            "relay",
            "deputy",
            "relay_away_until",
            "handover_notes",
        ]

    def get_is_member_today(self, member: PartnershipMember) -> bool:
        return member.is_active_on(timezone.localdate())

    def get_handover_notes(self, member: PartnershipMember) -> str | None:
        visible: Collection[uuid.UUID] = self.context.get("notes_visible_for", set())
        if self.context.get("is_manager") or member.organisation_id in visible:
            return member.handover_notes
        return None


class PartnershipSerializer(serializers.ModelSerializer[Partnership]):
    coordinator = OrganisationRefSerializer(read_only=True)
    municipalities = serializers.SlugRelatedField[Municipality](
        many=True, read_only=True, slug_field="code"
    )

    class Meta:
        model = Partnership
        fields = ["id", "name", "description", "coordinator", "municipalities", "is_active"]


class PartnershipListSerializer(PartnershipSerializer):
    current_member_count = serializers.IntegerField(read_only=True)

    class Meta(PartnershipSerializer.Meta):
        fields = [*PartnershipSerializer.Meta.fields, "current_member_count"]


class PartnershipDetailSerializer(PartnershipSerializer):
    members = serializers.SerializerMethodField(help_text="Members today.")

    class Meta(PartnershipSerializer.Meta):
        fields = [*PartnershipSerializer.Meta.fields, "members"]

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, partnership: Partnership) -> object:
        members = selectors.members_for_page(partnership)
        return MemberSerializer(members, many=True, context=self.context).data


class AddMemberSerializer(serializers.Serializer[object]):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    joined_on = serializers.DateField()


class LeaveSerializer(serializers.Serializer[object]):
    left_on = serializers.DateField()


class ContactsSerializer(serializers.Serializer[object]):
    relay = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        allow_null=True,
        help_text="Id of an active user with a role in the member organisation, or null.",
    )
    deputy = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        allow_null=True,
        help_text="Id of an active user with a role in the member organisation, or null.",
    )
    handover_notes = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when an existing contact person is replaced.",
    )

    def get_fields(self) -> dict[str, serializers.Field[object, object, object, object]]:
        fields = super().get_fields()
        member: PartnershipMember | None = self.context.get("member")
        if member is not None:
            # Only the organisation's own people are valid choices, so the API tells
            # nothing about other users.
            candidates = contact_candidates(member.organisation)
            fields["relay"].queryset = candidates  # type: ignore[attr-defined]
            fields["deputy"].queryset = candidates  # type: ignore[attr-defined]
        return fields


class AbsenceSerializer(serializers.Serializer[object]):
    away_until = serializers.DateField(allow_null=True)


class CreatePartnershipSerializer(serializers.Serializer[object]):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True),
        help_text="An organisation where you are conference coordinator or administrator.",
    )
    joined_on = serializers.DateField(help_text="The coordinator is a member from this date.")
    municipalities = serializers.ListField(
        child=serializers.RegexField(r"^\d{4}$"),
        required=False,
        default=list,
        help_text="Four-digit municipality numbers of today's structure.",
    )


def _context(request: Request, partnership: Partnership) -> dict[str, object]:
    actor = actor_of(request)
    return {
        "request": request,
        "is_manager": can_manage(actor, partnership),
        "notes_visible_for": actor.organisation_ids,
    }


PARTNERSHIP_ID = OpenApiParameter(
    "partnership_id", str, OpenApiParameter.PATH, description="Partnership id (UUID)."
)
MEMBER_ID = OpenApiParameter(
    "member_id", str, OpenApiParameter.PATH, description="Membership id (UUID)."
)
ON_DATE = OpenApiParameter(
    "on",
    dt.date,
    OpenApiParameter.QUERY,
    required=False,
    description="Only memberships active on this date (YYYY-MM-DD). Without it, every "
    "period, current and former.",
)


class PartnershipListView(generics.ListAPIView[Partnership]):
    serializer_class = PartnershipListSerializer

    def get_queryset(self) -> QuerySet[Partnership]:
        return selectors.partnerships_for(actor_of(self.request)).prefetch_related("municipalities")

    @extend_schema(
        tags=TAGS,
        summary="My partnerships",
        description="Partnerships one of your organisations is a member of today, and those "
        "you coordinate.",
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Start a partnership",
        request=CreatePartnershipSerializer,
        responses={201: PartnershipDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        data = CreatePartnershipSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        codes = data.validated_data["municipalities"]
        area = list(Municipality.objects.filter(year=2024, code__in=codes))
        unknown = sorted(set(codes) - {m.code for m in area})
        if unknown:
            raise ValidationError(
                {
                    "municipalities": [
                        _("There is no municipality number %(code)s today.") % {"code": code}
                        for code in unknown
                    ]
                }
            )
        try:
            partnership = services.create_partnership(
                actor=actor_of(request),
                name=data.validated_data["name"],
                description=data.validated_data["description"],
                coordinator=data.validated_data["coordinator"],
                joined_on=data.validated_data["joined_on"],
                municipalities=area,
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        body = PartnershipDetailSerializer(partnership, context=_context(request, partnership))
        return Response(body.data, status=status.HTTP_201_CREATED)


class PartnershipDetailView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One partnership, with its members today",
        parameters=[PARTNERSHIP_ID],
        responses=PartnershipDetailSerializer,
    )
    def get(self, request: Request, partnership_id: uuid.UUID) -> Response:
        partnership = access_partnership(actor_of(request), partnership_id, Need.VIEW)
        body = PartnershipDetailSerializer(partnership, context=_context(request, partnership))
        return Response(body.data)


class MemberListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Membership periods of a partnership",
        parameters=[PARTNERSHIP_ID, ON_DATE],
        responses=MemberSerializer(many=True),
    )
    def get(self, request: Request, partnership_id: uuid.UUID) -> Response:
        partnership = access_partnership(actor_of(request), partnership_id, Need.VIEW)
        members = PartnershipMember.objects.filter(partnership=partnership).select_related(
            "organisation", "relay", "deputy"
        )
        if "on" in request.query_params:
            day = serializers.DateField().to_internal_value(request.query_params["on"])
            members = members.active_on(day)
        members = members.order_by("organisation__name", "-joined_on")
        body = MemberSerializer(members, many=True, context=_context(request, partnership))
        return Response(body.data)

    @extend_schema(
        tags=TAGS,
        summary="Add a member organisation",
        parameters=[PARTNERSHIP_ID],
        request=AddMemberSerializer,
        responses={201: MemberSerializer},
    )
    def post(self, request: Request, partnership_id: uuid.UUID) -> Response:
        partnership = access_partnership(actor_of(request), partnership_id, Need.MANAGE)
        data = AddMemberSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            member = services.add_member(
                actor=actor_of(request),
                partnership=partnership,
                organisation=data.validated_data["organisation"],
                joined_on=data.validated_data["joined_on"],
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        body = MemberSerializer(member, context=_context(request, partnership))
        return Response(body.data, status=status.HTTP_201_CREATED)


class MemberLeaveView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Register that a member organisation leaves",
        description="From the leaving date, the organisation's people no longer see the "
        "partnership or take part in its cases. The date cannot lie in the past.",
        parameters=[PARTNERSHIP_ID, MEMBER_ID],
        request=LeaveSerializer,
        responses=MemberSerializer,
    )
    def post(self, request: Request, partnership_id: uuid.UUID, member_id: uuid.UUID) -> Response:
        partnership = access_partnership(actor_of(request), partnership_id, Need.MANAGE)
        member = access_member(actor_of(request), partnership, member_id, Need.MANAGE)
        data = LeaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            member = services.end_membership(
                actor=actor_of(request),
                member=member,
                left_on=data.validated_data["left_on"],
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        return Response(MemberSerializer(member, context=_context(request, partnership)).data)


class MemberContactsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Name a member's contact person and deputy",
        parameters=[PARTNERSHIP_ID, MEMBER_ID],
        request=ContactsSerializer,
        responses=MemberSerializer,
    )
    def put(self, request: Request, partnership_id: uuid.UUID, member_id: uuid.UUID) -> Response:
        partnership = access_partnership(actor_of(request), partnership_id, Need.VIEW)
        member = access_member(actor_of(request), partnership, member_id, Need.MANAGE_CONTACTS)
        data = ContactsSerializer(data=request.data, context={"member": member})
        data.is_valid(raise_exception=True)
        try:
            services.set_contacts(
                actor=actor_of(request),
                member=member,
                relay=data.validated_data["relay"],
                deputy=data.validated_data["deputy"],
                handover_notes=data.validated_data["handover_notes"],
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        member.refresh_from_db()
        return Response(MemberSerializer(member, context=_context(request, partnership)).data)


class MemberAbsenceView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Mark the contact person as away",
        description="Until this date (inclusive) the deputy is the one to contact; null "
        "marks the contact person back.",
        parameters=[PARTNERSHIP_ID, MEMBER_ID],
        request=AbsenceSerializer,
        responses=MemberSerializer,
    )
    def put(self, request: Request, partnership_id: uuid.UUID, member_id: uuid.UUID) -> Response:
        partnership = access_partnership(actor_of(request), partnership_id, Need.VIEW)
        member = access_member(actor_of(request), partnership, member_id, Need.MANAGE_CONTACTS)
        data = AbsenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            member = services.set_relay_absence(
                actor=actor_of(request),
                member=member,
                away_until=data.validated_data["away_until"],
            )
        except DjangoValidationError as error:
            raise as_api_error(error) from error
        return Response(MemberSerializer(member, context=_context(request, partnership)).data)


api_urlpatterns = [
    path("partnerships/", PartnershipListView.as_view(), name="api-partnership-list"),
    path(
        "partnerships/<uuid:partnership_id>/",
        PartnershipDetailView.as_view(),
        name="api-partnership-detail",
    ),
    path(
        "partnerships/<uuid:partnership_id>/members/",
        MemberListView.as_view(),
        name="api-partnership-members",
    ),
    path(
        "partnerships/<uuid:partnership_id>/members/<uuid:member_id>/leave/",
        MemberLeaveView.as_view(),
        name="api-partnership-member-leave",
    ),
    path(
        "partnerships/<uuid:partnership_id>/members/<uuid:member_id>/contacts/",
        MemberContactsView.as_view(),
        name="api-partnership-member-contacts",
    ),
    path(
        "partnerships/<uuid:partnership_id>/members/<uuid:member_id>/absence/",
        MemberAbsenceView.as_view(),
        name="api-partnership-member-absence",
    ),
]
