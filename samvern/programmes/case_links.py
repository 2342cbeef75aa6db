"""Programme referrals on the case page (see `samvern.cases.extensions`): for readers
with case content, a panel with each referral's status and sessions, and the way to make
one. Two queries; the read is recorded."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.cases.access import CaseAccess
from samvern.cases.extensions import CasePanel
from samvern.cases.services import record_read
from samvern.programmes import selectors
from samvern.programmes.services import CASE_VIEWED


def case_panels(actor: Actor, access: CaseAccess) -> list[CasePanel]:
    if not access.grant.content:
        return []
    referrals = selectors.case_referrals(access.case)
    has_person = bool(referrals) or selectors.persons_using_violence(access.case).exists()
    if not has_person:
        return []
    record_read(
        actor=actor,
        case=access.case,
        action=CASE_VIEWED,
        detail={"via": "case_panel", "referrals": len(referrals)},
    )
    return [
        CasePanel(
            title=_("Programmes for the person using violence"),
            template_name="programmes/_case_panel.html",
            context={"programme_referrals": referrals},
            order=60,
        )
    ]
