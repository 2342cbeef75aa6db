"""Menu entry and start-page panel for programme referrals: for people holding a case
content role in the organisation they act for, who see the referrals their organisation
made or whose programme it runs (through the case grant)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.accounts.models import CASE_CONTENT_ROLES
from samvern.core.start import Panel, PanelLink
from samvern.programmes.models import ProgrammeReferral


def start_panels(request: HttpRequest) -> list[Panel]:
    actor = actor_of(request)
    organisation = actor.organisation
    if organisation is None or not actor.case_roles & CASE_CONTENT_ROLES:
        return []
    made = ProgrammeReferral.objects.filter(referring_organisation=organisation).exists()
    runs = ProgrammeReferral.objects.filter(service__organisation=organisation).exists()
    if not (made or runs):
        return []
    return [
        Panel(
            title=_("Programme referrals"),
            description=_(
                "What became of the referrals of people using violence to a programme: "
                "intake, sessions, completion or drop-out."
            ),
            links=[PanelLink(_("Programme referrals"), reverse("programmes:list"))],
            order=58,
        )
    ]
