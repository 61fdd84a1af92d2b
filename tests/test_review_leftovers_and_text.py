"""The review file: no private leftovers of killed writers, and text a browser can send always saves."""

import contextlib
import json
import os
import tempfile
import time

from metaexposure import review
from metaexposure.review import Review


def on_disk(path):
    return json.loads(path.read_text(encoding="utf-8"))


def plant_temp(path, prefix, content):
    """A temp file named exactly as _write_atomic names them, as a writer killed before its rename leaves it."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
    return path.parent / os.path.basename(name)


def test_the_next_save_removes_a_killed_writers_temp_files_and_nothing_else(tmp_path, monkeypatch):
    path = tmp_path / "review.json"
    r = Review.open(path)
    r.flag("facebook:photo:1", "delete", note="my ex")
    # a writer dies between mkstemp and rename: its temp file is never renamed nor removed
    monkeypatch.setattr(review.os, "replace", lambda src, dst: (_ for _ in ()).throw(KeyboardInterrupt))
    monkeypatch.setattr(review.os, "unlink", lambda name: None)
    with contextlib.suppress(KeyboardInterrupt):
        r.flag("facebook:photo:2", "make_private", note="private note")
    monkeypatch.undo()
    stale = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert stale and all("private note" in p.read_text(encoding="utf-8") or p.name.startswith(".review.json.bak.")
                         for p in stale)
    stale.append(plant_temp(path, ".review.json.", '{"flags": {"facebook:photo:3": "secret"}}'))
    stale.append(plant_temp(path, ".review.json.bak.", '{"flags": {}}'))
    unrelated = {name: f"keep {name}" for name in (
        "notes.tmp", ".other.json.abcdefgh.tmp", ".review.jsonx.abcdefgh.tmp", "review.json.abcdefgh.tmp",
        ".review.json.abcdefgh.tmp.keep", ".review.json.abc.tmp", ".review.json.old.abcdefgh.tmp",
        "my notes.txt")}
    for name, content in unrelated.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / ".review.json.dirdirdi.tmp").mkdir()  # matches the pattern but is no file we make
    (tmp_path / ".review.json.linklink.tmp").symlink_to(tmp_path / "my notes.txt")

    Review.open(path).label_item("facebook:photo:9", "only_me")

    assert not any(p.exists() for p in stale)
    for name, content in unrelated.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == content
    assert (tmp_path / ".review.json.dirdirdi.tmp").is_dir()
    assert (tmp_path / ".review.json.linklink.tmp").is_symlink()
    data = on_disk(path)
    assert data["item_labels"] == {"facebook:photo:9": "only_me"}
    assert data["flags"]["facebook:photo:1"]["note"] == "my ex"
    assert on_disk(tmp_path / "review.json.bak")["flags"]["facebook:photo:1"]["action"] == "delete"


def test_without_a_lock_only_old_temp_files_are_removed(tmp_path, monkeypatch):
    @contextlib.contextmanager
    def no_lock(folder):  # as on Windows: a live writer may be between mkstemp and rename
        yield False

    monkeypatch.setattr(review, "_locked", no_lock)
    path = tmp_path / "review.json"
    old = plant_temp(path, ".review.json.", "old copy")
    long_ago = time.time() - 3600  # an hour: no save takes that long
    os.utime(old, (long_ago, long_ago))
    fresh = plant_temp(path, ".review.json.", "maybe a live writer's")
    Review.open(path).flag("facebook:photo:1", "keep")
    assert not old.exists()
    assert fresh.read_text(encoding="utf-8") == "maybe a live writer's"
    assert on_disk(path)["flags"]["facebook:photo:1"]["action"] == "keep"


def test_lone_surrogates_are_saved_as_replacement_characters_and_pairs_as_emoji(tmp_path):
    path = tmp_path / "review.json"
    r = Review.open(path)
    r.flag("facebook:photo:1", "delete", note="before \ud83d after")  # a text box cut an emoji in half
    r.flag("facebook:photo:2", "keep", note="proper \U0001F600 emoji")
    r.flag("facebook:photo:3", "keep", note="utf-16 pair \ud83d\ude00 joined")
    r.label_album("facebook", "Trip \udc00", "public")
    flags = on_disk(path)["flags"]
    assert flags["facebook:photo:1"]["note"] == "before \ufffd after"
    assert flags["facebook:photo:2"]["note"] == "proper 😀 emoji"
    assert flags["facebook:photo:3"]["note"] == "utf-16 pair 😀 joined"
    assert on_disk(path)["album_labels"] == {"facebook/Trip \ufffd": "public"}
    assert dict(r.flags) == flags  # memory holds what is on disk
    assert dict(Review.open(path).flags) == flags


def test_a_file_with_a_lone_surrogate_escape_loads_and_saves(tmp_path):
    path = tmp_path / "review.json"
    path.write_text('{"schema": "metaexposure-review", "version": 1, "flags": {'
                    '"facebook:photo:1": {"action": "delete", "note": "x\\ud83d y", "when": "2025-01-01T00:00:00Z"},'
                    '"facebook:photo:2": {"action": "keep", "note": "\\ud83d\\ude00", "when": "2025-01-01T00:00:00Z"}},'
                    '"item_labels": {"\\udc00id": "public"}, "album_labels": {}}', encoding="ascii")
    r = Review.open(path)
    assert r.flags["facebook:photo:1"]["note"] == "x\ufffd y"
    assert r.flags["facebook:photo:2"]["note"] == "😀"
    assert dict(r.item_labels) == {"\ufffdid": "public"}
    r.flag("facebook:photo:3", "keep")
    data = on_disk(path)
    assert data["flags"]["facebook:photo:1"]["note"] == "x\ufffd y"
    assert data["flags"]["facebook:photo:2"]["note"] == "😀"
    assert set(data["flags"]) == {"facebook:photo:1", "facebook:photo:2", "facebook:photo:3"}
