"""The review store (DESIGN.md section 8): one SQLite file, a transaction per decision, shared by windows."""

import sqlite3
import threading

import pandas as pd
import pytest

from metaexposure import frame, review_store
from metaexposure.errors import ReviewFileError
from metaexposure.records import item
from metaexposure.review import DEFAULT_PATH, Review


def rows(path, sql):
    """What another program reading the file sees (not our cache)."""
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_open_makes_an_empty_store_and_every_decision_is_on_disk_when_the_call_returns(tmp_path):
    path = tmp_path / "work" / "metaexposure-review.sqlite"
    fresh = Review.open(path)
    assert (dict(fresh.flags), dict(fresh.item_labels), dict(fresh.album_labels), dict(fresh.group_labels)) == (
        {}, {}, {}, {})
    assert rows(path, "PRAGMA application_id") == [(review_store.APPLICATION_ID,)]
    assert rows(path, "PRAGMA user_version") == [(review_store.STORE_VERSION,)]
    assert rows(path, "PRAGMA journal_mode") == [("delete",)]  # the rollback journal: see review_store
    assert fresh.flag(["facebook:photo:1", "facebook:photo:2"], "delete", note="old") == 2
    on_disk = rows(path, 'SELECT item_id, action, note, "when" FROM flags ORDER BY item_id')
    assert [r[:3] for r in on_disk] == [("facebook:photo:1", "delete", "old"), ("facebook:photo:2", "delete", "old")]
    assert on_disk[0][3].endswith("Z")
    assert dict(Review.open(path).flags) == dict(fresh.flags)
    assert sorted(p.name for p in path.parent.iterdir()) == ["metaexposure-review.sqlite"]  # no journal left


def test_default_path_is_the_sqlite_store_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert DEFAULT_PATH.name == "metaexposure-review.sqlite"
    Review.open().label_item("facebook:photo:1", "friends")
    assert rows(tmp_path / "metaexposure-review.sqlite", "SELECT kind, key, audience FROM labels") == [
        ("item", "facebook:photo:1", "friends")]


def test_labels_of_items_albums_and_groups_are_kept_and_removed(tmp_path):
    path = tmp_path / "r.sqlite"
    r = Review.open(path)
    r.label_item("facebook:photo:1", "only_me")
    r.label_album("facebook", "Holidays 2012", "public")
    r.label_group("facebook", "Hiking club / Alps", "friends")
    r.label_album("facebook", "Holidays 2012", "friends")  # a second label replaces the first
    again = Review.open(path)
    assert dict(again.item_labels) == {"facebook:photo:1": "only_me"}
    assert dict(again.album_labels) == {"facebook/Holidays 2012": "friends"}
    assert dict(again.group_labels) == {"facebook/Hiking club / Alps": "friends"}
    again.label_group("facebook", "Hiking club / Alps", None)
    assert dict(again.group_labels) == {} and dict(Review.open(path).group_labels) == {}
    assert "1 group labels" not in repr(again) and "0 group labels" in repr(again)


def test_two_windows_lose_no_decision_and_each_sees_the_others_after_its_next_write(tmp_path):
    path = tmp_path / "r.sqlite"
    notebook, widget = Review.open(path), Review.open(path)
    notebook.flag("facebook:photo:1", "delete")
    widget.flag("facebook:photo:2", "make_private")  # opened before the notebook's flag
    widget.label_album("facebook", "Holidays", "public")
    notebook.unflag("facebook:photo:1")
    notebook.label_item("facebook:photo:9", "only_me")
    stored = Review.open(path)
    assert set(stored.flags) == {"facebook:photo:2"}
    assert dict(stored.album_labels) == {"facebook/Holidays": "public"}
    assert dict(stored.item_labels) == {"facebook:photo:9": "only_me"}
    # a write reloads first when another window wrote: the notebook holds the widget's decisions now
    assert set(notebook.flags) == {"facebook:photo:2"}
    assert dict(notebook.album_labels) == {"facebook/Holidays": "public"}


def test_changed_is_true_once_after_another_window_wrote_and_reloads(tmp_path):
    path = tmp_path / "r.sqlite"
    mine, other = Review.open(path), Review.open(path)
    held = mine.flags  # a view handed out earlier (the Explorer's index keeps one) follows the reload
    assert mine.changed() is False
    mine.flag("facebook:photo:1", "keep")
    assert mine.changed() is False  # our own commits are no news
    other.flag("facebook:photo:2", "delete")
    other.label_group("facebook", "Neighbours", "public")
    assert "facebook:photo:2" not in mine.flags
    assert mine.changed() is True
    assert set(held) == {"facebook:photo:1", "facebook:photo:2"}
    assert dict(mine.group_labels) == {"facebook/Neighbours": "public"}
    assert mine.changed() is False
    other.unflag("facebook:photo:2")
    mine.refresh()
    assert set(mine.flags) == {"facebook:photo:1"}


def test_another_windows_actions_are_taken_in_key_by_key_anything_else_by_a_full_reload(tmp_path, monkeypatch):
    path = tmp_path / "r.sqlite"
    mine, other = Review.open(path), Review.open(path)
    mine.flag([f"facebook:photo:{i}" for i in range(2000)], "keep")
    other.flag("instagram:post:1", "delete", note="theirs")
    other.label_album("facebook", "Holidays", "public")
    other.label_group("facebook", "Club", "friends")
    other.undo()  # the group label
    other.unflag("facebook:photo:7")
    reloads = []
    load = review_store.load
    monkeypatch.setattr(review_store, "load", lambda conn: reloads.append(1) or load(conn))
    assert mine.changed() and reloads == []  # what the log says changed, and nothing else, was read
    on_disk = Review.open(path)
    assert dict(mine.flags) == dict(on_disk.flags) and len(mine.flags) == 2000
    assert (dict(mine.album_labels), dict(mine.group_labels)) == ({"facebook/Holidays": "public"}, {})
    mine.flag("facebook:photo:7", "delete")  # our own write: the next check has nothing to take in
    assert not mine.changed() and on_disk.changed() and on_disk.flags["facebook:photo:7"]["action"] == "delete"

    raw = sqlite3.connect(path)  # a write the log does not know of (a database browser): all is re-read
    with raw:
        raw.execute("DELETE FROM flags WHERE item_id = 'instagram:post:1'")
    raw.close()
    reloads.clear()
    assert mine.changed() and reloads == [1] and "instagram:post:1" not in mine.flags
    monkeypatch.setattr(review_store, "HISTORY_ACTIONS", 2)
    for n in range(4):  # more actions than the log keeps, before this window looked
        other.label_item(f"facebook:photo:{n}", "only_me")
    assert mine.changed() and reloads == [1, 1] and len(mine.item_labels) == 4


def test_one_review_used_from_several_threads_keeps_its_caches_equal_to_the_store(tmp_path):
    path = tmp_path / "r.sqlite"
    shared, other = Review.open(path), Review.open(path)  # an Explorer (clicks and a timer), and a notebook

    def clicks(tag: str) -> None:
        for i in range(60):
            shared.flag(f"facebook:photo:{tag}{i}", "keep")
            if i % 3 == 0:
                shared.unflag(f"facebook:photo:{tag}{i}")

    def timer() -> None:
        for _ in range(200):
            shared.changed()

    def notebook() -> None:
        for i in range(60):
            other.label_item(f"facebook:photo:n{i}", "public")

    threads = [threading.Thread(target=f, args=a) for f, a in ((clicks, ("a",)), (clicks, ("b",)), (timer, ()),
                                                                  (notebook, ()))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shared.refresh()
    stored = Review.open(path)
    assert dict(shared.flags) == dict(stored.flags) and len(stored.flags) == 80
    assert dict(shared.item_labels) == dict(stored.item_labels) and len(stored.item_labels) == 60


def test_the_later_writer_wins_a_clash_on_the_same_item(tmp_path):
    path = tmp_path / "r.sqlite"
    first, second = Review.open(path), Review.open(path)
    first.flag("facebook:photo:1", "delete")
    second.flag("facebook:photo:1", "keep", note="changed my mind")
    assert Review.open(path).flags["facebook:photo:1"]["action"] == "keep"
    assert rows(path, "SELECT action, note FROM flags") == [("keep", "changed my mind")]


def test_flags_carry_a_snapshot_for_the_worklist(tmp_path):
    caption = "A very long caption " * 10
    items = frame.items_frame([item("facebook", "photo", 1_400_000_000, album="Holidays", caption=caption,
                                    meta_id="5", link="https://www.facebook.com/photo/?fbid=5")])
    r = Review.open(tmp_path / "r.sqlite")
    r.flag(["facebook:photo:5", "facebook:photo:404"], "delete", items=items)
    snap = Review.open(tmp_path / "r.sqlite").flags["facebook:photo:5"]["snapshot"]
    assert snap["created"] == pd.Timestamp(1_400_000_000, unit="s", tz="UTC").isoformat()
    assert (snap["album"], snap["link"], snap["platform"], snap["kind"]) == (
        "Holidays", "https://www.facebook.com/photo/?fbid=5", "facebook", "photo")
    assert len(snap["caption"]) <= 80 and snap["caption"].startswith("A very long caption")
    assert "snapshot" not in r.flags["facebook:photo:404"]
    r.flag("facebook:photo:5", "keep")  # a later flag without items keeps the snapshot
    assert r.flags["facebook:photo:5"]["snapshot"] == snap
    assert Review.open(tmp_path / "r.sqlite").flags["facebook:photo:5"]["snapshot"] == snap


def test_bad_input_is_refused_before_anything_is_written(tmp_path):
    path = tmp_path / "r.sqlite"
    r = Review.open(path)
    with pytest.raises(ValueError, match="action"):
        r.flag("facebook:photo:1", "burn")
    with pytest.raises(ValueError, match="audience"):
        r.label_item("facebook:photo:1", "everyone")
    with pytest.raises(ValueError, match="audience"):
        r.label_group("facebook", "Club", "everyone")
    assert r.unflag("facebook:photo:1") == 0 and r.flag([], "delete") == 0
    r.label_album("facebook", "Holidays", None)
    assert rows(path, "SELECT count(*) FROM actions") == [(0,)]  # nothing done, nothing logged
    with pytest.raises(TypeError):
        r.flags["x"] = {}  # read-only: changes go through the mutators, which commit
    with pytest.raises(TypeError):
        r.group_labels["x"] = "public"


def test_a_bulk_flag_is_one_transaction_and_one_action(tmp_path):
    path = tmp_path / "r.sqlite"
    r = Review.open(path)
    ids = [f"facebook:photo:{i}" for i in range(20_000)]
    assert r.flag(ids, "make_private") == 20_000
    assert rows(path, "SELECT count(*) FROM flags") == [(20_000,)]
    assert rows(path, "SELECT call, what, count FROM actions") == [
        ("flag", "Flag 20,000 item(s): make private", 20_000)]
    assert r.flag([*ids[:3], ids[0]], "keep") == 3  # an id given twice counts once


def test_save_is_kept_for_old_notebooks_and_changes_nothing(tmp_path):
    path = tmp_path / "r.sqlite"
    r = Review.open(path)
    r.flag("facebook:photo:1", "keep")
    before = path.read_bytes()
    r.save()
    assert path.read_bytes() == before and dict(Review.open(path).flags) == dict(r.flags)


def test_a_review_inside_an_export_folder_is_refused(tmp_path):
    wrapped = tmp_path / "facebook-ava-2024-11-18-AbCdEfGh"
    wrapped.mkdir()
    with pytest.raises(ReviewFileError, match="inside the export folder"):
        Review.open(wrapped / "metaexposure-review.sqlite")
    unwrapped = tmp_path / "my export"
    (unwrapped / "your_instagram_activity").mkdir(parents=True)
    with pytest.raises(ReviewFileError, match="inside the export folder"):
        Review.open(unwrapped / "notes" / "review.sqlite")
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ReviewFileError):
        Review.open(plain / "review.sqlite", exports=[plain])
    with pytest.raises(ReviewFileError, match="inside the export folder"):
        Review.open(plain / "review.json", exports=[plain])  # a JSON path means the store beside it
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == []
    assert Review.open(tmp_path / "review.sqlite", exports=[plain]).path == tmp_path / "review.sqlite"


def test_a_symlink_into_an_export_is_refused(tmp_path):
    export = tmp_path / "facebook-ava-2024-11-18-AbCdEfGh"
    export.mkdir()
    (tmp_path / "link.sqlite").symlink_to(export / "review.sqlite")
    with pytest.raises(ReviewFileError, match="inside the export folder"):
        Review.open(tmp_path / "link.sqlite")
    assert list(export.iterdir()) == []


def test_read_only_reads_and_refuses_every_change_without_creating_anything(tmp_path):
    path = tmp_path / "r.sqlite"
    writer = Review.open(path)
    writer.label_album("facebook", "Holidays", "public")
    writer.flag("facebook:photo:7", "keep")
    reader = Review.open(path, read_only=True)
    assert dict(reader.album_labels) == {"facebook/Holidays": "public"}
    before = path.read_bytes()
    for change in (lambda: reader.flag("facebook:photo:1", "delete"), lambda: reader.unflag("facebook:photo:7"),
                   lambda: reader.label_album("facebook", "Holidays", None), lambda: reader.undo()):
        with pytest.raises(ReviewFileError, match="read-only; nothing was saved"):
            change()
    assert dict(reader.album_labels) == {"facebook/Holidays": "public"} and set(reader.flags) == {"facebook:photo:7"}
    assert path.read_bytes() == before
    missing = Review.open(tmp_path / "none" / "r.sqlite", read_only=True)
    assert not missing.flags and not (tmp_path / "none").exists()
