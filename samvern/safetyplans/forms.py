"""The edit page's forms: one form per section of the plan, a formset per list in it
(emergency numbers, orders, agency commitments) and the change note. They are built from
`samvern.safetyplans.content.SECTIONS`, so the page asks exactly what the plan holds.
Validation of what was typed only: who may write and the plan's rules are the service's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from samvern.core import limits
from samvern.core.forms import EMPTY_CHOICE, NorwegianIntegerField, StyledForm
from samvern.safetyplans.content import (
    LINE_LIMIT,
    MAX_ROWS,
    SECTION_TYPES,
    SECTIONS,
    TEXT_LIMIT,
    AgenciesSection,
    AlarmsSection,
    ChildrenSection,
    Commitment,
    ContactSection,
    DigitalSection,
    EmergencyNumber,
    FieldSpec,
    ListSpec,
    Order,
    OrdersSection,
    OrganisationRef,
    PlacesSection,
    PlanContent,
    SectionSpec,
)

FormData = Mapping[str, object] | None
Choices = Sequence[tuple[str, str]]
# The value a form holds for one field of the plan.
Initial = dict[str, str | dt.date | None]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _field(spec: FieldSpec, organisations: Choices, *, in_row: bool = False) -> forms.Field:
    label = spec.label
    if spec.kind == "text":
        return forms.CharField(
            label=label,
            help_text=spec.help_text,
            required=in_row and spec.name == "action",
            max_length=TEXT_LIMIT,
            widget=forms.Textarea(attrs={"rows": 2 if in_row else 3}),
        )
    if spec.kind == "line":
        return forms.CharField(
            label=label,
            help_text=spec.help_text,
            required=in_row and spec.name in ("label", "number"),
            max_length=LINE_LIMIT,
        )
    if spec.kind == "choice":
        assert spec.choices is not None
        choices: list[tuple[str, str]] = [(str(v), str(lbl)) for v, lbl in spec.choices.choices]
        if in_row:
            return forms.ChoiceField(label=label, choices=[("", EMPTY_CHOICE), *choices])
        return forms.ChoiceField(label=label, choices=choices)
    if spec.kind == "date":
        return forms.DateField(label=label, required=False, widget=DateInput())
    return forms.ChoiceField(
        label=label, choices=[("", EMPTY_CHOICE), *organisations], required=in_row
    )


def section_form_class(spec: SectionSpec, organisations: Choices) -> type[StyledForm]:
    fields = {f.name: _field(f, organisations) for f in spec.fields}
    return cast(type[StyledForm], type(f"{spec.key.title()}Form", (StyledForm,), fields))


class RowFormSet(forms.BaseFormSet[StyledForm]):
    def add_fields(self, form: StyledForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")
            form.fields["DELETE"].widget.attrs["class"] = "ds-input"


def row_formset_class(spec: ListSpec, organisations: Choices) -> type[RowFormSet]:
    fields = {c.name: _field(c, organisations, in_row=True) for c in spec.columns}
    row_form = cast(type[StyledForm], type(f"{spec.name.title()}RowForm", (StyledForm,), fields))
    return forms.formset_factory(  # type: ignore[return-value]
        row_form,
        formset=RowFormSet,
        extra=2,
        can_delete=True,
        max_num=MAX_ROWS,
        validate_max=True,
    )


class ChangeForm(StyledForm):
    note = forms.CharField(
        label=_("What changed, and why"),
        help_text=_("Shown in the version list. Required from the second version on."),
        required=False,
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    based_on = NorwegianIntegerField(widget=forms.HiddenInput, min_value=0)


def _initial(spec: FieldSpec, value: object) -> str | dt.date | None:
    if isinstance(value, OrganisationRef):
        return value.id
    if value is None or isinstance(value, str | dt.date):
        return value
    return str(value)


class PlanEditForms:
    """Every form of the edit page, filled from the current content, and the content
    they add up to."""

    def __init__(
        self,
        data: FormData,
        *,
        current: PlanContent,
        based_on: int,
        organisations: Choices,
    ) -> None:
        self.organisation_names = dict(organisations)
        self.sections: list[tuple[SectionSpec, StyledForm, list[tuple[ListSpec, RowFormSet]]]] = []
        for spec in SECTIONS:
            value = getattr(current, spec.key)
            form = section_form_class(spec, organisations)(
                data,
                prefix=spec.key,
                initial={f.name: _initial(f, getattr(value, f.name)) for f in spec.fields},
            )
            formsets = []
            for row_spec in spec.lists:
                rows = [
                    {c.name: _initial(c, getattr(row, c.name)) for c in row_spec.columns}
                    for row in getattr(value, row_spec.name)
                ]
                formsets.append(
                    (
                        row_spec,
                        row_formset_class(row_spec, organisations)(
                            data, prefix=f"{spec.key}-{row_spec.name}", initial=rows
                        ),
                    )
                )
            self.sections.append((spec, form, formsets))
        self.change = ChangeForm(data, initial={"based_on": based_on}, prefix="change")

    def is_valid(self) -> bool:
        valid = self.change.is_valid()
        for _spec, form, formsets in self.sections:
            valid = form.is_valid() and valid
            for _row_spec, formset in formsets:
                valid = formset.is_valid() and valid
        return valid

    @property
    def has_errors(self) -> bool:
        return self.change.is_bound and not self.is_valid()

    def _ref(self, value: object) -> OrganisationRef | None:
        if not value:
            return None
        key = str(value)
        return OrganisationRef(id=key, name=self.organisation_names.get(key, key))

    def content(self) -> PlanContent:
        sections: dict[str, object] = {}
        for spec, form, formsets in self.sections:
            data = form.cleaned_data
            values: dict[str, object] = {}
            for f in spec.fields:
                raw = data.get(f.name)
                values[f.name] = self._ref(raw) if f.kind == "organisation" else raw
            for row_spec, formset in formsets:
                rows: list[object] = []
                for row_form in formset.forms:
                    cleaned = getattr(row_form, "cleaned_data", None) or {}
                    if not cleaned or cleaned.get("DELETE"):
                        continue
                    rows.append(self._row(row_spec, cleaned))
                values[row_spec.name] = tuple(rows)
            sections[spec.key] = SECTION_TYPES[spec.key](**values)
        return PlanContent(
            contact=cast(ContactSection, sections["contact"]),
            places=cast(PlacesSection, sections["places"]),
            alarms=cast(AlarmsSection, sections["alarms"]),
            orders=cast(OrdersSection, sections["orders"]),
            digital=cast(DigitalSection, sections["digital"]),
            children=cast(ChildrenSection, sections["children"]),
            agencies=cast(AgenciesSection, sections["agencies"]),
        )

    def _row(self, spec: ListSpec, cleaned: Mapping[str, object]) -> object:
        if spec.name == "emergency_numbers":
            return EmergencyNumber(label=str(cleaned["label"]), number=str(cleaned["number"]))
        if spec.name == "orders":
            until = cleaned.get("valid_until")
            return Order(
                kind=str(cleaned["kind"]),
                status=str(cleaned["status"]),
                valid_until=until if isinstance(until, dt.date) else None,
                note=str(cleaned.get("note") or ""),
            )
        organisation = self._ref(cleaned["organisation"])
        assert organisation is not None
        return Commitment(
            organisation=organisation,
            action=str(cleaned["action"]),
            contact=str(cleaned.get("contact") or ""),
        )
