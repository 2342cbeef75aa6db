"""The overview's filters: which date, and on the national page which municipality structure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samvern.core.forms import StyledForm
from samvern.overview.dates import check_date, date_range
from samvern.places.models import CURRENT_STRUCTURE, StructureYear


class OverviewDateForm(StyledForm):
    as_of = forms.DateField(
        label=_("Status on date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for today."),
    )

    def __init__(self, *args: object, today: dt.date | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today or timezone.localdate()
        first, last = date_range(self.today)
        self.fields["as_of"].widget.attrs.update(min=first.isoformat(), max=last.isoformat())

    def clean_as_of(self) -> dt.date | None:
        value = self.cleaned_data.get("as_of")
        if value is None:
            return None
        return check_date(value, today=self.today, show=lambda day: date_format(day))

    def chosen_date(self) -> dt.date:
        """The valid chosen date, or today; call only on a valid (or unbound) form."""
        return (self.is_bound and self.cleaned_data.get("as_of")) or self.today


class OverviewFilterForm(OverviewDateForm):
    structure = forms.TypedChoiceField(
        label=_("Municipality structure"),
        choices=StructureYear.choices,
        coerce=int,
        required=False,
        empty_value=CURRENT_STRUCTURE.value,  # type: ignore[arg-type]
    )

    def __init__(self, data: Any = None, *args: object, **kwargs: object) -> None:
        if data is not None and not data.get("structure"):
            # A link with a date only means today's structure; the menu must show it.
            data = data.copy()
            data["structure"] = str(CURRENT_STRUCTURE.value)
        super().__init__(data, *args, **kwargs)  # type: ignore[arg-type]
        self.fields["structure"].initial = CURRENT_STRUCTURE.value

    def chosen_structure(self) -> int:
        if self.is_bound and "structure" not in self.errors:
            return self.cleaned_data.get("structure") or CURRENT_STRUCTURE.value
        return CURRENT_STRUCTURE.value
