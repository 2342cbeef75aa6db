"""The case's conferences on the case page (see `samvern.cases.extensions`): each agenda
entry as a link to that conference's page for the case, and, for the coordinators of the
coordinating organisation (the only ones who may use it), a way back to a conference for a
case whose actions are under way or that is being monitored."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.cases.access import CaseAccess
from samvern.cases.extensions import CaseLink
from samvern.cases.models import CaseState
from samvern.conferences.access import may_manage_partnership
from samvern.conferences.models import AgendaItem

BACK_FROM = frozenset({CaseState.ACTIONS_IN_PROGRESS, CaseState.MONITORING})


def case_links(actor: Actor, access: CaseAccess) -> list[CaseLink]:
    if not access.grant.conference:
        return []
    links = [
        CaseLink(
            label=_("Conference %(date)s") % {"date": date_format(item.conference.date)},
            url=reverse("conferences:item", args=[item.pk]),
            description=str(item.get_reason_display()),
            order=30,
        )
        for item in AgendaItem.objects.filter(case=access.case)
        .select_related("conference")
        .order_by("conference__date")
    ]
    if links:
        # Heard at a conference: its outcome follow-ups (read with the conference grant).
        links.append(
            CaseLink(
                label=_("Outcome follow-up"),
                url=reverse("conferences:followup_case", args=[access.case.pk]),
                description=_("What was known 6 and 12 months after the first conference."),
                order=35,
            )
        )
    if access.case.state in BACK_FROM and may_manage_partnership(
        actor, access.case.partnership.coordinator_id
    ):
        links.append(
            CaseLink(
                label=_("Bring back to a conference"),
                url=reverse("conferences:bring_back", args=[access.case.pk]),
                description=_("For a review, a new incident or a repeat referral."),
                order=40,
            )
        )
    return links
