"""The only way to fetch a conference, an agenda case or an action point for a user.

Built on the case layer's rules (`samvern.cases.access`): nothing here widens what a
case grant allows, it only narrows it for what belongs to one meeting. Every function
raises the same `Http404` for "does not exist" and "not allowed".

Who sees what (the acting organisation is `actor.organisation`):

- A conference (date, time, place, status, attendees): people holding a case content
  role (case worker, conference coordinator) in an organisation that is a member of the
  partnership today, and the conference coordinators of the partnership's coordinating
  organisation. Nobody else: not a data protection officer, not an organisation that has
  left the partnership, not a superuser.
- Managing it (schedule, agenda, attendance, holding the meeting, moving the agenda's
  cases through their states): the conference coordinators of the coordinating
  organisation only.
- An agenda case's reference, reason and urgency: those with the case's conference
  grant (organisations taking part in the case, and the partnership's coordinators),
  as everywhere in the case layer. Everyone else sees that the agenda has more items,
  no more.
- The meeting's case information for one agenda case (other agencies' research, the
  minutes, the action points agreed and carried over): a person whose organisation
  takes part in the case (case content grant) and attends the conference, and who
  - if they are on the attendance list themselves: has confirmed the meeting's
    confidentiality statement and has not declared a conflict for that case;
  - if not: only once the conference has been held (their organisation's record of
    the meeting), and never before.
  A coordinator whose organisation does not take part in the case runs the agenda but
  never sees this.
- An organisation's own research for a case: its own people with the case content
  grant, unless they declared a conflict for that case at this conference.
- An action point: its owning organisation's people with the case content grant (on
  "my organisation's actions" and through the API), and whoever may see the meeting's
  case information of the agenda case it was agreed at or carried over to. Only the
  owning organisation records its outcome. A person who declared a conflict for the case
  at the meeting that agreed the point, or at a later one it could be carried over to,
  neither sees nor records it, even for their own organisation: the point is part of
  the minutes they are kept out of, and a colleague records it.
- The person exposed's wishes and advocate at a meeting, and whether her wishes were
  heard: as the meeting's case information (`AgendaCaseAccess.meeting`); recorded by
  those who write the minutes.
- A case's outcome follow-ups: read with the case's conference grant; recorded by the
  conference coordinators of the partnership's coordinating organisation, the case's
  lead organisation (`access_follow_up`, `lead_partnerships_q`).
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_CONTENT_ROLES, Role
from samvern.cases.access import CaseAccess, Need, access_case, access_cases, today
from samvern.conferences.models import (
    ATTENDING_STATUSES,
    ActionPoint,
    AgendaItem,
    AttendanceStatus,
    Attendee,
    Conference,
    ConferenceStatus,
    ConflictOfInterest,
)
from samvern.partnerships.models import PartnershipMember


class ConferenceNeed(enum.Enum):
    VIEW = "view"  # the schedule entry, attendance and the agenda's references
    MANAGE = "manage"  # coordinator: schedule, agenda, attendance, hold


class ItemNeed(enum.Enum):
    REFERENCE = "reference"  # the agenda case's reference, reason and urgency
    RESEARCH = "research"  # write one's own organisation's research
    MEETING = "meeting"  # read the meeting's case information; write minutes, action points


class PointNeed(enum.Enum):
    VIEW = "view"
    OUTCOME = "outcome"  # record the outcome (owning organisation only)


def _parse_id(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def conferences_q(actor: Actor, day: dt.date) -> Q:
    """Conferences the actor may see, as a filter on `Conference`."""
    organisation = actor.organisation
    roles = actor.case_roles
    if organisation is None or not roles & CASE_CONTENT_ROLES:
        return Q(pk__in=[])
    member = PartnershipMember.objects.active_on(day).filter(
        partnership=OuterRef("partnership"), organisation=organisation
    )
    query = Q(Exists(member))
    if Role.CONFERENCE_COORDINATOR in roles:
        query |= Q(partnership__coordinator=organisation)
    return query


def partnerships_q(actor: Actor, day: dt.date) -> Q:
    """Partnerships whose conferences (and confidentiality statement) the actor may see,
    as a filter on `Partnership`: the same rule as `conferences_q`."""
    organisation = actor.organisation
    roles = actor.case_roles
    if organisation is None or not roles & CASE_CONTENT_ROLES:
        return Q(pk__in=[])
    member = PartnershipMember.objects.active_on(day).filter(
        partnership=OuterRef("pk"), organisation=organisation
    )
    query = Q(Exists(member))
    if Role.CONFERENCE_COORDINATOR in roles:
        query |= Q(coordinator=organisation)
    return query


def may_manage_partnership(actor: Actor, partnership_coordinator_id: uuid.UUID) -> bool:
    """The actor is a conference coordinator of the partnership's coordinating
    organisation (and so schedules its conferences and writes its statement)."""
    organisation = actor.organisation
    return (
        organisation is not None
        and Role.CONFERENCE_COORDINATOR in actor.case_roles
        and partnership_coordinator_id == organisation.pk
    )


def may_manage(actor: Actor, conference: Conference) -> bool:
    organisation = actor.organisation
    return (
        organisation is not None
        and Role.CONFERENCE_COORDINATOR in actor.case_roles
        and conference.partnership.coordinator_id == organisation.pk
    )


@dataclass(frozen=True)
class ConferenceAccess:
    """A conference the actor was let through to, and their place in it."""

    conference: Conference
    manage: bool
    # The actor's own row on the attendance list, if any.
    attendee: Attendee | None
    # The acting organisation has someone on the list who attends (or is expected).
    organisation_attends: bool

    @property
    def attending(self) -> bool:
        return self.attendee is not None and self.attendee.is_attending

    @property
    def confirmed(self) -> bool:
        return self.attending and self.attendee is not None and self.attendee.has_confirmed

    @property
    def held(self) -> bool:
        return self.conference.status == ConferenceStatus.HELD

    @property
    def may_see_meeting(self) -> bool:
        """The actor's side of the rule for the meeting's case information; each agenda
        case adds its own (content grant, no conflict)."""
        if not self.organisation_attends:
            return False
        if self.attendee is not None:
            return self.confirmed
        return self.held


def _conference_access(actor: Actor, conference: Conference) -> ConferenceAccess:
    organisation = actor.organisation
    assert organisation is not None
    rows = list(
        Attendee.objects.filter(conference=conference, organisation=organisation).select_related(
            "confirmed_statement"
        )
    )
    own = next((row for row in rows if row.user_id == actor.user_id), None)
    return ConferenceAccess(
        conference=conference,
        manage=may_manage(actor, conference),
        attendee=own,
        organisation_attends=any(
            row.status in (AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE)
            or (
                row.status == AttendanceStatus.EXPECTED
                and conference.status != ConferenceStatus.HELD
            )
            for row in rows
        ),
    )


def access_conference(
    actor: Actor, conference_id: object, need: ConferenceNeed, *, day: dt.date | None = None
) -> ConferenceAccess:
    pk = _parse_id(conference_id)
    day = day or today()
    conference = (
        Conference.objects.select_related("partnership", "statement", "series")
        .filter(pk=pk)
        .filter(conferences_q(actor, day))
        .first()
    )
    if conference is None:
        raise Http404
    access = _conference_access(actor, conference)
    if need is ConferenceNeed.MANAGE and not access.manage:
        raise Http404
    return access


@dataclass(frozen=True)
class AgendaCaseAccess:
    """One agenda case as the actor may use it at this conference."""

    conference: ConferenceAccess
    item: AgendaItem
    case: CaseAccess
    conflicted: bool

    @property
    def content(self) -> bool:
        return self.case.grant.content

    @property
    def own_research(self) -> bool:
        """May write (and read) the acting organisation's own research."""
        return self.content and not self.conflicted

    @property
    def meeting(self) -> bool:
        """May see the meeting's case information for this case."""
        return self.content and not self.conflicted and self.conference.may_see_meeting

    def allows(self, need: ItemNeed) -> bool:
        if need is ItemNeed.REFERENCE:
            return True
        if need is ItemNeed.RESEARCH:
            return (
                self.own_research
                and self.conference.conference.status != ConferenceStatus.CANCELLED
            )
        return self.meeting


def agenda_access(
    actor: Actor,
    access: ConferenceAccess,
    items: Sequence[AgendaItem],
    *,
    day: dt.date | None = None,
) -> list[AgendaCaseAccess]:
    """The agenda cases of `items` whose reference the actor may see, in order, each
    with what they may do with it. A fixed number of queries however many items."""
    cases = [item.case for item in items]
    granted = {
        found.case.pk: found for found in access_cases(actor, cases, Need.CONFERENCE, day=day)
    }
    conflicted: set[uuid.UUID] = set()
    if access.attendee is not None and items:
        conflicted = set(
            ConflictOfInterest.objects.filter(
                attendee=access.attendee, item__in=[item.pk for item in items]
            ).values_list("item_id", flat=True)
        )
    return [
        AgendaCaseAccess(
            conference=access,
            item=item,
            case=granted[item.case_id],
            conflicted=item.pk in conflicted,
        )
        for item in items
        if item.case_id in granted
    ]


def agenda_items(conference: Conference) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.filter(conference=conference)
        .select_related("case__partnership", "case__referring_organisation", "case__referred_by")
        .order_by("-urgent", "position")
    )


def access_agenda_item(
    actor: Actor, item_id: object, need: ItemNeed, *, day: dt.date | None = None
) -> AgendaCaseAccess:
    pk = _parse_id(item_id)
    conference_id = AgendaItem.objects.filter(pk=pk).values_list("conference_id", flat=True).first()
    if conference_id is None:
        raise Http404
    conference = access_conference(actor, conference_id, ConferenceNeed.VIEW, day=day)
    item = agenda_items(conference.conference).filter(pk=pk).first()
    if item is None:
        raise Http404
    found = agenda_access(actor, conference, [item], day=day)
    if not found or not found[0].allows(need):
        raise Http404
    return found[0]


def meeting_item_ids(
    actor: Actor, case_ids: Sequence[uuid.UUID], *, day: dt.date
) -> set[uuid.UUID]:
    """Agenda items (of these cases) whose meeting information the actor may see: for
    showing action points outside a conference page. Three queries."""
    organisation = actor.organisation
    user_id = actor.user_id
    if organisation is None or user_id is None or not case_ids:
        return set()
    items = list(AgendaItem.objects.filter(case_id__in=case_ids).select_related("conference"))
    if not items:
        return set()
    conference_ids = {item.conference_id for item in items}
    rows = list(
        Attendee.objects.filter(conference_id__in=conference_ids, organisation=organisation)
    )
    conflicts = set(
        ConflictOfInterest.objects.filter(
            attendee__user_id=user_id, item__in=[item.pk for item in items]
        ).values_list("item_id", flat=True)
    )
    allowed: set[uuid.UUID] = set()
    for item in items:
        if item.pk in conflicts:
            continue
        mine = [row for row in rows if row.conference_id == item.conference_id]
        held = item.conference.status == ConferenceStatus.HELD
        attends = any(
            row.status in (AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE)
            or (row.status == AttendanceStatus.EXPECTED and not held)
            for row in mine
        )
        own = next((row for row in mine if row.user_id == actor.user_id), None)
        if not attends:
            continue
        if own is not None:
            if own.status in ATTENDING_STATUSES and own.confirmed_at is not None:
                allowed.add(item.pk)
        elif held:
            allowed.add(item.pk)
    return allowed


def conflicted_points_q(actor: Actor) -> Q:
    """Action points the actor is kept out of by a declared conflict, as a filter on
    `ActionPoint`: a conflict for the point's case at the conference that agreed it or a
    later one (where it was carried over)."""
    if actor.user_id is None:
        return Q(pk__in=[])
    conflicts = ConflictOfInterest.objects.filter(
        attendee__user_id=actor.user_id,
        item__case_id=OuterRef("case_id"),
        item__conference__date__gte=OuterRef("item__conference__date"),
    )
    return Q(Exists(conflicts))


@dataclass(frozen=True)
class ActionPointAccess:
    point: ActionPoint
    case: CaseAccess
    owner: bool  # the acting organisation owns the point


def access_action_point(
    actor: Actor, point_id: object, need: PointNeed, *, day: dt.date | None = None
) -> ActionPointAccess:
    pk = _parse_id(point_id)
    day = day or today()
    point = (
        ActionPoint.objects.select_related(
            "case__partnership",
            "case__referring_organisation",
            "case__referred_by",
            "organisation",
            "assignee",
            "item__conference",
        )
        .filter(pk=pk)
        .first()
    )
    organisation = actor.organisation
    if point is None or organisation is None:
        raise Http404
    found = access_cases(actor, [point.case], Need.VIEW, day=day)
    if not found:
        raise Http404
    owner = point.organisation_id == organisation.pk
    if need is PointNeed.OUTCOME and not owner:
        raise Http404
    if ActionPoint.objects.filter(pk=point.pk).filter(conflicted_points_q(actor)).exists():
        raise Http404
    if not owner:
        # Seen at (or carried over to) a meeting the actor may see the information of.
        case_items = meeting_item_ids(actor, [point.case_id], day=day)
        later = AgendaItem.objects.filter(
            case_id=point.case_id,
            pk__in=case_items,
            conference__date__gte=point.item.conference.date,
        )
        if point.item_id not in case_items and not later.exists():
            raise Http404
    return ActionPointAccess(point=point, case=found[0], owner=owner)


# --- outcome follow-up (samvern/conferences/followup.py) --------------------------------------


def lead_partnerships_q(actor: Actor) -> Q:
    """Partnerships whose follow-ups the actor is asked for, as a filter on `Partnership`:
    the conference coordinators of the coordinating (lead) organisation."""
    organisation = actor.organisation
    if organisation is None or Role.CONFERENCE_COORDINATOR not in actor.case_roles:
        return Q(pk__in=[])
    return Q(coordinator=organisation)


@dataclass(frozen=True)
class FollowUpAccess:
    """A case's follow-ups as the actor may use them: read with the case's conference
    grant, recorded by the lead organisation's coordinators."""

    case: CaseAccess
    lead: bool


def access_follow_up(
    actor: Actor, case_id: object, *, record: bool, day: dt.date | None = None
) -> FollowUpAccess:
    found = access_case(actor, case_id, Need.CONFERENCE)
    lead = may_manage_partnership(actor, found.case.partnership.coordinator_id)
    if record and not lead:
        raise Http404
    return FollowUpAccess(case=found, lead=lead)
