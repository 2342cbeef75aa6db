"""The victim's voice on the case page (see `samvern.cases.extensions`): for readers with
case content, a panel with each person exposed's current wishes and advocate, and the way
to record them. Three queries; the read is recorded."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.cases.access import CaseAccess
from samvern.cases.extensions import CasePanel
from samvern.cases.services import record_read
from samvern.voice import selectors
from samvern.voice.services import VOICE_VIEWED


def case_panels(actor: Actor, access: CaseAccess) -> list[CasePanel]:
    if not access.grant.content:
        return []
    persons = selectors.case_voice(access.case)
    if not persons:
        return []
    record_read(
        actor=actor,
        case=access.case,
        action=VOICE_VIEWED,
        detail={"via": "case_panel", "persons": len(persons)},
    )
    return [
        CasePanel(
            title=_("Her voice"),
            template_name="voice/_case_panel.html",
            context={"voice_persons": persons},
            order=20,
        )
    ]
