"""Public items by year and kind: a heatmap (``by_year`` output)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Patch

from .. import escape
from ..records import KINDS
from .describe import _listing
from .style import (
    EXPOSURE_COLORS,
    EXPOSURE_LABELS,
    EXPOSURES,
    INK,
    Plotted,
    compact,
    legend_below,
    remember,
    target_axes,
)

KIND_LABELS = {kind: kind.replace("_", " ") for kind in KINDS}


def _classes(exposure: str | Iterable[str] | None) -> list[str]:
    if exposure is None:
        return list(EXPOSURES)
    return [exposure] if isinstance(exposure, str) else list(exposure)


def year_kind_table(data: pd.DataFrame, exposure: str | Iterable[str] | None = "public") -> pd.DataFrame:
    """Items of the chosen exposure classes per kind (rows) and year (columns, every year in range)."""
    kinds = [k for k in KINDS if k in set(data["kind"].astype(object))]
    years = range(int(data["year"].min()), int(data["year"].max()) + 1)
    chosen = data[data["exposure"].astype(object).isin(_classes(exposure))]
    table = chosen.pivot_table(index="kind", columns="year", values="n", aggfunc="sum", fill_value=0,
                               observed=True)
    table = table.reindex(index=kinds, columns=list(years), fill_value=0).astype(np.int64)
    table.index.name, table.columns.name = "kind", "year"
    return table


def plot_by_year_kind(data: pd.DataFrame, *, ax: Axes | None = None,
                      exposure: str | Iterable[str] | None = "public", annotate: bool = True,
                      legend: bool = True, **kwargs: Any) -> Axes:
    """Heatmap of items per year (columns) and kind (rows) for the chosen exposure (``by_year`` output).

    ``exposure`` picks the classes counted: ``"public"`` (default), a list, or None for all items.
    """
    ax = target_axes(ax)
    if data is None or len(data) == 0:
        remember(ax, "year_kind", pd.DataFrame(columns=["year", "kind", "n"]), exposure=_classes(exposure))
        return ax
    table = year_kind_table(data, exposure)
    classes = _classes(exposure)
    tint = EXPOSURE_COLORS[classes[0]] if len(classes) == 1 else INK
    cmap = LinearSegmentedColormap.from_list("metaexposure", ["#ffffff", tint])
    values = table.to_numpy(dtype=float)
    peak = float(values.max()) or 1.0
    # A square-root scale keeps the small years visible next to one big one.
    ax.pcolormesh(np.sqrt(values / peak), cmap=cmap, vmin=0, vmax=1, edgecolors="#eeeeee", linewidth=0.8,
                  **kwargs)
    # Horizontal years stay readable; past 20 columns only every other one is labelled.
    step = 1 if table.shape[1] <= 20 else 2
    ax.set_xticks(np.arange(table.shape[1]) + 0.5,
                  [str(y) if (y - table.columns[0]) % step == 0 else "" for y in table.columns])
    ax.set_yticks(np.arange(table.shape[0]) + 0.5, [escape.mpl(KIND_LABELS.get(k, k)) for k in table.index])
    ax.set_ylim(table.shape[0], 0)
    ax.tick_params(length=0)
    if table.shape[1] > 14:
        ax.tick_params(axis="x", labelsize=9)
    for side in ax.spines.values():
        side.set_visible(False)
    if annotate and table.shape[1] <= 30:
        for (row, col), n in np.ndenumerate(values):
            if n:
                dark = np.sqrt(n / peak) > 0.8
                ax.text(col + 0.5, row + 0.5, compact(n), ha="center", va="center", fontsize=8,
                        color="white" if dark else INK)
    if legend:
        what = " or ".join(EXPOSURE_LABELS[c] for c in classes) if exposure is not None else "all"
        legend_below(ax, [Patch(facecolor=tint, label=f"{what} items per year and kind; darker = more")])
    long = table.stack().rename("n").reset_index()[["year", "kind", "n"]]
    remember(ax, "year_kind", long, exposure=classes)
    return ax


def describe_year_kind(record: Plotted) -> str:
    table = record.data
    classes = record.info.get("exposure") or list(EXPOSURES)
    what = _listing([EXPOSURE_LABELS.get(c, c) for c in classes]) + " items"
    if table.empty:
        return f"Empty chart: no {what} by year and kind."
    years = sorted(table["year"].unique())
    kinds = list(dict.fromkeys(str(k).replace("_", " ") for k in table["kind"]))
    text = (f"Heatmap of {what} by year ({years[0]}–{years[-1]}) and kind ({', '.join(kinds)}), "
            f"{int(table['n'].sum()):,} in all")
    if table["n"].max() > 0:
        top = table.loc[table["n"].idxmax()]
        text += f"; most in {top['year']}, {str(top['kind']).replace('_', ' ')} ({int(top['n']):,})"
        busiest = table.groupby("year")["n"].sum()
        text += f"; busiest year {busiest.idxmax()} ({int(busiest.max()):,})"
    return text + "."
