"""Public items that reveal a location: longitude/latitude as a plain scatter, no map tiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..audience import exposure_class
from .style import (
    EXPOSURE_COLORS,
    EXPOSURES,
    MUTED,
    Plotted,
    exposure_handles,
    legend_below,
    quiet_axes,
    remember,
    target_axes,
)


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
    return np.clip(24 + 36 * np.sqrt(np.asarray(n, dtype=float)), 0, 1600)


def _size_key(most: int) -> list[Line2D]:
    counts = [1] + [c for c in (10, 100, 1000) if c <= most]
    if 1 < most < 10:
        counts.append(most)
    return [Line2D([], [], linestyle="none", marker="o", markersize=float(np.sqrt(spot_size(c))),
                   markerfacecolor="none", markeredgecolor=MUTED, label=f"{c:,} item{'s' if c > 1 else ''}")
            for c in counts]


def _degrees(positive: str, negative: str, limit: float) -> FuncFormatter:
    """10°E, 0°, 5°W; nothing past the poles, where the aspect may stretch the view."""
    def text(value: float, _pos: int) -> str:
        if abs(value) > limit + 1e-9:
            return ""
        return "0°" if value == 0 else f"{abs(value):g}°{positive if value > 0 else negative}"

    return FuncFormatter(text)


def plot_location_exposure(data: pd.DataFrame, *, ax: Axes | None = None, legend: bool = True,
                           **kwargs: object) -> Axes:
    """Scatter of public items with coordinates (``location_exposure`` output), area by item count."""
    ax = target_axes(ax)
    if data is None or len(data) == 0:
        remember(ax, "location", pd.DataFrame(columns=["latitude", "longitude", "exposure", "n"]),
                 place_only=0)
        return ax
    table, place_only = location_table(data)
    if table.empty:
        ax.text(0.5, 0.5, f"No item here carries coordinates; {place_only:,} name a place.",
                transform=ax.transAxes, ha="center", va="center", color=MUTED)
        ax.set_axis_off()
        remember(ax, "location", table, place_only=place_only)
        return ax
    sizes = spot_size(table["n"])
    # Largest first so small spots stay on top and visible.
    ax.scatter(table["longitude"], table["latitude"], s=sizes, c=[EXPOSURE_COLORS[c] for c in table["exposure"]],
               alpha=0.75, edgecolors="white", linewidths=0.8, zorder=3, **kwargs)
    lat_lo, lat_hi = float(table["latitude"].min()), float(table["latitude"].max())
    lon_lo, lon_hi = float(table["longitude"].min()), float(table["longitude"].max())
    pad_lat = max((lat_hi - lat_lo) * 0.12, 2.0)
    pad_lon = max((lon_hi - lon_lo) * 0.12, 2.0)
    ax.update_datalim([(lon_lo - pad_lon, lat_lo - pad_lat), (lon_hi + pad_lon, lat_hi + pad_lat)])
    ax.autoscale_view()
    # Equirectangular with the aspect of the middle latitude: shapes look as on a map. The data
    # limits (not the box) stretch to fill the Axes, so no space is wasted on a wide spread.
    middle = np.radians((lat_lo + lat_hi) / 2)
    ax.set_aspect(1 / max(np.cos(middle), 0.2), adjustable="datalim")
    # Whole degrees: finer ticks would promise a precision a redacted chart does not have.
    ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
    ax.xaxis.set_major_formatter(_degrees("E", "W", 180))
    ax.yaxis.set_major_formatter(_degrees("N", "S", 90))
    quiet_axes(ax, "both")
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#cccccc")
    if legend:
        handles = exposure_handles(c for c in EXPOSURES if c in set(table["exposure"]))
        handles += _size_key(int(table["n"].max()))
        if place_only:
            handles.append(Line2D([], [], linestyle="none",
                                  label=f"+{place_only:,} name a place without coordinates"))
        legend_below(ax, handles)
    remember(ax, "location", table, place_only=place_only)
    return ax


def describe_location(record: Plotted) -> str:
    table = record.data
    place_only = record.info.get("place_only", 0)
    tail = f"; {place_only:,} more name a place without coordinates." if place_only else "."
    if table.empty:
        return "Empty chart: no items with coordinates" + tail
    lat, lon = table["latitude"], table["longitude"]

    def deg(value: float, positive: str, negative: str) -> str:
        return f"{abs(value):.0f}°{positive if value >= 0 else negative}"

    return (f"Scatter plot of {int(table['n'].sum()):,} items with coordinates at {len(table):,} spots, "
            "longitude against latitude with no map, circle area by item count; spanning "
            f"{deg(lat.min(), 'N', 'S')} to {deg(lat.max(), 'N', 'S')} and "
            f"{deg(lon.min(), 'E', 'W')} to {deg(lon.max(), 'E', 'W')}" + tail)
