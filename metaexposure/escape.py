"""Export text is untrusted: the one place it is made safe for every output it reaches.

Captions, album, group, Page and people names, places, links and notes in the review file are written by the
person, by their friends, or by whoever edited a zip before it reached the kit. Wherever such a string becomes
HTML (widgets, notebook output), Markdown (worklist.md, notebook displays), a CSV cell (worklist.csv, chart
data) or text in a matplotlib figure, it goes through one of these functions, so that no caption can load a
URL, run a script, break a table or run as a spreadsheet formula. ``tests/test_escape.py`` renders each output
kind with hostile strings and finds no live tag, link or formula.
"""

from __future__ import annotations

import html as _html
import re
from typing import Any
from urllib.parse import quote, urlsplit

# Control characters (other than tab) break table rows and terminals; newlines end a Markdown table row.
# Bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) make shown text read other than it is
# ("Trojan source"); right-to-left scripts display correctly without them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")

# Markdown (CommonMark + GFM, as JupyterLab's renderer reads it, with its $-math) gives these a meaning anywhere in
# a line. HTML, entities, code, pipes (GFM splits table cells before it reads backslashes, so "\\|" would still
# split) and math become numeric character references, which every renderer shows as the character itself; the
# backslash is one of them, so text can never combine with an escape of ours. Emphasis, links, images,
# strikethrough and headings take a backslash escape, which keeps the raw file readable.
_MARKDOWN = {**{ord(c): f"&#{ord(c)};" for c in "&<>|\\`$"}, **{ord(c): "\\" + c for c in "*_[]!~#"}}
# At the start of a line, these open a list or a setext heading underline.
_MARKDOWN_LINE_START = re.compile(r"^(\s*\d*)([+\-=.)])")
# GFM turns bare URLs and e-mail addresses into links ("extended autolinks"), and would stretch one over an
# entity of ours: a character reference in each keeps the text as text.
_MARKDOWN_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=www)(\.)|(@)")

# A spreadsheet (Excel, LibreOffice, Google Sheets) runs a cell that starts with one of these as a formula,
# also after leading blanks; OWASP's "CSV injection" advice: prefix such a cell with a single quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# Hosts a link from an export may point to and stay a live link: Meta's own sites, over https. Any other
# link (javascript:, data:, a tracker) is shown as text, never made clickable.
META_HOSTS = ("facebook.com", "instagram.com", "threads.net", "threads.com", "fb.com", "fb.watch", "meta.com")


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def plain(value: Any) -> str:
    """One line of text: None/NaN become '', control characters are dropped, line breaks become spaces."""
    if _is_missing(value):
        return ""
    text = _LINE_BREAKS.sub(" ", str(value))
    return _CONTROL.sub("", text)


def html(value: Any) -> str:
    """Text for HTML (element content or a quoted attribute): ``<>&"'`` become entities; None/NaN give ''."""
    if _is_missing(value):
        return ""
    return _html.escape(_CONTROL.sub("", str(value)), quote=True)


def markdown(value: Any) -> str:
    """Text for Markdown prose, a heading or a table cell, shown literally: one line, no syntax, no HTML.

    ``markdown("| <img src=x> [a](javascript:b) |")`` renders as exactly those characters.
    """
    text = _MARKDOWN_LINE_START.sub(r"\1\\\2", plain(value).translate(_MARKDOWN))
    return _MARKDOWN_AUTOLINK.sub(lambda m: f"&#{ord(m[0])};", text)


# JupyterLab 4 typesets $...$, \\(...\\) and \\begin{...} in every Markdown and HTML output with MathJax 3,
# after the Markdown is rendered, so a character reference does not stop it, and MathJax's \\href, \\style
# and \\class then make links and styles out of text. MathJax 3 skips an element of class "mathjax_ignore"
# (its default, which JupyterLab keeps; "tex2jax_ignore" is MathJax 2's and pandas' name, kept for them).
NO_MATH_CLASS = "mathjax_ignore tex2jax_ignore"


def no_math(markup: str) -> str:
    """HTML that MathJax leaves alone: ``markup`` inside a ``<div class="mathjax_ignore …">``."""
    return f'<div class="{NO_MATH_CLASS}">{markup}</div>'


def markdown_document(body: str) -> str:
    """A whole Markdown document whose text MathJax leaves alone (a raw-HTML wrapper, blank lines around it)."""
    return f'<div class="{NO_MATH_CLASS}">\n\n{body.strip()}\n\n</div>\n'


def safe_link(value: Any) -> str:
    """The URL if it is an https link to one of Meta's sites (facebook.com, instagram.com, …), else ''."""
    url = plain(value).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "https" or not any(host == h or host.endswith("." + h) for h in META_HOSTS):
        return ""
    if parts.username or parts.password:
        return ""
    # Percent-quote what could end the URL early in Markdown (space, parentheses, angle brackets), split a table
    # (|) or leave an HTML attribute ("); keep what URLs legitimately use.
    return quote(url, safe=":/?#[]@!$&'*+,;=%~.-_")


def markdown_link(value: Any, label: str = "open") -> str:
    """A Markdown link to a Meta URL, or the URL as inert text when it is not one; '' for no URL."""
    link = safe_link(value)
    if link:
        return f"[{markdown(label)}]({link})"  # safe_link left no space, parenthesis, pipe or angle bracket
    return markdown(value)


def html_link(value: Any, label: str = "open") -> str:
    """An HTML link to a Meta URL (opening in a new tab, no referrer), or the URL as escaped text."""
    link = safe_link(value)
    if link:
        return f'<a href="{html(link)}" target="_blank" rel="noopener noreferrer">{html(label)}</a>'
    return html(value)


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell that no spreadsheet runs as a formula: text starting with = + - @ gets a '."""
    if not isinstance(value, str):
        return value
    if value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_frame(frame: Any) -> Any:
    """A copy of a DataFrame whose text cells and column names are neutralised with ``csv_cell``."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("string", "str", "category"):
            out[column] = out[column].astype(object).map(csv_cell)
    out.columns = [csv_cell(str(c)) for c in out.columns]
    return out


def mpl(value: Any) -> str:
    """Text for a matplotlib label, drawn literally: a ``$`` no longer starts mathtext (``Vegas $$``)."""
    # matplotlib reads text as mathtext when it holds an even, non-zero number of unescaped "$"; with every
    # "$" escaped there is none, and it then draws each "\$" as "$" (backslashes elsewhere stay as they are).
    return plain(value).replace("$", r"\$")
