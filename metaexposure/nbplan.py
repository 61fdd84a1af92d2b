"""What notebook 08 does with the plan, and only when asked: steps marked done, plan.md and plan.csv (issue 18).

Run All decides nothing (issue 16): marking a step done changes what every later plan shows, so it is done
only with ``mark_done = True`` in the parameters cell, and the files are written only with ``write_plan = True``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from . import escape
from .audience import infer_audience
from .nbhelpers import relative_label
from .plan import plan
from .plan_output import covers_text, write_plan
from .review import Review
from .summary import plural

PathLike = str | os.PathLike[str]


def without_review(ex: Any) -> Any:
    """A copy of ``ex`` whose audiences come from the export alone: no label, flag or mark of yours counts."""
    return replace(ex, items=infer_audience(ex.items, ex.account), review=None)


def plan_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The plan's table as a DataFrame for the notebook (HTML there, its text for nbval).

    Not ``plan_table``'s printed text: JupyterLab turns every http(s) address in printed output into a live
    link, and album, group and app names are export text (the hostile-export browser test found
    ``<a href=…>`` made from an album name). A DataFrame's HTML is escaped and never linkified.
    """
    return pd.DataFrame({
        "step": frame["step"].to_numpy(),
        "platform": [escape.plain(str(p)) for p in frame["platform"]],
        "action": [escape.plain(str(a)) for a in frame["action"]],
        "covers": [covers_text(row) for row in frame.itertuples()],
        "unknown": [f"{n:,}" if n else "" for n in frame["covers_unknown"]],
        "effort": frame["effort"].astype(str).to_numpy(),
        "done": ["yes" if d else "" for d in frame["done"]],
    })


def mark_steps_if_asked(review: Review, keys: Sequence[str], *, apply: bool) -> str:
    """Mark the plan steps ``keys`` done in the review store only when ``apply`` (``mark_done``) is True."""
    keys = list(dict.fromkeys(str(k) for k in keys))
    if not keys:
        return ("No step to mark: put the keys of the steps you did in `steps_done` (the plan's `key` column, e.g. "
                "\"limit-past-posts\") and set `mark_done = True`.")
    if not apply:
        return (f"Not marked: {plural(len(keys), 'step')} in `steps_done`. Set `mark_done = True` in the parameters "
                "cell and run again to mark them done in your review store.")
    for key in keys:
        review.mark_step(key)
    return f"Marked {plural(len(keys), 'step')} done: {', '.join(keys)}."


def write_plan_if_asked(ex: Any, out_dir: PathLike, work: PathLike, *, write: bool) -> tuple[list[Path], str]:
    """Write plan.md and plan.csv into ``out_dir`` only when ``write`` (``write_plan``) is True."""
    frame = plan(ex)
    if not write:
        return [], (f"Not written: the plan has {plural(len(frame), 'step')}. To write plan.md and plan.csv, set "
                    "`write_plan = True` in the parameters cell and run again.")
    written = write_plan(ex, out_dir=out_dir, frame=frame)
    return written, "Wrote " + ", ".join(relative_label(p, work) for p in written) + "."
