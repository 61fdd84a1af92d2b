"""Issue 14 without a browser: every notebook run on a hostile export shows its text as text.

The fast companion of tests/browser/test_hostile_browser.py, for machines without Chromium: each curated
notebook runs with papermill on the hostile export of tests/hostile.py (payloads in captions, album names,
places, titles, links, uris and the review file), and every text/html and text/markdown output is read the
way JupyterLab would show it: Markdown rendered to HTML (mistune, with raw HTML and GFM tables), then
parsed. No element may load or run anything that came from a payload, and no text may hold a MathJax
``\\href``, which JupyterLab would typeset into a link. The failure names the notebook, the cell and the
payload path. The browser test stays the judge of what a page does; this one says where the markup came
from and runs everywhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest

import metaexposure as me

from .hostile import MARKER, write_hostile_export, write_hostile_review

papermill = pytest.importorskip("papermill")
mistune = pytest.importorskip("mistune")

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# Nothing listens there and nothing may ask: the payloads only need a URL to be recognised by.
BASE = "http://127.0.0.1:9"
URL_ATTRS = {"src", "href", "action", "formaction", "data", "poster", "background", "xlink:href", "ping",
             "codebase", "cite"}
ANYWHERE_ATTRS = {"style", "srcset", "srcdoc", "content"}
# The class MathJax 3 (JupyterLab 4) skips; pandas' "tex2jax_ignore" is MathJax 2's and does not count
MATHJAX_IGNORE = {"mathjax_ignore"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class LiveMarkup(HTMLParser):
    """Elements of an HTML output that would load or run a payload, and text MathJax would turn into a link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, inside a MathJax-ignored element)
        self._raw: str | None = None  # inside <script> or <style>

    def _ignored(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if ((name.startswith("on") and (BASE in value or MARKER in value))
                    or (name in URL_ATTRS and (squeezed.startswith((BASE, BASE[5:])) or
                                               squeezed.startswith("javascript:")))
                    or (name in ANYWHERE_ATTRS and BASE in value)):
                self.found.append(f'<{tag} {name}="{value[:120]}">')
        classes = set((dict(attrs).get("class") or "").split())
        if tag in ("script", "style"):
            self._raw = tag
        if tag not in VOID:
            self._stack.append((tag, self._ignored() or bool(classes & MATHJAX_IGNORE)))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            self._raw = None
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._raw and (BASE in data or MARKER in data):
            self.found.append(f"<{self._raw}>{data[:120]}")
        elif "\\href{" in data and BASE in data and "$" in data and not self._ignored():
            self.found.append(f"MathJax link: {data[data.index(chr(92) + 'href{'):][:120]}")


def live_markup(mime: str, text: str) -> list[str]:
    """What in one output would be live once JupyterLab shows it."""
    html = mistune.create_markdown(escape=False, plugins=["table", "url", "strikethrough"])(text) \
        if mime == "text/markdown" else text
    parser = LiveMarkup()
    parser.feed(str(html))
    parser.close()
    return parser.found


def outputs(nb: dict) -> Iterator[tuple[int, str, str]]:
    """(cell index, mime type, text) of every HTML and Markdown output."""
    for index, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            for mime in ("text/html", "text/markdown"):
                if mime in out.get("data", {}):
                    value = out["data"][mime]
                    yield index, mime, "".join(value) if isinstance(value, list) else str(value)


def run(notebook: Path, folder: Path) -> dict:
    """The notebook run with papermill on its own hostile export, review file and work folder."""
    tag = notebook.name[:2]
    export = write_hostile_export(folder / "export", f"{BASE}/{tag}")
    work = folder / "work"
    write_hostile_review(work / "metaexposure-review.json", me.load(*export.paths).items, export.base)
    paths = [str(p) for p in export.paths]
    parameters = {"export": paths, "work": str(work)} | ({"before": paths} if tag == "06" else {})
    output = folder / notebook.name
    try:
        # No cwd=: papermill changes the test process's own directory for it, and two runs in threads left the
        # session in a notebook's folder (nbval then could not find notebooks/sanitize.cfg). Every path a
        # notebook uses is given as a parameter.
        papermill.execute_notebook(str(notebook), str(output), parameters=parameters,
                                   kernel_name="python3", progress_bar=False, log_output=False)
    except papermill.PapermillExecutionError as exc:  # the notebook crashed: report it with what it showed
        return {"error": f"{exc.ename}: {exc.evalue}"[:300], **json.loads(output.read_text(encoding="utf-8"))}
    return json.loads(output.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hostile_notebooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every notebook run on the hostile export; two at a time (kernels are the slow part)."""
    base = tmp_path_factory.mktemp("hostile-outputs")
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {p.name: pool.submit(run, p, base / p.stem) for p in NOTEBOOKS}
        return {name: future.result() for name, future in runs.items()}


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_outputs_show_export_text_as_text(notebook: Path, hostile_notebooks: dict[str, dict]) -> None:
    nb = hostile_notebooks[notebook.name]
    found = [f"cell {i} ({mime}): {element}" for i, mime, text in outputs(nb) for element in live_markup(mime, text)]
    assert not nb.get("error"), f"the notebook crashed on the hostile export: {nb['error']}"
    assert not found, "\n".join(found)


def test_the_scan_sees_live_markup() -> None:
    # the check must be able to fail: each way a payload turns live, and how escaped text looks
    live = [("text/markdown", f"![i]({BASE}/a)"), ("text/markdown", f"| x | <img src=x onerror=\"{MARKER}=1\"> |"),
            ("text/html", f'<a href="javascript:fetch(`{BASE}/b`)">x</a>'),
            ("text/html", f"<style>@import url({BASE}/c)</style>"),
            ("text/html", f"<td>$\\href{{{BASE}/d}}{{x}}$</td>"), ("text/markdown", f"<{BASE}/e>"),
            # pandas' display.html.use_mathjax=False class: MathJax 3 in JupyterLab 4 typesets it all the same
            ("text/html", f'<table class="tex2jax_ignore"><td>$\\href{{{BASE}/d}}{{x}}$</td></table>')]
    for mime, text in live:
        assert live_markup(mime, text), (mime, text)
    inert = [("text/html", f"<td>&lt;img src=&quot;{BASE}/a&quot;&gt;</td>"),
             ("text/markdown", f"&#33;&#91;i&#93;&#40;{BASE.replace(':', '&#58;')}/a&#41;"),
             ("text/html", f'<div class="mathjax_ignore"><td>$\\href{{{BASE}/d}}{{x}}$</td></div>'),
             ("text/html", f'<span title="&lt;img src={BASE}/a&gt;">x</span>')]
    for mime, text in inert:
        assert not live_markup(mime, text), (mime, text)
