"""What a form or an API call hands to a plan service: one frozen object per kind of
record. Its fields are the record's editable fields, named once here; the forms, the API
serializers and the services take the list from the object instead of repeating it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Self

from django import forms
from django.db import models

from samvern.places.models import Municipality

if TYPE_CHECKING:
    from samvern.accounts.models import Organisation, User


class _Record:
    """Shared by the data objects (all frozen, keyword-only dataclasses)."""

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]

    @classmethod
    def from_form(cls, form: forms.BaseForm) -> Self:
        """From a valid form's cleaned data (fields the form does not have keep their
        default)."""
        cleaned = form.cleaned_data
        return cls(**{name: cleaned[name] for name in cls.field_names() if name in cleaned})

    @classmethod
    def of(cls, instance: models.Model) -> Self:
        """What a saved record holds now."""
        return cls(**{name: getattr(instance, name) for name in cls.field_names()})

    def as_fields(self) -> dict[str, object]:
        """Model field → value, in the order of the fields (sequences as lists, as the
        model's JSON fields hold them)."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in ((n, getattr(self, n)) for n in self.field_names())
        }


def _frozen_sequences(record: object, *names: str) -> None:
    for name in names:
        object.__setattr__(record, name, tuple(getattr(record, name) or ()))


@dataclasses.dataclass(frozen=True, kw_only=True)
class MandateData(_Record):
    """The mandate the council or administration gave for the plan work."""

    body: str
    decided_on: dt.date
    case_number: str = ""
    text: str = ""
    budget_nok: Decimal | None = None
    staff_hours: int | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class CouncilMandateData(_Record):
    """One owning municipality's own political mandate for a shared plan."""

    body: str
    decided_on: dt.date
    case_number: str = ""
    text: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class GoalData(_Record):
    area_key: str = ""
    kind: str
    text: str
    indicator_key: str = ""
    indicator: str = ""
    baseline: str = ""
    target: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class MeasureData(_Record):
    """A measure's own fields (its goals are linked separately)."""

    title: str
    description: str = ""
    level: str = ""
    area_key: str = ""
    responsible_title: str = ""
    responsible_unit: str = ""
    # A partner agency that carries the measure out; its person is `responsible_user`.
    responsible_organisation: Organisation | None = None
    responsible_user: User | None = None
    starts_on: dt.date | None = None
    deadline: dt.date | None = None
    budget_nok: Decimal | None = None
    staff_hours: int | None = None
    target_groups: Sequence[str] = ()
    duties: Sequence[str] = ()

    def __post_init__(self) -> None:
        _frozen_sequences(self, "target_groups", "duties")


@dataclasses.dataclass(frozen=True, kw_only=True)
class AdoptionData(_Record):
    """One owning municipality's council decision adopting a version; the follow-up left
    blank is taken from the version's settings."""

    municipality: Municipality
    body: str
    decided_on: dt.date
    case_number: str = ""
    decision_url: str = ""
    period_start: dt.date
    period_end: dt.date
    reports_per_year: int | None = None
    midterm_evaluation_on: dt.date | None = None
    final_evaluation_on: dt.date | None = None
    evaluator: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class MeasurementData(_Record):
    """One measured value of a goal's indicator."""

    value: Decimal
    measured_on: dt.date
    source: str = ""
    comment: str = ""


MANDATE_FIELDS = MandateData.field_names()
COUNCIL_MANDATE_FIELDS = CouncilMandateData.field_names()
GOAL_FIELDS = GoalData.field_names()
MEASURE_FIELDS = MeasureData.field_names()
ADOPTION_FIELDS = AdoptionData.field_names()
MEASUREMENT_FIELDS = MeasurementData.field_names()
