from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samvern.core.forms import StyledForm
from samvern.places.models import CURRENT_STRUCTURE, StructureYear
from samvern.places.selectors import county_list


class PlaceFilterForm(StyledForm):
    """Which structure year, and optionally which county, to list."""

    year = forms.TypedChoiceField(
        label=_("Municipality structure"),
        choices=StructureYear.choices,
        coerce=int,
        initial=CURRENT_STRUCTURE,
    )
    county = forms.CharField(label=_("County"), required=False, widget=forms.Select)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        # The county list follows the structure asked for; an unknown year falls back to
        # today's so that the form still renders (its error is shown beside it). Worked out
        # before the base class runs, because StyledForm validates a bound form on init.
        year = data.get("year") if data is not None else None
        if year not in {str(choice) for choice in StructureYear.values}:
            year = CURRENT_STRUCTURE
        self.counties = {county.code: county for county in county_list(year=int(year))}
        super().__init__(data, **kwargs)
        self.fields["county"].widget.choices = [
            ("", _("All counties")),
            *((code, f"{code} {county.name}") for code, county in self.counties.items()),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = cleaned.get("county")
        year = cleaned.get("year")
        if code and year is not None and code not in self.counties:
            self.add_error(
                "county",
                _("There is no county number %(code)s in the %(year)s structure.")
                % {"code": code, "year": year},
            )
        return cleaned
