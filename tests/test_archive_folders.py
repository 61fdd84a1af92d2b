"""Listing an unzipped export: every file os.walk finds, sizes measured only where needed."""

import os
from pathlib import Path

import pytest

import metaexposure as me
from metaexposure import archive
from metaexposure.errors import Problems
from tests import fbtrees

WRAPPER = "facebook-ava-2024-11-18-AbCdEfGh"
PHOTO = "your_facebook_activity/posts/media/Lisbon2012_1001/5001.jpg"


def walked(root: Path) -> list[str]:
    """What the listing gave before it used os.scandir: regular files under root, in os.walk's order."""
    found = []
    for folder, _, files in os.walk(root):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        found += [name if rel == "." else f"{rel}/{name}" for name in files]
    return found


def test_the_listing_is_os_walks_in_its_order(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    for rel in ("a/b/c/deep.json", "a/b/sibling.txt", ".hidden/x.jpg", "z/empty/.keep", "top.json"):
        fbtrees.put(root, rel, b"{}")
    (root / "empty-folder").mkdir()
    listed = archive._list_folder(root, Problems())
    names = [name for name, _ in listed]
    assert names == walked(root)
    assert len(names) == 20


def test_only_json_files_are_measured_while_listing_and_media_when_needed(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    sizes = dict(archive._list_folder(root, Problems()))
    assert all(size is not None for name, size in sizes.items() if name.endswith(".json"))
    assert sizes[PHOTO] is None
    tree = archive.open_trees([root], Problems())[0]
    member = tree.members[PHOTO]
    assert member.size is None
    assert tree.read_bytes(PHOTO) == b"\xff\xd8\xff\xd9"
    assert member.size == member.compressed == 4
    assert me.load(root).media_bytes(PHOTO) == b"\xff\xd8\xff\xd9"


def test_a_media_file_too_big_to_read_is_refused_once_measured(tmp_path, monkeypatch):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    tree = archive.open_trees([root], Problems())[0]
    monkeypatch.setattr(archive, "MAX_JSON_BYTES", 3)
    with pytest.raises(archive._Unreadable, match="is 4 bytes, more than this kit reads"):
        tree.read_bytes(PHOTO)


def test_a_file_gone_before_it_is_measured_is_unreadable_not_a_crash(tmp_path):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    tree = archive.open_trees([root], Problems())[0]
    (root / PHOTO).unlink()
    assert archive.measured(tree.members[PHOTO]) is None
    with pytest.raises(archive._Unreadable, match="cannot be read"):
        tree.read_bytes(PHOTO)


def test_a_folder_that_cannot_be_listed_is_a_problem_not_silence(tmp_path, monkeypatch):
    root = fbtrees.era_2024(tmp_path / WRAPPER)
    locked = root / "your_facebook_activity" / "posts" / "media"
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(archive.os, "scandir", scandir)
    ex = me.load(root)
    rows = ex.problems[ex.problems["file"] == "your_facebook_activity/posts/media/"]
    assert list(rows["reason"]) == ["is a folder that cannot be listed (Permission denied); its files were skipped"]
    assert not ex.items["has_file"].any()
    assert len(ex.items) == 14


def test_a_copy_that_cannot_be_measured_gives_way_to_a_readable_one_in_another_part(tmp_path, monkeypatch):
    first = fbtrees.era_2024(tmp_path / "p1" / "facebook-ava-2024-11-18-Aa11Bb22")
    second = tmp_path / "p2" / "facebook-ava-2024-11-18-Cc33Dd44"
    fbtrees.put(second, PHOTO, b"\xff\xd8\x00\xff\xd9")
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if Path(path) == first / PHOTO:
            raise PermissionError(13, "Permission denied")
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(archive.os, "stat", stat)
    problems = Problems()
    tree = archive.open_trees([first, second], problems)[0]
    assert tree.members[PHOTO].source.path == second
    assert tree.read_bytes(PHOTO) == b"\xff\xd8\x00\xff\xd9"
    assert not [p for p in problems if PHOTO in p.file]
