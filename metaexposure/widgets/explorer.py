"""The Explorer: filter an export, look at it, label audiences and flag items, in JupyterLab.

One source of truth: the counts, tiles and summaries show what the review store holds. The Explorer
checks the store on every interaction and, while it is on screen, about every 2 s (``frontend.py``): a
decision made in a notebook cell or another window shows without a click.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import ipywidgets as W
import numpy as np

from .. import audience, escape
from ..api import Export
from ..review import DEFAULT_PATH, Review, open_review
from ..words import plural
from . import render
from .controls import ACTIONS, Controls
from .decisions import Decisions
from .filters import PAGE_SIZE, FilterIndex, refresh_view_data
from .frontend import FrontEnd
from .model import FILTER_TRAITS, ExplorerModel
from .rules import FLAG_KEYS, TICK_KEYS, clamp_page, page_count, step
from .thumbnails import DETAIL, ThumbnailCache, placeholder
from .tiles import Tile

__all__ = ["ACTIONS", "Explorer"]
_TILE_COLUMNS = ["item_id", "uri", "created", "kind", "where", "where_name", "audience", "caption", "album"]


def ai_start(ex: Export) -> str:
    """The day Meta's AI training began for this person (YYYY-MM-DD), as ``ai_exposed`` counts it."""
    start = getattr(audience, "ai_training_start", None)  # by privacy jurisdiction (issue 15), where it exists
    if start is not None:
        return start(ex.account)[0].strftime("%Y-%m-%d")
    return audience.POLICY_EFFECTIVE.strftime("%Y-%m-%d")  # before it: one start for everyone


class Explorer(Controls, Decisions, W.VBox):
    """Filter, look, label and flag: ``Explorer(ex, review="metaexposure-review.sqlite")``.

    Every flag and label is committed to the review store at once; labels re-infer the audience
    of the export (``ex.apply_review``), so the numbers shown follow them.
    """

    def __init__(self, ex: Export, review: str | os.PathLike[str] | Review | None = None, *,
                 page_size: int = PAGE_SIZE, thumbnails: ThumbnailCache | None = None,
                 worklist_dir: str | os.PathLike[str] = "worklist") -> None:
        self.ex = ex
        # default: the review the export was loaded with, else metaexposure-review.sqlite here
        review = review if review is not None else getattr(ex, "review", None) or DEFAULT_PATH
        self.review: Review = open_review(review, ex.paths)  # refuses a path inside the export
        self.review_path = str(self.review.path)
        self.worklist_dir = Path(worklist_dir)
        self.model = ExplorerModel(page_size=page_size)
        self.thumbnails = thumbnails or ThumbnailCache(ex)
        self.ai_start = ai_start(ex)
        self.ex.apply_review(self.review)  # labels saved in an earlier session count from the start
        self._index = FilterIndex(ex.items, flags=self.review.flags)
        self._labels_seen = self._label_snapshot()
        self._head = self._store_head()
        self._positions = np.arange(0)
        self._shown = np.zeros(len(ex.items), dtype=bool)
        self._pending: str | None = None  # the bulk action awaiting its confirmation ("" clears)
        self._version = 0  # bumped when labels (audiences) or a flag filter change what is shown
        self._rendered: dict[str, Any] = {}
        self._rendering = self._syncing = False
        self._errors = W.Output()
        self._status = W.HTML()
        self._headline, self._summary = W.HTML(), W.HTML()
        self._front = FrontEnd(self._safe(self._on_front_end))
        super().__init__(children=[W.HTML(render.STYLE), self._front, self._headline, self._build_filters(),
                                   self._summary, self._build_actions(), self._build_body()])
        self.add_class("mx-explorer")
        self.model.observe(self._on_change)  # the one observer: every state change re-renders
        self._render()
        self._refresh_undo()
        if self.review.notice:  # e.g. the JSON review was imported into the store: said once, here
            self._status.value = f'<div class="mx-notice">ℹ {escape.html(self.review.notice)}</div>'

    @property
    def page_size(self) -> int:
        return self.model.page_size

    # ---------------------------------------------------------------- the store
    def _store_head(self) -> int:
        # the newest action of the store's log: a decision made through this same Review object (a notebook
        # cell flagging with ex.review) moves it, and PRAGMA data_version (review.changed()) does not see those
        history = self.review.history(1)
        return int(history[0]["id"]) if history else 0

    def _label_snapshot(self) -> tuple[dict[str, str], ...]:
        return (dict(self.review.item_labels), dict(self.review.album_labels), dict(self.review.group_labels))

    def _sync_store(self) -> bool:
        """Take in decisions made elsewhere (another window, a notebook cell); True if there were any."""
        other = self.review.changed()  # one PRAGMA read; takes another connection's writes into the caches
        head = self._store_head()
        if not other and head == self._head:
            return False
        self._head = head
        n = self._take_store()
        if n:
            self._status.value = (f"↻ {plural(n, 'decision')} changed elsewhere (a notebook cell or another "
                                  "window); shown as the store holds them now.")
        self._refresh_undo()
        return True

    def _take_store(self) -> int:
        """Show what the store holds now: flags column by column, labels by re-inferring; returns how many
        flags and labels changed."""
        changed = self._index.set_flags(self.review.flags)
        labels = self._label_snapshot()
        relabelled = sum(len(set(a.items()) ^ set(b.items())) for a, b in zip(labels, self._labels_seen, strict=True))
        if relabelled:
            self._labels_seen = labels
            self.ex.apply_review(self.review)
            self._index.update_audience(self.ex.items)
            self._version += 1
            self._refresh_choices()
            self._render()
        elif len(changed):
            self._after_flags(self.ex.items["item_id"].to_numpy()[changed])
        return len(changed) + relabelled

    def _after_flags(self, item_ids: Iterable[str]) -> None:
        """Show changed flags: counts, the flag list, the tiles and detail of those items; no full redraw."""
        self._refresh_choices(("flags",))
        if self.model.flags:  # a flag filter: what is shown changes with them
            self._version += 1
            self._render()
            return
        self._render_counts()
        changed = set(item_ids)
        for tile in self._tiles[:self.model.page_size]:
            if tile.item_id in changed:
                tile.update(self.review.flags.get(tile.item_id))
        if self.model.focus in changed:
            self._render_detail()

    # ---------------------------------------------------------------- front end
    def _on_front_end(self, message: dict[str, Any]) -> None:
        event = message.get("event")
        if event == "tick":
            try:
                self._sync_store()
            finally:
                self._front.tock()
            return
        self._sync_store()
        slot = message.get("slot")
        tile = self._tiles[slot] if isinstance(slot, int) and 0 <= slot < self.model.page_size else None
        if event == "open" and tile is not None:
            self._open(tile.slot)
        elif event == "range" and tile is not None and tile.item_id:
            self.model.tick_range(self._page_ids(), tile.item_id)
            self.model.focus = tile.item_id
        elif event == "key" and isinstance(message.get("key"), str):
            columns = message.get("columns")
            self._on_key(message["key"], bool(message.get("shift")), columns if isinstance(columns, int) else 1)

    def _on_key(self, key: str, shift: bool, columns: int) -> None:
        m = self.model
        if key in FLAG_KEYS:  # the selection, else the item the keyboard is on
            ids = m.selection or ((m.focus,) if m.focus else ())
            if ids:
                self._decide(ids, FLAG_KEYS[key])
                m.selection = ()
            return
        if key in TICK_KEYS:
            if m.focus and shift:
                m.tick_range(self._page_ids(), m.focus)
            elif m.focus:
                m.toggle(m.focus, m.focus not in m.selection)
            return
        position = self._position_in_view(m.focus)
        target = step(position, key, len(self._positions), m.page_size, columns)
        if target < 0:
            return
        with m.hold_trait_notifications():
            m.page = target // m.page_size
            m.focus = str(self.ex.items["item_id"].iat[self._positions[target]])
        self._front.show_slot(target % m.page_size)

    def _position_in_view(self, item_id: str) -> int:
        pos = self._index.position(item_id) if item_id else None
        found = np.flatnonzero(self._positions == pos) if pos is not None else ()
        return int(found[0]) if len(found) else self.model.page * self.model.page_size

    def _open(self, slot: int) -> None:
        tile = self._tiles[slot]
        if tile.item_id:
            self.model.focus = tile.item_id

    # ---------------------------------------------------------------- rendering
    def _on_change(self, change: dict) -> None:
        if change["name"] in FILTER_TRAITS:
            self._cancel_bulk()
        if change["name"] == "page_size":  # keep the item in the detail pane on screen
            self._ensure_tiles(change["new"])
            self.model.page = self._position_in_view(self.model.focus) // change["new"]
        with self._errors:
            if not self._rendering:  # a change the render itself makes (page, focus) needs no store check
                self._sync_store()
            self._render()

    def _render(self) -> None:
        """Bring every view up to date with the model; parts whose inputs did not change are skipped."""
        if self._rendering:
            return  # a change made while rendering: the running render already uses the new state
        self._rendering = True
        try:
            m = self.model
            filters = m.filters()
            if self._rendered.get("filters") != (filters, self._version):
                self._refilter(filters)
            m.page = clamp_page(m.page, len(self._positions), m.page_size)
            page = (m.page, m.page_size, filters)
            if self._rendered.get("page") != (page, self._version):
                self._render_page()
                on_page = m.focus in {t.item_id for t in self._visible_tiles() if t.item_id}
                # another page (not a redraw after a label): the detail pane follows it
                if self._rendered.get("page", (None,))[0] != page and not on_page:
                    m.focus = self._tiles[0].item_id
                self._rendered["page"] = (page, self._version)
            if not m.focus or not self._is_shown(m.focus):
                m.focus = self._tiles[0].item_id
            marks = (m.selection, m.focus, page, self._version)
            if self._rendered.get("marks") != marks:
                self._render_marks()
                self._rendered["marks"] = marks
        finally:
            self._rendering = False

    def _visible_tiles(self) -> list[Tile]:
        return self._tiles[:self.model.page_size]

    def _page_ids(self) -> tuple[str, ...]:
        return tuple(t.item_id for t in self._visible_tiles() if t.item_id)

    def _is_shown(self, item_id: str) -> bool:
        pos = self._index.position(item_id)
        return pos is not None and bool(self._shown[pos])

    def _refilter(self, filters: Any) -> None:
        data = refresh_view_data(self.ex.items, filters, index=self._index, page_size=self.model.page_size)
        self._positions = data.positions
        self._shown[:] = False
        self._shown[data.positions] = True
        self._render_counts(data.summary)
        self.model.selection = tuple(i for i in self.model.selection if self._is_shown(i))
        self._rendered["filters"] = (filters, self._version)

    def _render_counts(self, shown: Any = None) -> None:
        """Headline (whole export) and summary (what is shown), from the index the store keeps current."""
        everything = self._index.summarize(np.arange(self._index.n))
        self._headline.value = render.headline_html(everything, self.review_path, self.ai_start)
        shown = shown if shown is not None else self._index.summarize(self._positions)
        self._summary.value = render.summary_html(shown, self._index.n, self.ai_start)
        self._filtered_label.value = f"<b>All {len(self._positions):,} shown</b>:"

    def _render_page(self) -> None:
        m = self.model
        start = m.page * m.page_size
        rows = self.ex.items.iloc[self._positions[start:start + m.page_size]]
        records = rows[_TILE_COLUMNS].to_dict("records")
        pictures = [r["uri"] for r in records if render.has_picture(r)]
        thumbs = iter(self.thumbnails.many(pictures))
        for i, tile in enumerate(self._visible_tiles()):
            if i < len(records):
                record = records[i]
                tile.show(record, next(thumbs) if render.has_picture(record) else None,
                          self.review.flags.get(record["item_id"]))
            else:
                tile.hide()
        end = min(start + m.page_size, len(self._positions))
        where = f"items {start + 1:,}–{end:,} of {len(self._positions):,}" if end else "no items"
        pages = page_count(len(self._positions), m.page_size)
        with self._quiet():
            self._page_box.value = m.page + 1
        self._page_label.value = f"of {pages:,} · {where} &nbsp;"

    def _render_marks(self) -> None:
        m = self.model
        selected = set(m.selection)
        for tile in self._visible_tiles():
            tile.mark(tile.item_id in selected and bool(tile.item_id), tile.item_id == m.focus and bool(m.focus))
        n = len(m.selection)
        self._selected_label.value = f"<b>{n:,} selected</b>:" if n else '<span class="mx-muted">0 selected:</span>'
        self._render_detail()

    def _render_detail(self) -> None:
        pos = self._index.position(self.model.focus) if self.model.focus else None
        if pos is None:
            self._pane.show(None, placeholder("no item", DETAIL), None, {}, 0, self.ai_start)
            return
        row = self.ex.items.iloc[pos].to_dict()
        labels = {k: v for k, v in (("item", self.review.item_labels.get(row["item_id"])),
                                    ("album", self.review.album_labels.get(f"{row['platform']}/{row['album']}")))
                  if v}
        picture = self.thumbnails.get(row["uri"], DETAIL, square=False) if render.has_picture(row) else None
        self._pane.show(row, picture, self.review.flags.get(row["item_id"]), labels, self._index.album_size(pos),
                        self.ai_start)

    # ---------------------------------------------------------------- selection and paging
    def _on_tick(self, tile: Tile, selected: bool) -> None:
        if tile.item_id and not self._rendering:
            self.model.toggle(tile.item_id, selected)
            self.model.focus = tile.item_id

    def _select_page(self) -> None:
        self.model.selection = tuple(dict.fromkeys(self.model.selection + self._page_ids()))

    def _turn(self, step_by: int) -> None:
        self.model.page = clamp_page(self.model.page + step_by, len(self._positions), self.model.page_size)

    def _jump(self, change: dict) -> None:
        if self._syncing:
            return
        page = clamp_page(int(change["new"] or 1) - 1, len(self._positions), self.model.page_size)
        if page == self.model.page:  # a number past the end: show the page it became
            with self._quiet():
                self._page_box.value = page + 1
        self.model.page = page
