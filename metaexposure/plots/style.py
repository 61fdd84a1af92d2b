"""Colours, labels, the opt-in theme, and the record of what each plot drew."""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import ScaledTranslation

from ..audience import EXPOSURES
from ..palette import EXPOSURE_COLORS  # one palette for charts and the Explorer: why each colour is there

__all__ = ["EXPOSURES", "EXPOSURE_COLORS", "EXPOSURE_LABELS", "Plotted", "plotted", "theme"]

EXPOSURE_LABELS = {"public": "public", "unknown": "unknown", "not_public": "not public"}
AUDIENCE_LABELS = {
    "public": "public", "friends_of_friends": "friends of friends", "friends": "friends",
    "followers": "followers", "custom": "custom", "only_me": "only me", "unknown": "unknown",
}
BASIS_LABELS = {
    "rule:current-profile-photo": "current profile/cover photo",
    "rule:past-profile-photo": "past profile/cover photo",
    "ig:account-public": "Instagram account public",
    "ig:account-private": "Instagram account private",
    "ig:profile-photo": "Instagram profile photo",
    "rule:page-is-public": "written on a Page",
    "rule:story-highlight": "story in a highlight",
    "threads:profile-public": "Threads profile public",
    "threads:profile-private": "Threads profile private",
    "label:item": "your label",
    "label:album": "your album label",
    "label:group": "your group label",
    "status:archived-or-deleted": "archived or deleted",
    "status:pending": "awaiting a group's approval",
    "whatif:default-audience": "default audience (what-if)",
    "none": "no information",
}
INK = "#222222"
MUTED = "#555555"

# Sized for a page column of 800 px at 100 dpi: text stays readable without zooming.
THEME = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "legend.frameon": False,
    "legend.fontsize": 10,
    "svg.fonttype": "path",
}


# Album names and captions (unredacted charts) may be CJK or emoji, which DejaVu Sans lacks: fall back
# to such fonts where the machine has them. Colour emoji fonts are left out: Agg cannot draw them.
_FALLBACK_FONTS = ("Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans JP", "Hiragino Sans", "Yu Gothic",
                   "Microsoft YaHei", "Noto Emoji", "Symbola")


def font_families() -> list[str]:
    """DejaVu Sans, then the fallback fonts this machine has."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in _FALLBACK_FONTS if name in installed)]


@contextmanager
def theme(**overrides: Any) -> Iterator[None]:
    """Opt-in rcParams for blog-ready charts; everything is restored on exit."""
    with mpl.rc_context({**THEME, "font.family": font_families(), **overrides}):
        try:
            yield
        finally:
            # A kernel's first figure switches pyplot to interactive inside the context; undoing
            # that on exit left every later figure of the notebook undrawn.
            interactive = mpl.is_interactive()
    mpl.interactive(interactive)


@dataclass
class Plotted:
    """What a plot function drew: its kind, the plotted numbers, and facts for alt text."""

    kind: str
    data: pd.DataFrame
    info: dict[str, Any] = field(default_factory=dict)


# Keyed weakly so closing a figure frees its record; publish reads it to write the CSV and alt text.
_PLOTTED: weakref.WeakKeyDictionary[Axes, Plotted] = weakref.WeakKeyDictionary()


def remember(ax: Axes, kind: str, data: pd.DataFrame, **info: Any) -> None:
    _PLOTTED[ax] = Plotted(kind, data.reset_index(drop=True), info)


def plotted(ax: Axes) -> Plotted | None:
    """The record of what a metaexposure plot function drew on ax, or None."""
    return _PLOTTED.get(ax)


def target_axes(ax: Axes | None) -> Axes:
    return plt.gca() if ax is None else ax


def thousands(ax: Axes, axis: str = "y") -> None:
    formatter = FuncFormatter(lambda value, _pos: f"{value:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def compact(n: float) -> str:
    """12, 1,234, 12k, 1.2M: short enough for a heatmap cell."""
    n = float(n)
    if n < 10_000:
        return f"{n:,.0f}"
    if n < 1_000_000:
        return f"{n / 1000:.0f}k"
    return f"{n / 1_000_000:.1f}M"


def percent(share: float) -> str:
    """45%; <1% and >99% where rounding would claim none or all."""
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 <= share < 1:
        return ">99%"
    return f"{share:.0%}"


def quiet_axes(ax: Axes, grid_axis: str = "y") -> None:
    """Light grid behind the data and no box: the data carries the ink."""
    ax.set_axisbelow(True)
    ax.grid(True, axis=grid_axis, color="#dddddd", linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _below_axis_points(ax: Axes) -> float:
    """How far the x tick labels and x label reach below the Axes, in points."""
    ticks = ax.xaxis.get_major_ticks()
    reach = float(mpl.rcParams["xtick.major.size"])
    if ticks and ticks[0].label1.get_visible():
        reach += ticks[0].get_pad() + ticks[0].label1.get_fontsize() * 1.25
    if ax.get_xlabel():
        reach += ax.xaxis.labelpad + ax.xaxis.label.get_fontsize() * 1.25
    return reach


def legend_below(ax: Axes, handles: list[Artist]) -> None:
    """The legend under the x axis: it never covers data, nor a title the caller sets later."""
    # Offset in points from the Axes' bottom edge, so it holds whatever size the Axes ends up.
    anchor = ax.transAxes + ScaledTranslation(0, -(_below_axis_points(ax) + 4) / 72,
                                              ax.get_figure().dpi_scale_trans)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, 0.0), bbox_transform=anchor,
              ncols=min(len(handles), 5), frameon=False, handlelength=1.2, columnspacing=1.2,
              borderaxespad=0.0)


def exposure_handles(classes: Iterable[str]) -> list[Artist]:
    return [Patch(facecolor=EXPOSURE_COLORS[c], label=EXPOSURE_LABELS[c]) for c in classes]
