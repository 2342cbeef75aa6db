"""Links and panels that the apps above the case layer add to a case's and a person's
pages (a safety plan, the organisation's duty checklist, the case's conferences, the
protective measures in force), without the case layer importing them.

An app contributes by defining, in `samvern/<app>/case_links.py`, any of
`case_links(actor, access: CaseAccess) -> list[CaseLink]`,
`person_links(actor, access: PersonAccess) -> list[CaseLink]` and
`case_panels(actor, access: CaseAccess) -> list[CasePanel]`. They are called only for a
reader the case layer has already let through, with what it granted; each decides from the
grant alone, and returns nothing the grant does not allow.

Links are listed under "Follow-up". A panel is a section of its own on the case page,
shown after the built-in sections, in `order` (then title): the case layer renders the
app's template `template_name` with the page's context plus `panel` (the CasePanel) and
the panel's `context` entries. The template writes its own section and heading (level
2). A provider keeps its queries few and constant (at most a handful, whatever the case
holds), does its own audit of what it reads, and returns no panel when there is nothing
to show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType

from samvern.accounts.actor import Actor
from samvern.cases.access import CaseAccess, PersonAccess
from samvern.core.extensions import app_modules


@dataclass(frozen=True)
class CaseLink:
    label: str
    url: str
    description: str = ""
    order: int = 100


@dataclass(frozen=True)
class CasePanel:
    """A section an app adds to the case page: its own template and what it shows."""

    title: str
    template_name: str
    context: Mapping[str, object] = field(default_factory=dict)
    order: int = 100


def _modules() -> tuple[ModuleType, ...]:
    return app_modules("case_links")


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


def case_panels(actor: Actor, access: CaseAccess) -> list[CasePanel]:
    panels: list[CasePanel] = []
    for module in _modules():
        provider: Callable[[Actor, CaseAccess], list[CasePanel]] | None = getattr(
            module, "case_panels", None
        )
        if provider is not None:
            panels.extend(provider(actor, access))
    return sorted(panels, key=lambda panel: (panel.order, panel.title))
