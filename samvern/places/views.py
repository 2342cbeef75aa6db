from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from samvern.places.forms import PlaceFilterForm
from samvern.places.models import CURRENT_STRUCTURE
from samvern.places.selectors import municipality_list, with_succession


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Public list of municipality and county numbers per structure year, for people
    checking codes (and what became of the 2019 municipalities)."""
    form = PlaceFilterForm(request.GET or None)
    groups = []
    year = CURRENT_STRUCTURE
    county_code = ""
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        county_code = form.cleaned_data["county"]
    if not form.errors:
        municipalities = with_succession(
            municipality_list(year=year, county_code=county_code or None)
        ).order_by("county__code", "code")
        for county, members in groupby(municipalities, key=lambda m: m.county):
            rows = list(members)
            groups.append(
                {"county": county, "municipalities": rows, "population": _sum_population(rows)}
            )
    return render(
        request,
        "places/index.html",
        {
            "form": form,
            "year": year,
            "groups": groups,
            "municipality_count": sum(len(group["municipalities"]) for group in groups),
            "population": sum(group["population"] for group in groups),
        },
    )


def _sum_population(municipalities: list) -> int:
    return sum(municipality.population for municipality in municipalities)
