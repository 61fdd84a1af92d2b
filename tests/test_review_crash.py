"""The review file survives SIGKILL at any moment and concurrent writers: no decision is ever lost.

A writer is a forked copy of this process (a fork costs milliseconds; a fresh interpreter that
imports pandas costs most of a second), so hundreds of kills fit in seconds. The writer makes
decisions in a loop (flag, item label, album label, by turns) and reports each one on a pipe only
after the call that saves it has returned: that is "committed". The test kills it with SIGKILL
at a random point of a save, then checks that the file still opens and holds every committed
decision. Kill points are placed relative to the measured pace of a save (three fsyncs: 1-20 ms
depending on the disk and its load), so they spread over the whole save on any machine.
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
    """One decision of three kinds by turns; returns how to find it in the file."""
    key = f"{tag}-{n}"
    if n % 3 == 0:
        review.flag(f"facebook:photo:{key}", "delete", note=f"note {key} \u00e9\U0001F600")
        return f"flag:{key}"
    if n % 3 == 1:
        review.label_item(f"instagram:post:{key}", "public")
        return f"item:{key}"
    review.label_album("facebook", f"Album {key}", "friends")
    return f"album:{key}"


def _holds(review: Review, token: str) -> bool:
    kind, key = token.split(":", 1)
    if kind == "flag":
        return review.flags.get(f"facebook:photo:{key}", {}).get("action") == "delete"
    if kind == "item":
        return review.item_labels.get(f"instagram:post:{key}") == "public"
    return review.album_labels.get(f"facebook/Album {key}") == "friends"


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


def _check(path: Path, committed: list[str]) -> Review:
    review = Review.open(path)  # raises ReviewFileError if a kill left it unreadable
    lost = [token for token in committed if not _holds(review, token)]
    assert not lost, f"{len(lost)} committed decisions lost, e.g. {lost[:3]}"
    backup = path.with_name(path.name + ".bak")
    if backup.exists():
        Review.open(backup)  # the previous version stays loadable too
    return review


def _pace(path: Path) -> float:
    """Seconds one saved decision takes here and now."""
    review = Review.open(path)
    start = time.perf_counter()
    for n in range(5):
        _decide(review, "pace", n)
    return (time.perf_counter() - start) / 5


def test_sigkill_at_random_moments_never_loses_a_committed_decision(tmp_path):
    path = tmp_path / "metaexposure-review.json"
    pace = _pace(tmp_path / "pace.json")
    committed: list[str] = []
    start = time.monotonic()
    for round_ in range(KILLS):
        writer = Writer(path, f"r{round_}")
        # Kill during one of its first three saves (flag, item label, album label), anywhere in it.
        writer.wait_until(commits=RNG.randint(0, 2))
        time.sleep(RNG.uniform(0, 1.2) * pace)
        writer.kill()
        status = writer.finish()
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the writer stopped by itself"
        committed += writer.committed
        _check(path, committed)
    review = _check(path, committed)
    print(f"\n{KILLS} kills in {time.monotonic() - start:.1f} s (a save took {pace * 1000:.1f} ms): "
          f"{len(committed)} committed decisions, all present ({len(review.flags)} flags, "
          f"{len(review.item_labels)} item labels, {len(review.album_labels)} album labels); "
          f"{len(list(tmp_path.glob('.*.tmp')))} temp files left behind by kills")
    assert len(committed) >= KILLS // 3


def test_two_writers_at_once_lose_no_decision(tmp_path):
    path = tmp_path / "metaexposure-review.json"
    writers = [Writer(path, f"w{w}", limit=60) for w in range(2)]
    statuses = [writer.finish() for writer in writers]
    assert all(os.WIFEXITED(s) and os.WEXITSTATUS(s) == 0 for s in statuses), "a writer failed"
    committed = [token for writer in writers for token in writer.committed]
    assert len(committed) == 120
    review = _check(path, committed)
    assert len(review.flags) == len(review.item_labels) == len(review.album_labels) == 40


def test_two_writers_killed_together_lose_no_committed_decision(tmp_path):
    path = tmp_path / "metaexposure-review.json"
    pace = _pace(tmp_path / "pace.json")
    committed: list[str] = []
    for round_ in range(30):
        writers = [Writer(path, f"k{round_}w{w}") for w in range(2)]
        for writer in writers:
            writer.wait_until(commits=0)
        time.sleep(RNG.uniform(0, 4) * pace)  # each waits for the other's lock, so allow a few saves
        for writer in writers:
            writer.kill()
        for writer in writers:
            writer.finish()
            committed += writer.committed
        _check(path, committed)
    assert committed
