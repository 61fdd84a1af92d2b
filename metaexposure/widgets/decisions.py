"""The Explorer's decisions: flags, bulk flags, labels, undo and the worklist, each committed to the store at once.

A decision is checked against the store first (``_sync_store``), so what it says it replaces is what the
store held, and a single flag updates only what it changed: the counts, its tiles, the detail pane.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from .. import escape
from ..words import AUDIENCE_WORDS, FLAG_WORDS, word
from ..worklist import worklist
from . import render
from .filters import FLAG_STATES
from .rules import bulk_question, earlier, flag_result, next_undo

UNDO_LOOKBACK = 200  # actions of the log searched for the next one to undo (undos and undone ones are skipped)


class Decisions:
    """Flag, label, undo and write the worklist (a mixin of ``Explorer``, which supplies the state)."""

    ex: Any
    review: Any
    model: Any
    _index: Any

    @contextmanager
    def _working(self, what: str) -> Iterator[None]:
        """Buttons disabled and "working…" while a long action runs (a bulk flag of 100k items, a label)."""
        buttons = [*self._action_buttons, *self._pane.label_buttons]
        before = [b.disabled for b in buttons]
        for button in buttons:
            button.disabled = True
        self._status.value = f"⏳ working… {escape.html(what)}"
        try:
            yield
        finally:
            for button, disabled in zip(buttons, before, strict=True):
                button.disabled = disabled
            self._refresh_undo()  # the action may have given Undo something to take back

    def _say(self, text: str, *, ok: bool = True, mark: str = "✔") -> None:
        # the text may name an album or hold the store's words: export text, escaped by render
        saved = f" <span class='mx-muted'>(saved to {escape.html(self.review_path)})</span>" if ok else ""
        self._status.value = render.status_html(text, ok=ok, mark=mark) + saved

    def _refresh_undo(self) -> None:
        action = next_undo(self.review.history(UNDO_LOOKBACK))
        self._undo_label.value = render.undo_html(action)
        self._undo_button.disabled = action is None

    def _flag(self, item_ids: tuple[str, ...], action: str | None) -> tuple[int, dict[str, int]]:
        """Commit one decision for ``item_ids``; returns how many and what they had before."""
        self._sync_store()  # another window's or a cell's decisions first: "replaced" must be true
        before = earlier(self.review.flags, item_ids)
        if action is None:
            n = self.review.unflag(list(item_ids))
        else:
            n = self.review.flag(list(item_ids), action, items=self.ex.items)
        self._head = self._store_head()
        return n, before

    def _decide(self, item_ids: tuple[str, ...], action: str | None) -> None:
        """A decision for a few items (selected, or the one the keyboard is on): only what changed is redrawn."""
        n, before = self._flag(item_ids, action)
        self._index.update_flags(item_ids, self.review.flags)
        self._after_flags(item_ids)
        self._refresh_undo()
        self._say(flag_result(action, n, before) + " ↶ Undo takes it back.")

    def _flag_selected(self, action: str | None) -> None:
        ids = self.model.selection
        if not ids:
            self._status.value = "Tick <b>select</b> under some thumbnails first (or use the buttons for all shown)."
            return
        self._decide(ids, action)
        self.model.selection = ()

    def _shown_ids(self) -> tuple[str, ...]:
        return tuple(self.ex.items["item_id"].to_numpy()[self._positions])

    def _ask_bulk(self, action: str | None) -> None:
        self._sync_store()
        if not len(self._positions):
            self._status.value = "The filters show no items."
            return
        counts = np.bincount(self._index.flag_codes[self._positions], minlength=len(FLAG_STATES))
        existing = {f: int(counts[i]) for i, f in enumerate(FLAG_STATES[:-1])}
        self._pending = action or ""
        self._confirm_text.value = f"{escape.html(bulk_question(action, len(self._positions), existing))} &nbsp;"
        self._confirm.layout.display = "flex"

    def _confirm_bulk(self) -> None:
        if self._pending is None:
            return
        action = self._pending or None
        self._cancel_bulk()
        ids = self._shown_ids()
        what = f"flagging {len(ids):,} items as {FLAG_WORDS[action]}" if action else f"clearing {len(ids):,} flags"
        with self._working(what):
            n, before = self._flag(ids, action)
            self._index.set_flags(self.review.flags)  # whole columns: faster than item by item for many
            self._after_flags(ids)
        self._say(flag_result(action, n, before) + " ↶ Undo takes it back.")

    def _cancel_bulk(self) -> None:
        self._pending = None
        self._confirm.layout.display = "none"

    def _undo(self) -> None:
        self._sync_store()
        action = next_undo(self.review.history(UNDO_LOOKBACK))
        if action is None:
            self._refresh_undo()
            return
        with self._working(f"undoing {action['what']}"):
            self.review.undo(1)
            self._head = self._store_head()
            self._take_store()
        self._say(f"Undone: {action['what']}.", mark="↶")

    def _label(self, apply: Callable[[str | None], None], what: str) -> None:
        audience = self._pane.label_choice.value
        if audience is None:  # the buttons are disabled until a choice; code may still call
            self._status.value = "Pick who can see it first."
            return
        self._sync_store()
        with self._working(f"labelling {what}"):
            apply(audience or None)
            self._head = self._store_head()
            self._take_store()
        said = f"{what} labelled {word(AUDIENCE_WORDS, audience)}." if audience else f"Label removed from {what}."
        self._say(said[:1].upper() + said[1:])

    def _label_item(self) -> None:
        item_id = self.model.focus
        if item_id:
            self._label(lambda audience: self.review.label_item(item_id, audience), "item")

    def _label_album(self) -> None:
        pos = self._index.position(self.model.focus) if self.model.focus else None
        if pos is None:
            return
        platform, album = (str(v) for v in self.ex.items.iloc[pos][["platform", "album"]])
        if not album:
            self._status.value = "This item is in no album."
            return
        self._label(lambda audience: self.review.label_album(platform, album, audience), f"album {album!r}")

    def _write_worklist(self) -> None:
        self._sync_store()
        try:
            with self._working("writing the worklist"):
                paths = worklist(self.ex, self.review, Path(self._worklist_dir.value or "worklist"))
        except (OSError, ValueError) as exc:  # a folder that cannot be written, or one inside the export
            self._say(f"Worklist not written: {exc}", ok=False)
            return
        self._status.value = "✔ Worklist written: " + ", ".join(escape.html(p) for p in paths)
