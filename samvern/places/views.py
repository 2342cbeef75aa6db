from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from samvern.places.forms import PlaceFilterForm
from samvern.places.models import CURRENT_STRUCTURE
from samvern.places.selectors import municipality_list, succession_links


@dataclass(frozen=True)
class CountyGroup:
    code: str
    name: str
    municipalities: list[dict[str, Any]]

    @property
    def population(self) -> int:
        return sum(row["population"] for row in self.municipalities)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Public list of municipality and county numbers per structure year, for people
    checking codes (and what became of the 2019 municipalities)."""
    form = PlaceFilterForm(request.GET or None)
    groups: list[CountyGroup] = []
    year = CURRENT_STRUCTURE
    county_code = ""
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        county_code = form.cleaned_data["county"]
    if not form.errors:
        links = succession_links(year=year, county_code=county_code or None)
        # Plain values rather than model instances: the 2019 list has 422 rows.
        rows = (
            municipality_list(year=year, county_code=county_code or None)
            .order_by("county__code", "code")
            .values(
                "code",
                "name",
                "official_name",
                "population",
                "administrative_centre",
                "county__code",
                "county__name",
            )
        )
        for (code, name), members in groupby(
            rows, key=lambda row: (row["county__code"], row["county__name"])
        ):
            municipalities = [{**row, "links": links.get(row["code"], [])} for row in members]
            groups.append(CountyGroup(code=code, name=name, municipalities=municipalities))
    return render(
        request,
        "places/index.html",
        {
            "form": form,
            "year": year,
            "groups": groups,
            "municipality_count": sum(len(group.municipalities) for group in groups),
            "population": sum(group.population for group in groups),
        },
    )
