"""A metaexposure-review.json is imported once into the store beside it and left untouched; export_json writes
the readable form back (DESIGN.md section 8)."""

import json
import warnings

import pytest

from metaexposure import api
from metaexposure.errors import ReviewFileError
from metaexposure.review import Review, ReviewNotice

WHEN = "2025-01-01T00:00:00Z"
OLD = {
    "schema": "metaexposure-review", "version": 1, "written_by": "a future tool", "colour_tags": {"x": 1},
    "flags": {"facebook:photo:1": {"action": "delete", "note": "my ex", "when": WHEN, "reviewer": "me",
                                   "snapshot": {"album": "Lisbon 2012", "caption": "Beach"}},
              "instagram:post:2": {"action": "keep"}},
    "item_labels": {"facebook:photo:9": "friends"}, "album_labels": {"facebook/Holidays": "public"}}


def write_old(folder, data=OLD, name="metaexposure-review.json"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_json_beside_a_new_store_is_imported_once_left_untouched_and_the_user_is_told(tmp_path):
    old = write_old(tmp_path / "work")
    before = old.read_bytes()
    with pytest.warns(ReviewNotice, match="now kept in metaexposure-review.sqlite: the 4 decision") as told:
        r = Review.open(tmp_path / "work" / "metaexposure-review.sqlite")
    assert r.notice == str(told[0].message) and "metaexposure-review.json was left as it was" in r.notice
    assert r.flags["facebook:photo:1"] == {"action": "delete", "note": "my ex", "when": WHEN, "reviewer": "me",
                                           "snapshot": {"album": "Lisbon 2012", "caption": "Beach"}}
    assert r.flags["instagram:post:2"] == {"action": "keep", "note": "", "when": ""}
    assert dict(r.item_labels) == {"facebook:photo:9": "friends"}
    assert dict(r.album_labels) == {"facebook/Holidays": "public"}
    assert old.read_bytes() == before
    r.flag("facebook:photo:3", "delete")
    old.write_text(json.dumps({**OLD, "flags": {}}), encoding="utf-8")  # changed later: not imported again
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the store's own path: nothing to tell any more
        again = Review.open(tmp_path / "work" / "metaexposure-review.sqlite")
    assert again.notice == ""
    assert set(again.flags) == {"facebook:photo:1", "instagram:post:2", "facebook:photo:3"}
    assert [h["what"] for h in again.history()][-1] == "Import 2 flag(s) and 2 label(s) from metaexposure-review.json"


def test_a_json_path_means_the_store_beside_it_so_old_notebooks_keep_working(tmp_path):
    old = write_old(tmp_path)
    with pytest.warns(ReviewNotice, match="imported into it"):
        first = Review.open(old)
    assert first.path == tmp_path / "metaexposure-review.sqlite"
    first.label_album("facebook", "Kyoto", "only_me")
    with pytest.warns(ReviewNotice, match="metaexposure-review.json was given: the review is kept in "
                                          r"metaexposure-review.sqlite beside it \(imported from"):
        ex_review = api.open_review(old)
    assert dict(ex_review.album_labels) == {"facebook/Holidays": "public", "facebook/Kyoto": "only_me"}
    assert json.loads(old.read_text(encoding="utf-8")) == OLD
    with pytest.warns(ReviewNotice, match="review.json was given"):
        fresh = Review.open(tmp_path / "new" / "review.json")  # no JSON there: an empty store beside the name
    assert fresh.path.name == "review.sqlite" and not fresh.flags
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["review.sqlite"]


def test_export_json_writes_the_readable_form_and_it_imports_back_the_same(tmp_path):
    with pytest.warns(ReviewNotice):
        r = Review.open(write_old(tmp_path / "a"))
    r.label_group("facebook", "Hiking club", "friends")
    r.flag("facebook:photo:1", "make_private")  # keeps the fields it had: reviewer, snapshot
    out = r.export_json(tmp_path / "shared" / "my-review.json")  # its folder is made
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["schema"], data["version"]) == ("metaexposure-review", 2)
    assert data["group_labels"] == {"facebook/Hiking club": "friends"}
    assert data["written_by"] == "a future tool" and data["colour_tags"] == {"x": 1}  # unknown fields survive
    assert data["flags"]["facebook:photo:1"]["reviewer"] == "me"
    assert data["flags"]["facebook:photo:1"]["action"] == "make_private"
    assert [p.name for p in out.parent.iterdir()] == ["my-review.json"]  # no temp file left
    copy = Review.open(tmp_path / "b" / "x.sqlite")
    assert copy.import_json(out) == 5  # 2 flags, an item, an album and a group label
    assert copy.document() == r.document() == data
    with pytest.raises(ValueError, match="is the review store itself"):
        r.export_json(r.path)
    export = tmp_path / "facebook-ava-2024-11-18-AbCdEfGh"
    export.mkdir()
    with pytest.raises(ReviewFileError, match="inside the export folder"):
        r.export_json(export / "review.json")


def test_import_json_takes_in_a_shared_review_as_one_undoable_action(tmp_path):
    r = Review.open(tmp_path / "r.sqlite")
    r.flag("facebook:photo:1", "keep", note="mine")
    r.label_album("facebook", "Holidays", "friends")
    shared = write_old(tmp_path / "from-laptop", name="laptop.json")
    assert r.import_json(shared) == 4
    assert r.flags["facebook:photo:1"]["action"] == "delete" and r.album_labels["facebook/Holidays"] == "public"
    assert r.undo() == 1
    assert set(r.flags) == {"facebook:photo:1"} and r.flags["facebook:photo:1"]["note"] == "mine"
    assert dict(r.album_labels) == {"facebook/Holidays": "friends"} and not r.item_labels
    with pytest.raises(ReviewFileError, match="does not exist"):
        r.import_json(tmp_path / "nope.json")


@pytest.mark.parametrize("content, reason", [
    ("{\"schema\": \"metaexposure-review\", \"version\": 1, \"flags\": {", "not valid JSON"),
    ("[1, 2]", "not a metaexposure review file"),
    ("{\"schema\": \"metaexposure-review\", \"version\": 9}", "newer metaexposure"),
    ("{\"schema\": \"metaexposure-review\", \"version\": 1, \"flags\": {\"a\": {\"action\": \"burn\"}}}",
     "no action"),
    ("{\"schema\": \"metaexposure-review\", \"version\": 2, \"group_labels\": {\"a\": \"everyone\"}}",
     "is not an audience"),
])
def test_a_bad_json_is_a_review_file_error_and_no_store_is_made(tmp_path, content, reason):
    path = tmp_path / "metaexposure-review.json"
    path.write_text(content)
    for given in (path, tmp_path / "metaexposure-review.sqlite"):
        with pytest.raises(ReviewFileError, match=reason) as error:
            Review.open(given)
        assert str(path) in str(error.value)
        assert path.read_text() == content and sorted(p.name for p in tmp_path.iterdir()) == [path.name]
