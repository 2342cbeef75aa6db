"""Links that the apps above the partnership layer add to a partnership's page (its
governance, agreements, survey, directory, training, indicators), without this layer
importing them.

An app contributes by defining, in `samvern/<app>/partnership_links.py`,
`partnership_links(actor, partnership) -> list[PartnershipLink]`. It is called only for a
reader the partnership page has already let through (who may view the partnership), and
runs no query: the page's query budget does not depend on how many apps contribute.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from samvern.accounts.actor import Actor
from samvern.core.extensions import app_modules
from samvern.partnerships.models import Partnership


@dataclass(frozen=True)
class PartnershipLink:
    label: str
    url: str
    order: int = 100


Provider = Callable[[Actor, Partnership], list[PartnershipLink]]


def _providers() -> tuple[Provider, ...]:
    return tuple(module.partnership_links for module in app_modules("partnership_links"))


def partnership_links(actor: Actor, partnership: Partnership) -> list[PartnershipLink]:
    links = [link for provider in _providers() for link in provider(actor, partnership)]
    return sorted(links, key=lambda link: (link.order, link.label))
