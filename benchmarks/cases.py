"""The measured operations, each run in a fresh interpreter by ``benchmarks.run``.

    python -m benchmarks.cases CASE PATH...   ->  one JSON line on stdout

A fresh process per measurement keeps one case's memory and warm caches out of the next, and
lets the peak RSS (VmHWM of this process) belong to that case alone. The clock starts
after the imports: every case pays the same start-up, which is not what is compared.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import sys
import time
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson


def _status_kb(field: str) -> int:
    """A memory figure of this process in kB from /proc/self/status: VmRSS (now) or VmHWM (peak).

    VmHWM belongs to this process's own address space. ``ru_maxrss`` does not: Linux carries the
    parent's resident size at fork over the exec, so a child of a big parent reported the parent's.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if field == "VmHWM" else 0


def json_members(paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every JSON member of the given folders and zips."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for folder, _, files in os.walk(path):
                for name in sorted(files):
                    if name.endswith(".json"):
                        full = os.path.join(folder, name)
                        with open(full, "rb") as handle:
                            yield full, handle.read()
        else:
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if info.filename.endswith(".json"):
                        yield info.filename, archive.read(info)


def floor(paths: list[str]) -> dict[str, Any]:
    """Read every JSON member and parse it with the loader's parser (orjson); nothing else.

    Only the standard library and orjson are imported: the strict floor.
    """
    count = size = 0
    for _, data in json_members(paths):
        orjson.loads(data)
        count += 1
        size += len(data)
    return {"files": count, "json_bytes": size}


def floor_imported(paths: list[str]) -> dict[str, Any]:
    """The same floor in a process that has imported metaexposure (pandas, numpy).

    The cyclic garbage collector walks every live object of those libraries again and again
    while the parse allocates: every DataFrame loader pays that, so it is shown beside the strict
    floor. (The import itself happens before the clock starts, see main().)
    """
    return floor(paths)


def load(paths: list[str], **options: Any) -> dict[str, Any]:
    import metaexposure as me

    with TreeMemory() as memory:
        ex = me.load(*paths, **options)
    return {"items": len(ex.items), "problems": len(ex.problems), "stats": ex.stats, **memory.figures()}


def load_single(paths: list[str]) -> dict[str, Any]:
    """``load`` in one process, whatever the export's size (issue 19's baseline)."""
    return load(paths, workers=1)


def load_parallel(paths: list[str]) -> dict[str, Any]:
    """``load`` with the big files parsed by one worker process per core, even below the threshold."""
    from metaexposure import parallel

    parallel.PARALLEL_BYTES = 0
    return load(paths, workers=parallel.cores())


def _batch(paths: list[str], workers: int) -> dict[str, Any]:
    import tempfile

    import metaexposure as me

    with tempfile.TemporaryDirectory() as out:
        table = me.batch(paths, out=out, workers=workers)
    return {"exports": len(table), "ok": int((table["status"] == "ok").sum())}


def batch_single(paths: list[str]) -> dict[str, Any]:
    """``me.batch`` in this process (Dask's synchronous scheduler): the batch target's baseline."""
    return _batch(paths, 1)


def batch_parallel(paths: list[str]) -> dict[str, Any]:
    """``me.batch`` on Dask's process scheduler with 2 workers."""
    return _batch(paths, 2)


def _descendants() -> list[int]:
    """The processes started by this one and by its children (workers, multiprocessing's resource tracker)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [os.getpid()]
    while frontier:
        children = [pid for pid, ppid in parents.items() if ppid in frontier]
        found += children
        frontier = children
    return found


def _status_of(pid: int) -> dict[str, int]:
    try:
        with open(f"/proc/{pid}/status") as status:
            return {line.split(":")[0]: int(line.split()[1]) for line in status if line.startswith(("VmRSS", "VmHWM"))}
    except (OSError, ValueError):
        return {}


class TreeMemory:
    """Memory of this process and its workers together, sampled every 20 ms by a thread.

    ``tree_peak_kb``: the largest sum of resident sizes seen at one moment (a sample can miss a short
    spike); ``tree_bound_kb``: this process's peak plus each child's own peak (VmHWM, last read while it
    lived), an upper bound, as if every process peaked at once.
    """

    def __enter__(self) -> TreeMemory:
        import threading

        self.peak, self.child_hwm, self.done = 0, {}, threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self) -> None:
        while not self.done.wait(0.02):
            total = _status_of(os.getpid()).get("VmRSS", 0)
            for pid in _descendants():
                status = _status_of(pid)
                total += status.get("VmRSS", 0)
                if status.get("VmHWM"):
                    self.child_hwm[pid] = status["VmHWM"]
            self.peak = max(self.peak, total)

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()

    def figures(self) -> dict[str, int]:
        return {"tree_peak_kb": max(self.peak, _status_kb("VmHWM")), "workers_seen": len(self.child_hwm),
                "tree_bound_kb": _status_kb("VmHWM") + sum(self.child_hwm.values())}


# ---------------------------------------------------------------- the usual approach, as blog posts write it

def _fix(value: str) -> str:
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _repair(obj: Any) -> Any:
    """Recursive mojibake repair of every string and key: the fix every 'read your Facebook data' post gives."""
    if isinstance(obj, str):
        return _fix(obj)
    if isinstance(obj, dict):
        return {_fix(k): _repair(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_repair(v) for v in obj]
    return obj


def _records(data: Any) -> list:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for value in data.values():
            if isinstance(value, list):
                return value
        return [data]
    return []


def usual(paths: list[str]) -> dict[str, Any]:
    """``json.load`` + recursive string repair + ``pd.json_normalize`` per file, concatenated."""
    import pandas as pd

    frames = []
    for name, raw in json_members(paths):
        data = _repair(json.loads(raw))
        frame = pd.json_normalize(_records(data))
        frame["source_file"] = name
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True, sort=False)
    return {"rows": len(table), "columns": table.shape[1]}


# ------------------------------------------------------------------------------------ Explorer refresh

def _filter_changes(items: Any) -> list[Any]:
    """A user's sequence of filter changes: one control at a time, then combinations."""
    from metaexposure.widgets.filters import Filters, album_key

    albums = items["album"].value_counts().index[:3]
    first_album = album_key(items["platform"].iloc[0], albums[0]) if len(albums) else ""
    return [
        Filters(), Filters(platforms=("facebook",)), Filters(kinds=("photo", "video")),
        Filters(start=date(2015, 1, 1), end=date(2019, 12, 31)), Filters(albums=(first_album,)),
        Filters(audiences=("unknown",)), Filters(location="yes"), Filters(text="beach"),
        Filters(text="beach sunset"), Filters(newest_first=False),
        Filters(platforms=("instagram",), kinds=("story",), start=date(2020, 1, 1), location="no"),
    ]


def refresh(paths: list[str]) -> dict[str, Any]:
    """Median time of the Explorer's pure refresh (count, summary, first page) over filter changes."""
    import metaexposure as me
    from metaexposure.widgets.filters import FilterIndex, refresh_view_data

    items = me.load(*paths).items
    started = time.perf_counter()
    index = FilterIndex(items)
    built = time.perf_counter() - started
    times = []
    for _ in range(5):
        for filters in _filter_changes(items):
            started = time.perf_counter()
            refresh_view_data(items, filters, index=index)
            times.append(time.perf_counter() - started)
    median = statistics.median(times)
    return {"items": len(items), "index_seconds": built, "refresh_median": median,
            "refresh_max": max(times), "changes": len(times), "seconds": median, "cpu_seconds": median}


CASES = {"floor": floor, "floor_imported": floor_imported, "load": load, "load_single": load_single,
         "load_parallel": load_parallel, "usual": usual, "refresh": refresh, "batch_single": batch_single,
         "batch_parallel": batch_parallel}


def main(argv: list[str]) -> None:
    case, paths = argv[0], argv[1:]
    if case in ("floor_imported", "load", "load_single", "load_parallel", "refresh", "batch_single",
                "batch_parallel"):
        import metaexposure  # noqa: F401  (imported before the clock, as a notebook has it)
    gc.collect()
    baseline = _status_kb("VmRSS")
    started, cpu_started = time.perf_counter(), time.process_time()
    result = CASES[case](paths)
    seconds = time.perf_counter() - started
    # CPU time as well: on a machine shared with other work it moves less than the wall clock.
    result.setdefault("cpu_seconds", time.process_time() - cpu_started)
    result.setdefault("seconds", seconds)
    result["wall_seconds"] = seconds
    result["peak_rss_kb"] = _status_kb("VmHWM")
    result["baseline_rss_kb"] = baseline
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
