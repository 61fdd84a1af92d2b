"""Public items by year and kind: a heatmap (``by_year`` output)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, to_hex
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, Rectangle
from matplotlib.textpath import TextToPath
from matplotlib.transforms import ScaledTranslation

from .. import escape
from ..palette import contrast, ink_on
from ..records import KINDS
from .describe import _listing
from .style import (
    EXPOSURE_LABELS,
    EXPOSURES,
    Plotted,
    _below_axis_points,
    compact,
    remember,
    scheme,
    size,
    target_axes,
)

KIND_LABELS = {kind: kind.replace("_", " ") for kind in KINDS}
# The faintest tint a count of one gets: on a plain square-root ramp one item next to a thousand is
# indistinguishable from none.
FLOOR = 0.18
UNKNOWN_HATCH = "///"


# Layout helpers the timeline shares: they measure text and fit legends to the size being drawn.
_TEXT = TextToPath()


def text_width(text: str, fontsize: float) -> float:
    """Width in points of the widest line of text: measured from the font, so layout needs no renderer."""
    prop = FontProperties(family=mpl.rcParams["font.family"], size=fontsize)
    return max(_TEXT.get_text_width_height_descent(line, prop, ismath=False)[0] for line in text.split("\n"))


def axes_points(ax: Axes) -> tuple[float, float]:
    """Estimated (width, height) of the Axes in points once laid out.

    Measured before layout, which later shrinks the Axes for its labels, title and legend: the factors
    err towards less room, so labels planned to fit still fit.
    """
    fig, box = ax.get_figure(), ax.get_position()
    return fig.get_figwidth() * 72 * box.width * 0.92, fig.get_figheight() * 72 * box.height * 0.8


def _fitted_columns(handles: list[Artist], room: float, fontsize: float) -> int:
    """The most legend columns (filled column by column, as matplotlib does) that fit in room points."""
    widths = [(1.2 + 0.8 + 1.2) * fontsize + text_width(h.get_label(), fontsize) for h in handles]
    for ncols in range(len(handles), 1, -1):
        rows = -(-len(handles) // ncols)
        if sum(max(widths[i:i + rows]) for i in range(0, len(handles), rows)) <= room:
            return ncols
    return 1


def legends_below(ax: Axes, rows: list[list[Artist]]) -> None:
    """Legends under the x axis, one block per entry in rows, each as wide as the figure allows.

    Like ``style.legend_below`` (which always asks for up to 5 columns, wider than a phone column), but
    the columns are fitted to the width, and a second block (a scale, then its special cases) starts
    below the first. The last block is ``ax.get_legend()``.
    """
    fig = ax.get_figure()
    fontsize = FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points()
    # The legend starts at the Axes' left edge and may reach to the figure's right edge.
    room = fig.get_figwidth() * 72 * (1 - ax.get_position().x0) * 0.95
    below = _below_axis_points(ax) + 4
    rows = [row for row in rows if row]
    for index, handles in enumerate(rows):
        ncols = _fitted_columns(handles, room, fontsize)
        anchor = ax.transAxes + ScaledTranslation(0, -below / 72, fig.dpi_scale_trans)
        legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, 0.0), bbox_transform=anchor,
                           ncols=ncols, frameon=False, handlelength=1.2, handletextpad=0.8, columnspacing=1.2,
                           borderaxespad=0.0, borderpad=0.0, labelspacing=0.4, fontsize=fontsize)
        lines = -(-len(handles) // ncols)
        below += lines * fontsize * 1.25 + (lines - 1) * 0.4 * fontsize + 0.6 * fontsize
        if index < len(rows) - 1:
            ax.add_artist(legend)


def _classes(exposure: str | Iterable[str] | None) -> list[str]:
    if exposure is None:
        return list(EXPOSURES)
    return [exposure] if isinstance(exposure, str) else list(exposure)


def _noun(classes: list[str]) -> str:
    """public items, public or not public items; items for all classes."""
    if set(classes) >= set(EXPOSURES):
        return "items"
    return " or ".join(EXPOSURE_LABELS.get(c, c) for c in classes) + " items"


def count_column(classes: list[str]) -> str:
    """The table's column of drawn counts: the class's name for one class, else ``n``."""
    return classes[0] if len(classes) == 1 else "n"


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


def year_kind_cells(data: pd.DataFrame, exposure: str | Iterable[str] | None = "public") -> pd.DataFrame:
    """One row per year and kind: the drawn count and, unless unknown is drawn, the items of unknown audience.

    The unknown count is what tells a cell with no public items apart from one whose audience the export
    does not give: the heatmap draws the two differently, and its CSV keeps both.
    """
    classes = _classes(exposure)
    frames = {count_column(classes): year_kind_table(data, classes)}
    if "unknown" not in classes:
        frames["unknown"] = year_kind_table(data, "unknown")
    # Kind by kind, as the rows of the heatmap read.
    long = pd.DataFrame({name: table.stack() for name, table in frames.items()}).reset_index()
    return long[["year", "kind", *frames]]


def scale_values(peak: int) -> list[int]:
    """Three or four counts to show the square-root scale with: 1, the peak, and round numbers between."""
    if peak <= 4:
        return list(range(1, peak + 1))
    values = [1]
    for share in (1 / 9, 4 / 9):  # a third and two thirds of the way along the square-root ramp
        raw = peak * share
        nice = min((m * 10 ** e for e in range(len(str(int(raw))) + 1) for m in (1, 2, 5)),
                   key=lambda v: abs(v - raw))
        if values[-1] < nice < peak:
            values.append(int(nice))
    return [*values, int(peak)]


def _ink(background: str) -> str:
    """The theme's ink or its background, whichever reads better on a cell of this colour.

    Where neither reaches 4.5:1 (the theme's near-black on the full public orange falls just short),
    black or white, which always do.
    """
    colours = scheme()
    best = max((colours.ink, colours.background), key=lambda c: contrast(c, background))
    return best if contrast(best, background) >= 4.5 else ink_on(background)


def _year_step(years: list[int], cell: float, fontsize: float) -> int:
    """Label every year, or every 2nd, 5th or 10th, so the labels keep a gap between them."""
    need = text_width("2000", fontsize) + fontsize * 0.6
    return next((step for step in (1, 2, 5, 10) if cell * step >= need), 20)


def plot_by_year_kind(data: pd.DataFrame, *, ax: Axes | None = None,
                      exposure: str | Iterable[str] | None = "public", annotate: bool = True,
                      legend: bool = True, **kwargs: Any) -> Axes:
    """Heatmap of items per year (columns) and kind (rows) for the chosen exposure (``by_year`` output).

    ``exposure`` picks the classes counted: ``"public"`` (default), a list, or None for all items.
    A cell with none of them but some items of unknown audience is hatched and marked "?"; a cell with
    neither stays blank.
    """
    ax = target_axes(ax)
    classes = _classes(exposure)
    column = count_column(classes)
    if data is None or len(data) == 0:
        empty = [column] + (["unknown"] if "unknown" not in classes else [])
        remember(ax, "year_kind", pd.DataFrame(columns=["year", "kind", *empty]), exposure=classes, count=column)
        return ax
    colours, at = scheme(), size()
    counts = year_kind_table(data, classes)
    unknown = (year_kind_table(data, "unknown") if "unknown" not in classes
               else pd.DataFrame(0, index=counts.index, columns=counts.columns))
    values, maybe = counts.to_numpy(dtype=float), unknown.to_numpy(dtype=float)
    tint = colours.exposure[classes[0]] if len(classes) == 1 else colours.ink
    ramp = LinearSegmentedColormap.from_list("metaexposure", [colours.background, tint]).with_extremes(
        bad=(0, 0, 0, 0))
    peak = float(values.max()) or 1.0

    def level(n: float) -> float:
        # A square-root scale keeps the small years visible next to one big one.
        return FLOOR + (1 - FLOOR) * np.sqrt(n / peak)

    shade = np.ma.masked_where(values <= 0, level(np.maximum(values, 0)))
    # Cell gaps in the background colour: a light grid would glow on a dark page.
    ax.pcolormesh(shade, cmap=ramp, vmin=0, vmax=1, edgecolors=colours.background, linewidth=1.0, **kwargs)
    rows, cols = values.shape
    width, height = axes_points(ax)
    cell_w, cell_h = width / cols, height / max(rows, 1)
    unsure = (values <= 0) & (maybe > 0)
    for row, col in zip(*np.nonzero(unsure), strict=True):
        ax.add_patch(Rectangle((col + 0.04, row + 0.06), 0.92, 0.88, facecolor=colours.background,
                               edgecolor=colours.exposure["unknown"], hatchcolor=colours.exposure["unknown"],
                               hatch=UNKNOWN_HATCH, hatch_linewidth=0.6, linewidth=0.6))
    small = at.small
    years = [int(y) for y in counts.columns]
    step = _year_step(years, cell_w, max(small, at.font - 1))
    ax.set_xticks(np.arange(cols) + 0.5, [str(y) if y % step == 0 or step == 1 else "" for y in years])
    ax.set_yticks(np.arange(rows) + 0.5, [escape.mpl(KIND_LABELS.get(k, k)) for k in counts.index])
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    if annotate:
        for (row, col), n in np.ndenumerate(values):
            label = compact(n) if n > 0 else ("?" if unsure[row, col] else "")
            # A count wider than its cell is left to the CSV and the description rather than overprinted.
            if not label or text_width(label, small) > cell_w * 0.9 or small * 1.1 > cell_h:
                continue
            under = to_hex(ramp(level(n))) if n > 0 else colours.background
            ax.text(col + 0.5, row + 0.5, label, ha="center", va="center", fontsize=small, color=_ink(under),
                    fontweight="bold" if n <= 0 else "normal",
                    bbox=None if n > 0 else {"boxstyle": "square,pad=0.05", "facecolor": colours.background,
                                             "edgecolor": "none"})
    if legend:
        noun = _noun(classes)
        marks = scale_values(int(peak))
        scale = [Patch(facecolor=ramp(level(v)), label=f"{v:,}") for v in marks]
        scale[-1].set_label(f"{marks[-1]:,} {noun}")
        extra = []
        if unsure.any():
            extra.append(Patch(facecolor=colours.background, edgecolor=colours.exposure["unknown"],
                               hatchcolor=colours.exposure["unknown"], hatch=UNKNOWN_HATCH, hatch_linewidth=0.6,
                               linewidth=0.6,
                               label=f"? no {noun}, some of unknown audience"))
        if ((values <= 0) & ~unsure).any():
            extra.append(Patch(facecolor=colours.background, edgecolor=colours.grid, linewidth=0.8,
                               label=f"blank: no {noun}" + (" or unknown" if unsure.any() else "")))
        legends_below(ax, [scale, extra])
    cells = year_kind_cells(data, classes)
    remember(ax, "year_kind", cells, exposure=classes, count=column)
    return ax


def describe_year_kind(record: Plotted) -> str:
    """The whole grid in words, a kind (row) at a time; every number in it is a cell or a column total."""
    table = record.data
    classes = record.info.get("exposure") or list(EXPOSURES)
    column = record.info.get("count") or count_column(classes)
    what = _listing([EXPOSURE_LABELS.get(c, c) for c in classes]) + " items"
    noun = _noun(classes)
    if table.empty:
        return f"Empty chart: no {what} by year and kind."
    years = sorted(int(y) for y in table["year"].unique())
    kinds = list(dict.fromkeys(str(k) for k in table["kind"]))
    has_unknown = "unknown" in table.columns and column != "unknown"
    text = (f"Heatmap of {what} by year ({years[0]}–{years[-1]}) and kind "
            f"({', '.join(KIND_LABELS.get(k, k) for k in kinds)}), {int(table[column].sum()):,} in all"
            + (f"; {int(table['unknown'].sum()):,} more items are of unknown audience" if has_unknown else "")
            + ". Darker cells hold more, on a square-root scale.")
    for kind in kinds:
        rows = table[table["kind"].astype(str) == kind]
        shown = rows[rows[column] > 0]
        part = f" {KIND_LABELS.get(kind, kind).capitalize()}: "
        part += (f"{noun} in " + ", ".join(f"{int(r.year)} ({int(getattr(r, column)):,})" for r in shown.itertuples())
                 if len(shown) else f"no {what}")
        if has_unknown:
            unsure = rows[(rows[column] <= 0) & (rows["unknown"] > 0)]
            if len(unsure):
                part += ((f"; no {noun} but some of unknown audience (marked ?) in " if len(shown) else
                          "; some of unknown audience (marked ?) in ") + ", ".join(
                    f"{int(r.year)} ({int(r.unknown):,} unknown)" for r in unsure.itertuples()))
        text += part + "."
    text += f" Every other year and kind is blank: no {noun}" + (" and none of unknown audience." if has_unknown
                                                                 else ".")
    if table[column].max() > 0:
        top = table.loc[table[column].idxmax()]
        text += (f" The darkest cell: {KIND_LABELS.get(str(top['kind']), top['kind'])} in {int(top['year'])}, "
                 f"{int(top[column]):,}.")
    return text
