"""Who may read the audit trail, and which part of it.

A data protection officer reads the events recorded for the organisations in which they
hold that role — nothing else. Anyone else (including superusers) gets Http404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from samvern.accounts.models import Membership, Organisation, Role


def audit_organisations(actor: Any) -> list[Organisation]:
    """The organisations whose events `actor` may read; Http404 when there are none."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise Http404
    memberships = (
        Membership.objects.current()
        .filter(user=actor, role=Role.DATA_PROTECTION_OFFICER)
        .select_related("organisation")
        .order_by()
    )
    organisations = sorted(
        {m.organisation_id: m.organisation for m in memberships}.values(),
        key=lambda organisation: organisation.name,
    )
    if not organisations:
        raise Http404
    return organisations
