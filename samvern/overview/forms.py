"""The overview's filter: which date and which municipality structure."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samvern.core.forms import StyledForm
from samvern.places.models import CURRENT_STRUCTURE, StructureYear

EARLIEST = dt.date(1990, 1, 1)


class OverviewFilterForm(StyledForm):
    as_of = forms.DateField(
        label=_("Status on date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for today."),
    )
    structure = forms.TypedChoiceField(
        label=_("Municipality structure"),
        choices=StructureYear.choices,
        coerce=int,
        required=False,
        empty_value=CURRENT_STRUCTURE.value,  # type: ignore[arg-type]
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["structure"].initial = CURRENT_STRUCTURE.value

    def clean_as_of(self) -> dt.date | None:
        value = self.cleaned_data.get("as_of")
        if value is None:
            return None
        latest = timezone.localdate() + dt.timedelta(days=366 * 10)
        if not EARLIEST <= value <= latest:
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s.")
                % {"first": EARLIEST.isoformat(), "last": latest.isoformat()}
            )
        return value

    def selection(self) -> tuple[dt.date, int]:
        """The date and structure to show: the valid choices, today and 2024 otherwise."""
        today = timezone.localdate()
        if not self.is_bound or not self.is_valid():
            structure = CURRENT_STRUCTURE.value
            if self.is_bound and "structure" not in self.errors:
                structure = self.cleaned_data.get("structure") or structure
            return today, structure
        return (
            self.cleaned_data.get("as_of") or today,
            self.cleaned_data.get("structure") or CURRENT_STRUCTURE.value,
        )
