"""Validation of what users type on an agenda case page: research, minutes and action
points. Who may do what is decided by `samvern.conferences.access` and the meeting
services, never here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypedDict, Unpack

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Membership, Organisation, User
from samvern.cases.models import LegalBasis
from samvern.conferences.services.meeting import ActionPointData, MinutesData, ResearchData
from samvern.core import limits
from samvern.core.forms import EMPTY_CHOICE, StyledForm
from samvern.core.spreadsheets import parse_date

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FormData = Mapping[str, object] | None


class _DateOptions(TypedDict, total=False):
    label: StrOrPromise
    required: bool
    help_text: StrOrPromise


class NorwegianDateField(forms.DateField):
    """A date as people type it here: day.month.year ("15.1.2027", "15.01.2027") or as
    the API and a date picker send it ("2027-01-15"), read by the same parser as the
    spreadsheet imports. Shown as day.month.year."""

    default_error_messages = {
        "invalid": _("Enter a date as day.month.year, for example 15.1.2027."),
    }

    def __init__(self, **kwargs: Unpack[_DateOptions]) -> None:
        super().__init__(
            widget=forms.DateInput(
                format="%d.%m.%Y", attrs={"inputmode": "numeric", "autocomplete": "off"}
            ),
            **kwargs,
        )

    def to_python(self, value: object) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ResearchForm(StyledForm):
    body = forms.CharField(
        label=_("What your organisation knows"),
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Only what is relevant and proportionate for this conference. Other "
            "organisations taking part in the case see it once they have confirmed "
            "confidentiality."
        ),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis for sharing it"),
        choices=[("", EMPTY_CHOICE), *LegalBasis.choices],
    )
    statutory_basis = forms.CharField(
        label=_("Name of the statutory basis"),
        required=False,
        max_length=200,
        help_text=_("Needed when the legal basis is another statutory basis."),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (
            data.get("legal_basis") == LegalBasis.OTHER_STATUTORY
            and not str(data.get("statutory_basis", "")).strip()
        ):
            self.add_error("statutory_basis", _("Name the statutory basis."))
        return data

    def research_data(self) -> ResearchData:
        data = self.cleaned_data
        return ResearchData(
            body=data["body"],
            legal_basis=data["legal_basis"],
            statutory_basis=data.get("statutory_basis", ""),
        )


class MinutesForm(StyledForm):
    risk_summary = forms.CharField(
        label=_("Summary of risks"),
        required=False,
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    discussion = forms.CharField(
        label=_("Discussion"),
        required=False,
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def minutes_data(self) -> MinutesData:
        data = self.cleaned_data
        return MinutesData(
            risk_summary=data.get("risk_summary", ""),
            discussion=data.get("discussion", ""),
            decisions=data.get("decisions", ""),
        )


def _person_label(membership: Membership) -> str:
    user = membership.user
    name = user.get_full_name() or user.username
    return f"{name} ({membership.organisation.name})"


class ActionPointForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Responsible organisation"))
    assignee = forms.ChoiceField(
        label=_("Responsible person"),
        required=False,
        help_text=_("Optional. A case worker or coordinator of the responsible organisation."),
    )
    description = forms.CharField(
        label=_("Action"),
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_on = NorwegianDateField(
        label=_("Due date"), help_text=_("Day.month.year, for example 15.1.2027.")
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        organisations: Sequence[Organisation],
        members: Sequence[Membership],
    ) -> None:
        super().__init__(data)
        self._organisations = {str(o.pk): o for o in organisations}
        self._people: dict[str, User] = {}
        person_choices: list[tuple[str, str]] = [("", EMPTY_CHOICE)]
        for membership in members:
            key = str(membership.user_id)
            if key not in self._people:
                self._people[key] = membership.user
                person_choices.append((key, _person_label(membership)))
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ChoiceField)
        organisation_field.choices = [
            ("", EMPTY_CHOICE),
            *((key, o.name) for key, o in self._organisations.items()),
        ]
        assignee_field = self.fields["assignee"]
        assert isinstance(assignee_field, forms.ChoiceField)
        assignee_field.choices = person_choices

    def action_point_data(self) -> ActionPointData:
        data = self.cleaned_data
        assignee = data.get("assignee") or ""
        return ActionPointData(
            organisation=self._organisations[data["organisation"]],
            assignee=self._people.get(str(assignee)),
            description=data["description"],
            due_on=data["due_on"],
        )
