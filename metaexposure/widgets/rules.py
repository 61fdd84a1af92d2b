"""The Explorer's rules for pages, keys, ranges of ticks and what a decision says: pure, tested without widgets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..words import FLAG_WORDS, plural

PAGE_SIZES = (12, 24, 48, 96)
# keys of the grid (the front end sends only these): moving, ticking, deciding
MOVES = {"ArrowLeft": -1, "ArrowRight": 1, "Home": "first", "End": "last"}
ROW_MOVES = {"ArrowUp": -1, "ArrowDown": 1}
PAGE_MOVES = {"PageUp": -1, "PageDown": 1}
FLAG_KEYS = {"d": "delete", "p": "make_private", "k": "keep", "c": None}  # c: clear the decision
TICK_KEYS = (" ", "x")
KEYS_HELP = ("Keys, after a click on a thumbnail: ← → ↑ ↓ move · Space or X select (Shift: a range) · "
             "D delete · P make private · K keep · C clear · Page Up/Down turn the page · Esc leaves the grid")


def page_count(n: int, page_size: int) -> int:
    """How many pages ``n`` items fill (at least one, an empty one)."""
    return max(1, -(-n // max(1, page_size)))


def clamp_page(page: int, n: int, page_size: int) -> int:
    """A page number that exists (from 0)."""
    return min(max(0, page), page_count(n, page_size) - 1)


def step(current: int, key: str, total: int, page_size: int, columns: int = 1) -> int:
    """Where a key moves the focus, as a position in everything shown (``-1``: nothing shown)."""
    if total <= 0:
        return -1
    current = min(max(0, current), total - 1)
    move = MOVES.get(key) or ROW_MOVES.get(key, 0) * max(1, columns) or PAGE_MOVES.get(key, 0) * page_size
    if move == "first":
        return 0
    if move == "last":
        return total - 1
    return min(max(0, current + int(move)), total - 1)


def select_range(selection: Sequence[str], ids: Sequence[str], anchor: str, target: str) -> tuple[str, ...]:
    """Shift-click on ``target``: every item from ``anchor`` to it (in ``ids``, the page's order) takes the
    state ``target`` gets, ticked if it was not. Without the anchor on the page it is ``target`` alone."""
    if target not in ids:
        return tuple(selection)
    end = ids.index(target)
    start = ids.index(anchor) if anchor in ids else end
    span = ids[min(start, end):max(start, end) + 1]
    if target in selection:  # un-ticking: the range leaves the selection
        return tuple(i for i in selection if i not in set(span))
    return tuple(dict.fromkeys([*selection, *span]))


def breakdown(counts: Mapping[str, int]) -> str:
    """"12 delete, 25 make private": the decisions counted, in FLAG_WORDS' order, leaving out zeros."""
    return ", ".join(f"{counts[a]:,} {FLAG_WORDS[a]}" for a in FLAG_WORDS if counts.get(a))


def bulk_question(action: str | None, total: int, existing: Mapping[str, int]) -> str:
    """The confirmation of a decision for everything shown, saying which decisions it replaces."""
    others = {a: n for a, n in existing.items() if a != action and n}
    same = existing.get(action, 0) if action else 0
    had = sum(others.values())
    if action is None:
        ask = f"Really clear the decisions of all {plural(total, 'shown item')}?"
        tail = (f" {had:,} of them have one ({breakdown(others)}), which this removes." if had
                else " None of them has a decision.")
    else:
        ask = f"Really flag all {plural(total, 'shown item')} as {FLAG_WORDS[action]}?"
        tail = (f" {had:,} of them already {'has' if had == 1 else 'have'} a decision ({breakdown(others)}), "
                "which this replaces." if had else " None of them has another decision.")
        if same:
            tail += f" {same:,} {'is' if same == 1 else 'are'} {FLAG_WORDS[action]} already."
    return ask + tail + " Undo takes it back."


def flag_result(action: str | None, n: int, replaced: Mapping[str, int]) -> str:
    """What a decision did, naming the earlier decisions it replaced (a rule's, another window's)."""
    if action is None:
        said = f"Cleared {plural(n, 'decision')}"
        if replaced:
            said += f" ({breakdown(replaced)})"
        return said + "."
    said = f"Flagged {plural(n, 'item')} as {FLAG_WORDS[action]}"
    others = {a: k for a, k in replaced.items() if a != action and k}
    if others:
        said += f"; this replaced {plural(sum(others.values()), 'earlier decision')} ({breakdown(others)})"
    return said + "."


def earlier(flags: Mapping[str, Any], item_ids: Sequence[str]) -> dict[str, int]:
    """How many of ``item_ids`` had each decision before (to say what a new one replaces)."""
    counts: dict[str, int] = {}
    for item_id in item_ids:
        entry = flags.get(item_id)
        action = entry.get("action") if isinstance(entry, Mapping) else None
        if action in FLAG_WORDS:
            counts[action] = counts.get(action, 0) + 1
    return counts


def next_undo(history: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The action ``review.undo()`` would take back, from ``review.history()`` (newest first): the newest
    that is neither undone nor itself an undo."""
    return next((h for h in history if not h.get("undone") and h.get("call") != "undo"), None)
