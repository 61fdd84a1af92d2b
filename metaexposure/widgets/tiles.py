"""The Explorer's parts that hold one item: a grid cell and the detail pane."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as W

from .. import escape
from ..frame import AUDIENCES
from ..words import AUDIENCE_WORDS
from . import render
from .thumbnails import DETAIL, TILE, placeholder


def px(width: int, **kw: Any) -> W.Layout:
    """A layout of a fixed width in pixels."""
    return W.Layout(width=f"{width}px", **kw)


class Tile:
    """One grid cell; the Explorer builds a page of them once and refills them on every page.

    ``slot`` is its place in the grid: the front end names a clicked tile by it (class ``mx-slot-N``).
    """

    def __init__(self, slot: int) -> None:
        self.slot = slot
        self.item_id = ""
        self.record: Mapping[str, Any] = {}
        # never empty, also while hidden behind a text item's face: an empty Image is a broken <img>
        self.image = W.Image(value=placeholder("", TILE), format="jpeg",
                             layout=px(TILE, height=f"{TILE}px", object_fit="cover"))
        self.face = W.HTML(layout=px(TILE, height=f"{TILE}px", display="none"))  # a text item's words
        for face in (self.image, self.face):
            face.add_class("mx-face")  # a click on it opens the details (frontend.py)
        self.info = W.HTML(layout=px(TILE, height="52px", overflow="hidden"))
        self.info.add_class("mx-info")
        self.select = W.Checkbox(description="select", indent=False, layout=px(78))
        self.details = W.Button(description="Details", tooltip="Show this item on the right", layout=px(78))
        self.box = W.VBox([self.image, self.face, self.info, W.HBox([self.select, self.details])],
                          layout=px(TILE + 10))
        self.box.add_class("mx-tile")
        self.box.add_class(f"mx-slot-{slot}")

    def show(self, record: Mapping[str, Any], thumbnail: bytes | None, flag: Mapping[str, Any] | None) -> None:
        """Fill the cell with one item: its thumbnail, or its words when it has no picture (``thumbnail`` None)."""
        self.item_id = str(record["item_id"])
        self.record = record
        if thumbnail is None:
            self.face.value = render.text_face_html(record)
        else:
            self.image.value = thumbnail
        # only a change reaches the browser: a page of photos after a page of photos sends no layout message
        self.image.layout.display = "none" if thumbnail is None else None
        self.face.layout.display = None if thumbnail is None else "none"
        self.update(flag)
        self.box.layout.visibility = "visible"

    def update(self, flag: Mapping[str, Any] | None) -> None:
        """Show a new decision (or audience) of the item; the picture stays."""
        if self.item_id:
            self.info.value = render.tile_html(self.record, flag)

    def hide(self) -> None:
        """Empty the cell (the last page is short); it keeps its place so the grid does not jump."""
        self.item_id = ""
        self.record = {}
        self.box.layout.visibility = "hidden"

    def mark(self, selected: bool, focused: bool) -> None:
        """Show whether the item is ticked and whether it is the one in the detail pane."""
        self.select.value = selected
        for name, on in (("mx-selected", selected), ("mx-focus", focused)):
            if on and name not in self.box._dom_classes:
                self.box.add_class(name)
            elif not on and name in self.box._dom_classes:
                self.box.remove_class(name)


class DetailPane:
    """A larger picture, every fact about the item, and the audience label controls."""

    def __init__(self, label_buttons: list[W.Button]) -> None:
        self.image = W.Image(value=placeholder("", DETAIL), format="jpeg",  # never an empty, broken <img>
                             layout=px(DETAIL, height=f"{DETAIL}px", object_fit="contain"))
        self.html = W.HTML(layout=px(DETAIL + 10))
        # no audience picked in advance: a label is a claim the person makes, never a default (it was "public")
        self.label_choice = W.Dropdown(options=[(AUDIENCE_WORDS[a], a) for a in AUDIENCES if a != "unknown"]
                                       + [("(remove my label)", "")], value=None, layout=px(150))
        self.label_choice.add_class("mx-label-choice")
        self.label_buttons = label_buttons
        for button in label_buttons:
            button.disabled = True
        self.label_choice.observe(self._chosen, "value")
        self.album_note = W.HTML(layout=px(DETAIL + 10))
        labels = W.VBox([
            W.HTML("<b>Who can see it?</b> <span class='mx-muted'>Pick one; your label overrides the guess."
                   "</span>"),
            W.HBox([self.label_choice, *label_buttons], layout=W.Layout(flex_flow="row wrap")),
            self.album_note])
        self.box = W.VBox([self.image, self.html, labels], layout=W.Layout(
            width=f"{DETAIL + 24}px", flex="0 0 auto", padding="0 0 0 10px"))

    def _chosen(self, change: dict) -> None:
        for button in self.label_buttons:
            button.disabled = change["new"] is None

    def show(self, row: Mapping[str, Any] | None, picture: bytes | None, flag: Mapping[str, Any] | None,
             labels: Mapping[str, str], album_size: int, ai_start: str) -> None:
        """Show one item (None: the filters match nothing); ``picture`` None: a text item, its words say it all."""
        if picture is not None:
            self.image.value = picture
        self.image.layout.display = "none" if picture is None else None
        self.html.value = render.detail_html(row, flag, labels, ai_start)
        if row is None:
            self.album_note.value = ""
        elif row["album"]:
            self.album_note.value = (f'<span class="mx-muted">"Label album" labels all {album_size:,} items of '
                                     f"{escape.html(row['album'])} ({escape.html(row['platform'])})</span>")
        else:
            self.album_note.value = '<span class="mx-muted">This item is in no album.</span>'
