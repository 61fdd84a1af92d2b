"""HTML the Explorer shows: pure functions of data, every user string escaped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import escape
from .filters import Summary

COLOURS = {"public": "#c62828", "unknown": "#90a4ae", "not_public": "#2e7d32"}
EXPOSURE_LABELS = {"public": "public", "unknown": "unknown", "not_public": "not public"}
FLAG_LABELS = {"delete": "delete", "make_private": "make private", "keep": "keep"}
FLAG_COLOURS = {"delete": "#b71c1c", "make_private": "#e65100", "keep": "#1b5e20"}

# Styles for the classes the Explorer adds to its widgets; an HTML widget carries them because
# ipywidgets has no other way to style a tile's border or a badge.
STYLE = """<style>
.mx-explorer .mx-tile {border: 2px solid #e0e0e0; border-radius: 4px; padding: 3px; background: #fff;}
.mx-explorer .mx-tile.mx-selected {border-color: #1565c0; background: #e3f2fd;}
.mx-explorer .mx-tile.mx-focus {box-shadow: 0 0 0 2px #ffb300;}
.mx-explorer .mx-tile .widget-html-content {line-height: 1.25; font-size: 12px;}
.mx-explorer .mx-badge {display: inline-block; padding: 0 5px; border-radius: 8px; color: #fff;
  font-size: 11px; line-height: 16px; margin-right: 3px;}
.mx-explorer .mx-muted {color: #607d8b;}
.mx-explorer .mx-line {display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}
.mx-explorer .mx-detail table {border-collapse: collapse; font-size: 12.5px;}
.mx-explorer .mx-detail th {text-align: left; padding: 1px 8px 1px 0; color: #546e7a; font-weight: 500;
  vertical-align: top; white-space: nowrap;}
.mx-explorer .mx-detail td {padding: 1px 0; vertical-align: top; word-break: break-word;}
.mx-explorer .mx-caption {white-space: pre-wrap; max-height: 9em; overflow: auto; margin: 4px 0 6px;
  font-size: 13px; border-left: 3px solid #cfd8dc; padding-left: 6px;}
.mx-explorer .mx-head {font-size: 13px;}
.mx-explorer .mx-confirm {background: #fff8e1; border: 1px solid #ffb300; padding: 4px 8px;}
</style>"""


# Every string shown here may come from an export or the review file: escape.html is the one way in.
esc = escape.html


def badge(text: str, colour: str) -> str:
    """A small coloured label."""
    return f'<span class="mx-badge" style="background:{colour}">{esc(text)}</span>'


def day(value: Any) -> str:
    """A timestamp as YYYY-MM-DD, or an em dash when absent."""
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def exposure_of(audience: str) -> str:
    """public, unknown or not_public."""
    return audience if audience in ("public", "unknown") else "not_public"


def _shares(summary: Summary) -> str:
    parts = []
    for name in ("public", "unknown", "not_public"):
        n = summary.by_exposure.get(name, 0)
        share = f" ({n / summary.count:.0%})" if summary.count else ""
        parts.append(f'{badge(EXPOSURE_LABELS[name], COLOURS[name])}{n:,}{share}')
    return " &nbsp; ".join(parts)


def headline_html(summary: Summary, review_path: str) -> str:
    """The whole export at a glance: exposure, AI exposure, flags and where decisions are saved."""
    return (f'<div class="mx-head"><b>Whole export: {summary.count:,} items</b> &nbsp; {_shares(summary)}'
            f' &nbsp; · &nbsp; <b>{summary.ai_exposed:,}</b> public on or after 2024-06-26 (AI training)'
            f' &nbsp; · &nbsp; <b>{summary.flagged:,}</b> flagged'
            f'<br><span class="mx-muted">Decisions are saved at once to {esc(review_path)}</span></div>')


def year_chart_svg(by_year: tuple[tuple[int, int, int, int], ...], width: int = 560, height: int = 84) -> str:
    """Stacked columns per year (public, unknown, not public) as inline SVG."""
    if not by_year:
        return '<span class="mx-muted">no dated items</span>'
    top, bottom = 4, 16
    peak = max(sum(row[1:]) for row in by_year) or 1
    slot = width / len(by_year)
    bar = max(1.0, slot * 0.8)
    shapes = []
    for i, (year, public, not_public, unknown) in enumerate(by_year):
        x, y = i * slot + (slot - bar) / 2, height - bottom
        title = f"{year}: {public:,} public, {unknown:,} unknown, {not_public:,} not public"
        shapes.append(f"<g><title>{esc(title)}</title>")
        for name, n in (("public", public), ("unknown", unknown), ("not_public", not_public)):
            h = (height - top - bottom) * n / peak
            if h > 0:
                y -= h
                shapes.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                              f'fill="{COLOURS[name]}"/>')
        shapes.append("</g>")
    step = max(1, round(len(by_year) / 8))
    for i, row in enumerate(by_year):
        if i % step == 0 or i == len(by_year) - 1:
            shapes.append(f'<text x="{i * slot + slot / 2:.1f}" y="{height - 3}" font-size="10" '
                          f'text-anchor="middle" fill="#546e7a">{row[0]}</text>')
    return (f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="items per year by exposure">{"".join(shapes)}</svg>')


def summary_html(summary: Summary, total: int) -> str:
    """The live count and chart of what the filters show."""
    shown = "all" if summary.count == total else f"{summary.count:,} of {total:,}"
    head = (f'<div class="mx-head"><b style="font-size:15px">{summary.count:,}</b> items shown '
            f'<span class="mx-muted">({shown})</span> &nbsp; {_shares(summary)}'
            f' &nbsp; · &nbsp; {summary.ai_exposed:,} AI-exposed &nbsp; · &nbsp; {summary.flagged:,} flagged</div>')
    return head + year_chart_svg(summary.by_year)


def tile_html(row: Mapping[str, Any], flag: Mapping[str, Any] | None) -> str:
    """Two short lines under a thumbnail: date and kind, audience and flag."""
    audience = str(row["audience"])
    line2 = badge(audience.replace("_", " "), COLOURS[exposure_of(audience)])
    if flag:
        action = str(flag.get("action", ""))
        line2 += badge(FLAG_LABELS.get(action, action), FLAG_COLOURS.get(action, "#455a64"))
    caption = " ".join(str(row["caption"] or row["album"] or "").split())
    return (f'<div><span class="mx-line"><b>{day(row["created"])}</b> <span class="mx-muted">'
            f'{esc(str(row["kind"]).replace("_", " "))}</span></span><span class="mx-line">{line2}</span>'
            f'<span class="mx-line mx-muted" title="{esc(caption[:300])}">'
            f'{esc(caption[:120]) or "&nbsp;"}</span></div>')


def _safe_link(url: str) -> str:
    # only links to Meta's own sites become clickable: an export is data, and data must not inject javascript:
    # URLs or send the person to a tracker; any other link is shown as text
    link = escape.safe_link(url)
    return escape.html_link(link, f"open on {link.split('/')[2]}") if link else esc(url) or "—"


def _labels_text(labels: Mapping[str, str], basis: str) -> str:
    text = esc(", ".join(f"{k}: {v.replace('_', ' ')}" for k, v in labels.items())) or "—"
    if labels and not basis.startswith("label:"):
        # e.g. an archived or deleted item: what the export says now outranks an older label
        text += f' <span class="mx-muted">(not applied: {esc(basis)} decides)</span>'
    return text


def detail_html(row: Mapping[str, Any] | None, flag: Mapping[str, Any] | None,
                labels: Mapping[str, str]) -> str:
    """Everything known about one item, for the detail pane."""
    if row is None:
        return '<div class="mx-detail mx-muted">No item to show: the filters match nothing.</div>'
    audience = str(row["audience"])
    basis = str(row["audience_basis"])
    location = esc(row.get("place", ""))
    if pd.notna(row.get("latitude")) and pd.notna(row.get("longitude")):
        location = f'{location} ({row["latitude"]:.4f}, {row["longitude"]:.4f})'.strip()
    flag_text = "—"
    if flag:
        action = str(flag.get("action", ""))
        flag_text = badge(FLAG_LABELS.get(action, action), FLAG_COLOURS.get(action, "#455a64"))
        when = str(flag.get("when", ""))[:16].replace("T", " ")
        flag_text += f' <span class="mx-muted">{esc(when)}{" UTC" if when else ""}</span>'
        if flag.get("note"):
            flag_text += f"<br>{esc(flag['note'])}"
    fields = [
        ("Platform", f'{esc(row["platform"])} {esc(row["kind"])}'),
        ("Created", day(row["created"])),
        ("Taken", day(row.get("taken"))),
        ("Album", esc(row["album"]) or "—"),
        ("Status", esc(row["status"])),
        ("Audience", f'{badge(audience.replace("_", " "), COLOURS[exposure_of(audience)])}'
                     f' <span class="mx-muted">basis: {esc(basis)}</span>'),
        ("Public since", day(row.get("public_since"))),
        ("AI-exposed", "yes" if bool(row.get("ai_exposed")) else "no"),
        ("Your labels", _labels_text(labels, basis)),
        ("Location", location or "—"),
        ("Tagged", esc(row.get("tagged", 0))),
        ("Flag", flag_text),
        ("Link", _safe_link(str(row.get("link") or ""))),
        ("File", esc(row.get("uri")) or "— (text post)"),
    ]
    caption = esc(row["caption"]) or '<span class="mx-muted">(no caption)</span>'
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in fields)
    return f'<div class="mx-detail"><div class="mx-caption">{caption}</div><table>{table}</table></div>'
