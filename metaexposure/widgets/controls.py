"""The Explorer's controls: filter lists, decision buttons, pager and grid, each bound to the model."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as W
import numpy as np

from .. import palette
from ..words import AUDIENCE_WORDS, BASIS_WORDS, FLAG_WORDS, KIND_WORDS, STATUS_WORDS, WHERE_WORDS
from .filters import CATEGORY_FILTERS, FLAG_STATES, album_options, category_options, search_albums
from .model import ExplorerModel
from .rules import KEYS_HELP, PAGE_SIZES
from .thumbnails import TILE
from .tiles import DetailPane, Tile, px

ACTIONS = {"delete": "Delete", "make_private": "Make private", "keep": "Keep"}
# a decision's button wears its badge's colour and shape (Font Awesome's times, adjust ◐ and check), never
# ipywidgets' red and orange, which read as "public" beside the charts' palette
_ICONS = {"delete": "times", "make_private": "adjust", "keep": "check"}
_ALBUM_LIMIT = 300  # album options listed at once; the search box narrows the rest
# the lists a person picks from: title and the words each code shows as
LISTS = {"platforms": ("Platform", None), "kinds": ("Kind", KIND_WORDS), "wheres": ("Where", WHERE_WORDS),
         "statuses": ("Status", STATUS_WORDS), "audiences": ("Audience", AUDIENCE_WORDS),
         "bases": ("Why that audience", BASIS_WORDS), "flags": ("Your decision", FLAG_WORDS)}
_LIST_WIDTHS = {"platforms": 110, "kinds": 150, "wheres": 170, "bases": 300, "statuses": 170}


class Controls:
    """Builds the Explorer's widgets (a mixin of ``Explorer``, which supplies the state used here)."""

    ex: Any
    model: ExplorerModel
    _index: Any
    _syncing: bool

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
                tooltip: str = "", action: str = "") -> W.Button:
        button = W.Button(description=description, button_style=style, tooltip=tooltip,
                          layout=W.Layout(width="auto"))
        if action:
            colour = palette.FLAG_COLORS[action]
            button.icon = _ICONS[action]
            button.style.button_color, button.style.text_color = colour, palette.ink_on(colour)
        button.on_click(self._safe(lambda _: handler()))
        return button

    # ---------------------------------------------------------------- filters
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
        for name, (title, _) in LISTS.items():
            widget = W.SelectMultiple(rows=5, layout=px(_LIST_WIDTHS.get(name, 145)))
            self._choices[name] = self._bind(name, widget)
            columns.append(W.VBox([W.HTML(f"<b>{title}</b>"), widget]))
        self._refresh_choices()
        self._album_options = album_options(self.ex.items)
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

    def _refresh_choices(self, names: tuple[str, ...] | None = None) -> None:
        """The lists' options with their counts (only ``names``, e.g. the flags after a decision)."""
        for name in names or tuple(self._choices):
            widget = self._choices[name]
            if name == "flags":
                counts = np.bincount(self._index.flag_codes, minlength=len(FLAG_STATES))
                options = [(f"{FLAG_WORDS[f]} ({counts[i]:,})", f) for i, f in enumerate(FLAG_STATES)]
            else:
                options = category_options(self.ex.items, CATEGORY_FILTERS[name], keep=getattr(self.model, name),
                                           words=LISTS[name][1])
            if options != list(widget.options):
                self._set_options(name, widget, options)

    def _refresh_albums(self) -> None:
        options, matches = search_albums(self._album_options, self._album_search.value, self.model.albums,
                                         limit=_ALBUM_LIMIT)
        self._set_options("albums", self._albums, options)
        total = len(self._album_options)
        self._album_note.value = (f'<span class="mx-muted">{min(matches, _ALBUM_LIMIT):,} of {matches:,} '
                                  f"matching albums listed ({total:,} in all)</span>")

    # ---------------------------------------------------------------- decisions
    def _build_actions(self) -> W.Widget:
        self._selected_label = W.HTML(layout=px(150))
        self._filtered_label = W.HTML(layout=px(150))
        selected = [self._button(text, lambda a=action: self._flag_selected(a), action=action)
                    for action, text in ACTIONS.items()]
        selected.append(self._button("Clear flag", lambda: self._flag_selected(None)))
        bulk = [self._button(f"{text}…", lambda a=action: self._ask_bulk(a), tooltip="Asks for confirmation first",
                             action=action) for action, text in ACTIONS.items()]
        bulk.append(self._button("Clear flags…", lambda: self._ask_bulk(None)))
        self._confirm_text = W.HTML()
        confirm = [self._button("Confirm", self._confirm_bulk, "danger"), self._button("Cancel", self._cancel_bulk)]
        self._confirm = W.HBox([self._confirm_text, *confirm],
                               layout=W.Layout(display="none", align_items="center", flex_flow="row wrap"))
        self._confirm.add_class("mx-confirm")
        self._undo_button = self._button("↶ Undo", self._undo, tooltip="Take back the last decision or label "
                                         "(from the store's log: also one made before a restart)")
        self._undo_label = W.HTML()
        # names a reader of the page (the browser test, a screen reader's landmarks) can find them by
        for widget, name in ((self._status, "mx-status"), (self._undo_label, "mx-undo"),
                             (self._selected_label, "mx-count")):
            widget.add_class(name)
        self._worklist_dir = W.Text(value=str(self.worklist_dir), description="Worklist to",
                                    layout=px(330), style={"description_width": "80px"})
        write = self._button("Write worklist", self._write_worklist, "info")
        # disabled while a long action runs: a second click cannot start another on half-done state
        self._action_buttons = [*selected, *bulk, *confirm, self._undo_button, write]
        # the status line and any error sit under the buttons, where the eye is after a click
        return W.VBox([W.HBox([self._selected_label, *selected]), W.HBox([self._filtered_label, *bulk]),
                       self._confirm, W.HBox([self._undo_button, self._undo_label],
                                             layout=W.Layout(align_items="center")),
                       self._status, self._errors, W.HBox([self._worklist_dir, write])])

    # ---------------------------------------------------------------- pager, grid, detail
    def _build_body(self) -> W.Widget:
        self._tiles: list[Tile] = []
        self._page_box = W.IntText(value=1, description="Page", layout=px(130), style={"description_width": "40px"})
        self._page_box.observe(self._safe(self._jump), "value")
        self._page_label = W.HTML()
        sizes = sorted({*PAGE_SIZES, self.model.page_size})
        self._page_size = self._bind("page_size", W.Dropdown(options=[(f"{n} per page", n) for n in sizes],
                                                             layout=px(120)))
        pager = W.HBox([self._button("◀ Previous", lambda: self._turn(-1)), self._page_box, self._page_label,
                        self._button("Next ▶", lambda: self._turn(1)), self._page_size,
                        self._button("Select page", self._select_page),
                        self._button("Clear selection", lambda: setattr(self.model, "selection", ()))],
                       layout=W.Layout(align_items="center", flex_flow="row wrap"))
        # the columns spread over the width left by the detail pane instead of leaving a gap
        self._grid = W.GridBox([], layout=W.Layout(
            grid_template_columns=f"repeat(auto-fill, {TILE + 10}px)", grid_gap="6px", width="100%",
            justify_content="space-between"))
        self._grid.add_class("mx-grid")
        self._ensure_tiles(self.model.page_size)
        self._pane = DetailPane([self._button("Label item", self._label_item),
                                 self._button("Label album", self._label_album)])
        keys = W.HTML(f'<span class="mx-muted">Click a thumbnail for its details. Shift-click a select box '
                      f"selects the range from the last one ticked. {KEYS_HELP}.</span>")
        # wraps the detail pane below the grid when the notebook is narrow
        return W.HBox([W.VBox([pager, keys, self._grid], layout=W.Layout(flex="1 1 560px")), self._pane.box],
                      layout=W.Layout(flex_flow="row wrap"))

    def _ensure_tiles(self, n: int) -> None:
        """Enough grid cells for a page of ``n`` (made once, kept when the page gets smaller again)."""
        while len(self._tiles) < n:
            tile = Tile(len(self._tiles))
            tile.select.observe(self._safe(lambda change, t=tile: self._on_tick(t, change["new"])), "value")
            tile.details.on_click(self._safe(lambda _, t=tile: self._open(t.slot)))
            self._tiles.append(tile)
        for tile in self._tiles[n:]:
            tile.hide()
        boxes = [t.box for t in self._tiles[:n]]
        if list(self._grid.children) != boxes:
            self._grid.children = boxes
