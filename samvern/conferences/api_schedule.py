"""The conference schedule over the API, under /api/v1/conferences/: conferences, series
and extra conferences, the agenda, attendance, confidentiality, conflicts, the
partnership's statement, holding a conference and bringing a case back.

The same access functions and services as the pages (`samvern.conferences.access`), the
same audit events, and the same answer (404) for a conference or case that does not exist
and one the caller may not use. Only a session with a verified second factor opens it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import Http404
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from samvern.accounts.actor import Actor, actor_of
from samvern.api.pagination import BoundedLimitOffsetPagination
from samvern.audit.services import audit_log
from samvern.cases.access import CaseAccess, Need, access_case, today
from samvern.cases.api_base import _many
from samvern.conferences import selectors_schedule as selectors
from samvern.conferences.access import (
    AgendaCaseAccess,
    ConferenceAccess,
    ConferenceNeed,
    ItemNeed,
    access_agenda_item,
    access_conference,
    agenda_items,
    may_manage_partnership,
)
from samvern.conferences.api_base import Data, ServiceAPIView, service_route
from samvern.conferences.models import (
    AgendaItem,
    AttendanceStatus,
    Attendee,
    Conference,
    ConfidentialityStatement,
    Recurrence,
    ReturnReason,
)
from samvern.conferences.selectors_schedule import AgendaEntry, AgendaView
from samvern.conferences.services import agenda as agenda_services
from samvern.conferences.services import attendance as attendance_services
from samvern.conferences.services import schedule as schedule_services
from samvern.core import limits
from samvern.partnerships.models import Partnership

TAGS = ["conferences"]
CONFERENCE_ID = OpenApiParameter("conference_id", uuid.UUID, OpenApiParameter.PATH)
ITEM_ID = OpenApiParameter("item_id", uuid.UUID, OpenApiParameter.PATH)


# --- serializers (output) ------------------------------------------------------------------


class ConferenceSerializer(serializers.Serializer[Conference]):
    id = serializers.UUIDField()
    partnership_id = serializers.UUIDField()
    partnership = serializers.CharField(source="partnership.name")
    series_id = serializers.UUIDField(allow_null=True)
    date = serializers.DateField()
    starts_at = serializers.TimeField()
    duration_minutes = serializers.IntegerField()
    location = serializers.CharField()
    is_extra = serializers.BooleanField()
    status = serializers.CharField()
    statement_version = serializers.SerializerMethodField(
        help_text="The confidentiality statement version fixed for this meeting, if any."
    )
    held_at = serializers.DateTimeField(allow_null=True)

    def get_statement_version(self, conference: Conference) -> int | None:
        return conference.statement.version if conference.statement else None


class CaseFactsSerializer(serializers.Serializer[AgendaEntry]):
    """Conference-preparation facts, only once the reader may see the meeting's case
    information (confirmed, no conflict)."""

    case_id = serializers.UUIDField(source="row.case.case.pk")
    state = serializers.CharField(source="row.case.case.state")
    referred_on = serializers.DateField(source="row.case.case.referred_on")
    source = serializers.CharField(source="row.case.case.source")  # type: ignore[assignment]
    reason = serializers.CharField(source="row.case.case.reason")
    referring_organisation = serializers.CharField(
        source="row.case.case.referring_organisation.name"
    )
    risk_band = serializers.CharField(source="row.case.case.risk_band")
    is_repeat = serializers.BooleanField(source="row.case.grant.repeat")
    participants = serializers.ListField(child=serializers.CharField())


class AgendaEntrySerializer(serializers.Serializer[AgendaEntry]):
    id = serializers.UUIDField(source="row.item.pk")
    reference = serializers.CharField(source="row.case.case.reference")
    position = serializers.IntegerField(source="row.item.position")
    reason = serializers.CharField(source="row.item.reason")
    urgent = serializers.BooleanField(source="row.item.urgent")
    conflicted = serializers.BooleanField(
        source="row.conflicted", help_text="You declared a conflict: the case is withheld."
    )
    facts = serializers.SerializerMethodField(
        help_text="Null until you may see the meeting's case information."
    )

    @extend_schema_field(CaseFactsSerializer(allow_null=True))
    def get_facts(self, entry: AgendaEntry) -> object:
        return CaseFactsSerializer(entry).data if entry.show_facts else None


class AgendaSerializer(serializers.Serializer[AgendaView]):
    items = AgendaEntrySerializer(many=True, source="entries")
    hidden = serializers.IntegerField(
        help_text="Agenda items whose reference you may not see (other organisations' cases)."
    )
    facts = serializers.BooleanField(help_text="You see the meeting's case information.")


class AttendeeSerializer(serializers.Serializer[Attendee]):
    id = serializers.UUIDField()
    user_id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    organisation_id = serializers.UUIDField()
    organisation = serializers.CharField(source="organisation.name")
    status = serializers.CharField()
    substitute_for = serializers.CharField()
    confirmed_version = serializers.SerializerMethodField()
    confirmed_at = serializers.DateTimeField(allow_null=True)

    def get_name(self, attendee: Attendee) -> str:
        return attendee.user.get_full_name() or attendee.user.get_username()

    def get_confirmed_version(self, attendee: Attendee) -> int | None:
        statement = attendee.confirmed_statement
        return statement.version if statement else None


class OwnPlaceSerializer(serializers.Serializer[ConferenceAccess]):
    manage = serializers.BooleanField()
    attending = serializers.BooleanField()
    confirmed = serializers.BooleanField()


class ConferenceDetailSerializer(ConferenceSerializer):
    me = OwnPlaceSerializer(help_text="Your place in this conference.")
    agenda = AgendaSerializer()
    attendees = AttendeeSerializer(many=True)


class StatementSerializer(serializers.Serializer[ConfidentialityStatement]):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class SeriesOutSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField()
    title = serializers.CharField()
    recurrence = serializers.CharField()
    interval = serializers.IntegerField()
    first_date = serializers.DateField()
    until = serializers.DateField(allow_null=True)
    conferences = serializers.ListField(child=serializers.DateField())


class HoldOutSerializer(serializers.Serializer[object]):
    heard = serializers.ListField(child=serializers.CharField())
    reviewed = serializers.ListField(child=serializers.CharField())
    not_moved = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


# --- serializers (input) -------------------------------------------------------------------


class SeriesInSerializer(serializers.Serializer[object]):
    partnership = serializers.UUIDField()
    title = serializers.CharField(max_length=200)
    recurrence = serializers.ChoiceField(choices=Recurrence.choices)
    interval = serializers.IntegerField(min_value=1, max_value=8, default=2)
    first_date = serializers.DateField()
    until = serializers.DateField(required=False, allow_null=True, default=None)
    starts_at = serializers.TimeField()
    duration_minutes = serializers.IntegerField(min_value=15, max_value=600, default=120)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ExtraInSerializer(serializers.Serializer[object]):
    partnership = serializers.UUIDField()
    date = serializers.DateField()
    starts_at = serializers.TimeField()
    duration_minutes = serializers.IntegerField(min_value=15, max_value=600, default=60)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reference = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", help_text="Urgent case."
    )


class ReferenceInSerializer(serializers.Serializer[object]):
    reference = serializers.CharField(max_length=20)


class MoveInSerializer(serializers.Serializer[object]):
    direction = serializers.ChoiceField(choices=["up", "down"])


class UrgentInSerializer(serializers.Serializer[object]):
    urgent = serializers.BooleanField()


class AttendeeInSerializer(serializers.Serializer[object]):
    user_id = serializers.IntegerField()
    organisation_id = serializers.UUIDField()
    status = serializers.ChoiceField(
        choices=AttendanceStatus.choices, default=AttendanceStatus.EXPECTED
    )
    substitute_for = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class AttendanceInSerializer(serializers.Serializer[object]):
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    substitute_for = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class ReasonInSerializer(serializers.Serializer[object]):
    reason = serializers.CharField(max_length=limits.COMMENT)


class StatementInSerializer(serializers.Serializer[object]):
    text = serializers.CharField(max_length=limits.LONG_TEXT)


class BringBackInSerializer(serializers.Serializer[object]):
    reason = serializers.ChoiceField(choices=ReturnReason.choices)
    note = serializers.CharField(max_length=limits.COMMENT, required=False, allow_blank=True)


# --- access ----------------------------------------------------------------------------------


def _coordinated(actor: Actor, partnership_id: uuid.UUID) -> Partnership:
    partnership = selectors.coordinated_partnerships(actor).filter(pk=partnership_id).first()
    if partnership is None:
        raise Http404
    return partnership


def _viewed(actor: Actor, conference_id: uuid.UUID) -> ConferenceAccess:
    return access_conference(actor, conference_id, ConferenceNeed.VIEW, day=today())


def _managed(actor: Actor, conference_id: uuid.UUID) -> ConferenceAccess:
    return access_conference(actor, conference_id, ConferenceNeed.MANAGE, day=today())


def _attending(actor: Actor, conference_id: uuid.UUID) -> ConferenceAccess:
    access = _viewed(actor, conference_id)
    if not access.attending:
        raise Http404
    return access


ManagedItem = tuple[ConferenceAccess, AgendaItem]


def _managed_item(actor: Actor, item_id: uuid.UUID) -> ManagedItem:
    conference_id = (
        AgendaItem.objects.filter(pk=item_id).values_list("conference_id", flat=True).first()
    )
    if conference_id is None:
        raise Http404
    access = _managed(actor, conference_id)
    item = agenda_items(access.conference).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return access, item


def _attending_item(actor: Actor, item_id: uuid.UUID) -> AgendaCaseAccess:
    found = access_agenda_item(actor, item_id, ItemNeed.REFERENCE, day=today())
    if found.conference.attendee is None:
        raise Http404
    return found


ManagedAttendee = tuple[ConferenceAccess, Attendee]


def _managed_attendee(actor: Actor, attendee_id: uuid.UUID) -> ManagedAttendee:
    conference_id = (
        Attendee.objects.filter(pk=attendee_id).values_list("conference_id", flat=True).first()
    )
    if conference_id is None:
        raise Http404
    access = _managed(actor, conference_id)
    return access, Attendee.objects.get(pk=attendee_id)


def _brought_back_by_coordinator(actor: Actor, case_id: uuid.UUID) -> CaseAccess:
    found = access_case(actor, case_id, Need.CONFERENCE)
    if not may_manage_partnership(actor, found.case.partnership.coordinator_id):
        raise Http404
    return found


# --- answers ---------------------------------------------------------------------------------


def _read_agenda(actor: Actor, access: ConferenceAccess) -> AgendaView:
    """The agenda as the reader may see it, recorded as the page records it."""
    day = today()
    agenda = selectors.agenda_view(actor, access, day)
    audit_log(
        actor=actor,
        action="conference.schedule.viewed",
        target=access.conference,
        organisation=actor.organisation,
        detail={
            "conference": str(access.conference.pk),
            "facts": agenda.facts,
            "cases": [str(entry.row.case.case.pk) for entry in agenda.entries if entry.show_facts],
            "references": [row.case.case.reference for row in agenda.rows],
            "via": "api",
        },
    )
    attendance_services.record_exclusions(actor=actor, withheld=agenda.withheld)
    return agenda


def _agenda(actor: Actor, access: ConferenceAccess) -> object:
    return AgendaSerializer(_read_agenda(actor, access)).data


def _attendee(access: ConferenceAccess, attendee: Attendee) -> object:
    return AttendeeSerializer(selectors.attendees(access.conference).get(pk=attendee.pk)).data


def _date(value: object) -> dt.date:
    assert isinstance(value, dt.date)
    return value


def _time(value: object) -> dt.time:
    assert isinstance(value, dt.time)
    return value


# --- what each route does --------------------------------------------------------------------


def _create_series(actor: Actor, partnership: Partnership, data: Data) -> object:
    series = schedule_services.create_series(
        actor=actor,
        partnership=partnership,
        data=schedule_services.SeriesData(
            title=str(data["title"]),
            recurrence=str(data["recurrence"]),
            interval=int(str(data["interval"])),
            first_date=_date(data["first_date"]),
            until=_date(data["until"]) if data["until"] else None,
            starts_at=_time(data["starts_at"]),
            duration_minutes=int(str(data["duration_minutes"])),
            location=str(data["location"]),
        ),
        today=today(),
    )
    body = {
        "id": series.pk,
        "title": series.title,
        "recurrence": series.recurrence,
        "interval": series.interval,
        "first_date": series.first_date,
        "until": series.until,
        "conferences": list(series.conferences.order_by("date").values_list("date", flat=True)),
    }
    return SeriesOutSerializer(body).data


def _create_extra(actor: Actor, partnership: Partnership, data: Data) -> object:
    day = today()
    urgent = None
    if data["reference"]:
        urgent = agenda_services.find_case(
            actor=actor, partnership_id=partnership.pk, reference=str(data["reference"]), day=day
        )
    conference = schedule_services.create_extra(
        actor=actor,
        partnership=partnership,
        data=schedule_services.ExtraData(
            date=_date(data["date"]),
            starts_at=_time(data["starts_at"]),
            duration_minutes=int(str(data["duration_minutes"])),
            location=str(data["location"]),
        ),
        today=day,
        urgent_case=urgent,
    )
    return ConferenceSerializer(conference).data


def _detail(actor: Actor, access: ConferenceAccess, data: Data) -> object:
    conference = access.conference
    return {
        **ConferenceSerializer(conference).data,
        "me": OwnPlaceSerializer(access).data,
        "agenda": _agenda(actor, access),
        "attendees": _many(AttendeeSerializer(), selectors.attendees(conference)),
    }


def _show_agenda(actor: Actor, access: ConferenceAccess, data: Data) -> object:
    return _agenda(actor, access)


def _add_case(actor: Actor, access: ConferenceAccess, data: Data) -> object:
    day = today()
    found = agenda_services.find_case(
        actor=actor,
        partnership_id=access.conference.partnership_id,
        reference=str(data["reference"]),
        day=day,
    )
    agenda_services.add_case(actor=actor, access=access, case=found, day=day)
    return _agenda(actor, access)


def _build_agenda(actor: Actor, access: ConferenceAccess, data: Data) -> object:
    agenda_services.build_agenda(actor=actor, access=access, day=today())
    return _agenda(actor, access)


def _remove_item(actor: Actor, found: ManagedItem, data: Data) -> None:
    access, item = found
    agenda_services.remove_item(actor=actor, access=access, item=item)


def _move_item(actor: Actor, found: ManagedItem, data: Data) -> object:
    access, item = found
    agenda_services.move_item(
        actor=actor, access=access, item=item, direction=str(data["direction"])
    )
    return _agenda(actor, access)


def _set_urgent(actor: Actor, found: ManagedItem, data: Data) -> object:
    access, item = found
    agenda_services.set_urgent(actor=actor, access=access, item=item, urgent=bool(data["urgent"]))
    return _agenda(actor, access)


def _declare_conflict(actor: Actor, found: AgendaCaseAccess, data: Data) -> object:
    attendance_services.declare_conflict(actor=actor, item=found, reason=str(data["reason"]))
    found = access_agenda_item(actor, found.item.pk, ItemNeed.REFERENCE, day=today())
    entry = AgendaEntry(row=found, show_facts=False, participants=[])
    return AgendaEntrySerializer(entry).data


def _list_attendees(actor: Actor, access: ConferenceAccess, data: Data) -> object:
    return _many(AttendeeSerializer(), selectors.attendees(access.conference))


def _add_attendee(actor: Actor, access: ConferenceAccess, data: Data) -> object:
    day = today()
    membership = (
        attendance_services.candidate_memberships(access.conference.partnership, day)
        .filter(
            user_id=int(str(data["user_id"])),
            organisation_id=uuid.UUID(str(data["organisation_id"])),
        )
        .first()
    )
    if membership is None:
        raise attendance_services.AttendanceError(
            {"user_id": _("Only people with a case role in a member organisation can attend.")}
        )
    attendee = attendance_services.add_attendee(
        actor=actor,
        access=access,
        user=membership.user,
        organisation=membership.organisation,
        day=day,
        status=str(data["status"]),
        substitute_for=str(data["substitute_for"]),
    )
    return _attendee(access, attendee)


def _set_attendance(actor: Actor, found: ManagedAttendee, data: Data) -> object:
    access, attendee = found
    attendance_services.set_attendance(
        actor=actor,
        access=access,
        attendee=attendee,
        status=str(data["status"]),
        substitute_for=str(data["substitute_for"]),
    )
    return _attendee(access, attendee)


def _confirm(actor: Actor, access: ConferenceAccess, data: Data) -> object:
    return _attendee(access, attendance_services.confirm_statement(actor=actor, access=access))


def _hold(actor: Actor, access: ConferenceAccess, data: Data) -> object:
    result = schedule_services.hold_conference(actor=actor, access=access, day=today())
    body = {
        "heard": [case.reference for case in result.heard],
        "reviewed": [case.reference for case in result.reviewed],
        "not_moved": [
            {"reference": row.reference, "reason": row.reason} for row in result.not_moved
        ],
    }
    return HoldOutSerializer(body).data


def _bring_back(actor: Actor, found: CaseAccess, data: Data) -> object:
    schedule_services.bring_back(
        actor=actor, access=found, reason=str(data["reason"]), note=str(data.get("note", ""))
    )
    return {"case_id": str(found.case.pk), "state": found.case.state}


def _write_statement(actor: Actor, partnership: Partnership, data: Data) -> object:
    statement = attendance_services.write_statement(
        actor=actor, partnership=partnership, text=str(data["text"])
    )
    return StatementSerializer(statement).data


# --- views ---------------------------------------------------------------------------------


class ScheduleAPIView(ServiceAPIView):
    """Every answer in one transaction; a service's refusal is a 400 with its messages."""


class ConferenceListAPI(ScheduleAPIView):
    @extend_schema(
        tags=TAGS,
        summary="Conferences you may see",
        parameters=[
            OpenApiParameter(
                "when",
                str,
                OpenApiParameter.QUERY,
                enum=["upcoming", "past"],
                description="Upcoming planned conferences (the default), or held, cancelled "
                "and earlier ones.",
            )
        ],
        responses=ConferenceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        day = today()
        if not selectors.has_conferences(actor, day):
            raise Http404
        rows = (
            selectors.past(actor, day)
            if request.query_params.get("when") == "past"
            else selectors.upcoming(actor, day)
        ).select_related("statement")
        paginator = BoundedLimitOffsetPagination()
        page = paginator.paginate_queryset(rows, request, view=self) or []
        return paginator.get_paginated_response(_many(ConferenceSerializer(), page))


class SeriesCreateAPI(ScheduleAPIView):
    post = extend_schema(
        tags=TAGS,
        summary="Start a conference series",
        description="Plans the series' conferences for the coming six months. For the "
        "conference coordinators of the partnership's coordinating organisation.",
        request=SeriesInSerializer,
        responses={201: SeriesOutSerializer},
    )(
        service_route(
            find=_coordinated,
            key_field="partnership",
            input=SeriesInSerializer,
            perform=_create_series,
            status=status.HTTP_201_CREATED,
        )
    )


class ExtraCreateAPI(ScheduleAPIView):
    post = extend_schema(
        tags=TAGS,
        summary="Plan an extra conference at short notice",
        request=ExtraInSerializer,
        responses={201: ConferenceSerializer},
    )(
        service_route(
            find=_coordinated,
            key_field="partnership",
            input=ExtraInSerializer,
            perform=_create_extra,
            status=status.HTTP_201_CREATED,
        )
    )


class ConferenceDetailAPI(ScheduleAPIView):
    get = extend_schema(
        tags=TAGS,
        summary="One conference: agenda as you may see it, attendance",
        parameters=[CONFERENCE_ID],
        responses=ConferenceDetailSerializer,
    )(service_route(find=_viewed, perform=_detail))


class AgendaAPI(ScheduleAPIView):
    get = extend_schema(
        tags=TAGS,
        summary="The agenda as you may see it",
        parameters=[CONFERENCE_ID],
        responses=AgendaSerializer,
    )(service_route(find=_viewed, perform=_show_agenda))

    post = extend_schema(
        tags=TAGS,
        summary="Add a case to the agenda by its reference",
        parameters=[CONFERENCE_ID],
        request=ReferenceInSerializer,
        responses={201: AgendaSerializer},
    )(
        service_route(
            find=_managed,
            input=ReferenceInSerializer,
            perform=_add_case,
            status=status.HTTP_201_CREATED,
        )
    )


class AgendaBuildAPI(ScheduleAPIView):
    post = extend_schema(
        tags=TAGS,
        summary="Build the agenda",
        description="Adds the partnership's cases awaiting conference and those with open "
        "action points due by the conference date that are not on the agenda yet.",
        parameters=[CONFERENCE_ID],
        request=None,
        responses=AgendaSerializer,
    )(service_route(find=_managed, perform=_build_agenda))


class AgendaItemAPI(ScheduleAPIView):
    delete = extend_schema(
        tags=TAGS,
        summary="Take a case off the agenda",
        parameters=[ITEM_ID],
        responses={204: None},
    )(service_route(find=_managed_item, perform=_remove_item, status=status.HTTP_204_NO_CONTENT))


class AgendaMoveAPI(ScheduleAPIView):
    post = extend_schema(
        tags=TAGS,
        summary="Move an agenda item up or down",
        parameters=[ITEM_ID],
        request=MoveInSerializer,
        responses=AgendaSerializer,
    )(service_route(find=_managed_item, input=MoveInSerializer, perform=_move_item))


class AgendaUrgentAPI(ScheduleAPIView):
    post = extend_schema(
        tags=TAGS,
        summary="Mark an agenda item urgent, or not",
        parameters=[ITEM_ID],
        request=UrgentInSerializer,
        responses=AgendaSerializer,
    )(service_route(find=_managed_item, input=UrgentInSerializer, perform=_set_urgent))


class ConflictAPI(ScheduleAPIView):
    post = extend_schema(
        tags=TAGS,
        summary="Declare a conflict of interest for one agenda case",
        parameters=[ITEM_ID],
        request=ReasonInSerializer,
        responses={201: AgendaEntrySerializer},
    )(
        service_route(
            find=_attending_item,
            input=ReasonInSerializer,
            perform=_declare_conflict,
            status=status.HTTP_201_CREATED,
        )
    )


class AttendanceAPI(ScheduleAPIView):
    get = extend_schema(
        tags=TAGS,
        summary="The attendance list",
        parameters=[CONFERENCE_ID],
        responses=AttendeeSerializer(many=True),
    )(service_route(find=_viewed, perform=_list_attendees))

    post = extend_schema(
        tags=TAGS,
        summary="Put a person on the attendance list",
        description="A person with a case role in a member organisation of the partnership.",
        parameters=[CONFERENCE_ID],
        request=AttendeeInSerializer,
        responses={201: AttendeeSerializer},
    )(
        service_route(
            find=_managed,
            input=AttendeeInSerializer,
            perform=_add_attendee,
            status=status.HTTP_201_CREATED,
        )
    )


class AttendeeAPI(ScheduleAPIView):
    patch = extend_schema(
        tags=TAGS,
        summary="Set a person's attendance: present, apologies or substitute (named)",
        parameters=[OpenApiParameter("attendee_id", uuid.UUID, OpenApiParameter.PATH)],
        request=AttendanceInSerializer,
        responses=AttendeeSerializer,
    )(service_route(find=_managed_attendee, input=AttendanceInSerializer, perform=_set_attendance))


class ConfirmAPI(ScheduleAPIView):
    post = extend_schema(
        tags=TAGS,
        summary="Confirm the meeting's confidentiality statement",
        description="For people on the attendance list. The first confirmation fixes the "
        "meeting's statement to the version then in force.",
        parameters=[CONFERENCE_ID],
        request=None,
        responses=AttendeeSerializer,
    )(service_route(find=_attending, perform=_confirm))


class HoldAPI(ScheduleAPIView):
    post = extend_schema(
        tags=TAGS,
        summary="Mark the conference held",
        description="Agenda cases awaiting conference move to heard; a case that could not "
        "be moved is reported under not_moved.",
        parameters=[CONFERENCE_ID],
        request=None,
        responses=HoldOutSerializer,
    )(service_route(find=_managed, perform=_hold))


class BringBackAPI(ScheduleAPIView):
    post = extend_schema(
        tags=TAGS,
        summary="Bring a case back to a conference",
        description="A case with actions in progress or under monitoring goes back to "
        "awaiting conference, without a closure, with the reason.",
        parameters=[OpenApiParameter("case_id", uuid.UUID, OpenApiParameter.PATH)],
        request=BringBackInSerializer,
        responses={201: None},
    )(
        service_route(
            find=_brought_back_by_coordinator,
            input=BringBackInSerializer,
            perform=_bring_back,
            status=status.HTTP_201_CREATED,
        )
    )


class StatementAPI(ScheduleAPIView):
    @extend_schema(
        tags=TAGS,
        summary="The partnership's confidentiality statement, newest version first",
        parameters=[OpenApiParameter("partnership_id", uuid.UUID, OpenApiParameter.PATH)],
        responses=StatementSerializer(many=True),
    )
    def get(self, request: Request, partnership_id: uuid.UUID) -> Response:
        partnership = selectors.access_statement_partnership(
            actor_of(request), partnership_id, today()
        )
        rows = ConfidentialityStatement.objects.filter(partnership=partnership).order_by("-version")
        return Response(_many(StatementSerializer(), rows))

    post = extend_schema(
        tags=TAGS,
        summary="Write a new version of the statement",
        parameters=[OpenApiParameter("partnership_id", uuid.UUID, OpenApiParameter.PATH)],
        request=StatementInSerializer,
        responses={201: StatementSerializer},
    )(
        service_route(
            find=_coordinated,
            input=StatementInSerializer,
            perform=_write_statement,
            status=status.HTTP_201_CREATED,
        )
    )


api_urlpatterns: list[URLPattern] = [
    path("conferences/", ConferenceListAPI.as_view(), name="api-conferences-list"),
    path("conferences/series/", SeriesCreateAPI.as_view(), name="api-conferences-series"),
    path("conferences/extra/", ExtraCreateAPI.as_view(), name="api-conferences-extra"),
    path(
        "conferences/<uuid:conference_id>/",
        ConferenceDetailAPI.as_view(),
        name="api-conferences-detail",
    ),
    path(
        "conferences/<uuid:conference_id>/agenda/",
        AgendaAPI.as_view(),
        name="api-conferences-agenda",
    ),
    path(
        "conferences/<uuid:conference_id>/agenda/build/",
        AgendaBuildAPI.as_view(),
        name="api-conferences-agenda-build",
    ),
    path(
        "conferences/agenda-items/<uuid:item_id>/",
        AgendaItemAPI.as_view(),
        name="api-conferences-agenda-item",
    ),
    path(
        "conferences/agenda-items/<uuid:item_id>/move/",
        AgendaMoveAPI.as_view(),
        name="api-conferences-agenda-move",
    ),
    path(
        "conferences/agenda-items/<uuid:item_id>/urgent/",
        AgendaUrgentAPI.as_view(),
        name="api-conferences-agenda-urgent",
    ),
    path(
        "conferences/agenda-items/<uuid:item_id>/conflict/",
        ConflictAPI.as_view(),
        name="api-conferences-conflict",
    ),
    path(
        "conferences/<uuid:conference_id>/attendees/",
        AttendanceAPI.as_view(),
        name="api-conferences-attendees",
    ),
    path(
        "conferences/attendees/<uuid:attendee_id>/",
        AttendeeAPI.as_view(),
        name="api-conferences-attendee",
    ),
    path(
        "conferences/<uuid:conference_id>/confirm/",
        ConfirmAPI.as_view(),
        name="api-conferences-confirm",
    ),
    path("conferences/<uuid:conference_id>/hold/", HoldAPI.as_view(), name="api-conferences-hold"),
    path(
        "conferences/cases/<uuid:case_id>/bring-back/",
        BringBackAPI.as_view(),
        name="api-conferences-bring-back",
    ),
    path(
        "conferences/partnerships/<uuid:partnership_id>/statement/",
        StatementAPI.as_view(),
        name="api-conferences-statement",
    ),
]
