"""The safety plan's place on the person page (see `samvern.cases.extensions`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.cases.access import PersonAccess
from samvern.cases.extensions import CaseLink
from samvern.safetyplans.access import PLAN_ROLES


def person_links(actor: Actor, access: PersonAccess) -> list[CaseLink]:
    if not access.grant.content or access.person.role not in PLAN_ROLES:
        return []
    return [
        CaseLink(
            label=_("Safety plan"),
            url=reverse("safetyplans:plan", args=[access.person.pk]),
            description=_("How to keep this person safe, and what each agency will do."),
            order=10,
        )
    ]
