"""Reads of checklists. The lists that depend on who asks take the actor and filter with
the case layer's own rules (`samvern.cases.access.content_cases_q`), so a checklist is
listed exactly where its case's content may be seen, and only for the organisation it
belongs to."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Count, Q

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation
from samvern.cases.access import content_cases_q
from samvern.cases.models import Case, CaseState
from samvern.checklists.models import Checklist, ChecklistItem, ItemStatus
from samvern.core.catalogues import localised


@dataclass(frozen=True)
class OpenChecklistItem:
    """One unticked duty on an organisation's current checklist, for its action list."""

    item_id: uuid.UUID
    checklist_id: uuid.UUID
    case_id: uuid.UUID
    case_reference: str
    text: str  # in the active language
    created_at: dt.datetime  # when the checklist holding it was made


def open_items_for_organisation(actor: Actor, *, day: dt.date) -> list[OpenChecklistItem]:
    """The open items of the current checklists of the acting organisation, in cases it
    takes part in on `day` (and may see the content of) that are not closed, by case
    reference and the template's order. One query, however many cases."""
    organisation = actor.organisation
    if organisation is None:
        return []
    # A closed case's duties are no longer anyone's action.
    cases = Case.objects.filter(content_cases_q(actor.case_roles, organisation, day)).exclude(
        state=CaseState.CLOSED
    )
    items = (
        ChecklistItem.objects.filter(
            status=ItemStatus.OPEN,
            checklist__organisation=organisation,
            checklist__superseded_at__isnull=True,
            checklist__case__in=cases.values("pk"),
        )
        .select_related("checklist__case")
        .order_by("checklist__case__reference", "position")
    )
    return [
        OpenChecklistItem(
            item_id=item.pk,
            checklist_id=item.checklist_id,
            case_id=item.checklist.case_id,
            case_reference=item.checklist.case.reference,
            text=localised(item.text),
            created_at=item.checklist.created_at,
        )
        for item in items
    ]


def current_checklist(*, case: Case, organisation: Organisation) -> Checklist | None:
    checklist = (
        Checklist.objects.current()
        .filter(case=case, organisation=organisation)
        .select_related("created_by")
        .first()
    )
    if checklist is not None:
        checklist.case = case
    return checklist


def checklist_items(checklist: Checklist) -> list[ChecklistItem]:
    items = list(
        ChecklistItem.objects.filter(checklist=checklist)
        .select_related("ticked_by")
        .order_by("position")
    )
    for item in items:
        item.checklist = checklist
    return items


@dataclass(frozen=True)
class ChecklistSummary:
    checklist: Checklist
    items: int
    done: int
    not_applicable: int

    @property
    def open(self) -> int:
        return self.items - self.done - self.not_applicable


def checklist_summaries(*, case: Case, organisation: Organisation) -> list[ChecklistSummary]:
    """Every checklist the organisation has made for the case, newest first, with its
    item counts (one query)."""
    checklists = (
        Checklist.objects.filter(case=case, organisation=organisation)
        .select_related("created_by")
        .annotate(
            item_count=Count("items"),
            done_count=Count("items", filter=Q(items__status=ItemStatus.DONE)),
            na_count=Count("items", filter=Q(items__status=ItemStatus.NOT_APPLICABLE)),
        )
        .order_by("-created_at")
    )
    summaries = []
    for checklist in checklists:
        checklist.case = case
        summaries.append(
            ChecklistSummary(
                checklist=checklist,
                items=checklist.item_count,  # type: ignore[attr-defined]
                done=checklist.done_count,  # type: ignore[attr-defined]
                not_applicable=checklist.na_count,  # type: ignore[attr-defined]
            )
        )
    return summaries
