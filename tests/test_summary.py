"""``Export._repr_html_``: the summary a notebook shows for ``ex``, export text escaped and kept from MathJax."""

from __future__ import annotations

import dataclasses
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import escape
from metaexposure.summary import export_dates, plural, shown_path

HOSTILE = "$\\href{javascript:alert(1)}{x}$ <img src=x onerror=alert(1)> & \"q\""
TAGS = {"div", "p", "b", "code", "table", "thead", "tbody", "tr", "th", "td", "ul", "li"}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def parsed(markup: str) -> Tags:
    parser = Tags()
    parser.feed(markup)
    return parser


@pytest.fixture(scope="module")
def sample() -> me.Export:
    return me.load(*me.sample_paths())


def test_plurals():
    assert [plural(n, "problem") for n in (0, 1, 2, 1204)] == ["0 problems", "1 problem", "2 problems",
                                                                "1,204 problems"]
    assert plural(1, "app or website", "apps and websites") == "1 app or website"
    assert plural(3, "app or website", "apps and websites") == "3 apps and websites"


def test_the_sample_summary_counts_items_by_platform_and_kind(sample):
    markup = sample._repr_html_()
    assert markup.startswith(f'<div class="{escape.NO_MATH_CLASS}">')
    text = "".join(parsed(markup).text)
    assert f"{len(sample.items):,} items" in text and f"{len(sample.albums)} albums" in text
    photos = int(((sample.items["platform"] == "facebook") & (sample.items["kind"] == "photo")).sum())
    row = markup.split("<th>photo</th>")[1].split("</tr>")[0]
    assert row.startswith(f"<td>{photos:,}</td>")
    assert "data/samples/facebook-2024" in text and "Exported: facebook 2025-11-02" in text
    assert "Review store: none" in text
    assert repr(sample).startswith("<Export facebook, instagram: ")  # the plain repr stays


def test_problems_are_counted_with_the_right_plural(sample):
    one = sample.problems.iloc[:1].assign(count=1)
    cases = {0: one.iloc[:0], 1: one, 2: pd.concat([one, one]), 150: one.assign(count=150)}
    shown = {n: "".join(parsed(dataclasses.replace(sample, problems=frame)._repr_html_()).text)
             for n, frame in cases.items()}
    assert "no problems" in shown[0]
    assert "1 problem (ex.problems)" in shown[1]
    assert "2 problems" in shown[2] and "150 problems" in shown[150]


def test_export_text_is_escaped_and_kept_from_mathjax(tmp_path, monkeypatch):
    export = shutil.copytree(me.sample_paths()[1], tmp_path / HOSTILE)
    store = tmp_path / "<b>mine</b>" / "metaexposure-review.sqlite"
    monkeypatch.chdir(tmp_path)
    ex = me.load(export, review=store)
    ex.review.label_album("instagram", "Posts", "public")
    markup = ex._repr_html_()
    found = parsed(markup)
    assert {tag for tag, _ in found.tags} <= TAGS
    assert [attrs for tag, attrs in found.tags if tag == "div"] == [[("class", escape.NO_MATH_CLASS)]]
    assert all(not attrs for tag, attrs in found.tags if tag != "div")
    assert escape.html(HOSTILE) in markup and "<img" not in markup
    assert f"<code>{escape.html('<b>mine</b>/metaexposure-review.sqlite')}</code>" in markup
    assert "1 album label" in "".join(found.text) and str(tmp_path) not in markup


def test_review_counts_and_group_labels(sample, tmp_path):
    review = me.Review.open(tmp_path / "metaexposure-review.sqlite")
    review.flag(["a", "b"], "delete")
    review.label_group("facebook", "Hiking club", "friends")
    text = "".join(parsed(dataclasses.replace(sample, review=review)._repr_html_()).text)
    assert "(2 flags, 0 album labels, 0 item labels, 1 group label)" in text


def test_export_dates_say_when_the_export_gives_none():
    account = pd.DataFrame({
        "platform": ["facebook", "instagram", "threads"], "fact": ["export"] * 3, "state": [""] * 3,
        "start": pd.to_datetime(["2025-11-02", "2024-05-01", None], utc=True),
        "basis": ["date in the export's folder name", "export date unknown: newest item time, a lower bound",
                  "export date unknown: newest item time, a lower bound"]})
    assert export_dates(account) == {"facebook": "2025-11-02", "instagram": "unknown (newest item 2024-05-01)",
                                     "threads": "unknown"}
    assert export_dates(pd.DataFrame()) == {}


def test_paths_are_shown_from_the_current_folder_or_home(tmp_path, monkeypatch):
    assert shown_path(tmp_path / "work" / "r.sqlite", cwd=tmp_path) == "work/r.sqlite"
    assert shown_path(Path.home() / "mx" / "r.sqlite", cwd=tmp_path) == "~/mx/r.sqlite"
    assert shown_path("/nowhere/r.sqlite", cwd=tmp_path) == str(Path("/nowhere/r.sqlite").resolve())
