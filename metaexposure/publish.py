"""Blog-ready chart files (SVG, 2x PNG, alt text, CSV), deterministic and redacted by default."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import escape
from .albums import is_system_album
from .frame import AUDIENCES, BASES, PLATFORMS
from .plots import Plotted, describe, plotted
from .plots.describe import record_for
from .plots.style import EXPOSURES
from .records import KINDS, STATUSES, WHERES
from .review import export_folder_around

PathLike = str | os.PathLike[str]

# Coordinates are snapped to the centre of a cell this many degrees wide (about 110 km):
# the chart still shows the regions, never a home, school or a friend's address.
REDACT_GRID = 1.0
PLACE_MARK = "[place]"
# Text values that say nothing about a person; any other text in a redacted frame is dropped.
VOCABULARY = frozenset({*PLATFORMS, *KINDS, *STATUSES, *AUDIENCES, *BASES, *EXPOSURES, *WHERES, "all", "",
                        "private", "visibility", "default_audience", "export"})
_ALIAS = re.compile(r"Album [A-Z]+")
# Groups, Pages and people are named by others, and a person's name is personal: published as "Group A",
# "Page B", "Person C", lettered by size within each kind of place.
PLACE_ALIAS = {"group": "Group", "page": "Page", "person": "Person"}
_PLACE_ALIAS = re.compile(r"(Group|Page|Person|Name) [A-Z]+")
PNG_DPI = 200  # figures are sized for 800 px at 100 dpi; @2x is twice that
# No dates, no software versions, fixed ids: two runs give the same bytes.
SVG_RC = {"svg.hashsalt": "metaexposure", "svg.fonttype": "path", "svg.id": "metaexposure-chart"}
SVG_METADATA: dict[str, Any] = {"Date": None, "Creator": None}
PNG_METADATA: dict[str, Any] = {"Software": None}


def letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: spreadsheet-style names that never run out."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def album_aliases(frame: pd.DataFrame) -> dict[str, str]:
    """User-named album -> "Album A", "Album B", ... by size (system albums keep their names)."""
    if "album" not in frame or frame.empty:
        return {}
    albums = frame["album"].astype(object).fillna("").astype(str)
    weights = frame["n"] if "n" in frame else pd.Series(1, index=frame.index)
    sizes = weights.groupby(albums.to_numpy()).sum()
    user = [(-int(size), name) for name, size in sizes.items() if name and not is_system_album(name)]
    return {name: f"Album {letters(i)}" for i, (_, name) in enumerate(sorted(user))}


def _extend(aliases: dict[str, str], values: pd.Series, keep: frozenset[str] = frozenset()) -> dict[str, str]:
    """Aliases for user albums the given mapping lacks, continuing its letters."""
    aliases = dict(aliases)
    for name in sorted(set(values) - set(aliases) - keep):
        if name and not is_system_album(name):
            aliases[name] = f"Album {letters(len(aliases))}"
    return aliases


def _snap(values: pd.Series, limit: float, grid: float) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").clip(-limit, limit - 1e-9)
    return np.floor(numbers / grid) * grid + grid / 2


def _is_text(series: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
                or pd.api.types.is_bool_dtype(series))


def redact_tidy(frame: pd.DataFrame, *, aliases: dict[str, str] | None = None,
                grid: float = REDACT_GRID) -> pd.DataFrame:
    """A copy with nothing personal left: album aliases, coordinates on a coarse grid, other text dropped.

    Works on the items frame and on every exposure.py output. Text columns keep only values from
    a fixed vocabulary (platforms, kinds, audiences, ...); ``album`` (and a ``group`` of albums)
    become "Album A, B, ..." unless Meta named the album; ``place`` becomes "[place]";
    ``item_id`` (it holds Meta's ids) becomes a row number.
    """
    out = frame.copy()
    out.attrs = {}
    base = album_aliases(frame) if aliases is None else aliases
    for column in out.columns:
        values = out[column]
        if column in ("latitude", "longitude"):
            out[column] = _snap(values, 90.0 if column == "latitude" else 180.0, grid)
        elif not _is_text(values):
            continue
        elif column in ("album", "group"):
            text = values.astype(object).fillna("").astype(str)
            # A group may be an album, or a platform, kind, ... (exposure_timeline's by=).
            keep = VOCABULARY if column == "group" else frozenset()
            table = {**_extend(base, text, keep), **{v: v for v in keep}}
            out[column] = text.map(lambda v, t=table: t.get(v, v)).astype(object)
        elif column == "where_name":
            out[column] = _place_aliases(out)
        elif column == "place":
            text = values.astype(object).fillna("").astype(str)
            out[column] = text.where(text == "", PLACE_MARK).astype(object)
        elif column == "item_id":
            out[column] = pd.Series([f"item-{i + 1}" for i in range(len(out))], index=out.index, dtype=object)
        elif isinstance(values.dtype, pd.CategoricalDtype) and set(values.cat.categories) <= VOCABULARY:
            continue
        else:
            text = values.astype(object)
            out[column] = text.where(text.isin(VOCABULARY), "").astype(object)
    return out


def _place_aliases(frame: pd.DataFrame) -> pd.Series:
    """``where_name`` as "Group A", "Page A", "Person A" (by size within each kind of place; "Name A" when the
    frame has no ``where`` column)."""
    names = frame["where_name"].astype(object).fillna("").astype(str)
    kinds = (frame["where"].astype(object).fillna("").astype(str) if "where" in frame
             else pd.Series("", index=frame.index, dtype=object))
    weights = frame["n"] if "n" in frame else pd.Series(1, index=frame.index)
    sizes = weights.groupby([kinds.to_numpy(), names.to_numpy()]).sum()
    table: dict[tuple[str, str], str] = {}
    counters: dict[str, int] = {}
    for (kind, name), _size in sorted(sizes.items(), key=lambda kv: (kv[0][0], -int(kv[1]), kv[0][1])):
        if name:
            word = PLACE_ALIAS.get(kind, "Name")
            table[(kind, name)] = f"{word} {letters(counters.get(word, 0))}"
            counters[word] = counters.get(word, 0) + 1
    return pd.Series([table.get((k, n), "") for k, n in zip(kinds, names, strict=True)], index=frame.index,
                     dtype=object)


def redact_items(items: pd.DataFrame, *, grid: float = REDACT_GRID) -> pd.DataFrame:
    """The items frame with album aliases, coordinates on a coarse grid, and no caption, place or link."""
    return redact_tidy(items, grid=grid)


def _unredacted(record: Plotted) -> str:
    """What a drawn record shows that a redacted chart must not, or ''."""
    data = record.data
    if record.kind == "album":
        names = [a for a in data["album"].astype(str) if a and not is_system_album(a) and not _ALIAS.fullmatch(a)]
        return "album names" if names else ""
    if record.kind == "where" and len(data):
        names = [n for n in data["where_name"].astype(str) if n and not _PLACE_ALIAS.fullmatch(n)]
        return "group, Page or people's names" if names else ""
    if record.kind == "location" and len(data):
        # Snapped positions lie on a half-degree lattice (1-degree cell centres, or coarser);
        # a real GPS fix practically never does.
        doubled = pd.to_numeric(data[["latitude", "longitude"]].stack()) * 2
        if not np.allclose(doubled, doubled.round(), atol=1e-6):
            return "exact coordinates"
    return ""


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            stamps = pd.to_datetime(out[column], utc=True)
            midnight = (stamps.dropna() == stamps.dropna().dt.normalize()).all()
            out[column] = stamps.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%dT%H:%M:%SZ").fillna("")
    return out


def _figure_data(records: list[Plotted]) -> pd.DataFrame:
    if len(records) == 1:
        return records[0].data
    return pd.concat([r.data.assign(panel=i + 1) for i, r in enumerate(records)], ignore_index=True)


def export_chart(fig: Figure, name: str, out_dir: PathLike, alt: str | None = None,
                 data: pd.DataFrame | None = None, redact: bool = True) -> dict[str, Path]:
    """Write ``name.svg``, ``name@2x.png``, ``name.alt.txt`` and ``name.csv``; returns their paths.

    The CSV holds the numbers the metaexposure plot functions drew (or ``data``, redacted).
    Alt text is written from those numbers unless given. With ``redact=True`` a figure drawn
    from unredacted album names or coordinates is refused: draw it from ``redact_tidy(...)``.
    """
    if not name or Path(name).name != name or name.startswith("."):
        raise ValueError(f"chart name {name!r} must be a plain file name, without folders")
    records = [record for ax in fig.axes if (record := plotted(ax)) is not None]
    if redact:
        for record in records:
            shown = _unredacted(record)
            if shown:
                raise ValueError(f"{name}: the figure shows {shown}; draw it from redact_tidy(data) or "
                                 "redact_items(items), or pass redact=False to publish them")
    if data is not None:
        table = redact_tidy(data) if redact else data
        described = records or [record_for(table)]
    elif records:
        table, described = _figure_data(records), records
    else:
        raise ValueError(f"{name}: no metaexposure plot in this figure; pass data= (and alt=)")
    if alt is None:
        alt = " ".join(describe(record) for record in described)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"svg": out / f"{name}.svg", "png": out / f"{name}@2x.png", "alt": out / f"{name}.alt.txt",
             "csv": out / f"{name}.csv"}
    with mpl.rc_context(SVG_RC):
        fig.savefig(paths["svg"], format="svg", metadata=SVG_METADATA)
        fig.savefig(paths["png"], format="png", dpi=PNG_DPI, metadata=PNG_METADATA)
    paths["alt"].write_text(alt.strip() + "\n", encoding="utf-8")
    # Unredacted, the table holds album names anyone could have typed: none may run as a spreadsheet formula.
    escape.csv_frame(_csv_ready(table)).to_csv(paths["csv"], index=False, lineterminator="\n", float_format="%.6g")
    return paths


def _platforms(items: pd.DataFrame) -> str:
    names = [p.title() for p in PLATFORMS if p in set(items["platform"].astype(object))]
    if not names:
        return "Facebook and Instagram"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _charts(items: pd.DataFrame, account: pd.DataFrame, unknown: str) -> list[dict[str, Any]]:
    """The standard set: name, title, tidy data, how to draw it, figure height (inches)."""
    from . import exposure
    from .plots import (
        plot_by_album,
        plot_by_audience,
        plot_by_where,
        plot_by_year_kind,
        plot_exposure_timeline,
        plot_location_exposure,
    )

    albums = exposure.by_album(items, unknown=unknown)
    audiences = exposure.by_audience(items, unknown=unknown)
    years = exposure.by_year(items, unknown=unknown)
    bars = max(albums.groupby(["platform", "album"], observed=True).ngroups, 1)
    kinds = max(years["kind"].astype(object).nunique(), 1)
    charts = [
        {"name": "exposure-timeline", "title": f"How much of my {_platforms(items)} is public, over time",
         "data": exposure.exposure_timeline(items, account=account, unknown=unknown),
         "draw": lambda d, ax: plot_exposure_timeline(d, ax=ax, account=account), "height": 4.8},
        {"name": "albums", "title": "Which albums are public",
         "data": albums, "draw": lambda d, ax: plot_by_album(d, ax=ax),
         "height": 1.6 + 0.34 * min(bars, 13)},
        {"name": "audience", "title": "Who can see my items, and how we know",
         "data": audiences, "draw": lambda d, ax: plot_by_audience(d, ax=ax),
         "height": 1.6 + 0.34 * max(len(audiences[audiences["n"] > 0].groupby(
             ["audience", "audience_basis"], observed=True)), 1)},
        {"name": "year-kind", "title": "Public items by year and kind",
         "data": years, "draw": lambda d, ax: plot_by_year_kind(d, ax=ax), "height": 1.9 + 0.42 * kinds},
        {"name": "locations", "title": "Public items that reveal where I was",
         "data": exposure.location_exposure(items, unknown=unknown),
         "draw": lambda d, ax: plot_location_exposure(d, ax=ax), "height": 6.0},
    ]
    # Comments, group posts and posts on others' Pages (issue 15): the chart only when there are some.
    if "where" in items and (items["where"].astype(object) != "own").any():
        places = exposure.by_where(items, unknown=unknown)
        charts.append({"name": "where", "title": "Where I shared things, and how much of it is public",
                       "data": places, "draw": lambda d, ax: plot_by_where(d, ax=ax),
                       "height": 1.6 + 0.34 * max(places["where"].nunique(), 1)})
    return charts


def _footer(redact: bool, chart: str) -> str:
    note = "Audience inferred from the export by metaexposure; unknown: the export does not say."
    if redact and chart == "albums":
        note += " Album names redacted."
    if redact and chart == "locations":
        note += f" Positions rounded to {REDACT_GRID:g}° cells."
    return note


def _index(charts: list[dict[str, Any]], redact: bool, platforms: str) -> str:
    lines = [f"# Charts: what of my {platforms} is public", "",
             "Made with metaexposure from a \"Download Your Information\" export. Audience is inferred: no "
             "export records who could see each item, so *unknown* means the export does not say.", ""]
    if redact:
        lines += [f"Redacted: albums I named are shown as \"Album A, B, …\"; locations are rounded to "
                  f"{REDACT_GRID:g}° cells; no captions, names or places appear.", ""]
    for chart in charts:
        files = chart["files"]
        # Unredacted, alt text quotes album names: escaped, none can open a tag or link or end the image.
        alt = escape.markdown(chart["alt"])
        lines += [f"## {chart['title']}", "", f"![{alt}]({files['svg'].name})", "", f"Alt text: {alt}", "",
                  f"Files: [SVG]({files['svg'].name}) · [PNG 2x]({files['png'].name}) · "
                  f"[alt text]({files['alt'].name}) · [data (CSV)]({files['csv'].name})", ""]
    return "\n".join(lines)


def chart_set(ex: Any, out_dir: PathLike, *, redact: bool = True, unknown: str = "separate") -> list[dict]:
    """Write the standard charts of an Export and an ``index.md`` listing each with its alt text.

    Returns one dict per chart: ``name``, ``title``, ``alt`` and ``files`` (as ``export_chart``).
    """
    from .plots import theme

    out = Path(out_dir)
    inside = export_folder_around(out / "index.md", getattr(ex, "paths", None) or ())
    if inside is not None:
        raise ValueError(f"{out} lies inside the export folder {inside}; the kit never writes into an export: "
                         "choose a folder outside it")
    items, account = ex.items, ex.account
    if redact:
        # Redact before any analysis: nothing secret ever reaches a figure.
        items, account = redact_items(items), redact_tidy(account)
    written = []
    for chart in _charts(items, account, unknown):
        # A bare Figure, not pyplot: no GUI backend, nothing left open in pyplot's registry.
        with theme():
            fig = Figure(figsize=(8.0, chart["height"]))
            ax = fig.add_subplot()
            chart["draw"](chart["data"], ax)
            if not ax.has_data() and not ax.texts:
                ax.set_axis_off()
                ax.text(0.5, 0.5, "Nothing to show in this export.", transform=ax.transAxes,
                        ha="center", va="center", color="#555555")
            fig.suptitle(chart["title"], x=0.01, ha="left", fontsize=14, fontweight="bold")
            fig.supxlabel(_footer(redact, chart["name"]), x=0.01, ha="left", fontsize=8, color="#555555")
            files = export_chart(fig, chart["name"], out, redact=redact)
        alt = files["alt"].read_text(encoding="utf-8").strip()
        written.append({"name": chart["name"], "title": chart["title"], "alt": alt, "files": files})
    (out / "index.md").write_text(escape.markdown_document(_index(written, redact, _platforms(items))),
                                  encoding="utf-8")
    return written
