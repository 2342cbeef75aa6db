"""The public national and regional overview of municipal action plans."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from samvern.accounts.actor import actor_of
from samvern.overview import precomputed
from samvern.overview.forms import OverviewDateForm, OverviewFilterForm
from samvern.overview.http import data_state_of, public_page, release_digest
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


def _date_query(form: OverviewDateForm) -> str:
    """ "?as_of=…" when the visitor chose a date, so that links keep it; "" for today."""
    chosen = form.is_bound and form.cleaned_data.get("as_of")
    return "?" + urlencode({"as_of": chosen.isoformat()}) if chosen else ""


@public_page
def index(request: HttpRequest) -> HttpResponse:
    form = OverviewFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # A refused date or structure is answered with the form and its message; nothing
        # is computed for it.
        return render(request, "overview/index.html", {"form": form, "refused": True}, status=400)
    as_of, structure = form.chosen_date(), form.chosen_structure()
    state = data_state_of(request)
    result = coverage(actor=actor_of(request), as_of=as_of, structure=structure, state=state)
    points = history(actor=actor_of(request), as_of=as_of, structure=structure, state=state)

    sort = request.GET.get("sort", "name")
    if sort not in COUNTY_SORTS:
        sort = "name"
    descending = request.GET.get("dir", "asc") == "desc"
    counties = sorted(
        result.counties, key=lambda county: getattr(county, COUNTY_SORTS[sort]), reverse=descending
    )
    query = urlencode({"as_of": as_of.isoformat(), "structure": str(structure)})
    municipality_query = _date_query(form)
    # The map and its table (every municipality) are most of the page's work; they are the
    # same for every visitor with the same figures, language and date link.
    map_key = ":".join(
        (
            "map",
            str(structure),
            result.as_of.isoformat(),
            translation.get_language() or "",
            municipality_query,
            release_digest(),
        )
    )
    map_html = precomputed.kept_in_process(
        map_key,
        state,
        lambda: render_to_string(
            "overview/_map.html",
            {
                "map": map_view(result, municipality_query),
                "result": result,
                "municipality_query": municipality_query,
            },
        ),
    )
    return render(
        request,
        "overview/index.html",
        {
            "form": form,
            "result": result,
            "structure_label": StructureYear(structure).label,
            "map_html": map_html,
            "municipality_query": municipality_query,
            "history": points,
            "chart": history_chart(points),
            "counties": counties,
            "county_columns": _county_columns(request, sort, descending),
            "api_query": query,
            "api_links": [
                (name, reverse(f"api-overview-{name}") + "?" + query)
                for name in ("summary", "municipalities", "history")
            ],
            "licence": settings.OPEN_DATA_LICENCE,
        },
    )


@public_page
def municipality(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """One municipality: its status on the chosen date (today by default) and every adoption
    recorded for it or for its counterparts in the other structure."""
    if year not in StructureYear.values:
        raise Http404
    place = Municipality.objects.select_related("county").filter(year=year, code=code).first()
    if place is None:
        raise Http404
    form = OverviewDateForm(request.GET or None)
    context = {"place": place, "form": form}
    if form.is_bound and not form.is_valid():
        return render(request, "overview/municipality.html", context, status=400)
    result = coverage(
        actor=actor_of(request),
        as_of=form.chosen_date(),
        structure=year,
        state=data_state_of(request),
    )
    chosen = form.is_bound and form.cleaned_data.get("as_of")
    overview_query = urlencode({"structure": year, **({"as_of": chosen} if chosen else {})})
    return render(
        request,
        "overview/municipality.html",
        {
            **context,
            "row": result.by_code[place.code],
            "as_of": result.as_of,
            "overview_query": overview_query,
            "adoptions": municipality_adoptions(actor=actor_of(request), municipality=place),
        },
    )
