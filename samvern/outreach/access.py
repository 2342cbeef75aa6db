"""The only way to fetch an incident notice for a user.

"Not found" and "not allowed" raise the same `Http404`, so nobody learns that a notice
exists. A notice is case data: the rules are those of the case layer.

Who sees what (the acting organisation is `actor.organisation`; a case content role —
case worker or conference coordinator — held there, with the second factor the
middleware and the case-layer API authentication require; the organisation a member of
the notice's partnership today):

- The notifying police organisation: the notice with every person in it, and for each
  receiving service its deadline and outcome (not the services' notes on their attempts).
- A receiving service (one with a queue entry for the notice): the notice and the
  persons of the kinds it is designated for, its own deadline, attempts and outcome;
  recording attempts and turning the notice into a case referral.
- Nobody else: not other member organisations, not a data protection officer, not the
  partnership's coordinator (who sees only how many notices are past the deadline
  without an outcome, `selectors.overdue_count`), not an administrator or superuser.
- Registering a notice: a case content role in a police organisation.
- The partnership's outreach settings: the partnership's managers
  (`partnerships.access`, Need.MANAGE).
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from samvern.accounts.actor import Actor
from samvern.accounts.models import CASE_CONTENT_ROLES, Organisation, OrganisationKind
from samvern.outreach.models import Notice, QueueEntry
from samvern.partnerships.models import PartnershipMember


class Need(enum.Enum):
    VIEW = "view"
    CONTACT = "contact"  # record an attempt, turn into a case referral (receiver only)


@dataclass(frozen=True)
class NoticeAccess:
    """A notice the actor was let through to, and as whom."""

    notice: Notice
    organisation: Organisation
    # The acting organisation's own queue entry, when it receives the notice.
    entry: QueueEntry | None
    notifying: bool

    @property
    def receiving(self) -> bool:
        return self.entry is not None


def _parse_id(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def works_with_notices(actor: Actor) -> bool:
    """A case content role in the acting organisation: the first condition of every
    outreach page."""
    return bool(actor.case_roles & CASE_CONTENT_ROLES) and actor.organisation is not None


def may_register(actor: Actor) -> bool:
    return (
        works_with_notices(actor)
        and actor.organisation is not None
        and actor.organisation.kind == OrganisationKind.POLICE
    )


def access_notice(actor: Actor, notice_id: object, need: Need = Need.VIEW) -> NoticeAccess:
    pk = _parse_id(notice_id)
    if not works_with_notices(actor):
        raise Http404
    organisation = actor.organisation
    assert organisation is not None
    notice = (
        Notice.objects.select_related("partnership", "police_organisation", "registered_by")
        .filter(pk=pk)
        .first()
    )
    if notice is None:
        raise Http404
    entry = (
        QueueEntry.objects.filter(notice=notice, organisation=organisation)
        .select_related("case")
        .first()
    )
    notifying = notice.police_organisation_id == organisation.pk
    if entry is None and not notifying:
        raise Http404
    if need is Need.CONTACT and entry is None:
        raise Http404
    member = (
        PartnershipMember.objects.active_on(timezone.localdate())
        .filter(partnership=notice.partnership_id, organisation=organisation)
        .exists()
    )
    if not member:
        raise Http404
    if entry is not None:
        entry.notice = notice
    return NoticeAccess(notice=notice, organisation=organisation, entry=entry, notifying=notifying)
