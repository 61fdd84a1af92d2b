"""The notebooks' helpers: which export a notebook opens, where it writes, how inputs are named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import metaexposure as me
from metaexposure import nbhelpers
from metaexposure.nbhelpers import (
    cleanup_pair,
    demo_album_labels,
    describe_inputs,
    exposure_moves,
    flag_unflagged,
    input_label,
    label_albums,
    notebook_paths,
    work_dir,
)


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
    assert demo_album_labels(me.sample_paths()) == nbhelpers.SAMPLE_ALBUM_LABELS
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
