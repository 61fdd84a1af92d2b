"""Parse a big export's big files in worker processes, on every core (DESIGN.md section 10, issue 19).

Only the files the typed fast path reads (album, posts, media, story and reel files: nearly all the
bytes of a big export) go to the workers. A worker reads the file itself (from the zip or folder, by
path: nothing is inherited from the parent), decodes it and builds its rows; the parent takes each
file's rows at the place where a load in one process would have parsed it, so items, problems and
sources come out in the same order, and identical. Anything a worker cannot do cleanly (a file
refused, damaged, odd in any way) it leaves to the parent, which then reads that file as a load in
one process does: every problem row still comes from one place.

Workers are spawned, never forked: a fork inside a Jupyter kernel, which runs threads, can deadlock,
and spawn is what macOS and Windows do anyway. They inherit the environment, so the no-network guard
(``_netguard``, started by ``sitecustomize``) is on in them whenever it is on in the parent.
"""

from __future__ import annotations

import collections
import functools
import gc
import logging
import marshal
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .archive import Member, Source, Tree
from .errors import Problems
from .records import Item

log = logging.getLogger(__name__)

# A pool is started only when the files it would parse hold more JSON than this. Measured on 2 cores
# (benchmarks/RESULTS.md, "Scale", 2026-12-04; samples.large, fresh processes, medians): parallel / one
# process 1.11-1.13 at 72 MB, 1.00 at 145 MB, 0.95-0.96 at 217 MB, 0.87-0.92 at 362 MB, 0.88 at 751 MB. Only the
# parse runs in parallel (about half a load: merging and building the frames stay in the parent), two
# spawned workers take about 0.15-0.25 s to start, and the parent spends about 0.5 us per row unpacking
# what they send, so the pool pays only past ~150 MB. Real 20-year exports hold up to ~150 MB: they stay
# in one process, as before; the pool is for the big end (and for more cores).
PARALLEL_BYTES = 200 * 1024**2
# Smaller files are parsed in the parent as it meets them: a round trip to a worker costs more than
# parsing a file of this size.
FILE_BYTES = 64 * 1024

# A spawned worker imports only the parsers, not the package's __init__ (pandas, numpy's friends,
# the notebook display): a stand-in package module makes the submodule imports work without it. That
# halves a worker's start (0.30 -> 0.15 s) and its memory (74 -> 33 MB). Run by ``exec`` (a builtin,
# so unpickling the initializer imports nothing); when the worker's __main__ already imported
# metaexposure (a script), the real package is there and is kept.
_BOOT = """
import importlib.machinery, sys, types
if "metaexposure" not in sys.modules:
    package = types.ModuleType("metaexposure")
    package.__path__ = [package_dir]
    package.__spec__ = importlib.machinery.ModuleSpec("metaexposure", None, is_package=True)
    package.__spec__.submodule_search_locations = package.__path__
    sys.modules["metaexposure"] = package
"""


@dataclass(frozen=True)
class Job:
    """One JSON member for a worker: where it is, as plain values that pickle on every platform."""

    platform: str
    rel: str
    path: str  # the zip or folder the member is in
    is_zip: bool
    name: str  # its name inside the zip, or its path relative to the folder
    size: int
    compressed: int


def route_fast(platform: str, rel: str) -> Any:
    """The fast path (typed.Fast) of the parser a member's path routes to, or None."""
    if platform == "instagram":
        from .instagram import route
    else:
        from .facebook import route
    return getattr(route(rel)[1], "fast", None)


_SOURCES: dict[tuple[str, bool], Source] = {}  # per worker: a zip's directory is read once, not once per file


def parse_here(job: Job, sources: dict[tuple[str, bool], Source]) -> tuple[list[Item], int] | None:
    """(the rows of one member, records seen) by its fast path, or None: the parent is to read it as usual.

    ``sources``: the zips and folders opened so far by this process, by path (a zip's directory is read
    once, not once per member)."""
    fast = route_fast(job.platform, job.rel)
    source = sources.get((job.path, job.is_zip))
    if source is None:
        source = sources[job.path, job.is_zip] = Source(Path(job.path), job.is_zip)
    tree = Tree(job.platform, members={job.rel: Member(source, job.name, job.size, job.compressed)},
                sources=[source])
    # These problems are thrown away: a member that makes one is read again by the parent, in its turn,
    # which reports it as a load in one process would.
    problems = Problems()
    try:
        raw = tree.read_raw(job.rel, problems)
        if raw is None or fast is None or problems:
            return None
        return fast.rows(fast.decoder.decode(raw), job.rel)
    except Exception:  # anything at all: the parent's tolerant path decides what it means
        return None


_SOURCES: dict[tuple[str, bool], Source] = {}  # a worker's open zips and folders


def parse_member(job: Job) -> tuple[bytes, int] | None:
    """parse_here in a worker, the rows marshalled for the trip back."""
    enabled = gc.isenabled()
    gc.disable()  # as in the parent's load: parsing makes no reference cycles, and the collector's passes cost a third
    try:
        done = parse_here(job, _SOURCES)
    finally:
        if enabled:
            gc.enable()
    # marshal, not pickle: a quarter of pickle's time to write for the same time to read (lists of str,
    # int, float, bool and None are all a row holds), and the worker's time is what runs in parallel.
    return None if done is None else (marshal.dumps(done[0]), done[1])


@contextmanager
def _main_left_out() -> Iterator[None]:
    """Start workers without running the parent's ``__main__`` in them again.

    spawn runs the main script again in each worker (as ``__mp_main__``) so that functions defined there
    can be unpickled. Ours need nothing from it, and a script that loads at its top level, without
    ``if __name__ == "__main__":``, would load again in every worker and then fail to start a pool there.
    multiprocessing finds the script through ``__main__.__file__`` and ``__spec__`` while a worker starts.
    """
    main = sys.modules.get("__main__")
    saved = {key: value for key, value in vars(main).items() if key in ("__file__", "__spec__")} if main else {}
    try:
        if main is not None:
            main.__spec__ = None
            vars(main).pop("__file__", None)
        yield
    finally:
        if main is not None:
            vars(main).update(saved)


def spawn_pool(workers: int) -> ProcessPoolExecutor:
    """``workers`` spawned processes, started now, that import only the modules their tasks need."""
    package_dir = str(Path(__file__).resolve().parent)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=exec, initargs=(_BOOT, {"package_dir": package_dir}))
    with _main_left_out():  # a pool starts one process per task submitted while none is idle, up to ``workers``
        for _ in range(workers):
            pool.submit(int)
    return pool


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


class Farm:
    """The big files of a load, parsed in worker processes; the parent takes each file's rows in turn.

    Workers take the biggest files first, so that none is left alone with a big one at the end. While the
    parent waits for a file, it unpacks the rows of any other file a worker has finished, and when there
    is none it parses the smallest file no worker has started yet: it is never idle while the workers
    start, nor when it is ahead of them.
    """

    def __init__(self, jobs: list[Job], workers: int) -> None:
        self.broken = False
        self.on_done: Callable[[str], None] | None = None  # the progress bar's count, set by api._progress
        self.pool = spawn_pool(workers)
        self.jobs = {(job.platform, job.rel): job for job in sorted(jobs, key=lambda job: -job.size)}
        self.unstarted = list(self.jobs)  # the smallest last: stolen from the end
        self.ready: dict[tuple[str, str], tuple[list[Item], int] | None] = {}  # unpacked or stolen, not yet taken
        self.sources: dict[tuple[str, bool], Source] = {}  # the parent's own handles for what it steals
        # Keys of finished files, appended by the pool's thread; the semaphore counts them.
        self.finished: collections.deque[tuple[str, str]] = collections.deque()
        self.signal = threading.Semaphore(0)
        self.counts = {"worker": 0, "parent": 0}  # files parsed by the workers and stolen by the parent
        self.futures: dict[tuple[str, str], Future] = {}
        for key, job in self.jobs.items():
            self.futures[key] = future = self.pool.submit(parse_member, job)
            future.add_done_callback(functools.partial(self._finished, key))

    def _finished(self, key: tuple[str, str], future: Future) -> None:
        if not future.cancelled():
            self.finished.append(key)
            self.signal.release()

    def _steal(self) -> bool:
        """Parse here the smallest file no worker has started; False when there is none."""
        while self.unstarted and not self.broken:
            key = self.unstarted.pop()
            if key in self.futures and self.futures[key].cancel():
                self.ready[key] = parse_here(self.jobs[key], self.sources)
                self.counts["parent"] += 1
                return True
        return False

    def _wait_for(self, key: tuple[str, str]) -> None:
        while key not in self.ready:
            if not self.signal.acquire(blocking=False):  # nothing finished: work rather than wait
                if self._steal():
                    continue
                self.signal.acquire()
            other = self.finished.popleft()
            # Popped: a future keeps its result, and these marshalled rows are a fifth of the rows' memory.
            result = self.futures.pop(other).result()  # raises if the pool broke
            self.ready[other] = None if result is None else (marshal.loads(result[0]), result[1])
            self.counts["worker"] += 1

    def take(self, platform: str, rel: str) -> tuple[list[Item], int] | None:
        """A member's (rows, records seen) from its worker, or None when the parent is to read it."""
        key = (platform, rel)
        if key not in self.jobs:
            return None
        if not self.broken:
            try:
                self._wait_for(key)
            except Exception as exc:  # a worker died or could not start: the rest is read here
                self.broken = True
                log.warning("worker processes failed (%s: %s), so the rest of the export is read in this process",
                            type(exc).__name__, exc)
        done = self.ready.pop(key, None)
        if done is not None and self.on_done is not None:
            self.on_done(rel)
        return done

    def close(self) -> None:
        for future in self.futures.values():
            future.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)
        for source in self.sources.values():
            source.close()


def jobs_of(trees: Iterable[Tree]) -> list[Job]:
    """The members worth a worker: JSON files of FILE_BYTES or more that a fast path reads."""
    jobs = []
    for tree in trees:
        for rel in tree.paths():
            member = tree.members[rel]
            if not rel.endswith(".json") or (member.size or 0) < FILE_BYTES:
                continue
            if route_fast(tree.platform, rel) is not None:
                jobs.append(Job(tree.platform, rel, os.path.abspath(member.source.path), member.source.is_zip,
                                member.name, member.size or 0, member.compressed or 0))
    return jobs


def start(trees: list[Tree], workers: int | None) -> Farm | None:
    """A Farm for these trees when parsing in parallel pays (``workers`` None: one per core), else None."""
    workers = cores() if workers is None else workers
    if workers < 2:
        return None
    jobs = jobs_of(trees)
    if sum(job.size for job in jobs) < PARALLEL_BYTES or not jobs:
        return None
    try:
        farm = Farm(jobs, min(workers, len(jobs)))
    except Exception as exc:  # no processes here (a daemonic process, a sandbox): the load goes on in this one
        log.warning("could not start worker processes (%s: %s); reading the export in this process",
                    type(exc).__name__, exc)
        return None
    for tree in trees:
        tree.parsed_elsewhere = functools.partial(farm.take, tree.platform)
    return farm


def stop(farm: Farm | None, trees: Iterable[Tree]) -> None:
    """Shut the workers down and unhook the trees."""
    for tree in trees:
        tree.parsed_elsewhere = None
    if farm is not None:
        farm.close()
