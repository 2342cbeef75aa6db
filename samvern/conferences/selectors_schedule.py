"""Reads for the schedule pages: the conferences and partnerships a person may see, the
partnerships they coordinate, and the conference page's agenda as the reader may see it.
Always given the actor; the rules are those of `samvern.conferences.access`."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_CONTENT_ROLES, Role
from samvern.cases.models import Case, CaseParticipant, ReferralStatus
from samvern.conferences.access import (
    AgendaCaseAccess,
    ConferenceAccess,
    agenda_access,
    agenda_items,
    conferences_q,
    partnerships_q,
)
from samvern.conferences.models import (
    Attendee,
    Conference,
    ConferenceSeries,
    ConferenceStatus,
)
from samvern.partnerships.models import Partnership


def has_conferences(actor: Actor, day: dt.date) -> bool:
    """The actor may see some partnership's conferences (the menu item and start panel)."""
    if actor.organisation is None or not actor.case_roles & CASE_CONTENT_ROLES:
        return False
    return Partnership.objects.filter(partnerships_q(actor, day)).exists()


def visible_conferences(actor: Actor, day: dt.date) -> QuerySet[Conference]:
    return (
        Conference.objects.filter(conferences_q(actor, day))
        .select_related("partnership", "series")
        .annotate(item_count=Count("items", distinct=True))
    )


def upcoming(actor: Actor, day: dt.date) -> QuerySet[Conference]:
    return (
        visible_conferences(actor, day)
        .filter(date__gte=day, status=ConferenceStatus.PLANNED)
        .order_by("date", "starts_at")
    )


def past(actor: Actor, day: dt.date) -> QuerySet[Conference]:
    return (
        visible_conferences(actor, day)
        .filter(Q(date__lt=day) | ~Q(status=ConferenceStatus.PLANNED))
        .order_by("-date", "-starts_at")
    )


def attending_ids(actor: Actor, conference_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these conferences the actor is on the attendance list of."""
    if actor.user_id is None or not conference_ids:
        return set()
    return set(
        Attendee.objects.filter(
            user_id=actor.user_id, conference_id__in=conference_ids
        ).values_list("conference_id", flat=True)
    )


def coordinated_partnerships(actor: Actor) -> QuerySet[Partnership]:
    """Partnerships whose conferences the actor schedules: they are a conference
    coordinator of the partnership's coordinating organisation."""
    organisation = actor.organisation
    if organisation is None or Role.CONFERENCE_COORDINATOR not in actor.case_roles:
        return Partnership.objects.none()
    return Partnership.objects.filter(coordinator=organisation, is_active=True).order_by("name")


def series_of(partnerships: QuerySet[Partnership]) -> QuerySet[ConferenceSeries]:
    return (
        ConferenceSeries.objects.filter(partnership__in=partnerships)
        .select_related("partnership")
        .order_by("partnership__name", "first_date")
    )


def access_series(actor: Actor, series_id: object) -> ConferenceSeries:
    """A series the actor manages; Http404 otherwise (missing and forbidden alike)."""
    try:
        pk = series_id if isinstance(series_id, uuid.UUID) else uuid.UUID(str(series_id))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None
    series = series_of(coordinated_partnerships(actor)).filter(pk=pk).first()
    if series is None:
        raise Http404
    return series


def access_statement_partnership(actor: Actor, partnership_id: object, day: dt.date) -> Partnership:
    """A partnership whose confidentiality statement the actor may read: the same people
    who see its conferences. Http404 otherwise."""
    try:
        pk = (
            partnership_id
            if isinstance(partnership_id, uuid.UUID)
            else uuid.UUID(str(partnership_id))
        )
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None
    partnership = (
        Partnership.objects.filter(pk=pk)
        .filter(partnerships_q(actor, day))
        .select_related("coordinator")
        .first()
    )
    if partnership is None:
        raise Http404
    return partnership


def visible_partnerships(actor: Actor, day: dt.date) -> QuerySet[Partnership]:
    return Partnership.objects.filter(partnerships_q(actor, day)).order_by("name")


@dataclass(frozen=True)
class AgendaEntry:
    row: AgendaCaseAccess
    show_facts: bool  # the case's conference facts are shown to the reader
    participants: list[str]


@dataclass(frozen=True)
class AgendaView:
    """The conference page's agenda as the reader may see it."""

    rows: list[AgendaCaseAccess]
    hidden: int  # items whose reference the reader may not see
    # The reader sees the meeting's case facts (confirmed, or their organisation's
    # record of a held meeting); each row still needs its own grant and no conflict.
    facts: bool
    participants: dict[uuid.UUID, list[str]]  # case id → organisations taking part

    @property
    def withheld(self) -> list[AgendaCaseAccess]:
        """Rows withheld from the reader by their own declared conflict."""
        return [row for row in self.rows if row.conflicted] if self.facts else []

    @property
    def entries(self) -> list[AgendaEntry]:
        return [
            AgendaEntry(
                row=row,
                show_facts=self.facts and not row.conflicted,
                participants=self.participants.get(row.case.case.pk, []),
            )
            for row in self.rows
        ]

    @property
    def total(self) -> int:
        return len(self.rows) + self.hidden


def agenda_view(actor: Actor, access: ConferenceAccess, day: dt.date) -> AgendaView:
    """A fixed number of queries however long the agenda."""
    items = list(agenda_items(access.conference))
    rows = agenda_access(actor, access, items, day=day)
    facts = access.may_see_meeting
    shown = [row.case.case.pk for row in rows if facts and not row.conflicted]
    participants: dict[uuid.UUID, list[str]] = {pk: [] for pk in shown}
    if shown:
        for case_id, name in (
            # Organisations taking part: a referral not (yet) accepted does not.
            CaseParticipant.objects.filter(
                case_id__in=shown, removed_on__isnull=True, status=ReferralStatus.ACCEPTED
            )
            .order_by("organisation__name")
            .values_list("case_id", "organisation__name")
        ):
            participants[case_id].append(name)
    return AgendaView(
        rows=rows, hidden=len(items) - len(rows), facts=facts, participants=participants
    )


def attendees(conference: Conference) -> QuerySet[Attendee]:
    return (
        Attendee.objects.filter(conference=conference)
        .select_related("user", "organisation", "confirmed_statement")
        .order_by("organisation__name", "user__last_name", "user__first_name")
    )


def case_for_bring_back(case: Case) -> bool:
    from samvern.conferences.services.schedule import BRING_BACK_FROM

    return case.state in BRING_BACK_FROM
