"""Server-side drawings of the overview: the choropleth map and the history chart.

Both are plain SVG built here and rendered by templates; no JavaScript is involved. The
map's outlines come from `data/map-<year>.json` (built by `tools/build_map_data.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samvern.overview.selectors import Coverage, HistoryPoint, MunicipalityCoverage, Status

DATA_DIR = Path(__file__).resolve().parent / "data"
STATUS_WITH_PLAN = {Status.IN_FORCE, Status.PARTLY, Status.EXPIRED}


@lru_cache(maxsize=4)
def map_data(structure: int) -> dict[str, Any]:
    return json.loads((DATA_DIR / f"map-{structure}.json").read_text(encoding="utf-8"))


def municipality_url(structure: int, row: MunicipalityCoverage, query: str = "") -> str:
    """The public page of the municipality's plan, or the overview's page for the place
    when it has no published plan (a plan being prepared is not public); `query` (such as
    "?as_of=2019-06-01") carries the chosen date to the overview's page."""
    if row.plan_id and row.status in STATUS_WITH_PLAN:
        try:
            return reverse("plans:public_plan", kwargs={"plan_id": row.plan_id})
        except NoReverseMatch:
            pass
    return reverse("overview:municipality", kwargs={"year": structure, "code": row.code}) + query


def _percent(value: float) -> str:
    return f"{round(value * 100)} %"


@dataclass(frozen=True)
class MapShape:
    code: str
    name: str
    d: str
    status: str
    url: str
    label: str


@dataclass(frozen=True)
class LegendEntry:
    status: str
    label: str
    count: int


def map_view(result: Coverage, query: str = "") -> dict[str, Any]:
    data = map_data(result.structure)
    shapes = []
    for code, outline in data["municipalities"].items():
        row = result.by_code.get(code)
        if row is None:  # reference data without a boundary; never expected
            continue
        label = f"{row.name} ({row.code}): {row.status_label}"
        if row.status == Status.PARTLY:
            label += f", {_percent(row.covered_fraction)}"
        shapes.append(
            MapShape(
                code=code,
                name=row.name,
                d=outline["d"],
                status=row.status,
                url=municipality_url(result.structure, row, query),
                label=label,
            )
        )
    counts = {status: 0 for status in Status.ORDER}
    for row in result.municipalities:
        counts[row.status] += 1
    legend = [
        LegendEntry(status, str(Status.LABELS[status]), counts[status]) for status in Status.ORDER
    ]
    return {
        "view_box": data["viewBox"],
        "shapes": shapes,
        "counties": data["counties"],
        "attribution": data["attribution"],
        "legend": legend,
    }


# --- History chart ---------------------------------------------------------------------

CHART_WIDTH = 720
CHART_HEIGHT = 300
MARGIN = {"left": 56, "right": 16, "top": 16, "bottom": 44}


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str

    @property
    def box_x(self) -> float:
        return round(self.x - 4, 1)

    @property
    def box_y(self) -> float:
        return round(self.y - 4, 1)


def history_chart(points: list[HistoryPoint]) -> dict[str, Any]:
    """Two series (share of municipalities, share of population) on a 0–100 % axis."""
    inner_w = CHART_WIDTH - MARGIN["left"] - MARGIN["right"]
    inner_h = CHART_HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    count = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return round(MARGIN["left"] + inner_w * i / count, 1)

    def y(share: float) -> float:
        return round(MARGIN["top"] + inner_h * (1 - share), 1)

    series = []
    for key, label, css in (
        ("in_force_share", _("Municipalities with a plan in force"), "municipalities"),
        ("population_share", _("Population covered"), "population"),
    ):
        chart_points = [
            ChartPoint(
                x(i),
                y(getattr(point, key)),
                f"{date_format(point.day, 'SHORT_DATE_FORMAT')}: {_percent(getattr(point, key))}",
            )
            for i, point in enumerate(points)
        ]
        series.append(
            {
                "label": label,
                "css": css,
                "points": chart_points,
                "polyline": " ".join(f"{p.x},{p.y}" for p in chart_points),
            }
        )
    grid = [{"y": y(step / 100), "label": f"{step} %"} for step in range(0, 101, 20)]
    step = 1 if len(points) <= 12 else 2
    ticks = [
        {"x": x(i), "label": str(point.day.year)}
        for i, point in enumerate(points)
        if (len(points) - 1 - i) % step == 0
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": MARGIN["left"],
        "label_x": MARGIN["left"] - 8,
        "right": CHART_WIDTH - MARGIN["right"],
        "bottom": CHART_HEIGHT - MARGIN["bottom"],
        "tick_y": CHART_HEIGHT - MARGIN["bottom"] + 20,
        "series": series,
        "grid": grid,
        "ticks": ticks,
        "first": points[0].day if points else None,
        "last": points[-1].day if points else None,
    }
