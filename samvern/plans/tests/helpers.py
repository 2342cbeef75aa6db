"""Builders that take a plan through its lifecycle with the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samvern.accounts.actor import Actor
from samvern.accounts.models import User
from samvern.places.models import Municipality
from samvern.plans import services
from samvern.plans.models import (
    GoalKind,
    MeasureLevel,
    Plan,
    PlanVersion,
    VersionStatus,
    Weighing,
)
from samvern.plans.services.data import AdoptionData, GoalData, MandateData, MeasureData

TODAY = dt.date.today()
START = dt.date(TODAY.year, 1, 1)
END = dt.date(TODAY.year + 3, 12, 31)


def as_actor(who: User | Actor) -> Actor:
    """The services take an actor; tests name people by their user."""
    return who if isinstance(who, Actor) else Actor.load(who)


ALL_DUTIES = [
    "krisesenterloven-4",
    "hol-3-3a",
    "strl-196",
    "opplysningsplikt-barnevern",
    "istanbulkonvensjonen",
]


def new_plan(
    actor: User | Actor, municipalities: list[Municipality], title: str = "Handlingsplan mot vold"
) -> Plan:
    """A plan owned by all `municipalities`: those `actor` does not edit for are invited and
    accept through a plan editor of their own (one is made when none exists)."""
    actor = as_actor(actor)
    plan = services.create_plan(
        actor=actor, title=title, municipalities=municipalities, framework_key="frihet-fra-vold"
    )
    invitations = list(plan.invitations.select_related("municipality"))
    for invitation in invitations:
        services.answer_invitation(
            actor=as_actor(editor_of(invitation.municipality)), invitation=invitation, accept=True
        )
    # A fresh instance: the one above remembers its owners from before the acceptances.
    return Plan.objects.get(pk=plan.pk) if invitations else plan


def editor_of(municipality: Municipality) -> User:
    """A current plan editor of the municipality's organisation, made when there is none."""
    from samvern.accounts.models import Membership, Role
    from samvern.accounts.testing import make_member
    from samvern.accounts.tests.factories import OrganisationFactory

    membership = (
        Membership.objects.current()
        .filter(role=Role.PLAN_EDITOR, organisation__municipalities=municipality)
        .select_related("user")
        .first()
    )
    if membership is not None:
        return membership.user
    organisation = OrganisationFactory(
        name=f"{municipality.name} kommune (test)", municipalities=[municipality]
    )
    return make_member(organisation, Role.PLAN_EDITOR, username=f"editor-{municipality.code}")


def add_measures(
    actor: User | Actor, version: PlanVersion, count: int, **overrides: Any
) -> list[Any]:
    actor = as_actor(actor)
    levels = list(MeasureLevel.values)
    made = []
    for i in range(count):
        fields = {
            "title": f"Tiltak {i + 1}",
            "level": levels[i % 4],
            "area_key": "forebygging" if i % 2 == 0 else "beskyttelse",
            "responsible_title": "Enhetsleder",
            "responsible_unit": "Helsestasjonen",
            "starts_on": START,
            "deadline": END,
            "budget_nok": 10000,
            "staff_hours": 40,
            "duties": ALL_DUTIES if i == 0 else [],
            **overrides,
        }
        made.append(services.save_measure(actor=actor, version=version, data=MeasureData(**fields)))
    return made


def ready_for_consultation(actor: User | Actor, plan: Plan, measures: int = 4) -> PlanVersion:
    actor = as_actor(actor)
    version = plan.versions.get(number=1)
    services.save_mandate(
        actor=actor,
        version=version,
        data=MandateData(
            body="Bystyret",
            decided_on=START - dt.timedelta(days=200),
            case_number="2024/17",
            text="Lag en plan.",
        ),
    )
    services.transition_version(actor=actor, version=version, to=VersionStatus.MANDATED)
    services.transition_version(actor=actor, version=version, to=VersionStatus.DRAFTING)
    services.save_area_choices(
        actor=actor,
        version=version,
        framework_key="frihet-fra-vold",
        choices=[
            {"area_key": "forebygging", "rank": 1, "reason": "Viktigst", "chosen": True},
            {"area_key": "beskyttelse", "rank": 2, "reason": "Mangler", "chosen": True},
        ],
    )
    for area in ("forebygging", "beskyttelse"):
        services.save_goal(
            actor=actor,
            version=version,
            data=GoalData(
                area_key=area,
                kind=GoalKind.ORGANISATIONAL,
                text=f"Mål for {area}",
                indicator="Andel ansatte med kurs",
                baseline="20 %",
                target="80 %",
            ),
        )
    add_measures(actor, version, measures)
    services.update_version_plan_settings(
        actor=actor,
        version=version,
        period_start=START,
        period_end=END,
        reports_per_year=2,
        midterm_evaluation_on=START + dt.timedelta(days=700),
        final_evaluation_on=END - dt.timedelta(days=60),
        evaluator="Kommunalsjef",
    )
    services.save_consultation(
        actor=actor,
        version=version,
        opens_on=START - dt.timedelta(days=120),
        closes_on=START - dt.timedelta(days=90),
    )
    return version


def quality_checked(actor: User | Actor, plan: Plan, measures: int = 4) -> PlanVersion:
    actor = as_actor(actor)
    version = ready_for_consultation(actor, plan, measures)
    services.transition_version(actor=actor, version=version, to=VersionStatus.CONSULTATION)
    response = services.add_consultation_response(
        actor=actor, version=version, respondent="Krisesenteret", text="Bra."
    )
    services.weigh_response(actor=actor, response=response, weighing=Weighing.ACCEPTED, reason="")
    if measures < 4:
        services.record_warning_reason(
            actor=actor, version=version, check="levels", reason="Dekkes av fylkets tiltak."
        )
    services.transition_version(actor=actor, version=version, to=VersionStatus.QUALITY_CHECKED)
    return version


def adopted(actor: User | Actor, plan: Plan, measures: int = 4) -> PlanVersion:
    actor = as_actor(actor)
    version = quality_checked(actor, plan, measures)
    for municipality in plan.municipalities.all():
        services.record_adoption(
            actor=actor,
            version=version,
            data=AdoptionData(
                municipality=municipality,
                body="Kommunestyret",
                decided_on=START - dt.timedelta(days=20),
                period_start=START,
                period_end=END,
                case_number="2024/99",
            ),
        )
    version.refresh_from_db()
    return version


def revision_quality_checked(
    actor: User | Actor, version: PlanVersion, period: tuple[dt.date, dt.date] = (START, END)
) -> PlanVersion:
    """The revision of `version` taken to the quality check with the real services."""
    actor = as_actor(actor)
    new = services.revise_version(actor=actor, version=version)
    services.save_mandate(
        actor=actor,
        version=new,
        data=MandateData(body="Bystyret", decided_on=START - dt.timedelta(days=100)),
    )
    for to in (VersionStatus.MANDATED, VersionStatus.DRAFTING):
        services.transition_version(actor=actor, version=new, to=to)
    services.update_version_plan_settings(
        actor=actor,
        version=new,
        period_start=period[0],
        period_end=period[1],
        reports_per_year=2,
        midterm_evaluation_on=period[0] + dt.timedelta(days=500),
        final_evaluation_on=period[1] - dt.timedelta(days=60),
        evaluator="Kommunalsjef",
    )
    services.save_consultation(
        actor=actor,
        version=new,
        opens_on=START - dt.timedelta(days=80),
        closes_on=START - dt.timedelta(days=60),
    )
    services.transition_version(actor=actor, version=new, to=VersionStatus.CONSULTATION)
    response = services.add_consultation_response(
        actor=actor, version=new, respondent="Krisesenteret", text="Bra."
    )
    services.weigh_response(actor=actor, response=response, weighing=Weighing.ACCEPTED, reason="")
    services.transition_version(actor=actor, version=new, to=VersionStatus.QUALITY_CHECKED)
    new.refresh_from_db()
    return new
