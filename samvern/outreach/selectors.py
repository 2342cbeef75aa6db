"""Reads of the outreach queue, always given the actor (or, for the matching at
registration, the partnership), in a fixed number of queries however many notices."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from samvern.accounts.actor import Actor
from samvern.cases.models import CaseParticipant, CaseState, Person
from samvern.outreach.access import NoticeAccess, works_with_notices
from samvern.outreach.models import (
    Attempt,
    AttemptResult,
    EntryStatus,
    Notice,
    NoticePerson,
    OutreachSettings,
    QueueEntry,
)
from samvern.partnerships.access import MANAGER_ROLES
from samvern.partnerships.models import Partnership

PAGE_SIZE = 50


def _same_person_q(persons: Sequence[NoticePerson]) -> Q:
    """Case persons who are one of `persons`: the same identity number (its keyed hash),
    or the same first and last name and birth date."""
    match = Q()
    for person in persons:
        if person.nin_hash:
            match |= Q(nin_hash=person.nin_hash)
        if person.birth_date:
            match |= Q(
                first_name__iexact=person.first_name,
                last_name__iexact=person.last_name,
                birth_date=person.birth_date,
            )
    return match


def _open_case_persons(partnership_id: uuid.UUID) -> QuerySet[Person]:
    return Person.objects.filter(case__partnership_id=partnership_id).exclude(
        case__state=CaseState.CLOSED
    )


def open_cases_following(*, notice: Notice, persons: Sequence[NoticePerson]) -> list[uuid.UUID]:
    """The open cases of the notice's partnership in which one of `persons` is followed,
    by the rule of `followed_in_open_case`. Not for the notice's readers (they may not
    see those cases): for the apps above, which prompt a reassessment there."""
    match = _same_person_q(persons)
    if not match:
        return []
    cases = (
        _open_case_persons(notice.partnership_id).filter(match).values_list("case_id", flat=True)
    )
    return sorted(set(cases))


def followed_in_open_case(*, partnership: Partnership, persons: Sequence[NoticePerson]) -> set[int]:
    """The positions in `persons` of those already in an open case of the partnership:
    the same identity number (its keyed hash), or the same first and last name and birth
    date. One query. Says nothing about which case: the caller may not see it."""
    match = _same_person_q(persons)
    if not match:
        return set()
    rows = list(
        _open_case_persons(partnership.pk)
        .filter(match)
        .values_list("nin_hash", "first_name", "last_name", "birth_date")
    )
    found: set[int] = set()
    for index, person in enumerate(persons):
        for nin_hash, first, last, born in rows:
            same_number = bool(person.nin_hash) and person.nin_hash == nin_hash
            same_name = (
                person.birth_date is not None
                and born == person.birth_date
                and first.casefold() == person.first_name.casefold()
                and last.casefold() == person.last_name.casefold()
            )
            if same_number or same_name:
                found.add(index)
                break
    return found


@dataclass(frozen=True)
class QueueRow:
    """One notice in a receiving service's queue, with what the service may see of it."""

    entry: QueueEntry
    notice: Notice
    persons: list[NoticePerson]
    unanswered: int
    attempts: int
    overdue: bool

    @property
    def followed_count(self) -> int:
        return sum(1 for person in self.persons if person.followed_in_open_case)


class QueueTab:
    OPEN = "open"
    DONE = "done"
    ALL = (OPEN, DONE)


def visible_persons(access: NoticeAccess) -> list[NoticePerson]:
    """The persons of a notice the acting organisation may see: all of them for the
    notifying police, those of its kinds for a receiving service."""
    persons = list(access.notice.persons.all())
    if access.notifying:
        return persons
    assert access.entry is not None
    return [person for person in persons if person.kind in access.entry.person_kinds]


def queue_entries(*, actor: Actor, tab: str, now: dt.datetime) -> QuerySet[QueueEntry]:
    """The acting organisation's queue: waiting notices by deadline (with the ones whose
    people are all followed elsewhere, until their deadline has passed), or those with an
    outcome, the latest first."""
    if not works_with_notices(actor):
        return QueueEntry.objects.none()
    entries = QueueEntry.objects.filter(organisation=actor.organisation)
    waiting = Q(status=EntryStatus.OPEN) | Q(status=EntryStatus.ALREADY_FOLLOWED, deadline__gte=now)
    if tab == QueueTab.DONE:
        return entries.exclude(waiting).order_by("-closed_at", "-deadline", "pk")
    return entries.filter(waiting).order_by("deadline", "pk")


def queue_rows(*, entries: Sequence[QueueEntry], now: dt.datetime) -> list[QueueRow]:
    """Rows for one page of entries: three queries, however many."""
    ids = [entry.pk for entry in entries]
    loaded = list(
        QueueEntry.objects.filter(pk__in=ids)
        .select_related("notice__police_organisation", "notice__partnership", "case")
        .prefetch_related(Prefetch("notice__persons", queryset=NoticePerson.objects.all()))
        .annotate(
            unanswered=Count("attempts", filter=Q(attempts__result=AttemptResult.NO_ANSWER)),
            attempt_count=Count("attempts"),
        )
    )
    by_id = {entry.pk: entry for entry in loaded}
    rows = []
    for pk in ids:
        entry = by_id[pk]
        rows.append(
            QueueRow(
                entry=entry,
                notice=entry.notice,
                persons=[p for p in entry.notice.persons.all() if p.kind in entry.person_kinds],
                unanswered=entry.unanswered,
                attempts=entry.attempt_count,
                overdue=entry.is_overdue(now),
            )
        )
    return rows


def police_notices(*, actor: Actor) -> QuerySet[Notice]:
    """The notices the acting (police) organisation registered, the latest first, with
    every receiving service's entry."""
    if not works_with_notices(actor):
        return Notice.objects.none()
    return (
        Notice.objects.filter(police_organisation=actor.organisation)
        .select_related("partnership", "registered_by")
        .prefetch_related(
            "persons",
            Prefetch("entries", queryset=QueueEntry.objects.select_related("organisation", "case")),
        )
        .order_by("-registered_at", "pk")
    )


def attempts_for(access: NoticeAccess) -> list[Attempt]:
    """The receiving service's own attempts (the police see outcomes, not notes)."""
    if access.entry is None:
        return []
    return list(
        access.entry.attempts.select_related(
            "made_by", "referred_to_service", "referred_to_organisation"
        )
    )


def entries_for_notifier(access: NoticeAccess) -> list[QueueEntry]:
    if not access.notifying:
        return []
    return list(access.notice.entries.select_related("organisation", "case").order_by("deadline"))


def receiver_referral(access: NoticeAccess) -> CaseParticipant | None:
    """The receiving service's referral in the case made from the notice (the latest, if
    it was referred again after a decline): what it may open is decided by its status."""
    entry = access.entry
    if entry is None or entry.case_id is None:
        return None
    return (
        CaseParticipant.objects.filter(case_id=entry.case_id, organisation=access.organisation)
        .order_by("-created_at")
        .first()
    )


def settings_for(partnership: Partnership) -> OutreachSettings | None:
    return OutreachSettings.objects.filter(partnership=partnership).first()


@dataclass(frozen=True)
class Escalation:
    partnership: Partnership
    overdue: int


def managed_partnerships(actor: Actor) -> QuerySet[Partnership]:
    ids = actor.organisation_ids_with(*MANAGER_ROLES)
    if not actor.is_authenticated or not ids:
        return Partnership.objects.none()
    return Partnership.objects.filter(coordinator_id__in=list(ids), is_active=True).order_by("name")


def overdue_counts(*, actor: Actor, now: dt.datetime) -> list[Escalation]:
    """For the partnerships the actor manages: how many notices are past the deadline for
    first contact without an outcome. A count only, no content. One query."""
    ids = actor.organisation_ids_with(*MANAGER_ROLES)
    if not actor.is_authenticated or not ids:
        return []
    overdue = Q(
        outreach_notices__entries__status=EntryStatus.OPEN,
        outreach_notices__entries__deadline__lt=now,
    )
    rows = (
        Partnership.objects.filter(coordinator_id__in=list(ids), is_active=True)
        .annotate(overdue=Count("outreach_notices", filter=overdue, distinct=True))
        .order_by("name")
    )
    return [Escalation(partnership=p, overdue=p.overdue) for p in rows]


def receives_notices(actor: Actor) -> bool:
    """The acting organisation is designated in a partnership or has a queue."""
    if not works_with_notices(actor):
        return False
    organisation = actor.organisation
    return (
        QueueEntry.objects.filter(organisation=organisation).exists()
        or OutreachSettings.objects.filter(designations__organisation=organisation).exists()
    )
