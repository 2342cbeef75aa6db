"""Checklist personas: the case layer's world (samvern/cases/tests/conftest.py).

In its case the police refer (``referrer``, case worker) and the crisis centre takes part
(``participant``, case worker of another participating organisation); child welfare is a
member that does not take part (``member``); NAV Utenfor is not a member (``outsider``);
the municipality coordinates without taking part (``coordinator``); the police's data
protection officer (``dpo``) has no case content.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from samvern.accounts.actor import Actor
from samvern.cases.access import Need, access_case
from samvern.cases.tests.conftest import World, make_world
from samvern.checklists import catalogue, services
from samvern.checklists.models import Checklist


@pytest.fixture(autouse=True)
def fresh_catalogue() -> Iterator[None]:
    catalogue.clear_cache()
    yield
    catalogue.clear_cache()


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path / "case-files")
    return make_world()


def police_actor(world: World) -> Actor:
    return Actor.load(world.referrer, organisation=world.police)


def crisis_actor(world: World) -> Actor:
    return Actor.load(world.participant, organisation=world.crisis)


def make_checklist(
    actor: Actor, world: World, facts: services.AskedFacts | None = None
) -> Checklist:
    access = access_case(actor, world.case.pk, Need.EDIT)
    return services.generate_checklist(
        actor=actor, access=access, facts=facts or services.AskedFacts()
    )


@pytest.fixture
def police_checklist(world: World) -> Checklist:
    return make_checklist(police_actor(world), world)


@pytest.fixture
def crisis_checklist(world: World) -> Checklist:
    return make_checklist(crisis_actor(world), world)
