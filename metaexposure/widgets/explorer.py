"""The Explorer: filter an export, look at it, label audiences and flag items, in JupyterLab."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ipywidgets as W
import numpy as np

from .. import escape
from ..api import Export
from ..review import DEFAULT_PATH, Review, open_review
from ..worklist import worklist
from . import render
from .filters import (
    CATEGORY_FILTERS,
    FLAG_STATES,
    PAGE_SIZE,
    FilterIndex,
    album_options,
    category_options,
    refresh_view_data,
    search_albums,
)
from .model import FILTER_TRAITS, ExplorerModel
from .thumbnails import DETAIL, TILE, ThumbnailCache, placeholder
from .tiles import DetailPane, Tile, px

ACTIONS = {"delete": "Delete", "make_private": "Make private", "keep": "Keep"}
_STYLES = {"delete": "danger", "make_private": "warning", "keep": "success"}
_ALBUM_LIMIT = 300  # album options listed at once; the search box narrows the rest


class Explorer(W.VBox):
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
        self.page_size = page_size
        self.worklist_dir = Path(worklist_dir)
        self.model = ExplorerModel()
        self.thumbnails = thumbnails or ThumbnailCache(ex)
        self.ex.apply_review(self.review)  # labels saved in an earlier session count from the start
        self._index = FilterIndex(ex.items, flags=self.review.flags)
        self._album_options = album_options(ex.items)
        self._positions = np.arange(0)
        self._shown = np.zeros(len(ex.items), dtype=bool)
        self._pending: tuple[str, tuple[str, ...]] | None = None
        self._version = 0  # bumped when flags or labels change what is shown
        self._rendered: dict[str, Any] = {}
        self._busy = self._syncing = False
        self._errors = W.Output()
        self._status = W.HTML()
        self._headline, self._summary = W.HTML(), W.HTML()
        super().__init__(children=[W.HTML(render.STYLE), self._headline, self._build_filters(), self._summary,
                                   self._build_actions(), self._build_body()])
        self.add_class("mx-explorer")
        self.model.observe(self._on_change)  # the one observer: every state change re-renders
        self._render()

    # ---------------------------------------------------------------- building
    def _safe(self, handler: Callable[..., None]) -> Callable[..., None]:
        # an exception in a callback would otherwise vanish into the kernel log
        def run(*args: Any) -> None:
            with self._errors:
                handler(*args)
        return run

    def _bind(self, name: str, widget: W.ValueWidget) -> W.ValueWidget:
        # two-way like traitlets.link, but a guard stops the transient () that a SelectMultiple
        # sets while its options change from reaching the model
        def to_model(change: dict) -> None:
            if not self._syncing:
                setattr(self.model, name, change["new"])

        def to_widget(change: dict) -> None:
            with self._quiet():
                if isinstance(widget, W.SelectMultiple):  # code may pick a value no item has (yet)
                    known = {value for _, value in widget.options}
                    missing = [(f"{v} (0)", v) for v in change["new"] if v not in known]
                    if missing:
                        widget.options = [*widget.options, *missing]
                widget.value = change["new"]

        widget.value = getattr(self.model, name)
        widget.observe(self._safe(to_model), "value")
        self.model.observe(to_widget, name)
        return widget

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

    def _set_options(self, name: str, widget: W.SelectMultiple, options: list[tuple[str, str]]) -> None:
        with self._quiet():
            widget.options = options
            values = {value for _, value in options}
            widget.value = tuple(v for v in getattr(self.model, name) if v in values)

    def _button(self, description: str, handler: Callable[[], None], style: str = "",
                tooltip: str = "") -> W.Button:
        button = W.Button(description=description, button_style=style, tooltip=tooltip,
                          layout=W.Layout(width="auto"))
        button.on_click(self._safe(lambda _: handler()))
        return button

    def _build_filters(self) -> W.Widget:
        m = self.model
        row = [
            self._bind("start", W.DatePicker(description="From", layout=px(210))),
            self._bind("end", W.DatePicker(description="To", layout=px(190),
                                           style={"description_width": "30px"})),
            self._bind("text", W.Text(description="Caption", placeholder="words in the caption",
                                      layout=px(280), style={"description_width": "60px"})),
            self._bind("location", W.Dropdown(description="Location", layout=px(210),
                                              options=[("any", "any"), ("has one", "yes"), ("none", "no")])),
            self._bind("newest_first", W.Dropdown(options=[("newest first", True), ("oldest first", False)],
                                                  layout=px(120))),
            self._button("Reset filters", m.reset_filters, tooltip="Show every item again"),
        ]
        self._choices: dict[str, W.SelectMultiple] = {}
        columns = []
        titles = {"platforms": "Platform", "kinds": "Kind", "statuses": "Status", "audiences": "Audience",
                  "bases": "Audience basis", "flags": "Your flag"}
        for name, title in titles.items():
            widget = W.SelectMultiple(rows=5, layout=px({"bases": 200, "platforms": 120}.get(name, 145)))
            self._choices[name] = self._bind(name, widget)
            columns.append(W.VBox([W.HTML(f"<b>{title}</b>"), widget]))
        self._refresh_choices()
        self._album_search = W.Text(placeholder="search albums", layout=px(270))
        self._albums = self._bind("albums", W.SelectMultiple(rows=5, layout=px(270)))
        self._album_note = W.HTML()
        self._album_search.observe(self._safe(lambda _: self._refresh_albums()), "value")
        self._refresh_albums()
        columns.append(W.VBox([W.HTML("<b>Album</b>"), self._album_search, self._albums, self._album_note]))
        hint = W.HTML('<span class="mx-muted">Nothing picked in a list means all of it; Ctrl/⌘-click '
                      "picks several.</span>")
        return W.VBox([W.HBox(row, layout=W.Layout(flex_flow="row wrap")),
                       W.HBox(columns, layout=W.Layout(flex_flow="row wrap")), hint])

    def _refresh_choices(self) -> None:
        items = self.ex.items
        for name, widget in self._choices.items():
            if name == "flags":
                counts = np.bincount(self._index.flag_codes, minlength=len(FLAG_STATES))
                options = [(f"{f.replace('_', ' ')} ({counts[i]:,})", f) for i, f in enumerate(FLAG_STATES)]
            else:
                options = category_options(items, CATEGORY_FILTERS[name], keep=getattr(self.model, name))
            if options != list(widget.options):
                self._set_options(name, widget, options)

    def _refresh_albums(self) -> None:
        options, matches = search_albums(self._album_options, self._album_search.value, self.model.albums,
                                         limit=_ALBUM_LIMIT)
        self._set_options("albums", self._albums, options)
        total = len(self._album_options)
        self._album_note.value = (f'<span class="mx-muted">{min(matches, _ALBUM_LIMIT):,} of {matches:,} '
                                  f"matching albums listed ({total:,} in all)</span>")

    def _build_actions(self) -> W.Widget:
        self._selected_label = W.HTML(layout=px(150))
        self._filtered_label = W.HTML(layout=px(150))
        selected = [self._button(text, lambda a=action: self._flag_selected(a), _STYLES[action])
                    for action, text in ACTIONS.items()]
        selected.append(self._button("Clear flag", lambda: self._flag_selected(None)))
        bulk = [self._button(f"{text}…", lambda a=action: self._ask_bulk(a), _STYLES[action],
                             tooltip="Asks for confirmation first") for action, text in ACTIONS.items()]
        bulk.append(self._button("Clear flags…", lambda: self._ask_bulk(None)))
        self._confirm_text = W.HTML()
        self._confirm = W.HBox([self._confirm_text, self._button("Confirm", self._confirm_bulk, "danger"),
                                self._button("Cancel", self._cancel_bulk)],
                               layout=W.Layout(display="none", align_items="center"))
        self._confirm.add_class("mx-confirm")
        self._worklist_dir = W.Text(value=str(self.worklist_dir), description="Worklist to",
                                    layout=px(330), style={"description_width": "80px"})
        write = self._button("Write worklist", self._write_worklist, "info")
        # the status line and any error sit under the buttons, where the eye is after a click
        return W.VBox([W.HBox([self._selected_label, *selected]), W.HBox([self._filtered_label, *bulk]),
                       self._confirm, self._status, self._errors, W.HBox([self._worklist_dir, write])])

    def _build_body(self) -> W.Widget:
        self._tiles = [Tile() for _ in range(self.page_size)]
        for tile in self._tiles:
            tile.select.observe(self._safe(lambda change, t=tile: self._on_tick(t, change["new"])), "value")
            tile.details.on_click(self._safe(lambda _, t=tile: setattr(self.model, "focus", t.item_id)))
        self._page_label = W.HTML()
        pager = W.HBox([self._button("◀ Previous", lambda: self._turn(-1)), self._page_label,
                        self._button("Next ▶", lambda: self._turn(1)),
                        self._button("Select page", self._select_page),
                        self._button("Clear selection", lambda: setattr(self.model, "selection", ()))],
                       layout=W.Layout(align_items="center"))
        # the columns spread over the width left by the detail pane instead of leaving a gap
        grid = W.GridBox([t.box for t in self._tiles], layout=W.Layout(
            grid_template_columns=f"repeat(auto-fill, {TILE + 10}px)", grid_gap="6px", width="100%",
            justify_content="space-between"))
        self._pane = DetailPane([self._button("Label item", self._label_item),
                                 self._button("Label album", self._label_album)])
        # wraps the detail pane below the grid when the notebook is narrow
        return W.HBox([W.VBox([pager, grid], layout=W.Layout(flex="1 1 560px")), self._pane.box],
                      layout=W.Layout(flex_flow="row wrap"))

    # ---------------------------------------------------------------- rendering
    def _on_change(self, change: dict) -> None:
        if change["name"] in FILTER_TRAITS:
            self._cancel_bulk()
        with self._errors:
            self._render()

    def _render(self) -> None:
        """Bring every view up to date with the model; parts whose inputs did not change are skipped."""
        if self._busy:
            return  # a change made while rendering: the running render already uses the new state
        self._busy = True
        try:
            m = self.model
            filters = m.filters()
            if self._rendered.get("filters") != (filters, self._version):
                self._refilter(filters)
            pages = max(1, -(-len(self._positions) // self.page_size))
            m.page = min(m.page, pages - 1)
            page = (m.page, filters)
            if self._rendered.get("page") != (page, self._version):
                self._render_page(pages)
                on_page = m.focus in {t.item_id for t in self._tiles if t.item_id}
                # another page (not a redraw after a flag or label): the detail pane follows it
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
            self._busy = False

    def _is_shown(self, item_id: str) -> bool:
        pos = self._index.position(item_id)
        return pos is not None and bool(self._shown[pos])

    def _refilter(self, filters: Any) -> None:
        data = refresh_view_data(self.ex.items, filters, index=self._index, page_size=self.page_size)
        self._positions = data.positions
        self._shown[:] = False
        self._shown[data.positions] = True
        if self._rendered.get("headline") != self._version:
            everything = self._index.summarize(np.arange(self._index.n))
            self._headline.value = render.headline_html(everything, self.review_path)
            self._rendered["headline"] = self._version
        self._summary.value = render.summary_html(data.summary, self._index.n)
        self.model.selection = tuple(i for i in self.model.selection if self._is_shown(i))
        self._rendered["filters"] = (filters, self._version)

    def _render_page(self, pages: int) -> None:
        start = self.model.page * self.page_size
        rows = self.ex.items.iloc[self._positions[start:start + self.page_size]]
        records = rows[["item_id", "uri", "created", "kind", "audience", "caption", "album"]].to_dict("records")
        thumbs = self.thumbnails.many(r["uri"] for r in records)
        for i, tile in enumerate(self._tiles):
            if i < len(records):
                tile.show(records[i], thumbs[i], self.review.flags.get(records[i]["item_id"]))
            else:
                tile.hide()
        end = min(start + self.page_size, len(self._positions))
        where = f"items {start + 1:,}–{end:,} of {len(self._positions):,}" if end else "no items"
        self._page_label.value = f"&nbsp; Page {self.model.page + 1:,} of {pages:,} · {where} &nbsp;"

    def _render_marks(self) -> None:
        m = self.model
        selected = set(m.selection)
        for tile in self._tiles:
            tile.mark(tile.item_id in selected and bool(tile.item_id), tile.item_id == m.focus and bool(m.focus))
        n = len(m.selection)
        self._selected_label.value = f"<b>{n:,} selected</b>:" if n else '<span class="mx-muted">0 selected:</span>'
        self._filtered_label.value = f"<b>All {len(self._positions):,} shown</b>:"
        self._render_detail()

    def _render_detail(self) -> None:
        pos = self._index.position(self.model.focus) if self.model.focus else None
        if pos is None:
            self._pane.show(None, placeholder("no item", DETAIL), None, {}, 0)
            return
        row = self.ex.items.iloc[pos].to_dict()
        labels = {k: v for k, v in (("item", self.review.item_labels.get(row["item_id"])),
                                    ("album", self.review.album_labels.get(f"{row['platform']}/{row['album']}")))
                  if v}
        self._pane.show(row, self.thumbnails.get(row["uri"], DETAIL, square=False),
                        self.review.flags.get(row["item_id"]), labels, self._index.album_size(pos))

    # ---------------------------------------------------------------- actions
    def _changed(self, message: str) -> None:
        self._version += 1
        self._refresh_choices()
        self._render()
        # the message may name an album: export text, escaped like everything else that becomes HTML
        saved = f"<span class='mx-muted'>(saved to {escape.html(self.review_path)})</span>"
        self._status.value = f"✔ {escape.html(message)} {saved}"

    def _flag(self, item_ids: tuple[str, ...], action: str | None) -> int:
        if action is None:
            n = self.review.unflag(list(item_ids))
        else:
            n = self.review.flag(list(item_ids), action, items=self.ex.items)
        self._index.update_flags(item_ids, self.review.flags)
        return n

    def _flag_selected(self, action: str | None) -> None:
        ids = self.model.selection
        if not ids:
            self._status.value = "Tick <b>select</b> under some thumbnails first (or use the buttons for all shown)."
            return
        n = self._flag(ids, action)
        self.model.selection = ()
        verb = f"Flagged {n:,} item(s) as {action.replace('_', ' ')}" if action else f"Cleared {n:,} flag(s)"
        self._changed(verb)

    def _ask_bulk(self, action: str | None) -> None:
        ids = tuple(self.ex.items["item_id"].to_numpy()[self._positions])
        if not ids:
            self._status.value = "The filters show no items."
            return
        what = f"flag all <b>{len(ids):,}</b> shown items as <b>{action.replace('_', ' ')}</b>" if action \
            else f"clear the flags of all <b>{len(ids):,}</b> shown items"
        self._pending = (action or "", ids)
        self._confirm_text.value = f"Really {what}? &nbsp;"
        self._confirm.layout.display = "flex"

    def _confirm_bulk(self) -> None:
        if self._pending is None:
            return
        action, ids = self._pending
        self._cancel_bulk()
        n = self._flag(ids, action or None)
        self._changed(f"Flagged {n:,} items as {action.replace('_', ' ')}" if action else f"Cleared {n:,} flags")

    def _cancel_bulk(self) -> None:
        self._pending = None
        self._confirm.layout.display = "none"

    def _label(self, apply: Callable[[str | None], None], what: str) -> None:
        audience = self._pane.label_choice.value or None
        apply(audience)
        self.ex.apply_review(self.review)
        self._index.update_audience(self.ex.items)
        self._changed(f"{what} labelled {audience.replace('_', ' ')}" if audience else f"Label removed from {what}")

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
        try:
            paths = worklist(self.ex, self.review, Path(self._worklist_dir.value or "worklist"))
        except (OSError, ValueError) as exc:  # a folder that cannot be written, or one inside the export
            self._status.value = f'<span style="color:#b71c1c">Worklist not written: {escape.html(exc)}</span>'
            return
        self._status.value = "✔ Worklist written: " + ", ".join(escape.html(p) for p in paths)

    # ---------------------------------------------------------------- selection and paging
    def _on_tick(self, tile: Tile, selected: bool) -> None:
        if tile.item_id and not self._busy:
            self.model.toggle(tile.item_id, selected)
            self.model.focus = tile.item_id

    def _select_page(self) -> None:
        ids = tuple(t.item_id for t in self._tiles if t.item_id)
        self.model.selection = tuple(dict.fromkeys(self.model.selection + ids))

    def _turn(self, step: int) -> None:
        pages = max(1, -(-len(self._positions) // self.page_size))
        self.model.page = min(max(0, self.model.page + step), pages - 1)
