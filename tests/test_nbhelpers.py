"""The notebooks' helpers: which export a notebook opens, where it writes, how inputs are named."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import metaexposure as me
from metaexposure import nbdecisions, nbhelpers
from metaexposure.nbdecisions import demo_album_labels, exposure_moves, flag_unflagged, label_albums
from metaexposure.nbhelpers import cleanup_pair, describe_inputs, input_label, notebook_paths, work_dir


def test_export_parameter_then_environment_then_sample(tmp_path):
    a, b = tmp_path / "a.zip", tmp_path / "b"
    env = {"METAEXPOSURE_EXPORT": f"{a}{os.pathsep}{b}"}
    assert notebook_paths(environ={}) == me.sample_paths()
    assert notebook_paths(environ=env) == [a, b]
    assert notebook_paths([str(b)], environ=env) == [b]
    assert notebook_paths(f"{b}{os.pathsep}{a}", environ={}) == [b, a]
    assert notebook_paths("~/x.zip", environ={}) == [Path.home() / "x.zip"]
    assert notebook_paths([], environ={"METAEXPOSURE_EXPORT": " "}) == me.sample_paths()


def test_inputs_are_named_without_the_folders_of_the_machine(tmp_path):
    (tmp_path / "facebook-you.zip").write_bytes(b"PK")
    table = describe_inputs([*me.sample_paths(), tmp_path / "facebook-you.zip", tmp_path / "gone"])
    assert list(table["input"]) == ["data/samples/facebook-2024", "data/samples/instagram-2025",
                                    "facebook-you.zip", "gone"]
    assert list(table["type"]) == ["folder", "folder", "zip", "missing"]
    assert str(tmp_path) not in table.to_string()
    assert input_label(tmp_path / "x") == "x"


def _deep_folder(root: Path, depth: int) -> Path:
    """``depth`` nested one-letter folders under ``root`` (made level by level: no path-length limit)."""
    here = os.getcwd()
    root.mkdir()
    os.chdir(root)
    try:
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
        Path("bottom.bin").write_bytes(b"x" * 2_000_000)
    finally:
        os.chdir(here)
    return root


def _remove_tree(root: Path) -> None:
    """rm -r without recursion: pytest's own clean-up (shutil.rmtree on Python < 3.12) recurses per level."""
    folders, stack = [], [os.fspath(root)]
    while stack:
        folders.append(stack.pop())
        with os.scandir(folders[-1]) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


def test_inputs_nested_deeper_than_the_recursion_limit_are_measured(tmp_path):
    # A zip editor, or a folder copied badly, can nest anything: measuring must not recurse per level.
    export = _deep_folder(tmp_path / "deep export", 1500)
    try:
        (export / "top.bin").write_bytes(b"y" * 500_000)
        table = describe_inputs([export])
        assert list(table["type"]) == ["folder"] and list(table["MB"]) == [2.5]
    finally:
        _remove_tree(export)


def test_measuring_a_folder_follows_no_symlink(tmp_path):
    export = tmp_path / "export"
    (export / "photos").mkdir(parents=True)
    (export / "photos" / "a.jpg").write_bytes(b"z" * 1_000_000)
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"o" * 9_000_000)
    (export / "photos" / "loop").symlink_to(export, target_is_directory=True)
    (export / "photos" / "big.bin").symlink_to(outside)  # someone else's file: not part of the export
    (export / "gone.jpg").symlink_to(tmp_path / "nowhere.jpg")
    assert list(describe_inputs([export])["MB"]) == [1.0]


def test_work_folder_parameter_then_environment_then_work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("METAEXPOSURE_WORK", raising=False)
    assert work_dir() == tmp_path / "work"
    monkeypatch.setenv("METAEXPOSURE_WORK", str(tmp_path / "elsewhere"))
    assert work_dir() == tmp_path / "elsewhere"
    assert work_dir(tmp_path / "given") == tmp_path / "given" and (tmp_path / "given").is_dir()


def test_work_folder_is_never_inside_an_export_or_the_samples(tmp_path):
    export = tmp_path / "facebook-export"
    export.mkdir()
    with pytest.raises(ValueError, match="never writes into an export"):
        work_dir(export / "work", [export])
    with pytest.raises(ValueError, match="never writes into an export"):
        work_dir(me.sample_paths()[0] / "work")
    assert not (export / "work").exists()


def test_demo_labels_only_for_the_sample(tmp_path):
    assert demo_album_labels(me.sample_paths()) == nbdecisions.SAMPLE_ALBUM_LABELS
    assert demo_album_labels([tmp_path]) == {}
    assert demo_album_labels([*me.sample_paths(), tmp_path]) == {}


def test_labels_move_items_and_flags_never_overwrite_a_decision(tmp_path):
    paths = me.sample_paths()
    ex = me.load(*paths)
    before = ex.items
    review = me.Review.open(tmp_path / "review.sqlite")
    table = label_albums(review, {"facebook/Lisbon 2012": "public", "facebook/No such album": "friends"}, ex.items)
    assert list(table["items"]) == [12, 0]
    ex.apply_review(review)
    moves = exposure_moves(before, ex.items)
    assert moves.loc["unknown", "public"] == 12 and int(moves.to_numpy().sum()) == len(before)
    ids = list(ex.items["item_id"][:3])
    review.flag(ids[0], "keep")
    assert flag_unflagged(review, ids, "delete", items=ex.items) == 2
    assert review.flags[ids[0]]["action"] == "keep"
    assert flag_unflagged(review, ids, "delete") == 0


def test_review_summary_names_the_store_from_the_work_folder_and_counts(tmp_path):
    review = me.Review.open(tmp_path / "work" / "metaexposure-review.sqlite")
    assert nbhelpers.review_summary(review, tmp_path / "work") == (
        "work/metaexposure-review.sqlite: no flags; 0 album label(s), 0 item label(s)")
    review.flag(["facebook:photo:1", "facebook:photo:2"], "make_private")
    review.flag("facebook:photo:3", "keep")
    review.label_album("facebook", "Holidays", "public")
    review.label_group("facebook", "Hiking club", "friends")
    assert nbhelpers.review_summary(review, tmp_path / "work") == (
        "work/metaexposure-review.sqlite: 1 keep, 2 make private; 1 album label(s), 0 item label(s), "
        "1 group label(s)")


def test_cleanup_pair_simulates_only_on_the_sample(tmp_path):
    before, after = cleanup_pair(None, None, tmp_path)
    assert before == me.sample_paths()
    assert [p.parent for p in after] == [tmp_path / "cleanup-demo"] * 2
    assert len(me.load(*after).items) < len(me.load(*before).items)
    mine = tmp_path / "mine"
    assert cleanup_pair([str(mine)], [str(tmp_path / "later")], tmp_path) == ([mine], [tmp_path / "later"])
    with pytest.raises(ValueError, match="only the bundled sample"):
        nbhelpers.simulate_cleanup([mine], tmp_path)


# What a notebook decides only when asked (nbdecisions, issue 16): Run All previews, the parameters cell decides.

@pytest.fixture(scope="module")
def sample() -> me.Export:
    return me.load(*me.sample_paths())


def test_the_sample_keeps_its_review_store_apart_from_yours(tmp_path):
    assert nbhelpers.review_store(tmp_path, me.sample_paths()) == tmp_path / "sample" / "metaexposure-review.sqlite"
    assert nbhelpers.review_store(tmp_path, [tmp_path / "x.zip"]) == tmp_path / "metaexposure-review.sqlite"
    mixed = [*me.sample_paths(), tmp_path / "x.zip"]
    assert nbhelpers.review_store(tmp_path, mixed) == tmp_path / "metaexposure-review.sqlite"


def test_notebooks_saved_before_the_move_still_import_the_decision_helpers():
    from metaexposure.nbhelpers import label_albums as moved

    assert moved is label_albums and nbhelpers.SAMPLE_ALBUM_LABELS is nbdecisions.SAMPLE_ALBUM_LABELS
    with pytest.raises(AttributeError):
        nbhelpers.no_such_helper  # noqa: B018


def test_a_rule_is_previewed_by_album_and_flags_nothing_until_applied(sample, tmp_path):
    review = me.Review.open(tmp_path / "r.sqlite")
    located = me.location_exposure(sample.items)["item_id"]
    review.flag(located.iloc[0], "keep")
    preview = nbdecisions.preview_rule(sample.items, located, review, examples=2)
    assert list(preview.columns) == ["platform", "album", "found", "decided already", "would flag", "examples"]
    assert preview["found"].sum() == len(located) and preview["decided already"].sum() == 1
    assert (preview["would flag"] == preview["found"] - preview["decided already"]).all()
    assert list(preview["would flag"]) == sorted(preview["would flag"], reverse=True)
    many = preview[preview["would flag"] > 2].iloc[0]
    assert many["examples"].count(";") == 2 and many["examples"].endswith("; …")
    said = nbdecisions.flag_by_rule(review, located, "make_private", apply=False, items=sample.items)
    assert said.startswith(f"Nothing flagged: the rule would flag {len(located) - 1} items") and "apply_rule" in said
    assert list(review.flags) == [located.iloc[0]]
    said = nbdecisions.flag_by_rule(review, located, "make_private", apply=True, items=sample.items)
    assert said == f'Flagged {len(located) - 1} items "make private"; 1 already decided, left alone.'
    assert review.flags[located.iloc[0]]["action"] == "keep" and len(review.flags) == len(located)
    assert nbdecisions.preview_rule(sample.items, [], review).empty


def test_the_worklist_is_written_only_when_asked(sample, tmp_path):
    review = me.Review.open(tmp_path / "r.sqlite")
    ex = me.Export(**{**vars(sample), "review": review})
    ids = list(sample.items["item_id"][:3])
    review.flag(ids[:2], "delete", items=sample.items)
    review.flag(ids[2], "keep")
    preview = nbdecisions.worklist_preview(ex, review)
    assert list(preview.columns) == ["platform", "album", "action", "items"] and preview["items"].sum() == 2
    written, said = nbdecisions.worklist_if_asked(ex, tmp_path / "worklist", tmp_path, write=False)
    assert written == [] and not (tmp_path / "worklist").exists()
    assert "would list 2 flagged items" in said and "write_worklist = True" in said
    assert nbdecisions.worklist_head(written).startswith("*No worklist written")
    written, said = nbdecisions.worklist_if_asked(ex, tmp_path / "worklist", tmp_path, write=True)
    assert [p.name for p in written] == ["worklist.csv", "worklist.md"] and all(p.exists() for p in written)
    assert said.startswith(f"Wrote {tmp_path.name}/worklist/worklist.csv (") and said.endswith(": 2 flagged items.")
    assert "# Worklist" in nbdecisions.worklist_head(written, 5)
    assert nbdecisions.worklist_preview(ex, me.Review.open(tmp_path / "empty.sqlite")).empty


def test_labels_are_previewed_and_saved_on_your_export_only_when_asked(sample, tmp_path):
    review = me.Review.open(tmp_path / "r.sqlite")
    labels = {"facebook/Lisbon 2012": "public", "facebook/No such album": "friends"}
    preview = nbdecisions.preview_labels(sample.items, labels, review)
    assert list(preview.columns) == ["platform", "album", "label", "items", "public", "unknown", "not_public",
                                     "saved label"]
    assert list(preview["items"]) == [12, 0] and list(preview["label"]) == ["public", "friends"]
    mine = [tmp_path / "facebook-you.zip"]
    said = nbdecisions.save_labels(review, labels, apply=False, paths=mine)
    assert said.startswith("Not saved: 2 album labels") and "apply_labels = True" in said
    assert dict(review.album_labels) == {}
    assert nbdecisions.save_labels(review, labels, apply=True, paths=mine).startswith("Saved 2 album labels in ")
    assert dict(review.album_labels) == labels
    assert list(nbdecisions.preview_labels(sample.items, labels, review)["saved label"]) == ["public", "friends"]
    nbdecisions.save_labels(review, {"facebook/Hiking Club": "custom"}, kind="group", apply=False,
                            paths=me.sample_paths())  # the sample: a demo, saved without asking
    assert dict(review.group_labels) == {"facebook/Hiking Club": "custom"}
    assert nbdecisions.save_labels(review, {}, apply=True, paths=mine).startswith("No album labels given")
    with pytest.raises(ValueError, match="audience among"):
        nbdecisions.preview_labels(sample.items, {"facebook/Lisbon 2012": "everyone"}, review)
    with pytest.raises(ValueError, match="'Lisbon 2012'"):
        nbdecisions.save_labels(review, {"Lisbon 2012": "public"}, apply=True, paths=mine)


def test_without_labels_the_preview_lists_what_there_is_to_label(sample):
    choices = nbdecisions.preview_labels(sample.items, {})
    assert (choices["unknown"] > 0).all() and "" not in set(choices["album"])
    assert list(choices["unknown"]) == sorted(choices["unknown"], reverse=True)
    assert set(choices["label"]) == {""}


def _with_groups(sample: me.Export) -> me.Export:
    """The sample with four Facebook photos shared in two groups and a third group only joined.

    The sample's own group posts and memberships (issue 15) are taken out first, so the counts are these."""
    items = sample.items.copy()
    items.loc[items["where"] == "group", ["where", "where_name"]] = ["own", ""]
    sample = me.Export(**{**vars(sample), "account": sample.account[sample.account["fact"] != "group"]})
    photos = items.index[(items["platform"] == "facebook") & (items["kind"] == "photo")][:4]
    items.loc[photos, "where"] = "group"
    items.loc[photos, "where_name"] = ["Hiking Club", "Hiking Club", "Hiking Club", "Sourdough Bakers 🍞"]
    joined = pd.DataFrame({"platform": ["facebook", "facebook"], "fact": ["group", "group"],
                           "state": ["Hiking Club", "Street Neighbours"],
                           "start": pd.to_datetime(["2018-03-10", "2022-07-10"], utc=True), "end": pd.NaT,
                           "basis": "", "source_file": ""})
    return me.Export(**{**vars(sample), "items": items, "account": pd.concat([sample.account, joined])})


def test_groups_come_from_group_items_and_memberships(sample):
    ex = _with_groups(sample)
    groups = nbdecisions.groups_of(ex)
    assert list(groups.columns) == ["platform", "group", "items", "first", "last"]
    assert list(groups["group"]) == ["Hiking Club", "Sourdough Bakers 🍞", "Street Neighbours"]
    assert list(groups["items"]) == [3, 1, 0]
    hiking = ex.items[ex.items["where_name"] == "Hiking Club"]["created"]
    assert groups.loc[0, "first"] == hiking.min() and groups.loc[0, "last"] == hiking.max()
    assert pd.isna(groups.loc[2, "first"])
    no_groups = sample.account[sample.account["fact"] != "group"]
    empty = nbdecisions.groups_of(me.Export(**{**vars(sample), "account": no_groups,
                                               "items": sample.items.drop(columns=["where", "where_name"])}))
    assert empty.empty and list(empty.columns) == list(groups.columns)
    preview = nbdecisions.preview_labels(ex.items, nbdecisions.SAMPLE_GROUP_LABELS, kind="group")
    assert list(preview["group"]) == ["Hiking Club", "Sourdough Bakers 🍞"] and list(preview["items"]) == [3, 1]


def test_group_moves_count_only_items_shared_in_groups(sample):
    ex = _with_groups(sample)
    after = ex.items.copy()
    after.loc[after["where"] == "group", "audience"] = "public"
    moves = exposure_moves(ex.items, after, where="group")
    assert int(moves.to_numpy().sum()) == 4 and moves.loc["unknown", "public"] == 4


def test_demo_group_labels_only_for_the_sample(tmp_path):
    assert nbdecisions.demo_group_labels(me.sample_paths()) == nbdecisions.SAMPLE_GROUP_LABELS
    assert nbdecisions.demo_group_labels([tmp_path]) == {}
