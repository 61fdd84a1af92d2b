"""Export text is untrusted: every output it reaches is rendered here with hostile strings, and nothing is live.

HTML is parsed and every tag and attribute checked against what the kit itself writes; Markdown is rendered as
JupyterLab does (GFM tables, raw HTML passed through) and checked the same way; CSV cells are read back as a
spreadsheet would see them; matplotlib text is drawn.
"""

from __future__ import annotations

import csv
import html as std_html
import json
from html.parser import HTMLParser

import matplotlib
import mistune
import pandas as pd
import pytest

import metaexposure as me
from metaexposure import escape
from metaexposure.widgets import Explorer, render
from metaexposure.widgets.thumbnails import ThumbnailCache
from tests.fbtrees import T0, meta, photo, post, put

HOSTILE = [
    '<img src="http://127.0.0.1:9/img" onerror="alert(1)">',
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![i](http://127.0.0.1:9/md-image.png)",
    "<https://127.0.0.1:9/autolink>",
    "https://127.0.0.1:9/bare www.example.org/x mail@example.org",
    "a | b \\| c",
    '=HYPERLINK("http://127.0.0.1:9/csv","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "  =1+1",
    "Vegas $$",
    r"$\alpha$ and $5",
    "<style>@import url(http://127.0.0.1:9/css)</style>",
    "line\nbreak | x\r\n- item",
    "&lt;img src=x onerror=alert(1)&gt;",
    "`code` **bold** _it_ ~~s~~ # h <b>b</b>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<svg onload=alert(1)>",
    '" onmouseover="alert(1)',
    "# heading\n1. list\n> quote",
    "\u202eevil\u200b zero width",
]
# Tags the kit itself writes in Markdown and HTML output; anything else came from the text.
KIT_TAGS = {"div", "span", "b", "br", "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4", "p",
            "ul", "li", "em", "strong", "a", "svg", "g", "title", "rect", "text", "code", "style"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser


def live(markup: str, kit_style: int = 0) -> list[str]:
    """What in ``markup`` could load a URL or run code: tags the kit does not write, handlers, non-web links."""
    found = []
    styles = 0
    for tag, attrs in parse(markup).tags:
        styles += tag == "style"
        if tag not in KIT_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            value = (value or "").strip().lower()
            if name.startswith("on") or name in ("src", "srcset", "formaction", "action", "background"):
                found.append(f"<{tag} {name}>")
            if name == "href" and not escape.safe_link(value):
                found.append(f"<{tag} href={value[:30]}>")
            if name == "style" and ("url(" in value or "expression" in value):
                found.append(f"<{tag} style={value[:30]}>")
    if styles > kit_style:
        found.append("<style> from text")
    return found


def render_markdown(text: str) -> str:
    """Markdown as JupyterLab's renderer reads it: GFM tables and autolinks, raw HTML passed through."""
    return mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "url"])(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_html_is_inert_and_shows_the_text(text):
    markup = f'<div title="{escape.html(text)}">{escape.html(text)}</div>'
    assert live(markup) == []
    assert std_html.unescape(escape.html(text)) == text.replace("\r", "").replace("\u202e", "")  # bidi override dropped


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_keeps_table_structure_and_shows_the_text(text):
    table = f"| a | b | c |\n|---|---|---|\n| 1 | {escape.markdown(text)} | 3 |\n"
    heading = f"### {escape.markdown(text)} (2 items)\n\n{escape.markdown(text)}\n"
    for markup in (render_markdown(table), render_markdown(heading)):
        assert live(markup) == [], markup
    rows = parse(render_markdown(table))
    assert [t for t, _ in rows.tags].count("td") == 3, "the text split or ended the table row"
    cell = render_markdown(table).split("<td>")[2].split("</td>")[0]
    assert "".join(parse(cell).text).strip() == escape.plain(text).strip()
    assert "<h3>" in render_markdown(heading) and render_markdown(heading).count("<h") == 1


def test_markdown_links_only_to_meta_over_https():
    assert escape.markdown_link("https://www.facebook.com/photo/?fbid=5001") == \
        "[open](https://www.facebook.com/photo/?fbid=5001)"
    assert escape.markdown_link("https://www.instagram.com/p/Cx1/") == "[open](https://www.instagram.com/p/Cx1/)"
    for url in ("javascript:alert(1)", "http://www.facebook.com/x", "https://facebook.com.evil.org/x",
                "https://user:pw@www.facebook.com/x", "data:text/html,<script>", "https://127.0.0.1:9/x", ""):
        assert escape.safe_link(url) == "", url
        assert live(render_markdown(escape.markdown_link(url))) == []
    sneaky = escape.markdown_link("https://www.facebook.com/x) [y](javascript:alert(1)) |")
    rendered = render_markdown(f"| a |\n|---|\n| {sneaky} |\n")
    assert live(rendered) == [] and rendered.count("<a ") == 1 and "%29%20" in rendered
    assert 'target="_blank"' in escape.html_link("https://www.facebook.com/x")
    assert live(escape.html_link('javascript:alert("x")')) == []


def test_csv_cells_never_run_as_formulas(tmp_path):
    frame = pd.DataFrame({"text": HOSTILE, "n": range(len(HOSTILE))})
    escape.csv_frame(frame).to_csv(tmp_path / "x.csv", index=False)
    with open(tmp_path / "x.csv", newline="", encoding="utf-8") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert not [c for c in cells if c.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert escape.csv_cell("=1+1") == "'=1+1" and escape.csv_cell("Lisbon") == "Lisbon" and escape.csv_cell(3) == 3
    assert escape.csv_cell("\uff1dcmd") == "'\uff1dcmd"  # full-width equals: some spreadsheets fold it


@pytest.mark.parametrize("text", ["Vegas $$", "Paid $5 and $10", r"$\frac{1}{0}$", r"a\$b $ c"])
def test_matplotlib_draws_text_literally(text):
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    try:
        label = ax.set_title(escape.mpl(text))
        fig.canvas.draw()  # mathtext would raise on "Vegas $$" and garble "Paid $5 and $10"
        assert label._preprocess_math(label.get_text()) == (text, False)
    finally:
        plt.close(fig)


def hand_edited_review(path, flags):
    """A JSON review file as someone may have edited it, opened (imported into the store beside it)."""
    path.write_text(json.dumps({"schema": "metaexposure-review", "version": 1, "flags": flags}), encoding="utf-8")
    with pytest.warns(UserWarning, match="imported"):
        return me.Review.open(path)


def hostile_review(path):
    return hand_edited_review(path, {f"instagram:photo:{i}": {
        "action": "delete", "note": text, "when": "2025-01-01T00:00:00Z",
        "snapshot": {"created": "2016-09-10T22:00:00+00:00", "album": text, "caption": text,
                     "link": text, "platform": "instagram", "kind": "photo"}} for i, text in enumerate(HOSTILE)})


def test_worklist_from_hostile_text_is_inert(tmp_path):
    review = hostile_review(tmp_path / "review.json")
    csv_path, md_path = me.worklist(None, review, tmp_path / "out")
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(HOSTILE)
    for row in rows:
        for column, cell in row.items():
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@")), (column, cell)
    markdown = md_path.read_text(encoding="utf-8")
    rendered = render_markdown(markdown)
    assert live(rendered) == []
    # every table row still has its five cells, and each album got its own literal heading
    for table in rendered.split("<table>")[1:]:
        body = table.split("</table>")[0]
        for row in body.split("<tr>")[1:]:
            assert row.count("<td") + row.count("<th") == 5, row
    headings = ["".join(parse(h.split("</h3>")[0]).text) for h in rendered.split("<h3>")[1:]]
    assert sorted(h.rsplit(" (", 1)[0] for h in headings) == sorted(escape.plain(t).strip() for t in HOSTILE)


@pytest.mark.parametrize("snapshot", [["a list"], "text", 12, None, {"created": "not a date"},
                                      {"created": 1_400_000_000}, {"created": "99999-01-01"},
                                      {"created": "2016-09-10T22:00:00+00:00", "caption": ["x"], "album": 5}])
def test_worklist_survives_a_hand_edited_snapshot(tmp_path, snapshot):
    review = hand_edited_review(tmp_path / "review.json", {
        "instagram:photo:1": {"action": "delete", "note": "", "when": "", "snapshot": snapshot}})
    csv_path, md_path = me.worklist(None, review, tmp_path / "out")
    row = pd.read_csv(csv_path, dtype=str, keep_default_na=False).iloc[0]
    assert row["item_id"] == "instagram:photo:1" and row["platform"] == "instagram"
    good = isinstance(snapshot, dict) and snapshot.get("created") == "2016-09-10T22:00:00+00:00"
    assert row["date"] == ("2016-09-10" if good else "")


def hostile_export(root):
    """A small Facebook export whose album, caption, place and link carry payloads."""
    album, caption = HOSTILE[0], HOSTILE[1] + HOSTILE[2]
    media = "your_facebook_activity/posts/media/"
    pic = photo(f"{media}Evil_1/5001.jpg", T0, meta(caption))
    put(root, "your_facebook_activity/posts/album/0.json", {"name": meta(album), "photos": [pic]})
    put(root, "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json", [
        post(T0 + 10, caption, media=[pic], link="javascript:alert(1)",
             place={"name": HOSTILE[13], "coordinate": {"latitude": 1.5, "longitude": 2.5}})])
    put(root, media + "Evil_1/5001.jpg", b"\xff\xd8\xff\xd9")
    return root


def test_explorer_shows_hostile_text_as_text(tmp_path):
    ex = me.load(hostile_export(tmp_path / "facebook-ava-2024-11-18-AbCdEfGh"))
    explorer = Explorer(ex, review=tmp_path / "review.sqlite", thumbnails=ThumbnailCache(ex, root=tmp_path / "t"),
                        worklist_dir=tmp_path / "worklist")
    item = ex.items[ex.items["album"] == HOSTILE[0]].iloc[0]
    explorer.model.focus = item["item_id"]
    explorer._pane.label_choice.value = "public"
    explorer._label_album()  # the status line once put the album name into HTML as it was
    labelled = explorer._status.value
    explorer._write_worklist()
    shown = [labelled, explorer._status.value, explorer._pane.html.value, explorer._pane.album_note.value,
             *(tile.info.value for tile in explorer._tiles), explorer._headline.value, explorer._summary.value]
    assert "Album" in explorer._pane.html.value and "labelled public" in labelled
    for markup in shown:
        assert live(markup) == [], markup
    assert std_html.escape(HOSTILE[0]) in explorer._pane.html.value
    assert live(render.STYLE, kit_style=1) == []


def outside_no_math(markup: str) -> str:
    """The text of ``markup`` that MathJax 3 would typeset: everything outside a mathjax_ignore element."""
    depth, ignored, text = 0, [], []

    class Walk(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal depth
            depth += 1
            if "mathjax_ignore" in (dict(attrs).get("class") or "").split() and not ignored:
                ignored.append(depth)

        def handle_endtag(self, tag):
            nonlocal depth
            if ignored and ignored[-1] == depth:
                ignored.pop()
            depth -= 1

        def handle_data(self, data):
            if not ignored:
                text.append(data)

    Walk(convert_charrefs=True).feed(markup)
    return "".join(text)


def test_dataframes_shown_in_notebooks_are_inert_and_out_of_mathjax():
    # ex.items, ex.albums, ex.problems are shown as pandas' HTML repr: escaped by pandas, and (in a kernel) inside
    # an element MathJax skips, so "$\href{…}{x}$" in an album name stays text
    from IPython.core.interactiveshell import InteractiveShell

    from metaexposure import notebook_display

    frame = pd.DataFrame({"album": HOSTILE, "reason": HOSTILE})
    assert live(frame._repr_html_(), kit_style=1) == []  # pandas' own <style scoped> block
    shell = InteractiveShell.instance()
    assert notebook_display.install(shell)
    shown = shell.display_formatter.format(frame)[0]["text/html"]
    assert live(shown, kit_style=1) == [] and "Vegas" in shown
    assert "$" not in outside_no_math(shown) and "Vegas" not in outside_no_math(shown)
    assert notebook_display.install(object()) is False


def test_markdown_files_keep_their_text_out_of_mathjax(tmp_path):
    review = hostile_review(tmp_path / "review.json")
    _, md_path = me.worklist(None, review, tmp_path / "out")
    rendered = render_markdown(md_path.read_text(encoding="utf-8"))
    assert "Worklist" in rendered and outside_no_math(rendered).strip() == ""
    assert escape.markdown_document("# a\n\nb").startswith('<div class="mathjax_ignore')
