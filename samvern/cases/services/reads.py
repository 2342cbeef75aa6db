"""Reading case data is audited: every page, API response, download and export that
shows case data records one event in the same transaction, and every case-layer request
answered 404 records a refusal.

A page fetches what it shows through a `read_*` function, which asks `cases.access` and
records the read in one step, so a new page cannot show case data without its event.
`record_read` is for the pages that also take a form: they record the read only when
they show the page again, not when the write succeeded and they redirect.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from pathlib import Path

from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.audit.models import AuditEvent
from samvern.audit.services import audit_log, keyed_reference
from samvern.cases import selectors
from samvern.cases.access import (
    CaseAccess,
    ItemAccess,
    Need,
    PersonAccess,
    access_case,
    access_item,
    access_person,
)
from samvern.cases.models import Assessment, Case, InformationItem, ItemKind
from samvern.cases.services.common import REFUSED_ACTION, Detail
from samvern.cases.services.sharing import case_file_dir


class CaseRead(enum.Enum):
    """A read of one case: the need it takes and the action it is recorded as."""

    CASE = ("cases.case.viewed", Need.VIEW)
    SUMMARY = ("cases.case.summary_viewed", Need.CONFERENCE)
    CONSENTS = ("cases.consents.viewed", Need.VIEW)
    EXPORT = ("cases.case.exported", Need.VIEW)
    ASSESSMENTS = ("cases.assessments.listed", Need.VIEW)
    ACCESS_LOG = ("cases.access_log.viewed", Need.ACCESS_LOG)
    MATCH_CANDIDATES = ("cases.person.match_candidates_viewed", Need.EDIT)

    @property
    def action(self) -> str:
        return self.value[0]

    @property
    def need(self) -> Need:
        return self.value[1]


def _via(via: str | None, detail: Detail | None = None) -> Detail | None:
    if via is None:
        return detail
    return {"via": via, **(detail or {})}


@transaction.atomic
def record_read(
    *,
    actor: Actor,
    case: Case,
    action: str,
    target: models.Model | None = None,
    detail: Detail | None = None,
) -> AuditEvent:
    """Audit one read of case data (a page, an API response, a download, an export).
    Every case-layer event names its case. Pages use the `read_*` functions, which call
    this after `cases.access` let them through."""
    return audit_log(
        actor=actor,
        action=action,
        target=target if target is not None else case,
        organisation=actor.organisation,
        detail={"case": str(case.pk), "reference": case.reference, **(detail or {})},
    )


def read_case(
    actor: Actor,
    case_id: object,
    read: CaseRead = CaseRead.CASE,
    *,
    via: str | None = None,
    detail: Detail | None = None,
) -> CaseAccess:
    """The case, as far as `read` needs it, with the read recorded (404 otherwise)."""
    access = access_case(actor, case_id, read.need)
    record_read(actor=actor, case=access.case, action=read.action, detail=_via(via, detail))
    return access


def read_person(actor: Actor, person_id: object, *, via: str | None = None) -> PersonAccess:
    access = access_person(actor, person_id, Need.VIEW)
    record_read(
        actor=actor,
        case=access.case,
        action="cases.person.viewed",
        target=access.person,
        detail=_via(via),
    )
    return access


def read_item(actor: Actor, item_id: object, *, via: str | None = None) -> ItemAccess:
    access = access_item(actor, item_id, Need.VIEW)
    item = access.item
    action = "cases.assessment.viewed" if item.kind == ItemKind.ASSESSMENT else "cases.item.viewed"
    record_read(actor=actor, case=access.case, action=action, target=item, detail=_via(via))
    return access


def read_document(actor: Actor, item_id: object) -> tuple[ItemAccess, Path]:
    """An uploaded document and the path of its file, with the download recorded."""
    access = access_item(actor, item_id, Need.VIEW)
    item = access.item
    if item.kind != ItemKind.DOCUMENT or not item.file_name:
        raise Http404
    path = case_file_dir() / item.file_name
    if not path.is_file():
        raise Http404
    record_read(actor=actor, case=access.case, action="cases.document.downloaded", target=item)
    return access, path


def read_case_items(
    actor: Actor, case_id: object, *, via: str | None = None
) -> tuple[CaseAccess, list[InformationItem]]:
    """The items of a case visible to the actor's organisation, named in the event."""
    access = access_case(actor, case_id, Need.VIEW)
    items = list(selectors.visible_items(actor=actor, case=access.case))
    record_read(
        actor=actor,
        case=access.case,
        action="cases.items.listed",
        detail=_via(via, {"items": [str(i.pk) for i in items]}),
    )
    return access, items


def read_case_assessments(
    actor: Actor, case_id: object, *, via: str | None = None
) -> tuple[CaseAccess, list[Assessment]]:
    access = access_case(actor, case_id, Need.VIEW)
    assessments = selectors.assessments_for_case(actor=actor, case=access.case)
    record_read(actor=actor, case=access.case, action=CaseRead.ASSESSMENTS.action, detail=_via(via))
    return access, assessments


def read_access_log(
    actor: Actor, case_id: object, *, via: str | None = None
) -> tuple[CaseAccess, QuerySet[AuditEvent]]:
    """Who has seen the case: its events up to, not including, this read of them."""
    access = access_case(actor, case_id, Need.ACCESS_LOG)
    event = record_read(
        actor=actor, case=access.case, action=CaseRead.ACCESS_LOG.action, detail=_via(via)
    )
    events = selectors.access_log(case=access.case)
    # Inside `audited_atomic` (the case pages) this read's own event is written when the
    # request's transaction ends, after the log has been read, so it is not among them.
    return access, events if event.pk is None else events.filter(id__lt=event.pk)


@transaction.atomic
def read_case_rows(*, actor: Actor, cases: Sequence[Case], tab: str) -> list[selectors.CaseRow]:
    """The rows of a list page, with one event naming the cases shown on it."""
    rows = selectors.case_rows(actor=actor, cases=list(cases))
    record_read_list(actor=actor, case_ids=[row.case.pk for row in rows], tab=tab)
    return rows


@transaction.atomic
def record_read_list(*, actor: Actor, case_ids: Sequence[uuid.UUID], tab: str) -> None:
    """One event for a list page, naming the cases shown on it."""
    audit_log(
        actor=actor,
        action="cases.case_list.viewed",
        organisation=actor.organisation,
        target_type="cases.case",
        detail={"tab": tab, "cases": [str(pk) for pk in case_ids]},
    )


def record_refused(
    *,
    actor: Actor,
    route: str,
    method: str,
    identifiers: dict[str, object],
    via: str,
) -> None:
    """Record a case-layer request that was answered 404 — missing and not allowed are the
    same answer, and so the same event. It names no target and holds the requested
    identifiers only as keyed references, so it says nothing about whether they exist;
    equal references show the same identifier tried again. Called after the request's
    transaction has rolled back, in a transaction of its own."""
    audit_log(
        actor=actor,
        action=REFUSED_ACTION,
        organisation=actor.organisation,
        detail={
            "route": route,
            "method": method,
            "via": via,
            **{name: keyed_reference(str(value)) for name, value in sorted(identifiers.items())},
        },
    )
