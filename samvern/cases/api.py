"""Case-layer API under /api/v1/cases/. The same access functions and selectors as the
pages, the same masking of persons (`present_person`), and the same audit events.

A browser session with a verified second factor opens the case layer, and so does an API
token with the scope "case data" (issued from such a session, acting only for the
organisation it was issued for; `samvern.accounts.authentication`). Other tokens are
answered as a request without credentials.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from samvern.accounts.actor import actor_of
from samvern.api.pagination import BoundedLimitOffsetPagination
from samvern.audit.models import AuditEvent
from samvern.audit.services import audited_atomic
from samvern.cases import listing, selectors, services
from samvern.cases.access import CaseAccess, CaseGrant
from samvern.cases.api_base import CaseAPIView, _many
from samvern.cases.models import (
    Assessment,
    Case,
    CaseParticipant,
    InformationItem,
    ItemKind,
    Share,
)
from samvern.cases.presenters import (
    AssessmentView,
    PersonView,
    present_assessment,
    present_person,
)
from samvern.cases.services import CaseRead
from samvern.risk.display import AnswerText, any_band_label

# --- serializers (output only) -------------------------------------------------------------


class CaseSummarySerializer(serializers.Serializer[Case]):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    partnership = serializers.CharField(source="partnership.name")
    state = serializers.CharField()
    referred_on = serializers.DateField()
    source = serializers.CharField()  # type: ignore[assignment]
    reason = serializers.CharField()
    referring_organisation = serializers.CharField(source="referring_organisation.name")
    # The flag as the reader may know it (the `CaseGrant` in the context), never the
    # stored field.
    is_repeat = serializers.SerializerMethodField()
    risk_band = serializers.CharField()
    risk_band_label = serializers.SerializerMethodField(
        help_text="The risk band in the response's language."
    )

    def get_is_repeat(self, case: Case) -> bool:
        grant = self.context["grant"]
        assert isinstance(grant, CaseGrant)
        return grant.repeat

    def get_risk_band_label(self, case: Case) -> str:
        return any_band_label(case.risk_band)


class CaseRowSerializer(serializers.Serializer[selectors.CaseRow]):
    id = serializers.UUIDField(source="case.pk")
    reference = serializers.CharField(source="case.reference")
    referred_on = serializers.DateField(source="case.referred_on")
    access = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()

    def get_access(self, row: selectors.CaseRow) -> str:
        if row.content:
            return "content"
        return "conference" if row.conference else "access_log"

    def get_state(self, row: selectors.CaseRow) -> str | None:
        return row.case.state if row.conference else None


class PersonSerializer(serializers.Serializer[PersonView]):
    """Built from `PersonView`: the address fields are already masked when protected."""

    id = serializers.CharField()
    case_id = serializers.CharField()
    role = serializers.CharField()
    role_uncertain = serializers.BooleanField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    birth_date = serializers.CharField(allow_null=True)
    birth_year = serializers.IntegerField(allow_null=True)
    gender = serializers.CharField()
    language = serializers.CharField()
    needs_interpreter = serializers.BooleanField()
    phone = serializers.CharField()
    safe_contact = serializers.CharField()
    no_case_content_in_messages = serializers.BooleanField()
    identity_number = serializers.CharField(help_text="Masked: birth-date part only.")
    protected_address = serializers.BooleanField()
    address = serializers.CharField(help_text="'Protected address' when protected.")
    street_address = serializers.CharField()
    postal_code = serializers.CharField()
    postal_place = serializers.CharField()


class ParticipantSerializer(serializers.Serializer[CaseParticipant]):
    """A participation, or a referral not (yet) accepted: `status` says which; only an
    accepted one takes part, from `added_on`."""

    organisation = serializers.CharField(source="organisation.name")
    status = serializers.CharField()
    referred_on = serializers.DateField(allow_null=True)
    respond_by = serializers.DateField(allow_null=True)
    added_on = serializers.DateField(allow_null=True)
    removed_on = serializers.DateField(allow_null=True)


class CaseDetailSerializer(CaseSummarySerializer):
    persons = PersonSerializer(many=True)
    participants = ParticipantSerializer(many=True)


class ShareSerializer(serializers.Serializer[Share]):
    id = serializers.UUIDField()
    scope = serializers.CharField()
    recipients = serializers.SerializerMethodField()
    legal_basis = serializers.CharField()
    statutory_basis = serializers.CharField()
    purpose = serializers.CharField()
    expires_on = serializers.DateField(allow_null=True)

    def get_recipients(self, share: Share) -> list[str]:
        return [organisation.name for organisation in share.recipients.all()]


class AnswerDisplaySerializer(serializers.Serializer[AnswerText]):
    item = serializers.CharField(source="key", help_text="The item key in the instrument file.")
    question = serializers.CharField(help_text="The question, in the response's language.")
    value = serializers.CharField(help_text="The stored answer: yes, no, unknown or a number.")
    answer = serializers.CharField(help_text="The answer as the form offered it.")


class AssessmentSerializer(serializers.Serializer[Assessment]):
    """Keys and raw values for programs, and display fields in the response's language
    (the same words as the pages: samvern.cases.presenters.present_assessment)."""

    id = serializers.UUIDField()
    instrument_key = serializers.CharField()
    instrument_version = serializers.CharField()
    instrument_title = serializers.SerializerMethodField(
        help_text="The instrument's title with its version."
    )
    person = serializers.SerializerMethodField(help_text="The person assessed, by name and role.")
    answers = serializers.JSONField()
    answers_display = serializers.SerializerMethodField()
    score = serializers.DecimalField(max_digits=8, decimal_places=2)
    band = serializers.CharField()
    band_label = serializers.SerializerMethodField()
    override_band = serializers.CharField()
    override_band_label = serializers.SerializerMethodField()
    override_reason = serializers.CharField()
    qualifies_for_conference = serializers.BooleanField()
    qualification_reasons = serializers.ListField(child=serializers.CharField())
    qualification_reasons_display = serializers.SerializerMethodField()
    assessed_at = serializers.DateTimeField()
    organisation = serializers.CharField(source="organisation.name")

    def _view(self, assessment: Assessment) -> AssessmentView:
        cache: dict[uuid.UUID, AssessmentView] = self.__dict__.setdefault("_views", {})
        if assessment.pk not in cache:
            cache[assessment.pk] = present_assessment(assessment)
        return cache[assessment.pk]

    def get_instrument_title(self, assessment: Assessment) -> str:
        return str(self._view(assessment).title_with_version)

    def get_person(self, assessment: Assessment) -> str:
        return str(self._view(assessment).person_display)

    @extend_schema_field(AnswerDisplaySerializer(many=True))
    def get_answers_display(self, assessment: Assessment) -> list[object]:
        return list(_many(AnswerDisplaySerializer(), self._view(assessment).text.answers))

    def get_band_label(self, assessment: Assessment) -> str:
        return str(self._view(assessment).text.band_label)

    def get_override_band_label(self, assessment: Assessment) -> str:
        return str(self._view(assessment).text.override_band_label)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_qualification_reasons_display(self, assessment: Assessment) -> list[str]:
        return list(self._view(assessment).text.qualification_reasons)


class ItemSerializer(serializers.Serializer[InformationItem]):
    id = serializers.UUIDField()
    case_id = serializers.UUIDField()
    kind = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    author_organisation = serializers.CharField(source="author_organisation.name")
    created_at = serializers.DateTimeField()
    file_name = serializers.CharField(source="file_original_name")
    shares = ShareSerializer(many=True, source="shares.all")


class AuditEntrySerializer(serializers.Serializer[AuditEvent]):
    occurred_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_label")
    organisation = serializers.CharField(source="organisation_label")
    action = serializers.CharField()


def _case_payload(access: CaseAccess) -> dict[str, object]:
    case = access.case
    return {
        **CaseSummarySerializer(case, context={"grant": access.grant}).data,
        "persons": [present_person(p).as_dict() for p in selectors.case_persons(case=case)],
        "participants": _many(ParticipantSerializer(), selectors.participants(case=case)),
    }


# --- views -------------------------------------------------------------------------------


class CaseListPagination(BoundedLimitOffsetPagination):
    """`?limit=&offset=` as in every list of the API, but without counting every case the
    organisation sees: `count` is exact up to `listing.COUNT_CAP`, and beyond it is the
    cap with `count_capped` true; `next` is null on the last page whatever the count."""

    count_capped = False
    has_more = False

    def page(self, cases: QuerySet[Case], request: Request) -> list[Case]:
        """One page of `cases`, in the list's order; 400 for a bad limit or offset."""
        self.check_parameters(request)
        self.request = request
        self.limit = limit = self.get_limit(request)
        self.offset = offset = self.get_offset(request)
        rows = list(cases.order_by(*listing.CASE_LIST_ORDER)[offset : offset + limit + 1])
        self.has_more = len(rows) > limit
        counted = listing.bounded_count(cases, listing.COUNT_CAP)
        self.count_capped = counted > listing.COUNT_CAP
        self.count = min(counted, listing.COUNT_CAP)
        return rows[:limit]

    def get_next_link(self) -> str | None:
        if not self.has_more or self.request is None:
            return None
        limit, offset = self.limit or self.default_limit, self.offset or 0
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, self.limit_query_param, limit)
        return replace_query_param(url, self.offset_query_param, offset + limit)

    def get_paginated_response(self, data: object) -> Response:
        return Response(
            {
                "count": self.count,
                "count_capped": self.count_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, object]) -> dict[str, object]:
        response = super().get_paginated_response_schema(schema)
        properties = cast(dict[str, dict[str, object]], response["properties"])
        properties["count"]["description"] = (
            f"Number of cases in all pages together, counted up to {listing.COUNT_CAP}; "
            "when there are more, this is the cap and `count_capped` is true."
        )
        response["properties"] = {
            "count": properties["count"],
            "count_capped": {
                "type": "boolean",
                "example": False,
                "description": (
                    "True when there are more cases than `count` says; page with `next` "
                    "until it is null."
                ),
            },
            **{name: value for name, value in properties.items() if name != "count"},
        }
        response["required"] = [*cast(list[str], response.get("required", [])), "count_capped"]
        return response


class CaseListAPI(CaseAPIView):
    pagination_class = CaseListPagination

    @extend_schema(responses=CaseRowSerializer(many=True), summary="Cases you may see")
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        if not selectors.has_case_layer(actor):
            raise Http404
        with audited_atomic():
            tab = request.query_params.get("tab", selectors.CaseTab.ORGANISATION)
            paginator = CaseListPagination()
            cases = paginator.page(selectors.case_list(actor=actor, tab=tab), request)
            rows = services.read_case_rows(actor=actor, cases=list(cases), tab=tab)
            return paginator.get_paginated_response(_many(CaseRowSerializer(), rows))


class CaseDetailAPI(CaseAPIView):
    @extend_schema(responses=CaseDetailSerializer, summary="One case with its persons")
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        with audited_atomic():
            access = services.read_case(actor_of(request), case_id, CaseRead.CASE, via="api")
            return Response(_case_payload(access))


class CaseSummaryAPI(CaseAPIView):
    @extend_schema(responses=CaseSummarySerializer, summary="Conference-preparation facts")
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        with audited_atomic():
            access = services.read_case(actor_of(request), case_id, CaseRead.SUMMARY, via="api")
            return Response(
                CaseSummarySerializer(access.case, context={"grant": access.grant}).data
            )


class CaseItemsAPI(CaseAPIView):
    @extend_schema(responses=ItemSerializer(many=True), summary="Information visible to you")
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        with audited_atomic():
            _access, items = services.read_case_items(actor_of(request), case_id, via="api")
            return Response(_many(ItemSerializer(), items))


class CaseAssessmentsAPI(CaseAPIView):
    @extend_schema(responses=AssessmentSerializer(many=True), summary="Assessments timeline")
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        with audited_atomic():
            _access, assessments = services.read_case_assessments(
                actor_of(request), case_id, via="api"
            )
            return Response(_many(AssessmentSerializer(), assessments))


class CaseAccessLogAPI(CaseAPIView):
    @extend_schema(responses=AuditEntrySerializer(many=True), summary="Who has seen this case")
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        with audited_atomic():
            _access, events = services.read_access_log(actor_of(request), case_id, via="api")
            paginator = BoundedLimitOffsetPagination()
            page = paginator.paginate_queryset(events, request, view=self) or []
            return paginator.get_paginated_response(_many(AuditEntrySerializer(), page))


class PersonAPI(CaseAPIView):
    @extend_schema(responses=PersonSerializer, summary="One person (address masked if protected)")
    def get(self, request: Request, person_id: uuid.UUID) -> Response:
        with audited_atomic():
            access = services.read_person(actor_of(request), person_id, via="api")
            return Response(present_person(access.person).as_dict())


class ItemAPI(CaseAPIView):
    @extend_schema(responses=ItemSerializer, summary="One information item")
    def get(self, request: Request, item_id: uuid.UUID) -> Response:
        with audited_atomic():
            item = services.read_item(actor_of(request), item_id, via="api").item
            data = dict(ItemSerializer(item).data)
            if item.kind == ItemKind.ASSESSMENT:
                data["assessment"] = AssessmentSerializer(item.assessment).data
            return Response(data)


api_urlpatterns = [
    path("cases/", CaseListAPI.as_view(), name="api-cases-list"),
    path("cases/persons/<uuid:person_id>/", PersonAPI.as_view(), name="api-cases-person"),
    path("cases/items/<uuid:item_id>/", ItemAPI.as_view(), name="api-cases-item"),
    path("cases/<uuid:case_id>/", CaseDetailAPI.as_view(), name="api-cases-detail"),
    path("cases/<uuid:case_id>/summary/", CaseSummaryAPI.as_view(), name="api-cases-summary"),
    path("cases/<uuid:case_id>/items/", CaseItemsAPI.as_view(), name="api-cases-items"),
    path(
        "cases/<uuid:case_id>/assessments/",
        CaseAssessmentsAPI.as_view(),
        name="api-cases-assessments",
    ),
    path(
        "cases/<uuid:case_id>/access-log/", CaseAccessLogAPI.as_view(), name="api-cases-access-log"
    ),
]

# The referral routes (`cases.api_referrals`) build on `CaseAPIView` above.
from samvern.cases import api_referrals  # noqa: E402

api_urlpatterns += api_referrals.urlpatterns
