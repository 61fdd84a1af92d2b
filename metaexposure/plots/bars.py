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
    EXPOSURE_LABELS,
    EXPOSURES,
    exposure_handles,
    legend_below,
    percent,
    quiet_axes,
    remember,
    scheme,
    size,
    target_axes,
    thousands,
)

LABEL_CHARS = 30


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def album_table(data: pd.DataFrame, top: int = 12) -> tuple[pd.DataFrame, int]:
    """One row per album (the ``top`` largest, by items) plus "other".

    Ranked by size, not by public items: labelling the biggest album private must not drop it from the
    chart, and redacted charts then show Album A, B, C in order (aliases are lettered by size).
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
    # Label length before label: "Album Z" comes before "Album AA", as the aliases were given.
    wide = wide.assign(_length=wide["label"].astype(str).str.len()).sort_values(
        ["total", "_length", "label"], ascending=[False, True, True], kind="stable").drop(columns="_length")
    head, rest = wide.iloc[:top], wide.iloc[top:]
    if len(rest):
        other = {c: int(rest[c].sum()) for c in (*EXPOSURES, "total")}
        other.update(platform="", album="", label=f"other ({len(rest)} albums)")
        head = pd.concat([head, pd.DataFrame([other])], ignore_index=True)
    return head[["platform", "album", "label", *EXPOSURES, "total"]].reset_index(drop=True), len(rest)


def _bar_height() -> float:
    # In a narrow column each label sits above its bar, so the bar takes less of its row.
    return 0.42 if size().name == "narrow" else 0.72


def row_labels(ax: Axes, labels: list[str]) -> None:
    """Bar labels: tick labels to the left, or in a narrow column above each bar (the bars keep the width)."""
    y = np.arange(len(labels))
    # Album names are export text: escape.mpl draws "Vegas $$" as typed instead of as (broken) mathtext.
    texts = [escape.mpl(label) for label in labels]
    if size().name == "narrow":
        ax.set_yticks(y, [""] * len(labels))
        for row, text in zip(y, texts, strict=True):
            ax.annotate(text, xy=(0, row - _bar_height() / 2), xycoords=("axes fraction", "data"),
                        xytext=(0, 2), textcoords="offset points", ha="left", va="bottom",
                        fontsize=size().small, color=scheme().ink)
        ax.set_ylim(len(labels) - 0.5, -0.5 - 0.45)  # room above the first bar for its label
    else:
        ax.set_yticks(y, texts)
        ax.set_ylim(len(labels) - 0.5, -0.5)  # first row on top, as read
    ax.tick_params(axis="y", length=0)


def _stacked_bars(ax: Axes, labels: list[str], table: pd.DataFrame, classes: list[str]) -> None:
    y = np.arange(len(labels))
    left = np.zeros(len(labels))
    colours = scheme().exposure
    for c in classes:
        values = table[c].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=colours[c], height=_bar_height(), linewidth=0)
        left += values
    row_labels(ax, labels)


def _end_labels(ax: Axes, ends: Iterable[float], texts: Iterable[str], limit: float) -> None:
    for y, (end, text) in enumerate(zip(ends, texts, strict=True)):
        ax.annotate(text, xy=(end, y), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=size().small, color=scheme().muted)
    # Room on the right for the longest end label ("1,234 · 45% public"): more of a narrow column's width.
    ax.set_xlim(0, limit * (1.6 if size().name == "narrow" else 1.25))


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


def _top_audiences(table: pd.DataFrame, top: int | None) -> pd.DataFrame:
    """The ``top`` largest rows, the rest summed per exposure class ("other unknown (3 reasons)")."""
    if top is None or len(table) <= top:
        return table
    keep = set(table.nlargest(top, "n", keep="first").index)
    rest = table.loc[~table.index.isin(keep)]
    # A class with one row left over keeps that row: "other (1 reason)" would hide its name for nothing.
    keep |= {group.index[0] for _, group in rest.groupby("exposure", sort=False) if len(group) == 1}
    head, rest = table.loc[table.index.isin(keep)], table.loc[~table.index.isin(keep)]
    others = [{"audience": "", "audience_basis": "", "exposure": exposure, "n": int(group["n"].sum()),
               "share": float(group["share"].sum()),
               "label": f"other, {EXPOSURE_LABELS[exposure]} ({len(group)} reasons)"}
              for exposure, group in rest.groupby("exposure", sort=False)]
    return pd.concat([head, pd.DataFrame(others)], ignore_index=True) if others else head


def plot_by_audience(data: pd.DataFrame, *, ax: Axes | None = None, legend: bool = True,
                     top: int | None = None) -> Axes:
    """Horizontal bars of items per audience and basis ("public — your label"), coloured by exposure.

    ``top`` keeps that many of the largest rows and sums the rest per exposure class.
    """
    ax = target_axes(ax)
    table = audience_table(data) if data is not None and len(data) else None
    if table is None or table.empty:
        remember(ax, "audience", pd.DataFrame(columns=["audience", "audience_basis", "exposure", "n",
                                                       "share", "label"]))
        return ax
    table = _top_audiences(table, top)
    y = np.arange(len(table))
    colours = scheme().exposure
    ax.barh(y, table["n"], color=[colours[c] for c in table["exposure"]], height=_bar_height(), linewidth=0)
    row_labels(ax, list(table["label"]))
    texts = [f"{n:,} ({percent(share)})" for n, share in zip(table["n"], table["share"], strict=True)]
    _end_labels(ax, table["n"], texts, float(table["n"].max()))
    thousands(ax, "x")
    ax.set_xlabel("items")
    quiet_axes(ax, "x")
    if legend:
        legend_below(ax, exposure_handles(c for c in EXPOSURES if c in set(table["exposure"])))
    remember(ax, "audience", table)
    return ax
