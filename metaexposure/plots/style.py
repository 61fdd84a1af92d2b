"""Colours, labels, the opt-in theme, and the record of what each plot drew."""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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

# One palette for charts and the Explorer: palette.py says why each colour is there.
from ..palette import EXPOSURE_COLORS, EXPOSURE_COLORS_DARK

__all__ = ["EXPOSURES", "EXPOSURE_COLORS", "EXPOSURE_LABELS", "SIZES", "Plotted", "Scheme", "Size", "plotted",
           "scheme", "size", "theme"]

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


@dataclass(frozen=True)
class Scheme:
    """The colours of one theme: text, quiet ink, grid, background, and the exposure classes."""

    name: str
    ink: str
    muted: str
    grid: str
    background: str
    exposure: dict[str, str]


# Light is drawn on white; dark on a near-black most dark blog themes sit close to, with the palette's dark
# variant (each exposure colour and the text at least 4.5:1 against it: tests/test_plots_theme.py).
LIGHT = Scheme("light", ink=INK, muted=MUTED, grid="#dddddd", background="#ffffff", exposure=EXPOSURE_COLORS)
DARK = Scheme("dark", ink="#e8e8e8", muted="#b4b4b4", grid="#3d3f45", background="#17181c",
              exposure=EXPOSURE_COLORS_DARK)
SCHEMES = {"light": LIGHT, "dark": DARK}


@dataclass(frozen=True)
class Size:
    """One place a chart is shown: width (and fixed height) in inches at 100 dpi, and its type sizes in points.

    At 100 dpi a point is 100/72 px, so ``small`` = 8 pt keeps the smallest text at 11 px at display size.
    """

    name: str
    width: float
    height: float | None  # None: the chart's own height for its content
    font: float
    small: float
    title: float


SIZES = {
    "article": Size("article", 8.0, None, font=11, small=9, title=14),     # an 800 px article column
    "card": Size("card", 12.0, 6.3, font=17, small=14, title=24),          # a 1200x630 px social card
    "narrow": Size("narrow", 4.0, None, font=9, small=8, title=11),        # a 400 px phone column
}
_SCHEME: ContextVar[Scheme] = ContextVar("metaexposure_scheme", default=LIGHT)
_SIZE: ContextVar[Size] = ContextVar("metaexposure_size", default=SIZES["article"])


def scheme() -> Scheme:
    """The colours of the theme being drawn (light outside ``theme(dark=True)``)."""
    return _SCHEME.get()


def size() -> Size:
    """The size being drawn (article outside ``theme(size=...)``)."""
    return _SIZE.get()


def _rc(chosen: Scheme, at: Size) -> dict[str, Any]:
    """rcParams for a scheme and size: sized for its column at 100 dpi, so text stays readable unzoomed."""
    return {
        "figure.figsize": (at.width, at.height or at.width * 0.5625),
        "figure.dpi": 100,
        "figure.constrained_layout.use": True,
        "figure.facecolor": chosen.background,
        "axes.facecolor": chosen.background,
        "savefig.facecolor": chosen.background,
        "font.size": at.font,
        "axes.titlesize": at.title,
        "axes.titlelocation": "left",
        "axes.labelsize": at.font,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": chosen.muted,
        "axes.labelcolor": chosen.ink,
        "text.color": chosen.ink,
        "xtick.labelsize": max(at.small, at.font - 1),
        "ytick.labelsize": max(at.small, at.font - 1),
        "xtick.color": chosen.muted,
        "ytick.color": chosen.muted,
        "legend.frameon": False,
        "legend.fontsize": max(at.small, at.font - 1),
        "hatch.color": chosen.muted,
        "svg.fonttype": "path",
    }


THEME = _rc(LIGHT, SIZES["article"])


# Album names and captions (unredacted charts) may be CJK or emoji, which DejaVu Sans lacks: fall back
# to such fonts where the machine has them. Colour emoji fonts are left out: Agg cannot draw them.
_FALLBACK_FONTS = ("Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans JP", "Hiragino Sans", "Yu Gothic",
                   "Microsoft YaHei", "Noto Emoji", "Symbola")


def font_families() -> list[str]:
    """DejaVu Sans, then the fallback fonts this machine has."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in _FALLBACK_FONTS if name in installed)]


@contextmanager
def theme(*, dark: bool = False, size: str = "article", **overrides: Any) -> Iterator[None]:
    """Opt-in rcParams for blog-ready charts, light or dark, for one of ``SIZES``; all restored on exit."""
    if size not in SIZES:
        raise ValueError(f"size {size!r}: choose one of {', '.join(SIZES)}")
    chosen, at = (DARK if dark else LIGHT), SIZES[size]
    scheme_token, size_token = _SCHEME.set(chosen), _SIZE.set(at)
    try:
        with mpl.rc_context({**_rc(chosen, at), "font.family": font_families(), **overrides}):
            try:
                yield
            finally:
                # A kernel's first figure switches pyplot to interactive inside the context; undoing
                # that on exit left every later figure of the notebook undrawn.
                interactive = mpl.is_interactive()
        mpl.interactive(interactive)
    finally:
        _SCHEME.reset(scheme_token)
        _SIZE.reset(size_token)


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
    ax.grid(True, axis=grid_axis, color=scheme().grid, linewidth=0.8)
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
              ncols=min(len(handles), 5 if size().width >= 8 else 2), frameon=False, handlelength=1.2,
              columnspacing=1.2, borderaxespad=0.0)


def exposure_handles(classes: Iterable[str]) -> list[Artist]:
    colours = scheme().exposure
    return [Patch(facecolor=colours[c], label=EXPOSURE_LABELS[c]) for c in classes]
