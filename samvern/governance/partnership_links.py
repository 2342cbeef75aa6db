"""The partnership's own pages beyond its members, offered on the partnership's page
(`samvern.partnerships.extensions`): governance sits above the agreements, the survey,
the directory and training, so it names them all, in the order a newcomer reads them.
Every one of them lets in whoever may view the partnership."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from samvern.accounts.actor import Actor
from samvern.partnerships.extensions import PartnershipLink
from samvern.partnerships.models import Partnership


def partnership_links(actor: Actor, partnership: Partnership) -> list[PartnershipLink]:
    args = [partnership.pk]
    return [
        PartnershipLink(_("Governance"), reverse("governance:partnership", args=args), 10),
        PartnershipLink(
            _("Agreements, protocols and routines"), reverse("agreements:list", args=args), 20
        ),
        PartnershipLink(_("Service directory"), reverse("directory:list", args=args), 30),
        PartnershipLink(_("Training and competence"), reverse("training:overview", args=args), 40),
        PartnershipLink(_("Partner survey"), reverse("surveys:list", args=args), 50),
        PartnershipLink(
            _("Indicators and annual report"), reverse("governance:indicators", args=args), 60
        ),
    ]
