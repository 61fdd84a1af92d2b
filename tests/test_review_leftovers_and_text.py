"""The review store: no private leftovers of a killed writer, and text a browser can send always commits."""

import os
import signal
import sqlite3

import pytest

from metaexposure.review import Review


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")
def test_a_writer_killed_mid_transaction_leaves_a_journal_the_next_open_rolls_back_and_removes(tmp_path):
    path = tmp_path / "metaexposure-review.sqlite"
    first = Review.open(path)
    first.flag("facebook:photo:1", "delete", note="my ex")
    first.close()
    pid = os.fork()
    if pid == 0:  # a writer killed after SQLite wrote part of a big change into the file itself
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA cache_size = 1")  # spill to the file before the commit
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO flags VALUES (?, 'keep', ?, '', NULL, NULL)",
                         ((f"facebook:photo:x{i}", "private note " * 20) for i in range(2000)))
        conn.execute("DELETE FROM flags WHERE item_id = 'facebook:photo:1'")
        os.kill(os.getpid(), signal.SIGKILL)
    os.waitpid(pid, 0)
    journal = path.with_name(path.name + "-journal")
    assert journal.exists() and b"my ex" in journal.read_bytes()  # the old page: a copy of a decision
    after = Review.open(path)
    assert set(after.flags) == {"facebook:photo:1"} and after.flags["facebook:photo:1"]["note"] == "my ex"
    assert not journal.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_lone_surrogates_are_stored_as_replacement_characters_and_pairs_as_emoji(tmp_path):
    path = tmp_path / "r.sqlite"
    r = Review.open(path)
    r.flag("facebook:photo:1", "delete", note="before \ud83d after")  # a text box cut an emoji in half
    r.flag("facebook:photo:2", "keep", note="proper \U0001F600 emoji")
    r.flag("facebook:photo:3", "keep", note="utf-16 pair \ud83d\ude00 joined")
    r.flag("facebook:photo:\udc00", "keep")
    r.label_album("facebook", "Trip \udc00", "public")
    r.label_group("facebook", "Club \ud83d", "friends")
    stored = Review.open(path)
    notes = {k: v["note"] for k, v in stored.flags.items()}
    assert notes == {"facebook:photo:1": "before \ufffd after", "facebook:photo:2": "proper 😀 emoji",
                     "facebook:photo:3": "utf-16 pair 😀 joined", "facebook:photo:\ufffd": ""}
    assert dict(stored.album_labels) == {"facebook/Trip \ufffd": "public"}
    assert dict(stored.group_labels) == {"facebook/Club \ufffd": "friends"}
    assert dict(r.flags) == dict(stored.flags)  # memory holds what is on disk
    assert r.unflag("facebook:photo:\udc00") == 1  # the same text finds the same flag


def test_a_json_with_a_lone_surrogate_escape_imports(tmp_path):
    path = tmp_path / "review.json"
    path.write_text('{"schema": "metaexposure-review", "version": 1, "flags": {'
                    '"facebook:photo:1": {"action": "delete", "note": "x\\ud83d y", "when": "2025-01-01T00:00:00Z"},'
                    '"facebook:photo:2": {"action": "keep", "note": "\\ud83d\\ude00", "when": "2025-01-01T00:00:00Z"}},'
                    '"item_labels": {"\\udc00id": "public"}, "album_labels": {}}', encoding="ascii")
    with pytest.warns(UserWarning, match="imported"):
        r = Review.open(path)
    assert r.flags["facebook:photo:1"]["note"] == "x\ufffd y"
    assert r.flags["facebook:photo:2"]["note"] == "😀"
    assert dict(r.item_labels) == {"\ufffdid": "public"}
    r.flag("facebook:photo:3", "keep")
    assert set(Review.open(tmp_path / "review.sqlite").flags) == {"facebook:photo:1", "facebook:photo:2",
                                                                  "facebook:photo:3"}
