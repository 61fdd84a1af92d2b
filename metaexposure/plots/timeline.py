"""Exposure over time: public / unknown / not public stacked, with the AI-policy milestones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import ConnectionPatch, Patch, Rectangle
from matplotlib.ticker import FixedLocator, MaxNLocator
from matplotlib.transforms import ScaledTranslation

from .. import escape
from .describe import _PER, _classes, _day, _listing
from .heatmap import axes_points, legends_below, text_width
from .style import (
    EXPOSURE_LABELS,
    EXPOSURES,
    Plotted,
    exposure_handles,
    percent,
    quiet_axes,
    remember,
    scheme,
    size,
    target_axes,
    thousands,
)

MILESTONE_DASH = (0, (4, 3))
PRIVATE_HATCH = "////"
PRIVATE_LABEL = "Instagram account private"


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


def _range_text(first: pd.Timestamp, last: pd.Timestamp) -> str:
    if first.year == last.year:
        return f"{first.day} {first:%b}–{_date_text(last)}"
    return f"{_date_text(first)}–{_date_text(last)}"


@dataclass
class Mark:
    """One mark on the chart: a lone milestone's line, or a band over milestones too close to tell apart."""

    members: list[tuple[pd.Timestamp, str]]

    @property
    def first(self) -> pd.Timestamp:
        return self.members[0][0]

    @property
    def last(self) -> pd.Timestamp:
        return self.members[-1][0]

    def text(self, wrap: bool = False) -> str:
        if len(self.members) == 1:
            label, when = self.members[0][1], _date_text(self.first)
        else:
            label, when = f"{len(self.members)} Meta AI milestones", _range_text(self.first, self.last)
        return f"{label}\n({when})" if wrap else f"{label} ({when})"


def group_milestones(frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, width: float,
                     gap: float) -> list[Mark]:
    """Milestones in [start, end] as marks: neighbours closer than gap points (of width) share one."""
    shown = frame[(frame["date"] >= start) & (frame["date"] <= end)]
    span = (end - start) / pd.Timedelta(days=1) or 1.0
    marks: list[Mark] = []
    for day, label in zip(shown["date"], shown["label"], strict=True):
        if marks and (day - marks[-1].last) / pd.Timedelta(days=1) / span * width < gap:
            marks[-1].members.append((day, label))
        else:
            marks.append(Mark([(day, label)]))
    return marks


def _layout_rows(fractions: list[float], widths: list[float], heights: list[int] | None = None,
                 ends: list[float] | None = None) -> tuple[list[int], list[str]]:
    """The first text row and alignment of each mark's label so no two labels overlap.

    A mark spans fractions[i] to ends[i] (a band) and its label, heights[i] rows tall, sits beside
    it on the side with room. Right-aligned labels are placed newest first and left-aligned ones
    oldest first, so a line never runs up through a label further out in its own cluster.
    """
    ends = ends or fractions
    heights = heights or [1] * len(fractions)
    aligns = ["right" if x > 0.5 else "left" for x in fractions]
    for i, (x, x1, w) in enumerate(zip(fractions, ends, widths, strict=True)):
        if aligns[i] == "left" and x1 + w > 1.0 and x - w >= 0.0:
            aligns[i] = "right"
        elif aligns[i] == "right" and x - w < 0.0 and x1 + w <= 1.0:
            aligns[i] = "left"
    order = sorted((i for i in range(len(fractions)) if aligns[i] == "right"), key=lambda i: -fractions[i])
    order += sorted((i for i in range(len(fractions)) if aligns[i] == "left"), key=lambda i: fractions[i])
    occupied: list[list[tuple[float, float]]] = []
    rows = [0] * len(fractions)
    for i in order:
        span = (fractions[i] - widths[i], fractions[i]) if aligns[i] == "right" else (ends[i], ends[i] + widths[i])
        row = 0
        while True:
            needed = range(row, row + heights[i])
            while len(occupied) < needed.stop:
                occupied.append([])
            if all(span[1] + 0.01 < a or span[0] - 0.01 > b for r in needed for a, b in occupied[r]):
                break
            row += 1
        for r in needed:
            occupied[r].append(span)
        rows[i] = row
    return rows, aligns


def _row_points() -> float:
    return size().small * 1.3 + 3


def _segment(ax: Axes, first: tuple[pd.Timestamp, float | None], second: tuple[pd.Timestamp, float | None],
             **style: Any) -> None:
    """A line between (date, points below the Axes' top; None: the bottom), whatever size the Axes ends up."""
    def place(day: pd.Timestamp, below: float | None) -> tuple[tuple[float, float], Any]:
        if below is None:
            return (mdates.date2num(day), 0.0), ax.get_xaxis_transform()
        shift = ScaledTranslation(0, -below / 72, ax.get_figure().dpi_scale_trans)
        return (mdates.date2num(day), 1.0), ax.get_xaxis_transform() + shift

    (xy_a, coords_a), (xy_b, coords_b) = place(*first), place(*second)
    patch = ConnectionPatch(xy_a, xy_b, coordsA=coords_a, coordsB=coords_b, arrowstyle="-", shrinkA=0,
                            shrinkB=0, facecolor="none", zorder=3, clip_on=False, **style)
    patch.set_in_layout(False)
    ax.add_artist(patch)


def _draw_milestones(ax: Axes, frame: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> tuple[list[Mark], int]:
    """Lines (and bands) with labels at the top of the plot; returns the marks and the text rows used."""
    width, _ = axes_points(ax)
    # Closer than a line of text is wide, two dashed lines read as one thick one: draw them as one band.
    marks = group_milestones(frame, start, end, width, gap=size().font)
    if not marks:
        return [], 0
    colours, fontsize, pad = scheme(), size().small, 4 / width
    span = (end - start) / pd.Timedelta(days=1) or 1.0
    starts = [((m.first - start) / pd.Timedelta(days=1)) / span for m in marks]
    ends = [((m.last - start) / pd.Timedelta(days=1)) / span for m in marks]
    texts = [m.text() for m in marks]
    for i, (x0, x1) in enumerate(zip(starts, ends, strict=True)):
        # A label too wide for either side of its mark breaks before its date.
        if (text_width(texts[i], fontsize) + 6) / width > max(x0, 1 - x1) - pad:
            texts[i] = marks[i].text(wrap=True)
    widths = [(text_width(t, fontsize) + 8) / width for t in texts]
    heights = [t.count("\n") + 1 for t in texts]
    rows, aligns = _layout_rows(starts, widths, heights, ends)
    line = {"edgecolor": colours.ink, "linewidth": 0.9, "linestyle": MILESTONE_DASH}
    for mark, text, row, align, x0, x1, w in zip(marks, texts, rows, aligns, starts, ends, widths, strict=True):
        # Each line stops beside its own label, so it never runs up through a label in a row above.
        level = 3 + row * _row_points() + (text.count("\n") + 1) * fontsize * 1.15 / 2
        for day in dict.fromkeys((mark.first, mark.last)):
            _segment(ax, (day, None), (day, level), **line)
        if len(mark.members) > 1:
            # A band: its two edges joined by a bar at its label, one mark with one label. Not filled:
            # a tint over the areas would change the exposure colours under it.
            _segment(ax, (mark.first, level), (mark.last, level), edgecolor=colours.ink, linewidth=3,
                      capstyle="butt")
        fits = (x0 - w >= 0) if align == "right" else (x1 + w <= 1)
        # A label with room on neither side keeps inside the plot, at its edge, rather than run off it.
        anchor = ((mark.first if align == "right" else mark.last), "data") if fits else (
            (0.0 if align == "left" else 1.0), "axes fraction")
        # Line by line: escaping drops control characters, the line break among them.
        ax.annotate("\n".join(escape.mpl(part) for part in text.split("\n")), xy=(anchor[0], 1.0),
                    xycoords=(anchor[1], "axes fraction"),
                    xytext=(-4 if align == "right" else 4, -3 - row * _row_points()),
                    textcoords="offset points", ha=align, va="top", fontsize=fontsize, color=colours.ink,
                    zorder=5, annotation_clip=False, linespacing=1.15,
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": colours.background, "edgecolor": "none"})
    return marks, max(r + h for r, h in zip(rows, heights, strict=True))


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


def _lane_points() -> float:
    return size().small * 1.4 + 6


def _draw_private(ax: Axes, spans: list[tuple[pd.Timestamp, pd.Timestamp]], low: float,
                  start: pd.Timestamp, end: pd.Timestamp) -> None:
    """Bars in a lane under the areas (y from low to 0): the Instagram account only, never Facebook's items.

    Hatched over the whole height, the private years read as if every item then was private.
    """
    colours, fontsize = scheme(), size().small
    bottom, height = low * 0.85, -low * 0.7
    for begin, finish in spans:
        x0 = mdates.date2num(begin)
        ax.add_patch(Rectangle((x0, bottom), mdates.date2num(finish) - x0, height, facecolor=colours.background,
                               edgecolor=colours.muted, hatch=PRIVATE_HATCH, hatchcolor=colours.muted,
                               linewidth=0.8, zorder=2, clip_on=False))
    # The widest bar carries the words, inside it or beside it where there is room; the legend always has them.
    width, _ = axes_points(ax)
    span = (end - start) / pd.Timedelta(days=1) or 1.0
    begin, finish = max(spans, key=lambda s: s[1] - s[0])
    x0, x1 = ((begin - start) / pd.Timedelta(days=1) / span, (finish - start) / pd.Timedelta(days=1) / span)
    need = (text_width(PRIVATE_LABEL, fontsize) + 8) / width
    if x1 - x0 >= need:
        where, align = (begin + (finish - begin) / 2, "center")
    elif 1 - x1 >= need:
        where, align = (finish, "left")
    elif x0 >= need:
        where, align = (begin, "right")
    else:
        return
    ax.annotate(PRIVATE_LABEL, xy=(where, low / 2), xytext=({"left": 4, "right": -4}.get(align, 0), 0),
                textcoords="offset points", ha=align, va="center", fontsize=fontsize, color=colours.ink,
                zorder=4, annotation_clip=False,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": colours.background, "edgecolor": "none"})


def plot_exposure_timeline(data: pd.DataFrame, *, ax: Axes | None = None, account: pd.DataFrame | None = None,
                           milestones: Any = None, value: str = "visible", legend: bool = True,
                           **kwargs: Any) -> Axes:
    """Stacked areas of items public / unknown / not public per period (``exposure_timeline`` output).

    ``account`` (``ex.account``) adds a lane under the areas marking when the Instagram account was private;
    ``milestones`` defaults to ``policy_milestones()``, ``False`` draws none; milestones too close to
    tell apart at the chart's size share one band and label.
    ``value="created"`` stacks items created per period instead of items visible.
    """
    ax = target_axes(ax)
    if data is None or len(data) == 0:
        remember(ax, "timeline", pd.DataFrame(columns=["period", *EXPOSURES]), value=value)
        return ax
    colours = scheme()
    table = timeline_table(data, value)
    periods = naive_utc(table["period"])
    classes = [c for c in EXPOSURES if c in table.columns]
    ax.stackplot(periods, *(table[c] for c in classes), colors=[colours.exposure[c] for c in classes],
                 labels=[EXPOSURE_LABELS[c] for c in classes], linewidth=0, **kwargs)
    start, end = periods[0], periods[-1]
    if start == end:  # one period: give the single column some width
        start, end = start - pd.Timedelta(days=15), end + pd.Timedelta(days=15)
    ax.set_xlim(start, end)
    spans = _private_spans(account, start, end)
    marks, rows = _draw_milestones(ax, _milestone_frame(milestones), start, end)
    # The y range holds the areas, the private lane under them and the label rows above them.
    top = float(table[classes].sum(axis=1).max()) or 1.0
    _, height = axes_points(ax)
    lane = _lane_points() / height if spans else 0.0
    labels = (6 + rows * _row_points()) / height if rows else 0.0
    total = top / max(1 - lane - labels, 0.4) * 1.02
    low = -lane * total
    ax.set_ylim(low, low + total)
    if spans:
        _draw_private(ax, spans, low, start, end)
    ticks = [t for t in MaxNLocator(nbins=4 if size().name == "narrow" else 6, integer=True).tick_values(0, top)
             if 0 <= t <= low + total]
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.spines["left"].set_bounds(0, low + total)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=5 if size().name == "narrow" else 10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    thousands(ax)
    quiet_axes(ax)
    ax.set_ylabel("items created" if value == "created" else "items visible")
    if legend:
        handles = exposure_handles(classes)
        if spans:
            handles.append(Patch(facecolor=colours.background, edgecolor=colours.muted, hatch=PRIVATE_HATCH,
                                 hatchcolor=colours.muted, linewidth=0.8, label=PRIVATE_LABEL))
        if marks:
            handles.append(Line2D([], [], color=colours.ink, linewidth=0.9, linestyle=MILESTONE_DASH,
                                  label="Meta AI milestone" if len(marks) == sum(len(m.members) for m in marks)
                                  else "Meta AI milestones"))
        legends_below(ax, [handles])
    remember(ax, "timeline", table, value=value, freq=frequency_name(periods),
             milestones=[member for mark in marks for member in mark.members],
             marks=[(mark.first, mark.last, len(mark.members)) for mark in marks], private=spans)
    return ax


def _at(table: pd.DataFrame, periods: pd.DatetimeIndex, day: pd.Timestamp) -> int | None:
    """The row of the period a date falls in, or None before the first period."""
    index = int(periods.searchsorted(day, side="right")) - 1
    return index if index >= 0 else None


def describe_timeline(record: Plotted) -> str:
    """The whole chart in words; every number in it is a cell, row total or column total of the table."""
    table = record.data
    if table.empty:
        return "Empty chart: no items to show over time."
    columns = [c for c in EXPOSURES if c in table.columns]
    periods = naive_utc(table["period"])
    per = _PER.get(record.info.get("freq", "month"), "month")
    totals = table[columns].sum(axis=1).astype(int)
    created = record.info.get("value") == "created"
    what = "items created" if created else "items visible"
    span = (f"{periods[0]:%b %Y} to {periods[-1]:%b %Y}" if len(periods) > 1 else f"{periods[0]:%b %Y}")
    text = (f"Stacked area chart of {what} per {per} by exposure "
            f"({_listing([EXPOSURE_LABELS[c] for c in columns])}), {span}.")
    if created:
        sums = table[columns].sum()
        text += (f" Each {per} counts the items created in it; items without a date are left out. In all "
                 f"{int(sums.sum()):,} items created: {_classes(sums, columns)}.")
        if "public" in columns and table["public"].max() > 0:
            peak = int(table["public"].to_numpy().argmax())
            text += (f" Most public items created in one {per}: {int(table['public'].iloc[peak]):,}, "
                     f"{periods[peak]:%b %Y}.")
    else:
        last = table.iloc[-1]
        text += (f" Each {per} counts every item created by its end, in the exposure it had then: items without "
                 f"a date are left out, and archived or deleted items count as not public from the export on. "
                 f"In the last {per} shown ({periods[-1]:%b %Y}): {_classes(last, columns)}, "
                 f"{int(totals.iloc[-1]):,} in all")
        if "public" in columns and totals.iloc[-1]:
            text += f" ({percent(last['public'] / totals.iloc[-1])} public)"
        text += "."
        if "public" in columns:
            year_ends = pd.Series(np.arange(len(periods))).groupby(periods.year).max()
            if len(year_ends) > 1:
                text += (f" Public items at the end of each year (the last year: its last {per} shown), of all "
                         "items then: " + "; ".join(
                             f"{year}, {int(table['public'].iloc[i]):,} of {int(totals.iloc[i]):,}"
                             for year, i in year_ends.items()) + ".")
            if table["public"].max() > last["public"]:
                peak = int(table["public"].to_numpy().argmax())
                text += f" Public peaked at {int(table['public'].iloc[peak]):,} in {periods[peak]:%b %Y}."
    milestones = record.info.get("milestones") or []
    if milestones:
        parts = []
        for day, label in milestones:
            part = f"{_day(day)}, {label}"
            row = _at(table, periods, day)
            if not created and "public" in columns and row is not None:
                part += f" ({int(table['public'].iloc[row]):,} public of {int(totals.iloc[row]):,} that {per})"
            parts.append(part)
        grouped = any(n > 1 for *_, n in record.info.get("marks") or [])
        text += (" Dashed lines mark Meta's AI milestones" + (" (those close together share one band)"
                                                              if grouped else "") + ": " + "; ".join(parts) + ".")
    private = record.info.get("private") or []
    if private:
        text += (" A hatched bar under the areas marks when the Instagram account was private (" + "; ".join(
            f"{begin:%b %Y} to {end:%b %Y}" for begin, end in private)
            + "); it concerns Instagram items only, not Facebook's.")
    return text
