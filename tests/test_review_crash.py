"""The review store survives SIGKILL at any moment and concurrent writers: no decision is ever lost.

A writer is a forked copy of this process (a fork costs milliseconds; a fresh interpreter that
imports pandas costs most of a second), so hundreds of kills fit in seconds. The writer opens the
store (the first one creates it) and makes decisions in a loop (flag, item label, album label, group
label, by turns), reporting each one on a pipe only after the call that commits it has returned: that
is "committed". The test kills it with SIGKILL at a random point of a commit, then checks that the
store still opens, holds every committed decision, and that the killed writer's journal (a copy of
decisions as they were) is gone once it has been opened. Kill points are placed relative to the
measured pace of a commit (journal and file fsyncs: 1-20 ms depending on the disk and its load), so
they spread over the whole commit on any machine. No connection is open in this process while it forks:
SQLite connections must not cross a fork.
"""

from __future__ import annotations

import gc
import os
import random
import signal
import time
from pathlib import Path

import pytest

from metaexposure.review import Review

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")

KILLS = 200
RNG = random.Random(20240626)


def _decide(review: Review, tag: str, n: int) -> str:
    """One decision of four kinds by turns; returns how to find it in the store."""
    key = f"{tag}-{n}"
    if n % 4 == 0:
        review.flag(f"facebook:photo:{key}", "delete", note=f"note {key} \u00e9\U0001F600")
        return f"flag:{key}"
    if n % 4 == 1:
        review.label_item(f"instagram:post:{key}", "public")
        return f"item:{key}"
    if n % 4 == 2:
        review.label_album("facebook", f"Album {key}", "friends")
        return f"album:{key}"
    review.label_group("facebook", f"Group {key}", "only_me")
    return f"group:{key}"


def _holds(review: Review, token: str) -> bool:
    kind, key = token.split(":", 1)
    if kind == "flag":
        return review.flags.get(f"facebook:photo:{key}", {}).get("action") == "delete"
    if kind == "item":
        return review.item_labels.get(f"instagram:post:{key}") == "public"
    if kind == "album":
        return review.album_labels.get(f"facebook/Album {key}") == "friends"
    return review.group_labels.get(f"facebook/Group {key}") == "only_me"


class Writer:
    """A forked writer and the decisions it has reported committed."""

    def __init__(self, path: Path, tag: str, limit: int | None = None) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            _write_decisions(path, tag, limit, read_end, write_end)  # never returns
        os.close(write_end)
        self.pid, self.fd, self.buffer, self.committed = pid, read_end, b"", []
        self.ready = False

    def _read(self) -> bool:
        chunk = os.read(self.fd, 65536)
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            if line == b"ready":
                self.ready = True
            else:
                self.committed.append(line.decode())
        return bool(chunk)

    def wait_until(self, commits: int) -> None:
        """Block until the writer is ready and has committed ``commits`` decisions (or ended)."""
        while (not self.ready or len(self.committed) < commits) and self._read():
            pass

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)

    def finish(self) -> int:
        """Read what is left and reap the writer; returns its wait status."""
        while self._read():
            pass
        os.close(self.fd)
        return os.waitpid(self.pid, 0)[1]


def _write_decisions(path: Path, tag: str, limit: int | None, read_end: int, write_end: int) -> None:
    status = 0
    try:
        gc.disable()  # a collection would walk, and so copy, the whole inherited heap
        os.close(read_end)
        review = Review.open(path)
        os.write(write_end, b"ready\n")
        n = 0
        while limit is None or n < limit:
            token = _decide(review, tag, n)
            os.write(write_end, (token + "\n").encode())  # only now is it committed
            n += 1
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _check(path: Path, committed: list[str]) -> dict[str, int]:
    """Open the store as the next notebook would, check it holds every committed decision; its counts."""
    review = Review.open(path)  # raises ReviewFileError if a kill left it unreadable
    try:
        lost = [token for token in committed if not _holds(review, token)]
        assert not lost, f"{len(lost)} committed decisions lost, e.g. {lost[:3]}"
        leftovers = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))
        assert not leftovers, f"a killed writer's {leftovers} outlived the next open"
        return {"flags": len(review.flags), "item labels": len(review.item_labels),
                "album labels": len(review.album_labels), "group labels": len(review.group_labels)}
    finally:
        review.close()  # the next writer is forked from this process


def _pace(path: Path) -> float:
    """Seconds one committed decision takes here and now."""
    review = Review.open(path)
    start = time.perf_counter()
    for n in range(8):
        _decide(review, "pace", n)
    review.close()
    return (time.perf_counter() - start) / 8


def test_sigkill_at_random_moments_never_loses_a_committed_decision(tmp_path):
    path = tmp_path / "metaexposure-review.sqlite"
    pace = _pace(tmp_path / "pace.sqlite")
    committed: list[str] = []
    start, mid_commit = time.monotonic(), 0
    for round_ in range(KILLS):
        writer = Writer(path, f"r{round_}")
        # Kill during one of its first four commits (flag, item, album, group label), anywhere in it.
        writer.wait_until(commits=RNG.randint(0, 3))
        time.sleep(RNG.uniform(0, 1.2) * pace)
        writer.kill()
        status = writer.finish()
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the writer stopped by itself"
        committed += writer.committed
        mid_commit += path.with_name(path.name + "-journal").exists()  # killed inside a transaction
        _check(path, committed)
    counts = _check(path, committed)
    print(f"\n{KILLS} kills in {time.monotonic() - start:.1f} s (a commit took {pace * 1000:.1f} ms), "
          f"{mid_commit} inside a transaction: {len(committed)} committed decisions, all present ({counts})")
    assert len(committed) >= KILLS // 3
    assert mid_commit >= KILLS // 10, "too few kills landed inside a commit to test anything"


def test_two_writers_at_once_lose_no_decision(tmp_path):
    path = tmp_path / "metaexposure-review.sqlite"
    writers = [Writer(path, f"w{w}", limit=80) for w in range(2)]
    statuses = [writer.finish() for writer in writers]
    assert all(os.WIFEXITED(s) and os.WEXITSTATUS(s) == 0 for s in statuses), "a writer failed"
    committed = [token for writer in writers for token in writer.committed]
    assert len(committed) == 160
    assert set(_check(path, committed).values()) == {40}


def test_two_writers_killed_together_lose_no_committed_decision(tmp_path):
    path = tmp_path / "metaexposure-review.sqlite"
    pace = _pace(tmp_path / "pace.sqlite")
    committed: list[str] = []
    for round_ in range(30):
        writers = [Writer(path, f"k{round_}w{w}") for w in range(2)]
        for writer in writers:
            writer.wait_until(commits=0)
        time.sleep(RNG.uniform(0, 4) * pace)  # each waits for the other's commit, so allow a few
        for writer in writers:
            writer.kill()
        for writer in writers:
            writer.finish()
            committed += writer.committed
        _check(path, committed)
    assert committed
