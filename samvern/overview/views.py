"""The public national and regional overview of municipal action plans."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from samvern.overview.forms import OverviewFilterForm
from samvern.overview.presenters import history_chart, map_view
from samvern.overview.selectors import coverage, history, municipality_adoptions
from samvern.places.models import Municipality, StructureYear

# Sortable columns of the county table: query value → attribute of selectors.Figures.
COUNTY_SORTS = {
    "name": "name",
    "municipalities": "municipalities",
    "in_force": "in_force",
    "share": "in_force_share",
    "population": "population_share",
    "expired": "expired",
    "never": "never",
}


def _county_columns(request: HttpRequest, selected: str, descending: bool) -> dict[str, dict]:
    columns = {}
    for key in COUNTY_SORTS:
        is_current = key == selected
        next_descending = not descending if is_current else key != "name"
        params = request.GET.copy()
        params["sort"] = key
        params["dir"] = "desc" if next_descending else "asc"
        columns[key] = {
            "url": "?" + params.urlencode() + "#counties",
            "aria_sort": ("descending" if descending else "ascending") if is_current else "none",
            "current": is_current,
        }
    return columns


def index(request: HttpRequest) -> HttpResponse:
    form = OverviewFilterForm(request.GET or None)
    as_of, structure = form.selection()
    result = coverage(actor=request.user, as_of=as_of, structure=structure)
    points = history(actor=request.user, as_of=as_of, structure=structure)

    sort = request.GET.get("sort", "name")
    if sort not in COUNTY_SORTS:
        sort = "name"
    descending = request.GET.get("dir", "asc") == "desc"
    counties = sorted(
        result.counties, key=lambda county: getattr(county, COUNTY_SORTS[sort]), reverse=descending
    )
    query = urlencode({"as_of": as_of.isoformat(), "structure": str(structure)})
    return render(
        request,
        "overview/index.html",
        {
            "form": form,
            "result": result,
            "structure_label": StructureYear(structure).label,
            "map": map_view(result),
            "history": points,
            "chart": history_chart(points),
            "counties": counties,
            "county_columns": _county_columns(request, sort, descending),
            "api_query": query,
            "api_links": [
                (name, reverse(f"api-overview-{name}") + "?" + query)
                for name in ("summary", "municipalities", "history")
            ],
        },
    )


def municipality(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """One municipality: its status today and every adoption recorded for it or for its
    counterparts in the other structure."""
    if year not in StructureYear.values:
        raise Http404
    place = Municipality.objects.select_related("county").filter(year=year, code=code).first()
    if place is None:
        raise Http404
    result = coverage(actor=request.user, structure=year)
    return render(
        request,
        "overview/municipality.html",
        {
            "place": place,
            "row": result.by_code[place.code],
            "as_of": result.as_of,
            "adoptions": municipality_adoptions(actor=request.user, municipality=place),
        },
    )
