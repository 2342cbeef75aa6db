"""Forms of the schedule pages: validation only; the rules are in the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samvern.accounts.models import Membership
from samvern.cases.forms import restyle
from samvern.conferences.models import (
    AttendanceStatus,
    Recurrence,
    ReturnReason,
)
from samvern.conferences.services.schedule import ExtraData, SeriesData
from samvern.core import limits
from samvern.core.forms import NorwegianIntegerField, StyledForm
from samvern.partnerships.models import Partnership

FormData = Mapping[str, object] | None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class SeriesForm(StyledForm):
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    recurrence = forms.ChoiceField(
        label=_("How often"), choices=Recurrence.choices, widget=forms.RadioSelect
    )
    interval = NorwegianIntegerField(
        label=_("Every how many weeks"),
        min_value=1,
        max_value=8,
        initial=2,
        help_text=_("Only for a weekly series: 1 is every week, 2 every second week."),
    )
    first_date = forms.DateField(
        label=_("First conference"),
        widget=DateInput(),
        help_text=_("A monthly series meets on the same weekday of the month as this date."),
    )
    until = forms.DateField(
        label=_("Last possible date"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for a series that goes on."),
    )
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput(), initial=dt.time(9, 0))
    duration_minutes = NorwegianIntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=600, initial=120
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def __init__(self, data: FormData = None, *, partnerships: QuerySet[Partnership]) -> None:
        super().__init__(data)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        restyle(self)

    def series_data(self) -> SeriesData:
        data = self.cleaned_data
        return SeriesData(
            title=data["title"],
            recurrence=data["recurrence"],
            interval=data["interval"],
            first_date=data["first_date"],
            until=data["until"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            location=data["location"],
        )


class ExtraForm(StyledForm):
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Partnership.objects.none(), empty_label=None
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    duration_minutes = NorwegianIntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=600, initial=60
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    reference = forms.CharField(
        label=_("Urgent case (reference)"),
        max_length=20,
        required=False,
        help_text=_("The case the extra conference is for; it is put first on the agenda."),
    )

    def __init__(self, data: FormData = None, *, partnerships: QuerySet[Partnership]) -> None:
        super().__init__(data)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        restyle(self)

    def extra_data(self) -> ExtraData:
        data = self.cleaned_data
        return ExtraData(
            date=data["date"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            location=data["location"],
        )


class SeriesEndForm(StyledForm):
    until = forms.DateField(
        label=_("Last possible date"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "A later date (or none) plans more conferences; an earlier one cancels the "
            "planned conferences after it."
        ),
    )


class AddCaseForm(StyledForm):
    reference = forms.CharField(label=_("Case reference"), max_length=20)


class MoveForm(StyledForm):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class UrgentForm(StyledForm):
    urgent = forms.BooleanField(label=_("Urgent"), required=False)


class AttendeeForm(StyledForm):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Membership.objects.none(),
        help_text=_("People with a case role in the partnership's member organisations."),
    )

    def __init__(self, data: FormData = None, *, candidates: QuerySet[Membership]) -> None:
        super().__init__(data)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates
        field.label_from_instance = _membership_label  # type: ignore[method-assign,assignment]
        restyle(self)


def _membership_label(membership: Membership) -> str:
    user = membership.user
    name = user.get_full_name() or user.get_username()
    return f"{name} · {membership.organisation.name} · {membership.get_role_display()}"


class AttendanceForm(StyledForm):
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)
    substitute_for = forms.CharField(
        label=_("Substitute for"),
        max_length=200,
        required=False,
        help_text=_("For a substitute: the name of the person they attend for."),
    )


class ConfirmForm(StyledForm):
    confirm = forms.BooleanField(
        label=_("I have read the confidentiality statement and will keep to it in this meeting.")
    )


class ConflictForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for the conflict of interest"),
        max_length=limits.COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: you know the person. The case is then withheld from you."),
    )


class StatementForm(StyledForm):
    text = forms.CharField(
        label=_("Statement"),
        max_length=limits.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class BringBackForm(StyledForm):
    reason = forms.ChoiceField(
        label=_("Why the case goes back to a conference"),
        choices=ReturnReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=limits.COMMENT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
