"""Blog-ready chart files (SVG, 2x PNG, alt text, CSV), deterministic and redacted by default."""

from __future__ import annotations

import io
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
from .headline import ALT_LIMIT, short_alt
from .plots import Plotted, describe, plotted
from .plots.describe import record_for
from .plots.style import EXPOSURES
from .publish_svg import accessible_svg
from .records import KINDS, STATUSES, WHERES

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
# Text stays text (svg.fonttype none): readable by screen readers and search, selectable, and smaller.
SVG_RC = {"svg.hashsalt": "metaexposure", "svg.fonttype": "none", "svg.id": "chart"}
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


def _opening(text: str) -> str:
    """The first clause of a description, as alt text under ALT_LIMIT characters."""
    first = text.split(". ")[0].split(": ")[0].split("; ")[0].rstrip(".")
    if len(first) >= ALT_LIMIT:
        first = first[: ALT_LIMIT - 2].rsplit(" ", 1)[0].rstrip(",;:")
    return first + "."


def _title_of(fig: Figure) -> str:
    """The figure's own title, for the SVG's ``<title>``: suptitle, else the first Axes title."""
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        return suptitle.get_text()
    for ax in fig.axes:
        for loc in ("left", "center", "right"):
            if ax.get_title(loc):
                return ax.get_title(loc)
    return ""


def _images(fig: Figure, stem: str, out: Path, *, title: str, description: str, card: bool) -> dict[str, Path]:
    """``stem.svg`` (accessible, text as text) and ``stem@2x.png``; a card also gets its exact-size ``stem.png``."""
    paths = {"svg": out / f"{stem}.svg", "png": out / f"{stem}@2x.png"}
    buffer = io.StringIO()
    # Ids and clip-path hashes salted per file: deterministic, and two charts on one page never share one.
    with mpl.rc_context({**SVG_RC, "svg.hashsalt": f"metaexposure-{stem}"}):
        fig.savefig(buffer, format="svg", metadata=SVG_METADATA)
        fig.savefig(paths["png"], format="png", dpi=PNG_DPI, metadata=PNG_METADATA)
        if card:
            paths["card"] = out / f"{stem}.png"
            fig.savefig(paths["card"], format="png", dpi=PNG_DPI // 2, metadata=PNG_METADATA)
    width, height = (round(v * PNG_DPI / 2) for v in fig.get_size_inches())
    uid = "me-" + re.sub(r"[^\w-]", "-", stem)
    paths["svg"].write_text(accessible_svg(buffer.getvalue(), uid=uid, title=title, description=description,
                                           width_px=width, height_px=height), encoding="utf-8")
    return paths


def export_chart(fig: Figure, name: str, out_dir: PathLike, alt: str | None = None,
                 data: pd.DataFrame | None = None, redact: bool = True, *, title: str | None = None,
                 description: str | None = None, text_name: str | None = None, text_files: bool = True,
                 card: bool = False) -> dict[str, Path]:
    """Write ``name.svg``, ``name@2x.png``, ``name.alt.txt``, ``name.desc.txt`` and ``name.csv``; returns their paths.

    The CSV holds the numbers the metaexposure plot functions drew (or ``data``, redacted). The long
    description (``desc.txt`` and the SVG's ``<desc>``) is written from those numbers unless given; the alt
    text is short (under about 150 characters): the chart's kind and its title. With ``redact=True`` a figure
    drawn from unredacted album names or coordinates is refused: draw it from ``redact_tidy(...)``.
    ``text_name`` names the alt, description and CSV files when they differ from the images' (a chart's
    sizes and themes share them); ``text_files=False`` writes only the images; ``card`` adds a 1x PNG.
    """
    for given in (name, text_name or name):
        if not given or Path(given).name != given or given.startswith("."):
            raise ValueError(f"chart name {given!r} must be a plain file name, without folders")
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
    if description is None:
        description = " ".join(describe(record) for record in described)
    title = title if title is not None else _title_of(fig)
    if alt is None:
        # The chart's kind and its title; untitled, the description's opening words.
        alt = short_alt(described[0], title) if title else _opening(description)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = _images(fig, name, out, title=title or alt, description=description, card=card)
    if not text_files:
        return paths
    stem = text_name or name
    paths.update(alt=out / f"{stem}.alt.txt", desc=out / f"{stem}.desc.txt", csv=out / f"{stem}.csv")
    paths["alt"].write_text(alt.strip() + "\n", encoding="utf-8")
    paths["desc"].write_text(description.strip() + "\n", encoding="utf-8")
    # Unredacted, the table holds album names anyone could have typed: none may run as a spreadsheet formula.
    escape.csv_frame(_csv_ready(table)).to_csv(paths["csv"], index=False, lineterminator="\n", float_format="%.6g")
    return paths


def __getattr__(name: str) -> Any:
    # publish.chart_set, as before issue 17 moved the set to chartset.py (which draws with export_chart above).
    if name == "chart_set":
        from .chartset import chart_set

        return chart_set
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
