"""API for the signed-in user: who am I, which organisations do I act for, and an API token
for programs (issued only to a browser session that passed the second factor when the
account requires one). Routes are collected by samvern/api/urls.py."""

from __future__ import annotations

import uuid
from typing import cast

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samvern.accounts import selectors, services
from samvern.accounts.actor import Actor, actor_of
from samvern.accounts.models import CASE_ROLES, ApiTokenScope, Membership, Organisation, User
from samvern.api.authentication import SessionAuthentication

TAGS = ["accounts"]


class MyOrganisationRefSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    organisation = MyOrganisationRefSerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organisation", "role", "role_label", "title"]


class MeSerializer(serializers.ModelSerializer[User]):
    requires_second_factor = serializers.SerializerMethodField()
    memberships = serializers.SerializerMethodField()
    organisations = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "preferred_language",
            "requires_second_factor",
            "memberships",
            "organisations",
        ]

    def _memberships(self, user: User) -> list[Membership]:
        """From the request's actor (memberships already loaded), or loaded for `user`."""
        actor = self.context.get("actor")
        if not isinstance(actor, Actor) or actor.user != user:
            actor = Actor.load(user)
            self.context["actor"] = actor  # type: ignore[index]
        return selectors.user_memberships(actor=actor)

    def get_requires_second_factor(self, user: User) -> bool:
        return any(m.role in CASE_ROLES for m in self._memberships(user))

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user: User) -> object:
        return MembershipSerializer(self._memberships(user), many=True).data

    @extend_schema_field(MyOrganisationRefSerializer(many=True))
    def get_organisations(self, user: User) -> object:
        seen: dict[uuid.UUID, Organisation] = {}
        for membership in self._memberships(user):
            seen.setdefault(membership.organisation_id, membership.organisation)
        return MyOrganisationRefSerializer(list(seen.values()), many=True).data


class MyOrganisationSerializer(serializers.ModelSerializer[Organisation]):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "org_number", "roles"]

    def get_roles(self, organisation: Organisation) -> list[str]:
        return sorted(getattr(organisation, "my_roles", []))


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="The signed-in user",
        description="The user, their active memberships (organisation × role) and "
        "the organisations they may act for.",
        responses=MeSerializer,
    )
    def get(self, request: Request) -> Response:
        return Response(
            MeSerializer(cast(User, request.user), context={"actor": actor_of(request)}).data
        )


class MyOrganisationsView(generics.ListAPIView[Organisation]):
    permission_classes = [IsAuthenticated]
    serializer_class = MyOrganisationSerializer
    filter_backends: list[type[BaseFilterBackend]] = []

    @extend_schema(
        tags=TAGS,
        summary="My organisations",
        description="Organisations the signed-in user holds an active role in, with "
        "their roles there.",
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.user_organisations(actor=actor_of(self.request))

    def paginate_queryset(self, queryset: QuerySet[Organisation]) -> list[Organisation] | None:  # type: ignore[override]
        page = super().paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        actor = actor_of(self.request)
        for organisation in rows:
            organisation.my_roles = set(actor.roles_in(organisation))  # type: ignore[attr-defined]
        return page


class TokenRequestSerializer(serializers.Serializer[dict[str, str]]):
    scope = serializers.ChoiceField(
        choices=ApiTokenScope.choices,
        default=ApiTokenScope.GENERAL,
        help_text="general (the default): everything outside the case layer. case_data: also "
        "the case layer, acting only for the organisation the session acts for; needs a "
        "verified second factor and a case role there, and expires after "
        "SAMVERN_CASE_API_TOKEN_HOURS hours (12 by default).",
    )
    name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100, help_text="What it is for."
    )


class TokenView(APIView):
    """Issues an API token. Only a browser session can ask (never a token or a password
    sent with the request), and for accounts with a case role only a session that passed
    the second factor, so a token is never easier to get than a verified login."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Obtain an API token",
        description="Creates a new token for the signed-in user and returns it once. "
        "Requires a browser session (with CSRF token); accounts with a case role must have "
        "verified the second factor in that session. A general token expires after "
        "SAMVERN_API_TOKEN_DAYS days (90 by default); a token with the scope case_data "
        "opens the case layer for the organisation the session acts for and expires after "
        "SAMVERN_CASE_API_TOKEN_HOURS hours (12 by default). Every token is revoked "
        "whenever the user's roles change; the account page lists and revokes tokens. "
        "Send the token as `Authorization: Token <key>`.",
        request=TokenRequestSerializer,
        responses={
            201: inline_serializer(
                "ApiToken",
                fields={
                    "token": serializers.CharField(),
                    "username": serializers.CharField(),
                    "expires_at": serializers.DateTimeField(),
                    "scope": serializers.ChoiceField(choices=ApiTokenScope.choices),
                    "organisation": serializers.UUIDField(
                        allow_null=True,
                        help_text="The organisation a case_data token acts for; null for "
                        "a general token.",
                    ),
                },
            )
        },
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        actor = actor_of(request)
        payload = TokenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            issued = services.issue_api_token(
                actor=actor,
                organisation=actor.organisation,
                second_factor_verified=bool(getattr(user, "is_verified", lambda: False)()),
                name=payload.validated_data["name"],
                scope=payload.validated_data["scope"],
            )
        except services.ApiTokenError as error:
            raise PermissionDenied(error.messages[0]) from None
        return Response(
            {
                "token": issued.key,
                "username": user.get_username(),
                "expires_at": issued.token.expires_at,
                "scope": issued.token.scope,
                "organisation": issued.token.organisation_id,
            },
            status=status.HTTP_201_CREATED,
        )


api_urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("organisations/mine/", MyOrganisationsView.as_view(), name="api-my-organisations"),
    path("auth/token/", TokenView.as_view(), name="api-auth-token"),
]
