"""Build the overview's map data from boundary files: projected, simplified SVG paths.

Run from the repository root (inputs default to the project's shared data folder):

    .venv/bin/python samvern/overview/tools/build_map_data.py [GEO_DIR]

Inputs (see docs/data-sources.md for sources and licences):
  municipalities-2024.geojson          WGS84 lon/lat, properties kommunenummer/kommunenavn
  counties-2024.geojson                WGS84, properties fylkesnummer/fylkesnavn
  municipalities-2019-epsg25833.geojson  UTM zone 33N, kommunenummer as an integer

Outputs in samvern/overview/data/: map-2024.json and map-2019.json, each holding the
view box, one path per municipality (keyed by four-digit code), the county borders and the
attribution the licences require. Both structures share one projection (UTM 33N, the
projection of the 2019 file; the 2024 files are projected here), so they line up.

County borders of the 2019 structure are not shipped as a file; they are derived from the
municipality polygons: an edge belongs to a county border when it is not shared by two
municipalities of the same county (coastline included). This needs only the standard
library.
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_GEO_DIR = ROOT.parent / "shared" / "data" / "geo"
OUT_DIR = ROOT / "samvern" / "overview" / "data"
MUNICIPALITIES_2019_CSV = ROOT / "samvern" / "places" / "data" / "municipalities-2019.csv"

WIDTH = 1000.0  # SVG units across the map; one unit is about 1.2 km
PADDING = 6.0
TOLERANCE = 0.6  # Douglas–Peucker tolerance in SVG units
MIN_RING_AREA = 1.5  # drop islands smaller than this (SVG units²), keep each largest ring

ATTRIBUTION = {
    2024: "Kommune- og fylkesgrenser 2024 © Kartverket, CC BY 4.0",
    2019: "Kommunegrenser 2019: GeoNorge, forenklet av ReadyMaps, CC0. "
    "Fylkesgrenser avledet av kommunegrensene.",
}

# --- Projection: WGS84 / ETRS89 → UTM zone 33N (EPSG:25833), Krüger series -----------

_A = 6378137.0
_F = 1 / 298.257222101  # GRS80
_K0 = 0.9996
_LON0 = math.radians(15.0)
_N = _F / (2 - _F)
_AA = _A / (1 + _N) * (1 + _N**2 / 4 + _N**4 / 64)
_ALPHA = (
    _N / 2 - 2 * _N**2 / 3 + 5 * _N**3 / 16,
    13 * _N**2 / 48 - 3 * _N**3 / 5,
    61 * _N**3 / 240,
)
_E2N = 2 * math.sqrt(_N) / (1 + _N)


def to_utm33(lon: float, lat: float) -> tuple[float, float]:
    phi = math.radians(lat)
    lam = math.radians(lon) - _LON0
    t = math.sinh(math.atanh(math.sin(phi)) - _E2N * math.atanh(_E2N * math.sin(phi)))
    xi = math.atan2(t, math.cos(lam))
    eta = math.atanh(math.sin(lam) / math.sqrt(1 + t * t))
    east = eta + sum(
        a * math.cos(2 * j * xi) * math.sinh(2 * j * eta) for j, a in enumerate(_ALPHA, 1)
    )
    north = xi + sum(
        a * math.sin(2 * j * xi) * math.cosh(2 * j * eta) for j, a in enumerate(_ALPHA, 1)
    )
    return 500000.0 + _K0 * _AA * east, _K0 * _AA * north


# --- Geometry helpers ------------------------------------------------------------------

Ring = list[tuple[float, float]]


def polygons(geometry: dict) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(geometry["type"])


def ring_area(ring: Ring) -> float:
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            )
        )
        / 2
    )


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker, iterative; keeps the first and last point."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - x1, py - y1)
            else:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance and index > 0:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def path_data(rings: list[Ring], closed: bool = True) -> str:
    """Compact SVG path data: absolute move, then relative integer steps."""
    parts = []
    for ring in rings:
        points = [(round(x), round(y)) for x, y in ring]
        deduped = [points[0]]
        for point in points[1:]:
            if point != deduped[-1]:
                deduped.append(point)
        if closed and len(deduped) > 1 and deduped[-1] == deduped[0]:
            deduped.pop()
        if len(deduped) < (3 if closed else 2):
            continue
        x0, y0 = deduped[0]
        steps = [f"M{x0} {y0}l"]
        previous = deduped[0]
        coords = []
        for x, y in deduped[1:]:
            coords.append(f"{x - previous[0]} {y - previous[1]}")
            previous = (x, y)
        steps.append(" ".join(coords).replace(" -", "-"))
        if closed:
            steps.append("z")
        parts.append("".join(steps))
    return "".join(parts)


class Frame:
    """Scales projected metres into the SVG view box (y downwards)."""

    def __init__(self, projected_rings: list[Ring]) -> None:
        xs = [x for ring in projected_rings for x, _ in ring]
        ys = [y for ring in projected_rings for _, y in ring]
        self.min_x, self.max_y = min(xs), max(ys)
        self.scale = (WIDTH - 2 * PADDING) / (max(xs) - min(xs))
        self.height = (max(ys) - min(ys)) * self.scale + 2 * PADDING

    def __call__(self, ring: Ring) -> Ring:
        return [
            ((x - self.min_x) * self.scale + PADDING, (self.max_y - y) * self.scale + PADDING)
            for x, y in ring
        ]

    @property
    def view_box(self) -> str:
        return f"0 0 {round(WIDTH)} {math.ceil(self.height)}"


def load(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def projected_features(features: list[dict], *, wgs84: bool, key: str, name: str) -> dict:
    result = {}
    for feature in features:
        props = feature["properties"]
        code = str(props[key]).zfill(4 if "kommune" in key else 2)
        rings = []
        for polygon in polygons(feature["geometry"]):
            for ring in polygon[:1]:  # outer rings only: holes are other municipalities
                points = [tuple(point[:2]) for point in ring]
                rings.append([to_utm33(*p) for p in points] if wgs84 else points)
        result[code] = {"name": props[name], "rings": rings}
    return result


def shapes(projected: dict, frame: Frame) -> dict:
    output = {}
    for code, item in sorted(projected.items()):
        rings = [frame(ring) for ring in item["rings"]]
        rings.sort(key=ring_area, reverse=True)
        kept = [rings[0]] + [ring for ring in rings[1:] if ring_area(ring) >= MIN_RING_AREA]
        simplified = []
        for ring in kept:
            closed = ring if ring[0] == ring[-1] else [*ring, ring[0]]
            simplified.append(simplify(closed, TOLERANCE))
        output[code] = {"name": item["name"], "d": path_data(simplified)}
    return output


def derived_borders(projected: dict, frame: Frame, county_of: dict[str, str]) -> str:
    """County borders as open polylines, from edges not shared within one county."""
    edges: dict[tuple, set[str]] = defaultdict(set)
    counts: dict[tuple, int] = defaultdict(int)
    for code, item in projected.items():
        for ring in item["rings"]:
            points = [(round(x, 1), round(y, 1)) for x, y in frame(ring)]
            for a, b in pairwise(points):
                if a == b:
                    continue
                edge = (a, b) if a < b else (b, a)
                edges[edge].add(county_of[code])
                counts[edge] += 1
    border = [edge for edge, count in counts.items() if count == 1 or len(edges[edge]) > 1]
    # Chain edges into polylines so they can be simplified and drawn compactly.
    neighbours: dict[tuple, list[tuple]] = defaultdict(list)
    for a, b in border:
        neighbours[a].append(b)
        neighbours[b].append(a)
    used: set[tuple] = set()
    lines = []
    for a, b in border:
        if (a, b) in used:
            continue
        used.add((a, b))
        line = [a, b]
        for forward in (True, False):
            while True:
                end = line[-1] if forward else line[0]
                nxt = None
                for candidate in neighbours[end]:
                    edge = (end, candidate) if end < candidate else (candidate, end)
                    if edge not in used and len(neighbours[end]) == 2:
                        nxt = candidate
                        used.add(edge)
                        break
                if nxt is None:
                    break
                if forward:
                    line.append(nxt)
                else:
                    line.insert(0, nxt)
        lines.append(simplify(line, TOLERANCE))
    lines = [line for line in lines if len(line) > 1]
    return path_data(lines, closed=False)


def main(geo_dir: Path) -> None:
    import csv

    m2024 = projected_features(
        load(geo_dir / "municipalities-2024.geojson"),
        wgs84=True,
        key="kommunenummer",
        name="kommunenavn",
    )
    c2024 = projected_features(
        load(geo_dir / "counties-2024.geojson"), wgs84=True, key="fylkesnummer", name="fylkesnavn"
    )
    m2019 = projected_features(
        load(geo_dir / "municipalities-2019-epsg25833.geojson"),
        wgs84=False,
        key="kommunenummer",
        name="kommunenavn",
    )
    frame = Frame([ring for item in m2024.values() for ring in item["rings"]])
    with MUNICIPALITIES_2019_CSV.open(encoding="utf-8") as handle:
        county_2019 = {row["code"]: row["county_code"] for row in csv.DictReader(handle)}

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    outputs = {
        2024: {
            "municipalities": shapes(m2024, frame),
            "counties": "".join(item["d"] for item in shapes(c2024, frame).values()),
        },
        2019: {
            "municipalities": shapes(m2019, frame),
            "counties": derived_borders(m2019, frame, county_2019),
        },
    }
    for year, content in outputs.items():
        document = {
            "structure": year,
            "viewBox": frame.view_box,
            "attribution": ATTRIBUTION[year],
            **content,
        }
        target = OUT_DIR / f"map-{year}.json"
        target.write_text(
            json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True),
            encoding="utf-8",
        )
        print(
            f"{target.relative_to(ROOT)}: {len(content['municipalities'])} municipalities, "
            f"{target.stat().st_size // 1024} KiB"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_GEO_DIR)
