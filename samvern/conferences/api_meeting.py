"""One agenda case over the API, under /api/v1/conferences/items/<id>/: the case as the
reader may see it at that conference, the acting organisation's own research, the other
organisations' research, the minutes and the action points agreed and carried over.

The same access (`samvern.conferences.access`), services and audited reads as the pages
(`samvern.conferences.services.meeting`); persons are masked by `present_person`. Like
the case API, only a signed-in session with a verified second factor opens it, and a 404
(missing or not allowed, the same answer) is recorded as a refusal.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

from django.http import Http404, JsonResponse
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.utils.serializer_helpers import ReturnList

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, User
from samvern.cases.api import PersonSerializer
from samvern.cases.models import LegalBasis
from samvern.conferences.access import AgendaCaseAccess, ItemNeed, access_agenda_item
from samvern.conferences.api_base import Data, ServiceAPIView, service_route
from samvern.conferences.models import ActionPoint, Minutes, Research
from samvern.conferences.services import meeting
from samvern.core import limits
from samvern.risk.display import any_band_label

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

DATE_INPUT_FORMATS = ["iso-8601", "%d.%m.%Y"]


def _many(child: serializers.Serializer[T], objects: Iterable[T]) -> ReturnList[object]:
    return serializers.ListSerializer[list[T]](list(objects), child=child).data


# --- output ----------------------------------------------------------------------------------


class AgendaResearchSerializer(serializers.Serializer[Research]):
    id = serializers.UUIDField()
    organisation = serializers.CharField(source="organisation.name")
    organisation_id = serializers.UUIDField()
    body = serializers.CharField()
    legal_basis = serializers.CharField()
    legal_basis_label = serializers.CharField(source="get_legal_basis_display")
    statutory_basis = serializers.CharField()
    author = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    def get_author(self, research: Research) -> str:
        return research.author.get_full_name() or research.author.username


class AgendaMinutesSerializer(serializers.Serializer[Minutes]):
    id = serializers.UUIDField()
    risk_summary = serializers.CharField()
    discussion = serializers.CharField()
    decisions = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")
    updated_at = serializers.DateTimeField()


class AgendaActionPointSerializer(serializers.Serializer[ActionPoint]):
    id = serializers.UUIDField()
    case_id = serializers.UUIDField()
    agreed_at_item = serializers.UUIDField(source="item_id")
    agreed_on = serializers.DateField(source="item.conference.date")
    organisation = serializers.CharField(source="organisation.name")
    organisation_id = serializers.UUIDField()
    assignee = serializers.SerializerMethodField()
    description = serializers.CharField()
    due_on = serializers.DateField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField(source="get_outcome_display")
    outcome_reason = serializers.CharField()
    outcome_on = serializers.DateField(allow_null=True)

    def get_assignee(self, point: ActionPoint) -> str | None:
        user = point.assignee
        return (user.get_full_name() or user.username) if user is not None else None


class AgendaActionPointsSerializer(serializers.Serializer[meeting.ActionPoints]):
    agreed = AgendaActionPointSerializer(many=True)
    carried_over = AgendaActionPointSerializer(many=True)


class AgendaFactsSerializer(serializers.Serializer[object]):
    state = serializers.CharField()
    referred_on = serializers.DateField()
    reason = serializers.CharField()
    risk_band = serializers.CharField()
    risk_band_label = serializers.CharField()
    is_repeat = serializers.BooleanField()
    organisations = serializers.ListField(child=serializers.CharField())


class AgendaPermissionsSerializer(serializers.Serializer[object]):
    write_research = serializers.BooleanField()
    write_minutes = serializers.BooleanField(help_text="Also adding action points.")


class AgendaItemDetailSerializer(serializers.Serializer[object]):
    """What the agenda case page shows, as the reader may see it: a part they may not
    see is null (a list part: null too), never an empty value that could be mistaken
    for "nothing written"."""

    id = serializers.UUIDField()
    conference_id = serializers.UUIDField()
    conference_date = serializers.DateField()
    case_id = serializers.UUIDField()
    reference = serializers.CharField()
    agenda_reason = serializers.CharField()
    urgent = serializers.BooleanField()
    conflicted = serializers.BooleanField(
        help_text="A declared conflict of interest: nothing of the case is shown."
    )
    facts = AgendaFactsSerializer(allow_null=True)
    persons = PersonSerializer(many=True, allow_null=True)
    own_research = AgendaResearchSerializer(allow_null=True)
    other_research = AgendaResearchSerializer(many=True, allow_null=True)
    minutes = AgendaMinutesSerializer(allow_null=True)
    action_points = AgendaActionPointsSerializer(allow_null=True)
    permissions = AgendaPermissionsSerializer()


def _points_payload(points: meeting.ActionPoints) -> dict[str, object]:
    return {
        "agreed": _many(AgendaActionPointSerializer(), points.agreed),
        "carried_over": _many(AgendaActionPointSerializer(), points.carried_over),
    }


def _item_payload(page: meeting.ItemPage) -> dict[str, object]:
    access = page.access
    case = access.case.case
    item = access.item
    facts = None
    if page.facts:
        facts = {
            "state": case.state,
            "referred_on": case.referred_on,
            "reason": case.reason,
            "risk_band": case.risk_band,
            "risk_band_label": any_band_label(case.risk_band) if case.risk_band else "",
            "is_repeat": access.case.grant.repeat,
            "organisations": [o.name for o in page.participating],
        }
    data = {
        "id": item.pk,
        "conference_id": item.conference_id,
        "conference_date": access.conference.conference.date,
        "case_id": case.pk,
        "reference": case.reference,
        "agenda_reason": item.reason,
        "urgent": item.urgent,
        "conflicted": page.conflicted,
        "facts": facts,
        "persons": [p.as_dict() for p in page.persons] if page.meeting else None,
        "own_research": (
            AgendaResearchSerializer(page.own_research).data if page.own_research else None
        ),
        "other_research": (
            _many(AgendaResearchSerializer(), page.other_research) if page.meeting else None
        ),
        "minutes": AgendaMinutesSerializer(page.minutes).data if page.minutes else None,
        "action_points": _points_payload(page.action_points) if page.meeting else None,
        "permissions": {
            "write_research": page.may_write_research,
            "write_minutes": page.may_write_minutes,
        },
    }
    return data


# --- input -----------------------------------------------------------------------------------


class AgendaResearchInputSerializer(serializers.Serializer[meeting.ResearchData]):
    body = serializers.CharField(max_length=limits.LONG_TEXT)
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices)
    statutory_basis = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class AgendaMinutesInputSerializer(serializers.Serializer[meeting.MinutesData]):
    risk_summary = serializers.CharField(
        max_length=limits.LONG_TEXT, required=False, allow_blank=True, default=""
    )
    discussion = serializers.CharField(
        max_length=limits.LONG_TEXT, required=False, allow_blank=True, default=""
    )
    decisions = serializers.CharField(
        max_length=limits.LONG_TEXT, required=False, allow_blank=True, default=""
    )


class AgendaActionPointInputSerializer(serializers.Serializer[meeting.ActionPointData]):
    organisation = serializers.UUIDField(
        help_text="The responsible organisation: one taking part in the case."
    )
    assignee = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Optional: a case worker or coordinator of that organisation (user id).",
    )
    description = serializers.CharField(max_length=limits.COMMENT)
    due_on = serializers.DateField(
        input_formats=DATE_INPUT_FORMATS, help_text="YYYY-MM-DD or DD.MM.YYYY."
    )


def _point_data(data: Data) -> meeting.ActionPointData:
    """The organisation and person named by id; whether they may own the point is the
    service's rule (an unknown id is refused with the same message as an unsuitable one)."""
    wanted, person = data["organisation"], data.get("assignee")
    assert isinstance(wanted, uuid.UUID) and (person is None or isinstance(person, int))
    organisation = Organisation.objects.filter(pk=wanted).first()
    if organisation is None:
        raise meeting.MeetingRuleError({"organisation": meeting.OWNER_NOT_PARTICIPATING})
    assignee: User | None = None
    if person is not None:
        assignee = User.objects.filter(pk=person).first()
        if assignee is None:
            raise meeting.MeetingRuleError({"assignee": meeting.ASSIGNEE_NOT_MEMBER})
    description, due_on = data["description"], data["due_on"]
    assert isinstance(description, str) and isinstance(due_on, dt.date)
    return meeting.ActionPointData(
        organisation=organisation, assignee=assignee, description=description, due_on=due_on
    )


# --- access ----------------------------------------------------------------------------------


def _researching(actor: Actor, item_id: uuid.UUID) -> AgendaCaseAccess:
    return access_agenda_item(actor, item_id, ItemNeed.RESEARCH)


def _minuting(actor: Actor, item_id: uuid.UUID) -> AgendaCaseAccess:
    access = access_agenda_item(actor, item_id, ItemNeed.MEETING)
    if not meeting.may_write_minutes(access):
        raise Http404
    return access


class _Reader(Protocol[R_co]):
    def __call__(
        self, actor: Actor, item_id: object, *, via: str | None = None
    ) -> tuple[AgendaCaseAccess, R_co]: ...


def _read(reader: _Reader[R]) -> Callable[[Actor, uuid.UUID], R]:
    """An audited read of the meeting service as an access function (`via="api"`)."""

    def find(actor: Actor, item_id: uuid.UUID) -> R:
        return reader(actor, item_id, via="api")[1]

    return find


def _read_page(actor: Actor, item_id: uuid.UUID) -> meeting.ItemPage:
    return meeting.read_item_page(actor, item_id, via="api")


# --- what each route does --------------------------------------------------------------------


def _null_or(
    serializer: type[serializers.Serializer[T]],
) -> Callable[[Actor, T | None, Data], object]:
    def answer(actor: Actor, found: T | None, data: Data) -> object:
        if found is None:
            # JSON null: allowed, nothing written yet.
            return JsonResponse(None, safe=False)
        return serializer(found).data

    return answer


def _save_research(actor: Actor, access: AgendaCaseAccess, data: Data) -> object:
    research = meeting.save_research(
        actor=actor,
        access=access,
        data=meeting.ResearchData(
            body=str(data["body"]),
            legal_basis=str(data["legal_basis"]),
            statutory_basis=str(data.get("statutory_basis") or ""),
        ),
    )
    return AgendaResearchSerializer(research).data


def _save_minutes(actor: Actor, access: AgendaCaseAccess, data: Data) -> object:
    minutes = meeting.save_minutes(
        actor=actor,
        access=access,
        data=meeting.MinutesData(
            risk_summary=str(data.get("risk_summary") or ""),
            discussion=str(data.get("discussion") or ""),
            decisions=str(data.get("decisions") or ""),
        ),
    )
    return AgendaMinutesSerializer(minutes).data


def _add_action_point(actor: Actor, access: AgendaCaseAccess, data: Data) -> object:
    point = meeting.add_action_point(actor=actor, access=access, data=_point_data(data))
    point = ActionPoint.objects.select_related("organisation", "assignee", "item__conference").get(
        pk=point.pk
    )
    return AgendaActionPointSerializer(point).data


# --- views -----------------------------------------------------------------------------------


class ItemAPI(ServiceAPIView):
    get = extend_schema(
        responses=AgendaItemDetailSerializer,
        summary="One agenda case at a conference, as far as you may see it",
    )(service_route(find=_read_page, perform=lambda actor, page, data: _item_payload(page)))


class OwnResearchAPI(ServiceAPIView):
    get = extend_schema(
        responses=AgendaResearchSerializer(allow_null=True),
        summary="Your organisation's research for an agenda case (null until written)",
    )(
        service_route(
            find=_read(meeting.read_own_research), perform=_null_or(AgendaResearchSerializer)
        )
    )

    put = extend_schema(
        request=AgendaResearchInputSerializer,
        responses=AgendaResearchSerializer,
        summary="Write or update your organisation's research for an agenda case",
    )(
        service_route(
            find=_researching,
            input=AgendaResearchInputSerializer,
            input_after_access=True,
            perform=_save_research,
        )
    )


class OtherResearchAPI(ServiceAPIView):
    get = extend_schema(
        responses=AgendaResearchSerializer(many=True),
        summary="The other organisations' research for an agenda case",
    )(
        service_route(
            find=_read(meeting.read_other_research),
            perform=lambda actor, rows, data: _many(AgendaResearchSerializer(), rows),
        )
    )


class MinutesAPI(ServiceAPIView):
    get = extend_schema(
        responses=AgendaMinutesSerializer(allow_null=True),
        summary="The minutes of an agenda case (null until written)",
    )(service_route(find=_read(meeting.read_minutes), perform=_null_or(AgendaMinutesSerializer)))

    put = extend_schema(
        request=AgendaMinutesInputSerializer,
        responses=AgendaMinutesSerializer,
        summary="Write or update the minutes of an agenda case",
    )(
        service_route(
            find=_minuting,
            input=AgendaMinutesInputSerializer,
            input_after_access=True,
            perform=_save_minutes,
        )
    )


class ActionPointsAPI(ServiceAPIView):
    get = extend_schema(
        responses=AgendaActionPointsSerializer,
        summary="Action points agreed at an agenda case and carried over to it",
    )(
        service_route(
            find=_read(meeting.read_action_points),
            perform=lambda actor, points, data: _points_payload(points),
        )
    )

    post = extend_schema(
        request=AgendaActionPointInputSerializer,
        responses={201: AgendaActionPointSerializer},
        summary="Agree an action point for an agenda case",
    )(
        service_route(
            find=_minuting,
            input=AgendaActionPointInputSerializer,
            input_after_access=True,
            perform=_add_action_point,
            status=status.HTTP_201_CREATED,
        )
    )


api_urlpatterns: list[URLPattern] = [
    path("conferences/items/<uuid:item_id>/", ItemAPI.as_view(), name="api-conferences-item"),
    path(
        "conferences/items/<uuid:item_id>/research/",
        OwnResearchAPI.as_view(),
        name="api-conferences-item-research",
    ),
    path(
        "conferences/items/<uuid:item_id>/research/others/",
        OtherResearchAPI.as_view(),
        name="api-conferences-item-research-others",
    ),
    path(
        "conferences/items/<uuid:item_id>/minutes/",
        MinutesAPI.as_view(),
        name="api-conferences-item-minutes",
    ),
    path(
        "conferences/items/<uuid:item_id>/action-points/",
        ActionPointsAPI.as_view(),
        name="api-conferences-item-action-points",
    ),
]
