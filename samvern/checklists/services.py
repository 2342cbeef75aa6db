"""Writes of the agency duty checklists, and the audited reads.

Every write takes the actor and what `samvern.checklists.access` let them through to,
runs in one transaction and records its audit event in it; every read of a checklist
(page, API answer, history, the open items of an organisation) records a read event in
the same transaction, through the case layer's `record_read`, so that it shows in the
case's "who has seen this case".
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation
from samvern.audit.services import audit_log
from samvern.cases import selectors as case_selectors
from samvern.cases.access import CaseAccess, Need, today
from samvern.cases.models import Case, Person, PersonRole
from samvern.cases.services import CaseRuleError, record_read
from samvern.cases.services.common import audit_case_event, require_content_role
from samvern.checklists import catalogue, selectors
from samvern.checklists.access import (
    ChecklistAccess,
    ChecklistItemAccess,
    access_checklist,
    access_checklist_case,
)
from samvern.checklists.engine import CaseFacts, applicable_items
from samvern.checklists.models import Checklist, ChecklistItem, ItemStatus
from samvern.checklists.template import Agency, Template, agency_for
from samvern.core import limits

CREATED = "checklists.checklist.created"
VIEWED = "checklists.checklist.viewed"
HISTORY_VIEWED = "checklists.history.viewed"
TICKED = "checklists.item.ticked"
NOT_APPLICABLE = "checklists.item.not_applicable"
REOPENED = "checklists.item.reopened"
OPEN_ITEMS_LISTED = "checklists.open_items.listed"


@dataclass(frozen=True)
class AskedFacts:
    """The facts a checklist depends on that the case data does not hold; asked when a
    checklist is made."""

    custody_release: bool = False
    shelter_needed: bool = False
    consent_victim_support: bool = False


@dataclass(frozen=True)
class CaseChecklist:
    """What the checklist page of a case shows: the case, the organisation's current
    checklist (None before the first is made) and its items."""

    access: CaseAccess
    checklist: Checklist | None
    items: list[ChecklistItem]


# --- facts -------------------------------------------------------------------------------


def case_facts(case: Case, asked: AskedFacts) -> CaseFacts:
    """The facts the template's conditions look at: children and risk band from the
    case, the rest as asked."""
    return CaseFacts(
        children=Person.objects.filter(case=case, role=PersonRole.CHILD).exists(),
        risk_band=case.risk_band,
        custody_release=asked.custody_release,
        shelter_needed=asked.shelter_needed,
        consent_victim_support=asked.consent_victim_support,
    )


def participating_agencies(case: Case, *, day: dt.date | None = None) -> set[Agency]:
    """The kinds of agency taking part in the case on `day`."""
    kinds = case_selectors.current_participant_organisations(case=case, day=day).values_list(
        "kind", flat=True
    )
    return {agency_for(kind) for kind in kinds}


def template_for_organisation(organisation: Organisation) -> Template:
    return catalogue.template_for(agency_for(organisation.kind))


def asked_facts_of(checklist: Checklist | None) -> AskedFacts:
    """The asked facts of an earlier checklist, to fill in the form for the next one."""
    if checklist is None:
        return AskedFacts()
    facts = CaseFacts.from_dict(checklist.facts)
    return AskedFacts(
        custody_release=facts.custody_release,
        shelter_needed=facts.shelter_needed,
        consent_victim_support=facts.consent_victim_support,
    )


# --- writes ------------------------------------------------------------------------------


def _organisation_with_content(actor: Actor, access: CaseAccess) -> Organisation:
    organisation = require_content_role(actor)
    if not access.grant.content or access.grant.organisation.pk != organisation.pk:
        raise CaseRuleError(_("Your organisation does not take part in this case."))
    return organisation


@transaction.atomic
def generate_checklist(
    *, actor: Actor, access: CaseAccess, facts: AskedFacts, day: dt.date | None = None
) -> Checklist:
    """Make the organisation's checklist for the case from the newest template for its
    kind of agency, with the items that apply on `day`. An earlier checklist stays as
    history; items done or marked not applicable in it, with the same wording, keep what
    was recorded (who, when, why), so that regenerating after a change in the facts does
    not undo work."""
    organisation = _organisation_with_content(actor, access)
    assert actor.user is not None  # an actor with a case role is a signed-in user
    case = access.case
    day = day or today()
    agency = agency_for(organisation.kind)
    try:
        template = catalogue.template_for(agency)
    except catalogue.TemplateNotFound:
        raise CaseRuleError(
            _("No checklist template is available for your organisation.")
        ) from None
    known = case_facts(case, facts)
    chosen = applicable_items(template, known, participating_agencies(case, day=day), agency)
    now = timezone.now()
    previous = (
        Checklist.objects.select_for_update()
        .filter(case=case, organisation=organisation)
        .current()
        .first()
    )
    recorded: dict[str, ChecklistItem] = {}
    if previous is not None:
        recorded = {item.item_key: item for item in previous.items.exclude(status=ItemStatus.OPEN)}
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at", "updated_at"])
    checklist = Checklist.objects.create(
        case=case,
        organisation=organisation,
        template_key=template.key,
        template_version=template.version,
        title=dict(template.title),
        facts=known.as_dict(),
        created_by=actor.user,
    )
    items: list[ChecklistItem] = []
    carried = 0
    for position, chosen_item in enumerate(chosen):
        item = ChecklistItem(
            checklist=checklist,
            position=position,
            item_key=chosen_item.key,
            text=dict(chosen_item.text),
            help=dict(chosen_item.help),
        )
        earlier = recorded.get(chosen_item.key)
        if earlier is not None and earlier.text == item.text:
            item.status, item.reason = earlier.status, earlier.reason
            item.ticked_by_id, item.ticked_at = earlier.ticked_by_id, earlier.ticked_at
            carried += 1
        items.append(item)
    ChecklistItem.objects.bulk_create(items)
    audit_case_event(
        actor=actor,
        action=CREATED,
        case=case,
        target=checklist,
        detail={
            "checklist": str(checklist.pk),
            "template": template.key,
            "version": template.version,
            "facts": known.as_dict(),
            "items": [item.item_key for item in items],
            "carried_over": carried,
            "replaces": str(previous.pk) if previous is not None else "",
        },
    )
    return checklist


def _item_event(actor: Actor, access: ChecklistItemAccess, action: str, **detail: object) -> None:
    audit_case_event(
        actor=actor,
        action=action,
        case=access.case,
        target=access.item,
        detail={"checklist": str(access.checklist.pk), "item": access.item.item_key, **detail},
    )


def _locked_item(actor: Actor, access: ChecklistItemAccess) -> ChecklistItem:
    """The item read again under a lock, so that two people ticking at once do not both
    succeed."""
    _organisation_with_content(actor, access)
    item = ChecklistItem.objects.select_for_update().get(pk=access.item.pk)
    if not Checklist.objects.filter(pk=item.checklist_id).current().exists():
        raise CaseRuleError(_("This checklist has been replaced by a newer one."))
    return item


@transaction.atomic
def tick_item(*, actor: Actor, access: ChecklistItemAccess) -> ChecklistItem:
    item = _locked_item(actor, access)
    if item.status != ItemStatus.OPEN:
        raise CaseRuleError(_("This item is already marked. Reopen it first."))
    item.status, item.ticked_by, item.ticked_at = ItemStatus.DONE, actor.user, timezone.now()
    item.save(update_fields=["status", "ticked_by", "ticked_at", "updated_at"])
    _item_event(actor, access, TICKED)
    return item


@transaction.atomic
def mark_not_applicable(*, actor: Actor, access: ChecklistItemAccess, reason: str) -> ChecklistItem:
    reason = reason.strip()
    if not reason:
        raise CaseRuleError({"reason": [_("Say why the item does not apply.")]})
    if len(reason) > limits.COMMENT:
        raise CaseRuleError(
            {
                "reason": [
                    _("Keep the reason under %(limit)d characters.") % {"limit": limits.COMMENT}
                ]
            }
        )
    item = _locked_item(actor, access)
    if item.status != ItemStatus.OPEN:
        raise CaseRuleError(_("This item is already marked. Reopen it first."))
    item.status, item.reason = ItemStatus.NOT_APPLICABLE, reason
    item.ticked_by, item.ticked_at = actor.user, timezone.now()
    item.save(update_fields=["status", "reason", "ticked_by", "ticked_at", "updated_at"])
    _item_event(actor, access, NOT_APPLICABLE)
    return item


@transaction.atomic
def reopen_item(*, actor: Actor, access: ChecklistItemAccess) -> ChecklistItem:
    item = _locked_item(actor, access)
    if item.status == ItemStatus.OPEN:
        raise CaseRuleError(_("This item is already open."))
    previous = item.status
    item.status, item.reason, item.ticked_by, item.ticked_at = ItemStatus.OPEN, "", None, None
    item.save(update_fields=["status", "reason", "ticked_by", "ticked_at", "updated_at"])
    _item_event(actor, access, REOPENED, previous_status=previous)
    return item


# --- audited reads -----------------------------------------------------------------------


def _via(via: str | None) -> dict[str, object]:
    return {"via": via} if via else {}


@transaction.atomic
def read_checklist(actor: Actor, case_id: object, *, via: str | None = None) -> CaseChecklist:
    """The organisation's current checklist for the case, with the read recorded."""
    access = access_checklist_case(actor, case_id, Need.VIEW)
    checklist = selectors.current_checklist(
        case=access.case, organisation=access.grant.organisation
    )
    items = selectors.checklist_items(checklist) if checklist is not None else []
    record_read(
        actor=actor,
        case=access.case,
        action=VIEWED,
        target=checklist,
        detail={**_via(via), "checklist": str(checklist.pk) if checklist is not None else ""},
    )
    return CaseChecklist(access=access, checklist=checklist, items=items)


@transaction.atomic
def read_one_checklist(
    actor: Actor, checklist_id: object, *, via: str | None = None
) -> tuple[ChecklistAccess, list[ChecklistItem]]:
    """One checklist of the organisation (current or earlier), with the read recorded."""
    access = access_checklist(actor, checklist_id, Need.VIEW)
    items = selectors.checklist_items(access.checklist)
    record_read(
        actor=actor,
        case=access.case,
        action=VIEWED,
        target=access.checklist,
        detail={**_via(via), "checklist": str(access.checklist.pk)},
    )
    return access, items


@transaction.atomic
def read_history(
    actor: Actor, case_id: object, *, via: str | None = None
) -> tuple[CaseAccess, list[selectors.ChecklistSummary]]:
    """Every checklist the organisation has made for the case, newest first."""
    access = access_checklist_case(actor, case_id, Need.VIEW)
    summaries = selectors.checklist_summaries(
        case=access.case, organisation=access.grant.organisation
    )
    record_read(
        actor=actor,
        case=access.case,
        action=HISTORY_VIEWED,
        detail={**_via(via), "checklists": [str(s.checklist.pk) for s in summaries]},
    )
    return access, summaries


@transaction.atomic
def read_open_items(
    actor: Actor, *, day: dt.date, via: str | None = None
) -> list[selectors.OpenChecklistItem]:
    """`selectors.open_items_for_organisation` with one read event naming the cases
    shown (for pages that list them; the event does not name each case's access log)."""
    rows = selectors.open_items_for_organisation(actor, day=day)
    case_ids: list[uuid.UUID] = list(dict.fromkeys(row.case_id for row in rows))
    audit_log(
        actor=actor,
        action=OPEN_ITEMS_LISTED,
        organisation=actor.organisation,
        target_type="checklists.checklist",
        detail={**_via(via), "cases": [str(pk) for pk in case_ids], "items": len(rows)},
    )
    return rows


def latest_checklist(*, case: Case, organisation: Organisation) -> Checklist | None:
    return selectors.current_checklist(case=case, organisation=organisation)


__all__: Sequence[str] = (
    "CREATED",
    "HISTORY_VIEWED",
    "NOT_APPLICABLE",
    "OPEN_ITEMS_LISTED",
    "REOPENED",
    "TICKED",
    "VIEWED",
    "AskedFacts",
    "CaseChecklist",
    "asked_facts_of",
    "case_facts",
    "generate_checklist",
    "latest_checklist",
    "mark_not_applicable",
    "participating_agencies",
    "read_checklist",
    "read_history",
    "read_one_checklist",
    "read_open_items",
    "reopen_item",
    "template_for_organisation",
    "tick_item",
)


# The audit trail's labels of these actions (samvern/audit/labels.py), listed here so that
# this app's message catalogue carries their bokmål wording.
AUDIT_LABELS = (
    gettext_noop("Viewed an agency duty checklist"),
    gettext_noop("Viewed earlier duty checklists"),
    gettext_noop("Listed open checklist duties"),
    gettext_noop("Made an agency duty checklist"),
    gettext_noop("Ticked a checklist duty as done"),
    gettext_noop("Marked a checklist duty as not applicable"),
    gettext_noop("Reopened a checklist duty"),
)
