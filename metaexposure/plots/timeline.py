"""Exposure over time: public / unknown / not public stacked, with the AI-policy milestones."""

from __future__ import annotations

from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import escape
from .describe import _PER, _classes, _day, _listing
from .style import (
    EXPOSURE_COLORS,
    EXPOSURE_LABELS,
    EXPOSURES,
    INK,
    Plotted,
    exposure_handles,
    legend_below,
    quiet_axes,
    remember,
    target_axes,
    thousands,
)

MILESTONE_FONTSIZE = 9
PRIVATE_EDGE = (0.13, 0.13, 0.13, 0.35)
MILESTONE_DASH = (0, (4, 3))
_ROW_POINTS = MILESTONE_FONTSIZE * 1.3 + 3


def naive_utc(values: Any) -> pd.DatetimeIndex:
    """UTC instants as naive datetimes: matplotlib's date axis has no use for the zone."""
    index = pd.DatetimeIndex(pd.to_datetime(values, utc=True))
    return index.tz_convert(None)


def timeline_table(data: pd.DataFrame, value: str = "visible") -> pd.DataFrame:
    """Periods as rows, exposure classes as columns, summed over groups: the plotted numbers."""
    table = data.pivot_table(index="period", columns="exposure", values=value, aggfunc="sum",
                             fill_value=0, observed=True)
    columns = [c for c in EXPOSURES if c in table.columns]
    table = table[columns].astype(np.int64).sort_index()
    table.columns = pd.Index(columns, name=None)
    return table.reset_index()


def frequency_name(periods: pd.DatetimeIndex) -> str:
    if len(periods) < 2:
        return "month"
    days = float(np.median(np.diff(periods.to_numpy()) / np.timedelta64(1, "D")))
    for name, limit in (("day", 1.5), ("week", 8), ("month", 32), ("quarter", 93)):
        if days <= limit:
            return name
    return "year"


def _milestone_frame(milestones: Any) -> pd.DataFrame:
    if milestones is None:
        from ..exposure import policy_milestones

        milestones = policy_milestones()
    if milestones is False or len(milestones) == 0:
        return pd.DataFrame({"date": pd.DatetimeIndex([]), "label": []})
    frame = pd.DataFrame(milestones)[["date", "label"]].copy()
    frame["date"] = naive_utc(frame["date"])
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def _date_text(day: pd.Timestamp) -> str:
    return f"{day.day} {day:%b %Y}"


def _layout_rows(fractions: list[float], widths: list[float]) -> tuple[list[int], list[str]]:
    """A text row and alignment per milestone so no two labels overlap.

    Labels sit beside their line, on the side with room. Right-aligned labels are placed
    newest first and left-aligned ones oldest first, so a line never runs up through a
    label further out in its own cluster.
    """
    aligns = ["right" if x > 0.5 else "left" for x in fractions]
    for i, (x, w) in enumerate(zip(fractions, widths, strict=True)):
        if aligns[i] == "left" and x + w > 1.0:
            aligns[i] = "right"
        elif aligns[i] == "right" and x - w < 0.0:
            aligns[i] = "left"
    order = sorted((i for i in range(len(fractions)) if aligns[i] == "right"), key=lambda i: -fractions[i])
    order += sorted((i for i in range(len(fractions)) if aligns[i] == "left"), key=lambda i: fractions[i])
    occupied: list[list[tuple[float, float]]] = []
    rows = [0] * len(fractions)
    for i in order:
        x, w = fractions[i], widths[i]
        span = (x - w, x) if aligns[i] == "right" else (x, x + w)
        for r, taken in enumerate(occupied):
            if all(span[1] + 0.01 < a or span[0] - 0.01 > b for a, b in taken):
                taken.append(span)
                rows[i] = r
                break
        else:
            occupied.append([span])
            rows[i] = len(occupied) - 1
    return rows, aligns


def _draw_milestones(ax: Axes, milestones: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> list:
    shown = milestones[(milestones["date"] >= start) & (milestones["date"] <= end)]
    if shown.empty:
        return []
    fig = ax.get_figure()
    # Estimates before layout: the Axes only shrinks later, so they err towards more room.
    axes_points = fig.get_figwidth() * 72 * ax.get_position().width * 0.92
    texts = [f"{label} ({_date_text(day)})" for day, label in zip(shown["date"], shown["label"], strict=True)]
    span = (end - start) / pd.Timedelta(days=1) or 1.0
    fractions = [((day - start) / pd.Timedelta(days=1)) / span for day in shown["date"]]
    widths = [(len(t) * MILESTONE_FONTSIZE * 0.6 + 6) / axes_points for t in texts]
    rows, aligns = _layout_rows(fractions, widths)
    for day, text, row, align in zip(shown["date"], texts, rows, aligns, strict=True):
        ax.axvline(day, color=INK, linewidth=0.9, linestyle=MILESTONE_DASH, zorder=3)
        ax.annotate(escape.mpl(text), xy=(day, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(-4 if align == "right" else 4, -3 - row * _ROW_POINTS),
                    textcoords="offset points", ha=align, va="top", fontsize=MILESTONE_FONTSIZE,
                    color=INK, zorder=5, annotation_clip=False,
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none",
                          "alpha": 0.9})
    return [(day, label, row) for day, label, row in zip(shown["date"], shown["label"], rows, strict=True)]


def _private_spans(account: pd.DataFrame | None, start: pd.Timestamp,
                   end: pd.Timestamp) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    if account is None or account.empty:
        return []
    rows = account[(account["platform"].astype(object) == "instagram")
                   & (account["fact"] == "visibility") & (account["state"] == "private")]
    spans = []
    for begin, finish in zip(naive_utc(rows["start"]), naive_utc(rows["end"]), strict=True):
        # NaT start: private since the account began; NaT end: still private at export.
        begin = start if pd.isna(begin) else max(begin, start)
        finish = end if pd.isna(finish) else min(finish, end)
        if begin < finish:
            spans.append((begin, finish))
    return sorted(spans)


def plot_exposure_timeline(data: pd.DataFrame, *, ax: Axes | None = None, account: pd.DataFrame | None = None,
                           milestones: Any = None, value: str = "visible", legend: bool = True,
                           **kwargs: Any) -> Axes:
    """Stacked areas of items public / unknown / not public per period (``exposure_timeline`` output).

    ``account`` (``ex.account``) hatches the periods the Instagram account was private;
    ``milestones`` defaults to ``policy_milestones()``, ``False`` draws none;
    ``value="created"`` stacks items created per period instead of items visible.
    """
    ax = target_axes(ax)
    if data is None or len(data) == 0:
        remember(ax, "timeline", pd.DataFrame(columns=["period", *EXPOSURES]), value=value)
        return ax
    table = timeline_table(data, value)
    periods = naive_utc(table["period"])
    classes = [c for c in EXPOSURES if c in table.columns]
    ax.stackplot(periods, *(table[c] for c in classes), colors=[EXPOSURE_COLORS[c] for c in classes],
                 labels=[EXPOSURE_LABELS[c] for c in classes], linewidth=0, **kwargs)
    start, end = periods[0], periods[-1]
    if start == end:  # one period: give the single column some width
        start, end = start - pd.Timedelta(days=15), end + pd.Timedelta(days=15)
    ax.set_xlim(start, end)
    spans = _private_spans(account, start, end)
    # Hatched over the areas, not tinted: a tint would change the exposure colours under it.
    for begin, finish in spans:
        ax.axvspan(begin, finish, facecolor="none", edgecolor=PRIVATE_EDGE, hatch="///", linewidth=0,
                   zorder=2)
    shown = _draw_milestones(ax, _milestone_frame(milestones), start, end)
    rows = 1 + max((row for *_, row in shown), default=-1)
    top = float(table[classes].sum(axis=1).max()) or 1.0
    axes_points = ax.get_figure().get_figheight() * 72 * ax.get_position().height * 0.8
    room = 1 - (6 + rows * _ROW_POINTS) / axes_points
    ax.set_ylim(0, top / max(room, 0.4) * 1.02)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    thousands(ax)
    quiet_axes(ax)
    ax.set_ylabel("items created" if value == "created" else "items visible")
    if legend:
        handles = exposure_handles(classes)
        if spans:
            handles.append(Patch(facecolor="white", edgecolor=PRIVATE_EDGE, hatch="///", linewidth=0,
                                 label="Instagram account private"))
        if shown:
            handles.append(Line2D([], [], color=INK, linewidth=0.9, linestyle=MILESTONE_DASH,
                                  label="Meta AI milestone"))
        legend_below(ax, handles)
    remember(ax, "timeline", table, value=value, freq=frequency_name(periods),
             milestones=[(day, label) for day, label, _ in shown], private=spans)
    return ax


def describe_timeline(record: Plotted) -> str:
    table = record.data
    if table.empty:
        return "Empty chart: no items to show over time."
    columns = [c for c in EXPOSURES if c in table.columns]
    periods = pd.DatetimeIndex(pd.to_datetime(table["period"], utc=True))
    per = _PER.get(record.info.get("freq", "month"), "month")
    what = "items created" if record.info.get("value") == "created" else "items visible"
    span = f"{periods[0].year}–{periods[-1].year}" if periods[0].year != periods[-1].year else f"{periods[0].year}"
    last = table.iloc[-1]
    text = (f"Stacked area chart of {what} per {per} by exposure ({_listing([EXPOSURE_LABELS[c] for c in columns])}), "
            f"{span}; at the end ({periods[-1]:%b %Y}): {_classes(last, columns)}.")
    if "public" in columns and table["public"].max() > last["public"]:
        peak = int(table["public"].idxmax())
        text += f" Public peaked at {int(table['public'].iloc[peak]):,} in {periods[peak]:%b %Y}."
    milestones = record.info.get("milestones") or []
    if milestones:
        text += " Dashed lines mark Meta's AI-training milestones: " + "; ".join(
            f"{_day(day)}, {label}" for day, label in milestones) + "."
    private = record.info.get("private") or []
    if private:
        text += " Hatched: periods the Instagram account was private (" + ", ".join(
            f"{begin:%b %Y}–{end:%b %Y}" for begin, end in private) + ")."
    return text
