"""Links that the apps above the case layer add to a case's and a person's pages (a
safety plan, the organisation's duty checklist, the case's conferences), without the
case layer importing them.

An app contributes by defining, in `samvern/<app>/case_links.py`, either or both of
`case_links(actor, access: CaseAccess) -> list[CaseLink]` and
`person_links(actor, access: PersonAccess) -> list[CaseLink]`. They are called only for a
reader the case layer has already let through, with what it granted; each decides from the
grant alone (at most one query), and returns nothing the grant does not allow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps

from samvern.accounts.actor import Actor
from samvern.cases.access import CaseAccess, PersonAccess


@dataclass(frozen=True)
class CaseLink:
    label: str
    url: str
    description: str = ""
    order: int = 100


@cache
def _modules() -> tuple[ModuleType, ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("samvern."):
            continue
        name = f"{config.name}.case_links"
        try:
            found.append(import_module(name))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return tuple(found)


def _collect(hook: str, actor: Actor, access: CaseAccess) -> list[CaseLink]:
    links: list[CaseLink] = []
    for module in _modules():
        provider: Callable[[Actor, CaseAccess], list[CaseLink]] | None = getattr(module, hook, None)
        if provider is not None:
            links.extend(provider(actor, access))
    return sorted(links, key=lambda link: (link.order, link.label))


def case_links(actor: Actor, access: CaseAccess) -> list[CaseLink]:
    return _collect("case_links", actor, access)


def person_links(actor: Actor, access: PersonAccess) -> list[CaseLink]:
    return _collect("person_links", actor, access)
