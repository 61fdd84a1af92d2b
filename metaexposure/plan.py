"""From findings to a plan (issue 18, DESIGN.md section 8): every step the person can take, ranked by what it
makes non-public, with where in Meta's screens it is done and whether it is done.

``plan(ex, review)`` is a pure function of the export's frames and the review store's flags and marks. Steps
appear only when the export shows they apply; they are ordered by effort (account-wide switches, then albums
and groups, then single items) and within an effort by ``covers + covers_unknown``, largest first. Steps may
overlap (an Instagram post you flagged is also covered by switching the account private): each counts what it
alone would do.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from . import plan_steps as steps_
from .plan_steps import EFFORTS, PER_ITEM, Frames, Step
from .plan_where import source, where_in_meta

COLUMNS = ("step", "key", "platform", "action", "covers", "ai_exposed", "covers_unknown", "unit", "effort",
           "where_in_meta", "source", "note", "done", "done_how", "kind")
# Tie-break within an effort and equal cover: the order the issue lists them in.
KIND_ORDER = ("instagram-private", "threads-private", "limit-past-posts", "future-posts", "off-meta", "ai-objection",
              "album", "group", "flagged-delete", "flagged-make_private", "items", "linked-apps", "ai-chats",
              "tagged-photos")
PAST_TRAINING = ("Deleting or restricting stops Meta's use from now on; it does not undo AI training already done "
                 "on what was public before.")


def _review_of(ex: Any, review: Any) -> Any:
    """The review to read: the one given (a Review, or a path to open), else the one ``ex`` was loaded with."""
    if isinstance(review, (str, os.PathLike)):
        from .review import open_review

        return open_review(review, getattr(ex, "paths", ()))
    return review if review is not None else getattr(ex, "review", None)


def build_steps(ex: Any, review: Any = None) -> list[Step]:
    """Every step that applies to ``ex`` (an Export; ``review`` defaults to the one it was loaded with), unordered."""
    review = _review_of(ex, review)
    frames = Frames(ex.items)
    account, apps, ai = getattr(ex, "account", None), getattr(ex, "apps", None), getattr(ex, "ai", None)
    tagged, tagged_count = steps_.tagged_photos(account)
    bulk = [*steps_.instagram_private(frames, account), *steps_.threads_private(frames),
            *steps_.limit_past_posts(frames, tagged_count), *steps_.albums(frames), *steps_.groups(frames)]
    flags = dict(review.flags) if review is not None else {}
    covered = {i for step in bulk for i in (*step.covers, *step.unknown)}
    return [*bulk, *steps_.future_posts(account), *steps_.off_meta(apps), *steps_.ai_objection(frames, account),
            *steps_.flagged(frames, flags), *steps_.the_rest(frames, covered, flags), *steps_.linked_apps(apps),
            *steps_.ai_chats(ai), *tagged]


def _order(steps: list[Step]) -> list[Step]:
    def rank(step: Step) -> tuple:
        size = (step.count if step.count is not None else len(step.covers)) + len(step.unknown)
        return EFFORTS.index(step.effort), -size, KIND_ORDER.index(step.kind), step.key

    return sorted(steps, key=rank)


def plan_frame(steps: list[Step], marks: dict[str, str] | None = None) -> pd.DataFrame:
    """The plan's rows for ``steps`` in plan order; ``marks``: step key -> when the person marked it done."""
    marks = marks or {}
    rows = []
    for number, step in enumerate(_order(steps), start=1):
        marked = marks.get(step.key)
        how = step.done_how or (f"marked done {str(marked)[:10]}" if marked else "")
        rows.append({"step": number, "key": step.key, "platform": step.platform, "action": step.action,
                     "covers": step.count if step.count is not None else len(step.covers),
                     "ai_exposed": step.ai_exposed, "covers_unknown": len(step.unknown), "unit": step.unit,
                     "effort": step.effort, "where_in_meta": where_in_meta(step.kind), "source": source(step.kind),
                     "note": step.note, "done": bool(how), "done_how": how, "kind": step.kind})
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("step", "covers", "ai_exposed", "covers_unknown"):
        out[column] = out[column].astype(np.int64)
    out["done"] = out["done"].astype(bool)
    return out


def plan(ex: Any, review: Any = None) -> pd.DataFrame:
    """The plan: one row per step that applies, account-wide switches first, then albums and groups, then items.

    Columns: ``step`` (1, 2, …), ``key`` (stable: mark a step done with ``review.mark_step(key)``), ``platform``,
    ``action``, ``covers`` (items it makes non-public from now on; for apps, businesses, chats and photos others
    posted, how many of those), ``ai_exposed`` (of ``covers``, public on or after the AI-training start),
    ``covers_unknown`` (items it may cover: their audience is unknown), ``unit``, ``effort`` (``switch``,
    ``per album/group``, ``per item``), ``where_in_meta`` (the path, the feature's name, its source and when it
    was last checked), ``source`` (the public page that date refers to), ``note`` (what it changes and leaves,
    and that it does not undo past training), ``done`` and ``done_how`` (marked in the review store, or shown by
    the export), ``kind`` (the step's type).

    >>> plan(me.load(*me.sample_paths()))[["step", "action", "covers", "effort"]]  # doctest: +SKIP
    """
    review = _review_of(ex, review)
    marks = dict(review.steps_done) if review is not None and hasattr(review, "steps_done") else {}
    return plan_frame(build_steps(ex, review), marks)


def uncovered(ex: Any, review: Any = None) -> pd.DataFrame:
    """The items no switch, album or group step covers, public or of unknown audience, that still want a decision
    per item (flagged ones included): what the Explorer is for after the plan."""
    per_item = [s for s in build_steps(ex, review) if s.effort == PER_ITEM]
    ids = {i for step in per_item for i in (*step.covers, *step.unknown)}
    return ex.items[ex.items["item_id"].isin(ids)]


def uncovered_export(ex: Any, review: Any = None) -> Any:
    """A copy of ``ex`` holding only ``uncovered`` items: give it to the Explorer (its decisions save as usual)."""
    from dataclasses import replace

    from . import frame

    items = uncovered(ex, review).reset_index(drop=True)
    return replace(ex, items=items, albums=frame.albums_frame(items))
