"""Counts by album, by audience (with its basis), and by year and kind."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from .. import escape
from .style import (
    AUDIENCE_LABELS,
    BASIS_LABELS,
    EXPOSURE_COLORS,
    EXPOSURES,
    MUTED,
    exposure_handles,
    legend_below,
    percent,
    quiet_axes,
    remember,
    target_axes,
    thousands,
)

LABEL_CHARS = 30


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def album_table(data: pd.DataFrame, top: int = 12) -> tuple[pd.DataFrame, int]:
    """One row per album (the top ``top`` by public, then unknown, then all items) plus "other".

    Returns the table and how many albums the "other" row holds.
    """
    wide = data.pivot_table(index=["platform", "album"], columns="exposure", values="n", aggfunc="sum",
                            fill_value=0, observed=True)
    wide = wide.reindex(columns=list(EXPOSURES), fill_value=0).astype(np.int64).reset_index()
    wide.columns = pd.Index(["platform", "album", *EXPOSURES])
    wide["platform"] = wide["platform"].astype(object)
    wide["total"] = wide[list(EXPOSURES)].sum(axis=1)
    wide = wide[wide["total"] > 0]
    # With both platforms, every label names its own: "Posts", "Stories" exist on both.
    several = wide["platform"].nunique() > 1
    limit = LABEL_CHARS - 8 if several else LABEL_CHARS
    wide["label"] = [(_short(a, limit) if a else "(no album)") + (f" ({p.title()})" if several else "")
                     for p, a in zip(wide["platform"], wide["album"], strict=True)]
    wide = wide.sort_values(["public", "unknown", "total", "label"], ascending=[False, False, False, True],
                            kind="stable")
    head, rest = wide.iloc[:top], wide.iloc[top:]
    if len(rest):
        other = {c: int(rest[c].sum()) for c in (*EXPOSURES, "total")}
        other.update(platform="", album="", label=f"other ({len(rest)} albums)")
        head = pd.concat([head, pd.DataFrame([other])], ignore_index=True)
    return head[["platform", "album", "label", *EXPOSURES, "total"]].reset_index(drop=True), len(rest)


def _stacked_bars(ax: Axes, labels: list[str], table: pd.DataFrame, classes: list[str]) -> None:
    y = np.arange(len(labels))
    left = np.zeros(len(labels))
    for c in classes:
        values = table[c].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=EXPOSURE_COLORS[c], height=0.72, linewidth=0)
        left += values
    # Album names are export text: escape.mpl draws "Vegas $$" as typed instead of as (broken) mathtext.
    ax.set_yticks(y, [escape.mpl(label) for label in labels])
    ax.set_ylim(len(labels) - 0.5, -0.5)  # first row on top, as read
    ax.tick_params(axis="y", length=0)


def _end_labels(ax: Axes, ends: Iterable[float], texts: Iterable[str], limit: float) -> None:
    for y, (end, text) in enumerate(zip(ends, texts, strict=True)):
        ax.annotate(text, xy=(end, y), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=9, color=MUTED)
    # Room on the right for the longest end label.
    ax.set_xlim(0, limit * 1.18)


def count_ends(ax: Axes, table: pd.DataFrame) -> None:
    """Stacked count bars' end labels ("120 · 40% public") and x axis (``total`` and ``public`` columns)."""
    texts = [f"{t:,}" + (f" · {percent(p / t)} public" if p else "")
             for t, p in zip(table["total"], table["public"], strict=True)]
    _end_labels(ax, table["total"], texts, float(table["total"].max()))
    thousands(ax, "x")
    ax.set_xlabel("items")


def plot_by_album(data: pd.DataFrame, *, ax: Axes | None = None, top: int = 12, stat: str = "count",
                  legend: bool = True) -> Axes:
    """Horizontal bars of items per album, stacked public / unknown / not public (``by_album`` output).

    The ``top`` albums with the most public items are shown, the rest summed as "other";
    ``stat="share"`` draws each album's split as shares of 100%.
    """
    ax = target_axes(ax)
    table, others = album_table(data, top) if data is not None and len(data) else (None, 0)
    if table is None or table.empty:
        remember(ax, "album", pd.DataFrame(columns=["platform", "album", "label", *EXPOSURES, "total"]))
        return ax
    classes = [c for c in EXPOSURES if table[c].sum() > 0]
    drawn = table.copy()
    if stat == "share":
        for c in EXPOSURES:
            drawn[c] = table[c] / table["total"].where(table["total"] > 0, 1)
    _stacked_bars(ax, list(table["label"]), drawn, classes)
    if stat == "share":
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of the album's items")
    else:
        count_ends(ax, table)
    quiet_axes(ax, "x")
    if legend:
        legend_below(ax, exposure_handles(classes))
    remember(ax, "album", table, stat=stat, others=others)
    return ax


def audience_table(data: pd.DataFrame) -> pd.DataFrame:
    """One row per (audience, basis) with items, ordered public, unknown, not public, then by size."""
    table = (data.groupby(["audience", "audience_basis", "exposure"], observed=True)["n"].sum()
             .reset_index())
    for column in ("audience", "audience_basis", "exposure"):
        table[column] = table[column].astype(object)
    table = table[table["n"] > 0].copy()
    table["n"] = table["n"].astype(np.int64)
    table["share"] = table["n"] / max(int(table["n"].sum()), 1)
    table["label"] = [f"{AUDIENCE_LABELS.get(a, a)} — {BASIS_LABELS.get(b, b)}"
                      for a, b in zip(table["audience"], table["audience_basis"], strict=True)]
    rank = table["exposure"].map({c: i for i, c in enumerate(EXPOSURES)})
    table = table.assign(_rank=rank).sort_values(["_rank", "n", "label"], ascending=[True, False, True],
                                                 kind="stable")
    return table.drop(columns="_rank").reset_index(drop=True)


def plot_by_audience(data: pd.DataFrame, *, ax: Axes | None = None, legend: bool = True) -> Axes:
    """Horizontal bars of items per audience and basis ("public — your label"), coloured by exposure."""
    ax = target_axes(ax)
    table = audience_table(data) if data is not None and len(data) else None
    if table is None or table.empty:
        remember(ax, "audience", pd.DataFrame(columns=["audience", "audience_basis", "exposure", "n",
                                                       "share", "label"]))
        return ax
    y = np.arange(len(table))
    ax.barh(y, table["n"], color=[EXPOSURE_COLORS[c] for c in table["exposure"]], height=0.72,
            linewidth=0)
    ax.set_yticks(y, [escape.mpl(label) for label in table["label"]])
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    texts = [f"{n:,} ({percent(share)})" for n, share in zip(table["n"], table["share"], strict=True)]
    _end_labels(ax, table["n"], texts, float(table["n"].max()))
    thousands(ax, "x")
    ax.set_xlabel("items")
    quiet_axes(ax, "x")
    if legend:
        legend_below(ax, exposure_handles(c for c in EXPOSURES if c in set(table["exposure"])))
    remember(ax, "audience", table)
    return ax
