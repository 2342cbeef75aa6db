"""Reads of the audit trail, always limited to what the actor may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from samvern.accounts.actor import Actor
from samvern.audit.labels import kind_q
from samvern.audit.models import AuditEvent
from samvern.trail.access import audit_organisations


@dataclass(frozen=True)
class AuditFilters:
    organisation_ids: list[str] = field(default_factory=list)
    actor: str = ""
    action_kind: str = ""
    case_reference: str = ""
    action_prefix: str = ""
    target_type: str = ""
    target_id: str = ""
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def as_detail(self) -> dict[str, object]:
        """The search as recorded in the audit event about the search itself."""
        return {
            key: value
            for key, value in {
                "organisations": self.organisation_ids,
                "actor": self.actor,
                "action_kind": self.action_kind,
                "case_reference": self.case_reference,
                "action_prefix": self.action_prefix,
                "target_type": self.target_type,
                "target_id": self.target_id,
                "since": self.since,
                "until": self.until,
            }.items()
            if value
        }


def audit_events(*, actor: Actor, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """Events of the organisations the actor is data protection officer for, newest first
    (by id).

    `filters.organisation_ids` can only narrow that set; an organisation outside it is
    ignored rather than trusted. Http404 if the actor may not read the trail at all.
    """
    filters = filters or AuditFilters()
    allowed = {str(organisation.pk) for organisation in audit_organisations(actor)}
    wanted = [oid for oid in filters.organisation_ids if oid in allowed] or sorted(allowed)
    events = AuditEvent.objects.filter(organisation_id__in=wanted)
    if filters.actor:
        events = events.filter(_actor_q(filters.actor))
    if filters.action_kind:
        events = events.filter(kind_q(filters.action_kind))
    if filters.case_reference:
        # The reference recorded with each case event, so a case is found by what the
        # trail itself says, whether or not the reader may open the case today.
        # (`case_reference` is the event's `detail.reference`, indexed.)
        events = events.filter(case_reference=filters.case_reference)
    if filters.action_prefix:
        events = events.filter(action__startswith=filters.action_prefix)
    if filters.target_type:
        events = events.filter(target_type=filters.target_type)
    if filters.target_id:
        events = events.filter(target_id=filters.target_id)
    if filters.since is not None:
        events = events.filter(occurred_at__gte=filters.since)
    if filters.until is not None:
        events = events.filter(occurred_at__lt=filters.until)
    # Newest first in the order written to the chain, which is also the order pages are
    # cut in (`trail.paging`); each filter above has an index ending in id.
    return events.order_by("-id")


def _actor_q(text: str) -> Q:
    """The person who acted, by user name (exactly) or by a part of their full name."""
    from samvern.accounts.models import User

    named = (
        User.objects.annotate(
            full_name=Concat("first_name", Value(" "), "last_name"),
            pk_text=Cast("pk", CharField()),
        )
        .filter(full_name__icontains=text)
        .values("pk_text")
    )
    return Q(actor_label__iexact=text) | Q(actor_id__in=named)
