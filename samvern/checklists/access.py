"""The only way to fetch a checklist or one of its items for a user.

Duties are per agency: an organisation sees and ticks only its own checklists, in a case
whose content it may see (it takes part in the case and is a member of the case's
partnership that day, and the user holds a case content role there; see
`samvern.cases.access`). Other organisations taking part, the partnership's conference
coordinators who do not take part, data protection officers and everyone else see none
of them. Every refusal is the same `Http404` as a checklist that does not exist.

Only the current checklist can be changed; earlier ones are history.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.cases.access import CaseAccess, Need, access_case
from samvern.checklists.models import Checklist, ChecklistItem


def _parse_id(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


@dataclass(frozen=True)
class ChecklistAccess(CaseAccess):
    checklist: Checklist


@dataclass(frozen=True)
class ChecklistItemAccess(ChecklistAccess):
    item: ChecklistItem


def access_checklist_case(actor: Actor, case_id: object, need: Need) -> CaseAccess:
    """The case whose checklists (of the actor's organisation) the actor may read
    (`Need.VIEW`) or make and tick (`Need.EDIT`)."""
    if need not in (Need.VIEW, Need.EDIT) or actor.organisation is None:
        raise Http404
    access = access_case(actor, case_id, need)
    if not access.grant.content:
        raise Http404
    return access


def access_checklist(actor: Actor, checklist_id: object, need: Need = Need.VIEW) -> ChecklistAccess:
    """One checklist of the actor's organisation, current or earlier (only the current
    one for `Need.EDIT`)."""
    pk = _parse_id(checklist_id)
    organisation = actor.organisation
    if need not in (Need.VIEW, Need.EDIT) or organisation is None or not actor.case_roles:
        raise Http404
    checklist = Checklist.objects.filter(pk=pk, organisation=organisation).first()
    if checklist is None or (need is Need.EDIT and not checklist.is_current):
        raise Http404
    access = access_checklist_case(actor, checklist.case_id, need)
    checklist.case = access.case
    return ChecklistAccess(case=access.case, grant=access.grant, checklist=checklist)


def access_checklist_item(
    actor: Actor, item_id: object, need: Need = Need.EDIT
) -> ChecklistItemAccess:
    """One item of a checklist of the actor's organisation; ticking it (`Need.EDIT`)
    needs the checklist to be the current one."""
    pk = _parse_id(item_id)
    organisation = actor.organisation
    if need not in (Need.VIEW, Need.EDIT) or organisation is None or not actor.case_roles:
        raise Http404
    item = (
        ChecklistItem.objects.select_related("checklist")
        .filter(pk=pk, checklist__organisation=organisation)
        .first()
    )
    if item is None or (need is Need.EDIT and not item.checklist.is_current):
        raise Http404
    access = access_checklist_case(actor, item.checklist.case_id, need)
    item.checklist.case = access.case
    return ChecklistItemAccess(
        case=access.case, grant=access.grant, checklist=item.checklist, item=item
    )
