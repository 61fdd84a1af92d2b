"""Alt text written from the numbers a chart shows, so a screen-reader user gets the same story."""

from __future__ import annotations

import importlib

import pandas as pd

from .style import EXPOSURE_LABELS, EXPOSURES, Plotted, percent

_PER = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}


def _day(value: pd.Timestamp) -> str:
    return f"{value.day} {value:%b %Y}"


def _listing(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _classes(row: pd.Series, columns: list[str]) -> str:
    return _listing([f"{int(row[c]):,} {EXPOSURE_LABELS[c]}" for c in columns])


def describe_album(record: Plotted) -> str:
    table = record.data
    if table.empty:
        return "Empty chart: no albums to show."
    named = table[table["platform"].astype(str) != ""]
    others = int(record.info.get("others", 0))
    share = record.info.get("stat") == "share"
    text = (f"Horizontal bar chart of items per album, split into public, unknown and not public"
            f"{' (as shares of each album)' if share else ''}, for the {len(named):,} largest albums"
            + (f" and the other {others:,} albums together" if others else "") + ": ")
    rows = [f"{row.label}, {row.total:,} items ({row.public:,} public, {row.unknown:,} unknown, "
            f"{row.not_public:,} not public)" for row in table.itertuples()]
    total = table[list(EXPOSURES)].sum()
    return (text + "; ".join(rows) + f". In all {int(total.sum()):,} items: {int(total['public']):,} public, "
            f"{int(total['unknown']):,} unknown, {int(total['not_public']):,} not public.")


def describe_audience(record: Plotted) -> str:
    table = record.data
    if table.empty:
        return "Empty chart: no items to show by audience."
    rows = [f"{row.label}: {row.n:,} ({percent(row.share)})" for row in table.itertuples()]
    return ("Horizontal bar chart of items by who can see them and why we think so "
            f"(audience — basis), {int(table['n'].sum()):,} items: " + "; ".join(rows) + ".")


# Each chart's long description lives beside the plot that draws it; these two are here for history.
DESCRIBERS = {"timeline": ("timeline", "describe_timeline"), "album": ("describe", "describe_album"),
              "audience": ("describe", "describe_audience"), "year_kind": ("heatmap", "describe_year_kind"),
              "location": ("location", "describe_location"), "where": ("where", "describe_where")}


def describe(record: Plotted) -> str:
    """The long description of what a metaexposure plot drew: every number in it is in the plotted data."""
    module, function = DESCRIBERS[record.kind]
    return getattr(importlib.import_module(f"{__package__}.{module}"), function)(record)


def record_for(data: pd.DataFrame) -> Plotted:
    """The record a plot would make of a tidy exposure.py frame, told apart by its columns."""
    from .bars import album_table, audience_table
    from .heatmap import year_kind_cells
    from .location import location_table
    from .timeline import frequency_name, naive_utc, timeline_table

    columns = set(data.columns)
    if {"period", "exposure"} <= columns:
        value = "visible" if "visible" in columns else "created"
        table = timeline_table(data, value) if len(data) else pd.DataFrame(columns=["period"])
        freq = frequency_name(naive_utc(table["period"])) if len(table) else "month"
        return Plotted("timeline", table, {"value": value, "freq": freq})
    if {"album", "exposure", "n"} <= columns:
        table, others = album_table(data)
        return Plotted("album", table, {"others": others})
    if {"audience_basis", "exposure", "n"} <= columns:
        return Plotted("audience", audience_table(data))
    if {"year", "kind", "exposure", "n"} <= columns:
        # As plot_by_year_kind draws it by default: public items, and those of unknown audience.
        info = {"exposure": ["public"], "count": "public"}
        if data.empty:
            return Plotted("year_kind", pd.DataFrame(columns=["year", "kind", "public", "unknown"]), info)
        return Plotted("year_kind", year_kind_cells(data), info)
    if {"where", "exposure", "n"} <= columns:
        from .where import where_table

        table, others = where_table(data)
        return Plotted("where", table, {"others": others})
    if {"latitude", "longitude"} <= columns:
        table, place_only = location_table(data)
        return Plotted("location", table, {"place_only": place_only})
    raise ValueError("cannot tell which chart this data is for; pass alt= with the alt text")
