"""How long a decision takes in the review store with 100k decisions stored (target: a flag click < 20 ms).

    .venv/bin/python -m benchmarks.review_store            # writes its section of benchmarks/RESULTS.md
    .venv/bin/python -m benchmarks.review_store --no-write # prints it only

The store lives in benchmarks/data/ (on the same disk as the work folder would be, not in a RAM disk):
every commit there is a real fsync. A 120k-row items frame stands in for a loaded export, since the
Explorer passes ``items=ex.items`` with every flag (the snapshot lookup is part of a click). Figures are
medians and 95th percentiles over many calls in one process; ``benchmarks.run`` keeps this section when
it rewrites RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.sections import Section
from metaexposure import frame
from metaexposure.records import item
from metaexposure.review import Review

HERE = Path(__file__).resolve().parent
SECTION = Section("review-store")
START, END = SECTION.start, SECTION.end
with_section, section_kept = SECTION.put, SECTION.kept  # the names tests/test_review_bench.py uses
STORED = 100_000
CLICKS = 200


def items_frame(n: int):
    """A loaded export's items frame, n photos in 500 albums (what ``items=`` gets from the Explorer)."""
    rows = [item("facebook", "photo", 1_300_000_000 + i * 600, album=f"Album {i % 500}",
                 caption=f"Caption of photo {i} at the beach with friends", meta_id=str(i),
                 link=f"https://www.facebook.com/photo/?fbid={i}") for i in range(n)]
    return frame.items_frame(rows)


def timed(call: Callable[[int], object], n: int) -> list[float]:
    """Milliseconds of each of ``n`` calls."""
    out = []
    for i in range(n):
        start = time.perf_counter()
        call(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(what: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"| {what} | {len(ms)} | {statistics.median(ms):.2f} | {p95:.2f} | {ms[-1]:.2f} |"


def measure(folder: Path) -> tuple[list[str], dict[str, float]]:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / "metaexposure-review.sqlite"
    items = items_frame(STORED * 6 // 5)  # the export holds more than was flagged
    ids = list(items["item_id"][:STORED])
    review = Review.open(path)
    start = time.perf_counter()
    review.flag(ids, "make_private", note="bulk", items=items)
    bulk = time.perf_counter() - start
    for n in range(300):
        review.label_album("facebook", f"Album {n}", "friends")
    review.close()
    start = time.perf_counter()
    review = Review.open(path)
    opened = time.perf_counter() - start
    size = path.stat().st_size
    spare = list(items["item_id"][STORED:])  # not flagged yet: clicks on new items (this window's, the other's)

    lines = [row("flag 1 new item, `items=` the 120k-row frame (an Explorer click)",
                 timed(lambda i: review.flag(spare[i], "delete", items=items), CLICKS)),
             row("flag 1 item again, no `items`",
                 timed(lambda i: review.flag(ids[i], "keep", note="changed my mind"), CLICKS)),
             row("unflag 1 item", timed(lambda i: review.unflag(spare[i]), CLICKS)),
             row("label 1 album", timed(lambda i: review.label_album("facebook", f"Album {i}", "public"), CLICKS)),
             row("undo 1 action", timed(lambda i: review.undo(), CLICKS)),
             row("`changed()`, nothing changed", timed(lambda i: review.changed(), CLICKS * 5))]
    other = Review.open(path)  # a second window: a notebook beside the Explorer

    def after_other(call: Callable[[int], object]) -> Callable[[int], object]:
        """Time ``call`` right after the other window made a click (not counting the other's click)."""
        def timed_call(i: int) -> None:
            other.flag(spare[CLICKS + i], "keep")
            start = time.perf_counter()
            call(i)
            lapses.append((time.perf_counter() - start) * 1000)
        return timed_call

    for name, call in (("`changed()` after another window flagged 1 item (reads that key)",
                        lambda i: review.changed()),
                       ("flag 1 item right after another window flagged 1", lambda i: review.flag(ids[i], "delete"))):
        lapses: list[float] = []
        for i in range(CLICKS // 4):
            after_other(call)(i)
        lines.append(row(name, lapses))
    other.close()
    raw = sqlite3.connect(path, isolation_level=None)  # a write outside the log (a database browser)
    reloads: list[float] = []
    for i in range(5):
        raw.execute("UPDATE labels SET audience = ? WHERE kind = 'album' AND key = 'facebook/Album 1'",
                    ("friends" if i % 2 else "public",))
        start = time.perf_counter()
        assert review.changed()
        reloads.append((time.perf_counter() - start) * 1000)
    raw.close()
    lines.append(row("`changed()` after a write outside the log (a full reload)", reloads))
    start = time.perf_counter()
    review.export_json(folder / "export.json")
    exported = time.perf_counter() - start
    review.close()
    return lines, {"bulk": bulk, "open": opened, "size": size, "export": exported}


def section(lines: list[str], facts: dict[str, float], load: tuple[tuple[float, ...], tuple[float, ...]]) -> str:
    from benchmarks.run import _avg, machine

    info = machine() | {"sqlite": sqlite3.sqlite_version}
    return "\n".join([
        START, "## Review store (issue 16)", "",
        f"Written by `python -m benchmarks.review_store` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} "
        f"({info['cpu']}, {info['cores']} cores, {info['os']}, Python {info['python']}, SQLite {info['sqlite']}); "
        f"load average at start {_avg(load[0])}, at end {_avg(load[1])}. The store is on disk in "
        "`benchmarks/data/`: every commit is fsynced (rollback journal, `synchronous=FULL`).", "",
        f"{STORED:,} decisions stored (flags with snapshots) and 300 album labels: a {facts['size'] / 2**20:.1f} MiB "
        f"file. The bulk flag that stored them (one transaction, `executemany`) took {facts['bulk']:.2f} s; "
        f"opening the store with them {facts['open'] * 1000:.0f} ms; `export_json` of all of them "
        f"{facts['export']:.2f} s.", "",
        "| one call | calls | median ms | 95th pct ms | max ms |", "|---|---|---|---|---|", *lines, "",
        "Target: a flag click < 20 ms with 100k decisions stored (DESIGN.md section 8): "
        f"{'met' if float(lines[0].split('|')[3]) < 20 else '**not met**'} (median of the Explorer click).",
        END, ""])






def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.review_store", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true", help="print the section, leave RESULTS.md alone")
    args = parser.parse_args(argv)
    before = os.getloadavg()
    lines, facts = measure(args.data / "review-store")
    text = section(lines, facts, (before, os.getloadavg()))
    print(text)
    if not args.no_write:
        SECTION.write(args.out, text)


if __name__ == "__main__":
    main()
