"""What a notebook shows for a loaded ``Export``: its items by platform and kind, problems, dates and review store.

``Export._repr_html_`` returns ``export_html(ex)``. Every string that comes from the export or its paths (input
names, the review store's path) goes through ``escape.html``, and the whole summary sits inside ``escape.no_math``:
JupyterLab typesets MathJax in HTML outputs, and a folder named ``$\\href{...}{x}$`` must stay text.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from . import escape

if TYPE_CHECKING:
    from .api import Export


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 problem``, ``2 problems``, ``1,204 items``: the count with the right form of the word."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def shown_path(path: str | os.PathLike[str], cwd: Path | None = None) -> str:
    """A path as a notebook shows it: from the current folder when inside it, from ``~`` when inside the home
    folder, else in full (a notebook saved from the sample then names ``work/...``, not a folder of the machine)."""
    path = Path(path).expanduser().resolve()
    for base, prefix in ((cwd or Path.cwd()).resolve(), ""), (Path.home().resolve(), "~/"):
        if path.is_relative_to(base) and path != base:
            return prefix + path.relative_to(base).as_posix()
    return str(path)


def export_dates(account: pd.DataFrame) -> dict[str, str]:
    """platform -> when its export was made (YYYY-MM-DD), or what is known when the export gives no date."""
    if "fact" not in account:
        return {}
    dates = {}
    for row in account[account["fact"] == "export"].itertuples():
        day = "unknown" if pd.isna(row.start) else row.start.strftime("%Y-%m-%d")
        if str(row.basis).startswith("export date unknown"):
            day = "unknown" if day == "unknown" else f"unknown (newest item {day})"
        dates[str(row.platform)] = day
    return dates


def _counts_table(items: pd.DataFrame) -> str:
    """Items by kind (rows) and platform (columns), with totals; only kinds and platforms that occur."""
    if items.empty:
        return "<p>No items.</p>"
    counts = pd.crosstab(items["kind"].astype(str), items["platform"].astype(str))
    kinds = [k for k in items["kind"].cat.categories if k in counts.index] if hasattr(items["kind"], "cat") \
        else list(counts.index)
    counts = counts.reindex(kinds)
    head = "".join(f"<th>{escape.html(p)}</th>" for p in counts.columns)
    rows = "".join(f"<tr><th>{escape.html(kind)}</th>" + "".join(f"<td>{n:,}</td>" for n in row) +
                   f"<td>{sum(row):,}</td></tr>" for kind, row in zip(counts.index, counts.to_numpy().tolist(),
                                                                       strict=True))
    total = "".join(f"<td>{n:,}</td>" for n in counts.sum().tolist())
    return (f"<table><thead><tr><th>kind</th>{head}<th>all</th></tr></thead><tbody>{rows}"
            f"<tr><th>all</th>{total}<td>{len(items):,}</td></tr></tbody></table>")


def _review_line(ex: Export) -> str:
    review = ex.review
    if review is None:
        return "Review store: none, so no labels or flags apply here (<code>me.load(..., review=path)</code>)"
    parts = [plural(len(review.flags), "flag"), plural(len(review.album_labels), "album label"),
             plural(len(review.item_labels), "item label")]
    if review.group_labels:
        parts.append(plural(len(review.group_labels), "group label"))
    return f"Review store: <code>{escape.html(shown_path(review.path))}</code> ({', '.join(parts)})"


def export_html(ex: Export) -> str:
    """The HTML summary of a loaded export (see the module docstring)."""
    from .nbhelpers import input_label

    platforms = ", ".join(escape.html(p) for p in ex.trees) or "nothing"
    problems = int(ex.problems["count"].sum()) if "count" in ex.problems else len(ex.problems)
    trouble = f"{plural(problems, 'problem')} (<code>ex.problems</code>)" if problems else "no problems"
    lines = [f"Inputs: {', '.join(f'<code>{escape.html(input_label(p))}</code>' for p in ex.paths) or 'none'}"]
    dates = export_dates(ex.account)
    if dates:
        lines.append("Exported: " + ", ".join(f"{escape.html(p)} {escape.html(d)}" for p, d in dates.items()))
    lines.append(_review_line(ex))
    also = [f"{plural(len(ex.ai), 'message')} with Meta AI (<code>ex.ai</code>)" if len(ex.ai) else "",
            f"{plural(len(ex.apps), 'app or website', 'apps and websites')} (<code>ex.apps</code>)"
            if len(ex.apps) else ""]
    if any(also):
        lines.append("Also: " + ", ".join(a for a in also if a))
    body = (f"<p><b>Export of {platforms}</b>: {plural(len(ex.items), 'item')}, {plural(len(ex.albums), 'album')}, "
            f"{trouble}</p>{_counts_table(ex.items)}<ul>{''.join(f'<li>{line}</li>' for line in lines)}</ul>")
    return escape.no_math(body)
