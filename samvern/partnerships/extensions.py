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
from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps

from samvern.accounts.actor import Actor
from samvern.partnerships.models import Partnership


@dataclass(frozen=True)
class PartnershipLink:
    label: str
    url: str
    order: int = 100


Provider = Callable[[Actor, Partnership], list[PartnershipLink]]


@cache
def _providers() -> tuple[Provider, ...]:
    found: list[Provider] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("samvern."):
            continue
        name = f"{config.name}.partnership_links"
        try:
            module: ModuleType = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        found.append(module.partnership_links)
    return tuple(found)


def partnership_links(actor: Actor, partnership: Partnership) -> list[PartnershipLink]:
    links = [link for provider in _providers() for link in provider(actor, partnership)]
    return sorted(links, key=lambda link: (link.order, link.label))
