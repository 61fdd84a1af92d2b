"""Hostile exports, the load side of issue 14 ("export text is untrusted").

Every input here is built at test time from the small fixtures (tests/fbtrees.py, the Instagram tree of
tests/test_bad_input.py, hand-made zips from tests/badzips.py). Each must end in problem rows or an
``ExportError``, never another exception and never a silent loss, with ``seen == loaded + merged + skipped``.
The memory bound of a record bomb is in tests/test_zip_bomb.py, beside the other bombs.
"""

from __future__ import annotations

from typing import Any

import metaexposure as me
from metaexposure import errors, records
from metaexposure.errors import Problems
from metaexposure.records import Parsed
from tests import fbtrees
from tests.fbtrees import photo, put
from tests.test_bad_input import BASE, FB, IG_BASE, IG_WRAPPER, WRAPPER, ig_2025

ALBUM = FB + "posts/album/9.json"
IG_STORIES = "your_instagram_activity/media/stories.json"


def balanced(ex: me.Export) -> bool:
    stats = ex.stats
    return stats["seen"] == stats["loaded"] + stats["merged"] + stats["skipped"]


def rows(ex: me.Export, file: str) -> Any:
    return ex.problems[ex.problems.file == file]


# --- item 3: a file's problem rows are capped; one summary row counts the rest --------------------------------


def test_a_file_of_1300_bad_records_keeps_100_rows_and_one_summary_that_counts_the_rest(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    bad_times = [photo(f"{FB}posts/media/Extra_9/{10_000 + i}.jpg", 0) for i in range(300)]
    put(root, ALBUM, {"name": "Extra", "photos": [{}] * 1000 + bad_times})
    ex = me.load(root)
    album = rows(ex, ALBUM)
    assert len(album) == errors.MAX_ROWS_PER_FILE + 1
    summary = album.iloc[-1]
    assert (summary["count"], summary["skipped_count"], bool(summary["skipped"])) == (1200, 900, True)
    assert "1,200 more problem(s) in this file, 900 of them records skipped" in summary["reason"]
    assert (album["count"].iloc[:-1] == 1).all() and album["skipped_count"].iloc[:-1].eq(1).all()
    assert ex.stats["skipped"] == 1000 == ex.problems["skipped_count"].sum()
    assert len(ex.items) == BASE + 300 and balanced(ex)
    assert ex.problems["count"].sum() == 1300 + len(ex.problems) - len(album)


def test_instagram_files_are_capped_too(tmp_path):
    root = ig_2025(tmp_path / IG_WRAPPER)
    put(root, IG_STORIES, {"ig_stories": [{"creation_timestamp": "soon"}] * 400})
    ex = me.load(root)
    stories = rows(ex, IG_STORIES)
    assert len(stories) == errors.MAX_ROWS_PER_FILE + 1
    # Two rows per record (the time, then the skip): 800 problems, 400 records skipped.
    assert (stories["count"].sum(), stories["skipped_count"].sum()) == (800, 400)
    assert ex.stats["skipped"] == 400 and len(ex.items) == IG_BASE - 1 and balanced(ex)


def test_a_rolled_back_file_takes_back_its_rows_and_its_summary():
    """records.parse_file undoes a file its parser cannot get through: the cap's counts go back too."""
    problems, parsed = Problems(), Parsed()

    class Context:
        rel = source = "a.json"
        count = 0

        def __init__(self) -> None:
            self.parsed, self.problems = parsed, problems

        def problem(self, where: str, reason: str, skipped: bool = False) -> None:
            problems.add(self.rel, where, reason, skipped=skipped)

    def failing(ctx: Context, data: Any) -> None:
        for index in range(250):
            parsed.seen += 1
            ctx.problem(f"[{index}]", "bad", skipped=True)
        raise KeyError("a parser bug")

    problems.add("a.json", "", "read before the parse")
    assert records.parse_file(failing, Context(), None) is False
    assert [p.reason for p in problems][0] == "read before the parse"
    assert len(problems) == 2 and "please report this bug" in problems[1].reason
    assert problems.skipped == 0 == parsed.seen
    for index in range(200):  # the rows given back count again toward the cap
        problems.add("a.json", f"[{index}]", "later", skipped=True)
    assert len(problems) == errors.MAX_ROWS_PER_FILE + 1 and problems[-1].count == 102
    assert problems.skipped == 200
