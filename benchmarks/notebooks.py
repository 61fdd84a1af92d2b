"""Every curated notebook on the 1M-item export, one after the other as a person runs them (DESIGN section 11:
each under 60 s). Writes its own section of RESULTS.md (``benchmarks.run`` keeps it).

    .venv/bin/python -m benchmarks.notebooks            # about 3 minutes on 2 cores, plus writing the export once

Each notebook runs in a fresh kernel (``jupyter nbconvert --execute``) with $METAEXPOSURE_EXPORT set to the
export and one work folder shared by all of them, under the same no-network guard as ``make lab``; the time
is the wall time of the whole run, kernel start included.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.run import dataset, machine
from benchmarks.sections import Section

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECTION = Section("notebooks-1m")
START, END = SECTION.start, SECTION.end
LIMIT = 60.0


def run_all(paths: list[str], work: Path) -> list[tuple[str, float, int]]:
    """(notebook, seconds, exit code) for each curated notebook, in order."""
    env = {**os.environ, "METAEXPOSURE_EXPORT": os.pathsep.join(paths), "METAEXPOSURE_WORK": str(work),
           "METAEXPOSURE_NO_NETWORK": "1", "PYTHONPATH": str(ROOT / "metaexposure" / "_site")}
    jupyter = Path(sys.executable).with_name("jupyter")
    out = []
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        started = time.perf_counter()
        done = subprocess.run([str(jupyter), "nbconvert", "--to", "notebook", "--execute",
                               "--ExecutePreprocessor.timeout=900", str(notebook), "--output-dir", str(work / "run")],
                              env=env, capture_output=True, text=True, cwd=ROOT / "notebooks")
        out.append((notebook.stem, time.perf_counter() - started, done.returncode))
        print(f"{notebook.stem}: {out[-1][1]:.1f} s (exit {done.returncode})", file=sys.stderr, flush=True)
    return out


def section(runs: list[tuple[str, float, int]], load: tuple[tuple[float, ...], tuple[float, ...]]) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    box = machine()
    where = f"{box['cpu']}, {box['cores']} cores, {box['ram']}, Python {box['python']}, pandas {box['pandas']}"
    lines = [START, "## Curated notebooks on the 1M-item export (issue 19)", "",
             f"Written by `python -m benchmarks.notebooks` on {stamp} ({where}). Load average at start "
             f"{' / '.join(f'{v:.2f}' for v in load[0])}, at end {' / '.join(f'{v:.2f}' for v in load[1])}. "
             "900k media + 100k posts (folders); the notebooks run in order sharing one work folder, each in a "
             "fresh kernel; wall time including the kernel's start.", "",
             "| notebook | seconds | under 60 s |", "|---|---|---|"]
    lines += [f"| {name} | {seconds:.1f} | {'yes' if code == 0 and seconds < LIMIT else '**no**'}"
              f"{'' if code == 0 else f' (failed, exit {code})'} |" for name, seconds, code in runs]
    return "\n".join([*lines, "", END, ""])






def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true", help="print the section, leave RESULTS.md alone")
    args = parser.parse_args(argv)
    paths = dataset(args.data, "1m-folder", media=900_000, posts=100_000, platforms=("facebook", "instagram"))
    before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="metaexposure-notebooks-") as work:
        runs = run_all(paths, Path(work))
    text = section(runs, (before, os.getloadavg()))
    print(text)
    if not args.no_write:
        SECTION.write(args.out, text)


if __name__ == "__main__":
    main()
