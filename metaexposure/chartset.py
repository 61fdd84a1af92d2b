"""The standard chart set for a blog post: every chart in each size and theme, drawn for itself (DESIGN.md §9).

A chart is re-drawn from its data for each size (article column, 1200x630 social card, narrow phone column)
and theme (light, dark), never a rescaled figure: type stays at its designed size and the layout follows the
room. Each chart states its finding in the headline (computed from the numbers, overridable), a subtitle gives
the export's date and how the audience was inferred, and the files carry a short alt text and a long
description whose numbers are those of the chart's CSV.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from . import escape, exposure
from .frame import PLATFORMS
from .headline import Facts, facts_of, headline, short_alt, subtitle
from .plots import describe, plotted, theme
from .plots import style as plot_style
from .publish import REDACT_GRID, export_chart, redact_items, redact_tidy
from .review import export_folder_around

PathLike = str | os.PathLike[str]
SIZES = ("article", "card", "narrow")
THEMES = ("light", "dark")
# How many bars each size has room for: a card is a glance, a phone column is long and thin.
TOP = {"article": 12, "card": 5, "narrow": 8}
_MEASURE = TextToPath()


@dataclass
class Chart:
    """One chart of the set: its file name, tidy data, how to draw it, and how tall it is per row of data."""

    name: str
    data: pd.DataFrame
    draw: Callable[[pd.DataFrame, Axes, int], Axes]
    body: Callable[[plot_style.Size], float]  # inches below the headline, for sizes without a fixed height


def variant(name: str, size: str, theme_name: str) -> str:
    """``albums``, ``albums-card``, ``albums-narrow-dark``: one file stem per size and theme."""
    return name + ("" if size == "article" else f"-{size}") + ("-dark" if theme_name == "dark" else "")


def _platforms(items: pd.DataFrame) -> str:
    names = [p.title() for p in PLATFORMS if p in set(items["platform"].astype(object))]
    if not names:
        return "Facebook and Instagram"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _rows(n: int, per_row: float, extra: float = 1.3) -> Callable[[plot_style.Size], float]:
    """Height for ``n`` bars: a narrow column puts each label above its bar, so a row takes two lines."""
    def body(at: plot_style.Size) -> float:
        row = per_row * at.font / 11 * (1.9 if at.name == "narrow" else 1.0)
        return extra * at.font / 11 + row * n
    return body


def _charts(items: pd.DataFrame, account: pd.DataFrame, unknown: str) -> list[Chart]:
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
    audience_rows = max(len(audiences[audiences["n"] > 0].groupby(["audience", "audience_basis"], observed=True)), 1)
    charts = [
        Chart("exposure-timeline", exposure.exposure_timeline(items, account=account, unknown=unknown),
              lambda d, ax, _top: plot_exposure_timeline(d, ax=ax, account=account),
              lambda at: 3.4 if at.name == "narrow" else 4.2),
        Chart("albums", albums, lambda d, ax, top: plot_by_album(d, ax=ax, top=top),
              lambda at: _rows(min(bars, TOP[at.name] + 1), 0.34)(at)),
        Chart("audience", audiences, lambda d, ax, top: plot_by_audience(d, ax=ax, top=top),
              lambda at: _rows(min(audience_rows, TOP[at.name] + 1), 0.34)(at)),
        Chart("year-kind", years, lambda d, ax, _top: plot_by_year_kind(d, ax=ax),
              lambda at: (2.4 + 0.42 * kinds) * at.font / 11),  # two legend rows: the scale, "?" cells
        Chart("locations", exposure.location_exposure(items, unknown=unknown),
              lambda d, ax, _top: plot_location_exposure(d, ax=ax),
              # A world map is about twice as wide as tall, plus its legend (location.py's map_view).
              lambda at: at.width * 0.37 + 0.7 * at.font / 11),
    ]
    # Comments, group posts and posts on others' Pages (issue 15): the chart only when there are some.
    if "where" in items and (items["where"].astype(object) != "own").any():
        places = exposure.by_where(items, unknown=unknown)
        charts.append(Chart("where", places, lambda d, ax, top: plot_by_where(d, ax=ax, top=top),
                            _rows(max(places["where"].nunique(), 1), 0.34)))
    return charts


def _wrap(text: str, width_points: float, points: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` that fit ``width_points`` in DejaVu Sans at ``points`` (measured, not guessed)."""
    font = FontProperties(family="DejaVu Sans", size=points, weight="bold" if bold else "normal")
    words, lines = text.split(), []
    for word in words:
        trial = f"{lines[-1]} {word}" if lines else word
        wide = _MEASURE.get_text_width_height_descent(trial, font, ismath=False)[0] * (1.06 if bold else 1.0)
        if lines and wide <= width_points:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines or [""]


def _footer(redact: bool, name: str) -> str:
    note = "Made with metaexposure from the author's own export."
    if redact and name == "albums":
        note += " Album names redacted."
    if redact and name == "where":
        note += " Group, Page and people's names redacted."
    if redact and name == "locations":
        note += f" Positions rounded to {REDACT_GRID:g}° cells."
    return note


def draw(chart: Chart, title: str, sub: str, footer: str, *, size: str = "article", dark: bool = False) -> Figure:
    """One chart as a bare Figure (no pyplot: no GUI backend, nothing left open) in one size and theme."""
    with theme(dark=dark, size=size):
        at, colours = plot_style.size(), plot_style.scheme()
        room = at.width * 72 - 14  # points, less the margins
        # An author's title may hold pasted control or bidi-override characters: shown text drops them.
        title, sub, footer = escape.plain(title), escape.plain(sub), escape.plain(footer)
        heads = [escape.mpl(line) for line in _wrap(title, room, at.title, bold=True)]
        subs = [escape.mpl(line) for line in _wrap(sub, room, at.small)]
        header = (len(heads) * at.title * 1.22 + len(subs) * at.small * 1.3 + 14) / 72
        foots = [escape.mpl(line) for line in _wrap(footer, room, at.small)]
        foot = (len(foots) * at.small * 1.3 + 8) / 72
        height = at.height or header + chart.body(at) + foot
        fig = Figure(figsize=(at.width, height))
        # Constrained layout keeps the chart (ticks, labels, legend) inside the band between headline and
        # footer; the texts are placed in that frame's margins, left-aligned with the figure's edge.
        fig.get_layout_engine().set(rect=(0, foot / height, 1, 1 - (header + foot) / height))
        pad = 7 / 72 / at.width
        fig.text(pad, 1 - 5 / 72 / height, "\n".join(heads), ha="left", va="top", fontsize=at.title,
                 fontweight="bold", color=colours.ink, linespacing=1.1)
        fig.text(pad, 1 - (header - 4 / 72) / height, "\n".join(subs), ha="left", va="bottom", fontsize=at.small,
                 color=colours.muted, linespacing=1.15)
        fig.text(pad, 4 / 72 / height, "\n".join(foots), ha="left", va="bottom", fontsize=at.small,
                 color=colours.muted, linespacing=1.15)
        ax = fig.add_subplot()
        chart.draw(chart.data, ax, TOP[at.name])
        if not ax.has_data() and not ax.texts:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "Nothing to show in this export.", transform=ax.transAxes, ha="center",
                    va="center", color=colours.muted)
    return fig


def _index(written: list[dict[str, Any]], redact: bool, platforms: str) -> str:
    lines = [f"# Charts: what of my {platforms} is public", "",
             "Made with metaexposure from a \"Download Your Information\" export. Audience is inferred: no "
             "export records who could see each item, so *unknown* means the export does not say.", ""]
    if redact:
        lines += [f"Redacted: albums I named are shown as \"Album A, B, …\", groups, Pages and people as "
                  f"\"Group A\", \"Page A\", \"Person A\"; locations are rounded to {REDACT_GRID:g}° cells; no "
                  "captions, names or places appear.", ""]
    for chart in written:
        files = chart["files"]
        # Unredacted, alt text may quote album names: escaped, none can open a tag or link or end the image.
        alt = escape.markdown(chart["alt"])
        others = " · ".join(f"[{key}]({path.name})" for key, path in list(chart["variants"].items())[1:])
        lines += [f"## {escape.markdown(chart['title'])}", "", f"![{alt}]({files['svg'].name})", "",
                  f"Alt text: {alt}", "", f"Description: {escape.markdown(chart['description'])}", "",
                  f"Files: [SVG]({files['svg'].name}) · [PNG 2x]({files['png'].name}) · "
                  f"[alt text]({files['alt'].name}) · [description]({files['desc'].name}) · "
                  f"[data (CSV)]({files['csv'].name})", ""]
        if others:
            lines += [f"Other sizes and themes (SVG): {others}", ""]
    return "\n".join(lines)


def _index_html(written: list[dict[str, Any]], platforms: str) -> str:
    """A page that previews every chart in every size and theme, each on its own background."""
    cards = []
    for chart in written:
        figures = []
        for key, path in chart["variants"].items():
            dark = key.endswith("dark")
            figures.append(
                f'<figure class="{"dark" if dark else "light"}"><img src="{escape.html(path.name)}" '
                f'alt="{escape.html(chart["alt"])}" loading="lazy"><figcaption>{escape.html(key)}</figcaption>'
                "</figure>")
        cards.append(f'<section><h2>{escape.html(chart["title"])}</h2>'
                     f'<p class="desc">{escape.html(chart["description"])}</p>{"".join(figures)}</section>')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            # Nothing on this page may reach the network: images are the files beside it.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; "
            "style-src 'unsafe-inline'\">"
            f"<title>Charts: what of my {escape.html(platforms)} is public</title><style>"
            "body{font-family:'DejaVu Sans',Verdana,sans-serif;margin:2em;max-width:1300px}"
            "figure{display:inline-block;vertical-align:top;margin:0 1em 1em 0;padding:8px}"
            "figure img{max-width:100%;height:auto;display:block}"
            "figure.dark{background:#17181c;color:#e8e8e8}figure.light{background:#fff;border:1px solid #ddd}"
            ".desc{color:#444;max-width:70em}</style></head><body>"
            f"<h1>Charts: what of my {escape.html(platforms)} is public</h1>{''.join(cards)}</body></html>\n")


def _check(values: Iterable[str], allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    chosen = tuple(values)
    wrong = [v for v in chosen if v not in allowed]
    if wrong or not chosen:
        raise ValueError(f"{what} {wrong or chosen!r}: choose from {', '.join(allowed)}")
    return chosen


def chart_set(ex: Any, out_dir: PathLike, *, redact: bool = True, unknown: str = "separate",
              sizes: Iterable[str] = SIZES, themes: Iterable[str] = THEMES,
              titles: Mapping[str, str] | None = None) -> list[dict]:
    """Write the standard charts of an Export in each size and theme, with ``index.md`` and ``index.html``.

    Returns one dict per chart: ``name``, ``title`` (the headline; ``titles={"albums": "..."}`` overrides it),
    ``alt`` (short), ``description`` (long), ``files`` (the first size and theme's svg, png, alt, desc, csv)
    and ``variants`` (every size and theme's SVG, keyed like ``card-dark``).
    """
    sizes, themes = _check(sizes, SIZES, "sizes"), _check(themes, THEMES, "themes")
    out = Path(out_dir)
    inside = export_folder_around(out / "index.md", getattr(ex, "paths", None) or ())
    if inside is not None:
        raise ValueError(f"{out} lies inside the export folder {inside}; the kit never writes into an export: "
                         "choose a folder outside it")
    items, account = ex.items, ex.account
    facts: Facts = facts_of(items, account)  # before redaction: the jurisdiction is text redaction drops
    if redact:
        # Redact before any analysis: nothing secret ever reaches a figure.
        items, account = redact_items(items), redact_tidy(account)
    sub, written = subtitle(facts), []
    for chart in _charts(items, account, unknown):
        title = record = description = alt = None
        files: dict[str, Path] = {}
        variants: dict[str, Path] = {}
        for size in sizes:
            for theme_name in themes:
                if record is None:
                    # The headline comes from the numbers the first drawing plotted (the CSV's).
                    probe = draw(chart, "", "", "", size=size)
                    record = plotted(probe.axes[0])
                    title = (titles or {}).get(chart.name) or headline(record, facts, chart.data)
                    description = describe(record)
                    alt = short_alt(record, title)
                fig = draw(chart, title, sub, _footer(redact, chart.name), size=size, dark=theme_name == "dark")
                first = not files
                paths = export_chart(fig, variant(chart.name, size, theme_name), out, alt=alt, redact=redact,
                                     title=title, description=description, text_name=chart.name,
                                     text_files=first, card=size == "card")
                if first:
                    files = paths
                variants[f"{size}-{theme_name}"] = paths["svg"]
        written.append({"name": chart.name, "title": title, "alt": alt, "description": description,
                        "files": files, "variants": variants})
    platforms = _platforms(items)
    (out / "index.md").write_text(escape.markdown_document(_index(written, redact, platforms)), encoding="utf-8")
    (out / "index.html").write_text(_index_html(written, platforms), encoding="utf-8")
    return written
