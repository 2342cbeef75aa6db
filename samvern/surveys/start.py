"""Start-page panel: an open partner survey the user is asked to answer."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.core.start import Panel, PanelLink
from samvern.partnerships.models import PartnershipMember
from samvern.surveys.models import Respondent, RoundStatus, SurveyRound


def start_panels(request: HttpRequest) -> list[Panel]:
    actor = actor_of(request)
    if not actor.is_authenticated or actor.user_id is None:
        return []
    today = timezone.localdate()
    represented = (
        PartnershipMember.objects.active_on(today)
        .filter(organisation_id__in=list(actor.organisation_ids))
        .filter(relay_id=actor.user_id)
        .values("partnership_id")
    ) | (
        PartnershipMember.objects.active_on(today)
        .filter(organisation_id__in=list(actor.organisation_ids))
        .filter(deputy_id=actor.user_id)
        .values("partnership_id")
    )
    rounds = list(
        SurveyRound.objects.filter(status=RoundStatus.OPEN, partnership_id__in=represented)
        .exclude(pk__in=Respondent.objects.filter(user_id=actor.user_id).values("round_id"))
        .select_related("partnership")
        .order_by("partnership__name")[:3]
    )
    if not rounds:
        return []
    return [
        Panel(
            title=_("Partner survey"),
            description=_("Say how the cooperation works. Your answer is anonymous."),
            links=[
                PanelLink(
                    _("%(partnership)s, %(year)d")
                    % {
                        "partnership": r.partnership.name,
                        "year": r.year,
                    },
                    reverse("surveys:answer", args=[r.partnership_id, r.pk]),
                )
                for r in rounds
            ],
            order=44,
        )
    ]
