"""The Explorer's front-end part: what core ipywidgets cannot send to the kernel.

Core ipywidgets has no key or pointer events, and a timer in the kernel would block it or race its
main thread. This small anywidget (its JavaScript below, inline: no file, no network) lives inside the
Explorer's box and sends the kernel five kinds of message, each a dict with ``event``:

- ``tick``: about every 2 s while the Explorer is on screen (not in a hidden tab, not scrolled away, not
  after the output was cleared: the timer belongs to the view and stops with it). The next tick waits for
  the kernel's answer, so ticks never pile up behind a long-running cell.
- ``open`` (``slot``): a click on a tile's thumbnail or text face.
- ``range`` (``slot``): a shift-click on a tile's select box (the box's own toggle is stopped: the kernel
  sets every box of the range).
- ``key`` (``key``, ``shift``, ``columns``): a key pressed while the grid has the keyboard focus; the grid
  carries ``data-lm-suppress-shortcuts`` so JupyterLab's single-key notebook commands (D D deletes a
  cell!) stay out while it has the focus; Escape gives the focus back.

Why anywidget rather than ipyevents: one widget gives all of it, the timer included (ipyevents has
none, and the ``Play`` widget's timer lives in its model, so it ticks on when no view shows it); its
labextension ships prebuilt in the wheel; the JavaScript here is ours to read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

TICK_SECONDS = 2.0

_ESM = r"""
const KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown",
                      " ", "x", "d", "p", "k", "c"]);

function render({ model, el }) {
  el.style.display = "none";
  let root = null, grid = null, waiting = false, sentAt = 0, onScreen = true, retry = null;
  const send = (content) => model.send(content);
  const slotOf = (node) => {
    const tile = node.closest(".mx-tile");
    const found = tile ? /(?:^|\s)mx-slot-(\d+)(?:\s|$)/.exec(tile.className) : null;
    return found ? Number(found[1]) : -1;
  };
  const columns = () => {
    const tiles = Array.from(grid.querySelectorAll(".mx-tile"));
    return tiles.length ? tiles.filter((t) => t.offsetTop === tiles[0].offsetTop).length : 1;
  };
  const tick = () => {
    // the kernel has not answered the last tick (it is running a cell): wait, unless it was lost
    if (waiting && Date.now() - sentAt < 30000) return;
    if (document.hidden || !onScreen || !el.isConnected) return;
    waiting = true;
    sentAt = Date.now();
    send({ event: "tick" });
  };
  const onClick = (event) => {
    const target = event.target;
    if (!(target instanceof Element) || !target.closest(".mx-tile")) return;
    if (event.shiftKey && target.matches("input[type=checkbox]")) {
      event.preventDefault();
      event.stopPropagation();
      send({ event: "range", slot: slotOf(target) });
    } else if (target.closest(".mx-face")) {
      send({ event: "open", slot: slotOf(target) });
      if (grid) grid.focus({ preventScroll: true });
    }
  };
  const onKey = (event) => {
    if (!grid || !grid.contains(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.tagName === "BUTTON" && (event.key === "Enter" || event.key === " ")) return;
    if (event.key === "Escape") { grid.blur(); return; }
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (!KEYS.has(key)) return;
    event.preventDefault();
    event.stopPropagation();
    send({ event: "key", key, shift: event.shiftKey, columns: columns() });
  };
  const seen = new IntersectionObserver((entries) => {
    const was = onScreen;
    onScreen = entries.some((e) => e.isIntersecting);
    if (onScreen && !was) tick();  // back on screen: catch up at once
  });
  const attach = () => {
    // the box puts this view into the page after render() returns: wait for it
    root = el.closest(".mx-explorer");
    if (!root) { retry = setTimeout(attach, 100); return; }
    grid = root.querySelector(".mx-grid");
    if (grid) {
      grid.tabIndex = 0;
      grid.setAttribute("data-lm-suppress-shortcuts", "true");
      grid.setAttribute("aria-label", "items: arrow keys move, space selects, D P K C decide");
    }
    root.addEventListener("click", onClick, true);
    root.addEventListener("keydown", onKey);
    seen.observe(root);
  };
  model.on("msg:custom", (msg) => {
    if (msg.tock) waiting = false;
    if (msg.focused !== undefined && root) {
      const tile = root.querySelector(`.mx-slot-${msg.focused}`);
      if (tile) tile.scrollIntoView({ block: "nearest" });
    }
  });
  attach();
  const timer = setInterval(tick, model.get("interval_ms"));
  return () => {
    clearInterval(timer);
    clearTimeout(retry);
    seen.disconnect();
    if (root) {
      root.removeEventListener("click", onClick, true);
      root.removeEventListener("keydown", onKey);
    }
  };
}

export default { render };
"""


class FrontEnd(anywidget.AnyWidget):
    """Sends the Explorer ticks, thumbnail clicks, shift-clicks and keys; ``handler`` gets each message."""

    _esm = _ESM
    interval_ms = traitlets.Int(int(TICK_SECONDS * 1000)).tag(sync=True)

    def __init__(self, handler: Callable[[dict[str, Any]], None]) -> None:
        super().__init__()
        self.on_msg(lambda _widget, content, _buffers: handler(content if isinstance(content, dict) else {}))

    def tock(self) -> None:
        """Tell the front end the last tick was handled, so it may send the next."""
        self.send({"tock": True})

    def show_slot(self, slot: int) -> None:
        """Scroll the tile at ``slot`` into view (the keyboard moved the focus there)."""
        self.send({"focused": slot})
