"""Start-page panels and the menu entry for action plans."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import actor_of
from samvern.core.start import NavItem, Panel, PanelLink
from samvern.plans import selectors
from samvern.plans.access import editable_municipality_ids, readable_municipality_ids


def nav_items(request: HttpRequest) -> list[NavItem]:
    return [NavItem(_("Action plans"), reverse("plans:list"), order=10)]


def start_panels(request: HttpRequest) -> list[Panel]:
    actor = actor_of(request)
    if not actor.is_authenticated:
        return [
            Panel(
                _("Action plans"),
                _("Adopted municipal action plans against violence in close relationships."),
                [PanelLink(_("See adopted plans"), reverse("plans:list"))],
                order=10,
            )
        ]
    panels: list[Panel] = []
    invitations = list(selectors.pending_invitations(actor=actor)[:6])
    if invitations:
        panels.append(
            Panel(
                _("Invitations to co-own a plan"),
                _(
                    "Another municipality invites yours to co-own its action plan. Your "
                    "municipality is not an owner until you accept."
                ),
                [
                    PanelLink(
                        _("%(plan)s (for %(municipality)s)")
                        % {"plan": i.plan.title, "municipality": i.municipality.name},
                        reverse("plans:invitation", args=[i.pk]),
                    )
                    for i in invitations
                ],
                order=4,
            )
        )
    measures = list(selectors.my_measures(actor=actor)[:6])
    if measures:
        panels.append(
            Panel(
                _("My measures"),
                _("%(count)s measures you report on.") % {"count": len(measures)},
                [
                    PanelLink(f"{m.number}. {m.title}", reverse("plans:my_measures"))
                    for m in measures[:4]
                ]
                + [PanelLink(_("All my measures"), reverse("plans:my_measures"))],
                order=5,
            )
        )
    if readable_municipality_ids(actor):
        plans = list(selectors.my_plans(actor=actor)[:6])
        links = [PanelLink(p.title, reverse("plans:detail", args=[p.pk])) for p in plans]
        if editable_municipality_ids(actor):
            links.append(PanelLink(_("Start a new plan"), reverse("plans:create")))
        panels.append(
            Panel(
                _("My municipality's plans"),
                _("Action plans against violence in close relationships."),
                links,
                order=10,
            )
        )
    if editable_municipality_ids(actor):
        overdue = selectors.overdue_items(actor=actor)
        panels.append(
            Panel(
                _("Overdue"),
                _("%(count)s overdue status reports or measures.") % {"count": len(overdue)}
                if overdue
                else _("Nothing is overdue."),
                [PanelLink(_("See the overdue list"), reverse("plans:overdue"))],
                order=11,
            )
        )
    return panels
