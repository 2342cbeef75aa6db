"""Safety-plan fixtures on the case layer's test world (samvern/cases/tests/conftest.py):
the police refer the case (referrer), the crisis centre takes part (participant), child
welfare is a member not taking part (member), NAV Utenfor is outside the partnership
(outsider), the municipality coordinates without taking part (coordinator), and the
police's data protection officer (dpo). The person exposed has a protected address."""

from __future__ import annotations

import pytest
from django.test import Client

from samvern.accounts.actor import Actor
from samvern.accounts.testing import login
from samvern.audit.models import AuditEvent
from samvern.cases.access import Need
from samvern.cases.tests.conftest import PROTECTED_POSTCODE, PROTECTED_STREET, World, make_world
from samvern.safetyplans import services
from samvern.safetyplans.access import access_plan
from samvern.safetyplans.content import (
    AgenciesSection,
    AlarmsSection,
    Commitment,
    ContactSection,
    EmergencyNumber,
    OrganisationRef,
    PlacesSection,
    PlanContent,
)
from samvern.safetyplans.models import SafetyPlanVersion

__all__ = ["PROTECTED_POSTCODE", "PROTECTED_STREET"]


def first_content(world: World) -> PlanContent:
    return PlanContent(
        contact=ContactSection(how="Ring fra skjult nummer er ikke lov.", when="Hverdager 10–12"),
        places=PlacesSection(safe_places="Krisesenteret", safe_people="Søsteren Kari"),
        alarms=AlarmsSection(emergency_numbers=(EmergencyNumber("Politi", "112"),)),
        agencies=AgenciesSection(
            commitments=(
                Commitment(
                    OrganisationRef(str(world.police.pk), world.police.name),
                    "Prioriterer anrop fra adressen.",
                ),
            )
        ),
    )


def second_content(world: World) -> PlanContent:
    first = first_content(world)
    return PlanContent(
        contact=first.contact,
        places=first.places,
        alarms=AlarmsSection(
            personal_alarm="issued",
            alarm_issued_by=OrganisationRef(str(world.police.pk), world.police.name),
            emergency_numbers=(
                EmergencyNumber("Politi", "112"),
                EmergencyNumber("Krisesenteret", "55 00 00 00"),
            ),
        ),
        agencies=AgenciesSection(
            commitments=(
                Commitment(
                    OrganisationRef(str(world.police.pk), world.police.name),
                    "Prioriterer anrop fra den utsatte.",
                ),
                Commitment(
                    OrganisationRef(str(world.crisis.pk), world.crisis.name),
                    "Følger opp ukentlig.",
                ),
            )
        ),
    )


def save(
    world: World, user, organisation, content: PlanContent, note: str = ""
) -> SafetyPlanVersion:
    actor = Actor.load(user, organisation=organisation)
    access = access_plan(actor, world.exposed.pk, Need.EDIT)
    return services.save_version(
        actor=actor, access=access, data=services.VersionData(content=content, note=note)
    )


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.SAMVERN_CASE_FILES_DIR = str(tmp_path / "case-files")
    return make_world()


@pytest.fixture
def planned(world: World) -> World:
    """The world with a plan in two versions: 1 by the police, 2 by the crisis centre."""
    save(world, world.referrer, world.police, first_content(world))
    save(world, world.participant, world.crisis, second_content(world), note="Voldsalarm utlevert")
    return world


def client_for(user) -> Client:
    return login(Client(), user)


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()
