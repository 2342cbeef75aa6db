"""The organisation's duty checklist on the case page (see `samvern.cases.extensions`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.cases.access import CaseAccess
from samvern.cases.extensions import CaseLink


def case_links(actor: Actor, access: CaseAccess) -> list[CaseLink]:
    if not access.grant.content:
        return []
    return [
        CaseLink(
            label=_("My organisation's duty checklist"),
            url=reverse("checklists:case", args=[access.case.pk]),
            description=_("What your agency must do in this case."),
            order=20,
        )
    ]
