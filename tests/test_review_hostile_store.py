"""A damaged, foreign or hand-made store is a ReviewFileError that names it and says what to do, never a crash,
and it is left byte for byte as it was (issue 16).

Hand-made cases: files that are not SQLite, other programs' databases, a newer version, missing tables,
triggers, and values no store of ours holds (crafted with the right columns but none of our checks).
Hypothesis then damages a valid store byte by byte: it opens and works, or it is a ReviewFileError.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metaexposure import review_store
from metaexposure.errors import ReviewFileError
from metaexposure.review import Review

NAME = "metaexposure-review.sqlite"


def crafted(path: Path, *, application_id: int = review_store.APPLICATION_ID, version: int = 1,
            tables: bool = True, sql: tuple[str, ...] = ()) -> bytes:
    """A database with our tables' columns but none of our CHECKs, then ``sql`` run in it; its bytes."""
    with sqlite3.connect(path) as conn:
        if tables:
            for table, columns in review_store._COLUMNS.items():
                conn.execute(f"CREATE TABLE {table} ({columns})")
        conn.execute(f"PRAGMA application_id = {application_id}")
        conn.execute(f"PRAGMA user_version = {version}")
        for statement in sql:
            conn.execute(statement)
    conn.close()
    return path.read_bytes()


def refused(folder: Path, content: bytes | None = None) -> str:
    """Review.open's ReviewFileError message, after checking the store is untouched and nothing is beside it."""
    path = folder / NAME
    if content is not None:
        path.write_bytes(content)
    content = path.read_bytes()
    with pytest.raises(ReviewFileError) as error:
        Review.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in folder.iterdir()) == [NAME]
    message = str(error.value)
    assert message.startswith(f"{path}: ") and len(message) < 600
    return message


FLAG = "INSERT INTO flags VALUES ('facebook:photo:1', {action}, {note}, '', {snapshot}, {extra})"
BAD_VALUES = {
    "action burn": (FLAG.format(action="'burn'", note="''", snapshot="NULL", extra="NULL"), "no action among"),
    "note a number": (FLAG.format(action="'keep'", note="5", snapshot="NULL", extra="NULL"), "not text"),
    "note a blob": (FLAG.format(action="'keep'", note="x'00ff'", snapshot="NULL", extra="NULL"), "not text"),
    "snapshot not JSON": (FLAG.format(action="'keep'", note="''", snapshot="'{oops'", extra="NULL"),
                          "not valid JSON"),
    "snapshot a number": (FLAG.format(action="'keep'", note="''", snapshot="7", extra="NULL"), "not text"),
    "extra a list": (FLAG.format(action="'keep'", note="''", snapshot="NULL", extra="'[1]'"), "not an object"),
    "item id a number": ("INSERT INTO flags VALUES (5, 'keep', '', '', NULL, NULL)", "item id is not text"),
    "audience everyone": ("INSERT INTO labels VALUES ('album', 'facebook/x', 'everyone')", "is not an audience"),
    "label kind unknown": ("INSERT INTO labels VALUES ('page', 'x', 'public')", "is not an audience"),
}


@pytest.mark.parametrize("sql, reason", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_a_value_no_store_of_ours_holds_is_refused(tmp_path, sql, reason):
    content = crafted(tmp_path / NAME, sql=(sql,))
    message = refused(tmp_path, content)
    assert reason in message and "left untouched" in message and "move it away" in message


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_bytes(b"hello, not a database" * 100), "file is not a database"),
    (lambda p: p.write_text('{"schema": "metaexposure-review", "version": 1}'), "file is not a database"),
    (lambda p: crafted(p, application_id=0, tables=False, sql=("CREATE TABLE contacts (name)",)),
     "not a metaexposure review store"),
    (lambda p: crafted(p, application_id=0x12345678), "not a metaexposure review store"),
    (lambda p: crafted(p, version=2), "newer metaexposure (store version 2); update the package"),
    (lambda p: crafted(p, version=0), "no valid store version"),
    (lambda p: crafted(p, sql=("DROP TABLE changes",)), "lacks what a review store holds"),
    (lambda p: crafted(p, sql=("CREATE TRIGGER t AFTER INSERT ON flags BEGIN DELETE FROM labels; END",)),
     "triggers or views"),
    # header byte 18: the file format SQLite may write; above 2 it opens the file read-only, without a word
    (lambda p: p.write_bytes(VALID[:18] + b"\x03" + VALID[19:]), "SQLite can only read it"),
    (lambda p: p.write_bytes(VALID[:19] + b"\x03" + VALID[20:]), "file is not a database"),  # 19: reading
], ids=["text", "a JSON review named .sqlite", "another program's", "another application id", "newer",
        "no version", "a table missing", "a trigger", "write version 3", "read version 3"])
def test_a_file_that_is_no_store_of_ours_is_refused_and_left_untouched(tmp_path, make, reason):
    make(tmp_path / NAME)
    message = refused(tmp_path)
    assert reason in message


def test_a_damaged_store_says_the_json_beside_it_is_imported_again_once_it_is_moved_away(tmp_path):
    good = Review.open(tmp_path / "good" / NAME)
    good.flag([f"facebook:photo:{i}" for i in range(3000)], "delete", note="x" * 100)  # several pages
    good.close()
    content = (tmp_path / "good" / NAME).read_bytes()
    (tmp_path / "metaexposure-review.json").write_text('{"schema": "metaexposure-review", "version": 1}')
    (tmp_path / NAME).write_bytes(content[: len(content) // 2])  # cut off: a copy interrupted
    with pytest.raises(ReviewFileError, match="malformed.*move it away .*metaexposure-review.json beside it is "
                                              "then imported again"):
        Review.open(tmp_path / NAME)
    assert (tmp_path / NAME).read_bytes() == content[: len(content) // 2]


def test_text_that_is_not_utf8_loads_as_replacement_characters(tmp_path):
    crafted(tmp_path / NAME, sql=(FLAG.format(action="'keep'", note="CAST(x'636166e9' AS TEXT)", snapshot="NULL",
                                              extra="NULL"),))
    assert Review.open(tmp_path / NAME).flags["facebook:photo:1"]["note"] == "caf\ufffd"


def test_an_empty_file_is_a_new_store(tmp_path):
    (tmp_path / NAME).touch()  # e.g. a creation killed before its first commit
    Review.open(tmp_path / NAME).flag("facebook:photo:1", "keep")
    assert set(Review.open(tmp_path / NAME).flags) == {"facebook:photo:1"}


def _valid_store() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        r = Review.open(Path(tmp) / NAME)
        r.flag(["facebook:photo:1", "facebook:photo:2"], "delete", note="old \U0001F600")
        r.label_album("facebook", "Holidays", "public")
        r.label_group("facebook", "Club", "friends")
        r.close()
        return (Path(tmp) / NAME).read_bytes()


VALID = _valid_store()


@st.composite
def damaged_stores(draw: st.DrawFn) -> bytes:
    content = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        if len(content) < 2:
            break
        # the header (first 100 bytes) holds what SQLite checks first; anywhere else hits a page
        at = draw(st.integers(0, min(99, len(content) - 1)) | st.integers(0, len(content) - 1))
        how = draw(st.sampled_from(["flip", "zero", "truncate"]))
        if how == "flip":
            content[at] ^= draw(st.integers(1, 255))
        elif how == "zero":
            span = len(content[at:at + draw(st.integers(1, 64))])
            content[at:at + span] = bytes(span)
        elif at > 0:
            del content[at:]
    return bytes(content)


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged_stores())
def test_a_damaged_store_opens_and_works_or_is_a_review_file_error(content):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / NAME
        path.write_bytes(content)
        try:
            opened = Review.open(path)
        except ReviewFileError as error:
            assert str(error).startswith(f"{path}: ") and "move it away" in str(error)
            assert path.read_bytes() == content and [p.name for p in folder.iterdir()] == [NAME]
            return
        try:
            opened.flag("facebook:photo:new", "keep", note="still usable")
            again = Review.open(path)
        except ReviewFileError as error:  # damage only a write reaches: refused, and nothing kept in memory
            assert str(error).startswith(f"{path}: ") and "nothing was saved" in str(error)
            assert "facebook:photo:new" not in opened.flags
            opened.close()
            return
        assert again.flags["facebook:photo:new"]["note"] == "still usable"
        opened.close()
        again.close()
