"""A conference's agenda: built from the partnership's cases awaiting conference and the
cases with open action points due for review by the conference date; the coordinator
adds a case by its reference, removes an item, moves it up or down and marks it urgent.

Every function takes the `ConferenceAccess` the coordinator was let through with
(`ConferenceNeed.MANAGE`) and decides case by case with `access_cases`, so a case the
actor has no conference grant for is never placed on an agenda.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.audit.services import audit_log
from samvern.cases.access import CaseAccess, Need, access_cases
from samvern.cases.models import Case, CaseState
from samvern.cases.services import CaseRuleError
from samvern.cases.services.common import audit_case_event
from samvern.conferences.access import ConferenceAccess
from samvern.conferences.models import (
    ActionPoint,
    AgendaItem,
    AgendaReason,
    ConferenceReturn,
    ConferenceStatus,
    Minutes,
    Outcome,
    Research,
)


class AgendaError(CaseRuleError):
    """An agenda rule refused the operation; the message is for the user."""


def _require_open(access: ConferenceAccess) -> None:
    if not access.manage:
        raise AgendaError(_("Only the coordinator can change the agenda."))
    if access.conference.status != ConferenceStatus.PLANNED:
        raise AgendaError(_("The agenda of a conference that is held or cancelled is closed."))


def due_review_q(day: dt.date) -> Q:
    """Cases with an open action point due by `day`, as a filter on `Case`."""
    return Q(action_points__outcome=Outcome.OPEN, action_points__due_on__lte=day)


def reasons_for(
    cases: Sequence[Case], *, conference_date: dt.date
) -> tuple[dict[uuid.UUID, str], dict[uuid.UUID, ConferenceReturn]]:
    """Why each case goes on the agenda of a conference on `conference_date`, and the
    pending return (bring-back) that gives the reason, if any. Two queries.

    - A case brought back to a conference: the reason it was brought back for.
    - Awaiting conference with open action points from an earlier conference: carried
      over.
    - Awaiting conference otherwise: new.
    - Not awaiting, with open action points due by the date: review."""
    ids = [case.pk for case in cases]
    returns: dict[uuid.UUID, ConferenceReturn] = {}
    for row in ConferenceReturn.objects.filter(case_id__in=ids, item__isnull=True).order_by(
        "created_at"
    ):
        returns[row.case_id] = row  # the latest wins
    with_open = set(
        ActionPoint.objects.filter(
            case_id__in=ids, outcome=Outcome.OPEN, item__conference__date__lt=conference_date
        ).values_list("case_id", flat=True)
    )
    reasons: dict[uuid.UUID, str] = {}
    for case in cases:
        if case.state == CaseState.AWAITING_CONFERENCE:
            if case.pk in returns:
                reasons[case.pk] = returns[case.pk].reason
            elif case.pk in with_open:
                reasons[case.pk] = AgendaReason.CARRIED_OVER
            else:
                reasons[case.pk] = AgendaReason.NEW
        else:
            reasons[case.pk] = AgendaReason.REVIEW
    return reasons, returns


def _next_position(access: ConferenceAccess) -> int:
    top = AgendaItem.objects.filter(conference=access.conference).aggregate(top=Max("position"))
    return int(top["top"] or 0) + 1


def _item_detail(item: AgendaItem) -> dict[str, object]:
    return {
        "conference": str(item.conference_id),
        "item": str(item.pk),
        "reason": item.reason,
        "position": item.position,
        "urgent": item.urgent,
    }


@transaction.atomic
def build_agenda(*, actor: Actor, access: ConferenceAccess, day: dt.date) -> list[AgendaItem]:
    """Add the partnership's cases awaiting conference and the cases with open action
    points due for review by the conference date that are not on the agenda yet. The
    same number of queries however many cases; one audit event names them all."""
    _require_open(access)
    conference = access.conference
    assert actor.user is not None
    candidates = list(
        Case.objects.filter(partnership=conference.partnership_id)
        .filter(Q(state=CaseState.AWAITING_CONFERENCE) | due_review_q(conference.date))
        .exclude(state=CaseState.CLOSED)
        .exclude(agenda_items__conference=conference)
        .select_related("partnership", "referring_organisation")
        .distinct()
        .order_by("referred_on", "reference")
    )
    granted = access_cases(actor, candidates, Need.CONFERENCE, day=day)
    if not granted:
        return []
    reasons, returns = reasons_for(
        [found.case for found in granted], conference_date=conference.date
    )
    position = _next_position(access)
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                conference=conference,
                case=found.case,
                position=position + index,
                reason=reasons[found.case.pk],
                added_by=actor.user,
            )
            for index, found in enumerate(granted)
        ]
    )
    by_case = {item.case_id: item for item in items}
    pending = [row.pk for row in returns.values()]
    if pending:
        # Each bring-back is taken up by its case's item; one update per agenda build.
        for row in returns.values():
            ConferenceReturn.objects.filter(pk=row.pk).update(item=by_case[row.case_id])
    audit_log(
        actor=actor,
        action="conference.agenda.built",
        target=conference,
        organisation=actor.organisation,
        detail={
            "conference": str(conference.pk),
            "count": len(items),
            "cases": [str(item.case_id) for item in items],
            "references": [found.case.reference for found in granted],
            "reasons": [item.reason for item in items],
        },
    )
    return items


def find_case(
    *, actor: Actor, partnership_id: uuid.UUID, reference: str, day: dt.date
) -> CaseAccess:
    """The partnership's case with this reference, if the actor has its conference
    grant; the same refusal whether it does not exist or may not be used."""
    case = (
        Case.objects.filter(partnership=partnership_id, reference=reference.strip())
        .select_related("partnership", "referring_organisation")
        .first()
    )
    found = access_cases(actor, [case], Need.CONFERENCE, day=day) if case is not None else []
    if not found or found[0].case.state == CaseState.CLOSED:
        raise AgendaError(
            {
                "reference": _(
                    "There is no case with that reference you can bring to this conference."
                )
            }
        )
    return found[0]


@transaction.atomic
def add_case(
    *, actor: Actor, access: ConferenceAccess, case: CaseAccess, day: dt.date
) -> AgendaItem:
    """Put one case on the agenda (last, until moved)."""
    _require_open(access)
    assert actor.user is not None
    if not case.grant.conference or case.case.partnership_id != access.conference.partnership_id:
        raise AgendaError({"reference": _("This case cannot be brought to this conference.")})
    if AgendaItem.objects.filter(conference=access.conference, case=case.case).exists():
        raise AgendaError({"reference": _("This case is on the agenda already.")})
    reasons, returns = reasons_for([case.case], conference_date=access.conference.date)
    item = AgendaItem.objects.create(
        conference=access.conference,
        case=case.case,
        position=_next_position(access),
        reason=reasons[case.case.pk],
        added_by=actor.user,
    )
    if case.case.pk in returns:
        ConferenceReturn.objects.filter(pk=returns[case.case.pk].pk).update(item=item)
    audit_case_event(
        actor=actor,
        action="conference.agenda.item_added",
        case=case.case,
        target=item,
        detail=_item_detail(item),
    )
    return item


def _audit_item(actor: Actor, action: str, item: AgendaItem, **extra: object) -> None:
    audit_case_event(
        actor=actor,
        action=action,
        case=item.case,
        target=item,
        detail={**_item_detail(item), **extra},
    )


@transaction.atomic
def remove_item(*, actor: Actor, access: ConferenceAccess, item: AgendaItem) -> None:
    """Take a case off the agenda, as long as nothing of the meeting is recorded for it.
    A bring-back the item had taken up waits for the next agenda again."""
    _require_open(access)
    if item.conference_id != access.conference.pk:
        raise AgendaError(_("This case is not on the agenda of this conference."))
    if (
        Research.objects.filter(item=item).exists()
        or Minutes.objects.filter(item=item).exists()
        or ActionPoint.objects.filter(item=item).exists()
    ):
        raise AgendaError(
            _(
                "Research, minutes or action points are recorded for this case; "
                "it stays on the agenda."
            )
        )
    _audit_item(actor, "conference.agenda.item_removed", item)
    item.delete()
    _renumber(access)


def _ordered(access: ConferenceAccess) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(conference=access.conference)
        .select_for_update()
        .order_by("-urgent", "position", "created_at")
    )


def _renumber(access: ConferenceAccess) -> list[AgendaItem]:
    items = _ordered(access)
    changed = []
    for index, item in enumerate(items, start=1):
        if item.position != index:
            item.position = index
            changed.append(item)
    if changed:
        AgendaItem.objects.bulk_update(changed, ["position"])
    return items


@transaction.atomic
def move_item(
    *, actor: Actor, access: ConferenceAccess, item: AgendaItem, direction: str
) -> AgendaItem:
    """Move an item one place up or down the agenda, within its group (urgent items come
    first, in their own order)."""
    _require_open(access)
    if direction not in ("up", "down"):
        raise AgendaError(_("Choose up or down."))
    items = _renumber(access)
    index = next((i for i, row in enumerate(items) if row.pk == item.pk), None)
    if index is None:
        raise AgendaError(_("This case is not on the agenda of this conference."))
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(items) or items[other_index].urgent != items[index].urgent:
        raise AgendaError(_("The case cannot move further in that direction."))
    moving, other = items[index], items[other_index]
    moving.position, other.position = other.position, moving.position
    AgendaItem.objects.bulk_update([moving, other], ["position"])
    _audit_item(actor, "conference.agenda.item_moved", moving, direction=direction)
    return moving


@transaction.atomic
def set_urgent(
    *, actor: Actor, access: ConferenceAccess, item: AgendaItem, urgent: bool
) -> AgendaItem:
    """Mark an item urgent (it goes to the top of the agenda) or take the mark off."""
    _require_open(access)
    if item.conference_id != access.conference.pk:
        raise AgendaError(_("This case is not on the agenda of this conference."))
    if item.urgent == urgent:
        return item
    item.urgent = urgent
    item.save(update_fields=["urgent", "updated_at"])
    _renumber(access)
    item.refresh_from_db(fields=["position"])
    _audit_item(actor, "conference.agenda.item_urgency_changed", item)
    return item
