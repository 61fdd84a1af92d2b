"""Undo and history: the action log lives in the store, so undo works after a restart and across windows."""

import sqlite3

import pytest

from metaexposure import frame, review_store
from metaexposure.records import item
from metaexposure.review import Review

A, B, C = "facebook:photo:1", "facebook:photo:2", "facebook:photo:3"


def test_undo_restores_what_the_items_had_before_even_after_a_restart(tmp_path):
    path = tmp_path / "r.sqlite"
    items = frame.items_frame([item("facebook", "photo", 1_400_000_000, album="Lisbon", meta_id="1")])
    first = Review.open(path)
    first.flag(A, "keep", note="my mum likes it", items=items)
    kept = dict(first.flags[A])
    first.flag([A, B, C], "delete", note="clean-up")  # one bulk action over three items
    first.close()

    later = Review.open(path)  # a new kernel: nothing but the file
    assert later.undo() == 1
    assert dict(later.flags) == {A: kept}  # A back to keep with its note, when and snapshot; B, C unflagged
    assert dict(Review.open(path).flags) == {A: kept}
    assert later.undo() == 1 and dict(later.flags) == {}
    assert later.undo() == 0  # nothing left to undo


def test_undo_reverts_unflag_and_labels_and_n_actions_at_once(tmp_path):
    r = Review.open(tmp_path / "r.sqlite")
    r.flag([A, B], "make_private", note="n")
    flags = {k: dict(v) for k, v in r.flags.items()}
    r.label_album("facebook", "Holidays", "public")
    r.label_album("facebook", "Holidays", "friends")
    r.label_group("facebook", "Club", "public")
    r.label_item(A, "only_me")
    r.label_item(A, None)
    r.unflag([A, B])
    assert r.undo(2) == 2  # the unflag and the label removal
    assert {k: dict(v) for k, v in r.flags.items()} == flags and dict(r.item_labels) == {A: "only_me"}
    assert r.undo(3) == 3  # the item label, the group label, the second album label
    assert dict(r.item_labels) == {} and dict(r.group_labels) == {}
    assert dict(r.album_labels) == {"facebook/Holidays": "public"}
    assert r.undo(10) == 2  # only two actions were left
    assert dict(r.album_labels) == {} and dict(r.flags) == {}
    stored = Review.open(tmp_path / "r.sqlite")
    assert (dict(stored.flags), dict(stored.album_labels), dict(stored.item_labels)) == ({}, {}, {})
    with pytest.raises(ValueError, match="0 or more"):
        r.undo(-1)
    assert r.undo(0) == 0


def test_history_lists_actions_newest_first_and_marks_the_undone(tmp_path):
    r = Review.open(tmp_path / "r.sqlite")
    r.flag([A, B, C], "delete")
    r.label_album("facebook", "Lisbon 2012", "friends_of_friends")
    r.unflag(C)
    r.undo()
    shown = r.history()
    assert [(h["call"], h["what"], h["items"], h["undone"]) for h in shown] == [
        ("undo", "Undo: Clear 1 flag(s)", 1, False),
        ("unflag", "Clear 1 flag(s)", 1, True),
        ("label_album", "Label album facebook/Lisbon 2012: friends of friends", 1, False),
        ("flag", "Flag 3 item(s): delete", 3, False)]
    assert all(h["when"].endswith("Z") for h in shown)
    assert [h["call"] for h in r.history(limit=2)] == ["undo", "unflag"]
    r.undo(2)  # an undo is never itself undone: this takes back the label and the flag
    assert r.history(limit=1)[0]["what"] == "Undo 2 actions"
    assert (dict(r.flags), dict(r.album_labels)) == ({}, {})
    r.flag(A, "keep")  # a new action after undos: the undone ones stay undone
    assert r.undo() == 1 and dict(r.flags) == {} and r.undo() == 0


def test_undo_in_one_window_reverts_the_last_action_of_any_window(tmp_path):
    path = tmp_path / "r.sqlite"
    notebook, explorer = Review.open(path), Review.open(path)
    notebook.flag(A, "delete")
    explorer.flag(B, "keep")  # the person's last action, in the other window
    assert notebook.undo() == 1
    assert set(notebook.flags) == {A}
    explorer.refresh()
    assert set(explorer.flags) == {A}


def test_the_log_keeps_the_last_actions_only(tmp_path, monkeypatch):
    monkeypatch.setattr(review_store, "HISTORY_ACTIONS", 3)
    path = tmp_path / "r.sqlite"
    r = Review.open(path)
    for n in range(6):
        r.flag(f"facebook:photo:{n}", "keep")
    assert [h["what"] for h in r.history(limit=10)] == ["Flag 1 item(s): keep"] * 3
    assert r.undo(10) == 3 and sorted(r.flags) == ["facebook:photo:0", "facebook:photo:1", "facebook:photo:2"]
    with sqlite3.connect(path) as conn:  # the before-states of dropped actions are gone too
        assert conn.execute("SELECT min(action_id) FROM changes").fetchone()[0] == 5  # 5, 6 and the undo, 7
