"""The plan as a person reads it: a terminal table that fits 100 columns, Markdown, and CSV (issue 18).

Actions carry album and group names from the export: every cell goes through ``escape`` for its output kind
(``plain`` for the terminal, ``markdown`` for Markdown, ``csv_frame`` for CSV).
"""

from __future__ import annotations

import os
import textwrap
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from . import escape
from .plan import PAST_TRAINING, plan
from .review import export_folder_around
from .words import plural

WIDTH = 100
SINGULAR = {"businesses": "business", "apps": "app", "conversations": "conversation", "photos": "photo"}
OVERLAP = ("Steps can overlap (an Instagram post you flagged is also covered by switching the account to "
           "private): each step counts what it alone makes non-public. *Unknown*: items whose audience the export "
           "does not say, which the step covers if they are public.")
NOTHING = "Nothing to do: the export shows nothing public, nothing of unknown audience, and nothing shared with Meta."
HOW_TO_MARK = ("Mark a step done with `review.mark_step(key)` (notebook 08 takes the keys in `steps_done`); "
               "a new export shows some steps done by itself (notebook 06 checks them).")


def covers_text(row: Any) -> str:
    """'41 (41 AI)' for items, '3 businesses' for steps over other things."""
    if row.unit != "items":
        # a switch over what is not posted yet (future posts, the objection) covers no count of anything
        return "—" if row.covers == 0 else plural(row.covers, SINGULAR.get(row.unit, row.unit), row.unit)
    return f"{row.covers:,}" + (f" ({row.ai_exposed:,} AI)" if row.ai_exposed else "")


_TABLE = (("#", 3, ">"), ("platform", 9, "<"), ("action", 0, "<"), ("covers", 15, ">"), ("unknown", 7, ">"),
          ("effort", 15, "<"), ("done", 4, "<"))


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: East Asian wide and full-width characters (and most emoji) take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``textwrap.wrap`` by display columns: a line holding 京都 or 🍞 is wrapped narrower so it still fits."""
    narrower = width
    while True:
        lines = textwrap.wrap(text, narrower, subsequent_indent=indent, break_on_hyphens=False)
        if narrower <= 10 or all(display_width(line) <= width for line in lines):
            return lines
        narrower -= 1


def _pad(text: str, width: int, align: str) -> str:
    space = " " * max(0, width - display_width(text))
    return space + text if align == ">" else text + space


def by_kind(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Steps grouped by type, in plan order: one 'where' entry for the five album steps, not five."""
    order = list(dict.fromkeys(frame["kind"]))
    return [(kind, frame[frame["kind"] == kind]) for kind in order]


def _steps_label(numbers: list[int]) -> str:
    return ("Step " if len(numbers) == 1 else "Steps ") + ", ".join(str(n) for n in numbers)


def plan_text(frame: pd.DataFrame, width: int = WIDTH) -> str:
    """The plan as a table for a terminal, no line wider than ``width`` columns, then where each step is done and
    what it changes and leaves."""
    out = wrap(PAST_TRAINING, width) + ["", plan_table(frame, width)]
    out += ["", "Where in Meta's screens, and what each step changes and leaves:"]
    for _, steps in by_kind(frame):
        first = steps.iloc[0]
        notes = " ".join(dict.fromkeys(escape.plain(n) for n in steps["note"]))
        out += [""] + wrap(f"{_steps_label(list(steps['step']))}: {escape.plain(first['where_in_meta'])}. {notes} "
                           f"[Source: {escape.plain(first['source'])}.]", width, "  ")
        out += [f"  Done: {escape.plain(r.done_how)} (step {r.step})." for r in steps.itertuples() if r.done]
    return "\n".join(out)


def plan_table(frame: pd.DataFrame, width: int = WIDTH) -> str:
    """The plan's table alone (step, platform, action, covers, unknown, effort, done), ``width`` columns at most."""
    fixed = sum(w for _, w, _ in _TABLE) + len(_TABLE) - 1
    action_width = max(20, width - fixed)
    widths = [w or action_width for _, w, _ in _TABLE]

    def line(cells: list[str]) -> str:
        return " ".join(_pad(c, w, a) for c, w, (_, _, a) in zip(cells, widths, _TABLE, strict=True)).rstrip()

    out = [line([h for h, _, _ in _TABLE]), line(["-" * w for w in widths])]
    for row in frame.itertuples():
        action = wrap(escape.plain(row.action), action_width) or [""]
        out.append(line([str(row.step), escape.plain(row.platform), action[0], covers_text(row),
                         f"{row.covers_unknown:,}" if row.covers_unknown else "", row.effort,
                         "yes" if row.done else ""]))
        out += [line(["", "", more, "", "", "", ""]) for more in action[1:]]
    if frame.empty:
        out += wrap(NOTHING, width)
    return "\n".join(out)


def plan_markdown(frame: pd.DataFrame, level: int = 2) -> str:
    """The plan as a Markdown section (a heading at ``level``), every cell from the export escaped."""
    hashes = "#" * level
    lines = [f"{hashes} Your plan", "", f"**{PAST_TRAINING}**", "",
             "| Step | Platform | Action | Covers | Unknown | Effort | Done |", "|---|---|---|---|---|---|---|"]
    for row in frame.itertuples():
        done = f"yes: {row.done_how}" if row.done else ""
        cells = (str(row.step), row.platform, row.action, covers_text(row),
                 f"{row.covers_unknown:,}" if row.covers_unknown else "", row.effort, done)
        lines.append("| " + " | ".join(escape.markdown(c) for c in cells) + " |")
    if frame.empty:
        lines += ["", NOTHING]
    lines += ["", OVERLAP, "", f"{hashes}# Where in Meta's screens, and what each step leaves", ""]
    for _, steps in by_kind(frame):
        first = steps.iloc[0]
        notes = " ".join(dict.fromkeys(escape.markdown(n) for n in steps["note"]))
        keys = "; ".join(escape.markdown(k) for k in steps["key"])  # no code span: it would show entities
        where = escape.markdown(first["where_in_meta"])
        lines.append(f"- **{_steps_label(list(steps['step']))}** (key {keys}): {where}. {notes} "
                     f"*Source: {escape.markdown(first['source'])}.*")
    return "\n".join(lines + [""])


def write_plan(ex: Any, review: Any = None, out_dir: str | os.PathLike[str] = ".",
               frame: pd.DataFrame | None = None) -> list[Path]:
    """Write plan.csv and plan.md into ``out_dir`` (never inside an export); returns their paths."""
    out = Path(out_dir)
    inside = export_folder_around(out / "plan.md", getattr(ex, "paths", ()))
    if inside is not None:
        raise ValueError(f"{out} lies inside the export folder {inside}; the kit never writes into an export")
    frame = plan(ex, review) if frame is None else frame
    out.mkdir(parents=True, exist_ok=True)
    csv_path, md_path = out / "plan.csv", out / "plan.md"
    escape.csv_frame(frame).to_csv(csv_path, index=False)
    body = "\n".join(["# Plan", "", plan_markdown(frame), HOW_TO_MARK])
    md_path.write_text(escape.markdown_document(body), encoding="utf-8")
    return [csv_path, md_path]
