"""The data objects the plan services take: a form's cleaned data becomes one, and what it
holds is what the saved record holds (and the forms and API list the same fields)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from samvern.plans import services
from samvern.plans.api import MeasureSerializer
from samvern.plans.forms import AdoptionForm, GoalForm, MandateForm, MeasureForm
from samvern.plans.services.data import (
    ADOPTION_FIELDS,
    GOAL_FIELDS,
    MANDATE_FIELDS,
    MEASURE_FIELDS,
    GoalData,
    MandateData,
    MeasureData,
)
from samvern.plans.tests.helpers import as_actor, new_plan, ready_for_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(alice, bergen):
    return ready_for_consultation(alice, new_plan(alice, [bergen]), measures=1)


def test_a_measure_form_round_trips_through_measure_data_into_the_model(alice, draft):
    goal = draft.goals.first()
    form = MeasureForm(
        {
            "title": "Kurs for lærere",
            "description": "To dager.",
            "level": "competence",
            "area_key": "forebygging",
            "goals": [goal.pk],
            "responsible_title": "Rektor",
            "responsible_unit": "Skolen",
            "starts_on": "2025-02-01",
            "deadline": "2025-06-30",
            "budget_nok": "12 500",
            "staff_hours": "40",
            "target_groups": ["children"],
            "duties": ["strl-196"],
        },
        version=draft,
    )
    assert form.is_valid(), form.errors
    data = MeasureData.from_form(form)
    assert data.target_groups == ("children",)
    measure = services.save_measure(
        actor=as_actor(alice), version=draft, data=data, goals=list(form.cleaned_data["goals"])
    )
    measure.refresh_from_db()
    assert MeasureData.of(measure) == data
    assert (measure.budget_nok, measure.staff_hours) == (Decimal("12500"), 40)
    assert measure.target_groups == ["children"]
    assert list(measure.goals.all()) == [goal]


def test_a_partial_change_keeps_the_other_fields(alice, draft):
    measure = draft.measures.get()
    before = MeasureData.of(measure)
    changed = dataclasses.replace(before, title="Nytt navn")
    saved = services.save_measure(
        actor=as_actor(alice), version=draft, measure=measure, data=changed
    )
    saved.refresh_from_db()
    assert MeasureData.of(saved) == dataclasses.replace(before, title="Nytt navn")


def test_a_goal_and_a_mandate_round_trip_from_their_forms(alice, draft):
    goal_form = GoalForm(
        {"area_key": "forebygging", "kind": "organisational", "text": "Alle kjenner rutinen"},
        version=draft,
    )
    assert goal_form.is_valid(), goal_form.errors
    goal = services.save_goal(
        actor=as_actor(alice), version=draft, data=GoalData.from_form(goal_form)
    )
    goal.refresh_from_db()
    assert GoalData.of(goal) == GoalData.from_form(goal_form)

    mandate_form = MandateForm(
        {"m-body": "Bystyret", "m-decided_on": "2024-05-02", "m-budget_nok": "1 000"},
        prefix="m",
    )
    assert mandate_form.is_valid(), mandate_form.errors
    mandate = services.save_mandate(
        actor=as_actor(alice), version=draft, data=MandateData.from_form(mandate_form)
    )
    mandate.refresh_from_db()
    assert MandateData.of(mandate) == MandateData(
        body="Bystyret", decided_on=dt.date(2024, 5, 2), budget_nok=Decimal("1000")
    )


def test_data_objects_are_frozen():
    data = MandateData(body="Bystyret", decided_on=dt.date(2024, 5, 2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.body = "Formannskapet"  # type: ignore[misc]


def test_forms_and_the_api_take_their_field_lists_from_the_data_objects():
    assert [f for f in MeasureForm._meta.fields if f != "goals"] == list(MEASURE_FIELDS)
    assert list(GoalForm._meta.fields) == list(GOAL_FIELDS)
    assert list(MandateForm._meta.fields) == list(MANDATE_FIELDS)
    assert list(AdoptionForm._meta.fields) == list(ADOPTION_FIELDS)
    # The API never names the responsible person.
    assert "responsible_user" not in MeasureSerializer.Meta.fields
    assert set(MeasureSerializer.Meta.fields) >= set(MEASURE_FIELDS) - {"responsible_user"}
