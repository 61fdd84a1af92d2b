"""Write metaexposure/plots/world_land_110m.json, the land outline the location chart draws, from world-atlas.

Run once, at build time, with the unpacked npm package (the kit itself never fetches anything):

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_world_outline.py /tmp/package

world-atlas's ``land-110m.json`` is Natural Earth's 1:110m land (public domain) as TopoJSON: arcs of
delta-encoded, quantized points shared between rings. This decodes the arcs, stitches each polygon's rings,
cuts the rings that cross the antimeridian into pieces on either side of it (so a plot of lon/lat draws no
streak across the map), simplifies a little and rounds to 0.01°.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "metaexposure" / "plots" / "world_land_110m.json"
# Below the scale's own detail (1:110m is about 0.1° at its nominal print size), so the shapes stay as
# Natural Earth drew them while points that add nothing visible go.
TOLERANCE = 0.02
DECIMALS = 2

Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Absolute lon/lat arcs from TopoJSON's quantized, delta-encoded ones."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def stitch(ring: list[int], arcs: list[list[Point]]) -> list[Point]:
    """One ring from its arc indexes; ~i is arc i reversed, and each arc starts where the last ended."""
    points: list[Point] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(ring: list[Point]) -> list[Point]:
    """The ring with continuous longitudes (past ±180 where it crosses), closed over the pole if it circles one."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        previous = out[-1][0]
        lon += 360 * round((previous - lon) / 360)
        out.append((lon, lat))
    turn = out[-1][0] - out[0][0]
    if abs(turn) > 180:
        # Antarctica: a ring round the pole ends 360° from its start; go down to the pole and back.
        pole = -90.0 if sum(lat for _, lat in out) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole), out[0]]
    return out


def clip(ring: list[Point], keep) -> list[Point]:
    """Sutherland–Hodgman against one half-plane; ``keep(p)`` is its side, the cut is at a longitude."""
    out: list[Point] = []
    for i, current in enumerate(ring):
        previous = ring[i - 1]
        if keep(current) != keep(previous):
            edge = keep.edge
            t = (edge - previous[0]) / (current[0] - previous[0])
            out.append((edge, previous[1] + t * (current[1] - previous[1])))
        if keep(current):
            out.append(current)
    return out


class _Side:
    def __init__(self, edge: float, below: bool):
        self.edge, self.below = edge, below

    def __call__(self, point: Point) -> bool:
        return point[0] <= self.edge if self.below else point[0] >= self.edge


def pieces(ring: list[Point]) -> list[list[Point]]:
    """The parts of an unwrapped ring inside [-180, 180], each shifted back onto the map."""
    out = []
    for shift in (-360, 0, 360):
        moved = [(lon + shift, lat) for lon, lat in ring]
        part = clip(clip(moved, _Side(180, True)), _Side(-180, False))
        if len(part) >= 3 and abs(area(part)) > 1e-9:
            out.append(part)
    return out


def area(ring: list[Point]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def simplify(ring: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker, iteratively; keeps the first and last point."""
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = ring[first], ring[last]
        length = math.hypot(x1 - x0, y1 - y0)
        worst, at = 0.0, -1
        for i in range(first + 1, last):
            x, y = ring[i]
            d = (abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length if length
                 else math.hypot(x - x0, y - y0))
            if d > worst:
                worst, at = d, i
        if worst > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, kept in zip(ring, keep, strict=True) if kept]


def tidy(ring: list[Point], outer: bool) -> list[list[float]] | None:
    """Simplified, rounded, without repeats or the closing point; outer rings anticlockwise, holes clockwise,
    so a nonzero fill (matplotlib, SVG) leaves the holes open."""
    ring = simplify(ring + ring[:1], TOLERANCE)[:-1]
    rounded: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    while len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if len(rounded) < 3 or area([tuple(p) for p in rounded]) == 0:
        return None
    if (area([tuple(p) for p in rounded]) > 0) != outer:
        rounded.reverse()
    return rounded


def polygons(topology: dict) -> list[list[list[list[float]]]]:
    """[outer ring, *holes] per polygon, each ring a list of [lon, lat], all within ±180°."""
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["land"]["geometries"]:
        parts = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in parts:
            outers = pieces(unwrap(stitch(polygon[0], arcs)))
            holes = [piece for ring in polygon[1:] for piece in pieces(unwrap(stitch(ring, arcs)))]
            for outer in outers:
                shell = tidy(outer, outer=True)
                if shell is None:
                    continue
                west, east = min(p[0] for p in shell), max(p[0] for p in shell)
                inner = [t for hole in holes if west <= hole[0][0] <= east and (t := tidy(hole, outer=False))]
                out.append([shell, *inner])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked world-atlas npm package (has land-110m.json)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    meta = json.loads((args.package / "package.json").read_text())
    notice = (args.package / "LICENSE").read_text().strip()
    topology = json.loads((args.package / "land-110m.json").read_text())
    outline = {
        "source": f"Natural Earth 1:110m land (v4.1.0), via the npm package world-atlas {meta['version']} "
                  "(land-110m.json), https://github.com/topojson/world-atlas",
        "license": "Natural Earth: public domain. world-atlas: ISC licence, notice below.",
        "notice": notice,
        "made_by": "scripts/make_world_outline.py: arcs decoded, rings stitched, cut at the antimeridian, "
                   f"Douglas-Peucker at {TOLERANCE} degrees, rounded to {DECIMALS} decimals",
        "polygons": polygons(topology),
    }
    args.out.write_text(json.dumps(outline, separators=(",", ":")) + "\n")
    points = sum(len(ring) for polygon in outline["polygons"] for ring in polygon)
    print(f"{args.out}: {len(outline['polygons'])} polygons, {points} points, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
