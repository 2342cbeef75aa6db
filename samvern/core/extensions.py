"""Hooks an app offers to the layers below it, found by module name.

A lower layer (the plans, the cases, the partnerships, the start page) names a module, e.g.
``measure_links``; every installed Samvern app that has ``samvern/<app>/<module>.py``
contributes through it, so the lower layer never imports the apps above it. Found once per
process, in the order of INSTALLED_APPS.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps


@cache
def app_modules(module: str) -> tuple[ModuleType, ...]:
    """Each installed ``samvern.<app>.<module>``. An import error inside such a module is
    raised, not taken for a missing module."""
    found: list[ModuleType] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("samvern."):
            continue
        name = f"{config.name}.{module}"
        try:
            found.append(import_module(name))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return tuple(found)
