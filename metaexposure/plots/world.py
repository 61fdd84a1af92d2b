"""The world's land as polygons in longitude/latitude, bundled with the package: a map needs no network.

The outline is Natural Earth's 1:110m land (public domain, https://www.naturalearthdata.com), taken from the
npm package world-atlas 2.0.2 (land-110m.json) by scripts/make_world_outline.py, which cuts rings at the
antimeridian (every ring lies within ±180°, so nothing streaks across the map), simplifies and rounds to 0.01°.
world-atlas is under the ISC licence; its notice, also kept in the JSON's "notice" key:

    Copyright 2013-2019 Michael Bostock

    Permission to use, copy, modify, and/or distribute this software for any purpose
    with or without fee is hereby granted, provided that the above copyright notice
    and this permission notice appear in all copies.

    THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH
    REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND
    FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT,
    INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS
    OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER
    TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF
    THIS SOFTWARE.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np
from matplotlib.path import Path

OUTLINE = "world_land_110m.json"


@lru_cache(maxsize=1)
def outline() -> dict:
    """The bundled outline file: ``source``, ``license``, ``notice`` and ``polygons``."""
    # Read on first use, not at import: most sessions never draw the map.
    return json.loads(resources.files(__package__).joinpath(OUTLINE).read_text(encoding="utf-8"))


def land_polygons() -> list[list[np.ndarray]]:
    """[outer ring, *holes] per land polygon; each ring an (n, 2) array of lon, lat, not repeating its start."""
    return [[np.asarray(ring, dtype=float) for ring in polygon] for polygon in outline()["polygons"]]


@lru_cache(maxsize=1)
def land_path() -> Path:
    """All land as one compound path: outer rings anticlockwise and holes clockwise, so a fill leaves the holes."""
    vertices, codes = [], []
    for polygon in land_polygons():
        for ring in polygon:
            vertices += [ring, ring[:1]]
            codes += [Path.MOVETO, *[Path.LINETO] * (len(ring) - 1), Path.CLOSEPOLY]
    # Read-only: the cached path is shared by every map drawn in the session.
    return Path(np.concatenate(vertices), np.asarray(codes, dtype=Path.code_type), readonly=True)


def on_land(longitude: float, latitude: float) -> bool:
    """Whether a point lies on land at this outline's (coarse) scale."""
    return any(Path(polygon[0]).contains_point((longitude, latitude))
               and not any(Path(hole).contains_point((longitude, latitude)) for hole in polygon[1:])
               for polygon in land_polygons())
