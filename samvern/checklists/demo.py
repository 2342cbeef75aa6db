"""Demo checklists: in the police's case of Ingvild Sæterbakken (the first demo case;
see samvern/cases/demo.py), each agency taking part has made its duty checklist, ticked
some duties and marked one as not applicable with a reason. Every person is fictional.

What a visitor can try: lars.politi (police), nina.krisesenter (crisis centre) and
anders.barnevern (child welfare) each see their own organisation's checklist on
/checklists/cases/<case>/, and none of the others'.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404

from samvern.accounts.actor import Actor
from samvern.accounts.models import User
from samvern.cases.access import Need, access_case
from samvern.cases.models import Case
from samvern.checklists import services
from samvern.checklists.access import access_checklist_item
from samvern.checklists.models import Checklist

PARTNERSHIP_NAME = "Risikokonferanse Bergen og Askøy"
# Case workers of the agencies that may take part in the case, by their organisation.
AGENCY_USERS = ("lars.politi", "nina.krisesenter", "anders.barnevern", "eva.legevakt")
# Per agency: how many of the first items are done, and which item does not apply.
NOT_APPLICABLE = {
    "samvern-duties-police": (
        "weapons",
        "Utøveren har ikke våpenkort, og ingen våpen ble funnet ved ransakingen.",
    ),
    "samvern-duties-crisis-centre": (
        "interpreter",
        "Den utsatte snakker norsk og trenger ikke tolk.",
    ),
    "samvern-duties-child-welfare": (
        "help_to_stop",
        "Faren har allerede begynt hos Alternativ til Vold etter henvisning fra fastlegen.",
    ),
    "samvern-duties-health": (
        "strangulation",
        "Spurt ved legevakten; den utsatte forteller ikke om kvelertak.",
    ),
}
DONE = 3


def _case() -> Case | None:
    return (
        Case.objects.filter(
            partnership__name=PARTNERSHIP_NAME,
            persons__first_name="Ingvild",
            persons__last_name="Sæterbakken",
        )
        .order_by("created_at")
        .first()
    )


def load(*, today: dt.date) -> None:
    assert settings.DEMO_MODE, "the demo runs only in demo mode"
    case = _case()
    if case is None or Checklist.objects.filter(case=case).exists():
        return
    facts = services.AskedFacts(
        custody_release=True, shelter_needed=True, consent_victim_support=True
    )
    for user in User.objects.filter(username__in=AGENCY_USERS).order_by("username"):
        actor = Actor.load(user)
        if actor.organisation is None:
            continue
        try:
            access = access_case(actor, case.pk, Need.EDIT)
        except Http404:  # the agency does not take part in this case
            continue
        checklist = services.generate_checklist(actor=actor, access=access, facts=facts, day=today)
        items = list(checklist.items.order_by("position"))
        keys = [item.item_key for item in items]
        skipped = NOT_APPLICABLE.get(checklist.template_key)
        if (skipped is None or skipped[0] not in keys) and items:
            skipped = (keys[-1], "Ivaretas av en annen tjeneste i saken, avtalt på telefon.")
        done = 0
        for item in items:
            item_access = access_checklist_item(actor, item.pk, Need.EDIT)
            if skipped is not None and item.item_key == skipped[0]:
                services.mark_not_applicable(actor=actor, access=item_access, reason=skipped[1])
            elif done < DONE:
                services.tick_item(actor=actor, access=item_access)
                done += 1
