"""A published chart states its finding: headlines computed from the numbers a chart draws (DESIGN.md §9).

Pure functions over the tables the plot functions remember (``Plotted.data``, the chart's CSV) and a few
facts about the export (its date, the AI-training start, how many items were public after it). The author
may override any headline; the numbers stay the ones computed here in the alt text's long description.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .audience_rules import ai_training_start
from .plots.style import Plotted, percent

# Chart kinds as a reader would name them: the short alt text starts with this.
CHART_NOUNS = {"timeline": "Area chart", "album": "Bar chart", "audience": "Bar chart", "year_kind": "Heatmap",
               "location": "Map", "where": "Bar chart"}
ALT_LIMIT = 150


@dataclass(frozen=True)
class Facts:
    """What a headline needs beyond the plotted table: from the whole items frame and the account facts."""

    items: int
    ai_exposed: int
    ai_start: pd.Timestamp
    exported: pd.Timestamp | None


def facts_of(items: pd.DataFrame, account: pd.DataFrame | None) -> Facts:
    """Facts from the unredacted frames: the privacy jurisdiction (which sets the AI start) is text a
    redacted account no longer holds."""
    start, _why = ai_training_start(account)
    exported = None
    if account is not None and len(account) and "fact" in account:
        stamps = pd.to_datetime(account.loc[account["fact"] == "export", "start"], utc=True).dropna()
        exported = stamps.max() if len(stamps) else None
    exposed = int(items["ai_exposed"].sum()) if "ai_exposed" in items else 0
    return Facts(items=len(items), ai_exposed=exposed, ai_start=start, exported=exported)


def _day(stamp: pd.Timestamp) -> str:
    return f"{stamp.day} {stamp:%b %Y}"


def _items(n: int) -> str:
    return f"{n:,} item" + ("" if n == 1 else "s")


def subtitle(facts: Facts) -> str:
    """The line under every headline: the export's date and how the audience was inferred."""
    when = f"Export of {_day(facts.exported)}" if facts.exported is not None else "Export date not known"
    return f"{when} · audience inferred from the export; unknown = the export does not say"


def _timeline(_table: pd.DataFrame, facts: Facts) -> str:
    since = f"{facts.ai_start:%b %Y}"
    if facts.ai_exposed:
        return f"{facts.ai_exposed:,} of my {_items(facts.items)} were public after Meta's AI training began ({since})"
    return f"None of my {_items(facts.items)} is known to have been public since Meta's AI training began ({since})"


def _album(table: pd.DataFrame, info: dict, data: pd.DataFrame | None) -> str:
    if data is not None and {"platform", "album", "exposure", "n"} <= set(data.columns):
        # Every album, not only the ones drawn: the chart sums the smaller ones as "other".
        rows = data[data["album"].astype(object).fillna("").astype(str) != ""]
        keys = [rows["platform"].astype(object), rows["album"].astype(object)]
        sizes = rows.groupby(keys)["n"].sum()
        public = rows[rows["exposure"].astype(object) == "public"].groupby(keys)["n"].sum()
        albums, holding, items = int((sizes > 0).sum()), int((public > 0).sum()), int(public.sum())
    else:
        named = table[(table["platform"].astype(str) != "") & (table["album"].astype(str) != "")]
        albums, holding, items = len(named), int((named["public"] > 0).sum()), int(named["public"].sum())
    if not holding:
        return f"None of my {albums:,} albums is known to hold public items"
    return (f"{holding:,} of my {albums:,} album{'s' if albums != 1 else ''} hold public items, "
            f"{items:,} in all")


def _audience(table: pd.DataFrame) -> str:
    total = int(table["n"].sum())
    by = table.groupby("exposure")["n"].sum()
    public, unknown = int(by.get("public", 0)), int(by.get("unknown", 0))
    text = f"{public:,} of my {_items(total)} are public ({percent(public / total)})" if public else \
        f"None of my {_items(total)} is known to be public"
    return text + (f"; for {unknown:,} the export does not say" if unknown else "")


def _year_kind(table: pd.DataFrame) -> str:
    column = "public" if "public" in table else "n"
    per_year = table.groupby("year")[column].sum()
    if per_year.empty or not per_year.max():
        return "No item is known to be public in any year"
    year = per_year.idxmax()
    return f"My public items peak in {year}: {int(per_year.max()):,} of {int(per_year.sum()):,} were shared that year"


def _location(table: pd.DataFrame) -> str:
    public = table[table["exposure"].astype(str) == "public"]
    n, spots = int(public["n"].sum()), len(public[["latitude", "longitude"]].drop_duplicates())
    if n:
        return f"{_items(n)} that show where I was {'are' if n != 1 else 'is'} public, at {spots:,} spots"
    unknown = int(table["n"].sum())
    if unknown:
        return f"{_items(unknown)} with an unknown audience show where I was"
    return "No public item shows where I was"


def _where(table: pd.DataFrame) -> str:
    total = int(table["total"].sum())
    outside = table[table["where"].astype(str) != "own"]
    away, public = int(outside["total"].sum()), int(outside["public"].sum())
    if not away:
        return f"All of my {_items(total)} were shared on my own profile"
    return f"{away:,} of my {_items(total)} were shared outside my profile; {public:,} of those are public"


def headline(record: Plotted, facts: Facts, data: pd.DataFrame | None = None) -> str:
    """The finding of one chart, in the first person, from the numbers it drew (and ``data``, the tidy
    frame it was drawn from, where the drawing sums some rows as "other")."""
    table = record.data
    if table.empty:
        return "Nothing to show in this export"
    if record.kind == "timeline":
        return _timeline(table, facts)
    if record.kind == "album":
        return _album(table, record.info, data)
    if record.kind == "audience":
        return _audience(table)
    if record.kind == "year_kind":
        return _year_kind(table)
    if record.kind == "location":
        return _location(table)
    if record.kind == "where":
        return _where(table)
    raise ValueError(f"no headline for a {record.kind!r} chart")


def short_alt(record: Plotted, title: str) -> str:
    """Alt text under ``ALT_LIMIT`` characters: what kind of chart, and its finding."""
    text = f"{CHART_NOUNS.get(record.kind, 'Chart')}: {title.rstrip('.')}."
    if len(text) <= ALT_LIMIT:
        return text
    # An author's long headline: its first clause if that fits; the long description has the rest.
    first = text.split("; ")[0].rstrip(".") + "."
    return first if len(first) <= ALT_LIMIT else text[: ALT_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
