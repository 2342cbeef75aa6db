from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from samvern.audit.models import AuditEvent
from samvern.core.request_context import client_address

# An arbitrary, fixed key for the PostgreSQL advisory lock that serialises appends to the
# hash chain; without it two concurrent transactions could chain to the same predecessor.
_CHAIN_LOCK_KEY = 0x5A4D5652


def _normalise_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    """JSON-safe copy of the detail, so the stored value hashes the same when read back."""

    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple | set):
            return [convert(v) for v in value]
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        if value is None or isinstance(value, bool | int | float | str):
            return value
        return str(value)

    return convert(detail or {})


def audit_log(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    organisation: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit trail, in the caller's transaction.

    `action` is a namespaced code such as "plans.measure.updated" or "cases.case.viewed".
    `actor` is a user (or None for the system); `organisation` the organisation the actor
    acted for. Pass `target` for a model instance, or `target_type`/`target_id`.
    """
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor_id=str(actor.pk) if authenticated else "",
            actor_label=(actor.get_username() if authenticated else "system"),
            organisation_id=str(organisation.pk) if organisation is not None else "",
            organisation_label=str(organisation) if organisation is not None else "",
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            ip_address=client_address(),
            detail=_normalise_detail(detail),
            prev_hash=previous or "",
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def verify_chain() -> AuditEvent | None:
    """Return the first event whose content or link does not match, or None if intact."""
    previous_hash = ""
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != previous_hash or event.compute_hash() != event.hash:
            return event
        previous_hash = event.hash
    return None
