"""The protection world: the case-layer fixture case (police refer, the crisis centre
takes part, child welfare is a member not taking part, the municipality coordinates, NAV
Utenfor is outside; see samvern/cases/tests/conftest.py) with a person using violence, a
police assessment shared with everyone taking part, a personal alarm the police are
responsible for, and an expected release date. Dates are relative to the test clock's
day (`today()`), which the suite may move (SAMVERN_TEST_CLOCK); date rules are tested
with days passed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import override_settings

from samvern.accounts.actor import Actor
from samvern.cases import services as case_services
from samvern.cases.access import Need, access_case, today
from samvern.cases.models import LegalBasis, Person, PersonRole, ShareScope
from samvern.cases.services import AssessmentData, PersonData, ShareData
from samvern.cases.tests.conftest import World, make_world
from samvern.protection import services
from samvern.protection.access import (
    PROTECTED_ROLES,
    RELEASE_ROLES,
    access_protected_person,
)
from samvern.protection.models import (
    CustodyRelease,
    MeasureKind,
    ProtectiveMeasure,
    Reassessment,
    ReleaseSource,
)
from samvern.risk import catalogue

INSTRUMENT = "samvern-screening-exposed"
HIGH_ANSWERS = {
    "escalation": "yes",
    "threats_to_kill": "yes",
    "neck_pressure": "yes",
    "weapon_access": "yes",
    "separation": "yes",
    "children_in_household": "yes",
    "stalking": "yes",
    "own_fear": "yes",
    "isolation": "yes",
    "pregnancy_or_infant": "yes",
    "controlling_jealousy": "yes",
}


@dataclass
class ProtectionWorld:
    base: World
    day: dt.date
    using: Person
    measure: ProtectiveMeasure
    release: CustodyRelease
    reassessment: Reassessment

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)


def police(world: World) -> Actor:
    return Actor.load(world.referrer, organisation=world.police)


def crisis(world: World) -> Actor:
    return Actor.load(world.participant, organisation=world.crisis)


def assess(world: World, actor: Actor, person: Person, answers: dict[str, str] | None = None):
    instrument = catalogue.get_instrument(INSTRUMENT)
    return case_services.assess(
        actor=actor,
        access=access_case(actor, world.case.pk, Need.EDIT),
        data=AssessmentData(
            instrument=instrument,
            answers=answers or HIGH_ANSWERS,
            person=person,
            share=ShareData(
                scope=ShareScope.ALL_PARTICIPANTS,
                legal_basis=LegalBasis.AVERT_CRIME,
                purpose="Avverge ny vold",
                recipients=[],
            ),
        ),
    )


def add_measure(
    world: World,
    *,
    kind: str = MeasureKind.PERSONAL_ALARM,
    measure_type: str = "",
    starts_on: dt.date,
    ends_on: dt.date | None,
    person: Person | None = None,
    actor: Actor | None = None,
    responsible: Any = None,
) -> ProtectiveMeasure:
    actor = actor or police(world)
    access = access_protected_person(
        actor, (person or world.exposed).pk, roles=PROTECTED_ROLES, write=True
    )
    return services.add_measure(
        actor=actor,
        access=access,
        data=services.MeasureData(
            kind=kind,
            measure_type=measure_type,
            starts_on=starts_on,
            ends_on=ends_on,
            responsible=responsible or world.police,
            note="Utlevert etter hendelsen.",
        ),
    )


def make_protection_world() -> ProtectionWorld:
    day = today()
    world = make_world()
    using = case_services.add_person(
        actor=police(world),
        case=world.case,
        data=PersonData(role=PersonRole.USING_VIOLENCE, first_name="Roar", last_name="Utøversen"),
    )
    assessment = assess(world, police(world), world.exposed)
    measure = add_measure(
        world, starts_on=day - dt.timedelta(days=20), ends_on=day + dt.timedelta(days=10)
    )
    release = services.add_release(
        actor=police(world),
        access=access_protected_person(police(world), using.pk, roles=RELEASE_ROLES, write=True),
        data=services.ReleaseData(
            release_on=day + dt.timedelta(days=9),
            source=ReleaseSource.PRISON,
            responsible=world.police,
        ),
    )
    return ProtectionWorld(
        base=world,
        day=day,
        using=using,
        measure=measure,
        release=release,
        reassessment=Reassessment.objects.get(assessment=assessment),
    )


@pytest.fixture
def pw(db, settings, tmp_path) -> ProtectionWorld:
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path / "case-files")
    return make_protection_world()


@pytest.fixture
def locmem_mail():
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield
