"""Write-path errors (issue 16): a store that cannot be written is a ReviewFileError saying what to do, at open
where it can be known then, and a decision is never kept only in memory: the call raises, the caches stay as
on disk, and the next write that can go through does.

Root ignores file permissions, so as root each permission check runs in a forked child that has become the
user "nobody", in a folder nobody owns; run as an ordinary user, it runs in place.
"""

from __future__ import annotations

import encodings.utf_8_sig  # noqa: F401 - imported now: the child that becomes nobody may not read the stdlib
import os
import pickle
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from metaexposure import review_store
from metaexposure.errors import ReviewFileError
from metaexposure.review import Review

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX permissions and os.fork")

NOBODY = 65534
NAME = "metaexposure-review.sqlite"
A, B, C = "facebook:photo:1", "facebook:photo:2", "facebook:photo:3"


@pytest.fixture()
def folder() -> Iterator[Path]:
    """An empty folder owned by the user the checks run as."""
    path = Path(tempfile.mkdtemp(prefix="metaexposure-write-errors-"))
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)
    yield path
    for p in [path, *path.rglob("*")]:
        if not p.is_symlink():
            p.chmod(p.stat().st_mode | stat.S_IWUSR | stat.S_IXUSR)
    shutil.rmtree(path)


def as_user(check: Callable[[], Any]) -> Any:
    """What ``check`` returns, run as an ordinary user (see the module docstring)."""
    if os.geteuid() != 0:
        return check()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                outcome = ("returned", check())
            except BaseException as exc:  # noqa: BLE001 - handed to the test process below
                outcome = ("raised", f"{type(exc).__name__}: {exc}")
            os.write(write_end, pickle.dumps(outcome))
        finally:
            os._exit(0)
    os.close(write_end)
    data = b""
    while chunk := os.read(read_end, 65536):
        data += chunk
    os.close(read_end)
    os.waitpid(pid, 0)
    kind, value = pickle.loads(data)
    assert kind == "returned", value
    return value


def error_of(call: Callable[[], Any]) -> str | None:
    try:
        call()
    except ReviewFileError as error:
        return str(error)
    return None


def read_only(path: Path) -> None:
    path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def test_a_read_only_folder_is_refused_at_open_before_any_decision(folder):
    def check() -> str | None:
        read_only(folder)
        return error_of(lambda: Review.open(folder / NAME))

    message = as_user(check)
    assert message is not None, "opened a store that no decision could ever be saved in"
    assert message.startswith(f"{folder / NAME}: cannot be created in {folder}")
    assert "make that folder writable" in message
    assert list(folder.iterdir()) == []


def test_a_folder_sqlite_cannot_write_its_journal_in_is_refused_at_open_and_read_only_still_reads(folder):
    def check() -> tuple[str | None, list[str]]:
        Review.open(folder / NAME).flag(A, "keep", note="mine")
        read_only(folder)
        message = error_of(lambda: Review.open(folder / NAME))
        return message, sorted(Review.open(folder / NAME, read_only=True).flags)

    message, readable = as_user(check)
    assert message is not None
    assert f"SQLite cannot create its journal ({NAME}-journal) in {folder}" in message
    assert "nothing was saved" in message and "Make that folder writable" in message
    assert readable == [A]  # metaexposure charts --review opens read-only: it still works there
    assert sorted(p.name for p in folder.iterdir()) == [NAME]


def test_a_read_only_store_file_is_refused_at_open(folder):
    def check() -> str | None:
        Review.open(folder / NAME).flag(A, "keep")
        read_only(folder / NAME)
        return error_of(lambda: Review.open(folder / NAME))

    message = as_user(check)
    assert message is not None
    assert "cannot be written: the file or its folder is read-only; nothing was saved" in message
    assert f"Make {NAME} and {folder} writable" in message


def test_a_write_that_fails_after_open_raises_and_keeps_nothing_in_memory(folder):
    def check() -> dict[str, Any]:
        review = Review.open(folder / NAME)
        review.flag(A, "keep")
        review.label_album("facebook", "Holidays", "public")
        read_only(folder)  # e.g. a synced folder turned read-only while the notebook is open
        seen = {"flag": error_of(lambda: review.flag(B, "delete")), "unflag": error_of(lambda: review.unflag(A)),
                "label": error_of(lambda: review.label_album("facebook", "Holidays", "friends")),
                "undo": error_of(review.undo)}
        seen["in memory"] = (sorted(review.flags), dict(review.album_labels))
        (folder).chmod(0o755)
        review.flag(C, "delete")  # once writable again, the next decision goes through
        seen["on disk"] = (sorted(Review.open(folder / NAME).flags), dict(Review.open(folder / NAME).album_labels))
        return seen

    seen = as_user(check)
    for call in ("flag", "unflag", "label", "undo"):
        assert seen[call] is not None, f"{call} on a store it cannot write returned as if saved"
        assert "journal" in seen[call] and "nothing was saved" in seen[call], seen[call]
    assert seen["in memory"] == ([A], {"facebook/Holidays": "public"})
    assert seen["on disk"] == ([A, C], {"facebook/Holidays": "public"})


def test_a_symlinked_store_is_followed_not_replaced(tmp_path):
    real = tmp_path / "synced" / "store.sqlite"
    Review.open(real).flag(A, "keep")
    work = tmp_path / "work"
    work.mkdir()
    (work / NAME).symlink_to(real)
    review = Review.open(work / NAME)
    assert review.path == work / NAME and set(review.flags) == {A}
    review.flag(B, "delete")
    review.undo()
    review.label_group("facebook", "Club", "friends")
    assert (work / NAME).is_symlink() and os.readlink(work / NAME) == str(real)
    assert [p.name for p in work.iterdir()] == [NAME]  # the journal went beside the real file, and is gone
    assert sorted(p.name for p in real.parent.iterdir()) == ["store.sqlite"]
    direct = Review.open(real)
    assert set(direct.flags) == {A} and dict(direct.group_labels) == {"facebook/Club": "friends"}
    (work / "new.sqlite").symlink_to(tmp_path / "synced" / "new-target.sqlite")  # dangling: made at its target
    Review.open(work / "new.sqlite").flag(C, "keep")
    assert (work / "new.sqlite").is_symlink() and set(Review.open(real.parent / "new-target.sqlite").flags) == {C}


def test_a_store_locked_by_another_program_fails_the_write_saying_so_and_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(review_store, "BUSY_SECONDS", 0.2)
    path = tmp_path / NAME
    review = Review.open(path)
    review.flag(A, "keep")
    browser = sqlite3.connect(path, isolation_level=None)  # a database browser mid-edit
    browser.execute("BEGIN EXCLUSIVE")
    try:
        message = error_of(lambda: review.flag(B, "delete"))
        assert message is not None and "locked by another notebook or program" in message
        assert "nothing was saved" in message
        assert set(review.flags) == {A}
        with pytest.raises(ReviewFileError, match="locked by another program"):
            Review.open(path)
    finally:
        browser.execute("ROLLBACK")
        browser.close()
    review.flag(B, "delete")
    assert set(Review.open(path).flags) == {A, B}


def test_a_store_whose_folder_cannot_be_made_says_so(tmp_path):
    (tmp_path / "notes").write_text("a file where the work folder should be")
    with pytest.raises(ReviewFileError, match=r"cannot be created in .*notes \(a file is where that folder "
                                              r"should be\); nothing was saved"):
        Review.open(tmp_path / "notes" / NAME)


@pytest.mark.parametrize("sqlite_message, says", [
    ("database or disk is full", "the disk is full; nothing was saved: free some space"),
    ("disk I/O error", "cannot be written (disk I/O error); nothing was saved: check the disk or network drive"),
    ("database disk image is malformed", "is damaged (database disk image is malformed); nothing was saved"),
    ("attempt to write a readonly database", "read-only; nothing was saved"),
    ("unable to open database file", "SQLite cannot create its journal"),
])
def test_every_write_error_says_nothing_was_saved_and_what_to_do(tmp_path, sqlite_message, says):
    message = str(review_store.write_error(tmp_path / NAME, sqlite3.OperationalError(sqlite_message)))
    assert message.startswith(f"{tmp_path / NAME}: ") and says in message
