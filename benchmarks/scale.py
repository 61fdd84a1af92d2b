"""Issue 19's measurements: the parallel-load threshold, the 1M-item export, DESIGN section 11's 100k ratios on
two generators, and batch on Dask. Writes its own section of RESULTS.md (``benchmarks.run`` keeps it).

    .venv/bin/python -m benchmarks.scale                      # everything, about 10 minutes on 2 cores
    .venv/bin/python -m benchmarks.scale --only million,lean  # some of it: threshold, million, ratios, batch

Every figure is a ratio of cases measured in the same run, each case in a fresh process, the cases taking
turns within each round so that other work on the machine falls on all of them; medians are reported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

from benchmarks.run import Case, dataset, machine, run_rounds
from benchmarks.sections import Section

HERE = Path(__file__).resolve().parent
SECTION = Section("scale")
START, END = SECTION.start, SECTION.end
THRESHOLD_SIZES = (100_000, 200_000, 300_000, 500_000)


def lean_dataset(data_dir: Path, name: str, media: int, posts: int) -> list[str]:
    """A lean export (metaexposure.samples.lean), written again when its generator changes."""
    from metaexposure.samples.lean import write_lean_export

    folder = data_dir / name
    stamp = hashlib.sha256((HERE.parent / "metaexposure/samples/lean.py").read_bytes()).hexdigest() + f"{media},{posts}"
    stamp_file = folder / "stamp.json"
    if stamp_file.exists() and json.loads(stamp_file.read_text())["stamp"] == stamp:
        return json.loads(stamp_file.read_text())["paths"]
    print(f"generating {name} ...", file=sys.stderr, flush=True)
    paths = [str(p) for p in write_lean_export(folder, media=media, posts=posts)]
    stamp_file.write_text(json.dumps({"stamp": stamp, "paths": paths}))
    return paths


def donations(data_dir: Path, count: int, items: int) -> list[str]:
    """``count`` one-zip Facebook exports of ``items`` items each, each its own seed (and so wrapper name)."""
    media = items * 5 // 6
    return [path for seed in range(count) for path in
            dataset(data_dir / "donations", f"d{seed:04d}", media=media, posts=items - media,
                    platforms=("facebook",), zipped=True, seed=seed)]


def _row(label: str, case: Case, floor: float) -> str:
    runs = [run["seconds"] for run in case.runs]
    tree = statistics.median(run.get("tree_peak_kb", run["peak_rss_kb"]) for run in case.runs) / 1024
    return (f"| {label} | {case.median():.3f} | {case.median('cpu_seconds'):.3f} | {min(runs):.3f}-{max(runs):.3f} | "
            f"{case.median() / floor:.2f} | {tree:.0f} |")


def threshold(data: Path, repeat: int) -> list[str]:
    lines = ["### Parallel load: where it starts to pay (samples.large, folders)", "",
             "| items | JSON MB | one process s | parallel s (2 workers, forced) | parallel / one process |",
             "|---|---|---|---|---|"]
    for items in THRESHOLD_SIZES:
        media = items * 5 // 6
        paths = dataset(data, f"scale-{items}", media=media, posts=items - media, platforms=("facebook", "instagram"))
        cases = [Case("single", "load_single", paths), Case("parallel", "load_parallel", paths)]
        run_rounds(cases, repeat)
        size = sum(f.stat().st_size for p in paths for f in Path(p).rglob("*.json"))
        lines.append(f"| {items:,} | {size / 1e6:.1f} | {cases[0].median():.3f} | {cases[1].median():.3f} | "
                     f"{cases[1].median() / cases[0].median():.2f} |")
    return lines + [""]


def million(data: Path, repeat: int) -> list[str]:
    paths = dataset(data, "1m-folder", media=900_000, posts=100_000, platforms=("facebook", "instagram"))
    cases = [Case("strict floor", "floor", paths), Case("`load`, one process", "load_single", paths),
             Case("`load`, parallel (default: 2 workers on 2 cores)", "load", paths)]
    run_rounds(cases, repeat)
    floor = cases[0].median()
    parallel = cases[2]
    tree = statistics.median(run["tree_peak_kb"] for run in parallel.runs) / 1024
    bound = statistics.median(run["tree_bound_kb"] for run in parallel.runs) / 1024
    return [f"### 1M items (900k media + 100k posts, {cases[0].runs[0]['json_bytes'] / 1e6:.0f} MB of JSON, folders; "
            f"median of {repeat})", "",
            "| case | wall s | CPU s (parent) | min-max wall s | wall / strict floor | "
            "peak RSS MiB, parent + workers |",
            "|---|---|---|---|---|---|", *(_row(case.name, case, floor) for case in cases), "",
            f"Target: parallel load within 2x the strict floor: **{parallel.median() / floor:.2f}x**, "
            f"{'met' if parallel.median() <= 2 * floor else 'not met'}; one process "
            f"{cases[1].median() / floor:.2f}x; parallel / one process {parallel.median() / cases[1].median():.2f}. "
            f"Peak RSS of the parent and its workers together (sampled every 20 ms): {tree:.0f} MiB, target < 1536 "
            f"MiB: {'met' if tree < 1536 else 'not met'} (an upper bound, every process's own peak added as if at "
            f"one moment: {bound:.0f} MiB; the parent's peak comes after the workers have gone, in the frames).", ""]


def ratios(data: Path, repeat: int) -> list[str]:
    lines = ["### DESIGN section 11's 100k ratios on two generators (100k media + 20k posts, folders; "
             f"median of {repeat})", "",
             "| generator | JSON MB | strict floor s | floor, metaexposure imported s | `load` s | usual s | "
             "load / strict floor (<= 2) | load / imported floor (<= 2) | usual / load (>= 5) |",
             "|---|---|---|---|---|---|---|---|---|"]
    sets = {"samples.large (~720 B/item)": dataset(data, "main-folder", media=100_000, posts=20_000,
                                                   platforms=("facebook", "instagram")),
            "samples.lean (~180 B/item)": lean_dataset(data, "lean-100k", 100_000, 20_000)}
    for label, paths in sets.items():
        cases = [Case(name, name, paths) for name in ("floor", "floor_imported", "load", "usual")]
        run_rounds(cases, repeat)
        floor, imported, load, usual = (case.median() for case in cases)
        mark = lambda ok: "" if ok else " **miss**"  # noqa: E731
        lines.append(f"| {label} | {cases[0].runs[0]['json_bytes'] / 1e6:.1f} | {floor:.3f} | {imported:.3f} | "
                     f"{load:.3f} | {usual:.3f} | {load / floor:.2f}{mark(load <= 2 * floor)} | "
                     f"{load / imported:.2f}{mark(load <= 2 * imported)} | "
                     f"{usual / load:.2f}{mark(usual >= 5 * load)} |")
    return lines + [""]


def batch(data: Path, repeat: int, count: int, items: int) -> list[str]:
    paths = donations(data, count, items)
    cases = [Case("one process", "batch_single", paths), Case("2 workers", "batch_parallel", paths)]
    run_rounds(cases, repeat)
    single, parallel = cases[0].median(), cases[1].median()
    return [f"### Batch on Dask: {count} exports of {items:,} items (one Facebook zip each; median of {repeat})", "",
            "| case | wall s | min-max wall s |", "|---|---|---|",
            *(f"| {case.name} | {case.median():.2f} | {min(r['seconds'] for r in case.runs):.2f}-"
              f"{max(r['seconds'] for r in case.runs):.2f} |" for case in cases), "",
            f"Target: 2 workers within 1.3x of (one process / 2): **{parallel / (single / 2):.2f}x**, "
            f"{'met' if parallel <= 1.3 * single / 2 else 'not met'}.", ""]






def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="threshold,million,ratios,batch")
    parser.add_argument("--batch-exports", type=int, default=200)
    parser.add_argument("--batch-items", type=int, default=10_000)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    before, started = os.getloadavg(), time.time()
    parts = []
    only = args.only.split(",")
    if "threshold" in only:
        parts += threshold(args.data, args.repeat)
    if "million" in only:
        parts += million(args.data, args.repeat)
    if "ratios" in only:
        parts += ratios(args.data, max(args.repeat, 5))
    if "batch" in only:
        parts += batch(args.data, args.repeat, args.batch_exports, args.batch_items)
    info = machine()
    text = "\n".join([
        START, "## Scale (issue 19)", "",
        f"Written by `python -m benchmarks.scale --only {args.only}` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} in {(time.time() - started) / 60:.0f} min "
        f"({info['cpu']}, {info['cores']} cores, {info['ram']}, Python {info['python']}, pandas {info['pandas']}). "
        f"Load average at start {' / '.join(f'{v:.2f}' for v in before)}, at end "
        f"{' / '.join(f'{v:.2f}' for v in os.getloadavg())}: the machine was shared with other engineers' test "
        "runs, so figures are medians of alternating fresh-process runs and move by 10-20% between runs.", "",
        *parts, END, ""])
    print(text)
    if not args.no_write:
        SECTION.write(args.out, text)


if __name__ == "__main__":
    main()
