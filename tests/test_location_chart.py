"""The location map: a bundled land outline, limits on the globe, a readable size key, hexagons at scale, themes,
and a long description whose every number is in the chart's CSV."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import json  # noqa: E402
import re  # noqa: E402
from importlib import resources  # noqa: E402
from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection, PolyCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import PathPatch  # noqa: E402

from metaexposure import plots  # noqa: E402
from metaexposure.plots import location, world  # noqa: E402
from metaexposure.plots.style import DARK, LIGHT  # noqa: E402
from tests.chart_numbers import unexplained_numbers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def spots(lat, lon, n=1, audience="public", place="") -> pd.DataFrame:
    """location_exposure shape: one public item row per count at each spot."""
    lat, lon = np.broadcast_arrays(np.asarray(lat, float), np.asarray(lon, float))
    counts = np.broadcast_to(np.asarray(n), lat.shape)
    rows = len(lat)
    frame = pd.DataFrame({"latitude": lat, "longitude": lon, "audience": [audience] * rows, "place": [place] * rows})
    return frame.loc[frame.index.repeat(counts)].reset_index(drop=True)


def cities(total: int = 30_000, seed: int = 3) -> pd.DataFrame:
    """Many items: a few cities with scatter round them, and noise."""
    rng = np.random.default_rng(seed)
    centres = np.array([(47.37, 8.54), (40.71, -74.0), (35.68, 139.7), (-33.87, 151.2)])
    which = rng.integers(0, len(centres), total - 2000)
    lat = np.r_[centres[which, 0] + rng.normal(0, 0.3, len(which)), rng.uniform(-50, 70, 2000)]
    lon = np.r_[centres[which, 1] + rng.normal(0, 0.4, len(which)), rng.uniform(-170, 170, 2000)]
    return spots(lat.round(4), lon.round(4))


def drawn(data: pd.DataFrame, *, dark: bool = False, size: str = "article") -> tuple[Figure, plt.Axes]:
    with plots.theme(dark=dark, size=size):
        fig = Figure(figsize=(plots.style.SIZES[size].width, plots.style.SIZES[size].height or 4.5))
        ax = fig.add_subplot()
        location.plot_location_exposure(data, ax=ax)
        fig.draw_without_rendering()
    return fig, ax


# ------------------------------------------------------------------------------------------- the outline


def test_outline_is_package_data_read_without_network():
    data = resources.files("metaexposure.plots").joinpath(world.OUTLINE)
    assert data.is_file()
    outline = json.loads(data.read_text(encoding="utf-8"))
    assert "Natural Earth" in outline["source"] and "world-atlas" in outline["source"]
    assert "public domain" in outline["license"] and "ISC" in outline["license"]
    assert "Michael Bostock" in outline["notice"]
    assert (ROOT / "metaexposure" / "plots" / world.OUTLINE).stat().st_size < 300_000
    # Declared as package data, so a wheel carries it (an editable install would find it either way).
    tomllib = pytest.importorskip("tomllib")
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert world.OUTLINE in declared["metaexposure.plots"]


def test_outline_has_the_continents_and_not_the_oceans():
    for lon, lat in [(20, 5), (134, -25), (-100, 45), (-60, -10), (90, 60), (-45, 75), (0, -85)]:
        assert world.on_land(lon, lat), (lon, lat)
    for lon, lat in [(-150, 0), (-30, 30), (80, -20), (170, -40), (50, 42)]:  # the last: the Caspian, a hole
        assert not world.on_land(lon, lat), (lon, lat)


def test_outline_rings_stay_within_the_globe_so_nothing_streaks_across():
    rings = [ring for polygon in world.land_polygons() for ring in polygon]
    assert len(rings) > 100
    for ring in rings:
        assert np.all(np.abs(ring[:, 0]) <= 180) and np.all(np.abs(ring[:, 1]) <= 90)
        # A step of more than half the map is a line drawn across it: only Antarctica's closing edge, along
        # the pole (the map's bottom edge), may go from one side to the other.
        closed = np.r_[ring, ring[:1]]
        wide = np.abs(np.diff(closed[:, 0])) >= 180
        assert np.all(closed[:-1][wide, 1] == -90) and np.all(closed[1:][wide, 1] == -90)
    # Chukotka, east of the antimeridian, and Fiji on both sides of it, are land.
    assert world.on_land(-175, 66) and world.on_land(178.5, -17.8)


# --------------------------------------------------------------------------------------------- the view


@pytest.mark.parametrize("size", ["article", "card", "narrow"])
@pytest.mark.parametrize(("lat", "lon"), [([89.9, 88.0, 89.5], [10, -40, 120]), ([65.0, 64.5], [179.9, 179.5]),
                                          ([-16.5, -17.0, 66.0], [-179.9, 179.9, -179.8]),
                                          ([-89.5], [-179.99]), ([0.0, 1.0], [-179.0, 179.0])])
def test_limits_never_pass_the_poles_or_the_antimeridian(size, lat, lon):
    fig, ax = drawn(spots(lat, lon), size=size)
    west, east = ax.get_xlim()
    south, north = ax.get_ylim()
    assert -180 <= west < east <= 180 and -90 <= south < north <= 90
    assert west <= min(lon) and max(lon) <= east and south <= min(lat) and max(lat) <= north
    assert ax.get_aspect() == pytest.approx(location._stretch(south, north))


def test_a_spread_over_most_of_the_world_shows_the_whole_world():
    fig, ax = drawn(spots([51.5, 35.7, -33.9, 40.7], [-0.1, 139.7, 151.2, -74.0]))
    assert ax.get_xlim() == (-180, 180)


def test_one_city_shows_its_surroundings():
    fig, ax = drawn(spots([47.37], [8.54], n=3))
    west, east = ax.get_xlim()
    assert east - west >= 2 * location.PAD_LON


# -------------------------------------------------------------------------------------------- the marks


def test_key_circles_differ_clearly_per_decade():
    key = location._size_key(5000)
    assert [h.get_label() for h in key] == ["1 item", "10 items", "100 items", "1,000 items"]
    diameters = [h.get_markersize() for h in key]
    assert all(later >= 1.5 * earlier for earlier, later in zip(diameters[:-1], diameters[1:], strict=True))
    assert all(h.get_markerfacecolor() == "none" for h in key)
    # The key draws the same sizes as the map.
    assert diameters[2] ** 2 == pytest.approx(float(location.spot_size(100)[()]))


def test_few_spots_are_circles_and_many_are_hexagons():
    fig, ax = drawn(spots([47.37, 52.5], [8.54, 13.4], n=[3, 1]))
    assert [type(c) for c in ax.collections] == [PathCollection]
    assert not plots.plotted(ax).info["binned"]
    data = cities()
    fig, ax = drawn(data)
    record = plots.plotted(ax)
    assert [type(c) for c in ax.collections] == [PolyCollection]
    assert record.info["binned"] and record.info["gridsize"] > 20
    assert ax.collections[0].get_array().sum() == len(data)
    # The CSV stays one row per spot, so a published chart's rounding can still be checked.
    assert list(record.data.columns) == ["latitude", "longitude", "exposure", "n"]
    assert record.data["n"].sum() == len(data) and len(record.data) == record.info["spots"]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[:2] == ["1–9", "10–99"] and "hexagon" in ax.get_legend().get_title().get_text()


def test_the_binning_threshold_counts_distinct_spots_not_items():
    fig, ax = drawn(spots(np.zeros(location.BIN_ABOVE), np.linspace(-100, 100, location.BIN_ABOVE), n=50))
    assert not plots.plotted(ax).info["binned"]


def test_land_is_drawn_under_the_points():
    fig, ax = drawn(spots([47.37], [8.54]))
    land = [p for p in ax.patches if isinstance(p, PathPatch)]
    assert len(land) == 1 and land[0].get_zorder() < ax.collections[0].get_zorder()
    assert land[0].get_edgecolor()[3] == 0  # filled, no border


@pytest.mark.parametrize("many", [False, True])
def test_dark_theme_uses_no_light_colours(many):
    data = cities() if many else spots([47.37, 52.5], [8.54, 13.4], n=[3, 1])
    fig_light, ax_light = drawn(data)
    fig_dark, ax_dark = drawn(data, dark=True)
    land = {dark: to_hex(next(p for p in ax.patches if isinstance(p, PathPatch)).get_facecolor())
            for dark, ax in ((False, ax_light), (True, ax_dark))}
    assert land == {False: LIGHT.grid, True: DARK.grid}
    assert to_hex(ax_dark.get_facecolor()) == DARK.background
    dark_faces = {to_hex(c) for c in ax_dark.collections[0].get_facecolors()} if not many else set()
    assert dark_faces <= {DARK.exposure["public"].lower()}
    if many:
        colours = {to_hex(c) for c in ax_dark.collections[0].cmap.colors}
        assert not colours & {c.lower() for c in (LIGHT.exposure["public"], LIGHT.background, LIGHT.grid)}
    else:
        edges = {to_hex(c) for c in ax_dark.collections[0].get_edgecolors()}
        assert edges == {DARK.background}  # the halo reads against the dark sea
    assert {to_hex(t.get_color()) for t in ax_dark.get_legend().get_texts()} <= {DARK.ink}


def test_no_fixed_colours_or_type_sizes_in_the_module():
    source = Path(location.__file__).read_text()
    assert not re.search(r"[\"']#[0-9a-fA-F]{3,8}[\"']", source)
    assert not re.search(r"(fontsize|size|markersize)=\d+(\.\d+)?[,)]", source)


# -------------------------------------------------------------------------------------- the description


@pytest.mark.parametrize("data", [
    spots([47.37, 52.5, -33.9], [8.54, 13.4, 151.2], n=[7, 2, 1]),
    spots([47.37], [8.54], n=3),
    pd.concat([spots([47.37, 52.5], [8.54, 13.4], n=[2, 1]), spots([np.nan], [np.nan], place="Cafe")]),
    pd.concat([spots([47.5, 52.5], [8.5, 13.5], n=[4, 1]), spots([47.5], [8.5], n=2, audience="unknown")]),
    cities(5000),
], ids=["three", "one", "place-only", "two-classes", "binned"])
def test_description_numbers_all_come_from_the_csv(data):
    fig, ax = drawn(data)
    record = plots.plotted(ax)
    text = plots.describe(record)
    assert unexplained_numbers(text, record.data.to_csv(index=False)) == [], text
    assert "outline of the world's land" in text and "…" not in text
    assert f"{int(record.data['n'].sum()):,}" in text
    assert ("hexagons" in text) == record.info["binned"]
    if record.info["place_only"]:
        assert "name a place but carry no coordinates" in text


def test_description_of_an_empty_map():
    fig, ax = drawn(spots([], []))
    assert plots.describe(plots.plotted(ax)).startswith("Empty chart")
