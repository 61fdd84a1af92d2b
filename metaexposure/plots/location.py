"""Public items that reveal a location: points (or hexagons, at scale) on a bundled outline of the world's land.

No map tiles and no network: the land is Natural Earth's 1:110m outline shipped with the package (world.py).
The projection is equirectangular with the aspect of the view's middle latitude, never past the poles or the
antimeridian. The remembered table stays one row per spot and exposure class, drawn as points or binned, so
a published chart's CSV lets a reader check that its coordinates were rounded.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap, to_hex, to_rgb
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import IdentityTransform

from ..audience import exposure_class
from .style import (
    EXPOSURE_LABELS,
    EXPOSURES,
    Plotted,
    legend_below,
    percent,
    remember,
    scheme,
    size,
    target_axes,
)
from .world import land_path

COLUMNS = ["latitude", "longitude", "exposure", "n"]
# Past a few hundred distinct spots the dots (6-8 px each on an 800 px map, most of them in a few cities)
# merge into one blot whose per-dot counts nobody can read: counting per hexagon then tells more.
BIN_ABOVE = 300
# A spot of one item; each tenfold count widens the circle 1.6x (area 2.6x): 1, 10, 100 and 1,000 read as
# four clearly different sizes, and a spot of 10,000 is still a circle, not a blanket over the map.
ONE_ITEM_POINTS = 6.0
PER_DECADE = 1.6
LARGEST_POINTS = 60.0
# Context round the points: a sixth of their spread, at least a few degrees, so a single city still shows
# its coast. Points spanning two thirds of the longitudes get the whole world.
PAD_SHARE, PAD_LON, PAD_LAT = 1 / 6, 8.0, 5.0
WHOLE_WORLD_SPAN = 240.0
WORLD_VIEW_LAT = (-58.0, 84.0)  # the whole-world view leaves Antarctica off, unless points are there
# Nearer a pole the equirectangular stretch (1/cos) would grow without bound; 75.5° is already 4x.
MIN_COS = 0.25


def location_table(data: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Items per distinct spot and exposure class, and how many name a place without coordinates."""
    lat = pd.to_numeric(data["latitude"], errors="coerce")
    lon = pd.to_numeric(data["longitude"], errors="coerce")
    located = lat.notna() & lon.notna()
    place = data["place"].fillna("").astype(str) if "place" in data else pd.Series("", index=data.index)
    place_only = int((~located & (place != "")).sum())
    spots = pd.DataFrame({"latitude": lat[located].round(5), "longitude": lon[located].round(5),
                          "exposure": exposure_class(data.loc[located, "audience"]).astype(object)})
    table = (spots.groupby(["latitude", "longitude", "exposure"]).size().rename("n").reset_index()
             .sort_values(["n", "latitude", "longitude"], ascending=[False, True, True], kind="stable"))
    table["n"] = table["n"].astype(np.int64)
    return table.reset_index(drop=True), place_only


def spot_size(n: pd.Series | np.ndarray | float) -> np.ndarray:
    """Marker area (points^2) for a count: absolute, so one photo is always the same small dot."""
    count = np.maximum(np.asarray(n, dtype=float), 1)
    # Scaled with the type, so the 1200 px card (shown smaller) keeps the dots as legible as its text.
    diameter = ONE_ITEM_POINTS * size().font / 11 * PER_DECADE ** np.log10(count)
    return np.minimum(diameter, LARGEST_POINTS * size().font / 11) ** 2


def _size_key(most: int) -> list[Line2D]:
    counts = [c for c in (1, 10, 100, 1000, 10_000) if c <= most] or [1]
    if most not in counts and most < 10:
        counts.append(most)
    return [Line2D([], [], linestyle="none", marker="o", markersize=float(np.sqrt(spot_size(c)[()])),
                   markerfacecolor="none", markeredgecolor=scheme().ink, markeredgewidth=1.0,
                   label=f"{c:,} item{'s' if c > 1 else ''}")
            for c in counts]


def _class_key(classes: list[str]) -> list[Line2D]:
    # Square markers, not patches: a patch would fill the whole handle box, sized for the biggest circle.
    return [Line2D([], [], linestyle="none", marker="s", markersize=0.8 * size().font, markeredgewidth=0,
                   markerfacecolor=scheme().exposure[c], label=EXPOSURE_LABELS[c]) for c in classes]


def _shifted(low: float, high: float, span: float, bounds: tuple[float, float]) -> tuple[float, float]:
    """[low, high] widened about its middle to ``span`` (at most the bounds), shifted to lie within them."""
    span = min(max(span, high - low), bounds[1] - bounds[0])
    middle = (low + high) / 2
    low = min(max(middle - span / 2, bounds[0]), bounds[1] - span)
    return low, low + span


def _stretch(south: float, north: float) -> float:
    """Equirectangular y:x scale at the middle latitude: a degree of latitude is 1/cos wider than one of lon."""
    return 1 / max(math.cos(math.radians((south + north) / 2)), MIN_COS)


def map_view(table: pd.DataFrame, box_ratio: float) -> tuple[tuple[float, float], tuple[float, float], float]:
    """(west, east), (south, north) and aspect round the points, filling a box of height/width ``box_ratio``
    where the globe allows; never past ±180° or ±90°."""
    lat, lon = table["latitude"].astype(float), table["longitude"].astype(float)
    pad_lon = max((lon.max() - lon.min()) * PAD_SHARE, PAD_LON)
    pad_lat = max((lat.max() - lat.min()) * PAD_SHARE, PAD_LAT)
    west, east = _shifted(lon.min() - pad_lon, lon.max() + pad_lon, 0, (-180, 180))
    south, north = _shifted(lat.min() - pad_lat, lat.max() + pad_lat, 0, (-90, 90))
    band = (-90.0, 90.0)
    if east - west >= WHOLE_WORLD_SPAN:
        west, east = -180.0, 180.0
        south, north = min(south, WORLD_VIEW_LAT[0]), max(north, WORLD_VIEW_LAT[1])
        # A tall box gets blank space rather than the polar bands, which equirectangular smears flat.
        band = (south, north)
    for _ in range(2):  # the aspect follows the middle latitude, which the fit may move: settle it twice
        aspect = _stretch(south, north)
        if (north - south) * aspect / (east - west) < box_ratio:
            south, north = _shifted(south, north, box_ratio * (east - west) / aspect, band)
        else:
            west, east = _shifted(west, east, (north - south) * aspect / box_ratio, (-180, 180))
    return (west, east), (south, north), _stretch(south, north)


def _box_ratio(ax: Axes) -> float:
    """The Axes' height/width once the legend and tick labels below take their share (an estimate: the
    layout is settled at draw time, and ``adjustable="box"`` absorbs the rest)."""
    width, height = ax.get_figure().get_size_inches() * ax.get_position().size
    below = 5 * size().font / 72  # tick labels and two legend rows
    return max(height - below, 0.3 * height) / max(width, 1e-6)


def _degrees(positive: str, negative: str) -> FuncFormatter:
    """10°E, 0°, 5°W."""
    return FuncFormatter(lambda value, _pos: "0°" if value == 0
                         else f"{abs(value):g}°{positive if value > 0 else negative}")


def _frame(ax: Axes, view: tuple[tuple[float, float], tuple[float, float], float]) -> None:
    (west, east), (south, north), aspect = view
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(aspect, adjustable="box")
    # The box keeps its bottom where the layout put it: the legend hangs from the box, and constrained layout
    # reserves the room for it below the box it laid out, so a box shrunk upward left the legend on a footer.
    ax.set_anchor("S")
    ax.set_facecolor(scheme().background)
    # Whole degrees in steps a map reader expects (…, 10, 20, 30, 60; not 50): finer ticks would promise a
    # precision a redacted chart does not have. Labels like "145°E" are wide, so bins follow the Axes' size.
    width, height = ax.get_figure().get_size_inches() * ax.get_position().size * 72
    for axis, length, per_label in ((ax.xaxis, width, 4.5), (ax.yaxis, height, 2.5)):
        bins = max(int(length / (per_label * size().small)), 2)
        axis.set_major_locator(MaxNLocator(nbins=bins, steps=[1, 2, 3, 6, 10], integer=True))
    ax.xaxis.set_major_formatter(_degrees("E", "W"))
    ax.yaxis.set_major_formatter(_degrees("N", "S"))
    # Labels held off the frame by about a one-item dot's radius: a spot at the map's edge is drawn whole.
    ax.tick_params(length=0, pad=0.4 * size().font, labelsize=size().small, labelcolor=scheme().muted)
    # A hairline frame marks where the map stops: without it the sea (the background) has no edge.
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(scheme().grid)
        spine.set_linewidth(0.8)
    ax.grid(False)


def _mix(colour: str, toward: str, share: float) -> str:
    start, end = np.array(to_rgb(colour)), np.array(to_rgb(toward))
    return to_hex(start + (end - start) * share)


def _hexagons(ax: Axes, table: pd.DataFrame, view: tuple, **kwargs: object) -> tuple[int, list]:
    """Items per hexagon, shaded in tenfold steps from near the background to the public colour."""
    (west, east), (south, north), aspect = view
    width_points = ax.get_figure().get_size_inches()[0] * ax.get_position().width * 72
    # Hexagons about half the type's size (8 px on the 800 px article): fine enough to keep cities apart,
    # big enough to see; scaled with the type, as the card is shown smaller than it is drawn.
    across = max(int(width_points / (0.55 * size().font)), 12)
    # Regular hexagons on screen: matplotlib's hexagon is sqrt(3) times as tall as its column spacing.
    down = max(int(across * (north - south) * aspect / (east - west) / math.sqrt(3)), 1)
    cells = ax.hexbin(table["longitude"], table["latitude"], C=table["n"], reduce_C_function=np.sum,
                      gridsize=(across, down), extent=(west, east, south, north), mincnt=1,
                      edgecolors="face", linewidths=0.3, zorder=3, **kwargs)
    most = float(np.nanmax(cells.get_array()))
    decades = max(math.ceil(math.log10(most + 1)), 1)
    bounds = [10.0 ** d for d in range(decades + 1)]
    public = scheme().exposure["public"]
    # The faintest step keeps 40% of the colour: at 30% it sank into the dark theme's land.
    colours = ([_mix(scheme().background, public, 0.4 + 0.6 * d / (decades - 1)) for d in range(decades)]
               if decades > 1 else [public])
    cells.set_cmap(ListedColormap(colours))
    cells.set_norm(BoundaryNorm(bounds, len(colours)))
    labels = [f"{int(low):,}–{int(high) - 1:,}" if high - low > 1 else f"{int(low):,}"
              for low, high in zip(bounds[:-1], bounds[1:], strict=True)]
    handles = [Patch(facecolor=c, edgecolor="none", label=label) for c, label in zip(colours, labels, strict=True)]
    return across, handles


def _spots(ax: Axes, table: pd.DataFrame, **kwargs: object) -> None:
    # The table is largest first, so small spots are drawn last and stay visible on top of big ones.
    ax.scatter(table["longitude"], table["latitude"], s=spot_size(table["n"]),
               c=[scheme().exposure[c] for c in table["exposure"]], alpha=0.8, zorder=3,
               edgecolors=scheme().background, linewidths=0.7 * size().font / 11,
               clip_on=False, **kwargs)  # unclipped: a spot at a pole or at ±180° shows whole, not halved


def _legend(ax: Axes, handles: list, title: str | None = None) -> None:
    """The legend below the map (where legend_below puts it), in as few rows as the figure's width allows,
    read left to right: the size key's 1, 10, 100 run in order rather than down matplotlib's columns."""
    legend_below(ax, handles)
    # legend_below's anchor, already in display units (hence the identity transform below).
    anchor = ax.get_legend().get_bbox_to_anchor()
    font = max(size().small, size().font - 1)
    # Handles as wide and tall as the biggest key circle, which would otherwise spill over its label.
    largest = max([h.get_markersize() for h in handles if isinstance(h, Line2D) and h.get_marker() != "None"],
                  default=0.0)
    length, height = max(1.2, (largest + 2) / font), max(0.7, largest / font)
    measure = TextToPath()
    # Each entry: handle, the 0.8-font pad, its text and the 1.2-font gap to the next (points).
    widths = [(length + 2.0) * font + measure.get_text_width_height_descent(
        h.get_label(), FontProperties(size=font), ismath=False)[0] for h in handles]
    # The legend starts at the map's left edge, about six font sizes in for the latitude labels.
    room = ax.get_figure().get_size_inches()[0] * 72 - 6 * size().font
    columns = next((c for c in range(len(handles), 1, -1)
                    if sum(max(widths[i::c]) for i in range(c)) <= room), 1)
    rows = math.ceil(len(handles) / columns)
    # matplotlib fills a legend column by column: hand it the entries so each row reads in order.
    ordered = [handles[r * columns + c] for c in range(columns) for r in range(rows) if r * columns + c < len(handles)]
    ax.legend(handles=ordered, loc="upper left", bbox_to_anchor=anchor, bbox_transform=IdentityTransform(),
              ncols=columns, frameon=False, handlelength=length, handleheight=height, columnspacing=1.2,
              borderaxespad=0.0, title=title, alignment="left", title_fontproperties={"size": font})


def plot_location_exposure(data: pd.DataFrame, *, ax: Axes | None = None, legend: bool = True,
                           **kwargs: object) -> Axes:
    """Public items with coordinates (``location_exposure`` output) on the world's land: circle area by item
    count, or items per hexagon when there are more than ``BIN_ABOVE`` spots."""
    ax = target_axes(ax)
    if data is None or len(data) == 0:
        remember(ax, "location", pd.DataFrame(columns=COLUMNS), place_only=0)
        return ax
    table, place_only = location_table(data)
    if table.empty:
        ax.text(0.5, 0.5, f"No item here carries coordinates; {place_only:,} name a place.",
                transform=ax.transAxes, ha="center", va="center", color=scheme().muted, fontsize=size().font)
        ax.set_axis_off()
        remember(ax, "location", table, place_only=place_only)
        return ax
    view = map_view(table, _box_ratio(ax))
    ax.add_patch(PathPatch(land_path(), facecolor=scheme().grid, edgecolor="none", zorder=1))
    spots = len(table.drop_duplicates(["latitude", "longitude"]))
    binned = spots > BIN_ABOVE
    if binned:
        gridsize, key = _hexagons(ax, table, view, **kwargs)
    else:
        _spots(ax, table, **kwargs)
        gridsize, key = None, _size_key(int(table["n"].max()))
    _frame(ax, view)
    if legend:
        handles = [] if binned else _class_key([c for c in EXPOSURES if c in set(table["exposure"])])
        # The note on items without coordinates heads the legend: as an entry it widened a whole column.
        title = [f"+{place_only:,} name a place without coordinates"] if place_only else []
        _legend(ax, handles + key, title="\n".join(title + (["Items per hexagon"] if binned else [])) or None)
    remember(ax, "location", table, place_only=place_only, binned=binned, gridsize=gridsize, spots=spots)
    return ax


def _deg(value: float, positive: str, negative: str) -> str:
    # Tenths at most: the description never states a position finer than the chart's axis can show.
    value = round(float(value), 1)
    return "0°" if value == 0 else f"{abs(value):g}°{positive if value > 0 else negative}"


def _where(row: pd.Series) -> str:
    return f"{_deg(row['latitude'], 'N', 'S')} {_deg(row['longitude'], 'E', 'W')}"


def _listing(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def describe_location(record: Plotted) -> str:
    """The long description of a location map: every number in it is a cell, sum, row count or share of the
    remembered table. Items that only name a place are not in that table, so they are mentioned without a count."""
    table = record.data
    if table.empty:
        return "Empty chart: no items with coordinates to map."
    total, rows = int(table["n"].sum()), len(table)
    classes = [c for c in EXPOSURES if c in set(table["exposure"])]
    mixed = len(classes) > 1
    what = "items" if mixed else f"{EXPOSURE_LABELS[classes[0]]} items"
    # With two classes a spot can be two rows; the distinct spots are not in the CSV, the rows are.
    where = (f"as {rows:,} points, one per spot and exposure class "
             f"({_listing([EXPOSURE_LABELS[c] for c in classes])})" if mixed
             else f"at {rows:,} spot{'s' if rows > 1 else ''}")
    if record.info.get("binned"):
        drawn = ("binned into hexagons because there are too many spots to draw one by one; each hexagon is "
                 "shaded by how many items fall in it, in tenfold steps from faint to the public colour"
                 + (", all classes counted together" if mixed else ""))
    else:
        drawn = ("each a circle whose area grows with its item count" if rows > 1 else
                 "drawn as a circle sized by its item count") + (", coloured by exposure class" if mixed else "")
    lat, lon = table["latitude"], table["longitude"]
    text = (f"Map on an outline of the world's land (Natural Earth) showing {total:,} {what} with coordinates "
            f"{where}, {drawn}. ")
    if rows == 1:
        text += f"The spot is at {_where(table.iloc[0])}."
    else:
        text += (f"The points lie between {_deg(lat.min(), 'N', 'S')} and {_deg(lat.max(), 'N', 'S')} and "
                 f"between {_deg(lon.min(), 'E', 'W')} and {_deg(lon.max(), 'E', 'W')}.")
    if rows > 1 and table["n"].max() == 1:
        text += " Each spot holds one item."
    elif rows > 1:
        top = table.sort_values("n", ascending=False, kind="stable").head(3)
        named = [f"{int(row['n']):,}{' ' + EXPOSURE_LABELS[row['exposure']] if mixed else ''} "
                 f"({percent(row['n'] / total)}) near {_where(row)}" for _, row in top.iterrows()]
        text += f" The largest {'spots hold' if len(named) > 1 else 'spot holds'} {_listing(named)}."
    if record.info.get("place_only"):
        text += " More items name a place but carry no coordinates; they are not on the map."
    return text
