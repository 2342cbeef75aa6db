"""Role-aware start page: each app may contribute panels.

An app contributes by defining `start_panels(request) -> list[Panel]` in its `start.py`.
Core imports them by name, so core itself depends on no app of ours.
"""

from dataclasses import dataclass, field
from types import ModuleType

from django.http import HttpRequest

from samvern.core.extensions import app_modules


@dataclass(frozen=True)
class PanelLink:
    label: str
    url: str


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 100
    current: bool = False


@dataclass(frozen=True)
class Panel:
    title: str
    description: str = ""
    links: list[PanelLink] = field(default_factory=list)
    order: int = 100


def _start_modules() -> tuple[ModuleType, ...]:
    return app_modules("start")


def panels_for(request: HttpRequest) -> list[Panel]:
    panels: list[Panel] = []
    for module in _start_modules():
        if hasattr(module, "start_panels"):
            panels.extend(module.start_panels(request))
    return sorted(panels, key=lambda panel: panel.order)


def nav_for(request: HttpRequest) -> list[NavItem]:
    """Main-menu entries; an app contributes with `nav_items(request) -> list[NavItem]`."""
    items: list[NavItem] = []
    for module in _start_modules():
        if hasattr(module, "nav_items"):
            items.extend(module.nav_items(request))
    items.sort(key=lambda item: item.order)
    # The most specific entry is the current one ("/conferences/actions/" is not also
    # "/conferences/").
    matching = [item.url for item in items if request.path.startswith(item.url)]
    current = max(matching, key=len, default=None)
    return [
        NavItem(item.label, item.url, item.order, current=item.url == current) for item in items
    ]
