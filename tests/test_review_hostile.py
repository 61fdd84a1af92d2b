"""A JSON review file is text anyone could have edited: every bad one is a ReviewFileError, never a crash
(issue 14), and never half imported (issue 16).

Hand-made cases cover what broke before (a document nested 100k deep, an integer of 5,000 digits, a note that
is a number); Hypothesis then mutates a valid review file structurally and byte by byte. Either the file is
imported into the store beside it and works (a flag commits, the store reopens with it), or ``Review.open``
raises ``ReviewFileError`` naming the file and saying what to do; the JSON is left byte for byte as it was,
and no store is made beside it. (A damaged store itself: test_review_hostile_store.py.)
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metaexposure import review_json
from metaexposure.errors import ReviewFileError
from metaexposure.frame import AUDIENCES
from metaexposure.review import ACTIONS, Review

pytestmark = pytest.mark.filterwarnings("ignore::metaexposure.review.ReviewNotice")

NAME = "metaexposure-review.json"
WHEN = "2025-01-01T00:00:00Z"
VALID: dict[str, Any] = {
    "schema": "metaexposure-review", "version": 1, "written_by": "a future tool",
    "flags": {
        "facebook:photo:1": {"action": "delete", "note": "old", "when": WHEN,
                             "snapshot": {"created": "2012-07-01T10:00:00+00:00", "album": "Lisbon 2012",
                                          "caption": "Beach", "link": "https://www.facebook.com/photo/?fbid=1",
                                          "platform": "facebook", "kind": "photo"}},
        "instagram:post:2": {"action": "keep", "note": "", "when": WHEN},
    },
    "item_labels": {"facebook:photo:9": "friends"},
    "album_labels": {"facebook/Holidays": "public"},
}
# Tokens json.dumps cannot write (it refuses ints past 4,300 digits and recurses on deep lists), put into the
# serialised text in place of the quoted token.
RAW_TOKENS = {
    "@long-int@": "9" * 5000,
    "@deep@": "[" * 100_000 + "]" * 100_000,
    "@nested-900@": "[" * 900 + "]" * 900,
    "@nan@": "NaN",
    "@huge-float@": "1e999",
}


def serialise(data: Any) -> bytes:
    text = json.dumps(data, indent=1, ensure_ascii=False)
    for token, raw in RAW_TOKENS.items():
        text = text.replace(json.dumps(token), raw)
    return text.encode("utf-8", "surrogatepass")


def doc(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    data.update(changes)
    return data


def flag_with(**fields: Any) -> dict[str, Any]:
    return {"facebook:photo:1": {"action": "delete", "note": "", "when": WHEN, **fields}}


def open_untouched(folder: Path, content: bytes) -> ReviewFileError:
    """Review.open on ``content``: the ReviewFileError it raises, after checking nothing was written."""
    path = folder / NAME
    path.write_bytes(content)
    with pytest.raises(ReviewFileError) as error:
        Review.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in folder.iterdir()) == [NAME]
    return error.value


BAD = {
    "nested 100k deep": serialise(doc(x="@deep@")),
    "nested 900 deep in a snapshot": serialise(doc(flags=flag_with(snapshot={"album": "@nested-900@"}))),
    "5,000-digit integer": serialise(doc(x="@long-int@")),
    "5,000-digit version": serialise(doc(version="@long-int@")),
    "version true": serialise(doc(version=True)),
    "note a number": serialise(doc(flags=flag_with(note=5))),
    "note an object": serialise(doc(flags=flag_with(note={"text": "x"}))),
    "when a list": serialise(doc(flags=flag_with(when=[2025, 1, 1]))),
    "when null": serialise(doc(flags=flag_with(when=None))),
    "flags a list": serialise(doc(flags=[{"action": "delete"}])),
    "item_labels null": serialise(doc(item_labels=None)),
    "album label a list": serialise(doc(album_labels={"facebook/x": ["public"]})),
    "album label an object": serialise(doc(album_labels={"facebook/x": {"public": 1}})),
    "Latin-1 bytes": serialise(doc(flags=flag_with(note="café"))).replace("café".encode(), b"caf\xe9"),
    "UTF-16": json.dumps(VALID).encode("utf-16"),
    "empty": b"",
    "NUL bytes": b"\0" * 4096,
}


@pytest.mark.parametrize("content", BAD.values(), ids=BAD.keys())
def test_every_bad_file_is_a_review_file_error_that_says_what_to_do(tmp_path, content):
    error = open_untouched(tmp_path, content)
    message = str(error)
    assert message.startswith(str(tmp_path / NAME) + ": ")
    assert "left untouched" in message and "move it away" in message
    assert len(message) < 600  # a hostile value is quoted short, never whole


def test_the_backup_is_named_when_there_is_one(tmp_path):
    path = tmp_path / NAME
    backup = tmp_path / f"{NAME}.bak"  # what the JSON-era saver left: the version before its last save
    backup.write_bytes(serialise(VALID))
    path.write_bytes(serialise(doc(flags=flag_with(note=5))))
    with pytest.raises(ReviewFileError, match=f"copy {NAME}.bak .*over it, or move it away"):
        Review.open(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME, f"{NAME}.bak"]


def test_a_file_saved_with_a_byte_order_mark_opens(tmp_path):
    path = tmp_path / NAME
    path.write_bytes(b"\xef\xbb\xbf" + serialise(VALID))  # Notepad's "UTF-8 with BOM"
    assert Review.open(path).flags["facebook:photo:1"]["note"] == "old"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # imported, not rewritten


def test_a_file_larger_than_any_review_is_not_read(tmp_path, monkeypatch):
    path = tmp_path / NAME
    path.write_bytes(serialise(VALID))
    monkeypatch.setattr(review_json, "MAX_BYTES", 100)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file past the size limit"))
    with pytest.raises(ReviewFileError, match="larger than any review file.*move it away"):
        Review.open(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    path = tmp_path / NAME
    os.mkfifo(path)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            Review.open(path)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread below
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # blocked opening the pipe: release it so the thread can end
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(10)
        pytest.fail("Review.open waited for a writer on a named pipe")
    assert len(outcome) == 1 and isinstance(outcome[0], ReviewFileError), outcome
    assert "not a regular file" in str(outcome[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]  # no store made beside it


# --- Hypothesis: mutate a valid file, structurally and byte by byte -------------------------------------------

LEAVES = (st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False)
          | st.text(max_size=12) | st.sampled_from([*RAW_TOKENS, *ACTIONS, *AUDIENCES, "\ud83d", "=1+1"]))
VALUES = st.recursive(LEAVES, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(
    st.text(max_size=6) | st.sampled_from(["action", "note", "when", "snapshot", "schema", "version"]),
    kids, max_size=3), max_leaves=8)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON value, as the keys/indices leading to it (the root is ())."""
    found = [prefix]
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        found += _paths(child, (*prefix, key))
    return found


def _mutate(data: Any, where: tuple, how: str, value: Any) -> Any:
    if not where:
        return value if how == "replace" else [data] if how == "wrap" else data
    parent = data
    for key in where[:-1]:
        parent = parent[key]
    key = where[-1]
    if how == "delete":
        del parent[key]
    elif how == "wrap":
        parent[key] = [parent[key]] if isinstance(value, list) else {"x": parent[key]}
    else:
        parent[key] = value
    return data


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    data = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(_paths(data)))
        data = _mutate(data, where, draw(st.sampled_from(["replace", "delete", "wrap"])), draw(VALUES))
    content = bytearray(serialise(data))
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(content)))
        how = draw(st.sampled_from(["truncate", "cut", "insert", "flip"]))
        if how == "truncate":
            del content[at:]
        elif how == "cut":
            del content[at:at + draw(st.integers(1, 40))]
        elif how == "insert":
            content[at:at] = draw(st.binary(max_size=8) | st.sampled_from([b"\xff", b"\\ud800", b"{", b"]"]))
        elif at < len(content):
            content[at] ^= draw(st.integers(1, 255))
    return bytes(content)


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_files())
def test_a_mutated_file_opens_and_works_or_is_a_review_file_error(content):
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
        assert path.read_bytes() == content and opened.path == folder / "metaexposure-review.sqlite"
        # What opens is what every view relies on: actions, text notes, known audiences.
        for flag in opened.flags.values():
            assert flag["action"] in ACTIONS
            assert isinstance(flag.get("note", ""), str) and isinstance(flag.get("when", ""), str)
        assert set(opened.item_labels.values()) | set(opened.album_labels.values()) <= set(AUDIENCES)
        opened.flag("facebook:photo:new", "keep", note="still usable")
        again = Review.open(path)
        assert again.flags["facebook:photo:new"]["note"] == "still usable"
        assert set(again.flags) == set(opened.flags)
        assert path.read_bytes() == content
