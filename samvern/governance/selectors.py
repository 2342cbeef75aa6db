"""Reads of governance data, each given what access already decided. Lists take a fixed
number of queries whatever their length."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from samvern.accounts.actor import Actor
from samvern.governance.access import PartnershipGrant, visible_partnerships
from samvern.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Commitment,
    CommitmentFollowUp,
    CommitmentStatus,
    CommitmentUpdate,
    Decision,
    ItemKind,
    Meeting,
    MeetingStatus,
    Paper,
    Representative,
    RequiredRole,
)


@dataclass
class BodyRow:
    body: Body
    members: list[BodyMember]
    missing_roles: list[RequiredRole]
    roles: list[RequiredRole]
    next_meeting: Meeting | None = None


def _members_prefetch(day: dt.date) -> Prefetch:  # type: ignore[type-arg]
    return Prefetch(
        "members",
        queryset=BodyMember.objects.active_on(day)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("representatives", queryset=Representative.objects.select_related("user"))
        ),
        to_attr="active_members",
    )


def body_rows(grant: PartnershipGrant, *, day: dt.date) -> list[BodyRow]:
    """The partnership's bodies with their members today and missing actors."""
    bodies = (
        Body.objects.filter(partnership=grant.partnership)
        .select_related("chair", "secretary")
        .prefetch_related(
            _members_prefetch(day),
            Prefetch("required_roles", queryset=RequiredRole.objects.select_related("filled_by")),
        )
    )
    upcoming: dict[uuid.UUID, Meeting] = {}
    for meeting in Meeting.objects.filter(
        body__partnership=grant.partnership, status=MeetingStatus.PLANNED, date__gte=day
    ).order_by("-date", "-starts_at"):
        upcoming[meeting.body_id] = meeting
    rows = []
    for body in bodies:
        roles = list(body.required_roles.all())
        rows.append(
            BodyRow(
                body=body,
                members=list(body.active_members),  # type: ignore[attr-defined]
                roles=roles,
                missing_roles=[role for role in roles if role.is_missing_on(day)],
                next_meeting=upcoming.get(body.pk),
            )
        )
    return rows


def body_detail(body: Body, *, day: dt.date) -> BodyRow:
    members = list(
        BodyMember.objects.active_on(day)
        .filter(body=body)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("representatives", queryset=Representative.objects.select_related("user"))
        )
    )
    roles = list(RequiredRole.objects.filter(body=body).select_related("filled_by__organisation"))
    return BodyRow(
        body=body,
        members=members,
        roles=roles,
        missing_roles=[role for role in roles if role.is_missing_on(day)],
    )


def meetings_of(body: Body) -> QuerySet[Meeting]:
    """The body's meetings, newest first, with their counts (one query)."""
    return (
        Meeting.objects.filter(body=body)
        .annotate(
            item_count=Count("items", distinct=True),
            decision_count=Count("decisions", distinct=True),
            follow_up_count=Count("follow_ups", distinct=True),
        )
        .order_by("-date", "-starts_at")
    )


def upcoming_meetings(actor: Actor, *, day: dt.date, limit: int = 5) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            body__partnership__in=visible_partnerships(actor).values("pk"),
            status=MeetingStatus.PLANNED,
            date__gte=day,
        )
        .select_related("body")
        .order_by("date", "starts_at")[:limit]
    )


def commitments_for(
    actor: Actor, *, organisation_ids: frozenset[uuid.UUID], open_only: bool = True
) -> QuerySet[Commitment]:
    """Commitments of the given organisations, in partnerships the actor sees."""
    rows = Commitment.objects.filter(
        organisation_id__in=list(organisation_ids),
        body__partnership__in=visible_partnerships(actor).values("pk"),
    )
    if open_only:
        rows = rows.filter(status=CommitmentStatus.OPEN)
    return rows.select_related(
        "body__partnership", "organisation", "owner", "meeting", "decision"
    ).order_by("due_on", "created_at")


def body_commitments(body: Body, *, open_only: bool = False) -> QuerySet[Commitment]:
    rows = Commitment.objects.filter(body=body)
    if open_only:
        rows = rows.filter(status=CommitmentStatus.OPEN)
    return rows.select_related("organisation", "owner", "meeting", "decision", "body").order_by(
        "status", "due_on", "created_at"
    )


@dataclass
class Agenda:
    meeting: Meeting
    items: list[AgendaItem]
    follow_ups: list[Commitment]
    decisions_by_item: dict[uuid.UUID | None, list[Decision]] = field(default_factory=dict)
    commitments_by_item: dict[uuid.UUID | None, list[Commitment]] = field(default_factory=dict)
    attendance: list[Attendance] = field(default_factory=list)
    updates_here: dict[uuid.UUID, CommitmentUpdate] = field(default_factory=dict)
    previous: Meeting | None = None

    @property
    def decisions(self) -> list[Decision]:
        return [d for rows in self.decisions_by_item.values() for d in rows]

    @property
    def commitments(self) -> list[Commitment]:
        return [c for rows in self.commitments_by_item.values() for c in rows]


def agenda(meeting: Meeting) -> Agenda:
    """Everything of one meeting for its page and its minutes (a fixed number of
    queries)."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("approves")
        .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("created_at")))
        # The approval of the previous minutes comes first, even when it was added after
        # other items (the meeting was planned before the previous one was held).
        .order_by(
            Case(When(kind=ItemKind.MINUTES_APPROVAL, then=Value(0)), default=Value(1)),
            "position",
        )
    )
    follow_ups = [
        row.commitment
        for row in CommitmentFollowUp.objects.filter(meeting=meeting).select_related(
            "commitment__organisation",
            "commitment__owner",
            "commitment__meeting",
            "commitment__decision",
            "commitment__body",
        )
    ]
    decisions: dict[uuid.UUID | None, list[Decision]] = defaultdict(list)
    for decision in Decision.objects.filter(meeting=meeting).select_related("body"):
        decisions[decision.item_id].append(decision)
    commitments: dict[uuid.UUID | None, list[Commitment]] = defaultdict(list)
    for commitment in Commitment.objects.filter(meeting=meeting).select_related(
        "organisation", "owner", "decision__body", "body"
    ):
        commitments[commitment.item_id].append(commitment)
    updates = {
        update.commitment_id: update
        for update in CommitmentUpdate.objects.filter(meeting=meeting).order_by("created_at")
    }
    attendance = list(
        Attendance.objects.filter(meeting=meeting).select_related("organisation", "user")
    )
    previous = (
        Meeting.objects.filter(body_id=meeting.body_id, date__lt=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-date", "-starts_at")
        .first()
    )
    return Agenda(
        meeting=meeting,
        items=items,
        follow_ups=follow_ups,
        decisions_by_item=dict(decisions),
        commitments_by_item=dict(commitments),
        attendance=attendance,
        updates_here=updates,
        previous=previous,
    )


def commitment_history(commitment: Commitment) -> tuple[list[Meeting], list[CommitmentUpdate]]:
    meetings = [
        row.meeting
        for row in CommitmentFollowUp.objects.filter(commitment=commitment).select_related(
            "meeting"
        )
    ]
    updates = list(
        CommitmentUpdate.objects.filter(commitment=commitment)
        .select_related("recorded_by", "meeting")
        .order_by("created_at")
    )
    return meetings, updates


def open_commitment_count(actor: Actor) -> int:
    return (
        Commitment.objects.filter(
            organisation_id__in=list(actor.organisation_ids),
            status=CommitmentStatus.OPEN,
            body__partnership__in=visible_partnerships(actor).values("pk"),
        )
        .filter(~Q(pk__in=[]))
        .count()
    )
