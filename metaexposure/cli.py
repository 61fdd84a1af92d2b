"""The ``metaexposure`` command: charts (and more) for people who would rather not open Jupyter."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .chartset import SIZES, THEMES
from .errors import ExportError, ReviewFileError

PROG = "metaexposure"


def _out_folder(given: str, exports: Sequence[str], first_file: str, hint: str = "") -> Path:
    """The folder to write into, refused when it lies inside an export (DESIGN.md section 2: the kit never writes
    into one). Checked before the load, which takes a while: a folder given on the command line, or one that
    looks like an export (an unpacked copy of a zip)."""
    from .review import export_folder_around

    out = Path(given).expanduser().resolve()
    inside = export_folder_around(out / first_file, exports)
    if inside is not None:
        raise ExportError(given, f"is inside the export {inside}; choose a folder outside it{hint}")
    return out


def _read_review(path: str | None, exports: Sequence[str]) -> Any:
    """The review store at ``path``, read only (no store made, no JSON review imported beside someone's review),
    or None; its notice, if any, said as one line on stderr rather than as a Python warning."""
    if not path:
        return None
    from .review import Review, ReviewNotice

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReviewNotice)
        review = Review.open(path, exports, read_only=True)
    if review.notice:
        print(f"{PROG}: note: {review.notice}", file=sys.stderr)
    return review


def charts(args: argparse.Namespace) -> int:
    """``metaexposure charts EXPORT... --out DIR``: the standard chart set and its index."""
    from .api import load
    from .publish import chart_set

    out = _out_folder(args.out, args.exports, "index.md")
    review = _read_review(args.review, args.exports)
    ex = load(*args.exports, review=review)
    titles = dict(args.title or [])
    written = chart_set(ex, out, redact=not args.no_redact, unknown=args.unknown, sizes=args.sizes,
                        themes=args.themes, titles=titles)
    state = "redacted" if not args.no_redact else "NOT redacted"
    variants = len(args.sizes) * len(args.themes)
    print(f"Wrote {len(written)} charts ({state}; {variants} sizes and themes each) from {len(ex.items):,} items "
          f"to {out / 'index.md'}; preview them all in {out / 'index.html'}")
    return 0


def plan(args: argparse.Namespace) -> int:
    """``metaexposure plan EXPORT... [--review F] [--out DIR]``: the plan as a table, and plan.md / plan.csv."""
    from .api import load
    from .plan import plan as make_plan
    from .plan_output import plan_text, write_plan

    if args.out is None:  # like the notebooks: $METAEXPOSURE_WORK or work/, which git ignores, never the export
        from .nbhelpers import work_dir

        try:
            args.out = str(work_dir(None, args.exports, subfolder="plan"))
        except ValueError as error:
            raise ExportError(args.exports[0], f"{error}; choose a folder with --out") from error
    out = _out_folder(args.out, args.exports, "plan.md", " with --out")
    # Read-only, as for charts: a plan reads flags, labels and steps marked done, and changes nothing.
    review = _read_review(args.review, args.exports)
    ex = load(*args.exports, review=review)
    frame = make_plan(ex, review)
    print(plan_text(frame))
    written = write_plan(ex, review, out, frame=frame)
    print(f"\nWrote {written[1]} and {written[0].name} ({len(frame)} steps).")
    return 0


def batch(args: argparse.Namespace) -> int:
    """``metaexposure batch EXPORT_OR_GLOB... --out DIR [--address URL]``: a Parquet summary per export, on Dask."""
    from .batches import BatchNeedsDask
    from .batches import batch as run_batch

    try:
        table = run_batch(args.exports, args.out, args.address, workers=args.workers)
    except BatchNeedsDask as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    ok = int((table["status"] == "ok").sum())
    print(f"Summarised {ok} of {len(table)} exports into {Path(args.out).expanduser() / 'summary.parquet'}"
          + (f"; {len(table) - ok} could not be (see exports.parquet)" if ok < len(table) else ""))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: one subcommand per task."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="What of your Facebook and Instagram life is public: from your own export, "
                               "on your own machine.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chart = commands.add_parser(
        "charts", help="write blog-ready charts (SVG, 2x PNG, alt text, CSV) and an index.md",
        description="Write the standard chart set of an export, redacted unless --no-redact.")
    chart.add_argument("exports", nargs="+", metavar="EXPORT",
                       help="the export's zip(s) and/or folder(s); Facebook and Instagram may be given together")
    chart.add_argument("--out", required=True, metavar="DIR", help="folder to write the charts into")
    chart.add_argument("--no-redact", action="store_true",
                       help="keep album names and exact coordinates (default: redacted)")
    chart.add_argument("--review", metavar="FILE", default=None,
                       help="review store with your audience labels (metaexposure-review.sqlite; read only, "
                            "never written; an older metaexposure-review.json is read too)")
    chart.add_argument("--unknown", choices=("separate", "public", "exclude"), default="separate",
                       help="how to count items whose audience the export does not say (default: separate)")
    chart.add_argument("--sizes", nargs="+", choices=SIZES, default=list(SIZES), metavar="SIZE",
                       help="article (800 px wide), card (1200x630 social card), narrow (400 px phone column); "
                            "default: all three")
    chart.add_argument("--themes", nargs="+", choices=THEMES, default=list(THEMES), metavar="THEME",
                       help="light and/or dark (default: both)")
    chart.add_argument("--title", nargs=2, action="append", metavar=("CHART", "HEADLINE"),
                       help="your own headline for a chart instead of the computed one, e.g. "
                            "--title albums \"Most of my albums were public\" (may repeat)")
    chart.set_defaults(run=charts)
    steps = commands.add_parser(
        "plan", help="print the plan (what to switch, change and delete in Meta's screens) and write plan.md/.csv",
        description="Rank every step you can take in Meta's screens by what it makes non-public, print it as a "
                    "table, and write plan.md and plan.csv.")
    steps.add_argument("exports", nargs="+", metavar="EXPORT",
                       help="the export's zip(s) and/or folder(s); Facebook and Instagram may be given together")
    steps.add_argument("--review", metavar="FILE", default=None,
                       help="review store with your labels, flags and steps marked done "
                            "(metaexposure-review.sqlite; read only, never written)")
    steps.add_argument("--out", metavar="DIR", default=None,
                       help="folder to write plan.md and plan.csv into (default: plan/ in $METAEXPOSURE_WORK, "
                            "else in work/ here)")
    steps.set_defaults(run=plan)
    many = commands.add_parser(
        "batch", help="summarise many exports (research): counts per export as Parquet, on Dask",
        description="Load each export in a Dask task and write one Parquet table of counts per export (platform, "
                    "kind, audience, basis, where, year, ai_exposed; never captions, names, places or "
                    "coordinates), summary.parquet with all of them and exports.parquet saying which failed and "
                    "why. Exports are named by a salted hash of their wrapper name; the salt is kept in the "
                    "output folder. Runs on this machine (Dask's process scheduler, no network) unless "
                    "--address is given. Needs: pip install 'metaexposure[batch]'.")
    many.add_argument("exports", nargs="+", metavar="EXPORT",
                      help="exports (zips or folders), or glob patterns such as 'donations/*.zip' (quoted)")
    many.add_argument("--out", required=True, metavar="DIR", help="folder for the Parquet files and the salt")
    many.add_argument("--address", metavar="URL", default=None,
                      help="run on an existing dask.distributed cluster at this address (e.g. tcp://host:8786): "
                           "this SENDS THE WORK OFF THIS MACHINE (the exports' paths, read by the cluster's "
                           "workers, and the counts); default: this machine only")
    many.add_argument("--workers", type=int, default=None, metavar="N",
                      help="worker processes on this machine (default: one per core; 1: no extra process)")
    many.set_defaults(run=batch)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (2 for an unusable export or review file)."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (ExportError, ReviewFileError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
