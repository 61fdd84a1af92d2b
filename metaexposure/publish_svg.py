"""Accessible, inlinable SVG from matplotlib's: text kept as text, a title and description, unique ids.

matplotlib writes every chart with the same ids (``figure_1``, ``axes_1``, ``patch_2``, ...), so two charts
inlined in one page share ids and one chart's clip paths cut the other. Each id here gets the chart's own
prefix. The size is given in CSS pixels (100 per inch, as the 1x PNG), so a chart displays at the width it
was drawn for and its smallest text stays the size it was designed at.
"""

from __future__ import annotations

import re

from . import escape

# Fonts with DejaVu Sans's proportions first (Verdana shares Bitstream Vera's metrics), so text measured
# with DejaVu Sans still fits where a reader's machine lacks it.
FONT_FALLBACK = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, 'Noto Sans', sans-serif"
_ID = re.compile(r'\bid="([^"]+)"')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_FONT = re.compile(r"font-family: '[^']*'")


def _xml_text(text: str) -> str:
    # plain() drops control characters XML 1.0 forbids; html() escapes markup.
    return escape.html(escape.plain(text))


def accessible_svg(svg: str, *, uid: str, title: str, description: str, width_px: int, height_px: int) -> str:
    """matplotlib's SVG text with ``role="img"``, ``<title>``, ``<desc>``, ids prefixed with ``uid``."""
    if not re.fullmatch(r"[A-Za-z][\w-]*", uid):
        raise ValueError(f"uid {uid!r} must be a letter then letters, digits, '-' or '_'")
    ids = set(_ID.findall(svg))

    def rename(match: re.Match[str]) -> str:
        return f'id="{uid}-{match.group(1)}"'

    svg = _ID.sub(rename, svg)
    # References: xlink:href="#x", href="#x", url(#x).
    svg = re.sub(r'(href=")#([^"]+)"', lambda m: f'{m.group(1)}#{uid}-{m.group(2)}"' if m.group(2) in ids
                 else m.group(0), svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{uid}-{m.group(1)})" if m.group(1) in ids else m.group(0),
                 svg)
    svg = _FONT.sub(f"font-family: {FONT_FALLBACK}", svg)
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("not an SVG document")
    tag = opening.group(0)
    tag = re.sub(r'\swidth="[^"]*"', f' width="{width_px}"', tag, count=1)
    tag = re.sub(r'\sheight="[^"]*"', f' height="{height_px}"', tag, count=1)
    tag = tag[:-1] + f' role="img" aria-labelledby="{uid}-title {uid}-desc">'
    head = (f'\n <title id="{uid}-title">{_xml_text(title)}</title>'
            f'\n <desc id="{uid}-desc">{_xml_text(description)}</desc>')
    return svg[: opening.start()] + tag + head + svg[opening.end():]
