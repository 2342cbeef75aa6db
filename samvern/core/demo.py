"""The demo: fictional people in real municipalities.

Each app that has demo content defines `samvern/<app>/demo.py` with
`load(*, today: datetime.date) -> None`. They run in DEMO_APPS order inside one
transaction; the accounts demo runs first and creates the organisations and users that the
others look up by username or organisation name (see samvern/accounts/demo.py).
"""

import datetime as dt
from importlib import import_module
from types import ModuleType

from django.db import transaction

DEMO_APPS = [
    "accounts",
    "plans",
    "overview",
    "partnerships",
    "directory",
    "training",
    "agreements",
    "surveys",
    "governance",
    "cases",
    "safetyplans",
    "checklists",
    "conferences",
    # After the conferences: their demo notices, measures and wishes refer to the demo's
    # cases and conferences.
    "outreach",
    "protection",
    "voice",
    "programmes",
]


def demo_modules() -> list[ModuleType]:
    modules = []
    for app in DEMO_APPS:
        try:
            modules.append(import_module(f"samvern.{app}.demo"))
        except ModuleNotFoundError as error:
            if error.name != f"samvern.{app}.demo":
                raise
    return modules


@transaction.atomic
def load_demo(*, today: dt.date) -> None:
    for module in demo_modules():
        module.load(today=today)
