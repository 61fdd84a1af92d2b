"""HTML the Explorer shows: pure functions of data, every user string escaped.

Chrome (backgrounds, text, borders) follows the JupyterLab theme through its ``--jp-*`` CSS variables, so
tiles read in JupyterLab Dark as in Light; data colours (exposure, flags) come from ``palette``, the charts'
own, as CSS variables with a dark variant chosen by the theme's ``data-jp-theme-light`` attribute.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import escape, palette
from ..words import AUDIENCE_WORDS, BASIS_WORDS, FLAG_WORDS, KIND_WORDS, STATUS_WORDS, WHERE_WORDS, plural, word
from .filters import Summary

EXPOSURE_LABELS = {"public": "public", "unknown": "unknown", "not_public": "not public"}


def _variables(exposure: Mapping[str, str]) -> str:
    colours = {**{f"x-{k}": v for k, v in exposure.items()}, **{f"f-{k}": v for k, v in palette.FLAG_COLORS.items()}}
    return " ".join(f"--mx-{name}: {c}; --mx-{name}-ink: {palette.ink_on(c)};" for name, c in colours.items())


def _badge_rules() -> str:
    names = [f"x-{k}" for k in palette.EXPOSURES] + [f"f-{k}" for k in palette.FLAGS]
    return "\n".join(f".mx-explorer .mx-{n} {{background: var(--mx-{n}); color: var(--mx-{n}-ink);}}\n"
                     f".mx-explorer .mx-bar-{n} {{fill: var(--mx-{n});}}" for n in names)


# Styles for the classes the Explorer adds to its widgets; an HTML widget carries them because ipywidgets
# has no other way to style a tile's border or a badge. Fallbacks after each --jp-* keep them readable
# outside JupyterLab.
STYLE = f"""<style>
.mx-explorer {{{_variables(palette.EXPOSURE_COLORS)}}}
body[data-jp-theme-light="false"] .mx-explorer {{{_variables(palette.EXPOSURE_COLORS_DARK)}}}
{_badge_rules()}
.mx-explorer .mx-tile {{border: 2px solid var(--jp-border-color2, #e0e0e0); border-radius: 4px; padding: 3px;
  background: var(--jp-layout-color1, #fff); color: var(--jp-ui-font-color1, #212121);}}
.mx-explorer .mx-tile.mx-selected {{border-color: var(--jp-brand-color1, #1976d2);
  box-shadow: inset 0 0 0 2px var(--jp-brand-color1, #1976d2);}}
.mx-explorer .mx-tile.mx-focus {{outline: 3px solid var(--jp-warn-color1, #f57c00); outline-offset: 1px;}}
.mx-explorer .mx-grid:focus {{outline: 2px dashed var(--jp-brand-color1, #1976d2); outline-offset: 3px;}}
.mx-explorer .mx-face {{cursor: pointer;}}
.mx-explorer .mx-text-face {{box-sizing: border-box; height: 100%; overflow: hidden; padding: 6px 8px;
  font-size: 12.5px; line-height: 1.35; white-space: pre-wrap; word-break: break-word;
  background: var(--jp-layout-color2, #eee); color: var(--jp-ui-font-color1, #212121);
  border-left: 3px solid var(--jp-border-color1, #bdbdbd);}}
.mx-explorer .mx-tile .widget-html-content {{line-height: 1.25; font-size: 12px;}}
.mx-explorer .mx-badge {{display: inline-block; padding: 0 5px; border-radius: 8px; font-size: 11px;
  line-height: 16px; margin-right: 3px;}}
.mx-explorer .mx-muted {{color: var(--jp-ui-font-color2, #616161);}}
.mx-explorer .mx-error {{color: var(--jp-error-color1, #d32f2f);}}
.mx-explorer .mx-axis {{fill: var(--jp-ui-font-color2, #616161);}}
.mx-explorer .mx-line {{display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}}
.mx-explorer .mx-detail table {{border-collapse: collapse; font-size: 12.5px;}}
.mx-explorer .mx-detail th {{text-align: left; padding: 1px 8px 1px 0; color: var(--jp-ui-font-color2, #616161);
  font-weight: 500; vertical-align: top; white-space: nowrap;}}
.mx-explorer .mx-detail td {{padding: 1px 0; vertical-align: top; word-break: break-word;}}
.mx-explorer .mx-caption {{white-space: pre-wrap; max-height: 9em; overflow: auto; margin: 4px 0 6px;
  font-size: 13px; border-left: 3px solid var(--jp-border-color1, #bdbdbd); padding-left: 6px;}}
.mx-explorer .mx-head {{font-size: 13px;}}
.mx-explorer .mx-confirm, .mx-explorer .mx-notice {{background: var(--jp-layout-color2, #eee);
  color: var(--jp-ui-font-color1, #212121); border: 1px solid var(--jp-warn-color1, #f57c00); padding: 4px 8px;}}
</style>"""

# Every string shown here may come from an export or the review file: escape.html is the one way in.
esc = escape.html


def exposure_of(audience: str) -> str:
    """public, unknown or not_public."""
    return audience if audience in ("public", "unknown") else "not_public"


def badge(text: str, kind: str) -> str:
    """A small label coloured by the palette: ``kind`` is ``x-public`` (an exposure) or ``f-delete`` (a flag)."""
    return f'<span class="mx-badge mx-{esc(kind)}">{esc(text)}</span>'


def audience_badge(audience: str) -> str:
    return badge(word(AUDIENCE_WORDS, audience), f"x-{exposure_of(audience)}")


def flag_badge(action: str) -> str:
    """A flag with its shape (✕ delete, ◐ make private, ✓ keep): told apart without colour too."""
    shape = palette.FLAG_SHAPES.get(action, "•")
    return badge(f"{shape} {word(FLAG_WORDS, action)}", f"f-{action}" if action in palette.FLAGS else "f-none")


def day(value: Any) -> str:
    """A timestamp as YYYY-MM-DD, or an em dash when absent."""
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _shares(summary: Summary) -> str:
    parts = []
    for name in palette.EXPOSURES:
        n = summary.by_exposure.get(name, 0)
        share = f" ({n / summary.count:.0%})" if summary.count else ""
        parts.append(f'{badge(EXPOSURE_LABELS[name], f"x-{name}")}{n:,}{share}')
    return " &nbsp; ".join(parts)


def ai_note(summary: Summary, ai_start: str) -> str:
    """AI-exposed beside public-now, saying why the two numbers differ (when they do)."""
    public = summary.by_exposure.get("public", 0)
    text = f"<b>{summary.ai_exposed:,}</b> public on or after {esc(ai_start)} (Meta's AI training)"
    reasons = []
    if summary.ai_not_public_now:
        n = summary.ai_not_public_now
        reasons.append(f"{plural(n, 'item')} public then {'is' if n == 1 else 'are'} not public or unknown now")
    if summary.public_not_ai:
        n = summary.public_not_ai
        reasons.append(f"{plural(n, 'item')} public now {'was' if n == 1 else 'were'} not public since then")
    if reasons:
        text += f' <span class="mx-muted">(not the {public:,} public now: {"; ".join(reasons)})</span>'
    return text


def _flagged(summary: Summary) -> str:
    if not summary.flagged:
        return "<b>0</b> flagged"
    badges = " ".join(f"{flag_badge(a)}{n:,}" for a, n in summary.by_flag.items() if n)
    return f"<b>{summary.flagged:,}</b> flagged: {badges}"


def headline_html(summary: Summary, review_path: str, ai_start: str) -> str:
    """The whole export at a glance: exposure, AI exposure, decisions, and where they are saved."""
    return (f'<div class="mx-head"><b>Whole export: {plural(summary.count, "item")}</b> &nbsp; {_shares(summary)}'
            f'<br>{ai_note(summary, ai_start)} &nbsp; · &nbsp; {_flagged(summary)}'
            f'<br><span class="mx-muted">Decisions are saved at once to {esc(review_path)}; what shows here is '
            "what the store holds (decisions made in a notebook cell or another window show within seconds)"
            "</span></div>")


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
                              f'class="mx-bar-x-{name}"/>')
        shapes.append("</g>")
    step = max(1, round(len(by_year) / 8))
    for i, row in enumerate(by_year):
        if i % step == 0 or i == len(by_year) - 1:
            shapes.append(f'<text x="{i * slot + slot / 2:.1f}" y="{height - 3}" font-size="10" '
                          f'text-anchor="middle" class="mx-axis">{row[0]}</text>')
    return (f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="items per year by exposure">{"".join(shapes)}</svg>')


def summary_html(summary: Summary, total: int, ai_start: str) -> str:
    """The live count and chart of what the filters show."""
    shown = "all" if summary.count == total else f"{summary.count:,} of {total:,}"
    head = (f'<div class="mx-head"><b style="font-size:15px">{summary.count:,}</b> '
            f'{"item" if summary.count == 1 else "items"} shown <span class="mx-muted">({shown})</span> &nbsp; '
            f"{_shares(summary)}<br>{ai_note(summary, ai_start)} &nbsp; · &nbsp; {_flagged(summary)}</div>")
    return head + year_chart_svg(summary.by_year)


def has_picture(row: Mapping[str, Any]) -> bool:
    """Whether a tile shows a thumbnail; a text post or a comment without a photo shows its text instead."""
    return bool(row.get("uri"))


def where_text(row: Mapping[str, Any]) -> str:
    """Where an item was shared, in words, with the group's, Page's or person's name ("" for your own)."""
    where = str(row.get("where") or "own")
    if where == "own":
        return ""
    name = " ".join(str(row.get("where_name") or "").split())
    return f"{word(WHERE_WORDS, where)}: {name}" if name else word(WHERE_WORDS, where)


def tile_html(row: Mapping[str, Any], flag: Mapping[str, Any] | None) -> str:
    """Three short lines under a thumbnail: date and kind, audience and flag, then where it was shared (when
    not your own profile) and its caption (a text item's words are on its face: its album instead)."""
    line2 = audience_badge(str(row["audience"]))
    if flag:
        line2 += flag_badge(str(flag.get("action", "")))
    text = row["caption"] if has_picture(row) else ""
    line3 = " · ".join(s for s in (where_text(row), " ".join(str(text or row["album"] or "").split())) if s)
    return (f'<div><span class="mx-line"><b>{day(row["created"])}</b> <span class="mx-muted">'
            f'{esc(word(KIND_WORDS, row["kind"]))}</span></span><span class="mx-line">{line2}</span>'
            f'<span class="mx-line mx-muted" title="{esc(line3[:300])}">'
            f'{esc(line3[:120]) or "&nbsp;"}</span></div>')


def text_face_html(row: Mapping[str, Any]) -> str:
    """The face of a tile with no picture (a comment, a text post): its words, in the thumbnail's square."""
    text = str(row["caption"] or "").strip()
    shown = esc(text[:400]) if text else f'<i>({esc(word(KIND_WORDS, row["kind"]))} without text)</i>'
    return f'<div class="mx-text-face">{shown}</div>'


def _safe_link(url: str) -> str:
    # only links to Meta's own sites become clickable: an export is data, and data must not inject javascript:
    # URLs or send the person to a tracker; any other link is shown as text
    link = escape.safe_link(url)
    return escape.html_link(link, f"open on {link.split('/')[2]}") if link else esc(url) or "—"


def _labels_text(labels: Mapping[str, str], basis: str) -> str:
    text = esc(", ".join(f"{k}: {word(AUDIENCE_WORDS, v)}" for k, v in labels.items())) or "—"
    if labels and not basis.startswith("label:"):
        # e.g. an archived or deleted item: what the export says now outranks an older label
        text += f' <span class="mx-muted">(not applied: {esc(word(BASIS_WORDS, basis))} decides)</span>'
    return text


def _flag_text(flag: Mapping[str, Any] | None) -> str:
    if not flag:
        return "—"
    text = flag_badge(str(flag.get("action", "")))
    when = str(flag.get("when", ""))[:16].replace("T", " ")
    text += f' <span class="mx-muted">{esc(when)}{" UTC" if when else ""}</span>'
    if flag.get("note"):
        text += f"<br>{esc(flag['note'])}"
    return text


def detail_html(row: Mapping[str, Any] | None, flag: Mapping[str, Any] | None, labels: Mapping[str, str],
                ai_start: str = "") -> str:
    """Everything known about one item, for the detail pane."""
    if row is None:
        return '<div class="mx-detail mx-muted">No item to show: the filters match nothing.</div>'
    audience, basis = str(row["audience"]), str(row["audience_basis"])
    location = esc(row.get("place", ""))
    if pd.notna(row.get("latitude")) and pd.notna(row.get("longitude")):
        location = f'{location} ({row["latitude"]:.4f}, {row["longitude"]:.4f})'.strip()
    where = esc(where_text(row) or word(WHERE_WORDS, "own"))
    fields = [
        ("Platform", f'{esc(row["platform"])} {esc(word(KIND_WORDS, row["kind"]))}'),
        ("Where", where),
        ("Created", day(row["created"])),
        ("Taken", day(row.get("taken"))),
        ("Album", esc(row["album"]) or "—"),
        ("Status", esc(word(STATUS_WORDS, row["status"]))),
        ("Audience", f'{audience_badge(audience)} <span class="mx-muted" title="{esc(basis)}">'
                     f"because: {esc(word(BASIS_WORDS, basis))}</span>"),
        ("Public since", day(row.get("public_since"))),
        ("AI-exposed", f"yes: public on or after {esc(ai_start)}" if bool(row.get("ai_exposed")) else "no"),
        ("Your labels", _labels_text(labels, basis)),
        ("Location", location or "—"),
        ("Tagged", esc(row.get("tagged", 0))),
        ("Your decision", _flag_text(flag)),
        ("Link", _safe_link(str(row.get("link") or ""))),
        ("File", esc(row.get("uri")) or f"— ({esc(word(KIND_WORDS, row['kind']))}, no file)"),
    ]
    caption = esc(row["caption"]) or '<span class="mx-muted">(no caption)</span>'
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in fields)
    return f'<div class="mx-detail"><div class="mx-caption">{caption}</div><table>{table}</table></div>'


def status_html(text: str, *, ok: bool = True, mark: str = "✔") -> str:
    """A status line: plain text (escaped here, it may name an album or hold the store's words), after ``mark``
    (✔, ↶), or in the error colour."""
    return f"{esc(mark)} {esc(text)}" if ok else f'<span class="mx-error">{esc(text)}</span>'


def undo_html(action: Mapping[str, Any] | None) -> str:
    """What the Undo button would take back (the store's own words for the action), or that nothing is left."""
    if action is None:
        return '<span class="mx-muted">nothing to undo</span>'
    when = str(action.get("when", ""))[:16].replace("T", " ")
    return f'<span class="mx-muted">undoes: {esc(action.get("what", ""))} ({esc(when)} UTC)</span>'
