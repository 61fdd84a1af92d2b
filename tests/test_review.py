"""The review file (DESIGN.md section 8): atomic, merged, lossless, and never destroyed."""

import json
import os

import pandas as pd
import pytest

from metaexposure import frame, review
from metaexposure.errors import ReviewFileError
from metaexposure.records import item
from metaexposure.review import Review


def on_disk(path):
    return json.loads(path.read_text(encoding="utf-8"))


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_missing_file_is_an_empty_review_and_the_first_change_creates_it(tmp_path):
    path = tmp_path / "work" / "metaexposure-review.json"
    fresh = Review.open(path)
    assert (dict(fresh.flags), dict(fresh.item_labels), dict(fresh.album_labels)) == ({}, {}, {})
    assert not path.exists()
    assert fresh.flag(["facebook:photo:1", "facebook:photo:2"], "delete", note="old") == 2
    data = on_disk(path)
    assert (data["schema"], data["version"]) == ("metaexposure-review", 1)
    assert data["flags"]["facebook:photo:1"]["action"] == "delete"
    assert data["flags"]["facebook:photo:1"]["note"] == "old"
    assert data["flags"]["facebook:photo:1"]["when"].endswith("Z")
    assert dict(Review.open(path).flags) == dict(fresh.flags)
    assert not (tmp_path / "work" / "metaexposure-review.json.bak").exists()


def test_default_path_is_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Review.open().label_item("facebook:photo:1", "friends")
    assert on_disk(tmp_path / "metaexposure-review.json")["item_labels"] == {"facebook:photo:1": "friends"}


def test_every_save_keeps_the_previous_version_and_no_temp_files(tmp_path):
    path = tmp_path / "review.json"
    r = Review.open(path)
    r.label_album("facebook", "Holidays 2012", "public")
    first = path.read_bytes()
    r.label_album("facebook", "Holidays 2012", "friends")
    assert (tmp_path / "review.json.bak").read_bytes() == first
    assert on_disk(path)["album_labels"] == {"facebook/Holidays 2012": "friends"}
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_file_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "review.json"
    r = Review.open(path)
    r.flag("facebook:photo:1", "keep")
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(review.os, "replace", broken_replace)
    with pytest.raises(OSError):
        r.flag("facebook:photo:2", "delete")
    monkeypatch.undo()
    assert path.read_bytes() == before and leftovers(tmp_path) == []
    r.flag("facebook:photo:3", "delete")  # the unsaved flag goes out with the next save
    assert set(on_disk(path)["flags"]) == {"facebook:photo:1", "facebook:photo:2", "facebook:photo:3"}


def test_two_writers_lose_no_decision(tmp_path):
    path = tmp_path / "review.json"
    notebook, widget = Review.open(path), Review.open(path)
    notebook.flag("facebook:photo:1", "delete")
    widget.flag("facebook:photo:2", "make_private")  # read before the notebook's flag
    widget.label_album("facebook", "Holidays", "public")
    notebook.unflag("facebook:photo:1")
    notebook.label_item("facebook:photo:9", "only_me")
    data = on_disk(path)
    assert set(data["flags"]) == {"facebook:photo:2"}
    assert data["album_labels"] == {"facebook/Holidays": "public"}
    assert data["item_labels"] == {"facebook:photo:9": "only_me"}
    # both views now hold the merged state once each has saved or refreshed
    widget.refresh()
    assert dict(widget.item_labels) == {"facebook:photo:9": "only_me"}
    assert set(notebook.flags) == {"facebook:photo:2"}


def test_the_later_writer_wins_a_clash_on_the_same_item(tmp_path):
    path = tmp_path / "review.json"
    first, second = Review.open(path), Review.open(path)
    first.flag("facebook:photo:1", "delete")
    second.flag("facebook:photo:1", "keep", note="changed my mind")
    assert on_disk(path)["flags"]["facebook:photo:1"]["action"] == "keep"


def test_unknown_fields_survive(tmp_path):
    path = tmp_path / "review.json"
    path.write_text(json.dumps({
        "schema": "metaexposure-review", "version": 1, "written_by": "a future tool", "colour_tags": {"x": 1},
        "flags": {"facebook:photo:1": {"action": "delete", "note": "", "when": "2025-01-01T00:00:00Z",
                                       "reviewer": "me"}},
        "item_labels": {}, "album_labels": {}}))
    r = Review.open(path)
    r.flag("facebook:photo:1", "make_private")
    r.flag("facebook:photo:2", "keep")
    data = on_disk(path)
    assert data["written_by"] == "a future tool" and data["colour_tags"] == {"x": 1}
    assert data["flags"]["facebook:photo:1"]["reviewer"] == "me"
    assert data["flags"]["facebook:photo:1"]["action"] == "make_private"


@pytest.mark.parametrize("content, reason", [
    ("{\"schema\": \"metaexposure-review\", \"version\": 1, \"flags\": {", "not valid JSON"),
    ("[1, 2]", "not a metaexposure review file"),
    ("{\"schema\": \"metaexposure-review\", \"version\": 9}", "newer metaexposure"),
    ("{\"schema\": \"metaexposure-review\", \"version\": 1, \"flags\": {\"a\": {\"action\": \"burn\"}}}",
     "no action"),
    ("{\"schema\": \"metaexposure-review\", \"version\": 1, \"item_labels\": {\"a\": \"everyone\"}}",
     "is not an audience"),
])
def test_a_corrupt_file_raises_naming_it_and_is_never_touched(tmp_path, content, reason):
    path = tmp_path / "review.json"
    path.write_text(content)
    with pytest.raises(ReviewFileError, match=reason) as error:
        Review.open(path)
    assert str(path) in str(error.value)
    assert path.read_text() == content and sorted(p.name for p in tmp_path.iterdir()) == ["review.json"]


def test_a_file_corrupted_after_reading_is_not_overwritten(tmp_path):
    path = tmp_path / "review.json"
    r = Review.open(path)
    r.flag("facebook:photo:1", "delete")
    path.write_text("garbage")
    with pytest.raises(ReviewFileError, match="review.json"):
        r.flag("facebook:photo:2", "delete")
    assert path.read_text() == "garbage"


def test_a_review_inside_an_export_folder_is_refused(tmp_path):
    wrapped = tmp_path / "facebook-ava-2024-11-18-AbCdEfGh"
    wrapped.mkdir()
    with pytest.raises(ReviewFileError, match="inside the export folder"):
        Review.open(wrapped / "review.json")
    unwrapped = tmp_path / "my export"
    (unwrapped / "your_instagram_activity").mkdir(parents=True)
    with pytest.raises(ReviewFileError, match="inside the export folder"):
        Review.open(unwrapped / "notes" / "review.json")
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ReviewFileError):
        Review.open(plain / "review.json", exports=[plain])
    assert Review.open(tmp_path / "review.json", exports=[plain]).path == tmp_path / "review.json"


def test_flags_carry_a_snapshot_for_the_worklist(tmp_path):
    caption = "A very long caption " * 10
    items = frame.items_frame([item("facebook", "photo", 1_400_000_000, album="Holidays", caption=caption,
                                    meta_id="5", link="https://www.facebook.com/photo/?fbid=5")])
    r = Review.open(tmp_path / "review.json")
    r.flag(["facebook:photo:5", "facebook:photo:404"], "delete", items=items)
    snap = on_disk(tmp_path / "review.json")["flags"]["facebook:photo:5"]["snapshot"]
    assert snap["created"] == pd.Timestamp(1_400_000_000, unit="s", tz="UTC").isoformat()
    assert (snap["album"], snap["link"], snap["platform"], snap["kind"]) == (
        "Holidays", "https://www.facebook.com/photo/?fbid=5", "facebook", "photo")
    assert len(snap["caption"]) <= 80 and snap["caption"].startswith("A very long caption")
    assert "snapshot" not in r.flags["facebook:photo:404"]
    r.flag("facebook:photo:5", "keep")  # a later flag without items keeps the snapshot
    assert r.flags["facebook:photo:5"]["snapshot"] == snap


def test_bad_input_is_refused_before_anything_is_written(tmp_path):
    r = Review.open(tmp_path / "review.json")
    with pytest.raises(ValueError, match="action"):
        r.flag("facebook:photo:1", "burn")
    with pytest.raises(ValueError, match="audience"):
        r.label_item("facebook:photo:1", "everyone")
    assert not (tmp_path / "review.json").exists()
    assert r.unflag("facebook:photo:1") == 0
    r.label_album("facebook", "Holidays", None)
    assert not (tmp_path / "review.json").exists()
    with pytest.raises(TypeError):
        r.flags["x"] = {}  # read-only: changes go through the mutators, which save


def test_saved_file_is_readable_json_with_unicode(tmp_path):
    r = Review.open(tmp_path / "review.json")
    r.label_album("facebook", "Café 😀", "public")
    assert "Café 😀" in (tmp_path / "review.json").read_text(encoding="utf-8")
    assert os.path.getsize(tmp_path / "review.json") < 1000
