"""Who may read the audit trail, and which part of it.

A data protection officer reads the events recorded for the organisations in which they
hold that role — nothing else. Anyone else (including superusers) gets Http404.
"""

from __future__ import annotations

from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import Organisation, Role


def audit_organisations(actor: Actor) -> list[Organisation]:
    """The organisations whose events `actor` may read; Http404 when there are none."""
    if not actor.is_authenticated:
        raise Http404
    organisations = list(actor.organisations_with(Role.DATA_PROTECTION_OFFICER))
    if not organisations:
        raise Http404
    return organisations
