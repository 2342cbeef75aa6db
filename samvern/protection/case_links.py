"""Protective measures on the case page (see `samvern.cases.extensions`): a link to the
case's measures, and a panel with the measures ending within 14 days or ended recently,
the coming release dates and the reassessments due — for readers with case content access
only, in five queries whatever the case holds. The panel's read is audited."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.cases.access import CaseAccess, today
from samvern.cases.extensions import CaseLink, CasePanel
from samvern.protection import selectors, services
from samvern.protection.models import (
    REASSESSMENT_DUE_SOON_DAYS,
    RECENTLY_ENDED_DAYS,
    MeasureStatus,
)
from samvern.protection.selectors import RELEASE_NOTICE_DAYS, RELEASE_PAST_DAYS


def case_links(actor: Actor, access: CaseAccess) -> list[CaseLink]:
    if not access.grant.content:
        return []
    return [
        CaseLink(
            label=_("Protective measures and release dates"),
            url=reverse("protection:case", args=[access.case.pk]),
            description=_("Alarms, restraining orders, shelter stays, blocked addresses."),
            order=20,
        )
    ]


def case_panels(actor: Actor, access: CaseAccess) -> list[CasePanel]:
    if not access.grant.content:
        return []
    day = today()
    case = access.case
    rows = selectors.measure_rows(selectors.case_measures(case), day)
    shown = [row for row in rows if row.status in (MeasureStatus.ENDING_SOON, MeasureStatus.ENDED)]
    recent = day - dt.timedelta(days=RECENTLY_ENDED_DAYS)
    shown = [
        row
        for row in shown
        if row.status != MeasureStatus.ENDED or (row.measure.last_day or day) >= recent
    ]
    in_force = sum(1 for row in rows if row.status == MeasureStatus.ACTIVE)
    releases = [
        row
        for row in selectors.release_rows(selectors.case_releases(case), day)
        if -RELEASE_PAST_DAYS <= row.days_left <= RELEASE_NOTICE_DAYS
    ]
    reassessments = [
        r
        for r in selectors.visible_reassessments(actor, case, day)
        if r.due_on <= day + dt.timedelta(days=REASSESSMENT_DUE_SOON_DAYS)
    ]
    prompts = selectors.open_prompts(actor, case, day)
    latest = {case.pk: prompts[0]} if prompts else {}
    reassessment_rows = selectors.reassessment_rows(reassessments, day, latest)
    if not (shown or releases or reassessment_rows or prompts):
        return []
    services.record_case_read(
        actor=actor,
        access=access,
        action=services.PANEL_VIEWED,
        detail={
            "measures": [str(row.measure.pk) for row in shown],
            "releases": [str(row.release.pk) for row in releases],
            "reassessments": [str(r.pk) for r in reassessments],
        },
    )
    return [
        CasePanel(
            title=_("Protection and reassessment"),
            template_name="protection/_case_panel.html",
            context={
                "measure_rows": shown,
                "in_force_count": in_force,
                "release_rows": releases,
                "reassessment_rows": reassessment_rows,
                "prompts": prompts[:1],
            },
            order=20,
        )
    ]
