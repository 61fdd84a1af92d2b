"""The Explorer's parts that hold one item: a grid cell and the detail pane."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as W

from .. import escape
from ..frame import AUDIENCES
from . import render
from .thumbnails import DETAIL, TILE


def px(width: int, **kw: Any) -> W.Layout:
    """A layout of a fixed width in pixels."""
    return W.Layout(width=f"{width}px", **kw)


class Tile:
    """One grid cell; the Explorer builds a page of them once and refills them on every page."""

    def __init__(self) -> None:
        self.item_id = ""
        self.image = W.Image(format="jpeg", layout=px(TILE, height=f"{TILE}px", object_fit="cover"))
        self.info = W.HTML(layout=px(TILE, height="52px", overflow="hidden"))
        self.select = W.Checkbox(description="select", indent=False, layout=px(78))
        self.details = W.Button(description="Details", tooltip="Show this item on the right", layout=px(78))
        self.box = W.VBox([self.image, self.info, W.HBox([self.select, self.details])], layout=px(TILE + 10))
        self.box.add_class("mx-tile")

    def show(self, record: Mapping[str, Any], thumbnail: bytes, flag: Mapping[str, Any] | None) -> None:
        """Fill the cell with one item."""
        self.item_id = str(record["item_id"])
        self.image.value = thumbnail
        self.info.value = render.tile_html(record, flag)
        self.box.layout.visibility = "visible"

    def hide(self) -> None:
        """Empty the cell (the last page is short); it keeps its place so the grid does not jump."""
        self.item_id = ""
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
        self.image = W.Image(format="jpeg", layout=px(DETAIL, height=f"{DETAIL}px", object_fit="contain"))
        self.html = W.HTML(layout=px(DETAIL + 10))
        self.label_choice = W.Dropdown(options=[(a.replace("_", " "), a) for a in AUDIENCES if a != "unknown"]
                                       + [("(remove my label)", "")], layout=px(150))
        self.album_note = W.HTML(layout=px(DETAIL + 10))
        labels = W.VBox([
            W.HTML("<b>Who can see it?</b> <span class='mx-muted'>Your label overrides the guess.</span>"),
            W.HBox([self.label_choice, *label_buttons], layout=W.Layout(flex_flow="row wrap")),
            self.album_note])
        self.box = W.VBox([self.image, self.html, labels], layout=W.Layout(
            width=f"{DETAIL + 24}px", flex="0 0 auto", padding="0 0 0 10px"))

    def show(self, row: Mapping[str, Any] | None, picture: bytes, flag: Mapping[str, Any] | None,
             labels: Mapping[str, str], album_size: int) -> None:
        """Show one item (None: the filters match nothing)."""
        self.image.value = picture
        self.html.value = render.detail_html(row, flag, labels)
        if row is None:
            self.album_note.value = ""
        elif row["album"]:
            self.album_note.value = (f'<span class="mx-muted">"Label album" labels all {album_size:,} items of '
                                     f"{escape.html(row['album'])} ({escape.html(row['platform'])})</span>")
        else:
            self.album_note.value = '<span class="mx-muted">This item is in no album.</span>'
