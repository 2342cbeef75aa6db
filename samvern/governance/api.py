"""Governance over the API, under the same rules as the pages (`governance.access`): the
partnership's members read; its coordinators set up bodies; a body's chair, secretary and
the coordinators schedule meetings and record decisions and commitments; the responsible
organisation's people record a commitment's status. Anything else is 404.

A service's refusal (a Django ValidationError) becomes a 400 through the API's exception
handler (samvern.api.errors), so the views do not catch it themselves. Routes are
collected by samvern/api/urls.py from `api_urlpatterns`.
"""

from __future__ import annotations

import uuid

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samvern.accounts.actor import actor_of
from samvern.accounts.models import Organisation, User
from samvern.governance import indicators, selectors, services
from samvern.governance.access import (
    Need,
    access_body,
    access_commitment,
    access_governance,
    access_meeting,
)
from samvern.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyKind,
    BodyMember,
    Commitment,
    CommitmentStatus,
    Decision,
    FundingSource,
    Meeting,
    PartnershipProfile,
)
from samvern.governance.services.profile import profile_of
from samvern.partnerships.access import Need as PartnershipNeed
from samvern.partnerships.access import access_partnership

TAGS = ["governance"]


class OrganisationRef(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name"]
        ref_name = "GovernanceOrganisationRef"


class PersonRef(serializers.ModelSerializer[User]):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name"]
        ref_name = "GovernancePersonRef"

    def get_name(self, user: User) -> str:
        return user.get_full_name() or user.get_username()


class FundingSerializer(serializers.ModelSerializer[FundingSource]):
    class Meta:
        model = FundingSource
        fields = ["id", "source", "year", "amount", "note"]
        ref_name = "GovernanceFunding"


class ProfileSerializer(serializers.ModelSerializer[PartnershipProfile]):
    lead_organisation = OrganisationRef(read_only=True, allow_null=True)
    secretariat = OrganisationRef(read_only=True, allow_null=True)
    secretariat_contact = PersonRef(read_only=True, allow_null=True)
    funding = FundingSerializer(many=True, read_only=True)

    class Meta:
        model = PartnershipProfile
        fields = [
            "purpose",
            "target_groups",
            "police_district",
            "lead_organisation",
            "secretariat",
            "secretariat_contact",
            "legal_basis",
            "policy_basis",
            "started_on",
            "is_public",
            "public_bodies",
            "public_funding",
            "funding",
        ]
        ref_name = "GovernanceProfile"


class RepresentativeSerializer(serializers.Serializer[object]):
    """A member organisation's named representative in a body."""

    id = serializers.UUIDField()
    name = serializers.CharField()
    deputy = serializers.BooleanField()

    class Meta:
        ref_name = "GovernanceRepresentative"


class MemberSerializer(serializers.ModelSerializer[BodyMember]):
    organisation = OrganisationRef(read_only=True)
    representatives = serializers.SerializerMethodField()

    class Meta:
        model = BodyMember
        fields = ["id", "organisation", "advisory", "joined_on", "left_on", "representatives"]
        ref_name = "GovernanceBodyMember"

    @extend_schema_field(RepresentativeSerializer(many=True))
    def get_representatives(self, member: BodyMember) -> list[dict[str, object]]:
        return [
            {"id": str(rep.user_id), "name": rep.user.get_full_name(), "deputy": rep.is_deputy}
            for rep in member.representatives.all()
        ]


class BodySerializer(serializers.ModelSerializer[Body]):
    chair = PersonRef(read_only=True, allow_null=True)
    secretary = PersonRef(read_only=True, allow_null=True)

    class Meta:
        model = Body
        fields = [
            "id",
            "kind",
            "name",
            "short_code",
            "mandate",
            "chair",
            "secretary",
            "started_on",
            "is_temporary",
            "ends_on",
        ]
        ref_name = "GovernanceBody"


class BodyRowSerializer(serializers.Serializer[object]):
    body = BodySerializer()
    members = MemberSerializer(many=True)
    missing_roles = serializers.ListField(child=serializers.CharField())

    class Meta:
        ref_name = "GovernanceBodyRow"

    def to_representation(self, row: object) -> dict[str, object]:
        return {
            "body": BodySerializer(row.body).data,  # type: ignore[attr-defined]
            "members": MemberSerializer(row.members, many=True).data,  # type: ignore[attr-defined]
            "missing_roles": [role.name for role in row.missing_roles],  # type: ignore[attr-defined]
        }


class PartnershipGovernanceSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField()
    name = serializers.CharField()
    profile = ProfileSerializer(allow_null=True)
    bodies = BodyRowSerializer(many=True)

    class Meta:
        ref_name = "GovernancePartnership"


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "date",
            "starts_at",
            "duration_minutes",
            "location",
            "status",
            "minutes_approved_on",
        ]
        ref_name = "GovernanceMeeting"


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "reference", "year", "number", "text", "meeting", "item"]
        ref_name = "GovernanceDecision"


class CommitmentSerializer(serializers.ModelSerializer[Commitment]):
    organisation = OrganisationRef(read_only=True)
    owner = PersonRef(read_only=True, allow_null=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "body",
            "meeting",
            "decision",
            "organisation",
            "owner",
            "description",
            "due_on",
            "status",
            "status_reason",
            "status_on",
        ]
        ref_name = "GovernanceCommitment"


class ItemSerializer(serializers.ModelSerializer[AgendaItem]):
    class Meta:
        model = AgendaItem
        fields = ["id", "position", "kind", "title", "description", "minutes", "approves"]
        ref_name = "GovernanceAgendaItem"


class AttendanceSerializer(serializers.ModelSerializer[Attendance]):
    user = PersonRef(read_only=True)
    organisation = OrganisationRef(read_only=True)

    class Meta:
        model = Attendance
        fields = ["user", "organisation", "status", "substitute_for"]
        ref_name = "GovernanceAttendance"


class MeetingDetailSerializer(serializers.Serializer[object]):
    meeting = MeetingSerializer()
    items = ItemSerializer(many=True)
    attendance = AttendanceSerializer(many=True)
    decisions = DecisionSerializer(many=True)
    commitments = CommitmentSerializer(many=True)
    follow_ups = CommitmentSerializer(many=True)

    class Meta:
        ref_name = "GovernanceMeetingDetail"


class BodyCreateSerializer(serializers.Serializer[object]):
    kind = serializers.ChoiceField(choices=BodyKind.choices)
    name = serializers.CharField(max_length=200)
    short_code = serializers.CharField(max_length=12)
    mandate = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    started_on = serializers.DateField()
    is_temporary = serializers.BooleanField(required=False, default=False)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)

    class Meta:
        ref_name = "GovernanceBodyCreate"


class MeetingCreateSerializer(serializers.Serializer[object]):
    date = serializers.DateField()
    starts_at = serializers.TimeField()
    duration_minutes = serializers.IntegerField(min_value=15, max_value=600, default=120)
    location = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    class Meta:
        ref_name = "GovernanceMeetingCreate"


class DecisionCreateSerializer(serializers.Serializer[object]):
    text = serializers.CharField(max_length=5000)

    class Meta:
        ref_name = "GovernanceDecisionCreate"


class CommitmentCreateSerializer(serializers.Serializer[object]):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    description = serializers.CharField(max_length=5000)
    due_on = serializers.DateField()

    class Meta:
        ref_name = "GovernanceCommitmentCreate"


class StatusSerializer(serializers.Serializer[object]):
    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    class Meta:
        ref_name = "GovernanceCommitmentStatus"


# --- the partnership's indicators (the same figures as the page and its JSON export) ----------


class IndicatorMeetingsSerializer(serializers.Serializer[object]):
    body = serializers.CharField()
    body_id = serializers.UUIDField()
    held = serializers.IntegerField()
    planned = serializers.IntegerField()
    cancelled = serializers.IntegerField()

    class Meta:
        ref_name = "GovernanceIndicatorMeetings"


class IndicatorAttendanceSerializer(serializers.Serializer[object]):
    organisation = serializers.CharField()
    organisation_id = serializers.UUIDField()
    expected = serializers.IntegerField(help_text="Held meetings of its bodies in the year.")
    attended = serializers.IntegerField(help_text="Of those, attended (present or substitute).")
    share = serializers.FloatField(allow_null=True)

    class Meta:
        ref_name = "GovernanceIndicatorAttendance"


class IndicatorCommitmentsSerializer(serializers.Serializer[object]):
    due = serializers.IntegerField(help_text="Commitments due in the year up to the day.")
    done_in_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    not_done = serializers.IntegerField()
    not_possible = serializers.IntegerField()
    still_open = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="Done by the due date, of due.")

    class Meta:
        ref_name = "GovernanceIndicatorCommitments"


class IndicatorAgreementsSerializer(serializers.Serializer[object]):
    documents = serializers.IntegerField()
    in_force = serializers.IntegerField()
    signed_by_all = serializers.IntegerField()
    up_to_date = serializers.IntegerField(help_text="In force, signed by all, not past review.")
    past_review = serializers.IntegerField()

    class Meta:
        ref_name = "GovernanceIndicatorAgreements"


class IndicatorDirectorySerializer(serializers.Serializer[object]):
    active = serializers.IntegerField()
    checked = serializers.IntegerField(help_text="Active entries checked in the last 6 months.")
    share = serializers.FloatField(allow_null=True)

    class Meta:
        ref_name = "GovernanceIndicatorDirectory"


class IndicatorTrainingSerializer(serializers.Serializer[object]):
    organisation = serializers.CharField()
    staff = serializers.IntegerField(help_text="Staff in target roles with required topics.")
    trained = serializers.IntegerField()
    trained_share = serializers.FloatField(allow_null=True)
    due_share = serializers.FloatField(allow_null=True)

    class Meta:
        ref_name = "GovernanceIndicatorTraining"


class IndicatorSurveyQuestionSerializer(serializers.Serializer[object]):
    key = serializers.CharField()
    suppressed = serializers.BooleanField(help_text="Fewer than 5 answers: no figures.")
    answers = serializers.IntegerField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)

    class Meta:
        ref_name = "GovernanceIndicatorSurveyQuestion"


class IndicatorSurveySerializer(serializers.Serializer[object]):
    responses = serializers.IntegerField()
    questions = IndicatorSurveyQuestionSerializer(many=True)

    class Meta:
        ref_name = "GovernanceIndicatorSurvey"


class IndicatorsSerializer(serializers.Serializer[object]):
    partnership = serializers.UUIDField()
    year = serializers.IntegerField()
    figures_on = serializers.DateField(
        help_text="31 December of the year, or today while the year is running."
    )
    meetings = IndicatorMeetingsSerializer(many=True)
    attendance = IndicatorAttendanceSerializer(many=True)
    commitments = IndicatorCommitmentsSerializer()
    agreements = IndicatorAgreementsSerializer(allow_null=True)
    directory = IndicatorDirectorySerializer(allow_null=True)
    training = IndicatorTrainingSerializer(many=True, allow_null=True)
    survey = IndicatorSurveySerializer(allow_null=True)
    absent = serializers.ListField(
        child=serializers.CharField(),
        help_text="Sections whose part of Samvern is not in use here (their value is null).",
    )

    class Meta:
        ref_name = "GovernanceIndicators"


def _id(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(name, str, OpenApiParameter.PATH, description=f"{what} id (UUID).")


def _today() -> object:
    return timezone.localdate()


class PartnershipView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="A partnership's governance: profile and bodies",
        parameters=[_id("partnership_id", "Partnership")],
        responses=PartnershipGovernanceSerializer,
    )
    def get(self, request: Request, partnership_id: uuid.UUID) -> Response:
        grant = access_governance(actor_of(request), partnership_id)
        profile = profile_of(grant)
        rows = selectors.body_rows(grant, day=timezone.localdate())
        return Response(
            {
                "id": str(grant.partnership.pk),
                "name": grant.partnership.name,
                "profile": None if profile._state.adding else ProfileSerializer(profile).data,
                "bodies": [BodyRowSerializer(row).data for row in rows],
            }
        )


class BodyCreateView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Set up a body",
        parameters=[_id("partnership_id", "Partnership")],
        request=BodyCreateSerializer,
        responses={201: BodySerializer},
    )
    def post(self, request: Request, partnership_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        grant = access_governance(actor, partnership_id, Need.MANAGE)
        data = BodyCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        body = services.create_body(
            actor=actor, grant=grant, data=services.BodyData(**data.validated_data)
        )
        return Response(BodySerializer(body).data, status=status.HTTP_201_CREATED)


class BodyView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="A body with its members today and missing actors",
        parameters=[_id("body_id", "Body")],
        responses=BodyRowSerializer,
    )
    def get(self, request: Request, body_id: uuid.UUID) -> Response:
        access = access_body(actor_of(request), body_id)
        row = selectors.body_detail(access.body, day=timezone.localdate())
        return Response(BodyRowSerializer(row).data)


class MeetingListView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="A body's meetings",
        parameters=[_id("body_id", "Body")],
        responses=MeetingSerializer(many=True),
    )
    def get(self, request: Request, body_id: uuid.UUID) -> Response:
        access = access_body(actor_of(request), body_id)
        return Response(MeetingSerializer(selectors.meetings_of(access.body), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Schedule a meeting",
        parameters=[_id("body_id", "Body")],
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer},
    )
    def post(self, request: Request, body_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        access = access_body(actor, body_id, Need.EDIT)
        data = MeetingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = services.schedule_meeting(
            actor=actor,
            access=access,
            data=services.MeetingData(**data.validated_data),
            today=timezone.localdate(),
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One meeting: agenda, attendance, decisions, commitments and follow-ups",
        parameters=[_id("meeting_id", "Meeting")],
        responses=MeetingDetailSerializer,
    )
    def get(self, request: Request, meeting_id: uuid.UUID) -> Response:
        access = access_meeting(actor_of(request), meeting_id)
        agenda = selectors.agenda(access.meeting)
        return Response(
            {
                "meeting": MeetingSerializer(access.meeting).data,
                "items": ItemSerializer(agenda.items, many=True).data,
                "attendance": AttendanceSerializer(agenda.attendance, many=True).data,
                "decisions": DecisionSerializer(agenda.decisions, many=True).data,
                "commitments": CommitmentSerializer(agenda.commitments, many=True).data,
                "follow_ups": CommitmentSerializer(agenda.follow_ups, many=True).data,
            }
        )


class DecisionCreateView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Record a decision",
        parameters=[_id("meeting_id", "Meeting")],
        request=DecisionCreateSerializer,
        responses={201: DecisionSerializer},
    )
    def post(self, request: Request, meeting_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        access = access_meeting(actor, meeting_id, Need.EDIT)
        data = DecisionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.record_decision(
            actor=actor, access=access, text=data.validated_data["text"]
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class CommitmentCreateView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Record a commitment",
        parameters=[_id("meeting_id", "Meeting")],
        request=CommitmentCreateSerializer,
        responses={201: CommitmentSerializer},
    )
    def post(self, request: Request, meeting_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        access = access_meeting(actor, meeting_id, Need.EDIT)
        data = CommitmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commitment = services.create_commitment(
            actor=actor,
            access=access,
            data=services.CommitmentData(**data.validated_data),
            today=timezone.localdate(),
        )
        return Response(CommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)


class OurCommitmentsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Our open commitments",
        description="The open commitments of your organisations, in every body of the "
        "partnerships you are a member of.",
        responses=CommitmentSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        rows = selectors.commitments_for(actor, organisation_ids=actor.organisation_ids)[:500]
        return Response(CommitmentSerializer(rows, many=True).data)


class CommitmentView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One commitment",
        parameters=[_id("commitment_id", "Commitment")],
        responses=CommitmentSerializer,
    )
    def get(self, request: Request, commitment_id: uuid.UUID) -> Response:
        access = access_commitment(actor_of(request), commitment_id)
        return Response(CommitmentSerializer(access.commitment).data)


class CommitmentStatusView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Record a commitment's status",
        parameters=[_id("commitment_id", "Commitment")],
        request=StatusSerializer,
        responses=CommitmentSerializer,
    )
    def post(self, request: Request, commitment_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        access = access_commitment(actor, commitment_id, Need.UPDATE_STATUS)
        data = StatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commitment = services.update_status(
            actor=actor,
            access=access,
            status=data.validated_data["status"],
            note=data.validated_data["note"],
            today=timezone.localdate(),
        )
        return Response(CommitmentSerializer(commitment).data)


class IndicatorsView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="The partnership's indicators for a year",
        description=(
            "Meetings held per body, attendance per organisation, commitments done by their "
            "due date, agreements signed and up to date, directory entries checked in the "
            "last six months, training coverage per organisation and the partner survey: "
            "the figures of the indicators page. For the partnership's members; anyone "
            "else gets 404."
        ),
        parameters=[
            _id("partnership_id", "Partnership"),
            OpenApiParameter(
                "year",
                int,
                OpenApiParameter.QUERY,
                required=False,
                description="This year when left out; a future or long past year is 404.",
            ),
        ],
        responses=IndicatorsSerializer,
    )
    def get(self, request: Request, partnership_id: uuid.UUID) -> Response:
        partnership = access_partnership(actor_of(request), partnership_id, PartnershipNeed.VIEW)
        today = timezone.localdate()
        year = indicators.requested_year(request.query_params.get("year"), today=today)
        figures = indicators.indicators(partnership, year=year, today=today)
        return Response(IndicatorsSerializer(indicators.as_json(figures)).data)


api_urlpatterns = [
    path(
        "governance/partnerships/<uuid:partnership_id>/",
        PartnershipView.as_view(),
        name="governance-partnership",
    ),
    path(
        "governance/partnerships/<uuid:partnership_id>/indicators/",
        IndicatorsView.as_view(),
        name="governance-indicators",
    ),
    path(
        "governance/partnerships/<uuid:partnership_id>/bodies/",
        BodyCreateView.as_view(),
        name="governance-body-create",
    ),
    path("governance/bodies/<uuid:body_id>/", BodyView.as_view(), name="governance-body"),
    path(
        "governance/bodies/<uuid:body_id>/meetings/",
        MeetingListView.as_view(),
        name="governance-meetings",
    ),
    path(
        "governance/meetings/<uuid:meeting_id>/", MeetingView.as_view(), name="governance-meeting"
    ),
    path(
        "governance/meetings/<uuid:meeting_id>/decisions/",
        DecisionCreateView.as_view(),
        name="governance-decision-create",
    ),
    path(
        "governance/meetings/<uuid:meeting_id>/commitments/",
        CommitmentCreateView.as_view(),
        name="governance-commitment-create",
    ),
    path("governance/commitments/", OurCommitmentsView.as_view(), name="governance-commitments"),
    path(
        "governance/commitments/<uuid:commitment_id>/",
        CommitmentView.as_view(),
        name="governance-commitment",
    ),
    path(
        "governance/commitments/<uuid:commitment_id>/status/",
        CommitmentStatusView.as_view(),
        name="governance-commitment-status",
    ),
]
