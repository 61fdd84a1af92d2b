"""Alt text written from the numbers a chart shows, so a screen-reader user gets the same story."""

from __future__ import annotations

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


def describe_album(record: Plotted) -> str:
    table = record.data
    if table.empty:
        return "Empty chart: no albums to show."
    named = table[table["platform"] != ""]
    others = record.info.get("others", 0)
    share = record.info.get("stat") == "share"
    text = (f"Horizontal bar chart of items per album, split into public, unknown and not public"
            f"{' (as shares)' if share else ''}, for the {len(named)} albums with the most public items"
            + (f" and the other {others} albums together" if others else "") + ": ")
    rows = [f"{row.label} {row.total:,} ({row.public:,} public, {row.unknown:,} unknown)"
            for row in table.head(6).itertuples()]
    text += "; ".join(rows) + ("; …" if len(table) > 6 else ".")
    total = table[list(EXPOSURES)].sum()
    return text + f" In all {int(total.sum()):,} items, {int(total['public']):,} public."


def describe_audience(record: Plotted) -> str:
    table = record.data
    if table.empty:
        return "Empty chart: no items to show by audience."
    rows = [f"{row.label}: {row.n:,} ({percent(row.share)})" for row in table.itertuples()]
    return ("Horizontal bar chart of items by who can see them and why we think so "
            f"(audience — basis), {int(table['n'].sum()):,} items: " + "; ".join(rows) + ".")


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


DESCRIBERS = {"timeline": describe_timeline, "album": describe_album, "audience": describe_audience,
              "year_kind": describe_year_kind, "location": describe_location}


def describe(record: Plotted) -> str:
    """Alt text for what a metaexposure plot drew."""
    if record.kind == "where":
        from .where import describe_where

        return describe_where(record)
    return DESCRIBERS[record.kind](record)


def record_for(data: pd.DataFrame) -> Plotted:
    """The record a plot would make of a tidy exposure.py frame, told apart by its columns."""
    from .bars import album_table, audience_table, year_kind_table
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
        if data.empty:
            return Plotted("year_kind", pd.DataFrame(columns=["year", "kind", "n"]), {"exposure": ["public"]})
        long = year_kind_table(data).stack().rename("n").reset_index()[["year", "kind", "n"]]
        return Plotted("year_kind", long, {"exposure": ["public"]})
    if {"where", "exposure", "n"} <= columns:
        from .where import where_table

        table, others = where_table(data)
        return Plotted("where", table, {"others": others})
    if {"latitude", "longitude"} <= columns:
        table, place_only = location_table(data)
        return Plotted("location", table, {"place_only": place_only})
    raise ValueError("cannot tell which chart this data is for; pass alt= with the alt text")
