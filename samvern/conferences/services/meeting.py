"""The meeting's work on one agenda case: each organisation's research before it, the
minutes and the action points agreed at it, and the audited reads of all three.

Every function takes the `Actor` and the `AgendaCaseAccess` that
`samvern.conferences.access` let it through with, checks again what that access allows
(a caller cannot widen it) and records its audit event in the same transaction. The
reads (`read_item_page`, `read_own_research`, `read_other_research`, `read_minutes`,
`read_action_points`) fetch through the access rules and record what they showed in one
step, as the case layer's `read_*` functions do, so a page or API answer cannot show
research, minutes or action points without the event.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_CONTENT_ROLES, Membership, Organisation, User
from samvern.cases.access import today
from samvern.cases.models import LegalBasis, Person
from samvern.cases.presenters import PersonView, present_person
from samvern.cases.selectors import case_persons, current_participant_organisations
from samvern.cases.services import CaseRuleError, record_read
from samvern.cases.services.feedback import record_action_points
from samvern.conferences.access import AgendaCaseAccess, ItemNeed, access_agenda_item
from samvern.conferences.models import (
    ActionPoint,
    ConferenceStatus,
    Minutes,
    Outcome,
    Research,
)
from samvern.core import limits
from samvern.core.numbers import format_number
from samvern.partnerships.models import PartnershipMember

# Audit action codes of this area.
RESEARCH_SAVED = "conference.meeting.research_saved"
MINUTES_SAVED = "conference.meeting.minutes_saved"
ACTION_POINT_ADDED = "conference.meeting.action_point_added"
ITEM_VIEWED = "conference.meeting.item_viewed"
RESEARCH_VIEWED = "conference.meeting.research_viewed"
MINUTES_VIEWED = "conference.meeting.minutes_viewed"
ACTION_POINTS_VIEWED = "conference.meeting.action_points_viewed"
MINUTES_EXPORTED = "conference.meeting.minutes_exported"
CONFLICT_EXCLUDED = "conference.meeting.conflict_excluded"

# How far ahead a due date may lie: a later one is a typing error, not a plan.
LATEST_DUE_YEARS = 3


OWNER_NOT_PARTICIPATING = _("The responsible organisation must be one that takes part in the case.")
ASSIGNEE_NOT_MEMBER = _(
    "The responsible person must be a case worker or conference coordinator of the "
    "responsible organisation."
)


class MeetingRuleError(CaseRuleError):
    """A rule of the meeting refused the operation; the message is for the user."""


# --- what may be done ----------------------------------------------------------------------


def facts_visible(access: AgendaCaseAccess) -> bool:
    """The case's conference facts (state, reason, risk band, organisations taking part),
    as the case layer shows them to the grant, except to an attendee who has not yet
    confirmed the meeting's confidentiality statement (they see references only) and to
    anyone who declared a conflict for the case (they see nothing of it)."""
    if access.conflicted or not access.case.grant.conference:
        return False
    own = access.conference.attendee
    return own is None or not own.is_attending or own.has_confirmed


def _not_cancelled(access: AgendaCaseAccess) -> bool:
    return access.conference.conference.status != ConferenceStatus.CANCELLED


def may_write_research(access: AgendaCaseAccess) -> bool:
    """The acting organisation's own research: while the conference is still planned."""
    return (
        access.allows(ItemNeed.RESEARCH)
        and access.conference.conference.status == ConferenceStatus.PLANNED
    )


def may_write_minutes(access: AgendaCaseAccess) -> bool:
    """Minutes and action points: an attendee who may see the meeting's information, or
    the coordinator running the conference when the case grant gives them that too."""
    if not access.meeting or not _not_cancelled(access):
        return False
    return access.conference.attending or access.conference.manage


def _require(allowed: bool) -> None:
    if not allowed:
        raise MeetingRuleError(_("You cannot do that for this agenda case."))


def _acting(actor: Actor) -> tuple[User, Organisation]:
    if actor.user is None or actor.organisation is None:
        raise MeetingRuleError(_("You need a case role in this organisation to do that."))
    return actor.user, actor.organisation


def _audit(
    *,
    actor: Actor,
    access: AgendaCaseAccess,
    action: str,
    target: Research | Minutes | ActionPoint | None = None,
    detail: dict[str, object] | None = None,
) -> None:
    """Every event of the meeting names its case (what "who has seen this case" selects
    on), the conference and the agenda item."""
    item = access.item
    record_read(
        actor=actor,
        case=access.case.case,
        action=action,
        target=target if target is not None else item,
        detail={
            "conference": str(item.conference_id),
            "agenda_item": str(item.pk),
            **(detail or {}),
        },
    )


def _text(value: str, limit: int, field_name: str) -> str:
    text = value.strip()
    if len(text) > limit:
        raise MeetingRuleError(
            {field_name: _("Write at most %(limit)s characters.") % {"limit": format_number(limit)}}
        )
    return text


# --- research -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResearchData:
    body: str
    legal_basis: str
    statutory_basis: str = ""


@transaction.atomic
def save_research(*, actor: Actor, access: AgendaCaseAccess, data: ResearchData) -> Research:
    """Write or update the acting organisation's research for the agenda case."""
    user, organisation = _acting(actor)
    _require(access.allows(ItemNeed.RESEARCH))
    if access.conference.conference.status != ConferenceStatus.PLANNED:
        raise MeetingRuleError(
            _("The conference has been held; its research can no longer be changed.")
        )
    body = _text(data.body, limits.LONG_TEXT, "body")
    if not body:
        raise MeetingRuleError({"body": _("Write what your organisation knows.")})
    if data.legal_basis not in LegalBasis.values:
        raise MeetingRuleError({"legal_basis": _("Choose the legal basis for sharing it.")})
    statutory = data.statutory_basis.strip()
    if data.legal_basis == LegalBasis.OTHER_STATUTORY:
        if not statutory:
            raise MeetingRuleError({"statutory_basis": _("Name the statutory basis.")})
        if len(statutory) > 200:
            raise MeetingRuleError(
                {
                    "statutory_basis": _("Write at most %(limit)s characters.")
                    % {"limit": format_number(200)}
                }
            )
    else:
        statutory = ""
    research, created = Research.objects.select_for_update().get_or_create(
        item=access.item,
        organisation=organisation,
        defaults={
            "body": body,
            "legal_basis": data.legal_basis,
            "statutory_basis": statutory,
            "author": user,
        },
    )
    if not created:
        research.body = body
        research.legal_basis = data.legal_basis
        research.statutory_basis = statutory
        research.author = user
        research.save(
            update_fields=["body", "legal_basis", "statutory_basis", "author", "updated_at"]
        )
    _audit(
        actor=actor,
        access=access,
        action=RESEARCH_SAVED,
        target=research,
        detail={
            "created": created,
            "legal_basis": research.legal_basis,
            "statutory_basis": research.statutory_basis,
        },
    )
    return research


# --- minutes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MinutesData:
    risk_summary: str = ""
    discussion: str = ""
    decisions: str = ""


@transaction.atomic
def save_minutes(*, actor: Actor, access: AgendaCaseAccess, data: MinutesData) -> Minutes:
    """Write or update the minutes of the agenda case (one text per part)."""
    user, organisation = _acting(actor)
    _require(may_write_minutes(access))
    parts = {
        "risk_summary": _text(data.risk_summary, limits.LONG_TEXT, "risk_summary"),
        "discussion": _text(data.discussion, limits.LONG_TEXT, "discussion"),
        "decisions": _text(data.decisions, limits.LONG_TEXT, "decisions"),
    }
    if not any(parts.values()):
        raise MeetingRuleError(_("Write at least one part of the minutes."))
    minutes, created = Minutes.objects.select_for_update().get_or_create(
        item=access.item,
        defaults={**parts, "recorded_by": user, "organisation": organisation},
    )
    changed = [name for name, value in parts.items() if getattr(minutes, name) != value]
    if not created:
        for name, value in parts.items():
            setattr(minutes, name, value)
        minutes.recorded_by = user
        minutes.organisation = organisation
        minutes.save(update_fields=[*parts, "recorded_by", "organisation", "updated_at"])
    _audit(
        actor=actor,
        access=access,
        action=MINUTES_SAVED,
        target=minutes,
        detail={"created": created, "parts": sorted(parts) if created else changed},
    )
    return minutes


# --- action points --------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionPointData:
    organisation: Organisation
    description: str
    due_on: dt.date
    assignee: User | None = None


def owner_candidates(access: AgendaCaseAccess, *, day: dt.date | None = None) -> list[Organisation]:
    """The organisations that may own an action point of the case: those taking part in
    it that are members of its partnership that day (one that left keeps no duties)."""
    on = day or today()
    case = access.case.case
    members = PartnershipMember.objects.active_on(on).filter(partnership=case.partnership_id)
    return list(
        current_participant_organisations(case=case, day=on).filter(
            pk__in=members.values("organisation_id")
        )
    )


def assignee_candidates(
    organisations: Sequence[Organisation], *, day: dt.date | None = None
) -> list[Membership]:
    """People who may be named for a point: members of the owning organisation holding a
    case content role (they must be able to see the case). One query."""
    if not organisations:
        return []
    return list(
        Membership.objects.current(day)
        .filter(
            organisation__in=[o.pk for o in organisations],
            role__in=sorted(CASE_CONTENT_ROLES),
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name", "user__username")
    )


@transaction.atomic
def add_action_point(
    *,
    actor: Actor,
    access: AgendaCaseAccess,
    data: ActionPointData,
    day: dt.date | None = None,
) -> ActionPoint:
    """An action point agreed at this agenda case, owned by an organisation taking part
    in the case, optionally with a named person of that organisation."""
    user, _organisation = _acting(actor)
    _require(may_write_minutes(access))
    day = day or today()
    description = _text(data.description, limits.COMMENT, "description")
    if not description:
        raise MeetingRuleError({"description": _("Describe what is to be done.")})
    owners = {o.pk: o for o in owner_candidates(access, day=day)}
    if data.organisation.pk not in owners:
        raise MeetingRuleError({"organisation": OWNER_NOT_PARTICIPATING})
    if data.assignee is not None:
        members = assignee_candidates([owners[data.organisation.pk]], day=day)
        if data.assignee.pk not in {m.user_id for m in members}:
            raise MeetingRuleError({"assignee": ASSIGNEE_NOT_MEMBER})
    earliest = access.conference.conference.date
    latest = earliest.replace(year=earliest.year + LATEST_DUE_YEARS)
    if data.due_on < earliest:
        raise MeetingRuleError(
            {
                "due_on": _("The due date cannot be before the conference (%(date)s).")
                % {"date": date_format(earliest)}
            }
        )
    if data.due_on > latest:
        raise MeetingRuleError(
            {
                "due_on": _("The due date must be within %(years)s years of the conference.")
                % {"years": LATEST_DUE_YEARS}
            }
        )
    point = ActionPoint.objects.create(
        case=access.case.case,
        item=access.item,
        organisation=owners[data.organisation.pk],
        assignee=data.assignee,
        description=description,
        due_on=data.due_on,
        created_by=user,
    )
    # The organisation hears how many action points it got here, if it referred the case.
    record_action_points(
        actor=actor,
        case=access.case.case,
        organisation=point.organisation,
        count=ActionPoint.objects.filter(item=access.item, organisation=point.organisation).count(),
        on=access.conference.conference.date,
        source_key=str(access.item.pk),
    )
    _audit(
        actor=actor,
        access=access,
        action=ACTION_POINT_ADDED,
        target=point,
        detail={
            "organisation": str(point.organisation_id),
            "assignee": str(point.assignee_id) if point.assignee_id else None,
            "due_on": point.due_on.isoformat(),
        },
    )
    return point


# --- reads ----------------------------------------------------------------------------------


def _research_rows(access: AgendaCaseAccess) -> list[Research]:
    return list(
        Research.objects.filter(item=access.item)
        .select_related("organisation", "author")
        .order_by("organisation__name")
    )


def _own(rows: Sequence[Research], access: AgendaCaseAccess) -> Research | None:
    mine = access.case.grant.organisation.pk
    return next((row for row in rows if row.organisation_id == mine), None)


def _others(rows: Sequence[Research], access: AgendaCaseAccess) -> list[Research]:
    mine = access.case.grant.organisation.pk
    return [row for row in rows if row.organisation_id != mine]


def _minutes(access: AgendaCaseAccess) -> Minutes | None:
    return (
        Minutes.objects.filter(item=access.item)
        .select_related("recorded_by", "organisation")
        .first()
    )


@dataclass(frozen=True)
class ActionPoints:
    agreed: list[ActionPoint]  # agreed at this agenda case
    carried_over: list[ActionPoint]  # agreed at the case's earlier conferences, still open then

    @property
    def all(self) -> list[ActionPoint]:
        return [*self.carried_over, *self.agreed]


def _action_points(access: AgendaCaseAccess) -> ActionPoints:
    """The points agreed here, and those carried over: agreed for the same case at an
    earlier conference and open at this one (still open, or their outcome recorded on
    or after its date). One query."""
    conference = access.conference.conference
    rows = list(
        ActionPoint.objects.filter(case=access.case.case)
        .filter(
            Q(item=access.item)
            | (
                Q(item__conference__date__lt=conference.date)
                & (Q(outcome=Outcome.OPEN) | Q(outcome_on__gte=conference.date))
            )
        )
        .select_related("organisation", "assignee", "item__conference")
        .order_by("due_on", "created_at")
    )
    return ActionPoints(
        agreed=[p for p in rows if p.item_id == access.item.pk],
        carried_over=[p for p in rows if p.item_id != access.item.pk],
    )


def _ids(rows: Sequence[Research | ActionPoint]) -> list[str]:
    return [str(row.pk) for row in rows]


def _via(via: str | None) -> dict[str, object]:
    return {"via": via} if via else {}


@dataclass(frozen=True)
class ItemPage:
    """One agenda case as the actor may see it, each part only when allowed (an empty
    part is one they may not see or one that has nothing yet: the flags say which)."""

    access: AgendaCaseAccess
    facts: bool
    participating: list[Organisation] = field(default_factory=list)
    persons: list[PersonView] = field(default_factory=list)
    own_research: Research | None = None
    other_research: list[Research] = field(default_factory=list)
    minutes: Minutes | None = None
    action_points: ActionPoints = field(default_factory=lambda: ActionPoints([], []))
    # Open points whose due date has passed (on the day the page was read).
    overdue: frozenset[uuid.UUID] = frozenset()

    @property
    def conflicted(self) -> bool:
        return self.access.conflicted

    @property
    def meeting(self) -> bool:
        return self.access.meeting

    @property
    def own_research_visible(self) -> bool:
        return self.access.own_research

    @property
    def may_write_research(self) -> bool:
        return may_write_research(self.access)

    @property
    def may_write_minutes(self) -> bool:
        return may_write_minutes(self.access)


@transaction.atomic
def read_item_page(
    actor: Actor,
    item_id: object,
    *,
    day: dt.date | None = None,
    via: str | None = None,
) -> ItemPage:
    """The agenda case page's content, with each part that is shown recorded as read
    (also when the page is shown again with a form's errors: it shows the content)."""
    access = access_agenda_item(actor, item_id, ItemNeed.REFERENCE, day=day)
    if access.conflicted:
        # Nothing of the case is shown; the exclusion itself is recorded.
        _audit(actor=actor, access=access, action=CONFLICT_EXCLUDED, detail=_via(via))
        return ItemPage(access=access, facts=False)
    facts = facts_visible(access)
    participating = list(current_participant_organisations(case=access.case.case, day=day))
    persons: list[Person] = case_persons(case=access.case.case) if access.meeting else []
    rows = _research_rows(access) if access.own_research else []
    points = _action_points(access) if access.meeting else ActionPoints([], [])
    on = day or today()
    page = ItemPage(
        access=access,
        facts=facts,
        participating=participating if facts else [],
        persons=[present_person(p) for p in persons],
        own_research=_own(rows, access),
        other_research=_others(rows, access) if access.meeting else [],
        minutes=_minutes(access) if access.meeting else None,
        action_points=points,
        overdue=frozenset(p.pk for p in points.all if p.is_overdue(on)),
    )
    _record_page(actor, page, via)
    return page


def _record_page(actor: Actor, page: ItemPage, via: str | None) -> None:
    access = page.access
    _audit(
        actor=actor,
        access=access,
        action=ITEM_VIEWED,
        detail={
            **_via(via),
            "facts": page.facts,
            "persons": [view.id for view in page.persons],
        },
    )
    shown = ([page.own_research] if page.own_research else []) + page.other_research
    if access.own_research:
        _audit(
            actor=actor,
            access=access,
            action=RESEARCH_VIEWED,
            detail={**_via(via), "research": _ids(shown), "others": access.meeting},
        )
    if access.meeting:
        _audit(
            actor=actor,
            access=access,
            action=MINUTES_VIEWED,
            target=page.minutes,
            detail={**_via(via), "minutes": str(page.minutes.pk) if page.minutes else None},
        )
        _audit(
            actor=actor,
            access=access,
            action=ACTION_POINTS_VIEWED,
            detail={
                **_via(via),
                "agreed": _ids(page.action_points.agreed),
                "carried_over": _ids(page.action_points.carried_over),
            },
        )


@transaction.atomic
def read_own_research(
    actor: Actor, item_id: object, *, day: dt.date | None = None, via: str | None = None
) -> tuple[AgendaCaseAccess, Research | None]:
    """The acting organisation's own research for the agenda case (404 when it may not
    have any there), with the read recorded."""
    access = access_agenda_item(actor, item_id, ItemNeed.REFERENCE, day=day)
    if not access.own_research:
        raise Http404
    research = _own(_research_rows(access), access)
    _audit(
        actor=actor,
        access=access,
        action=RESEARCH_VIEWED,
        detail={**_via(via), "research": _ids([research] if research else []), "others": False},
    )
    return access, research


@transaction.atomic
def read_other_research(
    actor: Actor, item_id: object, *, day: dt.date | None = None, via: str | None = None
) -> tuple[AgendaCaseAccess, list[Research]]:
    """The other organisations' research (only with the meeting's information)."""
    access = access_agenda_item(actor, item_id, ItemNeed.MEETING, day=day)
    rows = _others(_research_rows(access), access)
    _audit(
        actor=actor,
        access=access,
        action=RESEARCH_VIEWED,
        detail={**_via(via), "research": _ids(rows), "others": True},
    )
    return access, rows


@transaction.atomic
def read_minutes(
    actor: Actor,
    item_id: object,
    *,
    day: dt.date | None = None,
    via: str | None = None,
    action: str = MINUTES_VIEWED,
) -> tuple[AgendaCaseAccess, Minutes | None]:
    """The minutes of the agenda case (only with the meeting's information). The PDF
    export reads through here with `action=MINUTES_EXPORTED`."""
    if action not in (MINUTES_VIEWED, MINUTES_EXPORTED):
        raise ValueError(action)
    access = access_agenda_item(actor, item_id, ItemNeed.MEETING, day=day)
    minutes = _minutes(access)
    _audit(
        actor=actor,
        access=access,
        action=action,
        target=minutes,
        detail={**_via(via), "minutes": str(minutes.pk) if minutes else None},
    )
    return access, minutes


@transaction.atomic
def read_action_points(
    actor: Actor, item_id: object, *, day: dt.date | None = None, via: str | None = None
) -> tuple[AgendaCaseAccess, ActionPoints]:
    """The action points agreed at the agenda case and those carried over to it."""
    access = access_agenda_item(actor, item_id, ItemNeed.MEETING, day=day)
    points = _action_points(access)
    _audit(
        actor=actor,
        access=access,
        action=ACTION_POINTS_VIEWED,
        detail={
            **_via(via),
            "agreed": _ids(points.agreed),
            "carried_over": _ids(points.carried_over),
        },
    )
    return access, points


@dataclass(frozen=True)
class MinutesDocument:
    """What the minutes PDF prints: one case only, persons masked."""

    access: AgendaCaseAccess
    minutes: Minutes | None
    participating: list[Organisation]
    persons: list[PersonView]
    action_points: ActionPoints
    recipient_organisation: Organisation
    recipient: User
    printed_on: dt.date


@transaction.atomic
def read_minutes_document(
    actor: Actor, item_id: object, *, day: dt.date | None = None
) -> MinutesDocument:
    """One case's minutes for the acting organisation's own records, with the export
    recorded (the minutes and the action points it prints)."""
    access, minutes = read_minutes(actor, item_id, day=day, action=MINUTES_EXPORTED)
    # Let through, so the actor acts for an organisation (the conference access needs one).
    user, organisation = _acting(actor)
    points = _action_points(access)
    persons = [present_person(p) for p in case_persons(case=access.case.case)]
    _audit(
        actor=actor,
        access=access,
        action=ACTION_POINTS_VIEWED,
        detail={
            "via": "minutes_pdf",
            "agreed": _ids(points.agreed),
            "carried_over": _ids(points.carried_over),
        },
    )
    return MinutesDocument(
        access=access,
        minutes=minutes,
        participating=list(current_participant_organisations(case=access.case.case, day=day)),
        persons=persons,
        action_points=points,
        recipient_organisation=organisation,
        recipient=user,
        printed_on=day or today(),
    )
